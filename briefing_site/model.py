"""The content model: one typed field per YAML key, each with a one-line description.

The descriptions are the editors' documentation: they appear in the JSON Schema
(`python build.py schema`) and therefore in any editor running the YAML language server.

Text fields are of two kinds, and the kind is a type, not a convention:
- plain text (`PlainText`): shown exactly as written; any `<`, `*`, `#`, `{{` and the like
  appear literally on the page;
- inline Markdown (`InlineMarkdown`, validated into an `Inline` string): *italic*, **bold**,
  `code` and [links](https://…) only; everything else is shown literally, and links must be
  http or https.
Rendering decides by the value's type (an `Inline` renders as inline Markdown, any other text
is escaped), so a template cannot forget the right filter; the JSON Schema marks each text field
with its `contentMediaType` (text/plain or text/markdown), and the descriptions say it in words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
)
from pydantic import Strict as StrictMode
from pydantic_core import PydanticCustomError

from .dates import ReportedDate
from .i18n import N_
from .markup import disguised_links

# Ids name files and anchors, so they are limited to a character set that is safe in both.
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
ID_RE = re.compile(ID_PATTERN)

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$", strict=True)]
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, strict=True),
    Field(description="An identifier: lower-case letters, digits and hyphens, e.g. 'besedin'."),
]
class Inline(str):
    """Text in inline Markdown, as validated: pages render its emphasis and links."""

    __slots__ = ()


class InLanguage(str):
    """Plain text a page shows in another language than its own (an untranslated topic's name on
    the Ukrainian site): pages mark it with `lang`."""

    lang: str

    @classmethod
    def of(cls, text: str, lang: str) -> InLanguage:
        made = cls(text)
        made.lang = lang
        return made


# Characters no text on the site needs and that make it show something other than what it holds:
# bidirectional embeddings, overrides and isolates reorder what a reader sees ("Trojan Source"),
# and non-characters are not text at all. A long run of combining marks stacks into one glyph
# thousands of pixels wide.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_COMBINING_RUN = 8


_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                              for plane in range(17))
_UNREADABLE = re.compile(f"[{''.join(sorted(_BIDI_CONTROLS))}{_NON_CHARACTERS}]")


def _readable(text: str) -> str:
    if text.isascii():
        return text
    found = _UNREADABLE.search(text)
    if found:
        what = "a bidirectional control character" if found.group() in _BIDI_CONTROLS else "a non-character"
        raise PydanticCustomError("unreadable_text", "{what} U+{code} in the text",
                                  {"what": what, "code": f"{ord(found.group()):04X}"})
    run = 0
    for char in text:
        run = run + 1 if unicodedata.combining(char) else 0
        if run > MAX_COMBINING_RUN:
            raise PydanticCustomError("unreadable_text", "more than {limit} combining marks on one letter",
                                      {"limit": MAX_COMBINING_RUN})
    return text


# A word no line can break: a page's or a PDF's column cannot hold it and spills off the page.
# Addresses of links in inline Markdown ('[words](https://…)') are not shown, so they do not count.
MAX_WORD = 100
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def _breakable(text: str) -> str:
    longest = max(map(len, _LINK_TARGET.sub("]", text).split()), default=0)
    if longest > MAX_WORD:
        raise PydanticCustomError("unbreakable_word", "a word of {length} characters without a space (at most "
                                  "{limit})", {"length": f"{longest:,}", "limit": MAX_WORD})
    return text


PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000, strict=True),
                      AfterValidator(_readable), AfterValidator(_breakable),
                      Field(json_schema_extra={"contentMediaType": "text/plain"})]
# Python-Markdown's inline parser takes time quadratic in the number of '[' in one text (5,000 of
# them take about 4 s), so an inline field may hold a bounded number: far more than any text with
# links needs, few enough that rendering stays linear in the size of the input.
MAX_INLINE_BRACKETS = 100


def _bounded_brackets(text: str) -> str:
    if text.count("[") > MAX_INLINE_BRACKETS:
        raise PydanticCustomError(
            "inline_brackets", "too many '[' for inline Markdown (expected at most {limit}, got {count})",
            {"limit": MAX_INLINE_BRACKETS, "count": text.count("[")})
    return text


def _honest_links(text: str) -> str:
    """A link's words that read as an address must be that address's host: '[https://www.president.gov.ua/…]
    (https://evil.example/…)' would show a reader one site and take them to another."""
    if "](" in text:
        for words, address in disguised_links(text):
            raise PydanticCustomError(
                "disguised_link", "the link's words are an address ({words}) but it leads to {address}",
                {"words": words[:80], "address": address[:80]})
    return text


InlineMarkdown = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000, strict=True),
    AfterValidator(_readable), AfterValidator(_bounded_brackets), AfterValidator(_breakable),
    AfterValidator(_honest_links), AfterValidator(Inline),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]

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


def _web_address(url: str) -> str:
    problem = url_problem(url)
    if problem:
        raise PydanticCustomError("web_address", "{problem}", {"problem": problem})
    return url.strip()


# Every address field: a plain http(s) address, or the check refuses it (a javascript: or data:
# address would be published as it is, in the pages and in the open data).
Url = Annotated[str, StringConstraints(max_length=2000, strict=True), AfterValidator(_web_address),
                Field(json_schema_extra={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})]


