from django.db import migrations


def load(apps, schema_editor):
    from confide.practice.seed import load_vocabulary

    load_vocabulary(lambda name: apps.get_model("practice", name))


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_people")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
