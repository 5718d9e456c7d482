"""Stage 1, load: read the YAML files into plain data, remembering where every value stood.

PyYAML's loaders silently accept things that lose data (a key given twice keeps the last)
and expand aliases without limit. So we only let libyaml *compose* the node graph (fast,
and the nodes carry line/column marks) and build the data ourselves, refusing what an
editor almost certainly did not mean and recording each value's position for later stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

# libyaml when present (about 9x faster); the pure-Python loader otherwise. Both give marks.
_BaseComposer: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Composer(_BaseComposer):  # type: ignore[misc]
    """The safe loader with PyYAML's tag resolution (which runs in Python, once per node, even
    under libyaml) reduced to a table lookup. Same tags as `Resolver.resolve`: the safe loader
    has no path resolvers, so only implicit resolvers for plain scalars matter."""

    _implicit: ClassVar[dict[str, tuple[tuple[str, Any], ...]]] = {
        first: (*resolvers, *yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items() if first is not None
    }
    _wildcard: ClassVar[tuple[tuple[str, Any], ...]] = tuple(yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._implicit.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return str(tag)
            return str(self.DEFAULT_SCALAR_TAG)
        return str(self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24

FieldPath = tuple[str | int, ...]
_SCALARS = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_STR, _MERGE = _TAG + "str", _TAG + "merge"


@dataclass
class Marks:
    """Where each value and each key of a document stood, and each scalar as written."""

    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    raw_scalars: dict[FieldPath, str] = field(default_factory=dict)


@dataclass
class Document:
    """One YAML file as data, with the (line, column) of each value and each key.

    Only a problem needs the positions, and at a thousand briefings they would take about as
    much memory as the data itself; so they are worked out from the text when first asked for."""

    file: str
    data: Any = None
    text: str = ""
    _marks: Marks | None = field(default=None, repr=False)

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = Marks()
            root = yaml.compose(self.text, Loader=Composer) if self.text else None
            if root is not None:
                _build(root, (), self._marks, depth=0, seen=set())
        return self._marks

    @property
    def positions(self) -> dict[FieldPath, tuple[int, int]]:
        return self.marks.positions

    @property
    def key_positions(self) -> dict[FieldPath, tuple[int, int]]:
        return self.marks.key_positions

    @property
    def raw_scalars(self) -> dict[FieldPath, str]:
        return self.marks.raw_scalars

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
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise LoadError(line, col, f"not valid YAML: {message}", _yaml_hint(message, text, line)) from None
    except yaml.YAMLError as err:  # e.g. a control character the reader rejects
        raise LoadError(1, 1, f"not valid YAML: {err}", "remove control characters from the file") from None
    doc = Document(file=display, text=text)
    if root is None:
        raise LoadError(1, 1, "the file is empty", "see CONTRIBUTING.md for what each file holds")
    try:
        doc.data = _build(root, (), None, depth=0, seen=set())
    except _NeedMarks:  # a duplicate key: its message names the first one's line
        doc.data = _build(root, (), doc.marks, depth=0, seen=set())
    return doc


class _NeedMarks(Exception):
    """Raised by a build without marks when an error message needs them."""


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
    if "could not find expected ':'" in message or "expected <block end>" in message:
        return "check the indentation of this line and the one before it"
    if "found undefined alias" in message or "anchor" in message:
        return "anchors and aliases (&name, *name) are not supported: write the value out"
    return "check quotes, colons and indentation near this line"


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# The hot path: every node of every file passes through _build, so it avoids per-node work
# that only an error needs (dotted paths) and copies of the ancestor set.
def _build(node: yaml.Node, path: FieldPath, marks: Marks | None, depth: int, seen: set[int]) -> Any:
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    if depth > MAX_DEPTH:
        raise LoadError(line, col, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure",
                        _dotted(path))
    if id(node) in seen:
        raise LoadError(line, col, "aliases (*name) are not supported",
                        "write the value out instead of referring to an anchor", _dotted(path))
    if marks is not None:
        marks.positions[path] = (line, col)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            if marks is not None:
                marks.raw_scalars[path] = node.value
            return node.value
        return _scalar(node, path, marks)
    seen.add(id(node))  # `seen` holds the ancestors: a node inside itself is a recursive alias
    if isinstance(node, yaml.SequenceNode):
        _plain_tag(node, "seq", path)
        result: Any = [_build(item, (*path, i), marks, depth + 1, seen) for i, item in enumerate(node.value)]
    elif isinstance(node, yaml.MappingNode):
        _plain_tag(node, "map", path)
        result = _mapping(node, path, marks, depth, seen)
    else:  # pragma: no cover
        raise LoadError(line, col, "unsupported YAML node", "", _dotted(path))
    seen.discard(id(node))
    return result


def _mapping(node: yaml.MappingNode, path: FieldPath, marks: Marks | None, depth: int,
             seen: set[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag != _STR or not isinstance(key_node, yaml.ScalarNode):
            kline, kcol = _pos(key_node)
            if key_node.tag == _MERGE:
                raise LoadError(kline, kcol, "merge keys (<<) are not supported", "write the keys out",
                                _dotted(path))
            raise LoadError(kline, kcol, f"key {key_node.value!r} is not text",
                            "keys are field names such as 'name' or 'date'", _dotted(path))
        key = key_node.value
        key_path = (*path, key)
        mark = key_node.start_mark
        if key in result:
            if marks is None:
                raise _NeedMarks
            first = marks.key_positions[key_path]
            raise LoadError(mark.line + 1, mark.column + 1, f"key '{key}' is given twice (first on line {first[0]})",
                            "remove one of them: YAML would silently keep only the last", _dotted(key_path))
        if marks is not None:
            marks.key_positions[key_path] = (mark.line + 1, mark.column + 1)
        result[key] = _build(value_node, key_path, marks, depth + 1, seen)
    return result


def _plain_tag(node: yaml.Node, kind: str, path: FieldPath) -> None:
    if node.tag != _TAG + kind:
        line, col = _pos(node)
        raise LoadError(line, col, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag", _dotted(path))


def _scalar(node: yaml.ScalarNode, path: FieldPath, marks: Marks | None) -> Any:
    tag = node.tag.removeprefix(_TAG)
    if marks is not None:
        marks.raw_scalars[path] = node.value
    constructors = _CONSTRUCTORS
    if tag not in constructors:
        line, col = _pos(node)
        raise LoadError(line, col, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag", _dotted(path))
    try:
        return constructors[tag](node)
    except (ValueError, yaml.YAMLError):
        line, col = _pos(node)
        raise LoadError(line, col, f"{node.value!r} is not a valid {tag}", "put the value in quotes",
                        _dotted(path)) from None


_CONSTRUCTORS: dict[str, Any] = {
    "str": lambda n: n.value,
    "null": lambda n: None,
    "bool": _SCALARS.construct_yaml_bool,
    "int": _SCALARS.construct_yaml_int,
    "float": _SCALARS.construct_yaml_float,
    "timestamp": _SCALARS.construct_yaml_timestamp,
}


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted = _dotted
