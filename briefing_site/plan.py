"""The site plan: every page, where it lives, and how to link to anything on it. One owner.

Each page is a `Page`: its path under docs/, its template, how to build its view, and which
briefing folders it draws on (`None`: all of them), so the live preview knows what an edit can
change. `Plan.href(target, from_page)` and `Plan.anchor(item)` are the only places that know
the URL scheme: templates link with `{{ claim | href }}` and mark targets with
`{{ claim | anchor }}`, never with a path of their own. A new kind of page is a row in
`Plan.pages`, a template and a view.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import feeds, i18n, model, opendata, record, views
from . import items as kinds
from .i18n import N_
from .index import Index, Mention, ThreadItem, TimelineEntry, subjects_of
from .link import Site
from .settings import Edition
from .validate import BriefingBundle
from .views import DataFile, Endnote, EndnoteRef, Feed, Map, Month, Part, Printout, Section

# A hand-written page of docs/ in another interface language sits beside the original, named for
# the language: docs/about.uk.md is docs/about.md in Ukrainian, published as uk/about/.


def is_page(name: str) -> bool:
    """Whether a file of docs/ named `name` is a page (Markdown) rather than an asset."""
    return name.endswith(".md")


def hand_written_translated(name: str, code: str) -> str:
    """The name of page `name`'s translation into `code` ('about.md' → 'about.uk.md'; '*' → '*.uk.md')."""
    return f"{name.removesuffix('.md')}.{code}.md"


def hand_written_translation(name: str, codes: set[str]) -> str | None:
    """The language (of `codes`) a page named `name` is a translation into ('about.uk.md': 'uk'), or None."""
    stem, dot, language = name.removesuffix(".md").rpartition(".")
    return language if is_page(name) and dot and stem and language in codes else None


def hand_written_original(name: str, code: str) -> str:
    """The page a translation into `code` named `name` translates ('about.uk.md' → 'about.md')."""
    return name.removesuffix(f".{code}.md") + ".md"


# The generated part of docs/: the writer owns exactly these paths and nothing else.
GENERATED_DIRS = ("briefings", "people", "organisations", "places", "topics", "quotes", "timeline", "diplomacy",
                  "sources", "corrections", "data", "names", "documents")
GENERATED_FILES = ("index.md", "feed.xml", "robots.txt")

# Each section's front page; "search" is hand-written (docs/search.md), the others are generated.
SECTIONS = {"home": "index.md", "briefings": "briefings/index.md", "people": "people/index.md",
            "organisations": "organisations/index.md", "places": "places/index.md", "topics": "topics/index.md",
            "quotes": "quotes/index.md", "timeline": "timeline/index.md", "diplomacy": "diplomacy/index.md",
            "sources": "sources/index.md", "corrections": "corrections/index.md", "data": "data/index.md",
            "search": "search.md"}
# Where each kind of registry entry gets its page.
ENTITY_SECTION: dict[type, str] = {model.Person: "people", model.Organisation: "organisations", model.Place: "places"}

# Above this many entries the quotes and the timeline get a page per month, listed on their
# index page: as single pages they reached 7.8 MB each at 1,000 briefings, too much for a
# reader's phone, and the slowest pages for the engine and for the live preview.
SPLIT_ABOVE = 400
# A page that follows something across briefings (a person, a place, a topic, an issue, the list of
# briefings) shows the items of its newest RECENT briefings, counts, and a page per year for the
# rest (per month in a busy year): at 400 briefings citing one city its page had reached 1.4 MB of
# HTML, and a page per month for every entry made 27,000 pages of 1,000 briefings, mostly theme.
RECENT = 10
# The most entries an archive page holds: a busier year is split into months, a busier month of the
# quotes or the timeline into parts (at 1,000 briefings a month of quotes made a 380 KB page; a
# quote with its attribution is about 1.1 KB of HTML).
PAGE_LIMIT = 200


# One page of a record (Plan._by_period): its path, the entries it shows, its period (None: the
# record's main page), the periods the main page lists, and the briefing folders it draws on.
RecordPage = tuple[str, list[Any], "str | None", list[tuple[Month, int]], frozenset[str]]


