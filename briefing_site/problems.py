"""The one family of errors the generator raises, and the located problem report.

Stages collect `Problem`s instead of stopping at the first; only the command line prints
them and picks the exit code (0 clean, 1 content errors, 2 usage errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we know."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"

    def format(self) -> str:
        where = f"{visible(self.file)}:{self.line}:{self.column}"
        text = f"{where}: {self.severity}: {visible(self.field)}: {visible(self.message)}" if self.field else (
            f"{where}: {self.severity}: {visible(self.message)}"
        )
        if self.hint:
            text += f"\n    hint: {visible(self.hint)}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the pull request shows it on its line."""
        kind = "error" if self.severity == "error" else "warning"
        body = visible((f"{self.field}: " if self.field else "") + self.message, lines=True)
        if self.hint:
            body += f" (hint: {visible(self.hint, lines=True)})"
        return f"::{kind} file={_escape(visible(self.file), True)},line={self.line},col={self.column}::{_escape(body)}"


# Control characters (an escape sequence can clear a terminal and print a fake "ok"; a carriage
# return can overwrite a line) and bidirectional controls, as they may come from a file name or a value.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, lines: bool = False) -> str:
    """`text` safe to print on a terminal or in a log: every control character as an escape (\\x1b);
    with `lines`, newlines are kept (a message and its hint are two lines; the workflow format
    encodes them itself), but not carriage returns, which would let a line overwrite another."""
    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if lines and char == "\n":
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(shown, text)


def quoted_value(text: str, limit: int = 80) -> str:
    """Editor text quoted in a message: shortened, invisible characters made visible."""
    shown = "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def _escape(text: str, property_value: bool = False) -> str:
    """Workflow-command escaping: a newline or a comma must not end the message or the file name early."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


class BriefingError(Exception):
    """Base of every error the generator raises on purpose."""


class ContentError(BriefingError):
    """The content has problems; `problems` lists every one found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content")

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        return type(self), (self.problems,)  # from the process that wrote the Markdown to the build's


class UsageError(BriefingError):
    """The command was called wrongly (bad option, missing folder, file exists)."""


class BuildError(BriefingError):
    """The site engine failed; the previous site is left as it was."""


def did_you_mean(word: str, candidates: Iterable[str], *, prefix: bool = False) -> str:
    """A hint naming the candidate `word` is a close typo of, or '' when none is close.

    Only near-misses count (an edit distance of 1 for short words, 2 up to ten characters, 3
    beyond), so that an unknown id is never answered with a different real entry that merely
    looks alike ('ukrainian-defenders' is not 'ukrainian-lawmakers'). With `prefix`, a word that
    begins exactly one candidate counts too ('telegram' for 'telegram-post'). RapidFuzz's bounded
    distance keeps the cost small: 1,000 unknown ids against 5,000 entries take about 0.4 s."""
    choices = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean '{lowered[word.lower()]}'?"
    limit = 1 if len(word) <= 4 else 2 if len(word) <= 10 else 3
    best = process.extractOne(word.lower(), list(lowered), scorer=Levenshtein.distance, score_cutoff=limit)
    if best is not None:
        return f"did you mean '{lowered[best[0]]}'?"
    if prefix and len(word) >= 3:
        starting = [c for c in choices if c.lower().startswith(word.lower())]
        if len(starting) == 1:
            return f"did you mean '{starting[0]}'?"
    return ""


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