def _iso_date(value: object) -> object:
    """Accept a quoted 'YYYY-MM-DD' as well as YAML's unquoted date; nothing looser."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date), StrictMode()]
# A date as reported, in EDTF: a day, a month, a year, a season, about or perhaps, a period, ongoing.
Reported = ReportedDate
# A reference to an item of another briefing: 'briefing-id/item-id'.
ItemRef = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+/[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", strict=True),
    Field(description="An item of an earlier briefing, 'briefing-id/item-id', e.g. "
                      "'2024-11-15-kupiansk/gs-full-control'."),
]
# A version of a document: its id in the same briefing, or 'briefing-id/version-id' of an earlier one.
VersionRef = Annotated[
    str,
    StringConstraints(pattern=r"^(?:\d{4}-\d{2}-\d{2}-[a-z0-9-]+/)?[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$",
                      strict=True),
    Field(description="A version: 'version-id' in this briefing, or 'briefing-id/version-id' of an earlier one."),
]
Number = Annotated[float, StrictMode(), AllowInfNan(False)]  # .inf and .nan are YAML floats too
# A figure beyond a million billion is a typo, and its unit conversion would overflow; one closer
# to zero than a millionth is one too (5e-324 would be printed with 324 digits).
SMALLEST_AMOUNT = 1e-6


def _reportable(value: float) -> float:
    if value and abs(value) < SMALLEST_AMOUNT:
        raise PydanticCustomError("tiny_number", "a figure closer to zero than {smallest} (got {value})",
                                  {"smallest": f"{SMALLEST_AMOUNT:f}".rstrip("0"), "value": f"{value:g}"})
    return value


Amount = Annotated[Number, Field(ge=-1e15, le=1e15), AfterValidator(_reportable)]
Flag = Annotated[bool, StrictMode()]
Grade = Annotated[int, StrictMode()]

PLAIN = " Plain text."
INLINE = " Inline Markdown: *italic*, **bold**, [links](https://…)."


class Strict(BaseModel):
    """Base for every YAML mapping: unknown keys are errors, and each object remembers
    where in which file it was written, so that later checks can point at it."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)
    _origin: tuple[str, tuple[str | int, ...]] = PrivateAttr(default=("", ()))


# --- enumerations -------------------------------------------------------------------


class _Worded(StrEnum):
    """An enumeration whose members a page shows in words (`label`), each marked where it is written
    below (WORDS), so that `make messages` collects them for the catalogues."""

    @property
    def label(self) -> str:
        return WORDS[self]


class Medium(_Worded):
    """How a source reached the public."""

    telegram_post = "telegram-post"
    x_post = "x-post"
    facebook_post = "facebook-post"
    social_post = "social-post"
    video_statement = "video-statement"
    blog_post = "blog-post"
    press_release = "press-release"
    interview = "interview"
    wire_report = "wire-report"
    news_article = "news-article"
    map = "map"
    statement = "statement"
    analysis = "analysis"
    broadcast = "broadcast"
    document = "document"


class Reliability(_Worded):
    """Admiralty code for a source's reliability."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class ClaimStatus(_Worded):
    """Where a claim stands after checking."""

    confirmed = "confirmed"
    corroborated = "corroborated"
    disputed = "disputed"
    unverified = "unverified"
    denied = "denied"
    refuted = "refuted"


class ControlStatus(_Worded):
    """Who holds a place, or a part of it."""

    ukrainian = "ukrainian"
    russian = "russian"
    contested = "contested"
    grey_zone = "grey-zone"
    unknown = "unknown"


class Confidence(_Worded):
    """How sure the editors are of an assessment (the ISW-style 'we assess … with moderate confidence')."""

    low = "low"
    moderate = "moderate"
    high = "high"


class Stance(_Worded):
    """An actor's stance on a diplomacy issue."""

    supports = "supports"
    opposes = "opposes"
    considering = "considering"
    conditional = "conditional"
    unclear = "unclear"


class OrgKind(_Worded):
    """What kind of body an organisation is."""

    military = "military"
    government = "government"
    administration = "administration"
    media = "media"
    monitor = "monitor"
    research = "research"
    party = "party"
    other = "other"


class EventKind(_Worded):
    """What kind of event: something that happened, a meeting, or a deadline someone set."""

    event = "event"
    meeting = "meeting"
    deadline = "deadline"


class EventStatus(_Worded):
    """Where an event stands: it happened (held), is announced for a later day (scheduled) or is a
    deadline someone set (set); a later briefing says what became of it (held, moved, dropped,
    missed, cancelled)."""

    held = "held"
    scheduled = "scheduled"
    set = "set"
    moved = "moved"
    dropped = "dropped"
    missed = "missed"
    cancelled = "cancelled"

    @property
    def ahead(self) -> bool:
        """Whether the event may lie after the briefing's as-of date (it is announced, not reported)."""
        return self in (EventStatus.scheduled, EventStatus.set)


class DocumentKind(_Worded):
    """What kind of text a document is."""

    proposal = "proposal"
    draft = "draft"
    counter_proposal = "counter-proposal"
    framework = "framework"
    agreement = "agreement"
    communique = "communique"
    annex = "annex"


