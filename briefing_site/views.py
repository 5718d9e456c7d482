"""Views: what each page template receives, shaped from the linked site and its index.

Grouping, sorting and lookups happen here, so that templates hold presentation only. The
views of the big pages are frozen dataclasses: a template that asks for a field no view has
fails the build (StrictUndefined) instead of printing a blank.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import i18n, maps, model, record
from . import items as kinds
from .dates import ReportedDate
from .i18n import N_
from .index import Index, Mention, ThreadItem, TimelineEntry
from .link import APOSTROPHES, Entity, Site
from .settings import PRIMARY
from .validate import BriefingBundle


@dataclass(frozen=True)
class SiteInfo:
    """What the pages need to know about the site itself (from mkdocs.yml)."""

    name: str
    url: str
    description: str = ""
    licence: str = ""
    language: str = PRIMARY  # of the interface: labels, headings, dates (the theme's language)
    root_url: str = ""  # the address of the site in the primary language, if this is a translation


# --- what templates read: every reference resolved -------------------------------------------

NOT_A_REFERENCE = object()


class References:
    """The objects a site's references name, for its pages: a template reads `claim.claimant` as the
    person or organisation, `claim.sources` as the sources, `claim.quote` as the quote of the same
    briefing (render.py asks this for every attribute of a model object a template reads). A source
    also reads `provenance`: its grade after its 'via' chain. No template looks an id up."""

    FIELDS = kinds.references()

    def __init__(self, site: Site, index: Index):
        self.site, self.index = site, index
        self.tables: dict[str, Callable[[str], Any]] = {
            "actor": site.actor, "entity": site.entity, "place": site.places.get, "source": site.sources.get,
            "topic": site.topics.get, "issue": site.issues.get, "organisation": site.organisations.get,
            "document": site.documents.get}

    def attribute(self, obj: model.Strict, name: str) -> Any:
        """What a template reads as `obj.name`, or NOT_A_REFERENCE when the field names nothing."""
        table = self.FIELDS.get(type(obj), {}).get(name)
        if table is None:
            if name == "provenance" and isinstance(obj, model.Source):
                return self.site.provenance[obj.id]
            return NOT_A_REFERENCE
        value = getattr(obj, name)
        if value is None:
            return None
        if isinstance(value, list):
            return [self._named(obj, table, ident) for ident in value]
        return self._named(obj, table, value)

    def _named(self, obj: model.Strict, table: str, ident: str) -> Any:
        item = self.index.owner[id(obj)] if table in {"earlier", "quote", "figure"} else None
        if item is not None and table == "earlier":  # (the earlier briefing, the item) that this item updates
            return self.site.updates.get(f"{item.bundle.briefing.id}/{item.key}")
        if item is not None:  # a quote or a figure of the same briefing
            bundle = item.bundle
            found = bundle.quotes if table == "quote" else bundle.situation.figures
            return next((other for other in found if other.id == ident), None)
        return self.tables[table](ident)


# --- link targets that are not data: the site plan knows where each one lives ---------------


@dataclass(frozen=True)
class Section:
    """A section's front page, as a link target: `{{ sections.timeline | href }}`."""

    name: str


@dataclass(frozen=True)
class Month:
    """One archive page of a split section (quotes, timeline) or of a record ("places/kupiansk")."""

    section: str
    month: str  # the period: "2025", "2025-11", "2025-11-2" (a part); the `month` filter names it


@dataclass(frozen=True)
class Feed:
    """The Atom feed of the site (target None), of a topic, a place or a document."""

    target: Any = None


@dataclass(frozen=True)
class DataFile:
    """A file of the open data (data/record.json, data/claims.csv, …)."""

    name: str


@dataclass(frozen=True)
class Printout:
    """A briefing as a PDF, for readers who print it for a meeting (briefings/<id>.pdf)."""

    bundle: BriefingBundle


@dataclass(frozen=True)
class Map:
    """The map of a page's places, an SVG beside the page (briefings/<id>.svg, places/<id>.svg)."""

    target: Any  # a BriefingBundle or a model.Place


@dataclass(frozen=True)
class Part:
    """A named part of a page (a heading), e.g. a briefing's claims board."""

    target: Any
    name: str


# --- the briefing page -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Endnote:
    """A numbered note at the foot of a briefing page, giving the sources of one or more statements
    that cite the same sources in the same roles: one note per distinct set, linked back to every
    place that cites it (a, b, c when there are several, as encyclopedias do)."""

    number: int
    groups: list[tuple[str, list[model.Source]]]  # ("Source", [...]), ("Corroborated by", [...]), …
    refs: list[EndnoteRef] = field(default_factory=list)  # where the text cites it, in page order

    @property
    def item(self) -> Any:
        return self.refs[0].item  # the note is on the page of its first statement (all share a page)


@dataclass(frozen=True, eq=False)
class EndnoteRef:
    """One place in the text that cites a note: the note's link back to it."""

    note: Endnote
    item: Any
    position: int  # 0 for the first place citing the note, 1 for the second, …

    @property
    def letter(self) -> str:
        """'a', 'b', … 'z', 'aa', …: the back link's label when a note is cited from several places."""
        n, letters = self.position, ""
        while True:
            n, r = divmod(n, 26)
            letters = chr(ord("a") + r) + letters
            if n == 0:
                return letters
            n -= 1


