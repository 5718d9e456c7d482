"""Dates as reported: exact days, months, years, seasons, approximate or uncertain dates,
periods, and states that are still ongoing, written in the Library of Congress EDTF
(Extended Date/Time Format, ISO 8601-2), parsed by the `edtf` package.

    2024-11-13             13 November 2024
    2024-11                November 2024
    2024                   2024
    2024-06~               about June 2024          (~ approximate, ? uncertain, % both)
    2024-22                summer 2024              (21 spring, 22 summer, 23 autumn, 24 winter)
    2024-11-11/2024-11-17  11–17 November 2024      (a period, e.g. a week)
    2025-09-28/..          since 28 September 2025, ongoing
    ../2025-11-23          by 23 November 2025      (on or before: 'has repeatedly ruled out')

Every date knows its earliest and latest possible day. Sorting respects the uncertainty: by the
latest possible day, then the earliest, so that a list never claims an order the dates do not
support. 'December 2025 (uncertain)' comes after '13 December 2025' (it may be the 31st) and
newest-first lists put it first; 'November 2024' comes after '13 November 2024' and before
'1 December 2024'; of two dates with the same latest day the one known more exactly comes last
('1–30 November' before '30 November'). Something still ongoing has no latest day: it is placed
by when it began, so that a state begun years ago does not head every newest-first list. A date
known only by when it had happened by ('../2025-11-23') counts from that end: its earliest day is
not known, so it is placed, and filed, by the day it had happened by.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import edtf
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from .i18n import N_, Language, english

SEASONS = {21: N_("spring"), 22: N_("summer"), 23: N_("autumn"), 24: N_("winter")}
FORMS = ("e.g. 2024-11-13 (a day), 2024-11 (a month), 2024 (a year), 2024-06~ (about June 2024), "
         "2024-11-11/2024-11-17 (a period), 2025-09-28/.. (since 28 September 2025, ongoing) or ../2025-11-23 "
         "(on or before 23 November 2025)")
DESCRIPTION = "A date as reported, in EDTF: " + FORMS + "."
# The longest form written here ('2025-09-28~/2025-12-31%') has 23 characters; anything much
# longer is not a date, and the edtf package's parser took 54 s to refuse one of 12 KB.
MAX_LENGTH = 40


@dataclass(frozen=True)
class ReportedDate:
    """A date as the source gave it: its EDTF text, its bounds, and how exact it is."""

    text: str
    lower: dt.date
    upper: dt.date | None  # None: still ongoing
    exactness: str  # "day", "month", "year", "season", "period", "ongoing", "by" (on or before)
    approximate: bool = False
    uncertain: bool = False
    shown: str = ""  # the label of a period whose ends are not exact days ('September – October 2025')

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """The latest possible day, then the earliest (see the module's notes)."""
        return (self.upper or self.lower, self.lower)

    @property
    def year(self) -> int:
        return self.lower.year

    def __str__(self) -> str:
        return self.text

    def label(self, language: Language | None = None) -> str:
        """How a reader reads it: '13 November 2024', 'about June 2024', 'since 28 September 2025, ongoing';
        in `language`'s words and date forms (English if not given)."""
        lang = language or english()
        _ = lang.gettext
        if self.shown:  # a period whose ends are not exact days: each end as a date of its own
            if lang.primary:
                return self.shown
            start, _slash, end = self.text.partition("/")
            if self.exactness == "ongoing":
                return _("since %(day)s, ongoing") % {"day": _parse(start).label(lang)}
            return f"{_parse(start).label(lang)} – {_parse(end).label(lang)}"
        if self.exactness == "ongoing":
            return _("since %(day)s, ongoing") % {"day": lang.day(self.lower)}
        if self.exactness == "by":
            return _("by %(date)s") % {"date": _parse(self.text[3:]).label(lang)}
        if self.exactness == "period":
            assert self.upper is not None
            text = _period(self.lower, self.upper, lang)
        elif self.exactness == "season":
            season = SEASONS.get(int(self.text[5:7]), "season")
            text = f"{_(season)} {self.lower.year}"
        elif self.exactness == "year":
            text = str(self.lower.year)
        elif self.exactness == "month":
            text = lang.month(self.lower)
        else:
            text = lang.day(self.lower)
        if self.approximate:
            text = _("about %(date)s") % {"date": text}
        if self.uncertain:
            text = _("%(date)s (uncertain)") % {"date": text}
        return text

    def precision(self) -> str:
        """How exact the date is, in words, for the page to say: 'exact day', 'month only', …"""
        words = {"day": "exact day", "month": "month only", "year": "year only", "season": "season only",
                 "period": "a period", "ongoing": "ongoing", "by": "on or before"}[self.exactness]
        if self.approximate:
            words = "approximate, " + words
        if self.uncertain:
            words = "uncertain, " + words
        return words

    @classmethod
    def of(cls, value: object) -> ReportedDate:
        """Parse a YAML value: a date (YAML reads 2024-11-13 as one), a year number, or EDTF text."""
        if isinstance(value, dt.datetime):
            raise ValueError("a date with a time of day")
        if isinstance(value, dt.date):
            return cls(value.isoformat(), value, value, "day")
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(str(value), dt.date(value, 1, 1), dt.date(value, 12, 31), "year")
        if not isinstance(value, str):
            raise ValueError("not a date")
        if len(value) > MAX_LENGTH:  # the EDTF parser's time grows steeply with the text's length
            raise ValueError(f"a date of {len(value):,} characters: a date as reported is at most {MAX_LENGTH}")
        return _parse(value.strip())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate, serialization=core_schema.plain_serializer_function_ser_schema(str))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1000, "maximum": 9999}],
                "description": DESCRIPTION}


