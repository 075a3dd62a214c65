"""The hash chain over the audit trail (confide/audit/chain.py), append-only like the trail."""

import django.utils.timezone
from django.db import migrations, models

from confide.audit.guard import LINKS, guard, lift


def guard_links(apps, schema_editor):
    for sql in guard(schema_editor.connection.vendor, LINKS):
        schema_editor.execute(sql)


def lift_links(apps, schema_editor):
    for sql in lift(schema_editor.connection.vendor, LINKS):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_notify_and_doors'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditLink',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False)),
                ('event_id', models.BigIntegerField(unique=True)),
                ('digest', models.CharField(max_length=64)),
                ('chained_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['seq'],
            },
        ),
        migrations.RunPython(guard_links, lift_links),
    ]