def endnotes(site: Site, items: list[Any]) -> list[Endnote]:
    """The notes for the items that cite sources, numbered in the order the page first cites them;
    items citing the same sources in the same roles share a note."""
    notes: dict[tuple[tuple[str, tuple[str, ...]], ...], Endnote] = {}
    for item in items:
        if isinstance(item, model.Claim):
            fields: list[tuple[str, list[str]]] = [(N_("Source"), item.sources),
                                                   (N_("Corroborated by"), item.corroborated_by),
                                                   (N_("Contradicted by"), item.contradicted_by)]
        elif isinstance(item, model.Quote):
            fields = [(N_("Source"), [item.source])]
        else:
            fields = [(N_("Sources") if len(item.sources) > 1 else N_("Source"), item.sources)]
        found = [(label, [site.sources[i] for i in ids if i in site.sources]) for label, ids in fields]
        groups = [(label, sources) for label, sources in found if sources]
        if groups:
            key = tuple((label, tuple(s.id for s in sources)) for label, sources in groups)
            note = notes.setdefault(key, Endnote(len(notes) + 1, groups))
            note.refs.append(EndnoteRef(note, item, len(note.refs)))
    return list(notes.values())


@dataclass(frozen=True)
class BriefingView:
    bundle: BriefingBundle
    head: model.Briefing
    # The claims board, by topic: each claim with the claims of the topic that contradict it (paired).
    topics: list[tuple[model.Topic, list[tuple[model.Claim, list[model.Claim]]], model.Assessment | None]]
    assessments: list[tuple[model.Topic, model.Assessment]]  # every assessment: the bottom line, first
    control: list[model.ControlClaim]
    changes: record.Changes
    # (later briefing, its item, the item here it updates, what that item says)
    updated_later: list[tuple[BriefingBundle, Any, Any, str]]
    previous: BriefingBundle | None
    next: BriefingBundle | None
    events: list[model.Event]
    background: list[model.BackgroundItem]
    figures: list[model.Figure]
    quotes: list[model.Quote]
    positions: list[tuple[Any, list[model.Position]]]  # by what they are on: an issue or a TermRef
    versions: list[VersionEntry]
    sources: list[model.Source]
    claims_board: Part
    changes_part: Part  # the "What changed" section, which the bottom line points to
    printout: Printout
    map: MapView | None
    notes: list[Endnote]  # in the order the page shows the statements they belong to
    note_for: dict[int, EndnoteRef]  # id() of an item → where it cites its note
    spellings: list[str]  # other spellings of everyone and everything it mentions, for search only


def briefing_view(site: Site, index: Index, bundle: BriefingBundle) -> BriefingView:
    """A briefing arranged for its page: claims by topic, positions by issue, sources used."""
    topics: dict[str, list[model.Claim]] = defaultdict(list)
    for claim in bundle.situation.claims:
        topics[claim.topic].append(claim)
    assessed = {a.topic: a for a in bundle.situation.assessments}
    previous, following = record.neighbours(site, bundle)
    own = bundle.briefing.id
    board = [(site.topics[t], paired(site, claims), assessed.get(t))
             for t, claims in topics.items() if t in site.topics]
    # The bottom line: the editors' assessments, those of the claims board's topics first, in its order.
    bottom = [(topic, assessment) for topic, _, assessment in board if assessment]
    bottom += [(site.topics[a.topic], a) for a in bundle.situation.assessments
               if a.topic in site.topics and a.topic not in topics]
    control = sorted(bundle.situation.control, key=lambda c: (c.place, c.date.sort_key), reverse=True)
    events = sorted(bundle.situation.events, key=lambda e: (e.date.sort_key, e.id))
    # The statements in the order the template shows them, so that the notes count up down the page.
    shown: list[Any] = [*(a for _, a in bottom), *control]
    for _, pairs, _ in board:
        shown += [claim for claim, _ in pairs]
    shown += [*events, *bundle.situation.figures, *bundle.quotes]
    shown += [*bundle.versions, *(p for _, ps in _by_subject(site, bundle) for p in ps)]
    shown += bundle.situation.background
    notes = endnotes(site, shown)
    return BriefingView(
        bundle=bundle,
        head=bundle.briefing,
        topics=board,  # each topic of the claims board points up to the editors' assessment of it, if any
        assessments=bottom,
        control=control,
        changes=record.changes(site, index, bundle),
        updated_later=[(later, item, earlier, str(kinds.KINDS[type(earlier)].text(earlier, site)))
                       for later, item, earlier in index.updated_by.get(own, [])],
        previous=previous,
        next=following,
        events=events,
        background=bundle.situation.background,  # editor order: anchors follow it
        figures=bundle.situation.figures,
        quotes=bundle.quotes,
        positions=_by_subject(site, bundle),
        versions=[version_entry(site, bundle, v) for v in bundle.versions],
        sources=[site.sources[s] for s in index.sources_used.get(own, ())],
        claims_board=Part(bundle, "claims"),
        changes_part=Part(bundle, "what-changed"),
        printout=Printout(bundle),
        map=briefing_map(site, index, bundle),
        notes=notes,
        note_for={id(ref.item): ref for note in notes for ref in note.refs},
        spellings=other_spellings(site, index, bundle),
    )