# Each member's words, as pages show them (and as the catalogues translate them).
WORDS: dict[StrEnum, str] = {
    Medium.telegram_post: N_("telegram post"), Medium.x_post: N_("x post"), Medium.facebook_post: N_("facebook post"),
    Medium.social_post: N_("social post"), Medium.video_statement: N_("video statement"),
    Medium.blog_post: N_("blog post"), Medium.press_release: N_("press release"), Medium.interview: N_("interview"),
    Medium.wire_report: N_("wire report"), Medium.news_article: N_("news article"), Medium.map: N_("map"),
    Medium.statement: N_("statement"), Medium.analysis: N_("analysis"), Medium.broadcast: N_("broadcast"),
    Medium.document: N_("document"),
    Reliability.A: N_("completely reliable"), Reliability.B: N_("usually reliable"),
    Reliability.C: N_("fairly reliable"), Reliability.D: N_("not usually reliable"), Reliability.E: N_("unreliable"),
    Reliability.F: N_("reliability cannot be judged"),
    ClaimStatus.confirmed: N_("confirmed"), ClaimStatus.corroborated: N_("corroborated"),
    ClaimStatus.disputed: N_("disputed"), ClaimStatus.unverified: N_("unverified"), ClaimStatus.denied: N_("denied"),
    ClaimStatus.refuted: N_("refuted"),
    ControlStatus.ukrainian: N_("ukrainian"), ControlStatus.russian: N_("russian"),
    ControlStatus.contested: N_("contested"), ControlStatus.grey_zone: N_("grey zone"),
    ControlStatus.unknown: N_("unknown"),
    Confidence.low: N_("low confidence"), Confidence.moderate: N_("moderate confidence"),
    Confidence.high: N_("high confidence"),
    Stance.supports: N_("supports"), Stance.opposes: N_("opposes"), Stance.considering: N_("considering"),
    Stance.conditional: N_("conditional"), Stance.unclear: N_("unclear"),
    OrgKind.military: N_("military"), OrgKind.government: N_("government"),
    OrgKind.administration: N_("administration"), OrgKind.media: N_("media"), OrgKind.monitor: N_("monitor"),
    OrgKind.research: N_("research"),
    OrgKind.party: N_("party"), OrgKind.other: N_("other"),
    EventKind.event: N_("event"), EventKind.meeting: N_("meeting"), EventKind.deadline: N_("deadline"),
    EventStatus.held: N_("held"), EventStatus.scheduled: N_("scheduled"), EventStatus.set: N_("set"),
    EventStatus.moved: N_("moved"), EventStatus.dropped: N_("dropped"), EventStatus.missed: N_("missed"),
    EventStatus.cancelled: N_("cancelled"),
    DocumentKind.proposal: N_("proposal"), DocumentKind.draft: N_("draft"),
    DocumentKind.counter_proposal: N_("counter-proposal"), DocumentKind.framework: N_("framework"),
    DocumentKind.agreement: N_("agreement"), DocumentKind.communique: N_("communiqué"),
    DocumentKind.annex: N_("annex"),
}
# A claim's credibility, 1 to 6 (the information's half of the Admiralty code).
CREDIBILITY_WORDS = {1: N_("confirmed"), 2: N_("probably true"), 3: N_("possibly true"), 4: N_("doubtful"),
                     5: N_("improbable"), 6: N_("cannot be judged")}
# A figure's qualifier in words (the YAML keeps the English key).
QUALIFIER_WORDS = {"about": N_("about"), "nearly": N_("nearly"), "more than": N_("more than"),
                   "less than": N_("less than"), "up to": N_("up to"), "at least": N_("at least")}
# Country names pages and maps show in the interface's words (an entry's `country` is free text, and
# the base map names countries in English): any other name is shown as written.
COUNTRIES = (N_("Ukraine"), N_("Russia"), N_("Belarus"), N_("United States"), N_("United Kingdom"), N_("France"),
             N_("Germany"), N_("Poland"), N_("Turkey"), N_("China"), N_("India"), N_("Saudi Arabia"),
             N_("United Arab Emirates"), N_("Qatar"), N_("Switzerland"), N_("Finland"), N_("Spain"), N_("Malaysia"),
             N_("Singapore"), N_("Vietnam"), N_("Hong Kong"), N_("Hungary"), N_("Italy"), N_("Moldova"),
             N_("Romania"), N_("Slovakia"), N_("Lithuania"), N_("Latvia"), N_("Estonia"), N_("Georgia"),
             N_("Kazakhstan"), N_("Bulgaria"), N_("Czechia"), N_("Austria"), N_("Serbia"))
# The kinds a place usually is (a place's kind is free text; these are shown in the reader's language).
PLACE_KINDS = (N_("city"), N_("town"), N_("village"), N_("region"), N_("country"), N_("district"))


# A briefing's page and PDF grow with its items (1,500 figures once made two PDFs of 336 pages and
# a build of 780 MB). Each list of a briefing's items holds at most MAX_ITEMS, and a briefing at
# most MAX_BRIEFING_ITEMS in all (link.py): its PDF then grows linearly with its text, about 400 A4
# pages per MB of YAML in each edition (90 events of 5,000 characters: 196 pages, 23 s, 256 MB at
# most; docs/benchmarks.md, worst cases).
MAX_ITEMS = 100
MAX_BRIEFING_ITEMS = 250


# --- translations ----------------------------------------------------------------------
# An entry's text in another interface language, given by an editor beside the original:
# `translations: {uk: {summary: …}}`. Each kind of entry has its own set of translatable fields
# (the classes below, unknown keys are errors like anywhere else); a list is translated whole, item
# for item (the check compares the lengths). The edition in that language shows the translation;
# where there is none it shows the original, marked as the primary language.

def translation(entry: Any, field: str, code: str) -> Any:
    """The editors' translation of `entry`'s `field` into language `code`, or None."""
    words = getattr(entry, "translations", {}).get(code)
    return getattr(words, field, None) if words is not None else None


TRANSLATION = (" Give only the fields you translate; a list (takeaways, conditions) in full, item for item. The "
               "site in that language shows the translation, the others the original.")


def _translations(example: str) -> Any:
    return Field(default_factory=dict, description="The editors' translation of this entry's text, by language "
                 f"code, e.g. {example}." + TRANSLATION)


class BriefingWords(Strict):
    """A briefing's headline, summary and takeaways in another language."""

    title: PlainText | None = Field(default=None, description="The headline." + PLAIN)
    summary: InlineMarkdown | None = Field(default=None, description="The summary." + INLINE)
    takeaways: list[InlineMarkdown] | None = Field(default=None, max_length=MAX_ITEMS,
                                                   description="Every takeaway, in the same order." + INLINE)


class TextWords(Strict):
    """An assessment's or a background item's text in another language."""

    text: InlineMarkdown | None = Field(default=None, description="The text." + INLINE)


class DescriptionWords(Strict):
    """A topic's, a diplomacy issue's or a document's description in another language."""

    description: InlineMarkdown | None = Field(default=None, description="The description." + INLINE)


class SummaryWords(Strict):
    """An event's summary in another language."""

    summary: PlainText | None = Field(default=None, description="The summary." + PLAIN)


class VersionWords(Strict):
    """A version's label and summary in another language."""

    label: PlainText | None = Field(default=None, description="How reports call it." + PLAIN)
    summary: PlainText | None = Field(default=None, description="The summary." + PLAIN)


