"""Reading a printed page back: the lines of each PDF page with their height on the page, and
the headings left at the foot of a page with (almost) nothing of their section under them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pypdf

# Below this height (points from the bottom edge) is the page margin: page numbers, not content.
FOOT_MARGIN = 40
# A heading needs at least this many lines of its own section under it on the same page.
LINES_UNDER_HEADING = 3


@dataclass(frozen=True)
class Line:
    y: float  # points from the bottom of the page
    text: str


def pages(pdf: bytes) -> list[list[Line]]:
    """Each page's lines, top to bottom; fragments at the same height are one line."""
    result = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        rows: dict[float, list[tuple[float, str]]] = {}

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  rows: dict[float, list[tuple[float, str]]] = rows) -> None:
            if text.strip():  # where the text starts: its matrix within the page's transformation
                x, y = tm[4] * cm[0] + cm[4], round(tm[5] * cm[3] + cm[5], 0)
                rows.setdefault(y, []).append((x, text.strip()))

        page.extract_text(visitor_text=visit)
        result.append([Line(y, " ".join(t for _, t in sorted(parts)))
                       for y, parts in sorted(rows.items(), reverse=True)])
    return result


def text(pdf: bytes) -> str:
    return "\n".join(line.text for page in pages(pdf) for line in page)


def squeezed(value: str) -> str:
    """Text without spaces, line breaks or soft hyphens, to find a sentence the layout wrapped."""
    return "".join(value.replace("\u00ad", "").split())


def stranded_headings(pdf: bytes, headings: list[str]) -> list[str]:
    """The headings that sit at the foot of a page with fewer than LINES_UNDER_HEADING lines under
    them before the page ends (the last page excepted: a document may end with a short section)."""
    found = pages(pdf)
    wanted = {squeezed(h) for h in headings}
    stranded = []
    for number, lines in enumerate(found[:-1]):
        content = [line for line in lines if line.y > FOOT_MARGIN]
        for position, line in enumerate(content):
            if squeezed(line.text) in wanted and len(content) - position - 1 < LINES_UNDER_HEADING:
                stranded.append(f"{line.text!r} at the foot of page {number + 1}")
    return stranded


def located(pdf: bytes, headings: list[str]) -> int:
    """How many of `headings` appear as lines of their own (so the check above can see them)."""
    wanted = {squeezed(h) for h in headings}
    return len({squeezed(line.text) for page in pages(pdf) for line in page} & wanted)
