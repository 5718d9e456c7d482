"""What the last build rendered, so that the next one renders only what an edit can change.

Rendering every page of both languages was the largest part of a rebuild after a push that
changed one briefing (about 60 s of the English site's 225 s at 1,000 briefings). Every page
is a function of its inputs: the briefing folders it shows (`plan.Page.draws_on`) and the
rest of the project (code, installed packages, templates, configuration, the registry, the
hand-written pages, the interface's translations, the base map, the newest date). The store
keeps, for each edition a build renders, one digest of that rest, one digest per briefing
folder, each page's `draws_on`, and each page's text (compressed). When the rest is unchanged
and the same pages exist, a build renders only the pages that show a folder whose files
changed, as the live preview does (`plan.changed_pages`), and takes every other page's text
from the store. That text is written to docs/ only where docs/ does not hold what the last
build wrote there (by size and modification time): a fresh checkout in CI gets every page
from the store, a local rebuild writes nothing it has not rendered.

Anything else that changed (a template, the registry, a package, a briefing added or removed)
renders everything, as a build without the store does. tests/test_incremental.py compares the
sites of both kinds of build byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import model
from .plan import Plan, changed_pages
from .render import render
from .validate import _code_version as code_version
from .write import Writer

if TYPE_CHECKING:
    from .printed import Printer

FORMAT = b"rendered-1"  # part of every inputs digest: change it when what a record holds changes
Stamp = tuple[int, int]  # a file's size and modification time (ns) as the build left it


@dataclass
class Record:
    """What one build rendered for one edition."""

    inputs: bytes  # the digest of everything a page depends on besides the briefing folders
    folders: dict[str, bytes]  # briefing folder → digest of its files
    draws_on: dict[str, frozenset[str] | None]  # page → the folders it shows (None: all)
    texts: dict[str, bytes] = field(default_factory=dict)  # page → its text, compressed
    stamps: dict[str, Stamp] = field(default_factory=dict)  # file written to docs/ → its stamp then


class Store:
    """The records of the last build of each edition, in one file read and written whole."""

    def __init__(self, path: Path | None):
        self.path = path
        self.records: dict[str, Record] = {}
        if path is not None:
            try:
                loaded = pickle.loads(path.read_bytes())
            except Exception:  # absent, damaged, from another version: render everything
                loaded = None
            if isinstance(loaded, dict):
                self.records = {k: v for k, v in loaded.items() if isinstance(v, Record)}

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            with temporary.open("wb") as file:  # streamed: the whole pickle in memory was 140 MB at 1,000 briefings
                pickle.dump(self.records, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:  # a cache that cannot be written only costs the next build time
            pass


def inputs_digest(files: Iterable[tuple[str, Path]], *values: object) -> bytes:
    """The digest of `files` (each by the name it goes by and its bytes), `values` (by repr), this
    package's code and every installed package's version."""
    digest = hashlib.blake2b(_code(), digest_size=20)
    for name, path in sorted(files):
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes())
    for value in values:
        digest.update(f"\0{value!r}".encode())
    return digest.digest()


@functools.lru_cache(maxsize=1)
def _code() -> bytes:
    """This package's code, Python's version and every installed package's: what renders."""
    digest = hashlib.blake2b(FORMAT, digest_size=20)
    digest.update(sys.version.encode())
    digest.update(code_version())  # the package's modules, as the cache of checked files keys them
    digest.update(json.dumps(sorted(f"{d.metadata['Name']}=={d.version}"
                                    for d in importlib.metadata.distributions())).encode())
    return digest.digest()


def folder_digests(folders: Iterable[Path]) -> dict[str, bytes]:
    """Each briefing folder's digest: the names and bytes of the files a build reads in it (the
    check warns of any other file, and nothing renders it: a stray 1.5 GB video is not read)."""
    found = {}
    for folder in folders:
        digest = hashlib.blake2b(digest_size=20)
        for name in sorted(model.BRIEFING_FILES):
            file = folder / name
            if file.is_file() and not file.is_symlink():
                digest.update(f"\0{name}\0".encode())
                digest.update(file.read_bytes())
        found[folder.name] = digest.digest()
    return found


def to_render(before: Record | None, now: Record) -> set[str] | None:
    """The pages a build must render, given the record of the last one; None: every page."""
    if before is None or before.inputs != now.inputs or before.texts.keys() != now.draws_on.keys():
        return None
    edited = {f for f in before.folders.keys() | now.folders.keys() if before.folders.get(f) != now.folders.get(f)}
    return changed_pages(now.draws_on, before.draws_on, edited)


def _stamp(path: Path) -> Stamp | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def render_edition(plan: Plan, templates: Path, before: Record | None, now: Record, writer: Writer,
                   printer: Printer | None) -> None:
    """Render `plan`'s pages into `writer`: all of them, or, when `before` allows, only those an edit
    changed, each other page (and its PDF) coming from `before`, written again only where the
    writer's folder no longer holds it. Fills `now` with the texts; the caller stamps what the
    writer wrote (`stamped`) once it has finished."""
    only = to_render(before, now)

    def sink(path: str, text: str | bytes) -> None:
        writer.add(path, text)
        if path in now.draws_on:  # a page, not a PDF
            now.texts[path] = zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, 1)

    if only is not None and before is not None:
        for page in plan.pages():
            if page.path in only:
                continue
            now.texts[page.path] = compressed = before.texts[page.path]
            for path in (page.path, page.printout):
                if path is None:
                    continue
                if _stamp(writer.docs_dir / path) == before.stamps.get(path):
                    writer.keep(path)
                elif path == page.path:
                    writer.add(path, zlib.decompress(compressed))
                elif printer is not None:  # typeset again (or, usually, found in the printouts' cache)
                    printer.submit(path, zlib.decompress(compressed).decode("utf-8"), page.path)
    render(plan, templates, only, sink=sink, printer=printer)  # also hands on the PDFs submitted above


def stamped(record: Record, docs: Path, paths: Iterable[str]) -> Record:
    """`record`, noting how `paths` (relative to `docs`) were left, for the next build to recognise."""
    record.stamps = {path: found for path in paths if (found := _stamp(docs / path)) is not None}
    return record
