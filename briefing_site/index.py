"""Stage 4, index: the linked site's reverse lookups, built once into a frozen Index.

`link` has checked that every reference resolves; this stage files each item of each briefing
under what it refers to (walking the same table of item kinds, `items.KINDS`): which briefings
mention a person, a place or an organisation, where each source is cited, the timeline, each
topic's thread, who says who controls each place. Rendering reads the Index and never scans
the whole site per page, which made rendering quadratic in the number of briefings.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from . import items as kinds
from . import model
from .dates import ReportedDate
from .link import Site
from .validate import BriefingBundle


@dataclass(frozen=True)
class Mention:
    """One item of a briefing that refers to a registry entry."""

    item: kinds.Item
    kind: str  # the item's kind ("claim", "quote", …), or "cited" when it cites a source the entry published
    text: str
    # The item's briefing, an attribute rather than a property: read millions of times a build
    # (every entity's pages are sorted, grouped and laid out by it).
    briefing: BriefingBundle = dataclasses.field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "briefing", self.item.bundle)


@dataclass(frozen=True)
class TimelineEntry:
    item: kinds.Item  # as reported by the newest briefing that reports it
    date: ReportedDate
    text: str
    place: model.Place | None
    kind: str  # "event" or "background"
    folders: frozenset[str] = frozenset()  # every briefing that reports the same event (date, text, place)

    @property
    def briefing(self) -> BriefingBundle:
        return self.item.bundle


@dataclass(frozen=True)
class ThreadItem:
    """One item of a topic followed across briefings: a claim, figure, control claim or assessment."""

    entry: kinds.Item
    kind: str  # "claim", "figure", "control", "assessment"

    @property
    def briefing(self) -> BriefingBundle:
        return self.entry.bundle

    @property
    def item(self) -> Any:
        return self.entry.obj


@dataclass(frozen=True)
class Index:
    """Everything rendering looks up by key. Lists are newest briefing first."""

    mentions: dict[str, list[Mention]]  # entity id → the items that mention it
    source_uses: dict[str, list[Mention]]  # source id → the items that cite it
    timeline: list[TimelineEntry]  # events and background, newest first
    threads: dict[str, list[ThreadItem]]  # topic id → its items
    control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]]  # place id → claims, newest first
    control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]]
    sources_used: dict[str, list[str]]  # briefing id → ids of the sources it cites, sorted
    quotes_by: dict[str, list[tuple[BriefingBundle, model.Quote]]]  # speaker (or publisher) id → quotes
    published_by: dict[str, list[model.Source]]  # publisher id → sources, oldest first
    members_of: dict[str, list[model.Person]]  # organisation id → people, by name
    places_in: dict[str, list[model.Place]]  # region id → places, by name
    first_mentions: dict[str, str]  # entity id → the earliest briefing that mentions it (not as a publisher)
    mentioned_in: dict[str, list[str]]  # briefing folder → the entities it mentions (not as a publisher)
    owner: dict[int, kinds.Item]  # id() of an item object → the item (its briefing and key)


def build_index(site: Site) -> Index:
    entities: dict[str, Any] = {**site.places, **site.organisations, **site.people}
    mentions: dict[str, list[Mention]] = defaultdict(list)
    source_uses: dict[str, list[Mention]] = defaultdict(list)
    timeline: list[TimelineEntry] = []
    threads: dict[str, list[ThreadItem]] = defaultdict(list)
    control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]] = defaultdict(list)
    control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]] = defaultdict(list)
    owner: dict[int, kinds.Item] = {}
    for bundle in site.briefings:
        for item in kinds.items_of(bundle):
            owner[id(item.obj)] = item
            kind, obj = item.kind, item.obj
            text = kind.text(obj, site)
            referred: list[Any] = []
            for ref in kind.refs:
                if not ref.mentions:
                    continue
                for ident in dict.fromkeys(kinds.ids(item, ref)):
                    entity = entities.get(ident)
                    if entity is not None:
                        referred.append(entity)
                        mentions[entity.id].append(Mention(item, kind.name, text))
            for field in kind.sources:
                for ident in dict.fromkeys(kinds.source_ids(item, field)):
                    if ident in site.sources:
                        source_uses[ident].append(Mention(item, kind.name, text))
            if kind.on_timeline:
                place = next((e for e in referred if isinstance(e, model.Place)), None)
                timeline.append(TimelineEntry(item, obj.date, text, place, kind.name))
            if getattr(obj, "topic", None) in site.topics:
                threads[obj.topic].append(ThreadItem(item, kind.name))
            if kind is kinds.CONTROL and obj.place in site.places:
                control_claims[obj.place].append((bundle, obj))
            if kind is kinds.ASSESSMENT and obj.control is not None and obj.control.place in site.places:
                control_assessments[obj.control.place].append((bundle, obj))
    _mention_publishers(site, mentions, source_uses)
    timeline.sort(key=lambda e: (e.date.sort_key, e.briefing.briefing.as_of, *_place_in_page(e.item)),
                  reverse=True)
    timeline = _once_per_event(timeline)
    mentions_sorted = {k: sorted(v, key=_mention_order) for k, v in mentions.items()}
    return Index(
        mentions=mentions_sorted,
        source_uses={k: sorted(v, key=_mention_order) for k, v in source_uses.items()},
        timeline=timeline,
        threads=dict(threads),
        control_claims={k: sorted(v, key=_control_order, reverse=True) for k, v in control_claims.items()},
        control_assessments=dict(control_assessments),
        sources_used=_sources_used(source_uses),
        quotes_by=_quotes_by(site),
        published_by=_group(site.sources.values(), lambda s: s.publisher, lambda s: s.date.sort_key),
        members_of=_group(site.people.values(), lambda p: p.affiliation, lambda p: p.name),
        places_in=_group(site.places.values(), lambda p: p.region, lambda p: p.name),
        first_mentions=_first_mentioned(mentions_sorted),
        mentioned_in=_mentioned_in(mentions_sorted),
        owner=owner,
    )


def _once_per_event(timeline: list[TimelineEntry]) -> list[TimelineEntry]:
    """One entry per event: follow-up briefings repeat their background (the city's liberation in
    2022) and events still current, and a timeline must not list them once per briefing. The entry
    kept is the newest briefing's; it knows every briefing that reports the same date, text and place."""
    reported: dict[tuple[Any, ...], set[str]] = {}
    kept: list[TimelineEntry] = []
    for entry in timeline:  # newest briefing first within one date
        key = (entry.date.sort_key, entry.date.label(), str(entry.text), entry.place and entry.place.id, entry.kind)
        if key not in reported:
            reported[key] = set()
            kept.append(entry)
        reported[key].add(entry.briefing.folder)
    return [TimelineEntry(e.item, e.date, e.text, e.place, e.kind,
                          frozenset(reported[(e.date.sort_key, e.date.label(), str(e.text), e.place and e.place.id,
                                              e.kind)]))
            for e in kept]