def edition_href(here: Edition, there: Edition) -> str:
    """From the root of one edition's site (a settings.Edition) to the root of another's: 'uk/',
    '../', '../de/': the address the language switch writes beside each page's own path."""
    return "../" * here.prefix.count("/") + there.prefix


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/
    template: str | None  # None: a data file, whose context holds its text as "data"
    context: Callable[[], dict[str, Any]]
    draws_on: frozenset[str] | None  # the briefing folders it shows; None: all of them
    printout: str | None = None  # where the page is also published as a PDF (briefings/<id>.pdf)
    # A file readers download whole (the open data), which no page shows: the live preview writes
    # it when the editor pauses, not after every save (at 1,000 briefings 4 s of each update).
    download: bool = False
    # A briefing's page: the briefing whose corrections, and later items updating its own, date it.
    briefing: BriefingBundle | None = None


class Plan:
    """The pages of one linked site, and how they link to each other."""

    def __init__(self, site: Site, index: Index, info: views.SiteInfo, language: i18n.Language | None = None,
                 printouts: bool = True, atlas: Path | None = None, previous: Plan | None = None):
        """`language`: the interface's (English if not given). A translation of the site has the same
        pages and feeds, but not the open data, published once, by the site in the primary language
        (its data page links there). Without `printouts`, briefings have no PDF.
        `previous`: the plan of the site before an edit (the preview's), whose layout of the
        records an edit left alone is reused."""
        self.site, self.index, self.info = site, index, info
        # A record's pages (_by_period) by their main page's path, with the entries they were laid
        # out from: the index gives an untouched record's entries as the same list again.
        self._records: dict[str, tuple[list[Any], list[RecordPage]]] = {}
        self._records_before = previous._records if previous is not None else {}
        self.language = language or i18n.english()
        self.printouts = printouts
        self.atlas = atlas  # the maps' base map (maps.locate); None: looked up when a map is drawn
        self.sections = {name: Section(name) for name in SECTIONS}
        self.split_quotes = len(views.all_quotes(site)) > SPLIT_ABOVE
        self.split_timeline = len(index.timeline) > SPLIT_ABOVE
        # Source → its page of the register ("sources/2025-11.md"); empty: the register is one page.
        self.source_pages = {source.id: f"sources/{key}.md"
                             for key, members in _section_pages(views.all_sources(site), _source_day).items()
                             for source in members} if len(site.sources) > SPLIT_ABOVE else {}

    @functools.cached_property
    def references(self) -> views.References:
        """What the pages read each reference field of the site's objects as (see views.References)."""
        return views.References(self.site, self.index)

    # -- where things are -----------------------------------------------------------------

    def locate(self, target: Any) -> tuple[str, str]:
        """(page path, anchor or "") of anything a page can link to."""
        target = _unwrap(target)
        if isinstance(target, kinds.Item):
            return self.briefing_path(target.bundle), self.anchor(target)
        if isinstance(target, BriefingBundle):
            return self.briefing_path(target), ""
        if isinstance(target, Section):
            return SECTIONS[target.name], ""
        if isinstance(target, Month):  # a month of a section, or of one entry's page ("places/kupiansk")
            return f"{target.section}/{target.month}.md", ""
        if isinstance(target, Part):
            return self.locate(target.target)[0], target.name
        if isinstance(target, Feed):  # beside the page of what it follows: topics/x.md, topics/x.xml
            return ("feed.xml" if target.target is None else self.locate(target.target)[0][:-3] + ".xml"), ""
        if isinstance(target, Map):  # beside the page of what it maps: places/x.md, places/x.svg
            return self.locate(target.target)[0][:-3] + ".svg", ""
        if isinstance(target, Printout):  # beside the briefing's Markdown page
            return self.briefing_path(target.bundle)[:-3] + ".pdf", ""
        if isinstance(target, DataFile):
            return f"data/{target.name}", ""
        if isinstance(target, (Endnote, EndnoteRef)):  # at the foot of the item's briefing page, and back
            return self.locate(target.item)[0], self.anchor(target)
        if isinstance(target, model.Source):
            return self.source_pages.get(target.id, SECTIONS["sources"]), self.anchor(target)
        if isinstance(target, model.Topic):
            return f"topics/{target.id}.md", ""
        if isinstance(target, model.DiplomacyIssue):
            return f"diplomacy/{target.id}.md", ""
        if isinstance(target, model.Document):
            return f"documents/{target.id}.md", ""
        if isinstance(target, views.TermRef):  # its row on the document's page
            return f"documents/{target.document.id}.md", self.anchor(target)
        if isinstance(target, views.VersionEntry):
            return self.locate(target.version)
        if type(target) in ENTITY_SECTION:
            return f"{ENTITY_SECTION[type(target)]}/{target.id}.md", ""
        item = self.index.owner.get(id(target))
        if item is not None:
            return self.locate(item)
        raise TypeError(f"the site plan has no page for {type(target).__name__}")

    def briefing_path(self, bundle: BriefingBundle) -> str:
        return f"briefings/{bundle.briefing.id}.md"

    def anchor(self, target: Any, listed: bool = False) -> str:
        """The id a target has within its page ("claim-kupiansk-taken"); "" for a whole page. An item
        `listed` on a section page (the quotes) beside those of other briefings has the briefing's
        id in its anchor too ("quote-2024-11-15-kupiansk-besedin-control")."""
        target = _unwrap(target)
        if isinstance(target, model.Source):
            return f"source-{target.id}"
        if isinstance(target, Endnote):
            return f"note-{target.number}"
        if isinstance(target, EndnoteRef):  # note-ref-3, then note-ref-3-b, note-ref-3-c for its other places
            return f"note-ref-{target.note.number}" + (f"-{target.letter}" if target.position else "")
        if isinstance(target, views.TermRef):
            return f"term-{target.term.id}"
        item = target if isinstance(target, kinds.Item) else self.index.owner.get(id(target))
        if item is None:
            raise TypeError(f"the site plan has no anchor for {type(target).__name__}")
        if item.kind is kinds.HEAD:
            return ""
        return f"{item.kind.name}-{item.bundle.briefing.id}-{item.key}" if listed else f"{item.kind.name}-{item.key}"

    def href(self, target: Any, from_page: str) -> str:
        """A link from page `from_page` to `target`: "#anchor" on the same page, else a path
        relative to `from_page`, as the engine resolves links between Markdown files."""
        if not self.language.primary and isinstance(target, DataFile):
            # Published once, by the primary site, outside this edition's folder: a link the engine
            # would refuse as leaving its pages, so templates write it as HTML (data.md.j2), relative
            # to the page's address ("data/" under "uk/" is two folders below the root).
            edition = self.info.url.removeprefix(self.info.root_url)
            return "../" * (edition + self.url(from_page)).count("/") + self.url(target)
        path, anchor = self.locate(target)
        fragment = f"#{anchor}" if anchor else ""
        if path == from_page and anchor:
            return fragment
        return "../" * from_page.count("/") + path + fragment

    def url(self, target: Any) -> str:
        """Where `target`'s page is published, relative to the site's root ("places/kupiansk/")."""
        path = target if isinstance(target, str) else self.locate(target)[0]
        if path.endswith("index.md"):
            return path[: -len("index.md")]
        if not path.endswith(".md"):
            return path  # a file published as it is (feed.xml, data/claims.csv)
        return path[: -len(".md")] + "/"

    def canonical(self, path: str) -> str:
        return self.info.url + self.url(path)

    # -- the pages --------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        """Every page, in order; laid out once per plan (the live preview compares a plan's pages
        with the previous plan's, then renders some of them)."""
        return self._pages

    def draws_on(self) -> dict[str, frozenset[str] | None]:
        """Each page and the briefing folders it shows (None: all of them)."""
        return {page.path: page.draws_on for page in self.pages()}

    @functools.cached_property
    def _pages(self) -> list[Page]:
        pages = list(self._lay_out())
        self._records_before = {}  # not to hold every earlier plan's layout
        return pages

    def _lay_out(self) -> Iterator[Page]:
        site, index = self.site, self.index
        all_folders = None
        yield Page("index.md", "home.md.j2", functools.partial(views.home, site, index), all_folders)
        yield from self._by_period("briefings/archive", "briefings.md.j2", site.briefings, lambda bundle: bundle,
                                   views.briefings, main="briefings/index.md")
        for position, bundle in enumerate(site.briefings):
            yield from self._briefing(position, bundle)
        for section, title in (("people", N_("People")), ("organisations", N_("Organisations")),
                               ("places", N_("Places"))):
            members = sorted(getattr(site, section).values(), key=lambda e: e.name.casefold())
            yield Page(f"{section}/index.md", "entities.md.j2",
                       functools.partial(dict, title=title, section=section, entries=members), all_folders)
            for entity in members:
                if isinstance(entity, model.Place):
                    yield from self._map(views.place_map(site, index, entity))
                yield from self._by_period(f"{section}/{entity.id}", "entity.md.j2",
                                           index.mentions.get(entity.id, []), lambda m: m.briefing,
                                           functools.partial(views.entity, site, index, entity))
        topics = sorted(site.topics.values(), key=lambda t: t.name.casefold())
        yield Page("topics/index.md", "topics.md.j2",
                   lambda: {"topics": [(t, index.threads.get(t.id, [])) for t in topics]}, all_folders)
        for topic in topics:
            related = views.related_to_topic(site, topic)
            yield from self._by_period(f"topics/{topic.id}", "topic.md.j2", index.threads.get(topic.id, []),
                                       lambda item: item.briefing, functools.partial(views.topic, topic, related))
        yield from self._split("quotes", N_("Quotes by speaker"), "quotes", views.all_quotes(site),
                               lambda item: item[0].briefing.as_of, lambda item: {item[0].folder},
                               functools.partial(views.quotes, site, index))
        yield from self._split("timeline", N_("Timeline"), "entries", index.timeline,
                               lambda entry: entry.date.lower, lambda entry: entry.folders, views.timeline)
        yield Page("diplomacy/index.md", "diplomacy.md.j2", functools.partial(views.diplomacy, site), all_folders)
        positions = views.positions_by_issue(site)
        for issue in sorted(site.issues.values(), key=lambda i: i.name):
            yield from self._by_period(f"diplomacy/{issue.id}", "issue.md.j2", positions.get(issue.id, []),
                                       lambda entry: entry[0], functools.partial(views.issue, site, issue, index=index))
        for document in sorted(site.documents.values(), key=lambda d: d.name.casefold()):
            yield Page(self.locate(document)[0], "document.md.j2", functools.partial(views.document, site, document),
                       all_folders)
        yield from self._split("sources", "Source register", "sources", views.all_sources(site), _source_day,
                               lambda source: {use.briefing.folder for use in index.source_uses.get(source.id, [])},
                               functools.partial(views.sources, site, index))
        yield Page("corrections/index.md", "corrections.md.j2", functools.partial(views.corrections, site),
                   frozenset(b.folder for b in site.briefings if b.briefing.corrections))
        yield from self._feeds()  # each edition its own, in its language
        if self.language.primary:
            yield from self._open_data()
            yield Page("robots.txt", None, lambda: {"text": _robots(self.info.url)}, frozenset())
        else:
            yield Page("data/index.md", "data.md.j2", views.open_data, frozenset())
        for bucket, names in sorted(views.search_names(site, self.url).items()):
            # Names come from the registry only: no briefing edit changes them.
            yield Page(f"names/{bucket:02d}.json", None, functools.partial(dict, data=names), frozenset())

    def briefing_pages(self, folders: Collection[str]) -> list[Page]:
        """The pages of the briefings in `folders` (each one's map, then its page) as the layout has
        them, without laying out the rest: the preview renders an edited briefing's first."""
        return [page for position, bundle in enumerate(self.site.briefings) if bundle.folder in folders
                for page in self._briefing(position, bundle)]

    def _briefing(self, position: int, bundle: BriefingBundle) -> Iterator[Page]:
        yield from self._map(views.briefing_map(self.site, self.index, bundle))  # before the page: its PDF shows it
        printout = self.locate(Printout(bundle))[0] if self.printouts else None
        yield Page(self.briefing_path(bundle), "briefing.md.j2",
                   functools.partial(views.briefing, self.site, self.index, bundle),
                   self._briefing_draws_on(position), printout=printout, briefing=bundle)

    def _map(self, view: views.MapView | None) -> Iterator[Page]:
        if view is not None:
            yield Page(self.locate(view.file)[0], None, functools.partial(view.svg, self.atlas, self.language),
                       view.draws_on)

    def _feeds(self) -> Iterator[Page]:
        site, index, name = self.site, self.index, self.info.name
        absolute = self.absolute
        language = self.info.language
        yield Page("feed.xml", None, functools.partial(feeds.atom, site, name, name, site.briefings,
                                                       absolute(Feed()), self.info.url, absolute, language), None)
        def distinct(bundles: Iterator[BriefingBundle]) -> list[BriefingBundle]:
            return list({b.folder: b for b in bundles}.values())  # newest first, as they come

        followed: list[tuple[Any, list[BriefingBundle]]] = [
            (topic, distinct(item.briefing for item in index.threads.get(topic.id, [])))
            for topic in site.topics.values()]
        followed += [(place, distinct(m.briefing for m in index.mentions.get(place.id, [])))
                     for place in site.places.values()]
        # A document's feed: the briefings that report its versions, positions on its terms, meetings and deadlines.
        followed += [(document, index.on_subject.get(f"document:{document.id}", []))
                     for document in site.documents.values()]
        for target, briefings in followed:
            yield Page(self.locate(Feed(target))[0], None,
                       functools.partial(feeds.atom, site, name, f"{name}: {target.name}", briefings,
                                         absolute(Feed(target)), absolute(target), absolute, language),
                       frozenset(b.folder for b in briefings))

    def _open_data(self) -> Iterator[Page]:
        site, absolute = self.site, self.absolute
        yield Page("data/index.md", "data.md.j2", views.open_data, frozenset())
        yield Page("data/record.json", None, functools.partial(opendata.record, site, self.info, absolute), None,
                   download=True)
        yield Page("data/record.schema.json", None, opendata.schema, frozenset())
        for kind in opendata.TABLES:
            yield Page(f"data/{kind}.csv", None, functools.partial(opendata.table, site, kind, absolute), None,
                       download=True)

    def absolute(self, target: Any) -> str:
        """The full address of anything a page can link to, for feeds and data read off the site."""
        anchor = self.locate(target)[1]
        return self.info.url + self.url(target) + (f"#{anchor}" if anchor else "")

    def updated(self, page: Page) -> dt.date:
        """When what `page` shows last changed: for a briefing, its latest correction or the newest later
        briefing that updates one of its items (which its page then lists); for other pages the newest
        as-of date or correction of the briefings it draws on (of all of them for an index)."""
        if page.briefing is not None:
            later = self.index.updated_by.get(page.briefing.briefing.id, [])
            return max([page.briefing.briefing.updated, *(bundle.briefing.as_of for bundle, _, _ in later)])
        if page.draws_on is None:
            bundles: Iterator[BriefingBundle] | list[BriefingBundle] = self.site.briefings
        else:
            bundles = (self._by_folder[f] for f in page.draws_on if f in self._by_folder)
        return max((b.briefing.updated for b in bundles), default=self.site.build_date)

    @functools.cached_property
    def _by_folder(self) -> dict[str, BriefingBundle]:
        return {bundle.folder: bundle for bundle in self.site.briefings}

    def _briefing_draws_on(self, position: int) -> frozenset[str]:
        """A briefing page shows its neighbours (navigation, what changed since the previous one),
        the earlier items it updates, and which actors it mentions first."""
        site = self.site
        bundle = site.briefings[position]
        folders = {bundle.folder}
        for neighbour in (position - 1, position + 1):
            if 0 <= neighbour < len(site.briefings):
                folders.add(site.briefings[neighbour].folder)
        own = bundle.briefing.id
        updating: list[Any] = [*bundle.situation.claims, *bundle.situation.figures, *bundle.situation.events,
                               *bundle.positions]
        for item in updating:
            earlier = site.updates.get(f"{own}/{item.id}")
            if earlier is not None:
                folders.add(earlier[0].folder)
        folders |= {later.folder for later, _, _ in self.index.updated_by.get(own, [])}
        # "What changed" compares it with the previous briefing on each of its threads.
        subjects = {key for item in kinds.items_of(bundle) for key in subjects_of(site, item)}
        folders |= {found.folder for key in subjects if (found := record.previous_on(self.index, bundle, key))}
        folders |= self._first_mentions_seen.get(bundle.folder, set())
        return frozenset(folders)

    @functools.cached_property
    def _first_mentions_seen(self) -> dict[str, set[str]]:
        """Briefing folder → the folders of the first mentions of the actors it mentions: its list
        of actors mentioned for the first time changes when one of those changes."""
        first = self.index.first_mentions
        return {folder: {first[i] for i in idents if i in first} for folder, idents in self.index.refers_to.items()}

    def _by_period(self, base: str, template: str, entries: list[Any], bundle_of: Callable[[Any], BriefingBundle],
                   view: Callable[[list[Any], str | None, list[tuple[Month, int]]], dict[str, Any]],
                   main: str | None = None) -> Iterator[Page]:
        """A page following something across briefings (`entries`, newest briefing first): the items of
        its newest RECENT briefings and a list of earlier periods; above that, a page per period at
        base/YYYY.md, or base/YYYY-MM.md for a year busier than PAGE_LIMIT entries."""
        path = main or f"{base}.md"
        before = self._records_before.get(path)
        if before is not None and before[0] is entries:
            laid_out = before[1]
        else:
            laid_out = list(_record_pages(base, path, entries, bundle_of))
        self._records[path] = (entries, laid_out)
        for page, shown, key, periods, folders in laid_out:
            yield Page(page, template, functools.partial(view, shown, key, periods), folders)

    def _split(self, section: str, title: str, noun: str, entries: list[Any], day: Callable[[Any], dt.date],
               folders: Callable[[Any], set[str] | frozenset[str]],
               view: Callable[[list[Any], str | None], dict[str, Any]],
               ) -> Iterator[Page]:
        """A section on one page, or, above SPLIT_ABOVE entries, a page per month and an index of months."""
        index_path = SECTIONS[section]
        if len(entries) <= SPLIT_ABOVE:
            yield Page(index_path, f"{section}.md.j2", functools.partial(view, entries, None), None)
            return
        pages = _section_pages(entries, day)
        listed = [(Month(section, key), len(items)) for key, items in pages.items()]
        yield Page(index_path, "months.md.j2", functools.partial(views.months, title, noun, listed), None)
        for key, items in pages.items():
            yield Page(f"{section}/{key}.md", f"{section}.md.j2", functools.partial(view, items, key),
                       frozenset().union(*(folders(entry) for entry in items)))


