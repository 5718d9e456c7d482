"""Stage 5, render: the site plan's pages → Markdown, through the Jinja2 templates.

The plan (`plan.Plan`) says which pages exist and builds each one's view; this module only
runs the templates. Every value a template prints is escaped by `markup.plain` unless a
filter already made it safe; text from YAML is only ever passed to templates as data, never
compiled as a template itself. Links and anchors come from the plan, through the `href` and
`anchor` filters.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import functools
import html
import json
import math
import re
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from . import i18n, items, markup, model, views
from .dates import ReportedDate
from .i18n import N_
from .plan import Page, Plan

if TYPE_CHECKING:
    from .printed import Printer

# Imperial units get a metric conversion beside them: unit → (metric unit, factor).
METRIC = {
    "mile": (N_("km"), 1.609344), "miles": (N_("km"), 1.609344),
    "foot": (N_("m"), 0.3048), "feet": (N_("m"), 0.3048),
    "yard": (N_("m"), 0.9144), "yards": (N_("m"), 0.9144),
    "pound": (N_("kg"), 0.45359237), "pounds": (N_("kg"), 0.45359237),
    "square mile": (N_("km²"), 2.589988), "square miles": (N_("km²"), 2.589988),
}


def render(plan: Plan, templates: Path, only: Collection[str] | None = None,
           sink: Callable[[str, str | bytes], None] | None = None,
           printer: Printer | None = None, pages: Iterable[Page] | None = None) -> dict[str, str | bytes]:
    """Every page of the plan, as {path relative to docs/: text}; only the paths in `only`, if
    given (the live preview re-renders what an edit can change). With a `sink`, each page is
    handed to it as soon as it is rendered and not kept. With a `printer`, a page the plan also
    publishes as a PDF (a briefing) is typeset too, from the Markdown just rendered (by a pool of
    processes: each PDF is handed on when it is done, all of them before this returns). `pages`:
    these pages of the plan rather than all (Plan.briefing_pages, before the rest is laid out)."""
    env = _environment(templates, plan.language)
    rendered: dict[str, str | bytes] = {}
    emit = sink or rendered.__setitem__
    resolving = _REFERENCES.set(plan.references)
    try:
        _render_pages(plan, env, only, emit, printer, pages)
    finally:
        _REFERENCES.reset(resolving)
    return rendered


def _render_pages(plan: Plan, env: jinja2.Environment, only: Collection[str] | None,
                  emit: Callable[[str, str | bytes], None], printer: Printer | None,
                  pages: Iterable[Page] | None) -> None:
    for page in plan.pages() if pages is None else pages:
        if only is not None and page.path not in only:
            continue
        context = page.context()
        if page.template is None:  # a data file: its text, or data to write as compact JSON
            text = context["text"] if "text" in context else json.dumps(
                context["data"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        else:
            text = env.get_template(page.template).render(site=plan.site, info=plan.info, path=page.path, plan=plan,
                                                          sections=plan.sections, updated=plan.updated(page),
                                                          **context)
        emit(page.path, text)
        if printer is not None and page.printout is not None:
            printer.submit(page.printout, text, page.path)
            for output, pdf in printer.ready():
                emit(output, pdf)
    if printer is not None:
        for output, pdf in printer.ready(wait=True):
            emit(output, pdf)


# The references of the site being rendered (views.References), for the template engine's
# attribute reads: set while a plan's pages render (in this thread: the preview renders in its own).
_REFERENCES: contextvars.ContextVar[views.References | None] = contextvars.ContextVar("references", default=None)


class _Environment(jinja2.Environment):
    """Jinja, reading every reference field of a model object as the object it names."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        references = _REFERENCES.get()
        if references is not None and isinstance(obj, model.Strict):
            found = references.attribute(obj, attribute)
            if found is not views.NOT_A_REFERENCE:
                return found
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=8)
def _environment(templates: Path, language: i18n.Language) -> jinja2.Environment:
    """One environment per template folder and interface language for the life of the process:
    the live preview re-renders with warm escaping caches, and Jinja reloads an edited template."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not a blank cell
        # Autoescape makes macro output Markup; `finalize` runs first and escapes every value
        # for Markdown and HTML at once (Jinja's own escaping knows only HTML).
        autoescape=True,
        finalize=_finalize_memoised(),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    words = Words(language)
    env.filters.update(attr=markup.attr, external_link=markup.external_link, date=words.date, number=words.number,
                       amount=words.amount, metric=words.metric, credibility=words.credibility, join=_join,
                       href=_href, anchor=_anchor, canonical=_canonical, what=words.what,
                       coordinates=words.coordinates, meta_text=meta_text, endnote=_endnote, json_ld=_json_ld,
                       month=words.month, explanation=words.explanation, own=words.own,
                       text=words.text, translated=words.translated, as_written=words.as_written,
                       said=words.said, country=words.country, language_name=words.language_name,
                       original=words.original, headline=is_headline)
    env.globals.update(_=words.gettext, _t=words.gettext_plain, ngettext=words.ngettext)
    return env


class Words:
    """The interface words of one language, as the templates use them. `_("text %(x)s", x=value)`
    translates a message of the templates (trusted Markdown) and fills it with values escaped as
    everything else a template prints; `_t` is the same for plain text (a page's title in its
    front matter, escaped there by `meta_text`); `ngettext` chooses the plural form by `num`."""

    def __init__(self, language: i18n.Language):
        self.language = language

    def gettext(self, message: str, **values: Any) -> Markup:
        text = Markup(self.language.gettext(message))
        return text % {k: _finalize(v) for k, v in values.items()} if values else text

    def gettext_plain(self, message: str, **values: Any) -> str:
        text = self.language.gettext(message)
        return text % {k: str(v) for k, v in values.items()} if values else text

    def ngettext(self, singular: str, plural: str, num: int, **values: Any) -> Markup:
        text = Markup(self.language.ngettext(singular, plural, num))
        return text % {"num": self.number(num), **{k: _finalize(v) for k, v in values.items()}}

    def date(self, value: dt.date | ReportedDate) -> str:
        """'13 November 2024'; a date as reported says how exact it is: 'about June 2024', 'since …, ongoing'."""
        if isinstance(value, ReportedDate):
            return value.label(self.language)
        return self.language.day(value)

    def month(self, key: str) -> str:
        """An archive page's period as its name: '2025' a year, '2025-11' 'November 2025', '2025-11-2'
        'November 2025, part 2' (the plan's keys)."""
        year, *rest = key.split("-")
        if not rest:
            return year
        name = self.language.month(dt.date(int(year), int(rest[0]), 1))
        if len(rest) == 1:
            return name
        _ = self.language.gettext
        return _("%(month)s, part %(num)s") % {"month": name, "num": rest[1]}

    def number(self, value: float) -> str:
        return self.language.number(format_number(value))

    def amount(self, figure: model.Figure) -> Markup:
        """A figure as a reader reads it: 'about 3,000 people', '4,000–6,000 people'; the qualifier in
        the interface's words, the unit as the edition shows the editors' text (`own`)."""
        number = self.number(figure.value)
        if figure.upper is not None:
            number += f"–{self.number(figure.upper)}"
        qualifier = self.language.gettext(model.QUALIFIER_WORDS[figure.qualifier]) if figure.qualifier else ""
        return Markup(" ").join(_finalize(part) if isinstance(part, str) and not isinstance(part, Markup) else part
                                for part in (qualifier, number, self.own(figure, "unit")) if part)

    def metric(self, figure: model.Figure) -> str:
        text = metric(figure)
        if not text:
            return ""
        numbers, unit = text[2:].rsplit(" ", 1)
        return f"≈ {self.language.number(numbers)} {self.language.gettext(unit)}"

    def credibility(self, level: int) -> str:
        words = model.CREDIBILITY_WORDS.get(level)
        return self.language.gettext(words) if words else ""

    def what(self, entity: Any, day: dt.date | None = None) -> Any:
        """What an entry is: a person's role as the registry writes it (as `own`); an organisation's
        or a place's kind in the interface's words."""
        if isinstance(entity, model.Person):
            return self.own(model.role_holder(entity, day) if day else entity, "role")
        return self.language.gettext(what(entity, day))

    def coordinates(self, point: model.Coordinates) -> str:
        """'49.7106° N, 37.6156° E'; south and west for negative values."""
        _ = self.language.gettext
        lat = self.language.number(f"{abs(point.lat):.4f}")
        lon = self.language.number(f"{abs(point.lon):.4f}")
        return (_("%(degrees)s° N") if point.lat >= 0 else _("%(degrees)s° S")) % {"degrees": lat} + ", " + (
            _("%(degrees)s° E") if point.lon >= 0 else _("%(degrees)s° W")) % {"degrees": lon}

    def translated(self, obj: Any, field: str) -> Any:
        """The editors' translation of an entry's `field` into this edition's language, or None."""
        return None if self.language.primary else model.translation(obj, field, self.language.code)

    def text(self, obj: Any, field: str) -> Any:
        """What this edition shows of an entry's `field`, unmarked (titles in front matter, alt
        texts): the editors' translation into its language where they gave one, else the original."""
        translated = self.translated(obj, field)
        return getattr(obj, field) if translated is None else translated

    def own(self, obj: Any, field: str, limit: int | None = None) -> Any:
        """An entry's text as this edition shows it: the editors' translation into its language where
        they gave one; else the original as written, marked with its language where that is not the
        page's, so that a screen reader reads it by its own rules. The original is in the primary
        edition's language, except a source's title where the source has an address: that is its
        headline, in the source's language. A list field gives a list. `limit`: shortened to about
        that many characters."""
        translated = self.translated(obj, field)
        value = getattr(obj, field) if translated is None else translated
        written = self.language.code if translated is not None else _written_in(obj, field)
        marked = written if written != self.language.code else None
        if isinstance(value, list):
            return [self._shown(item, marked, limit) for item in value]
        return self._shown(value, marked, limit)

    def original(self, obj: Any, field: str) -> Any:
        """An entry's `field` as written, whatever this edition shows of it, marked with its
        language where that is not the page's (a source's headline beside its translation)."""
        written = _written_in(obj, field)
        return self._shown(getattr(obj, field), written if written != self.language.code else None, None)

    def as_written(self, value: Any, limit: int | None = None) -> Any:
        """Editors' text no field offers a translation of (a correction, an event's date note, a
        figure's wording as reported), or a quote's words as published beside the editors'
        translation: as written, on another edition's pages marked with the editors' language."""
        return self._shown(value, None if self.language.primary else i18n.DEFAULT, limit)

    @staticmethod
    def _shown(value: Any, language: str | None, limit: int | None) -> Any:
        if limit is not None and value is not None and len(value) > limit:
            value = str(value)[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"  # plain text, like Jinja's truncate
        shown = _finalize(value)
        if language is None or not shown:
            return shown
        return Markup(f'<span lang="{language}">') + shown + Markup("</span>")

    def language_name(self, code: str) -> str:
        """A language's name in this edition's language ('uk' → 'Ukrainian', 'українська'), by Babel."""
        import babel

        try:
            return str(babel.Locale.parse(self.language.code).languages.get(code, code))
        except (ValueError, babel.UnknownLocaleError):
            return code

    def country(self, entry: Any) -> Any:
        """An entry's country as this edition shows it: the entry's own translation, else the
        interface's name for it (model.COUNTRIES), else as written (marked, as `own`)."""
        translated = self.translated(entry, "country")
        if translated is not None or self.language.primary:
            return _finalize(translated or entry.country)
        named = self.language.gettext(entry.country)
        return _finalize(named) if named != entry.country else self.as_written(entry.country)

    def said(self, obj: Any, limit: int | None = None) -> Any:
        """What a page shows when it refers to a briefing item (its kind's text field), as `own`."""
        return self.own(obj, items.KINDS[type(obj)].field, limit)

    def explanation(self, provenance: Any) -> str:
        """A source's grade in words, and why it is weaker when known only through other sources."""
        _ = self.language.gettext
        own, grade = provenance.own, provenance.grade
        text = f"{own}: {_(own.label)}"
        if provenance.weaker:
            links = " → ".join(_("a source graded %(grade)s") % {"grade": s.reliability.value}
                               for s in provenance.chain)
            text += _("; known only via %(links)s, so it counts as %(grade)s: %(words)s") % {
                "links": links, "grade": grade, "words": _(grade.label)}
        return text


# The plan and the page being rendered come from the template's context, so one environment
# serves every site: {{ claim | href }} is a link from this page to the claim. Links and anchors
# are made of ids, which validation restricts to lower-case letters, digits and hyphens, so
# they are safe in Markdown and in attributes as they are.
@jinja2.pass_context
def _href(context: Any, target: Any) -> Markup:
    return Markup(context["plan"].href(target, context["path"]))


@jinja2.pass_context
def _anchor(context: Any, target: Any, listed: bool = False) -> Markup:
    return Markup(context["plan"].anchor(target, listed))


@jinja2.pass_context
def _endnote(context: Any, item: Any) -> Any:
    """Where `item` cites its note on this briefing page, if it has one (None elsewhere)."""
    view = context.get("briefing")
    note = view.note_for.get(id(item)) if view is not None else None
    return note if note is not None and context["plan"].locate(note)[0] == context["path"] else None


@jinja2.pass_context
def _json_ld(context: Any, view: Any) -> Markup:
    """The briefing as schema.org data (NewsArticle, and a ClaimReview per settled claim), as JSON
    that cannot end its <script> element: '<', '>' and '&' are written as \\u escapes."""
    plan = context["plan"]
    data = views.structured_data(plan.site, plan.info, view, plan.absolute)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@jinja2.pass_context
def _canonical(context: Any, path: str) -> str:
    return str(context["plan"].canonical(path))  # the site's address comes from mkdocs.yml: escaped


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
    """Everything printed is escaped unless it is already safe Markup; inline Markdown (the
    `Inline` type the model gives those fields) is rendered as such, so no template has to know
    which fields allow it."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if isinstance(value, model.Inline):
        return markup.inline(value)
    if isinstance(value, model.InLanguage):
        return Markup(f'<span lang="{value.lang}">') + markup.plain(value) + Markup("</span>")
    return markup.plain(value)


def _finalize_memoised() -> Callable[[Any], Any]:
    """`_finalize`, with the results for plain and inline text cached apart (equal strings of
    the two types must not share a result)."""
    plain, inline = _memoised(_finalize), _memoised(lambda text: markup.inline(text))

    def finalize(value: Any) -> Any:
        return inline(str(value)) if type(value) is model.Inline else plain(value)

    return finalize


def _join(items: Any, separator: str = "") -> Markup:
    """Jinja's join would HTML-escape only; escape each item for Markdown too."""
    return Markup(separator).join(_finalize(item) for item in items)  # separators come from templates


# --- formatting --------------------------------------------------------------------------


def format_number(value: float) -> str:
    """'26,000', '1.5', '0.00002': as many decimals as the number was written with, never rounded to 0."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = format(decimal.Decimal(repr(abs(float(value)))), "f")  # the shortest exact form, without exponent
    whole, _, fraction = text.partition(".")
    return f"{'-' if value < 0 else ''}{int(whole):,}.{fraction}"


def _written_in(obj: Any, field: str) -> str:
    """The language an entry's `field` is written in, as far as the format says: a source's title
    is its headline, in its language, when the source has an address; every other text is in the
    primary edition's language (the editors')."""
    if isinstance(obj, model.Source) and field == "title" and is_headline(obj):
        return str(obj.language)
    return i18n.DEFAULT


def is_headline(source: model.Source) -> bool:
    """Whether a source's title is its own headline, in its language: a source with an address and
    a language, unless its title is in Latin letters and its language is written in Cyrillic (then
    it is the editors' description, in their language: an English rendering of a Ukrainian page)."""
    described = source.language in CYRILLIC_LANGUAGES and not CYRILLIC.search(source.title)
    return bool(source.url and source.language) and not described


CYRILLIC_LANGUAGES = frozenset({"uk", "ru", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})
CYRILLIC = re.compile("[\u0400-\u04ff]")


def meta_text(value: object, limit: int = 300) -> Markup:
    """A page's title or description for its front matter: plain text (inline Markdown rendered and
    its tags dropped), on one line, shortened, HTML-escaped, as a JSON string, which YAML reads as it
    is. Escaped here because the engine's themes print page titles and descriptions into <title> and
    <meta content="…"> without escaping them (MkDocs' Jinja does not autoescape)."""
    text = str(value or "")
    if isinstance(value, model.Inline):
        text = html.unescape(re.sub(r"<[^>]+>", "", str(markup.inline(value))))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


def coordinates(point: model.Coordinates) -> str:
    """'49.7106° N, 37.6156° E', in English."""
    return Words(i18n.english()).coordinates(point)


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


# --- small lookups ----------------------------------------------------------------------


def what(entity: model.Person | model.Organisation | model.Place, day: dt.date | None = None) -> str:
    """What an entry is, in a few words: a person's role (on `day`, if given), an organisation's or
    a place's kind."""
    if isinstance(entity, model.Person):
        return model.role_on(entity, day) if day else entity.role
    if isinstance(entity, model.Organisation):
        return entity.kind.value
    return entity.kind
