"""The starting texts of the practice's documents (content.py), each as its version 1; the
admin owns the text after, and each is marked for review with counsel."""

from django.db import migrations


def load(apps, schema_editor):
    from confide.paperwork.content import load_templates

    load_templates(
        apps.get_model("paperwork", "DocumentTemplate"),
        apps.get_model("paperwork", "TemplateVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("paperwork", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
