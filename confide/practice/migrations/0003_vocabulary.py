from django.db import migrations


def load(apps, schema_editor):
    from confide.practice import vocabulary

    tables = [
        ("Population", vocabulary.POPULATIONS),
        ("ProblemArea", vocabulary.PROBLEM_AREAS),
        ("Modality", vocabulary.MODALITIES),
        ("Language", vocabulary.LANGUAGES),
    ]
    for model_name, rows in tables:
        model = apps.get_model("practice", model_name)
        for order, row in enumerate(rows):
            slug, label, *rest = row
            model.objects.update_or_create(
                slug=slug,
                defaults={"label": label, "description": rest[0] if rest else "", "display_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_people")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
