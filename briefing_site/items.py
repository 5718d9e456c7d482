"""The kinds of item a briefing holds, and which of their fields refer to what: one table.

`link` checks every item by walking this table (each reference resolves, each date is not in
the future, each list of sources names known sources once), `index` files every item under
the registry entries it mentions, and the site plan names each item's anchor from its kind.
A new kind of item is one row here, not a new function in each stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import model
from .dates import ReportedDate
from .i18n import N_
from .validate import BriefingBundle


@dataclass(frozen=True)
class Ref:
    """A field that names a registry entry (or an item of the same briefing)."""

    field: str
    table: str  # "actor", "entity", "place", "source", "topic", "issue", "document", "quote" or "figure"
    mentions: bool = False  # whether the entry's page lists the item ("In the briefings")
    within: str | None = None  # the field holding the sub-object that has `field` (assessment.control.place)


@dataclass(frozen=True)
class Kind:
    """One kind of briefing item."""

    name: str  # the word pages use for it (translated), and its anchor's prefix: "claim" → #claim-<id>
    field: str  # the field whose text a page shows when it refers to the item (a translation's too)
    date: str | None  # the field saying when it happened or was said; None: the briefing's as-of date
    refs: tuple[Ref, ...] = ()
    sources: tuple[str, ...] = ("sources",)  # fields listing source ids
    needs_sources: bool = True  # whether an empty list of sources is an error
    within_as_of: bool = True  # whether its date must not be later than the briefing's as-of date
    on_timeline: bool = False
    called: str = ""  # how messages to editors call it, when not by its name

    @property
    def noun(self) -> str:
        return self.called or self.name

    def text(self, obj: Any, site: Any = None) -> str:
        """What a page shows when it refers to the item, as written."""
        return getattr(obj, self.field) or ""


HEAD = Kind(N_("briefing"), "title", None, (Ref("places", "place", mentions=True),),
            needs_sources=False, within_as_of=False)
EVENT = Kind(N_("event"), "summary", "date",
             (Ref("places", "place", True), Ref("actors", "actor", True), Ref("figures", "figure"),
              Ref("announced_by", "actor", True), Ref("topic", "topic"), Ref("document", "document")),
             on_timeline=True)
BACKGROUND = Kind(N_("background"), "text", "date", (Ref("place", "place", True),), within_as_of=False,
                  on_timeline=True, called="background item")
CLAIM = Kind(N_("claim"), "statement", "date",
             (Ref("claimant", "actor", True), Ref("places", "place", True), Ref("quote", "quote"),
              Ref("topic", "topic")),
             sources=("sources", "corroborated_by", "contradicted_by"))
# A control claim has no words of its own: pages say it in their language (templates: control_words).
CONTROL = Kind(N_("control"), "part", "date",
               (Ref("place", "place", True), Ref("claimant", "actor", True), Ref("quote", "quote"),
                Ref("topic", "topic")), called="control claim")
ASSESSMENT = Kind(N_("assessment"), "text", None,
                  (Ref("topic", "topic"), Ref("place", "place", True, within="control")), needs_sources=False)
FIGURE = Kind(N_("figure"), "label", "date",
              (Ref("subject", "entity", True), Ref("claimant", "entity", True), Ref("topic", "topic")))
QUOTE = Kind(N_("quote"), "text", "date", (Ref("speaker", "actor", True), Ref("places", "place", True)),
             sources=("source",), needs_sources=False)
POSITION = Kind(N_("position"), "summary", "date",
                (Ref("issue", "issue"), Ref("document", "document"), Ref("actor", "actor", True),
                 Ref("according_to", "actor", True), Ref("quote", "quote")))
VERSION = Kind(N_("version"), "summary", "date",
               (Ref("document", "document"), Ref("according_to", "actor", True)))

KINDS: dict[type, Kind] = {model.Briefing: HEAD, model.Event: EVENT, model.BackgroundItem: BACKGROUND,
                           model.Claim: CLAIM, model.ControlClaim: CONTROL, model.Assessment: ASSESSMENT,
                           model.Figure: FIGURE, model.Quote: QUOTE, model.Position: POSITION,
                           model.Version: VERSION}


# The registry's own references: the field, and the table of what it names.
REGISTRY_REFS: dict[type, dict[str, str]] = {
    model.Source: {"publisher": "actor", "via": "source"}, model.Person: {"affiliation": "organisation"},
    model.Organisation: {"parent": "organisation"}, model.Place: {"region": "place"}, model.Topic: {"places": "place"},
}


def references() -> dict[type, dict[str, str]]:
    """Every field of a model object that names another object, and the table of what it names
    ("actor", "entity", "place", "source", "topic", "issue", "organisation", "quote" or "figure" of
    the same briefing, and "earlier" for the item an item updates): the briefing items' (their
    kinds' refs and sources, and `updates`) and the registry's. Pages read such a field as the
    object it names (views.References)."""
    found = {cls: {**{ref.field: ref.table for ref in kind.refs if ref.within is None},
                   **dict.fromkeys(kind.sources, "source")} for cls, kind in KINDS.items()}
    found[model.ControlPart] = {"place": "place"}  # the control an assessment assesses
    found[model.TermValue] = {"according_to": "actor", "sources": "source"}  # what a version says of a term
    found[model.Term] = {"issue": "issue"}  # a document's term, and the issue it belongs to
    for cls, fields in found.items():
        if "updates" in getattr(cls, "model_fields", {}):  # the earlier item it updates: (its briefing, the item)
            fields["updates"] = "earlier"
    return {**found, **REGISTRY_REFS}


@dataclass(frozen=True)
class Item:
    """One item of a briefing, where it sits, and its key within the briefing (its id; for a
    background item, which has none, its number)."""

    bundle: BriefingBundle
    kind: Kind
    key: str
    obj: Any


def items_of(bundle: BriefingBundle) -> Iterator[Item]:
    """Every item of a briefing, the briefing itself first, in the order pages show them."""
    situation = bundle.situation
    yield Item(bundle, HEAD, "", bundle.briefing)
    for event in situation.events:
        yield Item(bundle, EVENT, event.id, event)
    for number, background in enumerate(situation.background, start=1):
        yield Item(bundle, BACKGROUND, str(number), background)
    for group in (situation.claims, situation.control, situation.assessments, situation.figures, bundle.quotes,
                  bundle.positions, bundle.versions):
        for obj in group:
            yield Item(bundle, KINDS[type(obj)], obj.id, obj)


def ids(item: Item, ref: Ref) -> list[str]:
    """The ids a reference field holds, as a list (empty when the field is not set)."""
    holder = getattr(item.obj, ref.within) if ref.within else item.obj
    if holder is None:
        return []
    value = getattr(holder, ref.field)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def source_ids(item: Item, field: str) -> list[str]:
    value = getattr(item.obj, field)
    return [value] if isinstance(value, str) else list(value)


def day(item: Item) -> ReportedDate | None:
    """When the item happened or was said, if it says."""
    return getattr(item.obj, item.kind.date) if item.kind.date else None
