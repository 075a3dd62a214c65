from django.db import migrations, models


def mark_unanswered(apps, schema_editor):
    """Set the new column from the flags scoring already stored (read in Python: a JSON
    'contains' lookup is not available on SQLite)."""
    Assessment = apps.get_model("assessments", "Assessment")
    rows = Assessment.objects.filter(instrument__in=["phq9", "phqa", "epds"]).only("flags")
    ids = [a.pk for a in rows.iterator() if "risk_unanswered" in (a.flags or [])]
    Assessment.objects.filter(pk__in=ids).update(risk_unanswered=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_client"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="risk_unanswered",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text=(
                    "A safety question (PHQ-9/PHQ-A item 9, EPDS item 10...) was left unanswered."
                ),
            ),
        ),
        migrations.RunPython(mark_unanswered, migrations.RunPython.noop),
    ]