def paired(site: Site, claims: list[model.Claim]) -> list[tuple[model.Claim, list[model.Claim]]]:
    """A topic's claims with the claims that dispute them beside them: each claim, in the editors'
    order, is followed by the claims not yet placed that contradict it or that it contradicts (and
    theirs in turn). A claim contradicts another when a source the other lists as contradicting it
    carries the claim, and the two claimants act for different countries (a source that carries
    both sides' claims, as a wire report does, contradicts only the other side's). Each comes with
    the claims contradicting it, for its "contradicted by" line to link to."""
    def country(claim: model.Claim) -> str | None:
        actor = site.actor(claim.claimant)
        return actor.country if actor is not None else None

    def against(claim: model.Claim, other: model.Claim) -> bool:  # does `other` contradict `claim`?
        sides = country(claim), country(other)
        return (other is not claim and None not in sides and sides[0] != sides[1]
                and bool(set(claim.contradicted_by) & {*other.sources, *other.corroborated_by}))

    order: list[model.Claim] = []
    for claim in claims:
        if claim in order:
            continue
        at = len(order)
        order.append(claim)
        while at < len(order):  # each placed claim pulls in its opponents, which pull in theirs
            placed, at = order[at], at + 1
            order += [o for o in claims if o not in order and (against(placed, o) or against(o, placed))]
    return [(claim, [o for o in order if against(claim, o)]) for claim in order]


def other_spellings(site: Site, index: Index, bundle: BriefingBundle) -> list[str]:
    """Every alias (and apostrophe-free form) of the people, organisations and places a briefing
    mentions: a reader searching 'Купянськ' or 'Уолц' finds the briefing, not only the registry page."""
    names: set[str] = set()
    for ident in index.mentioned_in.get(bundle.folder, ()):
        entity = site.entity(ident)
        if entity is not None:
            names.update(entity.aliases)
            names.update(extra_spellings(entity.name, entity.aliases))
    return sorted(names)


def _by_subject(site: Site, bundle: BriefingBundle) -> list[tuple[Any, list[model.Position]]]:
    """A briefing's positions by what they are on (an issue, or a term of a document), in the order
    of their names, each actor's newest statement first."""
    grouped: dict[tuple[str | None, ...], tuple[Any, list[model.Position]]] = {}
    for position in bundle.positions:
        subject = subject_of(site, position)
        if subject is not None:
            key = (position.issue, position.document, position.term)
            grouped.setdefault(key, (subject, []))[1].append(position)
    return [(subject, sorted(positions, key=lambda p: p.date.sort_key, reverse=True))
            for subject, positions in sorted(grouped.values(), key=lambda pair: _subject_name(pair[0]).casefold())]


def briefing(site: Site, index: Index, bundle: BriefingBundle) -> dict[str, Any]:
    return {"briefing": briefing_view(site, index, bundle)}


def home(site: Site, index: Index) -> dict[str, Any]:
    latest = site.latest
    return {"briefing": latest and briefing_view(site, index, latest),
            "control": record.current_control(site, index), "assessments": record.latest_assessments(site, index),
            "recent": site.briefings[:5], "feed": Feed()}


def open_data() -> dict[str, Any]:
    """The open data page's files, each as what the plan places (the record, its schema, the tables)."""
    return {"record": DataFile("record.json"), "schema": DataFile("record.schema.json"),
            "tables": {kind: DataFile(f"{kind}.csv") for kind in ("claims", "quotes", "figures", "control", "positions",
                                                                  "versions")},
            "feed": Feed()}


# --- registry pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityView:
    spellings: list[str]
    mentions: list[tuple[BriefingBundle, list[Mention]]]  # by briefing, newest first
    quotes: list[tuple[BriefingBundle, model.Quote]]
    sources: list[model.Source]  # what it published
    members: list[model.Person]
    places_within: list[model.Place]
    affiliation: model.Organisation | None
    parent: model.Organisation | None
    control: list[tuple[BriefingBundle, model.ControlClaim]]
    control_assessments: list[tuple[BriefingBundle, model.Assessment]]
    region: model.Place | None
    briefing_count: int  # how many briefings mention it in all
    month: str | None  # on a month's page: "November 2025"
    periods: list[tuple[Month, int]]  # on the main page, when it shows only the newest briefings
    map: MapView | None  # a place's, on its main page