def _mention_publishers(site: Site, mentions: dict[str, list[Mention]], source_uses: dict[str, list[Mention]]) -> None:
    """What cites a source refers to its publisher too (Reuters, Black Bird Group): their pages
    list it, unless the same item already mentions them directly."""
    for source_id, uses in source_uses.items():
        publisher = site.sources[source_id].publisher
        direct = {id(m.item.obj) for m in mentions.get(publisher, [])}
        for use in uses:
            if id(use.item.obj) not in direct:
                direct.add(id(use.item.obj))
                mentions[publisher].append(Mention(use.item, "cited", use.text))


def _sources_used(source_uses: dict[str, list[Mention]]) -> dict[str, list[str]]:
    used: dict[str, set[str]] = defaultdict(set)
    for sid, uses in source_uses.items():
        for use in uses:
            used[use.briefing.briefing.id].add(sid)
    return {briefing: sorted(ids) for briefing, ids in used.items()}


def _quotes_by(site: Site) -> dict[str, list[tuple[BriefingBundle, model.Quote]]]:
    """Quotes by speaker; a quote whose source names no speaker goes under the source's publisher."""
    quotes: dict[str, list[tuple[BriefingBundle, model.Quote]]] = defaultdict(list)
    for bundle in site.briefings:
        for quote in bundle.quotes:
            quotes[quote.speaker or site.sources[quote.source].publisher].append((bundle, quote))
    return dict(quotes)


def _group(values: Any, key: Any, order: Any) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for value in values:
        if key(value) is not None:
            groups[key(value)].append(value)
    return {k: sorted(v, key=order) for k, v in groups.items()}


def _mentioned_in(mentions: dict[str, list[Mention]]) -> dict[str, list[str]]:
    found: dict[str, dict[str, None]] = defaultdict(dict)
    for ident, listed in mentions.items():
        for mention in listed:
            if mention.kind != "cited":
                found[mention.briefing.folder][ident] = None
    return {folder: list(ids) for folder, ids in found.items()}


def _first_mentioned(mentions: dict[str, list[Mention]]) -> dict[str, str]:
    """Each entity → the id of the earliest briefing that mentions it as an actor (being the
    publisher of a cited source does not count)."""
    first: dict[str, tuple[Any, str]] = {}
    for ident, found in mentions.items():
        for mention in found:
            if mention.kind == "cited":
                continue
            head = mention.briefing.briefing
            key = (head.as_of, head.id)
            if ident not in first or key < first[ident][0]:
                first[ident] = (key, head.id)
    return {ident: briefing for ident, (_, briefing) in first.items()}


def _control_order(entry: tuple[BriefingBundle, model.ControlClaim]) -> tuple[Any, ...]:
    bundle, control = entry
    return (control.date.sort_key, bundle.briefing.as_of, control.id)


def _mention_order(m: Mention) -> tuple[Any, ...]:
    head = m.briefing.briefing
    return (-head.as_of.toordinal(), head.id, m.kind, *_place_in_page(m.item))


def _place_in_page(item: kinds.Item) -> tuple[str, str]:
    """(kind, key): orders items as their anchors would ("claim-x"); the briefing itself, which has
    no anchor, first."""
    return ("", "") if item.kind is kinds.HEAD else (item.kind.name, item.key)
