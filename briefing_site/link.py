"""Stage 3, link: resolve every reference across files and build the site's indexes.

Nothing is written until this stage has seen every file: an unknown id is an error with
a position and a "did you mean" hint, never an empty cell on the site.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import model
from .dates import ReportedDate
from .problems import Problem, did_you_mean, errors_only
from .validate import BriefingBundle, Corpus

Entity = model.Person | model.Organisation | model.Place

# Where each kind of registry entry gets its page.
SECTION = {model.Person: "people", model.Organisation: "organisations", model.Place: "places"}
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


@dataclass(frozen=True)
class Mention:
    """One place in a briefing that refers to a registry entry."""

    briefing: BriefingBundle
    kind: str  # "quote", "claim", "event", "figure", "position", "background", "briefing"
    anchor: str
    text: str
    date: dt.date


@dataclass(frozen=True)
class TimelineEntry:
    date: ReportedDate
    text: str
    briefing: BriefingBundle
    anchor: str
    place: model.Place | None
    kind: str  # "event" or "background"


GRADES = "ABCDEF"  # best first; F (cannot be judged) counts as the weakest
GRADE_WORDS = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}


@dataclass(frozen=True)
class Provenance:
    """How far a reader can trust a source: its own grade, and the grade it effectively has when
    it is known only through other sources ('via'), which is never better than the weakest link."""

    grade: str  # the effective grade
    own: str
    chain: tuple[model.Source, ...]  # the sources it is known through, nearest first

    @property
    def weaker(self) -> bool:
        return self.grade != self.own

    @property
    def explanation(self) -> str:
        # Grades only, no titles: this text goes into attributes, where editor text has no place.
        text = f"{self.own}: {GRADE_WORDS[self.own]}"
        if self.weaker:
            links = " → ".join(f"a source graded {s.reliability.value}" for s in self.chain)
            text += f"; known only via {links}, so it counts as {self.grade}: {GRADE_WORDS[self.grade]}"
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
        grade = max([source.reliability.value, *(s.reliability.value for s in chain)], key=GRADES.index)
        result[ident] = Provenance(grade, source.reliability.value, tuple(chain))
    return result


@dataclass(frozen=True)
class ThreadItem:
    """One item of a topic followed across briefings: a claim, figure, control claim or assessment."""

    briefing: BriefingBundle
    kind: str  # "claim", "figure", "control", "assessment"
    item: Any
    anchor: str


@dataclass
class Site:
    """Everything the templates need, resolved and indexed."""

    people: dict[str, model.Person]
    organisations: dict[str, model.Organisation]
    places: dict[str, model.Place]
    sources: dict[str, model.Source]
    issues: dict[str, model.DiplomacyIssue]
    topics: dict[str, model.Topic]
    briefings: list[BriefingBundle]  # newest first
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    source_uses: dict[str, list[Mention]] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)  # newest first
    # Each topic's items across briefings, newest briefing first.
    threads: dict[str, list[ThreadItem]] = field(default_factory=dict)
    # Per place: what is claimed about who controls it, and the editors' assessments of it; newest first.
    control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]] = field(default_factory=dict)
    control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]] = field(default_factory=dict)
    # 'briefing-id/item-id' of an item → the earlier item it updates (claims and figures).
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

    @property
    def build_date(self) -> dt.date:
        """The newest as-of date: a content-derived date, so rebuilds are reproducible."""
        return max((b.briefing.as_of for b in self.briefings), default=dt.date(2000, 1, 1))


def link(corpus: Corpus, today: dt.date | None = None) -> Site:
    """Resolve references, check across files, and index everything."""
    site = Site(
        people={p.id: p for p in corpus.people},
        organisations={o.id: o for o in corpus.organisations},
        places={p.id: p for p in corpus.places},
        sources={s.id: s for s in corpus.sources},
        issues={i.id: i for i in corpus.issues},
        topics={t.id: t for t in corpus.topics},
        briefings=sorted(corpus.briefings, key=lambda b: (b.briefing.as_of, b.briefing.id), reverse=True),
    )
    site.provenance = provenance(site.sources)
    checker = _Checker(corpus, site, today or dt.date.today())
    checker.run()
    site.problems = corpus.problems + checker.problems
    return site


class _Checker:
    """Collects cross-file problems and fills the site's indexes in one pass."""

    def __init__(self, corpus: Corpus, site: Site, today: dt.date):
        self.corpus, self.site, self.today = corpus, site, today
        self.problems: list[Problem] = []
        self.used: set[str] = set()
        self.mentions: dict[str, list[Mention]] = defaultdict(list)
        self.source_uses: dict[str, list[Mention]] = defaultdict(list)
        self.latest: dict[str, tuple[dt.date, model.Strict, str, str]] = {}
        self.threads: dict[str, list[ThreadItem]] = defaultdict(list)
        self.control_claims: dict[str, list[tuple[BriefingBundle, model.ControlClaim]]] = defaultdict(list)
        self.control_assessments: dict[str, list[tuple[BriefingBundle, model.Assessment]]] = defaultdict(list)
        # Every briefing's claims and figures by id, for 'updates' references across briefings.
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        for bundle in site.briefings:
            self.items[(bundle.briefing.id, "claim")] = {c.id: c for c in bundle.situation.claims}
            self.items[(bundle.briefing.id, "figure")] = {f.id: f for f in bundle.situation.figures}
        # Lookup tables built once, not per reference (the merge order is the one each check used).
        self.actors = {**site.people, **site.organisations}
        self.publishers = {**site.organisations, **site.people}
        self.entities = {**site.people, **site.organisations, **site.places}

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
        hint = did_you_mean(ident, table) or f"add '{ident}' to {what.where} first, or correct the id"
        file, line, col = self.locate_at(obj, name, index)
        wrong = f"speaker '{ident}' is not in the registry" if name == "speaker" else (
            f"unknown {what.noun} id '{ident}'")
        self.problems.append(Problem(file, line, col, self.corpus.field_path(obj, field_name),
                                     f"{wrong} (expected an id listed in {what.where})", hint))
        return None

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

    def locate_at(self, obj: model.Strict, name: str, index: int | None) -> tuple[str, int, int]:
        """(file, line, column) of item `index` of a list field (of the field itself when None)."""
        file, line, col = self.corpus.locate(obj, name)
        doc = self.corpus.documents.get(file)
        if index is not None and doc:
            line, col = doc.locate((*obj._origin[1], name, index))
        return file, line, col

    def report_at(self, obj: model.Strict, name: str, index: int, message: str, hint: str) -> None:
        file, line, col = self.locate_at(obj, name, index)
        self.problems.append(Problem(file, line, col, self.corpus.field_path(obj, f"{name}[{index}]"), message, hint))

    # -- the checks -----------------------------------------------------------------

    def run(self) -> None:
        self.check_unique_ids()
        self.check_page_ids()
        self.check_registry()
        self.check_names()
        for bundle in self.site.briefings:
            self.check_briefing(bundle)
        if not errors_only([*self.corpus.problems, *self.problems]):
            self.check_unused()  # with errors, the picture of what is used is incomplete
        self.mention_publishers()
        self.site.mentions = {k: sorted(v, key=_mention_order) for k, v in self.mentions.items()}
        self.site.source_uses = {k: sorted(v, key=_mention_order) for k, v in self.source_uses.items()}
        self.site.timeline.sort(key=lambda e: (e.date.sort_key, e.briefing.briefing.as_of, e.anchor), reverse=True)
        self.site.threads = dict(self.threads)
        self.site.control_claims = {k: sorted(v, key=_control_order, reverse=True)
                                    for k, v in self.control_claims.items()}
        self.site.control_assessments = dict(self.control_assessments)

    def check_unique_ids(self) -> None:
        """Ids must be unique, also ignoring case, across people, organisations and places."""
        groups: list[tuple[str, Iterable[Any]]] = [
            ("person, organisation or place", [*self.corpus.people, *self.corpus.organisations, *self.corpus.places]),
            ("source", self.corpus.sources),
            ("issue", self.corpus.issues),
            ("topic", self.corpus.topics),
            ("briefing", [b.briefing for b in self.corpus.briefings]),
        ]
        for bundle in self.corpus.briefings:  # within one briefing, ids are unique per kind
            groups += [("event", bundle.situation.events), ("claim", bundle.situation.claims),
                       ("figure", bundle.situation.figures), ("quote", bundle.quotes),
                       ("control claim", bundle.situation.control), ("assessment", bundle.situation.assessments),
                       ("position", bundle.positions)]
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

    def check_registry(self) -> None:
        s = self.site
        for person in s.people.values():
            self.ref(person, "affiliation", person.affiliation, s.organisations, ORGANISATION)
            self.used.discard(person.affiliation or "")  # being someone's employer is not a use
        for place in s.places.values():
            self.ref(place, "region", place.region, s.places, PLACE)
        for org in s.organisations.values():
            self.ref(org, "parent", org.parent, s.organisations, ORGANISATION)
            self.used.discard(org.parent or "")  # containing a unit is not a use
        for topic in s.topics.values():
            self.refs(topic, "places", topic.places, s.places, PLACE)
        for source in s.sources.values():
            self.ref(source, "publisher", source.publisher, self.publishers, ACTOR)
            self.ref(source, "via", source.via, s.sources, SOURCE)
            self.check_date(source, "date", source.date)
            problem = url_problem(source.url) if source.url is not None else None
            if problem:
                self.report(source, "url", f"{problem}, got '{_shown(source.url or '')}'",
                            "only web links (http:// or https://) are allowed; remove the field if there is "
                            "no address")

    def check_names(self) -> None:
        """A name or alias belongs to one entry: two entries whose names agree once case, apostrophes,
        invisible characters and look-alike letters are set aside would let one take over the other's
        search results (a person named "Kupiansk", a second "Michael Waltz" with a Cyrillic "а")."""
        owners: dict[str, tuple[Entity, str, int | None]] = {}
        entities: list[Entity] = [*self.corpus.people, *self.corpus.organisations, *self.corpus.places]
        for entity in entities:
            for field_name, index, name in [("name", None, entity.name),
                                            *(("aliases", i, a) for i, a in enumerate(entity.aliases))]:
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
                                          f"'{_shown(name)}' is also a name of {type(that).__name__.lower()} "
                                          f"'{that.id}' ({file}:{line})", hint)

    def report_field(self, obj: model.Strict, name: str, index: int | None, message: str, hint: str) -> None:
        if index is None:
            self.report(obj, name, message, hint)
        else:
            self.report_at(obj, name, index, message, hint)

    def check_briefing(self, b: BriefingBundle) -> None:
        s, head = self.site, b.briefing
        if head.id != b.folder:
            self.report(head, "id", f"briefing id '{head.id}' differs from its folder name '{b.folder}'",
                        f"set id: {b.folder}, or rename the folder")
        self.check_date(head, "as_of", head.as_of)
        for place in self.refs(head, "places", head.places, s.places, PLACE):
            self.mention(place.id, b, "briefing", "", head.title, head.as_of)
        self.use_sources(head, "sources", head.sources, b, "", head.title, head.as_of)
        quotes = {q.id: q for q in b.quotes}
        figures = {f.id: f for f in b.situation.figures}
        for event in b.situation.events:
            self.check_event(b, event, figures)
        for number, item in enumerate(b.situation.background, start=1):
            self.need_sources(item, item.sources, "background item")
            self.check_date(item, "date", item.date)
            place = self.ref(item, "place", item.place, s.places, PLACE)
            anchor = f"background-{number}"
            self.use_sources(item, "sources", item.sources, b, anchor, item.text, item.date.lower)
            self.site.timeline.append(TimelineEntry(item.date, item.text, b, anchor, place, "background"))
            if place:
                self.mention(place.id, b, "background", anchor, item.text, item.date.lower)
        for claim in b.situation.claims:
            self.check_claim(b, claim, quotes)
        for control in b.situation.control:
            self.check_control(b, control, quotes)
        for assessment in b.situation.assessments:
            self.check_assessment(b, assessment)
        for figure in b.situation.figures:
            self.need_sources(figure, figure.sources, "figure")
            anchor = f"figure-{figure.id}"
            self.use_sources(figure, "sources", figure.sources, b, anchor, figure.label, head.as_of)
            for name in ("subject", "claimant"):
                ident = getattr(figure, name)
                entity = self.ref(figure, name, ident, self.entities, ENTITY)
                if entity:
                    self.mention(entity.id, b, "figure", anchor, figure.label,
                                 figure.date.lower if figure.date else head.as_of)
            self.thread(figure, b, "figure", anchor)
            self.check_updates(b, figure, "figure")
            if figure.upper is not None and figure.upper <= figure.value:
                self.report(figure, "upper", f"the upper end of a range must be larger than its lower end (expected "
                            f"more than {figure.value:g}, got {figure.upper:g})",
                            "value holds the lower end and upper the upper end; for a single number remove 'upper'")
            if figure.date:
                self.check_date(figure, "date", figure.date)
                self.check_as_of(b, figure, "date", figure.date, "figure")
        self.check_circular_corroboration(b)
        for quote in b.quotes:
            self.check_quote(b, quote)
        for position in b.positions:
            self.check_position(b, position, quotes)
        self.report_as_of(b)

    def check_event(self, b: BriefingBundle, event: model.Event, figures: dict[str, model.Figure]) -> None:
        s, anchor, day = self.site, f"event-{event.id}", event.date.lower
        self.need_sources(event, event.sources, "event")
        self.check_date(event, "date", event.date)
        self.check_as_of(b, event, "date", event.date, "event")
        places = self.refs(event, "places", event.places, s.places, PLACE)
        for place in places:
            self.mention(place.id, b, "event", anchor, event.summary, day)
        for actor in self.refs(event, "actors", event.actors, self.actors, ACTOR):
            self.mention(actor.id, b, "event", anchor, event.summary, day)
        self.refs(event, "figures", event.figures, figures,
                  Table("figure", f"the figures of briefings/{b.folder}/situation.yaml"))
        self.use_sources(event, "sources", event.sources, b, anchor, event.summary, day)
        self.site.timeline.append(TimelineEntry(event.date, event.summary, b, anchor,
                                                places[0] if places else None, "event"))

    def check_claim(self, b: BriefingBundle, claim: model.Claim, quotes: dict[str, model.Quote]) -> None:
        anchor = f"claim-{claim.id}"
        self.need_sources(claim, claim.sources, "claim")
        self.check_date(claim, "date", claim.date)
        self.check_as_of(b, claim, "date", claim.date, "claim")
        day = claim.date.lower
        actor = self.ref(claim, "claimant", claim.claimant, self.actors, ACTOR)
        if actor:
            self.mention(actor.id, b, "claim", anchor, claim.statement, day)
        for place in self.refs(claim, "places", claim.places, self.site.places, PLACE):
            self.mention(place.id, b, "claim", anchor, claim.statement, day)
        for name in ("sources", "corroborated_by", "contradicted_by"):
            self.use_sources(claim, name, getattr(claim, name), b, anchor, claim.statement, day)
        self.ref(claim, "quote", claim.quote, quotes, Table("quote", f"briefings/{b.folder}/quotes.yaml"))
        self.thread(claim, b, "claim", anchor)
        self.check_updates(b, claim, "claim")
        self.check_corroboration(claim)

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

    def same_side(self, publisher: str, claimant: str) -> bool:
        """Whether `publisher` is `claimant`, belongs to it, or it belongs to `publisher`."""
        def up(ident: str) -> set[str]:
            chain, current = {ident}, ident
            while True:
                person, org = self.site.people.get(current), self.site.organisations.get(current)
                parent = person.affiliation if person else org.parent if org else None
                if parent is None or parent in chain:
                    return chain
                chain.add(parent)
                current = parent
        return publisher in up(claimant) or claimant in up(publisher)

    def check_control(self, b: BriefingBundle, control: model.ControlClaim, quotes: dict[str, model.Quote]) -> None:
        anchor, day = f"control-{control.id}", control.date.lower
        self.need_sources(control, control.sources, "control claim")
        self.check_date(control, "date", control.date)
        self.check_as_of(b, control, "date", control.date, "control claim")
        place = self.ref(control, "place", control.place, self.site.places, PLACE)
        text = f"{control.part + ' of ' if control.part else ''}{place.name if place else control.place}: " \
               f"{control.status.value}"
        if place:
            self.mention(place.id, b, "control", anchor, text, day)
            self.control_claims[place.id].append((b, control))
        actor = self.ref(control, "claimant", control.claimant, self.actors, ACTOR)
        if actor:
            self.mention(actor.id, b, "control", anchor, text, day)
        self.ref(control, "quote", control.quote, quotes, Table("quote", f"briefings/{b.folder}/quotes.yaml"))
        self.use_sources(control, "sources", control.sources, b, anchor, text, day)
        self.thread(control, b, "control", anchor)

    def check_assessment(self, b: BriefingBundle, assessment: model.Assessment) -> None:
        anchor = f"assessment-{assessment.id}"
        self.thread(assessment, b, "assessment", anchor)
        self.use_sources(assessment, "sources", assessment.sources, b, anchor, assessment.text, b.briefing.as_of)
        if assessment.control is not None:
            part = assessment.control
            place = self.ref(part, "place", part.place, self.site.places, PLACE)
            if place:
                self.control_assessments.setdefault(place.id, []).append((b, assessment))
                self.mention(place.id, b, "assessment", anchor, assessment.text, b.briefing.as_of)

    def thread(self, item: Any, b: BriefingBundle, kind: str, anchor: str) -> None:
        """File an item under its topic, which must be in the registry."""
        if getattr(item, "topic", None) is None:
            return
        topic = self.ref(item, "topic", item.topic, self.site.topics, TOPIC)
        if topic:
            self.threads[topic.id].append(ThreadItem(b, kind, item, anchor))

    def check_updates(self, b: BriefingBundle, item: Any, kind: str) -> None:
        """`updates: briefing-id/item-id` must name a claim (or figure) of an earlier briefing."""
        if item.updates is None:
            return
        briefing_id, _, item_id = item.updates.partition("/")
        earlier = next((x for x in self.site.briefings if x.briefing.id == briefing_id), None)
        if earlier is None or earlier.briefing.as_of >= b.briefing.as_of:
            known = [x.briefing.id for x in self.site.briefings if x.briefing.as_of < b.briefing.as_of]
            hint = did_you_mean(briefing_id, known) or (
                f"write 'briefing-id/{kind}-id' of an earlier briefing, e.g. '{known[0]}/…'" if known else
                "no briefing is dated before this one, so there is nothing it can update: remove 'updates'")
            self.report(item, "updates", f"no earlier briefing '{briefing_id}' (expected the id of a briefing "
                        f"dated before {b.briefing.as_of})", hint)
            return
        target = self.items[(briefing_id, kind)].get(item_id)
        if target is None:
            self.report(item, "updates", f"briefing '{briefing_id}' has no {kind} '{item_id}'",
                        did_you_mean(item_id, self.items[(briefing_id, kind)]) or
                        f"use the id of a {kind} listed in briefings/{briefing_id}/situation.yaml")
            return
        self.site.updates[f"{b.briefing.id}/{item.id}"] = (earlier, target)

    def check_quote(self, b: BriefingBundle, quote: model.Quote) -> None:
        anchor, day = f"quote-{quote.id}", quote.date.lower
        self.check_date(quote, "date", quote.date)
        self.check_as_of(b, quote, "date", quote.date, "quote")
        speaker = self.ref(quote, "speaker", quote.speaker, self.actors, ACTOR)
        if speaker:
            self.mention(speaker.id, b, "quote", anchor, quote.text, day)
        for place in self.refs(quote, "places", quote.places, self.site.places, PLACE):
            self.mention(place.id, b, "quote", anchor, quote.text, day)
        if quote.original is not None and not quote.translated:
            self.report(quote, "original", "original wording given for a quote not marked as translated",
                        "set 'translated: true' (text holds the translation), or remove 'original'")
        self.use_sources(quote, "source", [quote.source], b, anchor, quote.text, day, single=True)

    def check_position(self, b: BriefingBundle, position: model.Position, quotes: dict[str, model.Quote]) -> None:
        s, anchor = self.site, f"position-{position.id}"
        self.need_sources(position, position.sources, "position")
        self.ref(position, "issue", position.issue, s.issues, ISSUE)
        actor = self.ref(position, "actor", position.actor, self.actors, ACTOR)
        if actor:
            self.mention(actor.id, b, "position", anchor, position.summary, b.briefing.as_of)
        self.ref(position, "quote", position.quote, quotes, Table("quote", f"briefings/{b.folder}/quotes.yaml"))
        self.use_sources(position, "sources", position.sources, b, anchor, position.summary, b.briefing.as_of)

    def check_unused(self) -> None:
        owners = self._owners_of_used()
        for table, what in ((self.site.people, "person"), (self.site.organisations, "organisation"),
                            (self.site.places, "place"), (self.site.sources, "source"),
                            (self.site.issues, "issue"), (self.site.topics, "topic")):
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
                    f"the latest is the {what} dated {value} at {file}:{line}; set as_of to that date or later, "
                    "or correct that date")

    def need_sources(self, obj: model.Strict, sources: list[str], what: str) -> None:
        if not sources:
            self.report(obj, "sources", f"{what} without a source (expected at least one source id, got [])",
                        "name one or more entries of registry/sources.yaml, e.g. 'sources: [source-id]'")

    def use_sources(self, obj: model.Strict, name: str, idents: list[str], b: BriefingBundle, anchor: str,
                    text: str, date: dt.date, single: bool = False) -> None:
        for i, ident in self.once(obj, name, idents):
            source = self.ref(obj, name, ident, self.site.sources, SOURCE, None if single else i)
            if source:
                self.source_uses[source.id].append(Mention(b, _kind(anchor), anchor, text, date))

    def mention(self, ident: str, b: BriefingBundle, kind: str, anchor: str, text: str, date: dt.date) -> None:
        self.mentions[ident].append(Mention(b, kind, anchor, text, date))

    def mention_publishers(self) -> None:
        """What cites a source refers to its publisher too (Reuters, Black Bird Group): their
        pages list it, unless the same item already mentions them directly."""
        for source_id, uses in self.source_uses.items():
            publisher = self.site.sources[source_id].publisher
            direct = {(m.briefing.briefing.id, m.anchor) for m in self.mentions.get(publisher, [])}
            for use in uses:
                if (use.briefing.briefing.id, use.anchor) not in direct:
                    direct.add((use.briefing.briefing.id, use.anchor))
                    self.mentions[publisher].append(Mention(use.briefing, "cited", use.anchor, use.text, use.date))


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


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain web address, or None when it is one.

    Browsers ignore tabs and newlines inside a scheme and decode entities in attributes,
    so anything but a clean http(s) address with a host is refused, not repaired."""
    text = url.strip()
    if any(not char.isprintable() or char.isspace() for char in text):
        return "the address contains a space or an invisible character"
    try:
        parts = urllib.parse.urlsplit(text)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return "not a valid web address"
    if parts.scheme.lower() not in {"http", "https"} or not text[len(parts.scheme):].startswith("://"):
        return "expected an http:// or https:// address"
    if any(char in text for char in '"<>\\`'):
        return "the address contains a character that is not allowed in a web address"
    if not parts.hostname:
        return "the address has no host name"
    if parts.username is not None or parts.password is not None:
        return "the address contains a user name or password"
    return None


def _shown(text: str, limit: int = 80) -> str:
    """Editor text quoted in a message: shortened, invisible characters made visible."""
    shown = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def _kind(anchor: str) -> str:
    return anchor.split("-", 1)[0] if anchor else "briefing"


def _control_order(entry: tuple[BriefingBundle, model.ControlClaim]) -> tuple[Any, ...]:
    bundle, control = entry
    return (control.date.sort_key, bundle.briefing.as_of, control.id)


def _mention_order(m: Mention) -> tuple[Any, ...]:
    return (-m.briefing.briefing.as_of.toordinal(), m.briefing.briefing.id, m.kind, m.anchor)