@dataclass(frozen=True)
class MapView:
    """A map and its text alternative: each place with its position and who controls it, by the
    editors' assessment that colours its dot (None: no assessment)."""

    file: Map
    places: list[tuple[model.Place, tuple[BriefingBundle, model.Assessment] | None]]
    unplaced: list[model.Place]  # shown on the page but without coordinates in the registry
    draws_on: frozenset[str]  # the briefing folders whose assessments colour it

    @property
    def pins(self) -> list[maps.Pin]:
        target = self.file.target  # the place a place's map is about; those a briefing is about
        main = {target.id} if isinstance(target, model.Place) else set(target.briefing.places)
        return [maps.Pin(place, found[1].control.status.value if found and found[1].control else None,
                         main=place.id in main) for place, found in self.places]

    @staticmethod
    def openstreetmap(place: model.Place) -> str:
        """The place on OpenStreetMap: a link out, for a closer look (the site's own map makes no request)."""
        point = place.coordinates
        return "" if point is None else (f"https://www.openstreetmap.org/?mlat={point.lat:.4f}&mlon={point.lon:.4f}"
                                         f"#map=12/{point.lat:.4f}/{point.lon:.4f}")

    def svg(self, atlas: Path | None = None, language: i18n.Language | None = None) -> dict[str, str]:
        language = language or i18n.english()
        target = self.file.target
        name = target.name if isinstance(target, model.Place) else (
            model.translation(target.briefing, "title", language.code) or target.briefing.title)
        return {"text": maps.svg(self.pins, language.gettext(N_("Map: %(name)s")) % {"name": name}, atlas, language)}


# How far around a place its own page's map looks for neighbours to show (degrees), and how many
# it shows at most, the nearest first: a map's size is bounded however many places the registry
# lists around one city (400 clustered places made 4 minutes of build and 98 MB of maps before).
NEIGHBOURHOOD = 0.8
MAX_NEIGHBOURS = 12


def briefing_map(site: Site, index: Index, bundle: BriefingBundle) -> MapView | None:
    """The places a briefing mentions, coloured by the newest assessment as of the briefing."""
    places = [site.places[i] for i in index.mentioned_in.get(bundle.folder, []) if i in site.places]
    return _map_view(index, Map(bundle), places, bundle.briefing.as_of)


def place_map(site: Site, index: Index, place: model.Place) -> MapView | None:
    """A place and the registry's places around it (at most MAX_NEIGHBOURS, the nearest), coloured by
    the newest assessments. (By the registry, not by what briefings mention: an edit to a briefing
    then never changes which places a map shows, only their colours, which the map's page draws on.)"""
    if place.coordinates is None:
        return None
    here = place.coordinates

    def distance(other: model.Place) -> float:
        assert other.coordinates is not None
        east = (other.coordinates.lon - here.lon + 180.0) % 360.0 - 180.0  # across the antimeridian too
        return math.hypot(other.coordinates.lat - here.lat, east * math.cos(math.radians(here.lat)))

    near = [p for p in site.places.values() if p is not place and p.coordinates is not None
            and abs(p.coordinates.lat - here.lat) <= NEIGHBOURHOOD
            and abs((p.coordinates.lon - here.lon + 180.0) % 360.0 - 180.0) <= NEIGHBOURHOOD * 1.5]
    nearest = sorted(near, key=lambda p: (distance(p), p.id))[:MAX_NEIGHBOURS]
    return _map_view(index, Map(place), [place, *sorted(nearest, key=lambda p: p.name)], None)


def _map_view(index: Index, file: Map, places: list[model.Place], as_of: dt.date | None) -> MapView | None:
    if not any(p.coordinates for p in places):
        return None
    shown, folders = [], set()
    for place in places:
        if place.coordinates is None:
            continue
        assessments = index.control_assessments.get(place.id, [])
        folders |= {b.folder for b, _ in assessments}
        shown.append((place, next(((b, a) for b, a in assessments if as_of is None or b.briefing.as_of <= as_of),
                                  None)))
    if isinstance(file.target, BriefingBundle):
        folders.add(file.target.folder)
    return MapView(file, shown, [p for p in places if p.coordinates is None], frozenset(folders))


def entity_view(site: Site, index: Index, entity: Entity, mentions: list[Mention] | None = None,
                month: str | None = None, periods: list[tuple[Month, int]] | None = None) -> EntityView:
    """An entry's page: the mentions given (all, the newest briefings' or one month's), and the
    quotes and control claims of the same briefings."""
    every = index.mentions.get(entity.id, [])
    mentions = every if mentions is None else mentions
    by_briefing: dict[str, tuple[BriefingBundle, list[Mention]]] = {}
    for mention in mentions:
        by_briefing.setdefault(mention.briefing.briefing.id, (mention.briefing, []))[1].append(mention)
    shown = by_briefing.keys()
    return EntityView(
        spellings=extra_spellings(entity.name, entity.aliases),
        mentions=list(by_briefing.values()),
        quotes=[(b, q) for b, q in index.quotes_by.get(entity.id, []) if b.briefing.id in shown],
        sources=index.published_by.get(entity.id, []),
        members=index.members_of.get(entity.id, []),
        places_within=index.places_in.get(entity.id, []),
        affiliation=site.organisations.get(getattr(entity, "affiliation", None) or ""),
        parent=site.organisations.get(getattr(entity, "parent", None) or ""),
        control=[(b, c) for b, c in index.control_claims.get(entity.id, []) if b.briefing.id in shown],
        control_assessments=[(b, a) for b, a in index.control_assessments.get(entity.id, [])
                             if b.briefing.id in shown],
        region=site.places.get(getattr(entity, "region", None) or ""),
        map=place_map(site, index, entity) if isinstance(entity, model.Place) and month is None else None,
        briefing_count=len({m.briefing.briefing.id for m in every}),
        month=month,
        periods=periods or [],
    )


