"""Stage 2, validate: check each loaded file against the model, one problem per mistake.

Pydantic finds the mistakes; this module turns each into a `Problem` located at the
offending YAML node, in words an editor can act on, with a hint where one helps.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .load import Document, FieldPath, LoadError, dotted, load_file
from .problems import Problem, did_you_mean


@dataclass
class BriefingBundle:
    """The files of one briefing folder, validated."""

    folder: str
    briefing: model.Briefing
    situation: model.Situation
    quotes: list[model.Quote]
    positions: list[model.Position]


@dataclass
class Corpus:
    """Everything validated, file by file; references are not yet resolved."""

    people: list[model.Person] = field(default_factory=list)
    organisations: list[model.Organisation] = field(default_factory=list)
    places: list[model.Place] = field(default_factory=list)
    sources: list[model.Source] = field(default_factory=list)
    issues: list[model.DiplomacyIssue] = field(default_factory=list)
    briefings: list[BriefingBundle] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cache: FileCache | None = None

    def locate(self, obj: model.Strict, name: str | None = None, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of an object or one of its fields."""
        file, path = obj._origin
        doc = self.documents.get(file)
        full: FieldPath = (*path, name) if name else path
        line, col = doc.locate(full, key=key) if doc else (1, 1)
        return file, line, col

    def field_path(self, obj: model.Strict, name: str | None = None) -> str:
        _, path = obj._origin
        return dotted((*path, name) if name else path)


# What validating one file gave, kept by the live preview so that an edit re-reads only the
# file that changed: (file, model) → (its bytes, document, parsed model or None, problems).
FileCache = dict[tuple[str, type], tuple[bytes, Document | None, "model.Strict | None", list[Problem]]]


