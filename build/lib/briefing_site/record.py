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
from .index import Index, ThreadItem
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


@dataclass
class Changes:
    """What a briefing changes against the briefings before it."""

    previous: BriefingBundle | None
    new_claims: list[model.Claim] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    control_changes: list[ControlChange] = field(default_factory=list)
    figure_changes: list[FigureChange] = field(default_factory=list)
    new_actors: list[Any] = field(default_factory=list)  # people and organisations first mentioned here

    @property
    def empty(self) -> bool:
        return not (self.new_claims or self.status_changes or self.control_changes or self.figure_changes
                    or self.new_actors)


def neighbours(site: Site, bundle: BriefingBundle) -> tuple[BriefingBundle | None, BriefingBundle | None]:
    """(previous, next) briefing by as-of date; site.briefings is newest first."""
    index = site.briefings.index(bundle)
    newer = site.briefings[index - 1] if index > 0 else None
    older = site.briefings[index + 1] if index + 1 < len(site.briefings) else None
    return older, newer


def changes(site: Site, index: Index, bundle: BriefingBundle) -> Changes:
    """What `bundle` changes: claims and figures it updates, control claims that differ from the same
    claimant's earlier word, and actors no earlier briefing mentions."""
    previous, _ = neighbours(site, bundle)
    result = Changes(previous)
    own = bundle.briefing.id
    for claim in bundle.situation.claims:
        earlier = site.updates.get(f"{own}/{claim.id}")
        if earlier is None:
            result.new_claims.append(claim)
        elif earlier[1].status != claim.status:
            result.status_changes.append(StatusChange(claim, earlier[1], earlier[0]))
    for figure in bundle.situation.figures:
        earlier = site.updates.get(f"{own}/{figure.id}")
        if earlier is None:
            result.figure_changes.append(FigureChange(figure, None, None))
        elif _figure_differs(earlier[1], figure):
            result.figure_changes.append(FigureChange(figure, earlier[1], earlier[0]))
    for control in bundle.situation.control:
        before = _earlier_control(index, bundle, control)
        if before is None or (before[1].status, before[1].part) != (control.status, control.part):
            result.control_changes.append(ControlChange(control, before[1] if before else None,
                                                        before[0] if before else None))
    actors = {**site.people, **site.organisations}
    result.new_actors = sorted((actors[i] for i, first in index.first_mentions.items() if first == own and i in actors),
                               key=lambda a: a.name.casefold())
    return result


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
    order = {"assessment": 0, "control": 1, "claim": 2, "figure": 3}
    grouped: dict[str, tuple[BriefingBundle, list[ThreadItem]]] = {}
    for item in items:
        grouped.setdefault(item.briefing.briefing.id, (item.briefing, []))[1].append(item)
    return [(bundle, sorted(group, key=lambda i: order[i.kind]))
            for bundle, group in sorted(grouped.values(), key=lambda g: (g[0].briefing.as_of, g[0].briefing.id),
                                        reverse=True)]
