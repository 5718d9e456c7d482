"""Stage 1, load: read the YAML files into plain data, remembering where every value stood.

PyYAML's loaders silently accept things that lose data (a key given twice keeps the last)
and expand aliases without limit. So we only let libyaml *compose* the node graph (fast,
and the nodes carry line/column marks) and build the data ourselves, refusing what an
editor almost certainly did not mean and recording each value's position for later stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml when present (about 9x faster); the pure-Python loader otherwise. Both give marks.
Composer: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24

FieldPath = tuple[str | int, ...]
_SCALARS = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"


@dataclass
class Document:
    """One YAML file as data, with the (line, column) of each value and each key."""

    file: str
    data: Any = None
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    raw_scalars: dict[FieldPath, str] = field(default_factory=dict)

    def locate(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Best known position for `path`: the node itself, else its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


class LoadError(Exception):
    """A file could not be read as YAML; carries the position and a hint."""

    def __init__(self, line: int, column: int, message: str, hint: str = "", field: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint, self.field = line, column, message, hint, field


def load_file(path: Path, display: str) -> Document:
    """Read one file; raise LoadError with a position for anything we refuse."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(1, 1, f"file is {len(raw):,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
                        "split it into several files or shorten it")
    text = _decode(raw)
    try:
        root = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as err:
        mark, begun = err.problem_mark or err.context_mark, err.context_mark
        if begun and ("end of stream" in (err.problem or "") or "flow" in (err.context or "")):
            mark = begun  # an unclosed quote or bracket: point where it opens, not where the parser gave up
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise LoadError(line, col, f"not valid YAML: {message}", _yaml_hint(message, text, line)) from None
    except yaml.YAMLError as err:  # e.g. a control character the reader rejects
        raise LoadError(1, 1, f"not valid YAML: {err}", "remove control characters from the file") from None
    doc = Document(file=display)
    if root is None:
        raise LoadError(1, 1, "the file is empty", "see CONTRIBUTING.md for what each file holds")
    doc.data = _build(root, (), doc, depth=0, seen=set())
    return doc


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors add: harmless, dropped
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise LoadError(line, column, f"byte 0x{raw[err.start]:02x} is not valid UTF-8",
                        "save the file as UTF-8 (most editors: 'Save with encoding')") from None


def _yaml_hint(message: str, text: str, line: int) -> str:
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in current or "'\\t'" in message:
        return "YAML indents with spaces, not tabs: replace the tab with spaces"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be put in quotes"
    if "flow sequence" in message or "flow mapping" in message:
        return "close the list with ']' (or the mapping with '}'), and separate its items with commas"
    if "quoted scalar" in message:
        return "close the quotation mark that opens this text with the same mark (\" or ')"
    if "expected '-' indicator" in message:
        return "check the indentation: the fields of one entry must line up exactly under each other"
    if "could not find expected ':'" in message or "expected <block end>" in message:
        return "check the indentation of this line and the one before it"
    if "found undefined alias" in message or "anchor" in message:
        return "anchors and aliases (&name, *name) are not supported: write the value out"
    return "check quotes, colons and indentation near this line"


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: FieldPath, doc: Document, depth: int, seen: set[int]) -> Any:
    line, col = _pos(node)
    dotted = _dotted(path)
    if depth > MAX_DEPTH:
        raise LoadError(line, col, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure", dotted)
    if id(node) in seen:
        raise LoadError(line, col, "aliases (*name) are not supported",
                        "write the value out instead of referring to an anchor", dotted)
    doc.positions[path] = (line, col)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, doc)
    seen = seen | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        _plain_tag(node, "seq", dotted)
        return [_build(item, (*path, i), doc, depth + 1, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        _plain_tag(node, "map", dotted)
        return _mapping(node, path, doc, depth, seen)
    raise LoadError(line, col, "unsupported YAML node", "", dotted)  # pragma: no cover


def _mapping(node: yaml.MappingNode, path: FieldPath, doc: Document, depth: int, seen: set[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        kline, kcol = _pos(key_node)
        if key_node.tag == _TAG + "merge":
            raise LoadError(kline, kcol, "merge keys (<<) are not supported", "write the keys out", _dotted(path))
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
            raise LoadError(kline, kcol, f"key {key_node.value!r} is not text",
                            "keys are field names such as 'name' or 'date'", _dotted(path))
        key = key_node.value
        if key in result:
            first = doc.key_positions[(*path, key)]
            raise LoadError(kline, kcol, f"key '{key}' is given twice (first on line {first[0]})",
                            "remove one of them: YAML would silently keep only the last", _dotted((*path, key)))
        doc.key_positions[(*path, key)] = (kline, kcol)
        result[key] = _build(value_node, (*path, key), doc, depth + 1, seen)
    return result


def _plain_tag(node: yaml.Node, kind: str, dotted: str) -> None:
    if node.tag != _TAG + kind:
        line, col = _pos(node)
        raise LoadError(line, col, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag", dotted)


def _scalar(node: yaml.ScalarNode, path: FieldPath, doc: Document) -> Any:
    tag = node.tag.removeprefix(_TAG)
    doc.raw_scalars[path] = node.value
    constructors = {
        "str": lambda n: n.value,
        "null": lambda n: None,
        "bool": _SCALARS.construct_yaml_bool,
        "int": _SCALARS.construct_yaml_int,
        "float": _SCALARS.construct_yaml_float,
        "timestamp": _SCALARS.construct_yaml_timestamp,
    }
    if tag not in constructors:
        line, col = _pos(node)
        raise LoadError(line, col, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag", _dotted(path))
    try:
        return constructors[tag](node)
    except (ValueError, yaml.YAMLError):
        if tag == "timestamp":  # e.g. 2024-02-30: left as text, so validation says "not a date" where one is due
            return node.value
        line, col = _pos(node)
        raise LoadError(line, col, f"{node.value!r} is not a valid {tag}", "put the value in quotes",
                        _dotted(path)) from None


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted = _dotted
