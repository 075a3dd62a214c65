"""The practice's first page text (home, ipt, who-we-help, approaches); the admin owns it after."""

from django.db import migrations


def load(apps, schema_editor):
    from confide.pages.content import load_pages

    load_pages(apps.get_model("pages", "Page"))


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