def _validate(value: object) -> ReportedDate:
    if isinstance(value, ReportedDate):
        return value
    return ReportedDate.of(value)


# Days, months and years, with or without a qualifier: nearly every date editors write. Parsed
# here because the edtf package's parser takes about 6 ms a date (pyparsing, with a packrat cache
# that grows with every new text): at 1,000 briefings that was minutes and gigabytes of `check`.
_SIMPLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)")


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> ReportedDate:
    if not text or text.lower() in {"unknown", "..", "/"}:
        raise ValueError("not a date")
    if "/" in text:
        return _interval(text)
    simple = _SIMPLE.fullmatch(text)
    if simple and int(simple.group(2) or 1) <= 12:
        return _simple(text, simple)
    try:
        parsed = edtf.parse_edtf(text)
    except Exception:  # the parser raises several kinds of error for text it cannot read
        raise ValueError("not a date") from None
    kind = type(parsed).__name__
    if "Interval" in kind:
        return _interval(text)
    if kind not in {"Date", "UncertainOrApproximate", "Season"}:
        raise ValueError(f"EDTF form '{kind}' is not supported here")
    lower, upper = _bounds(parsed)
    core = text.rstrip("~?%")
    suffix = text[len(core):]
    if kind == "Season" or (len(core) == 7 and int(core[5:7]) > 12):
        exactness = "season"
    else:
        exactness = {4: "year", 7: "month", 10: "day"}.get(len(core), "")
        if not exactness:
            raise ValueError("not a date")
    return ReportedDate(text, lower, upper, exactness, approximate=suffix in {"~", "%"},
                        uncertain=suffix in {"?", "%"})


def _simple(text: str, match: re.Match[str]) -> ReportedDate:
    year, month, day, mark = int(match.group(1)), match.group(2), match.group(3), match.group(4)
    try:
        if day is not None:
            lower = upper = dt.date(year, int(month), int(day))
        elif month is not None:
            lower = dt.date(year, int(month), 1)
            upper = dt.date(year, int(month), calendar.monthrange(year, int(month))[1])
        else:
            lower, upper = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise ValueError("not a date") from None
    exactness = "day" if day is not None else "month" if month is not None else "year"
    return ReportedDate(text, lower, upper, exactness, approximate=mark in {"~", "%"}, uncertain=mark in {"?", "%"})


def _interval(text: str) -> ReportedDate:
    start, _, end = text.partition("/")
    if "/" in end:
        raise ValueError("not a date")
    if not start:
        raise ValueError("a period needs a start: write '../' and the day it had happened by, for 'on or before'")
    if start == "..":  # on or before: the end is known, the start is not
        if end in {"..", ""}:
            raise ValueError("neither end is known")
        last = _parse(end)
        if last.exactness in {"period", "ongoing", "by"}:
            raise ValueError("'on or before' takes one day, month or year after '../'")
        return ReportedDate(text, last.lower, last.upper, "by", last.approximate, last.uncertain)
    first = _parse(start)
    if end in {"..", ""}:
        shown = "" if first.exactness == "day" and not first.approximate else f"since {first.label()}, ongoing"
        return ReportedDate(text, first.lower, None, "ongoing", first.approximate, first.uncertain, shown)
    last = _parse(end)
    if last.upper is None or last.upper < first.lower:
        raise ValueError("a period that ends before it starts")
    exact = all(part.exactness == "day" and not (part.approximate or part.uncertain) for part in (first, last))
    return ReportedDate(text, first.lower, last.upper, "period", first.approximate or last.approximate,
                        first.uncertain or last.uncertain, "" if exact else f"{first.label()} – {last.label()}")


def _bounds(parsed: Any) -> tuple[dt.date, dt.date]:
    try:
        return (edtf.struct_time_to_date(parsed.lower_strict()), edtf.struct_time_to_date(parsed.upper_strict()))
    except (TypeError, ValueError, OverflowError):
        raise ValueError("not a date") from None


def _period(lower: dt.date, upper: dt.date, lang: Language) -> str:
    if lower == upper:
        return lang.day(lower)
    if (lower.year, lower.month) == (upper.year, upper.month):
        return f"{lower.day}–{lang.day(upper)}"
    if lower.year == upper.year:
        return f"{lang.day_month(lower)} – {lang.day(upper)}"
    return f"{lang.day(lower)} – {lang.day(upper)}"
