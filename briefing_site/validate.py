"""Stage 2, validate: check each loaded file against the model, one problem per mistake.

Pydantic finds the mistakes; this module turns each into a `Problem` located at the
offending YAML node, in words an editor can act on, with a hint where one helps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import hashlib
import os
import pickle
import re
import time
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pydantic
import yaml
from pydantic import BaseModel, ValidationError

from . import model
from .dates import FORMS, ReportedDate
from .load import Document, FieldPath, LoadError, decode, dotted, load_bytes, read_regular_file
from .problems import Problem, did_you_mean, quoted_value


@dataclass
class BriefingBundle:
    """The files of one briefing folder, validated."""

    folder: str
    briefing: model.Briefing
    situation: model.Situation
    quotes: list[model.Quote]
    positions: list[model.Position]
    versions: list[model.Version] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything validated, file by file; references are not yet resolved."""

    people: list[model.Person] = field(default_factory=list)
    organisations: list[model.Organisation] = field(default_factory=list)
    places: list[model.Place] = field(default_factory=list)
    sources: list[model.Source] = field(default_factory=list)
    issues: list[model.DiplomacyIssue] = field(default_factory=list)
    topics: list[model.Topic] = field(default_factory=list)
    documents: list[model.Document] = field(default_factory=list)
    briefings: list[BriefingBundle] = field(default_factory=list)
    files: dict[str, Document] = field(default_factory=dict)  # each file read, by its name
    problems: list[Problem] = field(default_factory=list)
    # Ids of entries dropped for their own errors: references to them are not reported again.
    broken_ids: set[str] = field(default_factory=set)
    # A registry file that could not be read at all makes every id check unreliable.
    registry_complete: bool = True
    cache: FileCache | None = None
    # The site's interface languages besides the primary one: a translation into another is
    # reported (no edition would show it). None: not checked.
    languages: frozenset[str] | None = None

    def locate(self, obj: model.Strict, name: str | None = None, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of an object or one of its fields."""
        file, path = obj._origin
        doc = self.files.get(file)
        full: FieldPath = (*path, name) if name else path
        line, col = doc.locate(full, key=key) if doc else (1, 1)
        return file, line, col

    def field_path(self, obj: model.Strict, name: str | None = None) -> str:
        _, path = obj._origin
        return dotted((*path, name) if name else path)


class FileCache:
    """What validating each clean file gave (its document and model), by its name, model and bytes,
    so that a file that has not changed is not parsed and validated again.

    In memory, the live preview keeps one between edits. With a `store` (a file), the models are
    also kept on disk for the next run: at 1,000 briefings, parsing and validating the 4,000 files
    is three quarters of `check`, and a pull request changes a few of them. An entry's key is a
    hash of the file's name, model and bytes and of this package's code, so an edit or a new
    version of the checks is a miss. Only files without any problem are kept: a file with a
    warning is read again and its warning reported every time.

    The entries live in one file, read whole and written whole when something was added (a file
    per entry cost more to create than the validation it saved: 2.6 s for 4,000 files here). An
    entry no run has used for a day is dropped when the file is next written. The store is
    trusted as the conversions cache is (pickles)."""

    UNUSED_FOR = 24 * 3600  # seconds

    def __init__(self, store: Path | None = None):
        self.store = store
        self.memory: dict[tuple[str, type], tuple[bytes, Document, model.Strict]] = {}
        # Briefing folder → its last bundle: a folder whose files all came from memory gets the
        # same bundle object again, so what later stages keep per briefing (the index's parts)
        # can tell by identity that it did not change.
        self.bundles: dict[str, tuple[tuple[model.Strict | None, ...], BriefingBundle]] = {}  # and its files
        self.linked: dict[str, Any] = {}  # briefing folder → what linking it gave (link.Linked)
        self.registry_linked: Any = None  # what the registry's own checks gave (link.Linked)
        # The files the caller knows were written since the last validation, or None: read them
        # all. The live preview knows (its watcher and file stamps); a folder outside that set which
        # validated clean last time is then taken as it was, without reading its files again
        # (re-reading and comparing 4,000 files' bytes took 0.3 s of each save at 1,000 briefings).
        self.edited: set[Path] | None = None
        # Folder → its bundle, documents and listing stamp, for each folder validated without a problem
        self.clean: dict[str, tuple[BriefingBundle, list[tuple[str, Document]], int | None]] = {}
        self._stored: dict[str, tuple[float, bytes]] | None = None  # key → (last used, pickled model)
        self._used: set[str] = set()
        self._added = False

    def get(self, display: str, cls: type[model.Strict], raw: bytes) -> tuple[Document, model.Strict] | None:
        hit = self.memory.get((display, cls))
        if hit is not None and hit[0] == raw:
            return hit[1], hit[2]
        key = _entry_key(display, cls, raw)
        entry = self._entries().get(key)
        if entry is None:
            return None
        try:
            parsed = pickle.loads(entry[1])
        except Exception:  # damaged, or from a version whose classes differ: a miss
            return None
        if not isinstance(parsed, cls):
            return None
        self._used.add(key)
        # The positions are worked out from the text when a problem needs them (Document.marks).
        doc = Document(file=display, text=decode(raw))
        self.memory[(display, cls)] = (raw, doc, parsed)
        return doc, parsed

    def put(self, display: str, cls: type[model.Strict], raw: bytes, doc: Document, parsed: model.Strict) -> None:
        self.memory[(display, cls)] = (raw, doc, parsed)
        if self.store is not None:
            key = _entry_key(display, cls, raw)
            self._entries()[key] = (time.time(), pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
            self._used.add(key)
            self._added = True

    def drop(self, display: str, cls: type[model.Strict]) -> None:
        self.memory.pop((display, cls), None)

    def save(self) -> None:
        """Write the store if this run added to it; entries used now are marked so."""
        if self.store is None or not self._added:
            return
        now = time.time()
        kept = {key: (now if key in self._used else used, blob) for key, (used, blob) in self._entries().items()
                if key in self._used or now - used < self.UNUSED_FOR}
        with contextlib.suppress(OSError):  # a read-only cache only makes the next run slower
            self.store.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.store.with_name(f".{self.store.name}.{os.getpid()}")
            temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.store)
        self._stored, self._added = kept, False

    def _entries(self) -> dict[str, tuple[float, bytes]]:
        if self._stored is None:
            self._stored = {}
            if self.store is not None:
                try:
                    stored = pickle.loads(self.store.read_bytes())
                except Exception:  # absent, damaged, unreadable: an empty store
                    stored = {}
                if isinstance(stored, dict):
                    self._stored = stored
        return self._stored


def _entry_key(display: str, cls: type, raw: bytes) -> str:
    key = hashlib.blake2b(_code_version(), digest_size=20)
    for part in (display.encode(), cls.__qualname__.encode(), raw):
        key.update(len(part).to_bytes(8, "big"))
        key.update(part)
    return key.hexdigest()


@functools.cache
def _code_version() -> bytes:
    """This package's code and the versions of the libraries that parse and validate: a change in
    any of them may change what a file validates to."""
    digest = hashlib.blake2b(f"checks-1 {pydantic.VERSION} {yaml.__version__}".encode(), digest_size=20)
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.digest()


def validate_tree(briefings_dir: Path, root: Path, cache: FileCache | None = None) -> Corpus:
    """Load and validate every file under `briefings_dir`; files whose bytes are those already
    in `cache` are not parsed again, and folders outside the cache's `edited` files not read."""
    corpus = Corpus(cache=cache)
    registry_dir = briefings_dir / "registry"
    if not registry_dir.is_dir():
        corpus.problems.append(Problem(_display(registry_dir, root), 1, 1, "", "the registry folder is missing",
                                       "create it with people.yaml, organisations.yaml, places.yaml, "
                                       "sources.yaml and issues.yaml"))
        return corpus
    _validate_registry(registry_dir, root, corpus)
    edited = None if cache is None or cache.edited is None else {path.parent for path in cache.edited}
    for folder in sorted(p for p in briefings_dir.iterdir() if p.is_dir() and p.name != "registry"):
        _validate_briefing(folder, root, corpus, edited)
    for stray in sorted(p for p in briefings_dir.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"}):
        corpus.problems.append(Problem(_display(stray, root), 1, 1, "", "YAML file outside any briefing folder",
                                       "move it into registry/ or into a briefing folder"))
    return corpus


def _validate_registry(registry_dir: Path, root: Path, corpus: Corpus) -> None:
    _unknown_files(registry_dir, model.REGISTRY_FILES, root, corpus)
    for name, cls in model.REGISTRY_FILES.items():
        path = registry_dir / name
        if not path.exists() and name in model.OPTIONAL_REGISTRY_FILES:
            continue
        if not path.exists():
            corpus.problems.append(Problem(_display(path, root), 1, 1, "", "registry file is missing",
                                           f"create {name}; see CONTRIBUTING.md"))
            continue
        parsed = _validate_file(path, cls, root, corpus)
        if parsed is None:
            corpus.registry_complete = False
            continue
        collection = name.removesuffix(".yaml")
        getattr(corpus, collection).extend(getattr(parsed, collection))


def _validate_briefing(folder: Path, root: Path, corpus: Corpus, edited: set[Path] | None = None) -> None:
    """Validate one briefing folder; with `edited` (the folders in which the caller knows files
    were written), a folder outside it that was clean last time is taken from the cache unread."""
    cache = corpus.cache
    listed = _listing_stamp(folder) if cache is not None else None
    if cache is not None and edited is not None and folder not in edited:
        kept = cache.clean.get(folder.name)
        if kept is not None and kept[2] == listed:  # no file added, removed or renamed either
            bundle, documents, _ = kept
            corpus.files.update(documents)
            corpus.briefings.append(bundle)
            return
    problems = len(corpus.problems)
    _read_briefing(folder, root, corpus)
    if cache is not None:
        if len(corpus.problems) == problems and corpus.briefings and corpus.briefings[-1].folder == folder.name:
            names = (_display(folder / name, root) for name in model.BRIEFING_FILES)
            cache.clean[folder.name] = (corpus.briefings[-1],
                                        [(name, corpus.files[name]) for name in names if name in corpus.files],
                                        listed)
        else:  # a problem, a warning: read again, and reported again, every time
            cache.clean.pop(folder.name, None)


def _listing_stamp(folder: Path) -> int | None:
    """When the folder's list of files last changed (a stray file added beside the YAML, which no
    stamp of a YAML file shows, makes it read again and its warning reported)."""
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None


def _read_briefing(folder: Path, root: Path, corpus: Corpus) -> None:
    _unknown_files(folder, model.BRIEFING_FILES, root, corpus)
    main = folder / "briefing.yaml"
    if not main.exists():
        corpus.problems.append(Problem(_display(main, root), 1, 1, "", "a briefing folder needs a briefing.yaml",
                                       "run 'python build.py new' to scaffold one"))
        return
    parsed = {name: _validate_file(folder / name, cls, root, corpus)
              for name, cls in model.BRIEFING_FILES.items() if (folder / name).exists()}
    head = parsed.get("briefing.yaml")
    if head is None or any(value is None for value in parsed.values()):
        return
    assert isinstance(head, model.BriefingFile)
    situation = parsed.get("situation.yaml")
    quotes = parsed.get("quotes.yaml")
    diplomacy = parsed.get("diplomacy.yaml")
    bundle = BriefingBundle(
        folder=folder.name,
        briefing=head.briefing,
        situation=situation.situation if isinstance(situation, model.SituationFile) else model.Situation(),
        quotes=quotes.quotes if isinstance(quotes, model.QuotesFile) else [],
        positions=diplomacy.positions if isinstance(diplomacy, model.DiplomacyFile) else [],
        versions=diplomacy.versions if isinstance(diplomacy, model.DiplomacyFile) else [],
    )
    if corpus.cache is not None:
        files = tuple(parsed.get(name) for name in model.BRIEFING_FILES)  # None: not there
        before = corpus.cache.bundles.get(folder.name)
        if before is not None and all(a is b for a, b in zip(before[0], files, strict=True)):
            bundle = before[1]
        corpus.cache.bundles[folder.name] = (files, bundle)
    corpus.briefings.append(bundle)


def _unknown_files(folder: Path, known: dict[str, Any], root: Path, corpus: Corpus) -> None:
    # Whatever the entry is (a FIFO, a link to a device), only its name is looked at: it is never read.
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in {".yaml", ".yml"} and path.name not in known:
            hint = did_you_mean(path.name, known) or "expected one of: " + ", ".join(known)
            corpus.problems.append(Problem(_display(path, root), 1, 1, "", "unknown file name", hint))
        elif path.name not in known and not path.name.startswith("."):
            # A leftover of an edit (situation.yaml.orig), a nested folder: never read, so say so.
            what = "folder" if path.is_dir() else "file"
            base = path.name.split(".")[0]
            hint = (f"if it holds changes for {base}.yaml, merge them there, then remove it"
                    if f"{base}.yaml" in known else "only " + ", ".join(known) + " are read here; move or remove it")
            corpus.problems.append(Problem(_display(path, root), 1, 1, "", f"this {what} is not read", hint,
                                           "warning"))


def _display(path: Path, root: Path) -> str:
    """The file's name as problems show it: relative to the project's root. The folder is resolved
    (once per folder: resolving each of 4,000 files cost a tenth of a cached check), the name is
    the file's own, even when it is a link."""
    folder = _resolved_folder(path.parent, root)
    return path.as_posix() if folder is None else (PurePosixPath(folder) / path.name).as_posix()


# One entry per briefing folder, so that the live preview, which checks every folder again after
# each save, finds them all (at 256, a check of 1,000 folders in order evicted each before its reuse).
@functools.lru_cache(maxsize=8192)
def _resolved_folder(folder: Path, root: Path) -> str | None:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _validate_file(path: Path, cls: type[model.Strict], root: Path, corpus: Corpus) -> model.Strict | None:
    display = _display(path, root)
    try:  # no FIFO, device or symbolic link is ever read whole
        raw = read_regular_file(path)
    except LoadError as err:
        corpus.problems.append(Problem(display, err.line, err.column, err.field, err.message, err.hint))
        return None
    except OSError as err:
        corpus.problems.append(Problem(display, 1, 1, "", f"cannot read the file: {err.strerror}", ""))
        return None
    if corpus.cache is None:
        return _load_and_validate(raw, display, cls, corpus)
    hit = corpus.cache.get(display, cls, raw)
    if hit is not None:
        corpus.files[display], cached = hit
        return cached
    before = len(corpus.problems)
    parsed = _load_and_validate(raw, display, cls, corpus)
    if parsed is not None and len(corpus.problems) == before:  # a broken file also marks ids as broken
        corpus.cache.put(display, cls, raw, corpus.files[display], parsed)
    else:
        corpus.cache.drop(display, cls)
    return parsed


def _load_and_validate(raw: bytes, display: str, cls: type[model.Strict], corpus: Corpus) -> model.Strict | None:
    try:
        doc = load_bytes(raw, display)
    except LoadError as err:
        field_path = err.field or (_field_near(err.text, err.line) if err.text is not None else "")
        corpus.problems.append(Problem(display, err.line, err.column, field_path, err.message, err.hint))
        return None
    corpus.files[display] = doc
    try:
        return _validated(doc, display, cls, corpus)
    finally:
        # The data as loaded serves only to validate it: the model holds what it says, and positions
        # come from the text (Document.marks). Let go file by file, it no longer adds up to a quarter
        # of a check's memory (94 of 393 MB at 1,000 briefings, every file parsed).
        doc.data = None


def _validated(doc: Document, display: str, cls: type[model.Strict], corpus: Corpus) -> model.Strict | None:
    corpus.problems.extend(_placeholders(doc, doc.data, ()))
    if not isinstance(doc.data, dict):
        line, col = doc.locate(())
        top = next(iter(cls.model_fields))
        corpus.problems.append(Problem(display, line, col, "", f"not a mapping (expected the key '{top}:', "
                                       f"got {_describe(doc.data)})", f"start the file with '{top}:'"))
        return None
    try:
        parsed = cls.model_validate(doc.data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        corpus.problems.extend(_problem(doc, cls, e) for e in errors)
        return _salvage(doc, cls, errors, corpus)
    _attach_origins(parsed, display, (), {})
    return parsed


_KEY = re.compile(r"([\w-]+)\s*:(?:\s|$)")


def _field_near(text: str, line: int) -> str:
    """For a file YAML could not parse: a best guess at the field path of `line`, read from the
    indentation of the lines above it, so even a syntax error names its field."""
    lines = text.splitlines()
    stack: list[tuple[int, str | int]] = []
    items: dict[FieldPath, int] = {}
    for raw in lines[:line]:
        text = raw.expandtabs(2)
        body = text.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent = len(text) - len(body)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if body.startswith("- ") or body == "-":
            parent = tuple(name for _, name in stack)
            items[parent] = items.get(parent, -1) + 1
            stack.append((indent, items[parent]))
            rest = body[1:].lstrip(" ")
            indent, body = indent + len(body) - len(rest), rest
        key = _KEY.match(body)
        if key:
            stack.append((indent, key.group(1)))
    return dotted(tuple(name for _, name in stack))


PLACEHOLDER = "TODO"


def _placeholders(doc: Document, value: Any, path: FieldPath) -> list[Problem]:
    """Text still starting with TODO, as `python build.py new` leaves it."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _placeholders(doc, item, (*path, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _placeholders(doc, item, (*path, i))]
    if isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
        line, col = doc.locate(path)
        return [Problem(doc.file, line, col, dotted(path),
                        f"placeholder not filled in (expected your own text, got {_describe(value.strip())})",
                        "replace the whole TODO text with the real content")]
    return []


def _salvage(doc: Document, cls: type[model.Strict], errors: list[Any], corpus: Corpus) -> model.Strict | None:
    """The file without its invalid list entries, so that one bad quote or person does not
    make every reference to the good ones look dangling. None if the file cannot be saved."""
    bad: set[FieldPath] = set()
    for error in errors:
        loc = tuple(error["loc"])
        first = next((i for i, part in enumerate(loc) if isinstance(part, int)), None)
        if first is None:
            return None
        bad.add(loc[: first + 1])
    for item_path in bad:
        try:
            item = _get(doc.data, item_path)
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            corpus.broken_ids |= {item["id"], item["id"].lower()}
    kept: dict[FieldPath, list[int]] = {}
    try:
        parsed = cls.model_validate(_without(doc.data, (), bad, kept))
    except ValidationError:
        return None
    _attach_origins(parsed, doc.file, (), kept)
    return parsed


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _without(value: Any, path: FieldPath, bad: set[FieldPath], kept: dict[FieldPath, list[int]]) -> Any:
    """`value` with the list entries at `bad` paths left out; `kept` records the original
    index of each remaining entry, per list."""
    if isinstance(value, dict):
        return {key: _without(item, (*path, key), bad, kept) for key, item in value.items()}
    if isinstance(value, list) and any((*path, i) in bad for i in range(len(value))):
        kept[path] = [i for i in range(len(value)) if (*path, i) not in bad]
        return [value[i] for i in kept[path]]
    return value


def _attach_origins(value: Any, file: str, path: FieldPath, kept: dict[FieldPath, list[int]]) -> None:
    """Record in each model object where it was written, for later located errors."""
    if isinstance(value, model.Strict):
        value._origin = (file, path)
        for name in _nested_fields(type(value)):
            _attach_origins(getattr(value, name), file, (*path, name), kept)
    elif isinstance(value, list):
        for i, item in zip(kept.get(path, range(len(value))), value, strict=True):
            _attach_origins(item, file, (*path, i), kept)
    elif isinstance(value, dict):  # translations, by language code
        for key, item in value.items():
            _attach_origins(item, file, (*path, key), kept)


@functools.cache
def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `cls` that can hold model objects: the only ones worth descending into."""
    return tuple(name for name, info in cls.model_fields.items()
                 if any(isinstance(t, type) and issubclass(t, model.Strict) for t in _unwrap(info.annotation)))


# --- turning pydantic's errors into an editor's words -----------------------------------


def _problem(doc: Document, cls: type[BaseModel], error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind: str = error["type"]
    given = error.get("input")
    raw = doc.raw_scalars.get(loc)
    owner, annotation = _field_at(cls, loc)
    known = owner.model_fields if owner else {}
    name = str(loc[-1]) if loc else ""
    description = known[name].description or "" if name in known else ""
    if kind == "extra_forbidden":
        line, col = doc.locate(loc, key=True)
        moved = _migration(doc, loc, name, owner)
        if moved:
            return Problem(doc.file, line, col, dotted(loc), *moved)
        return Problem(doc.file, line, col, dotted(loc), f"unknown field '{name}'", _unknown_field_hint(name, known))
    if kind == "missing":
        line, col = doc.locate(loc[:-1])
        return Problem(doc.file, line, col, dotted(loc), f"required field '{name}' is missing",
                       f"add '{name}:' here — {description}" if description else f"add '{name}:' here")
    line, col = doc.locate(loc)
    if kind == "string_pattern_mismatch" and name == "topic" and isinstance(given, str) and " " in given:
        slug = re.sub(r"[^a-z0-9]+", "-", given.lower()).strip("-")[:64].strip("-")
        return Problem(doc.file, line, col, dotted(loc), f"a topic is now an id from registry/topics.yaml, not "
                       f"free text (got {_describe(given)})",
                       f"add '- id: {slug}' with 'name: {given}' to registry/topics.yaml (once), then write "
                       f"'topic: {slug}' here")
    required = name in known and known[name].is_required()
    message, hint = _explain(kind, error, given, raw, annotation, required, owner)
    return Problem(doc.file, line, col, dotted(loc), message, hint or description)


def _migration(doc: Document, loc: FieldPath, name: str, owner: type[BaseModel] | None) -> tuple[str, str] | None:
    """(message, hint) for a field an earlier version of the format had, saying exactly what to
    write instead; None for any other unknown field."""
    if name == "date_precision":
        try:
            sibling = _get(doc.data, (*loc[:-1], "date"))
            precision = _get(doc.data, loc)
        except (KeyError, IndexError, TypeError):
            return None
        day = sibling if isinstance(sibling, dt.date) else None
        if day is None or not isinstance(precision, str):
            return ("'date_precision' was replaced by dates as reported (EDTF) in 'date'",
                    "write how exact the date is in the date itself, e.g. 2024-11 for a month, then remove this line")
        written = {"day": day.isoformat(), "month": f"{day:%Y-%m}", "year": f"{day:%Y}",
                   "week": f"{day.isoformat()}/{(day + dt.timedelta(days=6)).isoformat()}"}.get(precision)
        if written is None:
            return ("'date_precision' was replaced by dates as reported (EDTF) in 'date'",
                    "write how exact the date is in the date itself: '2024' for a year, '2024-06~' for about June "
                    "2024, '2024-01/2024-06' for a half-year; then remove this line")
        return ("'date_precision' was replaced by dates as reported (EDTF) in 'date'",
                f"write 'date: {written}' and remove this line")
    if name == "place" and owner is model.Event:
        try:
            value = _get(doc.data, loc)
        except (KeyError, IndexError, TypeError):
            value = "…"
        return ("events now take a list of places: 'place' became 'places'", f"write 'places: [{value}]'")
    return None


def _unknown_field_hint(name: str, known: dict[str, Any]) -> str:
    """'did you mean' for a typo; for a plural of a one-value field (`places:` where only `place:`
    exists), say that the field takes one value rather than suggest it as if it were a list."""
    singular = name[:-1] if name.endswith("s") else ""
    if singular in known and not _is_list(known[singular].annotation):
        return (f"'{singular}' takes a single value here, not a list: write '{singular}: …' with the main one, "
                "and name any others in the text")
    return did_you_mean(name, known) or ("allowed fields: " + ", ".join(known))


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(t) is list for t in (annotation, *typing.get_args(annotation)))


_NUMBER_KINDS = {"float_type", "int_type", "float_parsing", "int_parsing", "int_from_float", "finite_number"}


def _explain(kind: str, error: Any, given: Any, raw: str | None, annotation: Any,
             required: bool = False, owner: type[BaseModel] | None = None) -> tuple[str, str]:
    """(message, hint) for one pydantic error; an empty hint falls back to the field's description.
    `owner`: the model holding the field, whose remark field (if any) the hint may point to."""
    got = _describe(given)
    remark = _remark_field(owner)
    choices = _enum_choices(annotation) if kind == "enum" else None
    if kind == "literal_error":
        choices = [str(c) for c in _literal_choices(annotation)]
    if choices:
        return (f"unknown value {got} (expected one of: {', '.join(choices)})",
                did_you_mean(str(given), choices, prefix=True) or _no_value_fits(annotation, remark))
    if kind == "string_type":
        return f"not text (expected text, got {got})", _retyped_hint(given, raw)
    if kind == "string_pattern_mismatch":
        slug = re.sub(r"[^a-z0-9]+", "-", str(given).lower()).strip("-")[:64].strip("-")
        return (f"not a valid id (expected lower-case letters, digits and hyphens, got {got})",
                f"did you mean '{slug}'?" if slug else "e.g. 'kupiansk' or 'general-staff-ua'")
    if kind == "string_too_short":
        return ("empty text (expected at least one character, got '')",
                "this field is required: write the text here" if required
                else "write something here or remove the field")
    if kind == "unreadable_text":
        return (str(error["msg"]), "remove it: readers cannot see it, and it makes the text show something other "
                "than it holds")
    if kind == "inline_brackets":
        return (str(error["msg"]), "each '[' starts a possible link; write fewer brackets, or split the text "
                "into several entries")
    if kind == "tiny_number":
        return (str(error["msg"]), "write the figure in a larger unit (grams, not tonnes), or 0")
    if kind == "too_long":
        limit = error["ctx"]["max_length"]
        return (f"too many items (expected at most {limit}, got {len(given) if isinstance(given, list) else '?'})",
                "a briefing's page and PDF stay readable within this bound: move the oldest items to the earlier "
                "briefing they belong to, or split this one by topic")
    if kind == "unbreakable_word":
        return (str(error["msg"]), "no line can break it, and it spills off the page: add spaces, or make an "
                "address a link with words ([the statement](https://…))")
    if kind == "disguised_link":
        return (str(error["msg"]), "make the link's words the address it leads to, or describe the page in words "
                "([the president's statement](https://…))")
    if kind == "web_address":
        return (f"{error['msg']}, got '{quoted_value(str(given))}'",
                "only web links (http:// or https://) are allowed; remove the field if there is no address")
    if kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        return (f"text too long (expected at most {limit:,} characters, got {len(str(given)):,})",
                "shorten it, or split it into several entries")
    if kind == "value_error" and ReportedDate in _unwrap(annotation):
        reason = str(error.get("ctx", {}).get("error", "not a date"))
        hint = _date_hint(given, raw, remark)
        if reason != "not a date":
            hint = f"{reason}: " + ("check both ends" if "period" in reason else "write a day, month or year")
        return f"not a date as reported (expected a date in EDTF, {FORMS}; got {got})", hint
    if kind.startswith("date"):
        return f"not a date (expected YYYY-MM-DD, got {got})", _date_hint(given, raw, remark)
    if kind == "list_type":
        return (f"not a list (expected a list, got {got})",
                f"write it as a list: [{raw or '…'}] or one '- item' per line")
    if kind in _NUMBER_KINDS:
        whole = "whole " if "int" in kind else ""
        hint = "write the number without quotes or separators, e.g. 26000" if isinstance(given, str) else ""
        if isinstance(given, str) and _RANGE.fullmatch(given.strip()):
            hint = ("a range is two numbers: write the lower one here and the upper one as 'upper:', "
                    "e.g. value: 4000 and upper: 6000")
        return f"not a {whole}number (expected a {whole}number, got {got})", hint
    if kind == "bool_type":
        return f"not true or false (expected true or false, got {got})", "write true or false, without quotes"
    if kind in {"greater_than_equal", "less_than_equal"}:
        ctx = error["ctx"]
        bound = ctx["ge"] if kind == "greater_than_equal" else ctx["le"]
        shown = f"{int(bound):,}" if float(bound).is_integer() and abs(bound) >= 1e6 else str(bound)
        expected = f"≥ {shown}" if kind == "greater_than_equal" else f"≤ {shown}"
        return f"out of range (expected a number {expected}, got {got})", ""
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return (f"not a mapping of fields (expected 'field: value' lines, got {got})",
                "write 'field: value' lines, indented under this key")
    return f"{error['msg']} (got {got})", ""


def _retyped_hint(given: Any, raw: str | None) -> str:
    """YAML turned unquoted text into another type (`no` → false, `1.10` → 1.1): say so."""
    if given is None:
        return "write the text after the colon, or remove the line"
    if isinstance(given, (list, dict)):
        return "write a single piece of text here, not a list or a mapping"
    if raw is not None:
        return f"YAML reads {raw} without quotes as {_describe(given)}; to keep the text, put it in quotes: \"{raw}\""
    return ""


_RANGE = re.compile(r"[\d,. ]+\s*(?:-|–|—|to)\s*[\d,. ]+")

# What to do when no value of an enumeration fits what the source says.
_NO_VALUE_FITS: dict[type, str] = {
    model.ControlStatus: "if the sources disagree, record each claim with its own status and give the editors' "
                         "view in an assessment; 'contested' or 'grey-zone' where fighting goes on, 'unknown' when "
                         "nobody can say",
}


def _remark_field(owner: type[BaseModel] | None) -> str | None:
    """Where an item keeps the editors' words about it ("its 'note'"), if it has such a field: a
    hint must not send an editor to a field the item lacks."""
    fields = owner.model_fields if owner is not None else {}
    for name in ("note", "date_note", "context", "grade_note"):
        if name in fields:
            return f"its '{name}'"
    return None


def _no_value_fits(annotation: Any, remark: str | None = None) -> str:
    for candidate in _unwrap(annotation):
        if candidate in _NO_VALUE_FITS:
            return _NO_VALUE_FITS[candidate]
    why = f"say why in {remark}, " if remark else ""
    return ("use one of the values listed, written exactly as shown; if none fits, choose the nearest one that "
            f"claims no more than the source does, {why}and propose the new value in an issue")


def _date_hint(given: Any, raw: str | None, remark: str | None = None) -> str:
    text = raw if raw is not None else str(given)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "there is no such day: check the month (01–12) and the day"
    if re.search(r"\d{4}", text) and re.search(r"[A-Za-z]", text):
        words = f"; put the source's own words ('{text}') in {remark}" if remark else (
            "; the source's own words ('mid-2024') can stay in the text")
        return ("write an imprecise date in EDTF: '2024-06~' for about June 2024, '2024' if only the year is "
                f"sure, '2024-22' for summer 2024{words}")
    return "write year-month-day with hyphens, e.g. 2024-11-13"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _enum_choices(annotation: Any) -> list[str] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [str(member.value) for member in candidate]
    return None


def _literal_choices(annotation: Any) -> list[Any]:
    return [value for candidate in _unwrap(annotation) if typing.get_origin(candidate) is typing.Literal
            for value in typing.get_args(candidate)]


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional / Annotated / list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin is dict:  # a mapping by language code: what it maps to
        return _unwrap(typing.get_args(annotation)[1])
    return [annotation]


def _field_at(cls: type[BaseModel], loc: FieldPath) -> tuple[type[BaseModel] | None, Any]:
    """The model owning the last field of `loc`, and that field's annotation."""
    owner: type[BaseModel] | None = cls
    annotation: Any = None
    keyed = False  # the part before was a mapping's field: this part is one of its keys
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if owner is None or part not in owner.model_fields:
            return owner, None
        annotation = owner.model_fields[part].annotation
        if part == loc[-1]:
            return owner, annotation
        keyed = any(typing.get_origin(t) is dict for t in (annotation, *typing.get_args(annotation)))
        owner = next((t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)
    return owner, annotation
