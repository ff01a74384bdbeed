"""Writing many records at once under the same rules as writing one (a bulk import writes thousands of rows through
the services the pages use). A service takes a batch; its one-record form is the batch of one, so there is one set
of rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, Model


class BatchItemInvalid(ValidationError):
    """A batch refused because of one of its items: `index` (from 0) says which, the first that writing a record at
    a time would have refused. The messages are the item's own, so someone writing one record sees exactly what they
    always saw."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error)
        self.index = index


def check_records(records: Sequence[Model], *, exclude: Iterable[str] = ()) -> None:
    """Each unsaved record's own checks (`Model.full_clean`). One record is checked fully, as saving it alone always
    was. In a batch of many, the checks that cost a query for every record (a foreign key exists, a value is
    unique, a check constraint holds) are left out: the caller checks uniqueness for the whole batch in one query,
    and the database enforces the constraints and keys on insert, where a failure rolls the whole batch back."""
    excluded = list(exclude)
    many = len(records) > 1
    for index, record in enumerate(records):
        try:
            if many:
                keys = [f.name for f in record._meta.concrete_fields if isinstance(f, ForeignKey)]
                record.full_clean(exclude=[*excluded, *keys], validate_unique=False, validate_constraints=False)
            else:
                record.full_clean(exclude=excluded or None)
        except ValidationError as error:
            raise BatchItemInvalid(index, error) from None
