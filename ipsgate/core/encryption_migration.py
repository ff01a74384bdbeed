"""Helpers for the migrations that turn plain columns into encrypted ones (and back, when unapplied).

Encrypted fields read old plain text as it is, so encrypting is: read every row, write it back through the field.
Going back writes the decrypted text with plain SQL, so the older plain field reads it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BATCH = 2000


def encrypt_existing(app_label: str, fields_by_model: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def forwards(apps: Any, schema_editor: Any) -> None:
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            batch = []
            for row in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
                batch.append(row)
                if len(batch) == BATCH:
                    model.objects.bulk_update(batch, fields)
                    batch = []
            if batch:
                model.objects.bulk_update(batch, fields)

    return forwards


def decrypt_existing(app_label: str, fields_by_model: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def backwards(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            columns = [model._meta.get_field(name).column for name in fields]
            assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
            sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608 - names come from model metadata, values are parameters
            with connection.cursor() as cursor:
                for row in model.objects.values_list("pk", *fields).iterator(chunk_size=BATCH):
                    pk, *values = row
                    cursor.execute(sql, [*values, pk])

    return backwards