def entity(site: Site, index: Index, entity: Entity, mentions: list[Mention], month: str | None,
           periods: list[tuple[Month, int]]) -> dict[str, Any]:
    sections: dict[type, str] = {model.Person: "people", model.Organisation: "organisations", model.Place: "places"}
    section = sections[type(entity)]
    return {"entity": entity, "section": section, "view": entity_view(site, index, entity, mentions, month, periods),
            "feed": Feed(entity) if isinstance(entity, model.Place) else None}


def topic(topic: model.Topic, related: dict[str, Any], thread: list[ThreadItem], month: str | None,
          periods: list[tuple[Month, int]]) -> dict[str, Any]:
    """A topic's items over time, and (`related`, from related_to_topic) the diplomacy issues and
    documents that follow the same question."""
    return {"topic": topic, "briefings": record.thread_by_briefing(thread),
            "month": month, "periods": periods, "feed": Feed(topic), **related}


def briefings(entries: list[BriefingBundle], month: str | None, periods: list[tuple[Month, int]]) -> dict[str, Any]:
    return {"briefings": entries, "month": month, "periods": periods,
            "all_briefings": Section("briefings")}


def corrections(site: Site) -> dict[str, Any]:
    """Every correction, newest first, with the briefing it corrects."""
    found = [(bundle, c) for bundle in site.briefings for c in bundle.briefing.corrections]
    return {"corrections": sorted(found, key=lambda bc: (bc[1].date, bc[0].briefing.as_of), reverse=True)}


def all_sources(site: Site) -> list[model.Source]:
    """Every source, newest first."""
    return sorted(site.sources.values(), key=lambda s: (s.date.sort_key, s.id), reverse=True)


def sources(site: Site, index: Index, entries: list[model.Source], month: str | None) -> dict[str, Any]:
    """Sources (newest first) with where each is cited (latest first)."""
    return {"sources": [(source, index.source_uses.get(source.id, [])) for source in entries], "month": month,
            "all_months": Section("sources")}


# --- sections that may be split by month ---------------------------------------------------------


def all_quotes(site: Site) -> list[tuple[BriefingBundle, model.Quote]]:
    return [(bundle, quote) for bundle in site.briefings for quote in bundle.quotes]


def quotes(site: Site, index: Index, entries: list[tuple[BriefingBundle, model.Quote]],
           month: str | None) -> dict[str, Any]:
    """Quotes grouped by speaker (or, with no named speaker, the publisher of the source)."""
    grouped: dict[str, list[tuple[BriefingBundle, model.Quote]]] = defaultdict(list)
    for bundle, quote in entries:
        grouped[quote.speaker or site.sources[quote.source].publisher].append((bundle, quote))
    speakers = [(site.actor(sid), items) for sid, items in grouped.items()]
    ordered = sorted(((s, i) for s, i in speakers if s is not None), key=lambda si: si[0].name.casefold())
    return {"speakers": ordered, "month": month, "all_months": Section("quotes")}


