"""No double booking, guaranteed by PostgreSQL.

Three exclusion constraints: the same clinician, client or room can never hold two live
(not cancelled) appointments whose [start, end) ranges overlap; back-to-back is allowed by the
half-open range. They are plain SQL run only on PostgreSQL: a model-level ExclusionConstraint
would break SQLite, where booking.py serializes the check inside an IMMEDIATE transaction.
"""

from django.db import migrations

CONSTRAINTS = {
    "appointment_no_clinician_overlap": "clinician_id",
    "appointment_no_client_overlap": "client_id",
    "appointment_no_room_overlap": "room_id",
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS.items():
        condition = "status <> 'cancelled'"
        if column == "room_id":
            condition += " AND room_id IS NOT NULL"
        schema_editor.execute(
            f"ALTER TABLE scheduling_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(start, \"end\", '[)') WITH &&) WHERE ({condition})"
        )


def remove_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [migrations.RunPython(add_constraints, remove_constraints)]