class ClaimWords(Strict):
    """A claim's statement and note in another language."""

    statement: PlainText | None = Field(default=None, description="The statement." + PLAIN)
    note: PlainText | None = Field(default=None, description="The editors' note." + PLAIN)


class PartWords(Strict):
    """Which part of a place, in another language."""

    part: PlainText | None = Field(default=None, description="The part of the place." + PLAIN)


class ControlWords(PartWords):
    """Which part of a place, and the editors' note on the claim, in another language."""

    note: PlainText | None = Field(default=None, description="The editors' note." + PLAIN)


class FigureWords(Strict):
    """A figure's label and unit in another language."""

    label: PlainText | None = Field(default=None, description="What is counted." + PLAIN)
    unit: PlainText | None = Field(default=None, description="The unit." + PLAIN)


class QuoteWords(Strict):
    """The editors' translation of a quote, the speaker's role and the context (the quote's own words
    stay as given, and the page says it is a translation)."""

    text: PlainText | None = Field(default=None, description="The words, translated." + PLAIN)
    role: PlainText | None = Field(default=None, description="The speaker's role." + PLAIN)
    context: InlineMarkdown | None = Field(default=None, description="The circumstances." + INLINE)


class SourceWords(Strict):
    """A source's title (an editor's description of it) and notes in another language."""

    title: PlainText | None = Field(default=None, description="The title or description." + PLAIN)
    grade_note: PlainText | None = Field(default=None, description="Why it has its grade." + PLAIN)
    note: PlainText | None = Field(default=None, description="The note." + PLAIN)


class ValueWords(Strict):
    """What a version says of a term, in another language."""

    value: PlainText | None = Field(default=None, description="The value in a few words." + PLAIN)


class RoleWords(Strict):
    """A role in another language."""

    role: PlainText | None = Field(default=None, description="The role." + PLAIN)


class EntryWords(Strict):
    """An organisation's or a place's country and background in another language."""

    country: PlainText | None = Field(default=None, description="The country." + PLAIN)
    description: InlineMarkdown | None = Field(default=None, description="The short background." + INLINE)


class PersonWords(Strict):
    """A person's current role, country and background in another language."""

    role: PlainText | None = Field(default=None, description="The current role." + PLAIN)
    country: PlainText | None = Field(default=None, description="The country." + PLAIN)
    description: InlineMarkdown | None = Field(default=None, description="The short background." + INLINE)


class PositionWords(Strict):
    """A position's summary, conditions and note in another language."""

    summary: PlainText | None = Field(default=None, description="The position in one sentence." + PLAIN)
    conditions: list[PlainText] | None = Field(default=None, description="Every condition, in the same order."
                                               + PLAIN)
    note: PlainText | None = Field(default=None, description="The editors' note." + PLAIN)


# --- registry -------------------------------------------------------------------------


def _names(example: str = "{uk: Куп'янськ}") -> Any:
    """The `names` field: an entry's name in the site's other interface languages."""
    return Field(default_factory=dict,
                 description=f"The name as written in other interface languages, by language code, e.g. {example}: "
                             "the site in that language shows it (and still finds every alias)." + PLAIN)


class RoleSpan(Strict):
    """A role a person held for a time: pages show the role a person had on the date of what they said."""

    role: PlainText = Field(description="The role, e.g. 'US president-elect'." + PLAIN)
    translations: dict[LanguageCode, RoleWords] = _translations("{uk: {role: посол США в ООН}}")
    since: Reported | None = Field(default=None, description="When it began, in EDTF, e.g. 2024-11-06.")
    until: Reported | None = Field(default=None, description="When it ended, in EDTF; leave out while it lasts.")


