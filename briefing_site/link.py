"""Stage 3, link: resolve every reference across files and check what no single file can.

Nothing is written until this stage has seen every file: an unknown id is an error with
a position and a "did you mean" hint, never an empty cell on the site. The items of a
briefing are checked by walking one table (`items.KINDS`); the site's reverse lookups are
built afterwards, in their own stage (`index`).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import model
from .dates import ReportedDate
from .items import Item, day, items_of, source_ids
from .problems import Problem, did_you_mean, errors_only, quoted_value
from .validate import BriefingBundle, Corpus

Entity = model.Person | model.Organisation | model.Place

# Ids that name pages (entities, briefings) must not be a section's own index page, nor a
# device name Windows refuses as a file name (a checkout there would fail).
RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                          *(f"lpt{i}" for i in range(1, 10))})


@dataclass(frozen=True)
class Table:
    """What a reference must name, for the message when it names nothing."""

    noun: str
    where: str


ACTOR = Table("person or organisation", "registry/people.yaml or registry/organisations.yaml")
ENTITY = Table("person, organisation or place", "registry/people.yaml, organisations.yaml or places.yaml")
PLACE = Table("place", "registry/places.yaml")
SOURCE = Table("source", "registry/sources.yaml")
ISSUE = Table("diplomacy issue", "registry/issues.yaml")
ORGANISATION = Table("organisation", "registry/organisations.yaml")
TOPIC = Table("topic", "registry/topics.yaml")
DOCUMENT = Table("document", "registry/documents.yaml")


GRADES = "ABCDEF"  # best first; F (cannot be judged) counts as the weakest


@dataclass(frozen=True)
class Provenance:
    """How far a reader can trust a source: its own grade, and the grade it effectively has when
    it is known only through other sources ('via'), which is never better than the weakest link."""

    grade: model.Reliability  # the effective grade
    own: model.Reliability
    chain: tuple[model.Source, ...]  # the sources it is known through, nearest first

    @property
    def weaker(self) -> bool:
        return self.grade != self.own

    @property
    def explanation(self) -> str:
        # Grades only, no titles: this text goes into attributes, where editor text has no place.
        text = f"{self.own}: {self.own.label}"
        if self.weaker:
            links = " → ".join(f"a source graded {s.reliability.value}" for s in self.chain)
            text += f"; known only via {links}, so it counts as {self.grade}: {self.grade.label}"
        return text


def provenance(sources: dict[str, model.Source]) -> dict[str, Provenance]:
    """Every source's effective grade: the weakest along its chain of 'via' sources."""
    result = {}
    for ident, source in sources.items():
        chain: list[model.Source] = []
        seen = {ident}
        via = source.via
        while via is not None and via in sources and via not in seen:
            seen.add(via)
            chain.append(sources[via])
            via = sources[via].via
        grade = max([source.reliability, *(s.reliability for s in chain)], key=GRADES.index)
        result[ident] = Provenance(grade, source.reliability, tuple(chain))
    return result


@dataclass
class Site:
    """The registry and the briefings, every reference checked; `index` builds the lookups."""

    people: dict[str, model.Person]
    organisations: dict[str, model.Organisation]
    places: dict[str, model.Place]
    sources: dict[str, model.Source]
    issues: dict[str, model.DiplomacyIssue]
    topics: dict[str, model.Topic]
    briefings: list[BriefingBundle]  # newest first
    documents: dict[str, model.Document] = field(default_factory=dict)
    # 'briefing-id/item-id' of an item → the earlier item it updates (claims, figures, events,
    # positions, and versions of documents: what they revise).
    updates: dict[str, tuple[BriefingBundle, Any]] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def entity(self, ident: str) -> Entity | None:
        return self.people.get(ident) or self.organisations.get(ident) or self.places.get(ident)

    def actor(self, ident: str) -> model.Person | model.Organisation | None:
        return self.people.get(ident) or self.organisations.get(ident)

    def publisher(self, source: model.Source) -> model.Person | model.Organisation | None:
        return self.actor(source.publisher)

    @property
    def latest(self) -> BriefingBundle | None:
        return self.briefings[0] if self.briefings else None

    @functools.cached_property
    def build_date(self) -> dt.date:
        """The newest as-of date: a content-derived date, so rebuilds are reproducible. Worked out
        once: the checks ask for it per briefing, and the briefings do not change once linked."""
        return max((b.briefing.as_of for b in self.briefings), default=dt.date(2000, 1, 1))


