"""Bulk writes for the synthetic data: rows as tuples straight into the database, no model instances.

Building a model instance per row is most of bulk_create's cost at national scale (two million support contacts,
200,000 vacancies). PostgreSQL takes the rows with COPY, SQLite with `executemany` in large batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from ipsgate.core.fields import ProtectedCharField, ProtectedTextField


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Plain parameterised INSERTs for rows whose ids nothing needs afterwards. Building a model instance per
    row is most of bulk_create's cost at national scale (hundreds of thousands of contacts)."""
    if not rows:
        return
    by_name = {field.name: field for field in model._meta.concrete_fields}
    rows = _adapted(rows, [db_adapter(by_name[name]) for name in field_names])
    write_rows(model, field_names, rows)


def write_rows(model: type[models.Model], field_names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Write rows whose values are already as the database takes them (see `db_adapter`)."""
    if not rows:
        return
    by_name = {field.name: field for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(by_name[name].column) for name in field_names)
    placeholders = ", ".join(["%s"] * len(field_names))
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams rows in one round trip; executemany would pay one per row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from model metadata
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start : start + 50_000])


def _adapted(rows: Sequence[Sequence[Any]], adapters: list[Callable[[Any], Any] | None]) -> Sequence[Sequence[Any]]:
    """Rows with each value adapted by its column's adapter (None values and columns without one as they are)."""
    columns = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not None]
    if not columns:
        return rows
    adapted = []
    for row in rows:
        values = list(row)
        for index, adapt in columns:
            value = values[index]
            if value is not None:
                values[index] = adapt(value)
        adapted.append(values)
    return adapted


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`adapt`, computed once per distinct value: generated dates and times repeat a great deal."""
    cache: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = adapt(value)
            return result

    return remembered


def db_adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """The same adaptation the ORM applies to dates, times and decimals for this database (None: as it is)."""
    if isinstance(field, ProtectedCharField | ProtectedTextField):
        return field.get_prep_value  # encrypted at rest like any other write
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _remembered(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _remembered(ops.adapt_datefield_value)
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    if isinstance(field, models.JSONField):
        return json.dumps
    return None


def insert_instances(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """`bulk_create` without its per-row cost, for unsaved instances whose ids later rows need: ids are given
    here, after the table's highest, and PostgreSQL's sequence is moved past them."""
    if not objs:
        return
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    next_id = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
    for offset, obj in enumerate(objs):
        obj.pk = next_id + offset
        for attname in stamped:
            setattr(obj, attname, now)
        obj._state.adding = False
        obj._state.db = connection.alias
    values = attrgetter(*[f.attname for f in fields])
    rows = _adapted([values(obj) for obj in objs], [db_adapter(f) for f in fields])
    write_rows(model, [f.name for f in fields], rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


@contextmanager
def bulk_load() -> Iterator[None]:
    """Settings for loading a throwaway synthetic dataset, then statistics for the planner.

    On SQLite, for the duration only: no fsync (`synchronous=OFF`; a crash mid-load loses the load, which is
    thrown away anyway) and a 1 GB page cache, so index pages stay in memory across two million inserts. Both are
    restored afterwards. Then ANALYZE on either database, since benchmarks query straight after (SQLite samples
    each index, which is enough for its planner and takes a moment)."""
    sqlite = connection.vendor == "sqlite"
    saved: list[tuple[str, Any]] = []
    if sqlite:
        # SQLite refuses to change the safety level inside a transaction (tests run in one): cache only, then.
        pragmas = (("cache_size", -1_048_576),) if connection.in_atomic_block else (
            ("synchronous", 0), ("cache_size", -1_048_576),
        )  # fmt: skip
        with connection.cursor() as cursor:
            for pragma, value in pragmas:
                cursor.execute(f"PRAGMA {pragma}")
                saved.append((pragma, cursor.fetchone()[0]))
                cursor.execute(f"PRAGMA {pragma} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for pragma, value in saved:
                cursor.execute(f"PRAGMA {pragma} = {int(value)}")
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