def timeline(entries: list[TimelineEntry], month: str | None) -> dict[str, Any]:
    years: dict[int, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:  # newest first
        years[entry.date.lower.year].append(entry)
    return {"years": sorted(years.items(), reverse=True), "month": month,
            "all_months": Section("timeline")}


def months(title: str, noun: str, pages: list[tuple[Month, int]]) -> dict[str, Any]:
    """The index of a split section: [(year, [(month name, its page, number of entries)])], newest first."""
    years: dict[int, list[tuple[str, Month, int]]] = defaultdict(list)
    for page, count in pages:
        years[int(page.month[:4])].append((page.month, page, count))
    return {"title": title, "noun": noun, "years": sorted(years.items(), reverse=True)}


# --- diplomacy -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TermRef:
    """A term of a document, as a heading and a link target (on the document's page)."""

    document: model.Document
    term: model.Term

    @property
    def name(self) -> str:
        return self.term.name


def _subject_name(subject: Any) -> str:
    return f"{subject.document.name}: {subject.term.name}" if isinstance(subject, TermRef) else str(subject.name)


def term_of(site: Site, document: str | None, term: str | None) -> TermRef | None:
    found = site.documents.get(document or "")
    named = next((t for t in found.terms if t.id == term), None) if found else None
    return TermRef(found, named) if found and named else None


def subject_of(site: Site, position: model.Position) -> model.DiplomacyIssue | TermRef | None:
    """What a position is on: its issue, or its document's term."""
    if position.issue is not None:
        return site.issues.get(position.issue)
    return term_of(site, position.document, position.term)


def issue_of(site: Site, position: model.Position) -> str | None:
    """The diplomacy issue a position counts under in the matrix: its own, or its term's."""
    if position.issue is not None:
        return position.issue
    term = term_of(site, position.document, position.term)
    return term.term.issue if term else None


def newest_first(entries: list[tuple[BriefingBundle, model.Position, Any]]) -> list[tuple[BriefingBundle,
                                                                                          model.Position, Any]]:
    """Positions by the day they were stated (the latest possible day, then the earliest), newest first;
    between equal days, the newer briefing's first."""
    return sorted(entries, key=lambda e: (e[1].date.upper or dt.date.max, e[1].date.lower, e[0].briefing.as_of,
                                          e[0].briefing.id, e[1].id), reverse=True)


# The diplomacy matrix's cells at most (rows × issues): at 1,000 briefings its 600 actors made a
# 2.5 MB page; 40 rows of 16 issues, 260 KB.
MATRIX_CELLS = 480


def diplomacy(site: Site) -> dict[str, Any]:
    """Actors × issues; each cell holds (briefing, position, what to link to: the quote behind the
    position if there is one, else the position), the newest stated first. A position on a document's
    term counts under the term's issue."""
    cells: dict[tuple[str, str], list[tuple[BriefingBundle, model.Position, Any]]] = defaultdict(list)
    for entry in _positions(site):
        issue = issue_of(site, entry[1])
        if issue is not None:
            cells[(entry[1].actor, issue)].append(entry)
    cells = {key: newest_first(entries) for key, entries in cells.items()}
    names = {a: actor.name for a, _ in cells if (actor := site.actor(a))}
    # The rows: the actors holding positions on the most issues, the most recently stated first
    # among equals; the others are named below the matrix, their positions on each issue's page.
    held: Counter[str] = Counter()
    newest: dict[str, dt.date] = {}
    for (holder, _), entries in cells.items():
        held[holder] += 1
        newest[holder] = max(newest.get(holder, dt.date.min), entries[0][1].date.lower)
    ranked = sorted(names, key=lambda a: (-held[a], -newest[a].toordinal(), names[a].casefold()))
    issues = sorted(site.issues.values(), key=lambda i: i.name)
    shown = sorted(ranked[:matrix_rows(len(issues))], key=lambda a: names[a].casefold())
    others = sorted(set(names) - set(shown), key=lambda a: names[a].casefold())
    return {"matrix": {
        "issues": issues,
        "rows": [(site.actor(a), [(i, cells.get((a, i.id), [])) for i in issues]) for a in shown],
        "others": [site.actor(a) for a in others],
    }, "documents": sorted(site.documents.values(), key=lambda d: d.name.casefold())}


def matrix_rows(issues: int) -> int:
    """How many actors the diplomacy matrix shows, for this many issues (its columns)."""
    return max(10, MATRIX_CELLS // max(issues, 1))


def positions_by_issue(site: Site) -> dict[str, list[tuple[BriefingBundle, model.Position, Any]]]:
    """Issue id → (briefing, position, what to link to) of every position on it (its own, or on a term
    of the issue), newest briefing first."""
    by_issue: dict[str, list[tuple[BriefingBundle, model.Position, Any]]] = {}
    for entry in _positions(site):
        issue = issue_of(site, entry[1])
        if issue is not None:
            by_issue.setdefault(issue, []).append(entry)
    return by_issue


def _positions(site: Site) -> Iterator[tuple[BriefingBundle, model.Position, Any]]:
    """Every position, newest briefing first, with what a link to it opens: the quote behind it if
    there is one, else the position itself."""
    for bundle in site.briefings:
        quotes = {q.id: q for q in bundle.quotes}
        for position in bundle.positions:
            yield bundle, position, quotes.get(position.quote or "", position)


def issue(site: Site, issue: model.DiplomacyIssue, entries: list[tuple[BriefingBundle, model.Position, Any]],
          month: str | None, periods: list[tuple[Month, int]], index: Index | None = None) -> dict[str, Any]:
    """One issue's positions over time: per actor (by name), newest stated first, the newest marked
    as the actor's current one (on the main page); the topics that follow the same question on the
    ground, with their newest claims, and the documents whose terms belong to it."""
    by_actor: dict[str, list[tuple[BriefingBundle, model.Position, Any]]] = defaultdict(list)
    for entry in entries:
        by_actor[entry[1].actor].append(entry)
    actors = [(site.actor(a), newest_first(positions)) for a, positions in by_actor.items()
              if site.actor(a) is not None]
    topics = [site.topics[t] for t in issue.topics if t in site.topics]
    topics += sorted((t for t in site.topics.values() if t not in topics and issue.id in _issues_of_topic(site, t)),
                     key=lambda t: t.name.casefold())
    claims = [(t, [item for item in (index.threads.get(t.id, []) if index else []) if item.kind == "claim"][:3])
              for t in topics]
    documents = [d for d in site.documents.values() if any(term.issue == issue.id for term in d.terms)]
    return {"issue": issue, "actors": sorted(actors, key=lambda pair: pair[0].name.casefold()),
            "month": month, "periods": periods, "topics": claims,
            "documents": sorted(documents, key=lambda d: d.name.casefold())}


def _issues_of_topic(site: Site, topic: model.Topic) -> set[str]:
    """The issues that name `topic`, directly or through a document's terms."""
    found = {i.id for i in site.issues.values() if topic.id in i.topics}
    for document in site.documents.values():
        if topic.id in document.topics:
            found |= {term.issue for term in document.terms if term.issue}
    return found


def related_to_topic(site: Site, topic: model.Topic) -> dict[str, Any]:
    """What a topic's page links to on the diplomacy side: the issues and documents that name it."""
    issues = [site.issues[i] for i in sorted(_issues_of_topic(site, topic)) if i in site.issues]
    documents = [d for d in site.documents.values() if topic.id in d.topics]
    return {"issues": sorted(issues, key=lambda i: i.name.casefold()),
            "documents": sorted(documents, key=lambda d: d.name.casefold())}


@dataclass(frozen=True)
class VersionEntry:
    """A version of a document as pages show it: where it was reported, what it revises, and what it
    says of each term (in the order of the document's terms)."""

    bundle: BriefingBundle
    version: model.Version
    revises: tuple[BriefingBundle, model.Version] | None
    terms: list[tuple[TermRef, model.TermValue]]

    @property
    def document(self) -> model.Document | None:
        return next(iter(t.document for t, _ in self.terms), None)


def version_entry(site: Site, bundle: BriefingBundle, version: model.Version) -> VersionEntry:
    document = site.documents.get(version.document)
    order = {term.id: n for n, term in enumerate(document.terms)} if document else {}
    terms = [(ref, value) for value in version.terms
             if (ref := term_of(site, version.document, value.term)) is not None]
    terms.sort(key=lambda pair: order.get(pair[0].term.id, len(order)))
    revises = site.updates.get(f"{bundle.briefing.id}/{version.id}")
    return VersionEntry(bundle, version, revises, terms)


def versions_of(site: Site, document: model.Document) -> list[VersionEntry]:
    """Every version of `document` the briefings report, oldest first (by its date, then the briefing's)."""
    found = [version_entry(site, bundle, v) for bundle in site.briefings for v in bundle.versions
             if v.document == document.id]
    return sorted(found, key=lambda e: (e.version.date.sort_key, e.bundle.briefing.as_of, e.version.id))


# A document's page stays within the page budget however long the talks run (tests/test_bounded_pages.py):
# its newest versions side by side, each party's newest stances on each term (the rest are on the
# issue's page and in the briefings), and the newest entries of the chronology.
DOCUMENT_VERSIONS = 40
DOCUMENT_TABLE = 8
DOCUMENT_STANCES = 4
DOCUMENT_CHRONOLOGY = 120


def document(site: Site, document: model.Document) -> dict[str, Any]:
    """A document's page: its versions side by side, each term by version, each party's stance on each
    term over time, and the chronology of the talks about it (meetings and deadlines, scheduled and
    held, and the versions as they appeared)."""
    # Its own versions and those of the texts answering it (a counter-proposal), which share its
    # terms' ids: side by side, a term reads 600,000 in the draft and 800,000 in the counter-text.
    answered_by = [d for d in site.documents.values() if d.answers == document.id]
    every = sorted([*versions_of(site, document), *(e for d in answered_by for e in versions_of(site, d))],
                   key=lambda e: (e.version.date.sort_key, e.bundle.briefing.as_of, e.version.id))
    versions = every[-DOCUMENT_VERSIONS:]
    columns = versions[-DOCUMENT_TABLE:]
    terms = [TermRef(document, term) for term in document.terms]
    table = [(term, [next((value for ref, value in entry.terms if ref.term.id == term.term.id), None)
                     for entry in columns]) for term in terms]
    positions = list(_positions(site))
    stances: list[tuple[TermRef, list[tuple[Any, list[tuple[BriefingBundle, model.Position, Any]], int]]]] = []
    for term in terms:
        by_actor: dict[str, list[tuple[BriefingBundle, model.Position, Any]]] = defaultdict(list)
        for entry in positions:
            position = entry[1]
            on_term = position.document == document.id and position.term == term.term.id
            on_issue = term.term.issue is not None and position.issue == term.term.issue
            if on_term or on_issue:
                by_actor[position.actor].append(entry)
        actors = [(site.actor(a), newest_first(entries)[:DOCUMENT_STANCES], max(0, len(entries) - DOCUMENT_STANCES))
                  for a, entries in by_actor.items() if site.actor(a)]
        stances.append((term, sorted(actors, key=lambda row: row[0].name.casefold())))
    chronology: list[tuple[ReportedDate, str, Any, BriefingBundle]] = [
        (entry.version.date, "version", entry.version, entry.bundle) for entry in every]
    for bundle in site.briefings:
        chronology += [(event.date, "event", event, bundle) for event in bundle.situation.events
                       if event.document == document.id]
    chronology.sort(key=lambda row: (row[0].sort_key, row[3].briefing.as_of, row[1]))
    return {"document": document, "feed": Feed(document), "versions": versions,
            "earlier_versions": len(every) - len(versions),
            "columns": columns, "table": table, "stances": stances,
            "chronology": chronology[-DOCUMENT_CHRONOLOGY:],
            "earlier_events": max(0, len(chronology) - DOCUMENT_CHRONOLOGY),
            "answers": site.documents.get(document.answers or ""),
            "answered_by": sorted(answered_by, key=lambda d: d.name.casefold()),
            "topics": [site.topics[t] for t in document.topics if t in site.topics],
            "issues": sorted({t.issue: site.issues[t.issue] for t in document.terms if t.issue in site.issues}.values(),
                             key=lambda i: i.name.casefold())}


# --- names for the search page -----------------------------------------------------------------------


def search_key(name: str) -> str:
    """A name as the search page compares it with a query: lower case, apostrophes dropped,
    anything but letters and digits a single space. docs/assets/search.js does the same."""
    text = unicodedata.normalize("NFC", name).lower()
    text = "".join("" if c in APOSTROPHES else c if c.isalnum() else " " for c in text)
    return " ".join(text.split())


def search_keys(entity: Entity) -> list[str]:
    """Every name of the entity as a search key; a person is also often called by the last
    word of their name alone (Besedin, Lavrov), so that word is a key too."""
    names = [entity.name, *entity.aliases]
    if isinstance(entity, model.Person):
        names += [n.split()[-1] for n in (entity.name, *entity.aliases) if len(n.split()) > 1]
    return sorted({search_key(n) for n in names} - {""})


NAME_BUCKETS = 64


def name_bucket(key: str) -> int:
    """Which names/NN.json holds `key`: the sum of its code points, modulo NAME_BUCKETS.
    docs/assets/search.js computes the same, so a query fetches one small file, not them all."""
    return sum(ord(c) for c in key) % NAME_BUCKETS


def search_names(site: Site, url: Callable[[Any], str]) -> dict[int, dict[str, list[list[str]]]]:
    """{bucket: {search key: [[page URL, name, name in the other script], …]}} for every person,
    organisation and place: the search page puts a page first when the query is exactly one of its
    names, and searches the text for the name as the edition writes it and as the other script
    does (the first Cyrillic alias of a name in Latin letters, or the reverse), so that any
    spelling finds a page that writes the name either way. Plain JSON files rather than a
    Pagefind filter, whose index files differ from build to build."""
    names: dict[str, list[tuple[bool, str, str, str]]] = defaultdict(list)
    for table in (site.people, site.organisations, site.places):
        for entity in table.values():
            owned = {search_key(n) for n in (entity.name, *entity.aliases)}
            cyrillic = _cyrillic(entity.name)
            other = next((a for a in entity.aliases if _cyrillic(a) != cyrillic), "")
            for key in search_keys(entity):
                # An entry that has the key as its name or alias ranks before one that has it only
                # as a surname: no entry comes first for a name it does not own.
                names[key].append((key not in owned, url(entity), entity.name, other))
    buckets: dict[int, dict[str, list[list[str]]]] = defaultdict(dict)
    for key, pages in names.items():
        buckets[name_bucket(key)][key] = [[address, name, other] for _, address, name, other in sorted(pages)]
    return dict(buckets)


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def extra_spellings(name: str, aliases: list[str]) -> list[str]:
    """Apostrophe-free forms of the data's names that the data does not list itself, so a
    reader typing a name without (or with another) apostrophe still finds the page."""
    known = {name, *aliases}
    bare = (unicodedata.normalize("NFC", n).translate({ord(c): None for c in APOSTROPHES}) for n in known)
    return sorted({b for b in bare if b not in known})


# --- structured data ---------------------------------------------------------------------------------

SETTLED = {model.ClaimStatus.confirmed: 5, model.ClaimStatus.refuted: 1}  # ClaimReview's 1 (false) to 5 (true)


def structured_data(site: Site, info: SiteInfo, view: BriefingView, url: Callable[[Any], str]) -> dict[str, Any]:
    """schema.org data for a briefing page: the NewsArticle, and a ClaimReview for each claim whose
    status the editors consider settled (confirmed or refuted); `url` gives any target's address."""
    house = {"@type": "Organization", "name": info.name, "url": info.url}
    head = view.head

    def shown(entry: Any, field: str) -> Any:  # the editors' translation into the page's language, if given
        return model.translation(entry, field, info.language) or getattr(entry, field)

    article = {
        "@type": "NewsArticle", "headline": shown(head, "title")[:110], "description": _plain(shown(head, "summary")),
        "inLanguage": info.language,
        "datePublished": head.as_of.isoformat(), "dateModified": head.updated.isoformat(),
        "url": url(view.bundle), "mainEntityOfPage": url(view.bundle), "author": house, "publisher": house,
        "about": [{"@type": "Place", "name": site.places[p].name} for p in head.places if p in site.places],
        "citation": sorted({s.url for s in view.sources if s.url}),
    }
    reviews = []
    for _, pairs, _ in view.topics:
        for claim, _ in pairs:
            if claim.status not in SETTLED:
                continue
            claimant = site.actor(claim.claimant)
            reviews.append({
                "@type": "ClaimReview", "url": url(claim), "claimReviewed": shown(claim, "statement"),
                "datePublished": head.as_of.isoformat(), "author": house,
                "reviewRating": {"@type": "Rating", "ratingValue": SETTLED[claim.status], "bestRating": 5,
                                 "worstRating": 1, "alternateName": claim.status.value},
                "itemReviewed": {"@type": "Claim", "datePublished": claim.date.lower.isoformat(),
                                 "author": {"@type": "Person" if isinstance(claimant, model.Person) else "Organization",
                                            "name": claimant.name if claimant else claim.claimant}},
            })
    return {"@context": "https://schema.org", "@graph": [article, *reviews]}


def _plain(text: str) -> str:
    """Inline Markdown as plain text, for data: emphasis marks and link targets dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(text))
    return " ".join(re.sub(r"[*_`]", "", text).split())