class Person(Strict):
    """A person quoted or referred to in briefings (registry/people.yaml)."""

    id: Id
    name: PlainText = Field(description="Full name as usually written in English." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names()
    aliases: list[PlainText] = Field(
        default_factory=list,
        description="Other spellings and scripts (e.g. Cyrillic) readers may search for." + PLAIN,
    )
    role: PlainText = Field(description="Current role, e.g. 'Russian foreign minister'." + PLAIN)
    roles: list[RoleSpan] = Field(
        default_factory=list,
        description="Earlier roles with their dates, when the role changed (e.g. president-elect, then president); "
                    "a claim's card shows the role held on the claim's date, else 'role'.")
    affiliation: Id | None = Field(default=None, description="Id of the organisation they belong to.")
    country: PlainText | None = Field(default=None, description="Country they act for." + PLAIN)
    description: InlineMarkdown | None = Field(default=None, description="Short background." + INLINE)
    translations: dict[LanguageCode, PersonWords] = _translations("{uk: {country: Україна}}")


def role_on(person: Person, day: dt.date) -> str:
    """The role `person` held on `day`: the dated role that covers it, else the current role."""
    return role_holder(person, day).role


def role_holder(person: Person, day: dt.date) -> RoleSpan | Person:
    """What says which role `person` held on `day` (and holds its translations): the dated role
    that covers it, else the person (the current role)."""
    for span in person.roles:
        starts = span.since is None or span.since.lower <= day
        ends = span.until is None or span.until.upper is None or day <= span.until.upper
        if starts and ends:
            return span
    return person


class Organisation(Strict):
    """An organisation, military unit, administration or medium (registry/organisations.yaml)."""

    id: Id
    name: PlainText = Field(description="Name as usually written in English." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names()
    aliases: list[PlainText] = Field(default_factory=list, description="Other names and spellings." + PLAIN)
    kind: OrgKind = Field(description="What kind of body it is.")
    parent: Id | None = Field(
        default=None, description="Id of the organisation it is part of, e.g. a corps within the National Guard."
    )
    party: Flag = Field(
        default=False,
        description="Whether it is a party to the conflict (a state at war, its army, government or an administration "
                    "of one): what it says is a claim, so figures from it must name it as claimant. Units and "
                    "people inside it count as the party too.")
    country: PlainText | None = Field(default=None, description="Country it belongs to." + PLAIN)
    description: InlineMarkdown | None = Field(default=None, description="Short background." + INLINE)
    translations: dict[LanguageCode, EntryWords] = _translations("{uk: {country: Україна}}")


class Coordinates(Strict):
    """A point on the map, in decimal degrees."""

    lat: Number = Field(ge=-90, le=90, description="Latitude in decimal degrees (WGS 84).")
    lon: Number = Field(ge=-180, le=180, description="Longitude in decimal degrees (WGS 84).")


class Place(Strict):
    """A city, region or country (registry/places.yaml)."""

    id: Id
    name: PlainText = Field(description="Name as usually written in English." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names()
    aliases: list[PlainText] = Field(
        default_factory=list,
        description="Transliterations and native spellings, Latin and Cyrillic." + PLAIN,
    )
    kind: PlainText = Field(default="city", description="What kind of place, e.g. 'city', 'region'." + PLAIN)
    region: Id | None = Field(default=None, description="Id of the place (region) it lies in.")
    country: PlainText = Field(description="Country it lies in." + PLAIN)
    coordinates: Coordinates | None = Field(default=None, description="Where it is.")
    description: InlineMarkdown | None = Field(default=None, description="Short background." + INLINE)
    translations: dict[LanguageCode, EntryWords] = _translations("{uk: {country: Україна}}")


class Source(Strict):
    """One published item cited by briefings: a post, an interview, an article, a map (registry/sources.yaml)."""

    id: Id
    publisher: Id = Field(description="Id of the organisation or person that published it.")
    title: PlainText = Field(description="Title or a short description of the item." + PLAIN)
    medium: Medium = Field(description="How it was published.")
    date: Reported = Field(description="Publication date as known, in EDTF, e.g. 2025-11-21, 2025-12~ or 2025.")
    url: Url | None = Field(default=None, description="Address of the original; http or https only.")
    archive_url: Url | None = Field(default=None, description="Address of an archived copy, e.g. in a web archive.")
    retrieved: Date | None = Field(default=None, description="When the editors retrieved it, YYYY-MM-DD.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$", strict=True)] | None = Field(
        default=None, description="Language of the original, an ISO 639 code such as 'en', 'uk' or 'ru'."
    )
    reliability: Reliability = Field(
        description="Admiralty grade of the source: A reliable … E unreliable, F cannot be judged."
    )
    grade_note: PlainText | None = Field(
        default=None, description="Why the editors gave that grade, in one line." + PLAIN
    )
    via: Id | None = Field(default=None, description="Id of the source through which we know of it.")
    note: PlainText | None = Field(default=None, description="Anything a reader should know about it." + PLAIN)
    translations: dict[LanguageCode, SourceWords] = _translations("{uk: {title: Допис Генштабу в Telegram}}")


class Topic(Strict):
    """A thread followed across briefings, e.g. 'Control of Kupiansk' (registry/topics.yaml)."""

    id: Id
    name: PlainText = Field(description="Name of the topic, e.g. 'Control of Kupiansk'." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names("{uk: Контроль над Куп'янськом}")
    description: InlineMarkdown | None = Field(default=None, description="What the topic follows." + INLINE)
    translations: dict[LanguageCode, DescriptionWords] = _translations("{uk: {description: …}}")
    places: list[Id] = Field(default_factory=list, description="Ids of the places the topic is about.")


class DiplomacyIssue(Strict):
    """An issue actors take positions on, a column of the diplomacy matrix (registry/issues.yaml)."""

    id: Id
    name: PlainText = Field(description="Short name of the issue, e.g. 'Freezing the front line'." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names("{uk: Заморожування лінії фронту}")
    aliases: list[PlainText] = Field(default_factory=list, description="Other words readers may search for." + PLAIN)
    description: InlineMarkdown = Field(description="What the issue is about." + INLINE)
    translations: dict[LanguageCode, DescriptionWords] = _translations("{uk: {description: …}}")
    topics: list[Id] = Field(default_factory=list, description="Ids of the topics (registry/topics.yaml) that "
                             "follow the same question on the ground: their pages and this one link each other.")


class Term(Strict):
    """One provision of a document that the sides bargain over: the army cap, territory, a guarantee."""

    id: Id
    name: PlainText = Field(description="What the term is about, e.g. 'Cap on Ukraine's armed forces'." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names("{uk: Чисельність ЗСУ}")
    issue: Id | None = Field(default=None, description="Id of the diplomacy issue (registry/issues.yaml) it "
                             "belongs to, if any: positions on the issue then show beside the term.")


class Document(Strict):
    """A text negotiated over: a proposal, a draft, a counter-text, a communiqué (registry/documents.yaml).
    Who drafted it is a claim, recorded in the briefings, not here; its versions and what each says of
    each term are recorded in the briefings that report them (diplomacy.yaml: versions)."""

    id: Id
    name: PlainText = Field(description="Its usual name, e.g. 'US peace plan for Ukraine'." + PLAIN)
    names: dict[LanguageCode, PlainText] = _names("{uk: Мирний план США для України}")
    aliases: list[PlainText] = Field(default_factory=list, description="Other names readers may search for, "
                                     "e.g. '28-point plan'." + PLAIN)
    kind: DocumentKind = Field(description="What kind of text it is.")
    description: InlineMarkdown = Field(description="What it is, in one or two sentences." + INLINE)
    translations: dict[LanguageCode, DescriptionWords] = _translations("{uk: {description: …}}")
    answers: Id | None = Field(default=None, description="Id of the document it answers (a counter-proposal's "
                               "original).")
    topics: list[Id] = Field(default_factory=list, description="Ids of the topics (registry/topics.yaml) it bears on.")
    terms: list[Term] = Field(default_factory=list, description="Its provisions that versions and positions "
                              "refer to, e.g. the army cap.")


class DocumentsFile(Strict):
    """The documents registry: texts negotiated over, each with its terms."""

    documents: list[Document] = Field(description="Proposals, drafts, counter-texts and communiqués.")


class PeopleFile(Strict):
    """The people registry: everyone quoted or referred to in any briefing."""

    people: list[Person] = Field(description="People quoted or referred to in briefings.")


class OrganisationsFile(Strict):
    """The organisations registry: armed forces, administrations, monitors, media."""

    organisations: list[Organisation] = Field(description="Organisations, military units, media.")


class PlacesFile(Strict):
    """The places registry, with every spelling a reader may search for."""

    places: list[Place] = Field(description="Cities, regions and countries.")


class SourcesFile(Strict):
    """The sources registry: every source cited anywhere."""

    sources: list[Source] = Field(description="Every source cited anywhere.")


class TopicsFile(Strict):
    """The topics registry: threads that claims, figures and assessments follow across briefings."""

    topics: list[Topic] = Field(description="Threads followed across briefings.")


class IssuesFile(Strict):
    """The diplomacy issues registry."""

    issues: list[DiplomacyIssue] = Field(description="The diplomacy issues positions are taken on.")


# --- one briefing ---------------------------------------------------------------------


class Figure(Strict):
    """A key number with its unit, and who gives it."""

    id: Id
    label: PlainText = Field(description="What is counted or measured, e.g. 'Pre-war population'." + PLAIN)
    value: Amount = Field(
        description="The number, without thousands separators, e.g. 26000; for a range, its lower end."
    )
    upper: Amount | None = Field(
        default=None, description="For a range such as '4,000–6,000', its upper end, e.g. 6000 (value holds 4000)."
    )
    unit: PlainText = Field(description="Unit, e.g. 'people', 'miles', 'waves'." + PLAIN)
    qualifier: Literal["about", "nearly", "more than", "less than", "up to", "at least"] | None = Field(
        default=None, description="Qualifies the number: about, nearly, more than, less than, up to, at least."
    )
    as_reported: PlainText | None = Field(
        default=None, description="The wording of the source, e.g. 'four waves'." + PLAIN
    )
    subject: Id | None = Field(default=None, description="Id of the place, organisation or person it describes.")
    claimant: Id | None = Field(default=None, description="Id of who gives the figure, if it is a claim.")
    date: Reported | None = Field(
        default=None, description="When the figure applies or the period it covers, in EDTF, e.g. 2025-11 or "
                                  "2025-09-28/2025-12-12."
    )
    topic: Id | None = Field(default=None, description="Id of the topic (registry/topics.yaml) it follows.")
    updates: ItemRef | None = Field(default=None, description="The earlier figure it updates, 'briefing-id/figure-id'.")
    sources: list[Id] = Field(description="Ids of the sources that give it (at least one).")
    translations: dict[LanguageCode, FigureWords] = _translations("{uk: {label: Населення до війни, unit: осіб}}")


class Event(Strict):
    """Something that happened, with its date, place, actors and sources."""

    id: Id
    date: Reported = Field(description="When it happened, in EDTF, e.g. 2024-11-13, 2024-11~ or 2025-09-28/...")
    date_note: PlainText | None = Field(
        default=None, description="How the date was established, e.g. 'reported as Wednesday'." + PLAIN
    )
    places: list[Id] = Field(default_factory=list, description="Ids of the places where it happened.")
    actors: list[Id] = Field(default_factory=list, description="Ids of the people and organisations involved.")
    summary: PlainText = Field(description="What happened, in one or two sentences." + PLAIN)
    figures: list[Id] = Field(default_factory=list, description="Ids of key figures (this briefing) about it.")
    sources: list[Id] = Field(description="Ids of the sources that report it (at least one).")
    kind: EventKind = Field(default=EventKind.event, description="event (the default), meeting, or deadline.")
    status: EventStatus = Field(
        default=EventStatus.held,
        description="held (the default: it happened), scheduled (a meeting announced for a later day) or set (a "
                    "deadline someone set): those two may be dated after the briefing's as-of date. A later "
                    "briefing says what became of it (held, moved, dropped, missed, cancelled) with 'updates'.")
    announced: Reported | None = Field(default=None, description="When it was announced or set, in EDTF, if not "
                                       "on its own date.")
    announced_by: Id | None = Field(default=None, description="Id of the person or organisation who announced or "
                                    "set it.")
    updates: ItemRef | None = Field(default=None, description="The earlier event (a scheduled meeting, a deadline) "
                                    "this one says what became of, 'briefing-id/event-id'.")
    topic: Id | None = Field(default=None, description="Id of the topic (registry/topics.yaml) it follows.")
    document: Id | None = Field(default=None, description="Id of the document (registry/documents.yaml) it is about.")
    translations: dict[LanguageCode, SummaryWords] = _translations("{uk: {summary: …}}")


class Claim(Strict):
    """What someone claims, with its status after checking and its Admiralty credibility grade."""

    id: Id
    topic: Id = Field(
        description="Id of the topic (registry/topics.yaml) it is about; claims on one topic are shown side by side."
    )
    claimant: Id = Field(description="Id of the person or organisation making the claim.")
    statement: PlainText = Field(description="What they claim, in their words where possible." + PLAIN)
    date: Reported = Field(description="When the claim was made, in EDTF, e.g. 2025-11-20.")
    places: list[Id] = Field(default_factory=list, description="Ids of the places the claim is about.")
    updates: ItemRef | None = Field(
        default=None, description="The earlier claim it updates or supersedes, 'briefing-id/claim-id'."
    )
    status: ClaimStatus = Field(description="Where the claim stands after checking.")
    credibility: Grade = Field(
        ge=1, le=6,
        description="Admiralty credibility of the information: 1 confirmed … 5 improbable, 6 cannot be judged.",
    )
    sources: list[Id] = Field(description="Ids of the sources carrying the claim (at least one).")
    corroborated_by: list[Id] = Field(default_factory=list, description="Ids of sources that support it.")
    contradicted_by: list[Id] = Field(default_factory=list, description="Ids of sources that contradict it.")
    quote: Id | None = Field(default=None, description="Id of the quote (this briefing) that states it.")
    note: PlainText | None = Field(default=None, description="The analyst's remark on the claim." + PLAIN)
    translations: dict[LanguageCode, ClaimWords] = _translations("{uk: {statement: …}}")


class ControlPart(Strict):
    """Who holds a place, or which part of it."""

    place: Id = Field(description="Id of the place (registry/places.yaml).")
    part: PlainText | None = Field(
        default=None, description="Which part, if not all of it, e.g. 'north', 'left bank of the Oskil'." + PLAIN
    )
    status: ControlStatus = Field(description="Who holds it: ukrainian, russian, contested, grey-zone or unknown.")
    translations: dict[LanguageCode, PartWords] = _translations("{uk: {part: північ міста}}")


class ControlClaim(ControlPart):
    """What someone says about who controls a place (or part of it), as of when, on which sources."""

    id: Id
    date: Reported = Field(description="As of when, in EDTF, e.g. 2025-11-20 or 2025-12~.")
    claimant: Id = Field(description="Id of the person or organisation who says so.")
    topic: Id | None = Field(default=None, description="Id of the topic (registry/topics.yaml) it follows.")
    quote: Id | None = Field(default=None, description="Id of the quote (this briefing) that states it.")
    sources: list[Id] = Field(description="Ids of the sources that carry it (at least one).")
    note: PlainText | None = Field(default=None, description="The editors' remark on the claim." + PLAIN)
    # A control claim's translation also takes its note (dict is invariant, hence the ignore).
    translations: dict[LanguageCode, ControlWords] = _translations(  # type: ignore[assignment]
        "{uk: {part: північ міста, note: …}}")


class Assessment(Strict):
    """The editors' bottom line on a topic as of this briefing, apart from what actors claim."""

    id: Id
    topic: Id = Field(description="Id of the topic (registry/topics.yaml) it assesses.")
    text: InlineMarkdown = Field(description="The assessment, in the house's words: 'We assess that …'." + INLINE)
    confidence: Confidence = Field(description="How sure the editors are: low, moderate or high.")
    control: ControlPart | None = Field(default=None, description="Who the editors assess controls the place, if "
                                        "the topic is about control.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources it rests on most.")
    translations: dict[LanguageCode, TextWords] = _translations("{uk: {text: Ми оцінюємо, що …}}")


class BackgroundItem(Strict):
    """An earlier event that helps explain this one."""

    date: Reported = Field(description="When it happened, in EDTF, e.g. 2022-09, 2014 or 2022-02-24.")
    place: Id | None = Field(default=None, description="Id of the place concerned.")
    text: InlineMarkdown = Field(description="What happened." + INLINE)
    sources: list[Id] = Field(description="Ids of the sources for it (at least one).")
    translations: dict[LanguageCode, TextWords] = _translations("{uk: {text: …}}")




class Situation(Strict):
    """The situation on the ground: events, contested claims, key figures and background."""

    events: list[Event] = Field(default_factory=list, max_length=MAX_ITEMS, description="What happened, in order.")
    claims: list[Claim] = Field(default_factory=list, max_length=MAX_ITEMS,
                                description="Who claims what; contested claims share a topic.")
    control: list[ControlClaim] = Field(
        default_factory=list, max_length=MAX_ITEMS,
        description="Who says who controls which place (or part of it), as of when."
    )
    assessments: list[Assessment] = Field(
        default_factory=list, max_length=MAX_ITEMS,
        description="The editors' bottom line per topic, with a confidence level."
    )
    figures: list[Figure] = Field(default_factory=list, max_length=MAX_ITEMS, description="Key figures with units.")
    background: list[BackgroundItem] = Field(default_factory=list, max_length=MAX_ITEMS,
                                             description="Earlier events that explain this one.")


class Quote(Strict):
    """Verbatim words of a person or organisation, with the source that carries them."""

    id: Id
    speaker: Id | None = Field(
        default=None, description="Id of the person or organisation (registry) who said or wrote it; leave it out "
                                  "when the source does not name the speaker (the quote is then attributed to the "
                                  "source that carries it)."
    )
    text: PlainText = Field(description="The exact words, without surrounding quotation marks." + PLAIN)
    original: PlainText | None = Field(
        default=None, description="For a translated quote, the words in the original language." + PLAIN
    )
    role: PlainText = Field(
        description="The speaker's role at the time, or who they are when unnamed, e.g. 'a Ukrainian military "
                    "statement'." + PLAIN
    )
    medium: Medium = Field(description="How it was said or published.")
    date: Reported = Field(description="When it was said, in EDTF, e.g. 2025-11-20.")
    places: list[Id] = Field(default_factory=list, description="Ids of the places it is about.")
    source: Id = Field(description="Id of the source that carries it.")
    context: InlineMarkdown | None = Field(default=None, description="The circumstances." + INLINE)
    topics: list[PlainText] = Field(default_factory=list, description="Keywords, e.g. 'ceasefire'." + PLAIN)
    translated: Flag = Field(default=False, description="True if the words are a translation.")
    translations: dict[LanguageCode, QuoteWords] = _translations("{uk: {text: …}}")


class Position(Strict):
    """An actor's stance, as of a date, on a diplomacy issue or on a term of a document: a claim about
    what they hold, told by themselves or by someone else, kept apart from the editors' assessment."""

    id: Id
    issue: Id | None = Field(default=None, description="Id of the diplomacy issue (registry/issues.yaml); or "
                             "give 'document' and 'term' instead.")
    document: Id | None = Field(default=None, description="Id of the document (registry/documents.yaml) whose "
                                "term the position is on.")
    term: Id | None = Field(default=None, description="Id of the document's term the position is on.")
    actor: Id = Field(description="Id of the person or organisation who holds the position.")
    stance: Stance = Field(description="Their stance on the issue.")
    summary: PlainText = Field(description="Their position in one sentence." + PLAIN)
    date: Reported = Field(description="When they stated it, in EDTF: 2025-11-21; ../2025-11-21 for a stance "
                           "held on or before that day ('has repeatedly ruled out'); 2019-05-20/.. for one "
                           "held since.")
    according_to: Id | None = Field(default=None, description="Id of the person or organisation that reports the "
                                    "position, when it is not the holder (the White House on Kyiv's stance).")
    conditions: list[PlainText] = Field(default_factory=list, description="What the position depends on, each in "
                                        "a sentence, e.g. 'if the US and Europe secure the vote'." + PLAIN)
    note: PlainText | None = Field(default=None, description="The editors' remark on the position." + PLAIN)
    quote: Id | None = Field(default=None, description="Id of the quote (this briefing) that shows it.")
    updates: ItemRef | None = Field(default=None, description="The same actor's earlier position on the same "
                                    "issue or term, 'briefing-id/position-id'.")
    sources: list[Id] = Field(description="Ids of the sources for it (at least one).")
    translations: dict[LanguageCode, PositionWords] = _translations("{uk: {summary: …}}")


class TermValue(Strict):
    """What one version of a document says of one of its terms."""

    term: Id = Field(description="Id of the term (the document's, registry/documents.yaml).")
    value: PlainText = Field(description="What the version says of it, in a few words, e.g. '600,000 troops' or "
                             "'all of Donbas to Russia'." + PLAIN)
    amount: Amount | None = Field(default=None, description="The number, where the term is one (600000), so pages "
                                  "can set versions side by side.")
    according_to: Id | None = Field(default=None, description="Id of who reports this value, when the version's "
                                    "sources report it through someone else (a senior US official).")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources for it, if not the version's.")
    translations: dict[LanguageCode, ValueWords] = _translations("{uk: {value: 600 тисяч військових}}")


class Version(Strict):
    """One version of a document as a briefing reports it: its date, its length, what it revises, and
    what it says of each term."""

    id: Id
    document: Id = Field(description="Id of the document (registry/documents.yaml).")
    label: PlainText = Field(description="How reports call this version, e.g. 'the 28-point draft'." + PLAIN)
    date: Reported = Field(description="When this version existed or was reported, in EDTF.")
    points: int | None = Field(default=None, ge=1, le=1000, description="How many points it has, as reported.")
    according_to: Id | None = Field(default=None, description="Id of who gives the count or describes the "
                                    "version, when not its sources' publisher (Trump on '28 to 22 points').")
    revises: VersionRef | None = Field(default=None, description="The version it revises: its id in this "
                                       "briefing, or 'briefing-id/version-id' of an earlier one.")
    summary: PlainText = Field(description="What the version is and how it came about, in a sentence or two." + PLAIN)
    terms: list[TermValue] = Field(default_factory=list, description="What it says of each term that reports give.")
    sources: list[Id] = Field(description="Ids of the sources that report it (at least one).")
    translations: dict[LanguageCode, VersionWords] = _translations("{uk: {label: …, summary: …}}")


class Correction(Strict):
    """A correction made to a briefing after it was published: readers see what changed and when."""

    date: Date = Field(description="When the correction was made, YYYY-MM-DD.")
    text: InlineMarkdown = Field(description="What was wrong and what it says now." + INLINE)


class Briefing(Strict):
    """One dated briefing: headline, as-of date, summary and takeaways."""

    id: Id
    title: PlainText = Field(description="Headline of the briefing." + PLAIN)
    as_of: Date = Field(description="The date the briefing describes the situation at, YYYY-MM-DD.")
    summary: InlineMarkdown = Field(description="Two or three sentences for the top of the page." + INLINE)
    takeaways: list[InlineMarkdown] = Field(max_length=MAX_ITEMS,
                                            description="Key takeaways, most important first." + INLINE)
    places: list[Id] = Field(default_factory=list, description="Ids of the places the briefing is about.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources the briefing rests on overall.")
    corrections: list[Correction] = Field(
        default_factory=list, max_length=MAX_ITEMS,
        description="Corrections made after publication, oldest first: each dated, saying what was wrong and what "
                    "changed. Never delete one; the briefing shows them all and so does the corrections page.")
    translations: dict[LanguageCode, BriefingWords] = _translations("{uk: {title: …, summary: …}}")

    @property
    def updated(self) -> dt.date:
        """The last day its content changed: its as-of date or its latest correction."""
        return max([self.as_of, *(c.date for c in self.corrections)])


class BriefingFile(Strict):
    """A briefing's briefing.yaml: title, date, summary and takeaways."""

    briefing: Briefing = Field(description="The briefing's title, date, summary and takeaways.")


class SituationFile(Strict):
    """A briefing's situation.yaml: events, claims, figures and background."""

    situation: Situation = Field(description="Events, contested claims, key figures and background.")


class QuotesFile(Strict):
    """A briefing's quotes.yaml: verbatim quotes with speaker and source."""

    quotes: list[Quote] = Field(max_length=MAX_ITEMS, description="Verbatim quotes with speaker and source.")


class DiplomacyFile(Strict):
    """A briefing's diplomacy.yaml: who holds which position on what, and the versions of the documents
    they negotiate over."""

    positions: list[Position] = Field(default_factory=list, max_length=MAX_ITEMS,
                                      description="Who holds which position on which issue or term, as of when.")
    versions: list[Version] = Field(default_factory=list, max_length=MAX_ITEMS,
                                    description="Versions of documents this briefing reports, with their terms.")


# Which model each file name is validated against.
REGISTRY_FILES: dict[str, type[Strict]] = {
    "people.yaml": PeopleFile,
    "organisations.yaml": OrganisationsFile,
    "places.yaml": PlacesFile,
    "sources.yaml": SourcesFile,
    "topics.yaml": TopicsFile,
    "issues.yaml": IssuesFile,
    "documents.yaml": DocumentsFile,
}
# Registry files a project may leave out (it then has none of what they list).
OPTIONAL_REGISTRY_FILES = {"documents.yaml"}
BRIEFING_FILES: dict[str, type[Strict]] = {
    "briefing.yaml": BriefingFile,
    "situation.yaml": SituationFile,
    "quotes.yaml": QuotesFile,
    "diplomacy.yaml": DiplomacyFile,
}