def _record_pages(base: str, path: str, entries: list[Any], bundle_of: Callable[[Any], BriefingBundle],
                  ) -> Iterator[RecordPage]:
    """Plan._by_period's pages: (path, the entries shown, the period, the periods listed, folders)."""
    # Each entry with its briefing, looked up once: an entity followed by 1,000 briefings has
    # thousands of entries, and every entity's pages are laid out on every build.
    pairs = [(entry, bundle_of(entry)) for entry in entries]
    folders = frozenset(bundle.folder for _, bundle in pairs)
    newest = list(dict.fromkeys(bundle.briefing.id for _, bundle in pairs))
    if len(newest) <= RECENT:
        yield path, entries, None, [], folders
        return
    recent = set(newest[:RECENT])
    pages = _periods(pairs)
    periods = [(Month(base, key), len({bundle.briefing.id for _, bundle in paired}))
               for key, paired in pages.items()]
    yield path, [entry for entry, bundle in pairs if bundle.briefing.id in recent], None, periods, folders
    for key, paired in pages.items():
        yield (f"{base}/{key}.md", [entry for entry, _ in paired], key, [],
               frozenset(bundle.folder for _, bundle in paired))


def _section_pages(entries: list[Any], day: Callable[[Any], dt.date],
                   together: Callable[[Any], Any] = id) -> dict[str, list[Any]]:
    """Pages of a month each (`entries` newest first), newest first, in parts of at most PAGE_LIMIT
    entries (see _parts)."""
    by_month: dict[str, list[Any]] = {}
    for entry in entries:
        by_month.setdefault(f"{day(entry):%Y-%m}", []).append(entry)
    pages: dict[str, list[Any]] = {}
    for month, items in sorted(by_month.items(), reverse=True):
        pages.update(_parts(month, items, together))
    return pages


