"""The interface languages: the words the templates write, from a message catalogue per language.

The site is built once per interface language (an edition, see settings): the primary one, the
language of the templates and of mkdocs.yml, at the site's root, and each language listed under
`extra.translations` of mkdocs.yml as a second site under /<code>/ (e.g. /uk/). The content (titles, summaries, claims,
quotes) stays in the language the editors wrote it in; only the interface changes: headings,
labels, legends, the words of grades and statuses, dates.

The catalogues are gettext .po files under locale/<code>/LC_MESSAGES/messages.po, read with
Babel when the site is built (nothing compiled is kept in the repository). `make messages`
collects the messages of the templates into locale/messages.pot and updates each catalogue;
a test fails while any message lacks a translation.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .settings import PRIMARY

DEFAULT = PRIMARY  # the templates' own language
DOMAIN = "messages"


class CatalogueError(Exception):
    """A catalogue is missing or cannot be read."""


@dataclass(frozen=True)
class Language:
    """One interface language: its code, its catalogue, and how it writes dates."""

    code: str
    translations: gettext.NullTranslations = field(compare=False, repr=False)

    @property
    def primary(self) -> bool:
        """The site's root language (feeds and open data are published once, in its site)."""
        return self.code == DEFAULT

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    # Dates: English as the templates always wrote them; other languages through Babel's CLDR data.
    def day(self, day: dt.date) -> str:
        """'13 November 2024'; '13 листопада 2024'."""
        return f"{day.day} {day:%B %Y}" if self.primary else _babel_date(day, "d MMMM y", self.code)

    def day_month(self, day: dt.date) -> str:
        """'13 November'; '13 листопада'."""
        return f"{day.day} {day:%B}" if self.primary else _babel_date(day, "d MMMM", self.code)

    def month(self, day: dt.date) -> str:
        """'November 2024'; 'листопад 2024' (a month on its own)."""
        return f"{day:%B %Y}" if self.primary else _babel_date(day, "LLLL y", self.code)

    def number(self, text: str) -> str:
        """A number written the English way ('26,000.5') the way this language writes it."""
        if self.primary:
            return text
        from babel.numbers import get_decimal_symbol, get_group_symbol

        group, decimal = get_group_symbol(self.code), get_decimal_symbol(self.code)
        return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def N_(message: str) -> str:
    """A word of the interface, marked where it is defined and translated where it is shown
    (`language.gettext(word)`): `make messages` collects every N_("…") of the code."""
    return message


def english() -> Language:
    return Language(DEFAULT, gettext.NullTranslations())


def load(locale_dir: Path, code: str) -> Language:
    """The language `code`, from its catalogue under `locale_dir` (English needs none)."""
    if code == DEFAULT:
        return english()
    return Language(code, _translations(locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"))


@functools.lru_cache(maxsize=8)
def _translations(po_file: Path) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        with po_file.open("rb") as handle:
            catalogue = read_po(handle)
    except OSError as err:
        raise CatalogueError(f"cannot read the message catalogue {po_file}: {err.strerror}") from None
    except Exception as err:  # Babel raises its own errors for a malformed file
        raise CatalogueError(f"the message catalogue {po_file} is malformed: {err}") from None
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _babel_date(day: dt.date, pattern: str, code: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, pattern, locale=code))


# --- the catalogues ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])")
_LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
_MARKUP = re.compile(r"[<>]|&#?\w+;")


def catalogue_problems(po_file: Path, shown: str) -> list[Problem]:
    """What is wrong with a translation in the catalogue `po_file` (named `shown` in the problems):
    a translation is trusted Markdown on every page of its language, so it may use no placeholder,
    no link address and no HTML its English message does not, and it must fill in as a message."""
    from babel.messages.pofile import read_po

    try:
        with po_file.open("rb") as handle:
            catalogue = read_po(handle)
    except Exception as err:  # Babel raises its own errors for a malformed file
        return [Problem(shown, 1, 1, "", f"the catalogue cannot be read: {err}", "fix the .po file's syntax, or "
                        "run 'make messages' to write it again")]
    found = []
    for message in catalogue:
        if not message.id:
            continue
        english: list[str] = [str(m) for m in (message.id if isinstance(message.id, (tuple, list)) else (message.id,))]
        names = {name for text in english for name, _ in _PLACEHOLDER.findall(text) if name}
        targets = {target for text in english for target in _LINK_TARGET.findall(text)}
        markup = {m for text in english for m in _MARKUP.findall(text)}
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for text in (str(s) for s in strings if s):
            where = Problem(shown, message.lineno or 1, 1, "msgstr", "", "")
            unknown = sorted({name for name, _ in _PLACEHOLDER.findall(text) if name} - names)
            if unknown:
                found.append(_with(where, f"unknown placeholder %({unknown[0]})s in the translation of "
                                   f"'{english[0][:60]}'", "use only the placeholders of the English message: "
                                   + (", ".join(f"%({n})s" for n in sorted(names)) or "it has none")))
                continue
            try:
                text % dict.fromkeys(names, "x")
            except (ValueError, TypeError, KeyError):
                found.append(_with(where, f"the translation of '{english[0][:60]}' is not a valid message "
                                   "(a lone '%'?)", "write a percent sign as %%"))
                continue
            added = sorted(set(_LINK_TARGET.findall(text)) - targets)
            if added:
                found.append(_with(where, f"the translation links to '{added[0][:60]}', which its English "
                                   "message does not", "link only where the English message does, to the same "
                                   "placeholder"))
            if set(_MARKUP.findall(text)) - markup:
                found.append(_with(where, "HTML in a translation (a tag or an entity its English message does "
                                   "not have)", "write the words only; the page is made from the template"))
    return found


def _with(problem: Problem, message: str, hint: str) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.field, message, hint)


