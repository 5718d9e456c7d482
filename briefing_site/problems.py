"""The one family of errors the generator raises, and the located problem report.

Stages collect `Problem`s instead of stopping at the first; only the command line prints
them and picks the exit code (0 clean, 1 content errors, 2 usage errors).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


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
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.severity}: {self.field}: {self.message}" if self.field else (
            f"{where}: {self.severity}: {self.message}"
        )
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the pull request shows it on its line."""
        kind = "error" if self.severity == "error" else "warning"
        body = (f"{self.field}: " if self.field else "") + self.message
        if self.hint:
            body += f" (hint: {self.hint})"
        return f"::{kind} file={_escape(self.file, True)},line={self.line},col={self.column}::{_escape(body)}"


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


class UsageError(BriefingError):
    """The command was called wrongly (bad option, missing folder, file exists)."""


class BuildError(BriefingError):
    """The site engine failed; the previous site is left as it was."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or '' when none is close."""
    choices = list(candidates)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else ""


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