def _source_day(source: model.Source) -> dt.date:
    return source.date.lower  # a source dated only "2024" is listed with January 2024's


def _periods(pairs: list[tuple[Any, BriefingBundle]]) -> dict[str, list[tuple[Any, BriefingBundle]]]:
    """The archive pages of a record (entries with their briefings, newest briefing first), newest
    first: a year per page ("2025"); a year holding more than PAGE_LIMIT entries a page per month
    ("2025-11"), in parts for a busier month, each briefing's entries on one page. A year's page
    keeps its address as long as the year stays quiet; past years do not change."""
    def day(pair: tuple[Any, BriefingBundle]) -> dt.date:
        return pair[1].briefing.as_of

    years: dict[str, list[tuple[Any, BriefingBundle]]] = {}
    year_of: dict[int, str] = {}  # id of a briefing → its year, formatted once
    for pair in pairs:
        year = year_of.get(id(pair[1]))
        if year is None:
            year = year_of[id(pair[1])] = f"{day(pair):%Y}"
        years.setdefault(year, []).append(pair)
    pages: dict[str, list[tuple[Any, BriefingBundle]]] = {}
    for year, items in sorted(years.items(), reverse=True):
        if len(items) <= PAGE_LIMIT:
            pages[year] = items
        else:
            pages.update(_section_pages(items, day, lambda pair: pair[1].folder))
    return pages


