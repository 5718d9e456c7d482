"""Stage 4, index: the linked site's reverse lookups, built once into a frozen Index.

`link` has checked that every reference resolves; this stage files each item of each briefing
under what it refers to (walking the same table of item kinds, `items.KINDS`): which briefings
mention a person, a place or an organisation, where each source is cited, the timeline, each
topic's thread, who says who controls each place. Rendering reads the Index and never scans
the whole site per page, which made rendering quadratic in the number of briefings.

Each briefing is filed in a part of its own, and the parts are merged: the live preview keeps
the parts and the merged lists of the last index, and after an edit files only the edited
briefing again (see build_index).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import items as kinds
from . import model
from .dates import ReportedDate
from .i18n import N_
from .link import Site, registry_entries, same_entries
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
    refers_to: dict[str, list[str]]  # briefing folder → the entities whose pages list it (publishers too)
    owner: dict[int, kinds.Item]  # id() of an item object → the item (its briefing and key)
    # A thread ("topic:x", "place:y", "issue:z", "document:d", see subjects_of) → the briefings with
    # items on it, newest first: "what changed" compares a briefing with the previous one on the same thread.
    on_subject: dict[str, list[BriefingBundle]] = dataclasses.field(default_factory=dict)
    # The same, as each briefing's place in its thread's list (by id() of the bundle): where the
    # previous briefing on a thread is found without a scan (record.previous_on, once per thread per page).
    on_subject_at: dict[str, dict[int, int]] = dataclasses.field(default_factory=dict)
    # (actor, issue, document, term) → every position on it, newest briefing first: an actor's earlier
    # position on the same thing, for "what changed", without scanning every briefing of the thread.
    stated: dict[tuple[Any, ...], list[tuple[BriefingBundle, model.Position]]] = dataclasses.field(default_factory=dict)
    # Briefing id → (the later briefing, its item, the item of this briefing it updates).
    updated_by: dict[str, list[tuple[BriefingBundle, Any, Any]]] = dataclasses.field(default_factory=dict)
    # What each briefing added, for the next index of the same registry (the preview's, after an edit).
    parts: _Parts | None = dataclasses.field(default=None, compare=False, repr=False)


@dataclass(eq=False)
class _Part:
    """What one briefing adds to the index, each list in the order the index keeps (see build_index)."""

    bundle: BriefingBundle
    mentions: dict[str, list[Mention]]  # entity id → this briefing's mentions, in _mention_order
    source_uses: dict[str, list[Mention]]  # likewise
    # (sort key, what makes it the same event, entry), in the briefing's order
    timeline: list[tuple[tuple[Any, ...], tuple[Any, ...], TimelineEntry]]
    threads: dict[str, list[ThreadItem]]
    control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]]
    control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]]
    owner: dict[int, kinds.Item]
    mentioned: list[str]  # the entities it mentions (not as a publisher), in the order it does
    subjects: dict[str, list[BriefingBundle]]  # the threads it is on → [its bundle]


@dataclass(eq=False)
class _Parts:
    """Every briefing's part, and the registry they were filed against (its entries, by identity)."""

    registry: tuple[Any, ...]
    by_folder: dict[str, _Part]
    mentions: dict[str, list[Mention]]  # the merged lists, reused where no part changed them
    source_uses: dict[str, list[Mention]]
    threads: dict[str, list[ThreadItem]]
    rank: dict[str, int]  # briefing folder → its place in mention order
    first_mentions: dict[str, str]