def today_somewhere() -> dt.date:
    """The latest date it is anywhere on Earth (UTC+14): a date is 'in the future' only once it is
    in the future everywhere, so the same files check the same on every machine, whatever its time zone."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def link(corpus: Corpus, today: dt.date | None = None) -> Site:
    """Resolve references and check across files; the problems found are in `site.problems`."""
    site = Site(
        people={p.id: p for p in corpus.people},
        organisations={o.id: o for o in corpus.organisations},
        places={p.id: p for p in corpus.places},
        sources={s.id: s for s in corpus.sources},
        issues={i.id: i for i in corpus.issues},
        topics={t.id: t for t in corpus.topics},
        briefings=sorted(corpus.briefings, key=lambda b: (b.briefing.as_of, b.briefing.id), reverse=True),
        documents={d.id: d for d in corpus.documents},
    )
    site.provenance = provenance(site.sources)
    checker = _Checker(corpus, site, today or today_somewhere())
    checker.run()
    site.problems = corpus.problems + checker.problems
    return site


@dataclass(eq=False)
class Linked:
    """What checking one briefing gave: its problems, the registry ids it used, the updates it made."""

    bundle: BriefingBundle | None  # None: the registry's own checks
    context: tuple[Any, ...]  # the registry's entries, the day, what the registry's own check left
    problems: list[Problem]
    used: set[str]
    updates: dict[str, tuple[BriefingBundle, Any]]

    def still(self, bundle: BriefingBundle, by_id: dict[str, BriefingBundle]) -> bool:
        """Whether checking `bundle` now would give the same, its context aside (_Checker.same_context):
        the very same bundle, and the briefings its updates name. A briefing with problems is
        checked again (their hints may name other briefings)."""
        return (bundle is self.bundle and not self.problems
                and all(by_id.get(earlier.briefing.id) is earlier for earlier, _ in self.updates.values()))


def registry_entries(site: Site) -> tuple[tuple[Any, ...], ...]:
    """The registry's entries, table by table: what work kept per briefing (its index part, what
    linking it gave) depends on besides the briefing, compared by identity (same_entries)."""
    return tuple(tuple(table.values()) for table in (
        site.people, site.organisations, site.places, site.sources, site.issues, site.topics, site.documents))


def same_entries(a: tuple[tuple[Any, ...], ...], b: tuple[tuple[Any, ...], ...]) -> bool:
    """Whether two registries hold the very same entry objects (the file cache gives an unchanged
    file's entries as the same; the earlier entries are kept alive, so no id is reused)."""
    return len(a) == len(b) and all(len(x) == len(y) and all(p is q for p, q in zip(x, y, strict=True))
                                    for x, y in zip(a, b, strict=True))


def _same_context(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    (registry_a, *rest_a), (registry_b, *rest_b) = a, b
    return rest_a == rest_b and same_entries(registry_a, registry_b)


class _Checker:
    """Collects cross-file problems: every reference resolves, every date is possible."""

    def __init__(self, corpus: Corpus, site: Site, today: dt.date):
        self.corpus, self.site, self.today = corpus, site, today
        self.problems: list[Problem] = []
        self.used: set[str] = set()
        self.latest: dict[str, tuple[dt.date, model.Strict, str, str]] = {}
        # Every briefing's claims and figures by id, for 'updates' references across briefings.
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        for bundle in site.briefings:
            self.items[(bundle.briefing.id, "claim")] = {c.id: c for c in bundle.situation.claims}
            self.items[(bundle.briefing.id, "figure")] = {f.id: f for f in bundle.situation.figures}
            self.items[(bundle.briefing.id, "event")] = {e.id: e for e in bundle.situation.events}
            self.items[(bundle.briefing.id, "position")] = {p.id: p for p in bundle.positions}
            self.items[(bundle.briefing.id, "version")] = {v.id: v for v in bundle.versions}
        # Lookup tables built once, not per reference (the merge order is the one each check used).
        self.actors = {**site.people, **site.organisations}
        self.publishers = {**site.organisations, **site.people}
        self.entities = {**site.people, **site.organisations, **site.places}
        # What each `items.Ref.table` names, and how a message calls it.
        self.tables: dict[str, tuple[dict[str, Any], Table]] = {
            "actor": (self.actors, ACTOR), "entity": (self.entities, ENTITY), "place": (site.places, PLACE),
            "source": (site.sources, SOURCE), "topic": (site.topics, TOPIC), "issue": (site.issues, ISSUE),
            "document": (site.documents, DOCUMENT)}
        self.own_checks: dict[str, Callable[[Item], None]] = {
            "claim": self.check_claim, "figure": self.check_figure, "quote": self.check_quote,
            "event": self.check_event, "position": self.check_position, "version": self.check_version}
        # What a briefing's check depends on besides the briefing (see check_briefing): the
        # registry's entries, by identity (the file cache gives an unchanged file's as the same).
        self.context = (registry_entries(site), today, corpus.registry_complete, frozenset(corpus.broken_ids),
                        corpus.languages)
        self.known_contexts: dict[int, bool] = {}  # id() of a kept result's context → whether it is this one
        self.by_id = {bundle.briefing.id: bundle for bundle in site.briefings}

    # -- reporting ------------------------------------------------------------------

    def report(self, obj: model.Strict, name: str | None, message: str, hint: str = "",
               severity: str = "error", *, key: bool = False) -> None:
        file, line, col = self.corpus.locate(obj, name, key=key)
        self.problems.append(Problem(file, line, col, self.corpus.field_path(obj, name), message, hint, severity))

    def ref(self, obj: model.Strict, name: str, ident: str | None, table: dict[str, Any], what: Table,
            index: int | None = None) -> Any:
        """Resolve one reference, reporting an unknown id with the closest known one."""
        if ident is None:
            return None
        self.used.add(ident)
        if ident in table:
            return table[ident]
        if ident in self.corpus.broken_ids or not self.corpus.registry_complete:
            return None  # the entry itself is already reported as broken, or the registry could not be read
        field_name = f"{name}[{index}]" if index is not None else name
        hint = did_you_mean(ident, table) or self._elsewhere(ident, what) or (
            f"add '{ident}' to {what.where} first, or correct the id")
        file, line, col = self.locate_at(obj, name, index)
        wrong = f"speaker '{ident}' is not in the registry" if name == "speaker" else (
            f"unknown {what.noun} id '{ident}'")
        self.problems.append(Problem(file, line, col, self.corpus.field_path(obj, field_name),
                                     f"{wrong} (expected an id listed in {what.where})", hint))
        return None

    def _elsewhere(self, ident: str, what: Table) -> str:
        """The hint for an id that names an entry of another kind (`speaker: pokrovsk`, a place): adding
        it where it was expected would clash with that entry, so say what it is instead."""
        s = self.site
        for where, entries in (("registry/places.yaml", s.places), ("registry/people.yaml", s.people),
                               ("registry/organisations.yaml", s.organisations), ("registry/topics.yaml", s.topics),
                               ("registry/issues.yaml", s.issues), ("registry/sources.yaml", s.sources),
                               ("registry/documents.yaml", s.documents)):
            if ident in entries and where not in what.where:
                return (f"'{ident}' is listed in {where}, not in {what.where}: an id names one entry only, so "
                        f"correct it to the {what.noun} meant here (a new one needs an id of its own)")
        return ""

    def refs(self, obj: model.Strict, name: str, idents: list[str], table: dict[str, Any], what: Table) -> list[Any]:
        found = [self.ref(obj, name, ident, table, what, i) for i, ident in self.once(obj, name, idents)]
        return [f for f in found if f is not None]

    def once(self, obj: model.Strict, name: str, idents: list[str]) -> list[tuple[int, str]]:
        """(index, id) of each id listed, without repeats: a repeated id is an error at its position
        (and is not followed), so that no list can multiply what a page shows."""
        first: dict[str, int] = {}
        kept: list[tuple[int, str]] = []
        for i, ident in enumerate(idents):
            if ident in first:
                if i - len(kept) <= 3:  # the first three repeats of a list, not 99,000 of them
                    self.report_at(obj, name, i, f"'{ident}' is listed twice (first as item {first[ident] + 1})",
                                   "remove the repeat: each id counts once")
                continue
            first[ident] = i
            kept.append((i, ident))
        return kept

    def locate_at(self, obj: model.Strict, name: str, index: int | str | None) -> tuple[str, int, int]:
        """(file, line, column) of item `index` of a list field, or of key `index` of a mapping (of
        the field itself when None)."""
        file, line, col = self.corpus.locate(obj, name)
        doc = self.corpus.files.get(file)
        if index is not None and doc:
            line, col = doc.locate((*obj._origin[1], name, index), key=isinstance(index, str))  # a mapping's key
        return file, line, col

    def report_at(self, obj: model.Strict, name: str, index: int | str, message: str, hint: str,
                  severity: str = "error") -> None:
        file, line, col = self.locate_at(obj, name, index)
        field = f"{name}[{index}]" if isinstance(index, int) else f"{name}.{index}"
        self.problems.append(Problem(file, line, col, self.corpus.field_path(obj, field), message, hint, severity))

    # -- the checks -----------------------------------------------------------------

    def run(self) -> None:
        self.check_unique_ids()
        self.check_page_ids()
        self.check_registry_itself()
        for bundle in self.site.briefings:
            self.check_briefing(bundle)
        if not errors_only([*self.corpus.problems, *self.problems]):
            self.check_unused()  # with errors, the picture of what is used is incomplete

    def check_unique_ids(self) -> None:
        """Ids must be unique, also ignoring case, across people, organisations and places."""
        groups: list[tuple[str, Iterable[Any]]] = [
            ("person, organisation or place", [*self.corpus.people, *self.corpus.organisations, *self.corpus.places]),
            ("source", self.corpus.sources),
            ("issue", self.corpus.issues),
            ("topic", self.corpus.topics),
            ("document", self.corpus.documents),
            ("briefing", [b.briefing for b in self.corpus.briefings]),
        ]
        self.check_ids_unique_within(groups)

    def check_ids_unique_within(self, groups: list[tuple[str, Iterable[Any]]]) -> None:
        for what, items in groups:
            seen: dict[str, Any] = {}
            for item in items:
                folded = item.id.casefold()
                if folded in seen:
                    first_file, first_line, _ = self.corpus.locate(seen[folded], "id")
                    same = "" if seen[folded].id == item.id else f" (differs only by case from '{seen[folded].id}')"
                    self.report(item, "id", f"duplicate {what} id '{item.id}'{same}",
                                f"first defined at {first_file}:{first_line}; give this one another id")
                else:
                    seen[folded] = item

    def check_page_ids(self) -> None:
        """Ids that become file names must be safe as file names everywhere."""
        named: list[Entity | model.Briefing] = [*self.corpus.people, *self.corpus.organisations,
                                                 *self.corpus.places, *(b.briefing for b in self.corpus.briefings)]
        for item in named:
            if item.id in RESERVED_IDS:
                why = ("names the section's own index page" if item.id == "index"
                       else "is a device name that Windows cannot use as a file name")
                self.report(item, "id", f"id '{item.id}' is reserved: it {why}",
                            f"choose another id, e.g. '{item.id}-1'")

    def check_registry_itself(self) -> None:
        """The registry's own checks (its references, dates, addresses and names), or what they gave
        last time (the live preview's file cache keeps it) for the same entries and context."""
        cache = self.corpus.cache
        kept = cache.registry_linked if cache is not None else None
        if isinstance(kept, Linked) and not kept.problems and self.same_context(kept.context):
            self.used |= kept.used
            return
        problems, used = len(self.problems), self.used
        self.used = set()
        try:
            self.check_registry()
            self.check_names()
        finally:
            mine, self.used = self.used, used
            used.update(mine)
        if cache is not None:
            cache.registry_linked = Linked(None, self.context, self.problems[problems:], mine, {})

    def check_registry(self) -> None:
        s = self.site
        for entry in (*s.people.values(), *s.organisations.values(), *s.places.values(), *s.sources.values()):
            self.check_translations(entry)
        for person in s.people.values():
            self.ref(person, "affiliation", person.affiliation, s.organisations, ORGANISATION)
            for span in person.roles:
                self.check_translations(span)
                for name in ("since", "until"):
                    if getattr(span, name) is not None:
                        self.check_date(span, name, getattr(span, name))
                if span.since is not None and span.until is not None and span.until.lower < span.since.lower:
                    self.report(span, "until", f"a role cannot end before it begins (expected {span.since} or "
                                "later)", "check the two dates; 'since' is when it began, 'until' when it ended")
            self.used.discard(person.affiliation or "")  # being someone's employer is not a use
        for place in s.places.values():
            self.ref(place, "region", place.region, s.places, PLACE)
        for org in s.organisations.values():
            self.ref(org, "parent", org.parent, s.organisations, ORGANISATION)
            self.used.discard(org.parent or "")  # containing a unit is not a use
        for topic in s.topics.values():
            self.refs(topic, "places", topic.places, s.places, PLACE)
            self.check_translations(topic)
        for issue in s.issues.values():
            self.refs(issue, "topics", issue.topics, s.topics, TOPIC)
            self.check_translations(issue)
        for document in s.documents.values():
            self.refs(document, "topics", document.topics, s.topics, TOPIC)
            self.check_translations(document)
            self.ref(document, "answers", document.answers, s.documents, DOCUMENT)
            self.used.discard(document.answers or "")  # being answered is not a use
            self.check_ids_unique_within([("term of the document", document.terms)])
            for term in document.terms:
                self.ref(term, "issue", term.issue, s.issues, ISSUE)
        for source in s.sources.values():
            self.ref(source, "publisher", source.publisher, self.publishers, ACTOR)
            self.ref(source, "via", source.via, s.sources, SOURCE)
            self.check_date(source, "date", source.date)

    def check_names(self) -> None:
        """A name or alias belongs to one entry: two entries whose names agree once case, apostrophes,
        invisible characters and look-alike letters are set aside would let one take over the other's
        search results (a person named "Kupiansk", a second "Michael Waltz" with a Cyrillic "а")."""
        owners: dict[str, tuple[Entity, str, int | str | None]] = {}
        entities: list[Entity] = [*self.corpus.people, *self.corpus.organisations, *self.corpus.places]
        for entity in entities:
            # The name in each language is a name too: on /uk/ it is the page's heading, and search
            # finds the entry by it.
            spelled: list[tuple[str, int | str | None, str]] = [
                ("name", None, entity.name), *(("names", code, n) for code, n in sorted(entity.names.items())),
                *(("aliases", i, a) for i, a in enumerate(entity.aliases))]
            for field_name, index, name in spelled:
                invisible = next((c for c in name if unicodedata.category(c) == "Cf"), None)
                if invisible is not None:
                    self.report_field(entity, field_name, index, f"invisible character U+{ord(invisible):04X} in "
                                      f"a name", "remove it: readers cannot see it, and it makes one name look "
                                      "like another")
                    continue
                key = name_skeleton(name)
                owner = owners.get(key)
                if owner is None:
                    owners[key] = (entity, field_name, index)
                elif owner[0] is not entity:  # reported at both: either may be the one added by mistake
                    hint = "a name or alias identifies one entry: remove it from one of them, or merge the two"
                    for this, this_field, this_index, that in ((entity, field_name, index, owner[0]),
                                                                (*owner, entity)):
                        file, line, _ = self.corpus.locate(that, "id")
                        self.report_field(this, this_field, this_index,
                                          f"'{quoted_value(name)}' is also a name of {type(that).__name__.lower()} "
                                          f"'{that.id}' ({file}:{line})", hint)

    def report_field(self, obj: model.Strict, name: str, index: int | str | None, message: str, hint: str) -> None:
        if index is None:
            self.report(obj, name, message, hint)
        else:
            self.report_at(obj, name, index, message, hint)

    def check_briefing(self, b: BriefingBundle) -> None:
        """Check one briefing, or take what checking it gave last time (the live preview's file
        cache keeps it): the same bundle, registry and day, and the briefings its `updates` name
        unchanged, give the same problems, ids used and updates."""
        cache = self.corpus.cache
        memo = cache.linked.get(b.folder) if cache is not None else None
        if memo is not None and memo.still(b, self.by_id) and self.same_context(memo.context):
            self.problems.extend(memo.problems)
            self.used |= memo.used
            self.site.updates.update(memo.updates)
            return
        # This briefing's own ids used and updates, apart from the others', then added to them.
        problems, used, updates = len(self.problems), self.used, self.site.updates
        self.used, self.site.updates = set(), {}
        try:
            self._check_briefing(b)
        finally:
            mine, self.used = self.used, used
            made, self.site.updates = self.site.updates, updates
            used.update(mine)
            updates.update(made)
        if cache is not None:
            cache.linked[b.folder] = Linked(b, self.context, self.problems[problems:], mine, made)

    def same_context(self, other: tuple[Any, ...]) -> bool:
        """Whether a kept result's context is this check's: compared once per context object (the
        results of one check share theirs), not once per briefing (2 million comparisons)."""
        if other is self.context:
            return True
        known = self.known_contexts.get(id(other))
        if known is None:
            known = self.known_contexts[id(other)] = _same_context(other, self.context)
        return known

    def _check_briefing(self, b: BriefingBundle) -> None:
        head = b.briefing
        # Within one briefing, ids are unique per kind.
        self.check_ids_unique_within([
            ("event", b.situation.events), ("claim", b.situation.claims), ("figure", b.situation.figures),
            ("quote", b.quotes), ("control claim", b.situation.control), ("assessment", b.situation.assessments),
            ("position", b.positions), ("version", b.versions)])
        if head.id != b.folder:
            self.report(head, "id", f"briefing id '{head.id}' differs from its folder name '{b.folder}'",
                        f"set id: {b.folder}, or rename the folder")
        s = b.situation
        items = sum(len(kind) for kind in (s.events, s.claims, s.control, s.assessments, s.figures, s.background,
                                            b.quotes, b.positions, b.versions))
        if items > model.MAX_BRIEFING_ITEMS:
            self.report(head, "id", f"the briefing holds {items} items (at most {model.MAX_BRIEFING_ITEMS} in all: "
                        "events, claims, control claims, assessments, figures, background, quotes, positions and "
                        "versions)",
                        "its page and PDF stay readable within this bound: move the oldest items to the earlier "
                        "briefing they belong to, or split this one by topic")
        self.check_date(head, "as_of", head.as_of)
        for correction in head.corrections:
            self.check_date(correction, "date", correction.date)
            if correction.date < head.as_of:
                self.report(correction, "date", f"a correction dated before the briefing (expected {head.as_of} or "
                            f"later, got {correction.date})",
                            "date it the day the briefing was corrected; what a briefing said before it was "
                            "published is no correction")
        tables = {**self.tables,
                  "quote": ({q.id: q for q in b.quotes}, Table("quote", f"briefings/{b.folder}/quotes.yaml")),
                  "figure": ({f.id: f for f in b.situation.figures},
                             Table("figure", f"the figures of briefings/{b.folder}/situation.yaml"))}
        for item in items_of(b):
            self.check_item(item, tables)
        self.check_circular_corroboration(b)
        self.check_opposite_corroboration(b)
        self.report_as_of(b)

    def check_item(self, item: Item, tables: dict[str, tuple[dict[str, Any], Table]]) -> None:
        """The checks every kind of item shares, read from its row in items.KINDS; then its own."""
        obj, kind = item.obj, item.kind
        if kind.needs_sources:
            self.need_sources(obj, obj.sources, kind.noun)
        when = day(item)
        if kind.date is not None and when is not None:
            ahead = isinstance(obj, model.Event) and obj.status.ahead  # announced for later: may be after as_of
            if not ahead:
                self.check_date(obj, kind.date, when)
            if kind.within_as_of and not ahead:
                self.check_as_of(item.bundle, obj, kind.date, when, kind.noun)
        for ref in kind.refs:
            holder = getattr(obj, ref.within) if ref.within else obj
            if holder is None:
                continue
            table, what = tables[ref.table]
            value = getattr(holder, ref.field)
            if isinstance(value, list):
                self.refs(holder, ref.field, value, table, what)
            else:
                self.ref(holder, ref.field, value, table, what)
        for name in kind.sources:
            self.check_sources(obj, name, source_ids(item, name), single=name == "source")
        self.check_translations(obj)
        if isinstance(getattr(obj, "control", None), model.ControlPart):  # an assessment's control
            self.check_translations(obj.control)
        for value in getattr(obj, "terms", None) or []:  # what a version says of each term
            self.check_translations(value)
        own = self.own_checks.get(kind.name)
        if own is not None:
            own(item)

    def check_translations(self, obj: model.Strict) -> None:
        """A translation gives text the entry has, and a list item for item: a translation of a field
        left empty, or with a takeaway more or less, would show the other edition something else."""
        languages = self.corpus.languages
        for code, words in getattr(obj, "translations", {}).items():
            if languages is not None and code not in languages:
                known = ", ".join(sorted(languages)) or "none"
                self.report_at(obj, "translations", code, f"a translation into '{code}', which the site is not "
                               f"built in (its other languages: {known})", "correct the language code, or add the "
                               "language to extra.translations in mkdocs.yml", severity="warning")
            for name in words.model_fields_set:
                given, original = getattr(words, name), getattr(obj, name)
                if given is None:
                    continue
                if original is None:
                    self.report(words, name, f"a translation of '{name}', which this {type(obj).__name__.lower()} "
                                "does not have", f"give '{name}' in the original first, or remove its translation")
                elif isinstance(original, list) and len(given) != len(original):
                    self.report(words, name, f"{len(given)} translated item(s) for {len(original)} in '{name}' "
                                "(expected one for each, in the same order)",
                                "translate each item where it stands; a list is translated whole")

    def check_claim(self, item: Item) -> None:
        self.check_updates(item.bundle, item.obj, "claim")
        self.check_corroboration(item.obj)

    def check_figure(self, item: Item) -> None:
        figure = item.obj
        self.check_updates(item.bundle, figure, "figure")
        if figure.claimant is None:
            party = next((p for p in (self.party_of(self.site.sources[i].publisher) for i in figure.sources
                                      if i in self.site.sources) if p), None)
            if party is not None:
                self.report(figure, "sources", f"the figure comes from '{party}', a party to the conflict, but names "
                            "no claimant", f"add 'claimant: {party}' so that readers see it is that side's figure, "
                            "or cite an independent source", severity="warning")
        if figure.upper is not None and figure.upper <= figure.value:
            self.report(figure, "upper", f"the upper end of a range must be larger than its lower end (expected "
                        f"more than {figure.value:g}, got {figure.upper:g})",
                        "value holds the lower end and upper the upper end; for a single number remove 'upper'")

    def check_event(self, item: Item) -> None:
        """A meeting or deadline announced for later says so (status); one that says what became of an
        earlier one names it (updates); an announcement is not dated after the briefing."""
        event, b = item.obj, item.bundle
        self.check_updates(b, event, "event")
        if event.announced is not None:
            self.check_date(event, "announced", event.announced)
            self.check_as_of(b, event, "announced", event.announced, "announcement")
        if event.status.ahead and event.kind is model.EventKind.event:
            self.report(event, "status", f"'{event.status.value}' is for a meeting or a deadline (expected kind: "
                        "meeting or deadline)", "set 'kind: meeting' for a meeting announced for a later day, or "
                        "'kind: deadline' for a deadline someone set")
        if event.status is model.EventStatus.set and event.kind is not model.EventKind.deadline:
            self.report(event, "status", "'set' is what a deadline is (expected kind: deadline)",
                        "use 'status: scheduled' for a meeting announced for a later day")
        if event.status.ahead and event.date.lower <= b.briefing.as_of and event.date.upper is not None \
                and event.date.upper < b.briefing.as_of:
            self.report(event, "status", f"'{event.status.value}' for a day already past on the briefing's as-of "
                        f"date ({b.briefing.as_of})", "say what became of it: 'held', 'moved', 'dropped', 'missed' "
                        "or 'cancelled'", severity="warning")
        if event.updates is not None and event.status.ahead:
            earlier = self.site.updates.get(f"{b.briefing.id}/{event.id}")
            if earlier is not None and earlier[1].status == event.status and earlier[1].date == event.date:
                self.report(event, "updates", "the update repeats the earlier event unchanged",
                            "say what became of it (status: held, moved, dropped, missed or cancelled), or "
                            "remove 'updates'", severity="warning")

    def check_position(self, item: Item) -> None:
        """A position is on a diplomacy issue, or on a term of a document: one of the two."""
        position, b = item.obj, item.bundle
        on_term = position.document is not None or position.term is not None
        if position.issue is not None and on_term:
            self.report(position, "issue", "a position is on an issue or on a document's term, not both",
                        "keep 'issue', or keep 'document' and 'term'; the term's own issue links the two")
        elif position.issue is None and not on_term:
            self.report(position, "issue", "a position needs what it is on (expected 'issue', or 'document' and "
                        "'term')", "e.g. 'issue: freeze-front-line', or 'document: us-peace-plan' with 'term: "
                        "army-cap'")
        elif on_term:
            self.check_term(position, position.document, position.term, "document")
        self.check_updates(b, position, "position")
        earlier = self.site.updates.get(f"{b.briefing.id}/{position.id}")
        if earlier is not None:
            before = earlier[1]
            if before.actor != position.actor or (before.issue, before.document, before.term) != (
                    position.issue, position.document, position.term):
                self.report(position, "updates", f"'{position.updates}' is another actor's position, or one on "
                            "something else", "a position updates the same actor's earlier position on the same "
                            "issue or term; remove 'updates' if it is a new one")

    def check_term(self, obj: model.Strict, document_id: str | None, term_id: str | None, field: str) -> None:
        """`document_id` names a document, and `term_id` one of its terms."""
        if document_id is None:
            self.report(obj, "term", "a term needs its document (expected 'document: …')",
                        "add 'document:' with the id of the document the term belongs to")
            return
        document = self.site.documents.get(document_id)  # an unknown id is reported with the item's references
        if document is None:
            return
        if term_id is None:
            self.report(obj, field, "a position on a document names the term it is on (expected 'term: …')",
                        "add 'term:' with one of: " + ", ".join(t.id for t in document.terms)
                        if document.terms else f"the document '{document.id}' lists no terms yet: add them to "
                        "registry/documents.yaml")
            return
        terms = {t.id for t in document.terms}
        if term_id not in terms:
            self.report(obj, "term", f"document '{document.id}' has no term '{term_id}'",
                        did_you_mean(term_id, terms) or (f"one of: {', '.join(sorted(terms))}; or add the term to "
                                                         "the document in registry/documents.yaml"))

    def check_version(self, item: Item) -> None:
        """A version's document and terms exist; what it revises is a version of the same document,
        of this briefing or an earlier one."""
        version, b = item.obj, item.bundle
        document = self.site.documents.get(version.document)  # an unknown id is reported with its references
        for value in version.terms:
            if document is not None:
                self.check_term(value, version.document, value.term, "term")
            self.ref(value, "according_to", value.according_to, self.actors, ACTOR)
            self.check_sources(value, "sources", value.sources)
        if version.revises is None:
            return
        if "/" not in version.revises:
            earlier = next((v for v in b.versions if v.id == version.revises), None)
            if earlier is None or earlier is version:
                self.report(version, "revises", f"this briefing has no other version '{version.revises}'",
                            did_you_mean(version.revises, [v.id for v in b.versions if v is not version]) or
                            "name a version listed above it, or 'briefing-id/version-id' of an earlier briefing")
                return
            self.site.updates[f"{b.briefing.id}/{version.id}"] = (b, earlier)
        else:
            self.check_updates(b, version, "version", field="revises")
            found = self.site.updates.get(f"{b.briefing.id}/{version.id}")
            earlier = found[1] if found else None
        if earlier is not None and earlier.document != version.document:
            self.report(version, "revises", f"'{version.revises}' is a version of another document "
                        f"('{earlier.document}')", "a version revises an earlier version of the same document")

    def check_quote(self, item: Item) -> None:
        quote = item.obj
        if quote.original is not None and not quote.translated:
            self.report(quote, "original", "original wording given for a quote not marked as translated",
                        "set 'translated: true' (text holds the translation), or remove 'original'")

    # -- consistency: what an editor's grading of a claim must not contradict ------------

    def check_corroboration(self, claim: model.Claim) -> None:
        """A source cannot both support and contradict one claim (an error); support from the
        claimant itself or its own side is not independent, and 'confirmed' or 'corroborated'
        resting only on sources graded E or F is not earned (warnings)."""
        known = self.site.sources
        both = [s for s in claim.corroborated_by if s in claim.contradicted_by]
        for ident in both[:1]:
            self.report(claim, "corroborated_by", f"source '{ident}' is listed both as corroborating and as "
                        "contradicting this claim", "decide which it does, and keep it in one list only")
        for ident in claim.corroborated_by:
            source = known.get(ident)
            if source is not None and self.same_side(source.publisher, claim.claimant):
                self.report(claim, "corroborated_by", f"source '{ident}' comes from the claimant or an organisation "
                            "it belongs to, so it is not independent corroboration",
                            "move it to 'sources', or name an independent source", severity="warning")
        if claim.status in (model.ClaimStatus.confirmed, model.ClaimStatus.corroborated):
            grades = [self.site.provenance[i].grade for i in (*claim.sources, *claim.corroborated_by) if i in known]
            if grades and all(g in "EF" for g in grades):
                self.report(claim, "status", f"'{claim.status.value}' rests only on sources graded E or F "
                            "(after their 'via' chains)", "lower the status to 'unverified', or add a source "
                            "that can be judged", severity="warning")

    def check_opposite_corroboration(self, b: BriefingBundle) -> None:
        """A source listed as corroborating a claim while the same briefing records it as a source of an
        opposed claim on the same topic: one whose sources this claim lists as contradicting it, or which
        lists this claim's sources as contradicting it. The source states the other side."""
        for claim in b.situation.claims:
            for other in b.situation.claims:
                if other is claim or other.topic != claim.topic:
                    continue
                opposed = (set(claim.contradicted_by) & set(other.sources)
                           or set(other.contradicted_by) & set(claim.sources))
                stated = [i for i in claim.corroborated_by if i in other.sources and i not in claim.contradicted_by]
                if opposed and stated:
                    self.report(claim, "corroborated_by", f"source '{stated[0]}' is listed as corroborating this "
                                f"claim but is a source of the opposed claim '{other.id}' on the same topic",
                                "a source cannot support both sides: check what it says, and list it under "
                                "'contradicted_by' or only with the claim it supports", severity="warning")

    def check_circular_corroboration(self, b: BriefingBundle) -> None:
        """Two claims of one briefing each corroborated by the other's claimant: a loop, not two
        independent confirmations (the General Staff and DeepState vouching for each other)."""
        vouches: dict[tuple[str, str], model.Claim] = {}
        for claim in b.situation.claims:
            for ident in claim.corroborated_by:
                source = self.site.sources.get(ident)
                if source is not None and source.publisher != claim.claimant:
                    vouches.setdefault((source.publisher, claim.claimant), claim)
        for (voucher, claimant), claim in vouches.items():
            if (claimant, voucher) in vouches and voucher < claimant:
                for a, other in ((claim, voucher), (vouches[(claimant, voucher)], claimant)):
                    self.report(a, "corroborated_by", f"circular corroboration: '{a.claimant}' is corroborated by "
                                f"'{other}', whose own claim in this briefing is corroborated by '{a.claimant}'",
                                "two sides vouching for each other are one account, not two; keep one as "
                                "corroboration at most, and say why in the note", severity="warning")

    def party_of(self, ident: str) -> str | None:
        """`ident` if it is, or belongs to, a party to the conflict (a unit of an army, a spokesman)."""
        orgs = self.site.organisations
        return ident if any(m in orgs and orgs[m].party for m in self.up(ident)) else None

    def up(self, ident: str) -> set[str]:
        """`ident` and every organisation it belongs to (a person's employer, a unit's parents)."""
        chain, current = {ident}, ident
        while True:
            person, org = self.site.people.get(current), self.site.organisations.get(current)
            parent = person.affiliation if person else org.parent if org else None
            if parent is None or parent in chain:
                return chain
            chain.add(parent)
            current = parent

    def same_side(self, publisher: str, claimant: str) -> bool:
        """Whether `publisher` is `claimant`, belongs to it, or it belongs to `publisher`."""
        return publisher in self.up(claimant) or claimant in self.up(publisher)

    def check_updates(self, b: BriefingBundle, item: Any, kind: str, field: str = "updates") -> None:
        """`updates: briefing-id/item-id` (or `field`) must name an item of the same kind in an
        earlier briefing."""
        reference = getattr(item, field)
        if reference is None:
            return
        briefing_id, _, item_id = reference.partition("/")
        earlier = next((x for x in self.site.briefings if x.briefing.id == briefing_id), None)
        if earlier is None or earlier.briefing.as_of >= b.briefing.as_of:
            known = [x.briefing.id for x in self.site.briefings if x.briefing.as_of < b.briefing.as_of]
            hint = did_you_mean(briefing_id, known) or (
                f"write 'briefing-id/{kind}-id' of an earlier briefing, e.g. '{known[0]}/…'" if known else
                "no briefing is dated before this one, so there is nothing it can update: remove 'updates'")
            self.report(item, field, f"no earlier briefing '{briefing_id}' (expected the id of a briefing "
                        f"dated before {b.briefing.as_of})", hint)
            return
        target = self.items[(briefing_id, kind)].get(item_id)
        if target is None:
            file = "diplomacy.yaml" if kind in {"position", "version"} else "quotes.yaml" if kind == "quote" \
                else "situation.yaml"
            self.report(item, field, f"briefing '{briefing_id}' has no {kind} '{item_id}'",
                        did_you_mean(item_id, self.items[(briefing_id, kind)]) or
                        f"use the id of a {kind} listed in briefings/{briefing_id}/{file}")
            return
        self.site.updates[f"{b.briefing.id}/{item.id}"] = (earlier, target)

    def check_unused(self) -> None:
        owners = self._owners_of_used()
        for table, what in ((self.site.people, "person"), (self.site.organisations, "organisation"),
                            (self.site.places, "place"), (self.site.sources, "source"),
                            (self.site.issues, "issue"), (self.site.topics, "topic"),
                            (self.site.documents, "document")):
            for ident, item in table.items():
                if ident not in self.used and ident not in owners:
                    self.report(item, "id", f"{what} '{ident}' is not referred to by any briefing",
                                "remove it, or refer to it from a briefing", severity="warning")

    def _owners_of_used(self) -> set[str | None]:
        """Publishers of used sources, regions of used places, employers of used people and the
        parents of used organisations count as used."""
        s, used = self.site, self.used
        return ({src.publisher for src in s.sources.values() if src.id in used}
                | {p.region for p in s.places.values() if p.id in used}
                | {p.affiliation for p in s.people.values() if p.id in used}
                | {o.parent for o in s.organisations.values() if o.id in used})

    # -- small shared checks --------------------------------------------------------

    def check_date(self, obj: model.Strict, name: str, value: dt.date | ReportedDate) -> None:
        earliest = value.lower if isinstance(value, ReportedDate) else value
        if earliest > self.today:
            self.report(obj, name, f"date in the future (expected {self.today} or earlier, got {value})",
                        "check the year and the month: briefings report what has already happened")

    def check_as_of(self, b: BriefingBundle, obj: model.Strict, name: str, reported: ReportedDate,
                    what: str) -> None:
        """Remember the latest dated item (by its earliest possible day); `check_briefing` compares
        it with the as-of date. A period still ongoing, or ending later, may outlast the briefing."""
        value = reported.lower
        latest = self.latest.get(b.folder)
        if value > self.today:
            return  # already reported as a date in the future
        if latest is None or value > latest[0]:
            self.latest[b.folder] = (value, obj, name, what)

    def report_as_of(self, b: BriefingBundle) -> None:
        """A briefing cannot report, as of one day, what happens after that day: one error at as_of,
        naming the latest item, whichever of the two is wrong."""
        latest = self.latest.get(b.folder)
        if latest is None or latest[0] <= b.briefing.as_of:
            return
        value, obj, name, what = latest
        file, line, _ = self.corpus.locate(obj, name)
        self.report(b.briefing, "as_of", f"as-of date earlier than the events it reports (expected {value} "
                    f"or later, got {b.briefing.as_of})",
                    f"the latest is the {what} dated {value} at {file}:{line}: correct that date if it is wrong"
                    + ("; a meeting or deadline still to come on the as-of date may lie after it when marked "
                       "'kind: meeting' with 'status: scheduled', or 'kind: deadline' with 'status: set'"
                       if isinstance(obj, model.Event) else "")
                    + "; only if the briefing really reports later news, set as_of to that date or later")

    def need_sources(self, obj: model.Strict, sources: list[str], what: str) -> None:
        if not sources:
            self.report(obj, "sources", f"{what} without a source (expected at least one source id, got [])",
                        "name one or more entries of registry/sources.yaml, e.g. 'sources: [source-id]'")

    def check_sources(self, obj: model.Strict, name: str, idents: list[str], single: bool = False) -> None:
        for i, ident in self.once(obj, name, idents):
            self.ref(obj, name, ident, self.site.sources, SOURCE, None if single else i)


# Letters of other scripts that look like Latin ones (after case folding): a name spelt with
# them looks the same to a reader but is another name to a computer.
_LOOK_ALIKES = str.maketrans("аеорсухіјѕԁԛԝӏкмнтвαορειχκνυ", "aeopcyxijsdqwlkmhtbaopeixkvu")
# Apostrophe-like characters: Ukrainian names are written with any of them, or none (Куп'янськ,
# Куп’янськ, Купʼянськ, Купянськ). ʼ (U+02BC) counts as a letter, so search would not match it.
APOSTROPHES = "'’ʼ‘`´ʹ"
_APOSTROPHE_LIKE = dict.fromkeys(map(ord, APOSTROPHES))


def name_skeleton(name: str) -> str:
    """What a name looks like to a reader: NFKC, case-folded, without apostrophes, in Latin
    look-alike letters, with any run of spaces or punctuation as one space."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_APOSTROPHE_LIKE).translate(_LOOK_ALIKES)
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


