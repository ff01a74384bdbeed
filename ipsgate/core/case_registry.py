"""The case registry: how domain apps put their parts on the casework pages without casework knowing them.

The casework pages (the participant summary, its timeline, My caseload and the participant list) sit above the domain
apps and must not grow an import for every new area. Instead each domain app registers contributors here in its
`AppConfig.ready`, and casework asks the registry. `core` sits below every domain app, so registering is an import
that points down.

The kinds of contribution, each typed:

- `annotate(queryset)`: adds the SQL annotations its flags need to a participant list (one subquery each, so a list
  page costs the same whatever its length).
- `flags(view)`: the "needs attention" tags for one annotated participant on a list (no query).
- `columns`: a column of the participant lists (My caseload, the participant list), its cell worked out for one
  annotated participant (no query), shown to roles with the column's capability.
- `summary_facts(queryset)`: what the participant summary alone needs fetched with the participant (a related row
  joined, a subquery), so a section costs no query of its own.
- `links(view)`: links on the participant summary, in a group ("records" or "advice") and an order.
- `timeline(view)`: dated entries for the participant's timeline, in a fixed number of queries.
- `section(view)`: a block of the participant summary rendered from the app's own template, in a group: "details"
  (beside the personal details, near the top) or "main" (after the referrals and episodes).
- `section(view)`: a block of the participant summary rendered from the app's own template.
- `section(view)` in the `MENTOR_GROUP` group: a block of a peer mentor's view of their mentee (issue 17 §2), only for
  a section the person's data-protection record names for their mentor (`view.participant.mentor_consent`, a list
  of `privacy.choices.MentorSection` codes annotated by the mentor's selector); never on the casework pages.
- `banner(view)`: a notice at the top of the participant summary (a `CaseSection` rendered above everything else),
  for what must be seen before anything is done: the evaluation's service-as-usual group, a missing lawful basis.

A contributor gets a `CaseView` (the participant, the viewer and the day) and decides from the viewer's role what it
may show. Example, a new app adding its entries to the timeline (in its apps.py):

    def ready(self) -> None:
        from ipsgate.core.case_registry import TimelineEntry, case_registry

        def meetings(view):
            for meeting in Meeting.objects.filter(participant=view.participant)[:200]:
                yield TimelineEntry(meeting.at, "Mentor meeting", f"with {meeting.mentor}", "", "mentoring")

        case_registry.add_timeline("mentoring.meetings", meetings)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import User

MENTOR_GROUP = "mentor"  # sections of a peer mentor's view of a mentee, each shown only with the person's consent


@dataclass(frozen=True)
class CaseView:
    """What a contributor is given: the participant (a `people.Participant`, annotated by the casework selector),
    who is looking, and the day the page is for."""

    participant: Any
    viewer: User
    today: datetime.date


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on the participant timeline (MoJ timeline pattern)."""

    at: datetime.datetime | datetime.date
    title: str
    byline: str
    description: str
    kind: str

    @property
    def sort_key(self) -> datetime.datetime:
        """Local time; a dated entry (no time) sorts at the start of its day."""
        if isinstance(self.at, datetime.datetime):
            return timezone.localtime(self.at)
        return timezone.make_aware(datetime.datetime.combine(self.at, datetime.time.min))

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime.datetime)


@dataclass(frozen=True)
class CaseLink:
    """A link on the participant summary. `group`: "records" (the person's records) or "advice" (advice tools)."""

    label: str
    url: str
    group: str
    order: int
    detail: str = ""


@dataclass(frozen=True)
class CaseSection:
    """A block of the participant summary, rendered from `template` with `context` added to the page's own."""

    template: str
    order: int
    context: Mapping[str, Any] = field(default_factory=dict)
    group: str = "main"


@dataclass(frozen=True)
class AttentionFlag:
    """A "needs attention" tag on a participant list. `colour` is a GOV.UK tag colour (red, yellow, blue)."""

    label: str
    colour: str
    order: int


@dataclass(frozen=True)
class ListColumn:
    """A column of the participant lists. `cell(participant, today)` reads the participant's annotations (no query);
    `capability` names the capability (`core.capabilities`) a viewer needs to see the column ("" for anyone who
    sees the list)."""

    heading: str
    order: int
    cell: Callable[[Any, datetime.date], str]
    capability: str = ""