def _parts(month: str, items: list[Any], together: Callable[[Any], Any] = id) -> dict[str, list[Any]]:
    """A month's entries (newest first) on pages of at most PAGE_LIMIT: "2025-11", then "2025-11-2",
    filled from the oldest, so that a part keeps its entries as the month grows; entries with the
    same `together` key (one briefing's) stay on one page. Newest part first."""
    chunks: list[list[Any]] = []
    for _, run in itertools.groupby(reversed(items), key=together):
        group = list(run)
        if not chunks or len(chunks[-1]) + len(group) > PAGE_LIMIT:
            chunks.append([])
        chunks[-1].extend(group)
    return {(month if n == 1 else f"{month}-{n}"): chunk[::-1] for n, chunk in reversed(list(enumerate(chunks, 1)))}


def _robots(root: str) -> str:
    """robots.txt: every page may be read, and where the sitemap is (it names each page's
    translations as hreflang alternates)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {root}sitemap.xml\n"


def _unwrap(target: Any) -> Any:
    """What an index entry refers to: the item it stands for."""
    if isinstance(target, (Mention, TimelineEntry)):
        return target.item
    if isinstance(target, ThreadItem):
        return target.entry
    return target


def affected(plan: Plan, folders: set[str], before: Plan | None) -> set[str] | None:
    """The pages an edit of `folders` can change, by this plan and the one before the edit (a mention
    removed shows only in the old one); None when every page must be rendered again: the set of
    pages changed, or the newest date, which every page's footer shows."""
    if before is None or before.site.build_date != plan.site.build_date:
        return None
    return changed_pages(plan.draws_on(), before.draws_on(), folders)


def changed_pages(now: dict[str, frozenset[str] | None], then: dict[str, frozenset[str] | None],
                  folders: set[str]) -> set[str] | None:
    """The pages that show any of `folders`, now or before (each page's `draws_on`, see Plan.draws_on);
    None if the pages are not the same ones."""
    if now.keys() != then.keys():
        return None
    return {path for path, draws_on in [*now.items(), *then.items()]
            if draws_on is None or draws_on & folders} if folders else set()
