"""What the papers app puts on the casework pages (registered in `PapersConfig.ready`): a link to the person's own
papers, a card on the summary with the latest plan, CV and letter (from the summary's own query: no query of its
own) and a timeline entry per issued version (one query, none for someone with no papers). Only for roles that
issue papers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseLink, CaseSection, CaseView, TimelineEntry, case_registry

from .models import PaperKind, PaperVersion

TIMELINE_LIMIT = 200


def _latest(kind: str) -> Subquery:
    return Subquery(
        PaperVersion.objects.filter(participant=OuterRef("pk"), kind=kind).order_by("-issued_at").values("pk")[:1]
    )


def _latest_at(kind: str) -> Subquery:
    return Subquery(
        PaperVersion.objects.filter(participant=OuterRef("pk"), kind=kind)
        .order_by("-issued_at")
        .values("issued_at")[:1]
    )


def summary_facts(participants: QuerySet[Any]) -> QuerySet[Any]:
    facts: dict[str, Subquery] = {}
    for kind in PaperKind.values:
        facts[f"papers_{kind}_pk"] = _latest(kind)
        facts[f"papers_{kind}_at"] = _latest_at(kind)
    return participants.annotate(**facts)


def links(view: CaseView) -> Iterator[CaseLink]:
    if capabilities_for(view.viewer).issue_papers:
        yield CaseLink(
            "Their own papers", reverse("papers:index", args=[view.participant.pk]), "records", 40, ": plan, CV, letter"
        )


def sections(view: CaseView) -> Iterator[CaseSection]:
    if not capabilities_for(view.viewer).issue_papers:
        return
    participant = view.participant
    latest = []
    for kind, label in PaperKind.choices:
        pk = getattr(participant, f"papers_{kind}_pk", None)
        if pk is not None:
            url = reverse("papers:version", args=[participant.pk, pk])
            latest.append({"label": label, "at": getattr(participant, f"papers_{kind}_at"), "url": url})
    yield CaseSection("papers/_summary_card.html", order=60, context={"papers_latest": latest})


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """One query, and none for someone with no papers on the summary (its facts say so)."""
    if not capabilities_for(view.viewer).issue_papers:
        return
    participant = view.participant
    if hasattr(participant, "papers_plan_pk") and not any(
        getattr(participant, f"papers_{kind}_pk") for kind in PaperKind.values
    ):
        return
    versions = PaperVersion.objects.filter(participant=view.participant).select_related("issued_by")
    for version in versions[:TIMELINE_LIMIT]:
        yield TimelineEntry(
            version.issued_at,
            f"{version.get_kind_display()} issued",
            f"by {version.issued_by.get_full_name()}",
            f"In {version.get_language_display()}: {', '.join(version.headings)}.",
            "papers",
        )


def register() -> None:
    case_registry.add_summary_facts("papers.latest", summary_facts)
    case_registry.add_links("papers.papers", links)
    case_registry.add_sections("papers.latest", sections)
    case_registry.add_timeline("papers.issued", timeline)