def build_index(site: Site, previous: Index | None = None) -> Index:
    """The index of `site`. With the `previous` index of the same registry (the same entry
    objects, as the preview's file cache keeps them), the briefings whose bundle is the same
    object are not filed again, and the lists of entities and sources no changed briefing
    mentions are the previous lists: the preview re-indexes one edited briefing, not 1,000.
    The result is the same either way (tests/test_index.py compares them)."""
    registry = registry_entries(site)
    before = previous.parts if previous is not None and previous.parts is not None else None
    if before is not None and not same_entries(before.registry, registry):
        before = None
    entities: dict[str, Any] = {**site.places, **site.organisations, **site.people}
    parts: dict[str, _Part] = {}
    changed: list[_Part] = []  # parts filed now that replace a previous one
    for bundle in site.briefings:
        part = before.by_folder.get(bundle.folder) if before is not None else None
        if part is None or part.bundle is not bundle:
            if part is not None:
                changed.append(part)
            part = _file(bundle, site, entities)
            changed.append(part)
        parts[bundle.folder] = part
    # Mentions are newest briefing first, then by id, then in the briefing's own order (_mention_order).
    in_order = sorted(parts.values(), key=lambda p: (-p.bundle.briefing.as_of.toordinal(), p.bundle.briefing.id))
    rank = {part.bundle.folder: n for n, part in enumerate(in_order)}
    site_order = [parts[bundle.folder] for bundle in site.briefings]
    if before is not None and rank == before.rank:  # the same briefings, in the same order
        mentions = _remerge(before.mentions, changed, in_order, "mentions")
        source_uses = _remerge(before.source_uses, changed, in_order, "source_uses")
        threads = _remerge(before.threads, changed, site_order, "threads")
        first_mentions = _first_mentioned(in_order, before.first_mentions, changed)
    else:
        mentions, source_uses = _merge(in_order, "mentions"), _merge(in_order, "source_uses")
        threads = _merge(site_order, "threads")
        first_mentions = _first_mentioned(in_order)
    keyed = [entry for part in site_order for entry in part.timeline]
    keyed.sort(key=lambda entry: entry[0], reverse=True)
    owner: dict[int, kinds.Item] = {}
    for part in site_order:
        owner.update(part.owner)
    control_claims = _merge(site_order, "control_claims")
    on_subject = _merge(site_order, "subjects")
    stated: dict[tuple[Any, ...], list[tuple[BriefingBundle, model.Position]]] = defaultdict(list)
    for bundle in site.briefings:
        for position in bundle.positions:
            stated[(position.actor, position.issue, position.document, position.term)].append((bundle, position))
    updated_by: dict[str, list[tuple[BriefingBundle, Any, Any]]] = defaultdict(list)
    by_id = {bundle.briefing.id: bundle for bundle in site.briefings}
    for key, (earlier_bundle, earlier) in site.updates.items():
        briefing_id, item_id = key.split("/", 1)
        later = by_id.get(briefing_id)
        if later is None or later is earlier_bundle:
            continue
        updating: tuple[Any, ...] = (*later.situation.claims, *later.situation.figures, *later.situation.events,
                                     *later.positions)
        item = next((obj for obj in updating if obj.id == item_id), None)
        if item is not None:
            updated_by[earlier_bundle.briefing.id].append((later, item, earlier))
    return Index(
        mentions=mentions,
        source_uses=source_uses,
        timeline=_once_per_event(keyed),
        threads=threads,
        control_claims={k: sorted(v, key=_control_order, reverse=True) for k, v in control_claims.items()},
        control_assessments=_merge(site_order, "control_assessments"),
        sources_used={part.bundle.briefing.id: sorted(part.source_uses) for part in site_order if part.source_uses},
        quotes_by=_quotes_by(site),
        published_by=_group(site.sources.values(), lambda s: s.publisher, lambda s: s.date.sort_key),
        members_of=_group(site.people.values(), lambda p: p.affiliation, lambda p: p.name),
        places_in=_group(site.places.values(), lambda p: p.region, lambda p: p.name),
        first_mentions=first_mentions,
        mentioned_in={part.bundle.folder: part.mentioned for part in site_order if part.mentioned},
        refers_to={part.bundle.folder: list(part.mentions) for part in site_order if part.mentions},
        owner=owner,
        on_subject=on_subject,
        on_subject_at={key: {id(b): n for n, b in enumerate(found)} for key, found in on_subject.items()},
        stated=stated,
        updated_by=dict(updated_by),
        parts=_Parts(registry, parts, mentions, source_uses, threads, rank, first_mentions),
    )


