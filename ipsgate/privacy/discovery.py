"""Find every kind of record held about a participant, from Django's model metadata (`_meta`).

Starting at `people.Participant`, the walk follows reverse foreign keys and one-to-ones (a referral, a job), then
the same from each model found (an application's status changes, a job's sustainment checks, a need's updates),
and reverse many-to-manys (an employer contact that discussed the person). A model added later with a foreign key
to any of these is found without changing this module, so the subject-access export and the retention policy
cover it automatically.

Rows reached through a many-to-many are *shared*: they may be about other people too (an employer contact that
discussed several people), so the walk does not go further from them, and retention leaves them in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q

from ipsgate.people.models import Participant


@dataclass(frozen=True)
class RelatedModel:
    """A kind of record linked to a participant, and the lookups from it to the participant's id."""

    model: type[models.Model]
    lookups: tuple[str, ...]
    shared: bool

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def rows_for(self, participant_id: int) -> models.QuerySet[Any]:
        """This kind's rows about the participant, each once, with the objects they name fetched in the same query."""
        condition = reduce(or_, (Q(**{lookup: participant_id}) for lookup in self.lookups))
        manager = self.model._default_manager
        matching = manager.filter(condition)
        if len(self.lookups) > 1:  # several paths could match a row more than once: select by id instead
            matching = manager.filter(pk__in=matching.values("pk"))
        related = select_related_paths(self.model)
        return matching.select_related(*related).order_by("pk") if related else matching.order_by("pk")


def _add(found: dict[type[models.Model], RelatedModel], model: type[models.Model], lookup: str, shared: bool) -> None:
    known = found.get(model)
    if known is None:
        found[model] = RelatedModel(model, (lookup,), shared)
    elif lookup not in known.lookups:
        # A row reached through the person's own records is theirs, even if another path is a shared one.
        found[model] = RelatedModel(model, (*known.lookups, lookup), known.shared and shared)


def _walk(
    found: dict[type[models.Model], RelatedModel],
    model: type[models.Model],
    prefix: str,
    on_path: frozenset[type[models.Model]],
) -> None:
    for field in model._meta.get_fields():
        if not field.auto_created or field.concrete:
            continue  # only reverse relations: the models that point at this one
        related = field.related_model
        if not isinstance(related, type) or related in on_path or not isinstance(field, models.ForeignObjectRel):
            continue
        remote_name = field.field.name
        lookup = f"{remote_name}__{prefix}" if prefix else remote_name
        if field.many_to_many:
            _add(found, related, lookup, shared=True)
        elif field.one_to_many or field.one_to_one:
            _add(found, related, lookup, shared=False)
            _walk(found, related, lookup, on_path | {related})
    if model is Participant:
        # Many-to-manys declared on Participant itself (none today) are shared records too.
        for m2m in model._meta.many_to_many:
            target = m2m.related_model
            if isinstance(target, type) and issubclass(target, models.Model):
                _add(found, target, m2m.related_query_name(), shared=True)


@cache
def related_models() -> tuple[RelatedModel, ...]:
    """Every kind of record reachable from a participant, in app and model order."""
    found: dict[type[models.Model], RelatedModel] = {}
    _walk(found, Participant, "", frozenset({Participant}))
    return tuple(sorted(found.values(), key=lambda r: r.label))


def select_related_paths(model: type[models.Model]) -> list[str]:
    """Forward foreign keys two levels deep, so naming the objects a row points at needs no further query."""
    paths: list[str] = []
    for field in model._meta.concrete_fields:
        if field.many_to_one or field.one_to_one:
            paths.append(field.name)
            target = field.related_model
            if isinstance(target, type) and issubclass(target, models.Model):
                paths.extend(
                    f"{field.name}__{inner.name}"
                    for inner in target._meta.concrete_fields
                    if inner.many_to_one or inner.one_to_one
                )
    return paths
