"""Stage 1, load: read the YAML files into plain data, remembering where every value stood.

PyYAML's loaders silently accept things that lose data (a key given twice keeps the last)
and expand aliases without limit. So we only let libyaml *compose* the node graph (fast,
and the nodes carry line/column marks) and build the data ourselves, refusing what an
editor almost certainly did not mean and recording each value's position for later stages.
No PyYAML constructor ever sees a tag: only the plain scalar types below are built.

Files come from outside contributors, so every limit is checked before the expensive step
it protects: the size before reading further, control characters before parsing, and
nesting depth and aliases on the flat event stream before composing (libyaml's composer
recurses in C and crashes the interpreter on a few ten thousand nested brackets).
"""

from __future__ import annotations

import math
import re
import stat
import unicodedata
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
MAX_KEY_CHARS = 100

# C0 and C1 control characters and DEL; tab, line feed and carriage return are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

FieldPath = tuple[str | int, ...]
_SCALARS = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
# Numbers YAML 1.1 silently changes: a leading zero means octal (026000 is 11,264), colons mean
# base 60 (3:00 is 180).
_YAML11_NUMBER = re.compile(r"^[-+]?(0[0-9_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")


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
                _build(root, (), self._marks, depth=0)
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
        self.text: str | None = None  # the decoded file, when the error is inside its text


def load_file(path: Path, display: str) -> Document:
    """Read one file; raise LoadError with a position for anything we refuse."""
    return load_bytes(read_regular_file(path), display)


def load_bytes(raw: bytes, display: str) -> Document:
    """A file's bytes, as read by read_regular_file, as a Document; LoadError for anything we refuse."""
    text = decode(raw)
    try:
        return _load_text(text, display)
    except LoadError as err:
        err.text = text
        raise


def _load_text(text: str, display: str) -> Document:
    _refuse_control_characters(text)
    try:
        if _may_alias_or_nest_deeply(text):
            _scan_events(text)
        root = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as err:
        mark, begun = err.problem_mark or err.context_mark, err.context_mark
        if begun and ("end of stream" in (err.problem or "") or "flow" in (err.context or "")):
            mark = begun  # an unclosed quote or bracket: point where it opens, not where the parser gave up
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise LoadError(line, col, f"not valid YAML: {message}", _yaml_hint(message, text, line)) from None
    except yaml.YAMLError as err:  # the reader's own checks (e.g. U+FFFE); carries a character offset
        line, col = _offset_to_position(text, getattr(err, "position", 0) or 0)
        raise LoadError(line, col, f"not valid YAML: {getattr(err, 'reason', err)}",
                        "remove the invisible character at this position") from None
    doc = Document(file=display, text=text)
    if root is None:
        raise LoadError(1, 1, "the file is empty", "see CONTRIBUTING.md for what each file holds")
    try:
        doc.data = _build(root, (), None, depth=0)
    except _NeedMarks:  # a duplicate key: its message names the first one's line
        doc.data = _build(root, (), doc.marks, depth=0)
    return doc


class _NeedMarks(Exception):
    """Raised by a build without marks when an error message needs them."""


