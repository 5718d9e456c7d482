"""The record over time: what changed from one briefing to the next, who says who controls each
place now, and the editors' latest bottom line on each topic.

Everything here is computed from the linked data (claims, control claims, figures, assessments
and their `updates` links), never written by hand, so a new briefing updates every page that
shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import model
from .index import Index, ThreadItem, subjects_of
from .link import Site
from .validate import BriefingBundle


@dataclass(frozen=True)
class StatusChange:
    claim: model.Claim
    earlier: model.Claim
    earlier_briefing: BriefingBundle


@dataclass(frozen=True)
class FigureChange:
    figure: model.Figure
    earlier: model.Figure | None
    earlier_briefing: BriefingBundle | None


@dataclass(frozen=True)
class ControlChange:
    control: model.ControlClaim
    earlier: model.ControlClaim | None  # the same claimant's earlier word on the same place and part
    earlier_briefing: BriefingBundle | None


@dataclass(frozen=True)
class PositionChange:
    position: model.Position
    earlier: model.Position | None  # the same actor's previous stated position on the same thing
    earlier_briefing: BriefingBundle | None


@dataclass(frozen=True)
class EventChange:
    """A meeting or deadline announced or set, or what became of one announced earlier."""

    event: model.Event
    earlier: model.Event | None
    earlier_briefing: BriefingBundle | None


@dataclass(frozen=True)
class AssessmentChange:
    assessment: model.Assessment
    earlier: model.Assessment | None  # the editors' previous assessment on the same topic
    earlier_briefing: BriefingBundle | None


@dataclass
class ThreadChanges:
    """What a briefing changes on one thread (a topic, a place, a diplomacy issue or a document),
    against the previous briefing on the same thread."""

    subject: Any
    previous: BriefingBundle | None
    new_claims: list[model.Claim] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    control_changes: list[ControlChange] = field(default_factory=list)
    figure_changes: list[FigureChange] = field(default_factory=list)
    assessments: list[AssessmentChange] = field(default_factory=list)
    positions: list[PositionChange] = field(default_factory=list)
    versions: list[model.Version] = field(default_factory=list)
    events: list[EventChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new_claims or self.status_changes or self.control_changes or self.figure_changes
                    or self.assessments or self.positions or self.versions or self.events)


@dataclass
class Changes:
    """What a briefing changes, thread by thread, and the actors it mentions first."""

    threads: list[ThreadChanges] = field(default_factory=list)
    new_actors: list[Any] = field(default_factory=list)  # people and organisations first mentioned here

    @property
    def empty(self) -> bool:
        return not (self.new_actors or any(not thread.empty for thread in self.threads))


def neighbours(site: Site, bundle: BriefingBundle) -> tuple[BriefingBundle | None, BriefingBundle | None]:
    """(older, newer) briefing by as-of date, on any subject; site.briefings is newest first."""
    index = site.briefings.index(bundle)
    newer = site.briefings[index - 1] if index > 0 else None
    older = site.briefings[index + 1] if index + 1 < len(site.briefings) else None
    return older, newer


def previous_on(index: Index, bundle: BriefingBundle, subject: str) -> BriefingBundle | None:
    """The briefing before `bundle` (in the site's order) with items on the same thread."""
    on_thread = index.on_subject.get(subject, [])
    at = index.on_subject_at.get(subject, {}).get(id(bundle))
    if at is None:
        return None
    return on_thread[at + 1] if at + 1 < len(on_thread) else None


def _subject(site: Site, key: str) -> Any:
    kind, ident = key.split(":", 1)
    tables: dict[str, dict[str, Any]] = {"topic": site.topics, "place": site.places, "issue": site.issues,
                                         "document": site.documents}
    table = tables[kind]
    return table.get(ident)


def changes(site: Site, index: Index, bundle: BriefingBundle) -> Changes:
    """What `bundle` changes, on each thread it is on: claims and figures it updates, control claims
    that differ from the same claimant's earlier word, the editors' assessments that differ from
    their previous one on the topic, positions new or changed, document versions, meetings and
    deadlines; and the actors no earlier briefing mentions."""
    threads: dict[str, ThreadChanges] = {}
    own = bundle.briefing.id

    def thread(obj: Any) -> ThreadChanges | None:
        item = index.owner.get(id(obj))
        keys = subjects_of(site, item) if item is not None else []
        key = next((k for k in keys if _subject(site, k) is not None), None)
        if key is None:
            return None
        if key not in threads:
            threads[key] = ThreadChanges(_subject(site, key), previous_on(index, bundle, key))
        return threads[key]

    for claim in bundle.situation.claims:
        earlier = site.updates.get(f"{own}/{claim.id}")
        found = thread(claim)
        if found is None:
            continue
        if earlier is None:
            found.new_claims.append(claim)
        elif earlier[1].status != claim.status:
            found.status_changes.append(StatusChange(claim, earlier[1], earlier[0]))
    for control in bundle.situation.control:
        before = _earlier_control(index, bundle, control)
        found = thread(control)
        if found is not None and (before is None or (before[1].status, before[1].part) != (control.status,
                                                                                             control.part)):
            found.control_changes.append(ControlChange(control, before[1] if before else None,
                                                       before[0] if before else None))
    for figure in bundle.situation.figures:
        earlier = site.updates.get(f"{own}/{figure.id}")
        found = thread(figure)
        if found is not None and earlier is not None and _figure_differs(earlier[1], figure):
            found.figure_changes.append(FigureChange(figure, earlier[1], earlier[0]))
    for assessment in bundle.situation.assessments:
        assessed = _earlier_assessment(index, bundle, assessment)
        found = thread(assessment)
        if found is not None and (assessed is None or _assessment_differs(assessed[1], assessment)):
            found.assessments.append(AssessmentChange(assessment, assessed[1] if assessed else None,
                                                      assessed[0] if assessed else None))
    for position in bundle.positions:
        earlier = site.updates.get(f"{own}/{position.id}") or _earlier_position(index, bundle, position)
        found = thread(position)
        if found is not None and (earlier is None or earlier[1].stance != position.stance):
            found.positions.append(PositionChange(position, earlier[1] if earlier else None,
                                                  earlier[0] if earlier else None))
    for version in bundle.versions:
        found = thread(version)
        if found is not None:
            found.versions.append(version)
    for event in bundle.situation.events:
        earlier = site.updates.get(f"{own}/{event.id}")
        found = thread(event)
        if found is not None and (event.kind is not model.EventKind.event or event.status is not model.EventStatus.held
                                  or earlier is not None):
            found.events.append(EventChange(event, earlier[1] if earlier else None,
                                            earlier[0] if earlier else None))
    actors = {**site.people, **site.organisations} if neighbours(site, bundle)[0] is not None else {}
    # (in the site's first briefing every actor is new: nothing to say)
    new_actors: list[Any] = sorted((actors[i] for i, first in index.first_mentions.items()
                                    if first == own and i in actors), key=lambda a: a.name.casefold())
    # A thread's first briefing has nothing to compare with: everything in it is new.
    return Changes([t for t in threads.values() if t.previous is not None and not t.empty], new_actors)


def _earlier_assessment(index: Index, bundle: BriefingBundle,
                        assessment: model.Assessment) -> tuple[BriefingBundle, model.Assessment] | None:
    """The editors' newest assessment on the same topic in an earlier briefing."""
    for item in index.threads.get(assessment.topic, []):  # newest briefing first
        if item.kind == "assessment" and _before(item.briefing, bundle):
            return item.briefing, item.item
    return None


def _assessment_differs(a: model.Assessment, b: model.Assessment) -> bool:
    def control(c: model.ControlPart | None) -> tuple[Any, ...] | None:
        return (c.place, c.part, c.status) if c else None
    return a.confidence != b.confidence or control(a.control) != control(b.control)


def _earlier_position(index: Index, bundle: BriefingBundle,
                      position: model.Position) -> tuple[BriefingBundle, model.Position] | None:
    """The same actor's newest stated position on the same thing in an earlier briefing."""
    same = (position.actor, position.issue, position.document, position.term)
    found = [(other, p) for other, p in index.stated.get(same, []) if _before(other, bundle)]
    return max(found, key=lambda pair: (pair[1].date.sort_key, pair[0].briefing.as_of), default=None)


def _before(other: BriefingBundle, bundle: BriefingBundle) -> bool:
    return (other.briefing.as_of, other.briefing.id) < (bundle.briefing.as_of, bundle.briefing.id)


def _figure_differs(a: model.Figure, b: model.Figure) -> bool:
    return (a.value, a.upper, a.unit, a.qualifier) != (b.value, b.upper, b.unit, b.qualifier)


def _earlier_control(index: Index, bundle: BriefingBundle,
                     control: model.ControlClaim) -> tuple[BriefingBundle, model.ControlClaim] | None:
    """The same claimant's latest earlier word on the same place: on the same part if it spoke of
    that part before, else on any part (Russia's 'half of the city', then 'the city')."""
    earlier = [(other, before) for other, before in index.control_claims.get(control.place, [])  # newest first
               if other.briefing.as_of < bundle.briefing.as_of and before.claimant == control.claimant]
    same_part = [(other, before) for other, before in earlier if before.part == control.part]
    candidates = same_part or earlier
    return candidates[0] if candidates else None


@dataclass(frozen=True)
class PlaceControl:
    """Where a place stands now: each claimant's latest word per part, and the editors' latest assessment."""

    place: model.Place
    claims: list[tuple[BriefingBundle, model.ControlClaim]]
    assessment: tuple[BriefingBundle, model.Assessment] | None


def current_control(site: Site, index: Index) -> list[PlaceControl]:
    """Every place with control data: what each claimant said in its newest briefing on the place
    (one claim, or one per part), newest first; an older word on a part is superseded by it."""
    result = []
    # The most followed places first (a city with a dozen claims before a village with one).
    for place_id, claims in sorted(index.control_claims.items(), key=lambda item: (-len(item[1]), item[0])):
        newest: dict[str, str] = {}  # claimant → the briefing of their newest word on the place
        for bundle, control in claims:  # newest first
            newest.setdefault(control.claimant, bundle.briefing.id)
        latest = [(bundle, control) for bundle, control in claims if newest[control.claimant] == bundle.briefing.id]
        assessments = index.control_assessments.get(place_id, [])
        result.append(PlaceControl(site.places[place_id], latest,
                                   assessments[0] if assessments else None))
    return result


def latest_assessments(site: Site, index: Index) -> list[tuple[model.Topic, ThreadItem]]:
    """The newest assessment of every topic that has one, topics by name."""
    result = []
    for topic_id, items in index.threads.items():
        assessment = next((item for item in items if item.kind == "assessment"), None)
        if assessment is not None:
            result.append((site.topics[topic_id], assessment))
    return sorted(result, key=lambda pair: (pair[0].name.casefold(), pair[0].id))


def thread_by_briefing(items: list[ThreadItem]) -> list[tuple[BriefingBundle, list[ThreadItem]]]:
    """A topic's items grouped by briefing, newest briefing first; within one, assessments first."""
    order = {"assessment": 0, "control": 1, "claim": 2, "figure": 3, "event": 4}
    grouped: dict[str, tuple[BriefingBundle, list[ThreadItem]]] = {}
    for item in items:
        grouped.setdefault(item.briefing.briefing.id, (item.briefing, []))[1].append(item)
    return [(bundle, sorted(group, key=lambda i: order[i.kind]))
            for bundle, group in sorted(grouped.values(), key=lambda g: (g[0].briefing.as_of, g[0].briefing.id),
                                        reverse=True)]