def _file(bundle: BriefingBundle, site: Site, entities: dict[str, Any]) -> _Part:
    """File one briefing's items under what they refer to."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    source_uses: dict[str, list[Mention]] = defaultdict(list)
    timeline: list[tuple[tuple[Any, ...], tuple[Any, ...], TimelineEntry]] = []
    threads: dict[str, list[ThreadItem]] = defaultdict(list)
    control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]] = defaultdict(list)
    control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]] = defaultdict(list)
    owner: dict[int, kinds.Item] = {}
    subjects: dict[str, list[BriefingBundle]] = {}
    for item in kinds.items_of(bundle):
        owner[id(item.obj)] = item
        for subject in subjects_of(site, item):
            subjects[subject] = [bundle]
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
            entry = TimelineEntry(item, obj.date, text, place, kind.name)
            timeline.append(((obj.date.sort_key, bundle.briefing.as_of, *_place_in_page(item)),
                             (obj.date.sort_key, obj.date.label(), str(text), place and place.id, kind.name), entry))
        if getattr(obj, "topic", None) in site.topics:
            threads[obj.topic].append(ThreadItem(item, kind.name))
        if kind is kinds.CONTROL and obj.place in site.places:
            control_claims[obj.place].append((bundle, obj))
        if kind is kinds.ASSESSMENT and obj.control is not None and obj.control.place in site.places:
            control_assessments[obj.control.place].append((bundle, obj))
    mentioned = list(mentions)  # before the publishers of what it cites are added
    _mention_publishers(site, mentions, source_uses)
    return _Part(bundle, {k: sorted(v, key=_mention_order) for k, v in mentions.items()},
                 {k: sorted(v, key=_mention_order) for k, v in source_uses.items()}, timeline, dict(threads),
                 dict(control_claims), dict(control_assessments), owner, mentioned, subjects)


def subjects_of(site: Site, item: kinds.Item) -> list[str]:
    """The threads an item is on, its own first: "topic:x", "place:y", "issue:z" or "document:d". A
    briefing's "what changed" lists each change under its item's first thread, against the previous
    briefing on that thread (record.changes)."""
    obj, kind = item.obj, item.kind
    found: list[str] = []
    if kind is kinds.POSITION or kind is kinds.VERSION:
        document = site.documents.get(obj.document or "")
        issue = obj.issue if kind is kinds.POSITION else None
        if issue is None and document is not None and kind is kinds.POSITION:
            issue = next((t.issue for t in document.terms if t.id == obj.term), None)
        found += [f"issue:{issue}"] if issue else []
        found += [f"document:{obj.document}"] if document is not None else []
        if kind is kinds.VERSION:
            found.reverse()
    elif kind is kinds.EVENT:
        found += [f"document:{obj.document}"] if obj.document else []
        found += [f"topic:{obj.topic}"] if obj.topic else []
        found += [f"place:{place}" for place in obj.places]
    elif kind in (kinds.CLAIM, kinds.ASSESSMENT):
        found.append(f"topic:{obj.topic}")
        control = getattr(obj, "control", None)
        found += [f"place:{control.place}"] if control is not None else []
    elif kind is kinds.CONTROL:
        found.append(f"place:{obj.place}")
    elif kind is kinds.FIGURE:
        found += [f"topic:{obj.topic}"] if obj.topic else []
        found += [f"place:{obj.subject}"] if obj.subject in site.places else []
    return found


def _once_per_event(timeline: list[tuple[tuple[Any, ...], tuple[Any, ...], TimelineEntry]]) -> list[TimelineEntry]:
    """One entry per event: follow-up briefings repeat their background (the city's liberation in
    2022) and events still current, and a timeline must not list them once per briefing. The entry
    kept is the newest briefing's; it knows every briefing that reports the same date, text and place.
    `timeline`: (sort key, event key, entry), sorted."""
    reported: dict[tuple[Any, ...], tuple[TimelineEntry, set[str]]] = {}
    for _, key, entry in timeline:  # newest briefing first within one date
        found = reported.get(key)
        if found is None:
            reported[key] = (entry, {entry.briefing.folder})
        else:
            found[1].add(entry.briefing.folder)
    return [TimelineEntry(e.item, e.date, e.text, e.place, e.kind, frozenset(folders))
            for e, folders in reported.values()]


def _mention_publishers(site: Site, mentions: dict[str, list[Mention]], source_uses: dict[str, list[Mention]]) -> None:
    """What cites a source refers to its publisher too (Reuters, Black Bird Group): their pages
    list it, unless the same item already mentions them directly."""
    for source_id, uses in source_uses.items():
        publisher = site.sources[source_id].publisher
        direct = {id(m.item.obj) for m in mentions.get(publisher, [])}
        for use in uses:
            if id(use.item.obj) not in direct:
                direct.add(id(use.item.obj))
                mentions[publisher].append(Mention(use.item, N_("cited"), use.text))


def _merge(parts: list[_Part], field: str) -> dict[str, list[Any]]:
    """The parts' lists of `field`, joined key by key in the order of `parts`."""
    merged: dict[str, list[Any]] = defaultdict(list)
    for part in parts:
        for key, found in getattr(part, field).items():
            merged[key].extend(found)
    return dict(merged)


def _remerge(before: dict[str, list[Any]], changed: list[_Part], parts: list[_Part],
             field: str) -> dict[str, list[Any]]:
    """`_merge`, given its previous result, for the same briefings in the same order: only the
    lists that the `changed` parts (old and new) have are made again, the old parts' entries taken
    out and the new parts' put in at their briefing's place. The other lists are the previous
    objects, which the plan recognises."""
    position = {id(part.bundle): n for n, part in enumerate(parts)}
    gone = {id(part.bundle) for part in changed}
    touched = {key for part in changed for key in getattr(part, field)}
    merged = {key: found for key, found in before.items() if key not in touched}
    for key in touched:
        found = [entry for entry in before.get(key, ()) if id(entry.briefing) not in gone]
        for part in changed:
            new = getattr(part, field).get(key)
            if new and id(part.bundle) in position:  # a part filed now
                at = bisect.bisect_right(found, position[id(part.bundle)], key=lambda e: position[id(e.briefing)])
                found[at:at] = new
        if found:
            merged[key] = found
    return merged


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


def _first_mentioned(in_order: list[_Part], before: dict[str, str] | None = None,
                     changed: Iterable[_Part] = ()) -> dict[str, str]:
    """Each entity → the id of the earliest briefing that mentions it (being the publisher of a
    cited source does not count). Given the result `before` the `changed` parts (old and new) for
    the same briefings, only the entities those parts mention are worked out again."""
    oldest_first = sorted(in_order, key=lambda p: (p.bundle.briefing.as_of, p.bundle.briefing.id))
    if before is None:
        first: dict[str, str] = {}
        for part in oldest_first:
            for ident in part.mentioned:
                first.setdefault(ident, part.bundle.briefing.id)
        return first
    wanted = {ident for part in changed for ident in part.mentioned}
    first = {ident: briefing for ident, briefing in before.items() if ident not in wanted}
    for part in oldest_first:
        if not wanted:
            break
        for ident in wanted.intersection(part.mentioned):
            first[ident] = part.bundle.briefing.id
        wanted.difference_update(part.mentioned)
    return first


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