def read_regular_file(path: Path) -> bytes:
    """The file's bytes: a regular file inside the tree, read no further than the limit."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or path.parent.is_symlink():
        raise LoadError(1, 1, "symbolic links are not allowed here",
                        "commit the file itself, not a link to it")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(1, 1, "not a regular file", "briefing files must be plain text files")
    with path.open("rb") as handle:  # never more than the limit, whatever the file claims to be
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        size = max(info.st_size, len(raw))
        raise LoadError(1, 1, f"file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
                        "split it into several files or shorten it")
    return raw


def _refuse_control_characters(text: str) -> None:
    found = _CONTROL.search(text)
    if found:
        char = found.group(0)
        name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "control character")
        line, col = _offset_to_position(text, found.start())
        raise LoadError(line, col, f"control character U+{ord(char):04X} ({name}) is not allowed",
                        "delete it: it is invisible in most editors (retype the text around this position)")


_CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}


def _offset_to_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
# libyaml's composer recurses once per level of nesting and crashes the process somewhere between
# 10,000 and 100,000 levels; a text that cannot nest deeper than this is composed directly.
SAFE_TO_COMPOSE = 2_000


def _may_alias_or_nest_deeply(text: str) -> bool:
    """False when the text holds no anchor (so no alias can compose) and cannot nest deeper than
    SAFE_TO_COMPOSE: then it is composed directly, and _build refuses more than MAX_DEPTH levels.
    The event scan below is a second full parse, half of `check`'s time. A flow collection opens
    with "[" or "{"; a nested block collection starts further right than its parent, on a new line
    or after a "- " or "? " on the same one (a list may share its key's column: two levels a column)."""
    if _ANCHOR.search(text):
        return True
    # 2 × (widest block start + 1) + brackets > SAFE_TO_COMPOSE: is any line's leading run of
    # spaces and indicators (a superset of "  - ? ") that wide?
    widest = (SAFE_TO_COMPOSE - text.count("[") - text.count("{")) // 2
    return widest < 1 or re.search(f"^[ ?-]{{{widest}}}", text, re.M) is not None


def _scan_events(text: str) -> None:
    """Refuse aliases and deep nesting on the flat event stream, before anything recurses."""
    depth = 0
    for event in yaml.parse(text, Loader=Composer):
        line, col = _mark(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise LoadError(line, col, f"aliases (*{event.anchor}) are not supported",
                            "write the value out instead of referring to an anchor")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(line, col, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors add: harmless, dropped
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode("utf-8")  # valid up to the bad byte
        line, column = _offset_to_position(before, len(before))
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


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# The hot path: every node of every file passes through _build, so it does no per-node work
# that only an error needs (dotted paths, positions: `marks` is None on the first pass).
def _build(node: yaml.Node, path: FieldPath, marks: Marks | None, depth: int) -> Any:
    if depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # the same error as _scan_events's
        line, col = _pos(node)
        raise LoadError(line, col, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
    if marks is not None:
        marks.positions[path] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, marks)
    if isinstance(node, yaml.SequenceNode):
        _plain_tag(node, "seq", path)
        return [_build(item, (*path, i), marks, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        _plain_tag(node, "map", path)
        return _mapping(node, path, marks, depth)
    raise LoadError(*_pos(node), "unsupported YAML node", "", _dotted(path))  # pragma: no cover


def _mapping(node: yaml.MappingNode, path: FieldPath, marks: Marks | None, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        kline, kcol = _pos(key_node)
        if key_node.tag == _TAG + "merge":
            raise LoadError(kline, kcol, "merge keys (<<) are not supported", "write the keys out", _dotted(path))
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            raise LoadError(kline, kcol, f"a key must be text, not {kind}",
                            "keys are field names such as 'name' or 'date'", _dotted(path))
        if key_node.tag != _TAG + "str":
            raise LoadError(kline, kcol, f"key {key_node.value[:MAX_KEY_CHARS]!r} is not text",
                            "keys are field names such as 'name' or 'date'", _dotted(path))
        key = key_node.value
        _refuse_escaped_controls(key_node, path)
        if len(key) > MAX_KEY_CHARS:
            raise LoadError(kline, kcol, f"a key of {len(key):,} characters is longer than {MAX_KEY_CHARS}",
                            "keys are field names such as 'name' or 'date'", _dotted(path))
        if key in result:
            if marks is None:
                raise _NeedMarks
            first = marks.key_positions[(*path, key)]
            raise LoadError(kline, kcol, f"key '{key}' is given twice (first on line {first[0]})",
                            "remove one of them: YAML would silently keep only the last", _dotted((*path, key)))
        if marks is not None:
            marks.key_positions[(*path, key)] = (kline, kcol)
        result[key] = _build(value_node, (*path, key), marks, depth + 1)
    return result


def _plain_tag(node: yaml.Node, kind: str, path: FieldPath) -> None:
    if node.tag != _TAG + kind:
        line, col = _pos(node)
        raise LoadError(line, col, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag", _dotted(path))


_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")  # what YAML reads as a date without a tag


def _scalar(node: yaml.ScalarNode, path: FieldPath, marks: Marks | None) -> Any:
    tag = node.tag.removeprefix(_TAG)
    if marks is not None:
        marks.raw_scalars[path] = node.value
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
    _refuse_escaped_controls(node, path)
    if tag in {"int", "float"} and _YAML11_NUMBER.match(node.value.strip()):
        line, col = _pos(node)
        raise LoadError(line, col, f"{node.value[:60]!r} would be read as an octal or base-60 number by YAML 1.1",
                        "write the number without a leading zero or a colon (e.g. 26000); if it is text, put it "
                        "in quotes", _dotted(path))
    try:
        value = constructors[tag](node)
    # PyYAML's constructors fail in several ways on values a tag does not fit ('!!bool maybe' is a
    # KeyError, '!!int ""' an IndexError, '!!timestamp yesterday' an AttributeError).
    except (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError, yaml.YAMLError):
        if tag == "timestamp" and _DATE_LIKE.match(node.value):
            # Read as a date by its look (2024-02-30): left as text, so that validation says "not a
            # date" where one is due. An explicit '!!timestamp yesterday' is refused below.
            return node.value
        line, col = _pos(node)
        raise LoadError(line, col, f"{node.value[:60]!r} is not a valid {tag}", "put the value in quotes",
                        _dotted(path)) from None
    if isinstance(value, float) and not math.isfinite(value):
        line, col = _pos(node)
        raise LoadError(line, col, f"{node.value[:60]!r} is not a finite number",
                        "write an ordinary number such as 26000, or put the text in quotes", _dotted(path))
    return value


def _refuse_escaped_controls(node: yaml.ScalarNode, path: FieldPath) -> None:
    """A double-quoted string can spell control characters as escapes ("\\0", "\\e")."""
    found = _CONTROL.search(node.value)
    if found:
        line, col = _pos(node)
        raise LoadError(line, col, f"control character U+{ord(found.group(0)):04X} is not allowed in a value",
                        "remove the escape sequence (such as \\0 or \\x1b) from the quoted text", _dotted(path))


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted = _dotted