def validate_tree(briefings_dir: Path, root: Path, cache: FileCache | None = None) -> Corpus:
    """Load and validate every file under `briefings_dir`; files whose bytes are those already
    in `cache` are not parsed again."""
    corpus = Corpus(cache=cache)
    registry_dir = briefings_dir / "registry"
    if not registry_dir.is_dir():
        corpus.problems.append(Problem(_display(registry_dir, root), 1, 1, "", "the registry folder is missing",
                                       "create it with people.yaml, organisations.yaml, places.yaml, "
                                       "sources.yaml and issues.yaml"))
        return corpus
    _validate_registry(registry_dir, root, corpus)
    for folder in sorted(p for p in briefings_dir.iterdir() if p.is_dir() and p.name != "registry"):
        _validate_briefing(folder, root, corpus)
    for stray in sorted(p for p in briefings_dir.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"}):
        corpus.problems.append(Problem(_display(stray, root), 1, 1, "", "YAML file outside any briefing folder",
                                       "move it into registry/ or into a briefing folder"))
    return corpus


def _validate_registry(registry_dir: Path, root: Path, corpus: Corpus) -> None:
    _unknown_files(registry_dir, model.REGISTRY_FILES, root, corpus)
    for name, cls in model.REGISTRY_FILES.items():
        path = registry_dir / name
        if not path.exists():
            corpus.problems.append(Problem(_display(path, root), 1, 1, "", "registry file is missing",
                                           f"create {name}; see CONTRIBUTING.md"))
            continue
        parsed = _validate_file(path, cls, root, corpus)
        if parsed is None:
            continue
        collection = name.removesuffix(".yaml")
        getattr(corpus, collection).extend(getattr(parsed, collection))


def _validate_briefing(folder: Path, root: Path, corpus: Corpus) -> None:
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
    corpus.briefings.append(BriefingBundle(
        folder=folder.name,
        briefing=head.briefing,
        situation=situation.situation if isinstance(situation, model.SituationFile) else model.Situation(),
        quotes=quotes.quotes if isinstance(quotes, model.QuotesFile) else [],
        positions=diplomacy.positions if isinstance(diplomacy, model.DiplomacyFile) else [],
    ))


def _unknown_files(folder: Path, known: dict[str, Any], root: Path, corpus: Corpus) -> None:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in {".yaml", ".yml"} and path.name not in known:
            hint = did_you_mean(path.name, known) or "expected one of: " + ", ".join(known)
            corpus.problems.append(Problem(_display(path, root), 1, 1, "", "unknown file name", hint))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _validate_file(path: Path, cls: type[model.Strict], root: Path, corpus: Corpus) -> model.Strict | None:
    if corpus.cache is None:
        return _load_and_validate(path, cls, root, corpus)
    display = _display(path, root)
    try:
        raw = path.read_bytes()
    except OSError:
        return _load_and_validate(path, cls, root, corpus, display)
    hit = corpus.cache.get((display, cls))
    if hit is not None and hit[0] == raw:
        _, doc, parsed, problems = hit
        if doc is not None:
            corpus.documents[display] = doc
        corpus.problems.extend(problems)
        return parsed
    before = len(corpus.problems)
    parsed = _load_and_validate(path, cls, root, corpus, display)
    corpus.cache[(display, cls)] = (raw, corpus.documents.get(display), parsed, corpus.problems[before:])
    return parsed


def _load_and_validate(path: Path, cls: type[model.Strict], root: Path, corpus: Corpus,
                       display: str | None = None) -> model.Strict | None:
    display = display or _display(path, root)
    try:
        doc = load_file(path, display)
    except LoadError as err:
        corpus.problems.append(Problem(display, err.line, err.column, err.field, err.message, err.hint))
        return None
    except OSError as err:
        corpus.problems.append(Problem(display, 1, 1, "", f"cannot read the file: {err.strerror}", ""))
        return None
    corpus.documents[display] = doc
    if not isinstance(doc.data, dict):
        line, col = doc.locate(())
        top = next(iter(cls.model_fields))
        corpus.problems.append(Problem(display, line, col, "", f"expected a mapping with the key '{top}', "
                                       f"got {_describe(doc.data)}", f"start the file with '{top}:'"))
        return None
    try:
        parsed = cls.model_validate(doc.data)
    except ValidationError as err:
        corpus.problems.extend(_problem(doc, cls, e) for e in err.errors(include_url=False))
        return None
    _attach_origins(parsed, display, ())
    return parsed


def _attach_origins(value: Any, file: str, path: FieldPath) -> None:
    """Record in each model object where it was written, for later located errors."""
    if isinstance(value, model.Strict):
        value._origin = (file, path)
        for name in _nested_fields(type(value)):
            _attach_origins(getattr(value, name), file, (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _attach_origins(item, file, (*path, i))


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
    if kind == "extra_forbidden":
        line, col = doc.locate(loc, key=True)
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(str(loc[-1]), allowed) or ("allowed fields: " + ", ".join(allowed))
        return Problem(doc.file, line, col, dotted(loc), f"unknown field '{loc[-1]}'", hint)
    if kind == "missing":
        line, col = doc.locate(loc[:-1])
        known = owner.model_fields if owner else {}
        description = known[str(loc[-1])].description if str(loc[-1]) in known else ""
        return Problem(doc.file, line, col, dotted(loc), f"required field '{loc[-1]}' is missing",
                       f"add '{loc[-1]}:' here — {description}" if description else f"add '{loc[-1]}:' here")
    line, col = doc.locate(loc)
    message, hint = _explain(kind, error, given, raw, annotation)
    return Problem(doc.file, line, col, dotted(loc), message, hint)


def _explain(kind: str, error: Any, given: Any, raw: str | None, annotation: Any) -> tuple[str, str]:
    got = _describe(given)
    choices = _enum_choices(annotation)
    if choices is not None:
        hint = did_you_mean(str(given), choices) or "allowed values: " + ", ".join(choices)
        return f"expected one of {', '.join(choices)}; got {got}", hint
    if kind == "string_type":
        hint = ""
        if raw is not None and not isinstance(given, str):
            hint = (f"YAML reads the unquoted {raw} as {got.split(' ', 1)[0]}; "
                    f"to keep it as text write it in quotes: \"{raw}\"")
        elif isinstance(given, (list, dict)):
            hint = "write a single line of text here"
        return f"expected text, got {got}", hint
    if kind == "string_pattern_mismatch":
        return (f"expected an id (lower-case letters, digits and hyphens), got {got}",
                "e.g. 'kupiansk' or 'general-staff-ua'")
    if kind == "string_too_short":
        return "expected text, got an empty value", "write something here or remove the field"
    if kind == "string_too_long":
        return f"text is longer than {error['ctx']['max_length']:,} characters", "shorten it"
    if kind.startswith("date"):
        return f"expected a date YYYY-MM-DD, got {got}", "write the date as e.g. 2024-11-13, without quotes"
    if kind == "list_type":
        return f"expected a list, got {got}", f"write it as a list: [{raw or '…'}] or one '- item' per line"
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"}:
        hint = "write the number without quotes or separators, e.g. 26000" if isinstance(given, str) else ""
        return f"expected a {'whole ' if 'int' in kind else ''}number, got {got}", hint
    if kind == "bool_type":
        return f"expected true or false, got {got}", "write true or false"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = error["ctx"].get("ge", error["ctx"].get("le"))
        return f"expected a number {'≥' if kind == 'greater_than_equal' else '≤'} {bound}, got {got}", ""
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}; got {got}", ""
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of fields, got {got}", "write 'field: value' lines, indented under this key"
    return f"{error['msg']}, got {got}", ""


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


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional / Annotated / list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _field_at(cls: type[BaseModel], loc: FieldPath) -> tuple[type[BaseModel] | None, Any]:
    """The model owning the last field of `loc`, and that field's annotation."""
    owner: type[BaseModel] | None = cls
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if owner is None or part not in owner.model_fields:
            return owner, None
        annotation = owner.model_fields[part].annotation
        if part == loc[-1]:
            return owner, annotation
        owner = next((t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)
    return owner, annotation