def extract(templates: Path, nav: list[Any]) -> list[str]:
    """Every message of the interface: the templates' `_()`, `_t()` and `ngettext()` (plural
    messages as 'singular|plural' pairs are kept whole by Babel), the Python stages' own
    messages and the words marked N_() where they are defined, and mkdocs.yml's navigation titles."""
    import jinja2
    from jinja2.ext import babel_extract

    found: list[Any] = []
    for template in sorted(templates.glob("*.j2")):
        # Babel's extractor skips a template it cannot parse, which would drop all its messages
        # (and their translations) from the catalogues: parse it first, and stop at its error.
        try:
            jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(template.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as err:
            raise CatalogueError(f"{template}:{err.lineno}: {err.message}; fix the template first, or its "
                                 "messages would be dropped from the catalogues") from None
        with template.open("rb") as handle:
            for _, function, message, _ in babel_extract(handle, ("_", "_t", "ngettext"), [], {"trimmed": "false"}):
                # Keyword arguments (the values) and ngettext's count come as None beside the messages.
                strings = [m for m in (message if isinstance(message, tuple) else (message,)) if isinstance(m, str)]
                if function == "ngettext":
                    found.append(tuple(strings[:2]))
                elif strings:
                    found.append(strings[0])
    found += python_messages()
    found += _nav_titles(nav)
    return list(dict.fromkeys(found))


def python_messages() -> list[str | tuple[str, str]]:
    """The messages the Python stages translate where they use them (dates, the render filters,
    the theme override's words): the literal arguments of `_()` and `ngettext()` in this package."""
    from babel.messages.extract import extract_python

    found: list[str | tuple[str, str]] = []
    for module in sorted(Path(__file__).parent.glob("*.py")):
        with module.open("rb") as handle:
            for _, function, message, _ in extract_python(handle, {"_": None, "N_": None, "ngettext": (1, 2)}, [],
                                                          {}):
                # ngettext's count comes as None beside its two messages; _(variable) as None alone
                one, *more = message if isinstance(message, tuple) else (message,)
                if function == "ngettext" and isinstance(one, str) and isinstance(more[0], str):
                    found.append((one, more[0]))
                elif function in {"_", "N_"} and isinstance(one, str):
                    found.append(one)
    return found


def _nav_titles(nav: Any) -> list[str]:
    if isinstance(nav, list):
        return [title for entry in nav for title in _nav_titles(entry)]
    if isinstance(nav, dict):
        return [str(title) for title in nav] + _nav_titles(list(nav.values()))
    return []


def update(root: Path, nav: list[Any]) -> list[Path]:
    """Write locale/messages.pot from the project (its templates, its code and mkdocs.yml's `nav`)
    and merge it into each catalogue (new messages untranslated, gone ones kept as obsolete);
    returns the catalogues written."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="briefing-site", domain=DOMAIN, fuzzy=False)
    for message in extract(root / "templates", nav):
        template.add(message)
    locale = root / "locale"
    locale.mkdir(exist_ok=True)
    with (locale / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, omit_header=True, sort_output=True, width=120)
    written = []
    for po_file in sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_file.open("rb") as handle:
            catalogue = read_po(handle)
        catalogue.update(template, no_fuzzy_matching=True)
        with po_file.open("wb") as handle:
            write_po(handle, catalogue, omit_header=False, sort_output=True, width=120, ignore_obsolete=True)
        written.append(po_file)
    return written


def untranslated(po_file: Path) -> list[Any]:
    """The messages of a catalogue without a translation (or with a form of a plural missing)."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalogue = read_po(handle)
    return [m.id for m in catalogue if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
