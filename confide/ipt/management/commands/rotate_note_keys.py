from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from confide.ipt.crypto import PREFIX, encrypted_fields, rotate


def _column(model: Any, name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a column.")
    return str(field.column)


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored clinical text under the first key in CONFIDE_NOTE_KEYS. Run "
        "after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args: object, **options: object) -> None:
        total = 0
        for model, names in encrypted_fields():
            table = model._meta.db_table
            qn = connection.ops.quote_name
            columns = ", ".join(qn(_column(model, n)) for n in names)
            pk = qn(model._meta.pk.column)
            # Raw SQL on purpose: the ciphertext is rotated without ever being decrypted to
            # Python strings held by model instances (and no save() side effects run).
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {columns} FROM {qn(table)}")  # noqa: S608
                rows = cursor.fetchall()
                for row in rows:
                    values = [
                        rotate(v) if isinstance(v, str) and v.startswith(PREFIX) else v
                        for v in row[1:]
                    ]
                    sets = ", ".join(f"{qn(_column(model, n))} = %s" for n in names)
                    cursor.execute(
                        f"UPDATE {qn(table)} SET {sets} WHERE {pk} = %s",  # noqa: S608
                        [*values, row[0]],
                    )
                total += len(rows)
        # The files shared in messages are encrypted with the same keys.
        from confide.messaging.files import rotate_all

        stored = rotate_all()
        self.stdout.write(
            self.style.SUCCESS(f"Re-encrypted {total} record(s) and {stored} stored file(s).")
        )