Annotator = Callable[[QuerySet[Any]], QuerySet[Any]]
FlagContributor = Callable[[CaseView], Iterable[AttentionFlag]]
ViewContributor = Callable[[CaseView], Iterable[Any]]


class CaseRegistry:
    """Contributors by name; registering a name twice replaces the first (so a reloaded app does not duplicate)."""

    def __init__(self) -> None:
        self._annotators: dict[str, Annotator] = {}
        self._flags: dict[str, FlagContributor] = {}
        self._links: dict[str, Callable[[CaseView], Iterable[CaseLink]]] = {}
        self._timeline: dict[str, Callable[[CaseView], Iterable[TimelineEntry]]] = {}
        self._sections: dict[str, Callable[[CaseView], Iterable[CaseSection]]] = {}
        self._columns: dict[str, ListColumn] = {}
        self._summary_facts: dict[str, Annotator] = {}
        self._banners: dict[str, Callable[[CaseView], Iterable[CaseSection]]] = {}

    def add_annotations(self, name: str, annotate: Annotator) -> None:
        self._annotators[name] = annotate

    def add_flags(self, name: str, flags: FlagContributor) -> None:
        self._flags[name] = flags

    def add_links(self, name: str, links: Callable[[CaseView], Iterable[CaseLink]]) -> None:
        self._links[name] = links

    def add_timeline(self, name: str, entries: Callable[[CaseView], Iterable[TimelineEntry]]) -> None:
        self._timeline[name] = entries

    def add_sections(self, name: str, sections: Callable[[CaseView], Iterable[CaseSection]]) -> None:
        self._sections[name] = sections

    def add_column(self, name: str, column: ListColumn) -> None:
        self._columns[name] = column

    def add_summary_facts(self, name: str, annotate: Annotator) -> None:
        self._summary_facts[name] = annotate

    def columns(self, can: Any) -> list[ListColumn]:
        """The list columns a viewer with these capabilities (`core.capabilities.Capabilities`) may see, in order."""
        shown = [c for c in self._columns.values() if not c.capability or getattr(can, c.capability, False)]
        return sorted(shown, key=lambda column: column.order)

    def annotate_summary(self, participants: QuerySet[Any]) -> QuerySet[Any]:
        for annotate in self._summary_facts.values():
            participants = annotate(participants)
        return participants

    def add_banners(self, name: str, banners: Callable[[CaseView], Iterable[CaseSection]]) -> None:
        self._banners[name] = banners

    def annotate(self, participants: QuerySet[Any]) -> QuerySet[Any]:
        for annotate in self._annotators.values():
            participants = annotate(participants)
        return participants

    def flags(self, view: CaseView) -> list[AttentionFlag]:
        found = [flag for contributor in self._flags.values() for flag in contributor(view)]
        return sorted(found, key=lambda flag: flag.order)

    def links(self, view: CaseView, group: str) -> list[CaseLink]:
        found = [link for contributor in self._links.values() for link in contributor(view) if link.group == group]
        return sorted(found, key=lambda link: link.order)

    def timeline(self, view: CaseView) -> list[TimelineEntry]:
        entries = [entry for contributor in self._timeline.values() for entry in contributor(view)]
        return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)

    def sections(self, view: CaseView, group: str = "main") -> list[CaseSection]:
        found = [
            section
            for contributor in self._sections.values()
            for section in contributor(view)
            if section.group == group
        ]
        return sorted(found, key=lambda section: section.order)

    def banners(self, view: CaseView) -> list[CaseSection]:
        found = [banner for contributor in self._banners.values() for banner in contributor(view)]
        return sorted(found, key=lambda banner: banner.order)

    @property
    def names(self) -> dict[str, list[str]]:
        """What is registered, by kind (for tests and for a developer wondering where a timeline entry comes from)."""
        return {
            "annotations": list(self._annotators),
            "flags": list(self._flags),
            "links": list(self._links),
            "timeline": list(self._timeline),
            "sections": list(self._sections),
            "columns": list(self._columns),
            "summary_facts": list(self._summary_facts),
            "banners": list(self._banners),
        }


case_registry = CaseRegistry()
