"""Stage 6, write: put the rendered Markdown into docs/, touching only what changed.

The writer owns the generated paths listed in plan.GENERATED_*; hand-written pages in
docs/ are never touched. A file whose bytes are unchanged keeps its modification time, so
the live preview rebuilds only for real edits; a generated file no longer produced is
removed. Each file is written to a temporary name and renamed into place, so a reader of
docs/ (the engine, an editor) never sees half a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from .plan import GENERATED_DIRS, GENERATED_FILES


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # left as they are for now (see Writer.hold)


def write(pages: dict[str, str], docs_dir: Path, only: Collection[str] | None = None) -> WriteReport:
    """Write `pages` and remove generated pages not among them; after a partial render (the
    live preview's), `only` says which paths it covered: no other page is removed."""
    writer = Writer(docs_dir, only)
    for rel, text in sorted(pages.items()):
        writer.add(rel, text)
    return writer.finish()


class Writer:
    """Writes pages one by one as they are rendered, so that a large site (130 MB of Markdown
    at 1,000 briefings) is never held in memory whole; `finish` removes the stale ones."""

    def __init__(self, docs_dir: Path, only: Collection[str] | None = None, *, whole: bool = False,
                 on_write: Callable[[str], None] | None = None):
        """`whole`: the writer owns every file under `docs_dir` (a translation's docs/<code>/), not
        only the generated paths of plan.GENERATED_*. `on_write`: told each path as soon as it is
        written (the live preview passes it on to the engine)."""
        self.docs_dir, self.only, self.whole, self.on_write = docs_dir, only, whole, on_write
        self.report = WriteReport()
        self.pages: set[str] = set()

    def add(self, rel: str, text: str | bytes) -> None:
        self.pages.add(rel)
        target = self.docs_dir / rel
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        self.report.written.append(rel)
        if self.on_write is not None:
            self.on_write(rel)

    def keep(self, rel: str) -> None:
        """`rel` is in docs/ as this build would write it (the caller knows how): kept unread."""
        self.pages.add(rel)
        self.report.unchanged += 1

    def hold(self, rel: str) -> None:
        """`rel` is left in docs/ as it is for now, not removed: the caller writes it later (the
        preview's downloads, when the editor pauses)."""
        self.pages.add(rel)
        self.report.held.append(rel)

    def finish(self) -> WriteReport:
        report = self.report
        report.written.sort()
        owned = _all_files(self.docs_dir) if self.whole else _generated_files(self.docs_dir)
        stale_pages = owned - self.pages
        for stale in sorted(p for p in stale_pages if self.only is None or p in self.only):
            (self.docs_dir / stale).unlink()
            report.removed.append(stale)
        return report


def _all_files(docs_dir: Path) -> set[str]:
    if not docs_dir.is_dir():
        return set()
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}


def _generated_files(docs_dir: Path) -> set[str]:
    found = {name for name in GENERATED_FILES if (docs_dir / name).is_file()}
    for folder in GENERATED_DIRS:
        base = docs_dir / folder
        if base.is_dir():
            found |= {p.relative_to(docs_dir).as_posix() for p in base.rglob("*") if p.is_file()}
    return found
