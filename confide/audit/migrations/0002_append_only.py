"""Make the audit table append-only in the database itself, not only in Confide's code."""

from django.db import migrations

from confide.audit.guard import EVENTS, guard, lift


def forwards(apps, schema_editor):
    for sql in guard(schema_editor.connection.vendor, EVENTS):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in lift(schema_editor.connection.vendor, EVENTS):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
