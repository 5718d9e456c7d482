"""Stage 4, render: the linked site → Markdown pages, through the Jinja2 templates.

This module shapes data for the templates (grouping, sorting, unit conversion) so that
the templates hold presentation only. Every value a template prints is escaped by
`markup.plain` unless a filter already made it safe; text from YAML is only ever passed
to templates as data, never compiled as a template itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import markup, model, record
from .dates import ReportedDate
from .link import APOSTROPHES, GRADE_WORDS, SECTION, Entity, Site
from .validate import BriefingBundle

# The generated part of docs/: the writer owns exactly these paths and nothing else.
GENERATED_DIRS = ("briefings", "people", "organisations", "places", "topics", "quotes", "timeline", "diplomacy",
                  "sources", "names")
GENERATED_FILES = ("index.md",)

# Imperial units get a metric conversion beside them: unit → (metric unit, factor).
METRIC = {
    "mile": ("km", 1.609344), "miles": ("km", 1.609344),
    "foot": ("m", 0.3048), "feet": ("m", 0.3048),
    "yard": ("m", 0.9144), "yards": ("m", 0.9144),
    "pound": ("kg", 0.45359237), "pounds": ("kg", 0.45359237),
    "square mile": ("km²", 2.589988), "square miles": ("km²", 2.589988),
}
CONFIDENCE = {"low": "low confidence", "moderate": "moderate confidence", "high": "high confidence"}
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
               6: "cannot be judged"}
# Apostrophe-like characters: Ukrainian names are written with any of them, or none (Куп'янськ,
# Куп’янськ, Купʼянськ, Купянськ). ʼ (U+02BC) counts as a letter, so search would not match it.

# Above this many entries the quotes and the timeline get a page per month, listed on their
# index page: as single pages they reached 7.8 MB each at 1,000 briefings, too much for a
# reader's phone, and the slowest pages for the engine and for the live preview.
SPLIT_ABOVE = 400


@dataclass(frozen=True)
class SiteInfo:
    """What the pages need to know about the site itself (from mkdocs.yml)."""

    name: str
    url: str


def render(site: Site, templates: Path, info: SiteInfo, wanted: Callable[[str], bool] | None = None,
           sink: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Every generated page, as {path relative to docs/: Markdown text}; only the paths
    `wanted` accepts, if given (the live preview re-renders what an edit can change).
    With a `sink`, each page is handed to it as soon as it is rendered and not kept."""
    env = _environment(templates)
    index = SiteIndex.of(site)
    pages: dict[str, str] = {}

    def emit(path: str, text: str) -> None:
        if sink is None:
            pages[path] = text
        else:
            sink(path, text)

    def page(path: str, template: str, **context: Any) -> None:
        if wanted is not None and not wanted(path):
            return
        root = "../" * path.count("/")
        emit(path, env.get_template(template).render(site=site, info=info, root=root, path=path, **context))

    page("index.md", "home.md.j2", briefing=site.latest and briefing_view(site, site.latest, index),
         control=record.current_control(site), assessments=record.latest_assessments(site),
         recent=site.briefings[:5])
    page("briefings/index.md", "briefings.md.j2")
    for bundle in site.briefings:
        path = f"briefings/{bundle.briefing.id}.md"
        if wanted is None or wanted(path):
            page(path, "briefing.md.j2", briefing=briefing_view(site, bundle, index))
    registers: list[tuple[str, str, list[Entity]]] = [
        ("people", "People", [*site.people.values()]),
        ("organisations", "Organisations", [*site.organisations.values()]),
        ("places", "Places", [*site.places.values()]),
    ]
    for section, title, members in registers:
        entries = sorted(members, key=lambda e: e.name.casefold())
        page(f"{section}/index.md", "entities.md.j2", title=title, section=section, entries=entries)
        for entity in entries:
            path = f"{section}/{entity.id}.md"
            if wanted is None or wanted(path):
                page(path, "entity.md.j2", entity=entity, section=section, view=entity_view(site, entity, index))
    topics = sorted(site.topics.values(), key=lambda t: t.name.casefold())
    page("topics/index.md", "topics.md.j2", topics=[(t, site.threads.get(t.id, [])) for t in topics])
    for topic in topics:
        path = f"topics/{topic.id}.md"
        if wanted is None or wanted(path):
            page(path, "topic.md.j2", topic=topic, briefings=record.thread_by_briefing(site.threads.get(topic.id, [])))
    quotes = all_quotes(site)
    if len(quotes) <= SPLIT_ABOVE:
        page("quotes/index.md", "quotes.md.j2", speakers=quotes_by_speaker(site), month=None)
    else:
        by_month = _by_month(quotes, lambda item: item[0].briefing.as_of)
        page("quotes/index.md", "months.md.j2", title="Quotes by speaker", noun="quotes",
             years=_month_list(by_month))
        for month, items in by_month.items():
            page(f"quotes/{month}.md", "quotes.md.j2", speakers=quotes_by_speaker(site, items),
                 month=_month_name(month))
    if len(site.timeline) <= SPLIT_ABOVE:
        page("timeline/index.md", "timeline.md.j2", years=timeline_by_year(site), month=None)
    else:
        by_month = _by_month(site.timeline, lambda entry: entry.date.lower)
        page("timeline/index.md", "months.md.j2", title="Timeline", noun="entries", years=_month_list(by_month))
        for month, entries in by_month.items():
            page(f"timeline/{month}.md", "timeline.md.j2", years=[(int(month[:4]), entries)],
                 month=_month_name(month))
    page("diplomacy/index.md", "diplomacy.md.j2", matrix=diplomacy_matrix(site))
    page("sources/index.md", "sources.md.j2",
         sources=sorted(site.sources.values(), key=lambda s: (s.date.sort_key, s.id), reverse=True))
    for bucket, names in sorted(search_names(site).items()):
        path = f"names/{bucket:02d}.json"
        if wanted is None or wanted(path):
            emit(path, json.dumps(names, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return pages


@functools.lru_cache(maxsize=8)
def _environment(templates: Path) -> jinja2.Environment:
    """One environment per template folder for the life of the process: the live preview
    re-renders with warm escaping caches, and Jinja reloads a template that was edited."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not a blank cell
        # Autoescape makes macro output Markup; `finalize` runs first and escapes every value
        # for Markdown and HTML at once (Jinja's own escaping knows only HTML).
        autoescape=True,
        finalize=_memoised(_finalize),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=_memoised(markup.inline), attr=markup.attr, external_link=markup.external_link,
                       date=format_date, number=format_number, amount=amount,
                       metric=metric, credibility=CREDIBILITY.get, reliability=GRADE_WORDS.get,
                       confidence=CONFIDENCE.get, url=entity_url, join=_join)
    env.globals.update(section_of=section_of, speaker_of=speaker_of)
    return env


def _memoised(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Cache a pure escaping function's results for text: names, titles and summaries recur on
    many pages, and escaping them again was a third of the render time."""
    cache: dict[str, Any] = {}

    def wrapper(value: Any) -> Any:
        if type(value) is not str:
            return function(value)
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = function(value)
            return result

    return wrapper


def _finalize(value: Any) -> Any:
    """Everything printed is escaped unless it is already safe Markup."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markup.plain(value)


def _join(items: Any, separator: str = "") -> Markup:
    """Jinja's join would HTML-escape only; escape each item for Markdown too."""
    return Markup(separator).join(_finalize(item) for item in items)  # separators come from templates


# --- formatting --------------------------------------------------------------------------


def format_date(value: dt.date | ReportedDate) -> str:
    """'13 November 2024'; a date as reported says how exact it is: 'about June 2024', 'since …, ongoing'."""
    if isinstance(value, ReportedDate):
        return value.label()
    return f"{value.day} {value:%B %Y}"


def format_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{_decimals(value)}f}"


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 2


def amount(figure: model.Figure) -> str:
    """A figure as a reader reads it: 'about 3,000 people', '4,000–6,000 people'."""
    number = format_number(figure.value)
    if figure.upper is not None:
        number += f"–{format_number(figure.upper)}"
    return " ".join(part for part in (figure.qualifier or "", number, figure.unit) if part)


def metric(figure: model.Figure) -> str:
    """'≈ 2.4 km' for 1.5 miles: rounded to as many significant digits as the figure has
    (at least two), so the conversion never looks more precise than the original."""
    if figure.unit.lower() not in METRIC:
        return ""
    unit, factor = METRIC[figure.unit.lower()]
    numbers = [_converted(figure.value, factor)]
    if figure.upper is not None:
        numbers.append(_converted(figure.upper, factor))
    return f"≈ {'–'.join(numbers)} {unit}"


def _converted(value: float, factor: float) -> str:
    converted = value * factor
    digits = max(2, _significant_digits(value))
    magnitude = math.floor(math.log10(abs(converted))) if converted else 0
    return format_number(round(converted, digits - 1 - magnitude))


def _significant_digits(value: float) -> int:
    text = format_number(value).replace(",", "").replace(".", "").lstrip("0")
    return max(1, len(text))


# --- shaping data for the templates -------------------------------------------------------


def speaker_of(site: Site, quote: model.Quote) -> model.Person | model.Organisation | None:
    """Who a quote is attributed to: its speaker, or, when the source does not name one, the
    publisher of the source that carries it."""
    if quote.speaker is not None:
        return site.actor(quote.speaker)
    return site.publisher(site.sources[quote.source])


def section_of(entity: Entity) -> str:
    return SECTION[type(entity)]


def entity_url(entity: Entity, root: str) -> str:
    return f"{root}{section_of(entity)}/{entity.id}.md"


@dataclass(frozen=True)
class SiteIndex:
    """Reverse lookups built once per render, so that each page's view costs what the page
    shows rather than a scan of the whole site (which made rendering quadratic in N)."""

    briefings: dict[str, BriefingBundle]
    sources_used: dict[int, set[str]]  # id(bundle) → ids of the sources it uses
    quotes_by: dict[str, list[tuple[BriefingBundle, model.Quote]]]
    published_by: dict[str, list[model.Source]]
    members_of: dict[str, list[model.Person]]
    places_in: dict[str, list[model.Place]]
    first_mentions: dict[str, str]  # entity id → the earliest briefing that mentions it

    @classmethod
    def of(cls, site: Site) -> SiteIndex:
        sources_used: dict[int, set[str]] = defaultdict(set)
        for sid, uses in site.source_uses.items():
            for mention in uses:
                sources_used[id(mention.briefing)].add(sid)
        quotes_by: dict[str, list[tuple[BriefingBundle, model.Quote]]] = defaultdict(list)
        for bundle in site.briefings:
            for quote in bundle.quotes:
                quotes_by[quote.speaker or site.sources[quote.source].publisher].append((bundle, quote))
        published_by: dict[str, list[model.Source]] = defaultdict(list)
        for source in site.sources.values():
            published_by[source.publisher].append(source)
        members_of: dict[str, list[model.Person]] = defaultdict(list)
        for person in site.people.values():
            if person.affiliation is not None:
                members_of[person.affiliation].append(person)
        places_in: dict[str, list[model.Place]] = defaultdict(list)
        for place in site.places.values():
            if place.region is not None:
                places_in[place.region].append(place)
        return cls({b.briefing.id: b for b in site.briefings}, dict(sources_used), dict(quotes_by),
                   dict(published_by), dict(members_of), dict(places_in), record.first_mentioned(site))


def briefing_view(site: Site, bundle: BriefingBundle, index: SiteIndex | None = None) -> dict[str, Any]:
    """A briefing arranged for its page: claims by topic, positions by issue, sources used."""
    index = index or SiteIndex.of(site)
    topics: dict[str, list[model.Claim]] = defaultdict(list)
    for claim in bundle.situation.claims:
        topics[claim.topic].append(claim)
    assessed = {a.topic: a for a in bundle.situation.assessments}
    positions: dict[str, list[model.Position]] = defaultdict(list)
    for position in bundle.positions:
        positions[position.issue].append(position)
    used = sorted(index.sources_used.get(id(bundle), ()))
    previous, following = record.neighbours(site, bundle)
    return {
        "bundle": bundle,
        "head": bundle.briefing,
        # Each topic of the claims board opens with the editors' assessment of it, if any.
        "topics": [(site.topics[t], claims, assessed.get(t)) for t, claims in topics.items() if t in site.topics],
        "assessments": [(site.topics[a.topic], a) for a in bundle.situation.assessments
                        if a.topic in site.topics and a.topic not in topics],
        "control": sorted(bundle.situation.control, key=lambda c: (c.place, c.date.sort_key), reverse=True),
        "changes": record.changes(site, bundle, index.first_mentions),
        "previous": previous,
        "next": following,
        "events": sorted(bundle.situation.events, key=lambda e: (e.date.sort_key, e.id)),
        "background": bundle.situation.background,  # editor order: anchors follow it
        "figures": bundle.situation.figures,
        "quotes": bundle.quotes,
        "quotes_by_id": {q.id: q for q in bundle.quotes},
        "positions": [(site.issues[i], ps) for i, ps in positions.items() if i in site.issues],
        "sources": [site.sources[s] for s in used],
    }


def entity_view(site: Site, entity: Entity, index: SiteIndex | None = None) -> dict[str, Any]:
    index = index or SiteIndex.of(site)
    mentions = site.mentions.get(entity.id, [])
    by_briefing: dict[str, list[Any]] = defaultdict(list)
    for mention in mentions:
        by_briefing[mention.briefing.briefing.id].append(mention)
    briefings = index.briefings
    quotes = index.quotes_by.get(entity.id, [])
    published = sorted(index.published_by.get(entity.id, []), key=lambda s: s.date.sort_key)
    members = sorted(index.members_of.get(entity.id, []), key=lambda p: p.name)
    within = sorted(index.places_in.get(entity.id, []), key=lambda p: p.name)
    return {
        "spellings": extra_spellings(entity.name, entity.aliases),
        "mentions": [(briefings[bid], ms) for bid, ms in by_briefing.items()],
        "quotes": quotes,
        "sources": published,
        "members": members,
        "places_within": within,
        "affiliation": site.organisations.get(getattr(entity, "affiliation", None) or ""),
        "parent": site.organisations.get(getattr(entity, "parent", None) or ""),
        "control": site.control_claims.get(entity.id, []),
        "control_assessments": site.control_assessments.get(entity.id, []),
        "region": site.places.get(getattr(entity, "region", None) or ""),
    }


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


def search_names(site: Site) -> dict[int, dict[str, list[list[str]]]]:
    """{bucket: {search key: [[page URL, name], …]}} for every person, organisation and place:
    the search page puts a page first when the query is exactly one of its names. Plain JSON
    files rather than a Pagefind filter, whose index files differ from build to build."""
    names: dict[str, list[tuple[bool, str, str]]] = defaultdict(list)
    for table in (site.people, site.organisations, site.places):
        for entity in table.values():
            owned = {search_key(n) for n in (entity.name, *entity.aliases)}
            for key in search_keys(entity):
                # An entry that has the key as its name or alias ranks before one that has it only
                # as a surname: no entry comes first for a name it does not own.
                names[key].append((key not in owned, f"{section_of(entity)}/{entity.id}/", entity.name))
    buckets: dict[int, dict[str, list[list[str]]]] = defaultdict(dict)
    for key, pages in names.items():
        buckets[name_bucket(key)][key] = [[url, name] for _, url, name in sorted(pages)]
    return dict(buckets)


def extra_spellings(name: str, aliases: list[str]) -> list[str]:
    """Apostrophe-free forms of the data's names that the data does not list itself, so a
    reader typing a name without (or with another) apostrophe still finds the page."""
    known = {name, *aliases}
    bare = (unicodedata.normalize("NFC", n).translate({ord(c): None for c in APOSTROPHES}) for n in known)
    return sorted({b for b in bare if b not in known})


def all_quotes(site: Site) -> list[tuple[BriefingBundle, model.Quote]]:
    return [(bundle, quote) for bundle in site.briefings for quote in bundle.quotes]


def quotes_by_speaker(site: Site, quotes: list[tuple[BriefingBundle, model.Quote]] | None = None,
                      ) -> list[tuple[Entity, list[tuple[BriefingBundle, model.Quote]]]]:
    grouped: dict[str, list[tuple[BriefingBundle, model.Quote]]] = defaultdict(list)
    for bundle, quote in all_quotes(site) if quotes is None else quotes:
        grouped[quote.speaker or site.sources[quote.source].publisher].append((bundle, quote))
    speakers = [(site.actor(sid), items) for sid, items in grouped.items()]
    return sorted(((s, i) for s, i in speakers if s is not None), key=lambda si: si[0].name.casefold())


def timeline_by_year(site: Site) -> list[tuple[int, list[Any]]]:
    years: dict[int, list[Any]] = defaultdict(list)
    for entry in site.timeline:  # newest first
        years[entry.date.lower.year].append(entry)
    return sorted(years.items(), reverse=True)


def month_page(section: str, day: dt.date) -> str:
    """The page of `section` (quotes, timeline) that shows `day`'s entries once they are split by month."""
    return f"{section}/{day:%Y-%m}.md"


def split_sections(site: Site) -> tuple[bool, bool]:
    """Whether the quotes and the timeline are split into a page per month."""
    return len(all_quotes(site)) > SPLIT_ABOVE, len(site.timeline) > SPLIT_ABOVE


def _by_month(items: list[Any], day: Callable[[Any], dt.date]) -> dict[str, list[Any]]:
    """Items grouped by 'YYYY-MM' of their date, newest month first, order kept within a month."""
    months: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        months[f"{day(item):%Y-%m}"].append(item)
    return dict(sorted(months.items(), reverse=True))


def _month_name(month: str) -> str:
    return f"{dt.date(int(month[:4]), int(month[5:]), 1):%B %Y}"


def _month_list(by_month: dict[str, list[Any]]) -> list[tuple[int, list[tuple[str, str, int]]]]:
    """[(year, [(month name, page slug, number of items)])], newest first."""
    years: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for month, items in by_month.items():
        years[int(month[:4])].append((_month_name(month), month, len(items)))
    return sorted(years.items(), reverse=True)


def diplomacy_matrix(site: Site) -> dict[str, Any]:
    """Actors × issues; each cell holds the positions (newest briefing first) behind it."""
    cells: dict[tuple[str, str], list[tuple[BriefingBundle, model.Position]]] = defaultdict(list)
    for bundle in site.briefings:
        for position in bundle.positions:
            cells[(position.actor, position.issue)].append((bundle, position))
    names = {a: actor.name for a, _ in cells if (actor := site.actor(a))}
    actor_ids = sorted(names, key=lambda a: names[a].casefold())
    issues = sorted(site.issues.values(), key=lambda i: i.name)
    return {
        "issues": issues,
        "rows": [(site.actor(a), [(i, cells.get((a, i.id), [])) for i in issues]) for a in actor_ids],
    }
