"""Hostile input, part 1: what a contributor's pull request could put in the YAML.

Every case here must be refused with a located problem (file:line:col, message, hint),
quickly, without a traceback, and a failed `build` must leave the published site/ and the
generated docs/ exactly as they were. Part 2 (test_hostile_output.py) covers text that is
accepted and must come out inert.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.load import MAX_DEPTH, MAX_FILE_BYTES
from briefing_site.problems import ContentError, Problem

from .conftest import REPO, SEED, TODAY, copy_project
from .test_atomic_build import tree_digest

BRIEFING = f"briefings/{SEED}/briefing.yaml"
PEOPLE = "briefings/registry/people.yaml"
SOURCES = "briefings/registry/sources.yaml"
FIGURES_FILE = f"briefings/{SEED}/situation.yaml"

HEAD = f"briefing:\n  id: {SEED}\n  title: T\n  as_of: 2024-11-15\n  summary: S\n  takeaways: [x]\n"


@dataclass(frozen=True)
class Case:
    """A hostile edit of one file, and the problem it must produce.

    `marker` is text on the line the problem must point at (None: line 1)."""

    file: str
    edit: Callable[[bytes], bytes]
    marker: bytes | None
    column: int
    field: str
    message: str


def whole(text: bytes) -> Callable[[bytes], bytes]:
    return lambda _: text


def append(text: bytes) -> Callable[[bytes], bytes]:
    return lambda original: original.rstrip(b"\n") + b"\n\n" + text


def person(ident: bytes, extra: bytes = b"") -> bytes:
    return b"  - id: " + ident + b"\n    name: Hostile\n    role: Tester\n" + extra


def source(url: bytes) -> bytes:
    return (b"  - id: hostile-source\n    publisher: reuters\n    title: Hostile\n    medium: statement\n"
            b"    date: 2024-11-11\n    reliability: F\n    url: " + url + b"\n")


BILLION_LAUGHS = b"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + b"".join(
    b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((ord("a") + i,) * 2 + (ord("a") + i - 1,) * 9)
    for i in range(1, 10))
DEEP = b"briefing: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"

CASES: dict[str, Case] = {
    # --- the YAML layer --------------------------------------------------------------
    "billion laughs": Case(BRIEFING, whole(BILLION_LAUGHS), b"b: &b", 8, "b", "aliases (*a) are not supported"),
    "recursive alias": Case(BRIEFING, whole(b"briefing: &x [*x]\n"), None, 15, "briefing",
                            "aliases (*x) are not supported"),
    "alias to a sibling": Case(BRIEFING, whole(HEAD.encode() + b"  places: &p [kupiansk]\n  sources: *p\n"),
                               b"sources: *p", 12, "briefing.sources", "aliases (*p) are not supported"),
    "merge key": Case(BRIEFING, whole(HEAD.encode() + b"  <<: {title: U}\n"), b"<<", 3, "briefing",
                      "merge keys (<<) are not supported"),
    "file over the size limit": Case(BRIEFING, whole(HEAD.encode() + b"#" * MAX_FILE_BYTES + b"\n"), None, 1, "",
                                     f"file is {len(HEAD) + MAX_FILE_BYTES + 1:,} bytes, more than the limit of "
                                     f"{MAX_FILE_BYTES:,}"),
    "nesting over the limit": Case(BRIEFING, whole(b"briefing:\n  summary: " + b"[" * 30 + b"]" * 30 + b"\n"),
                                   b"summary", 12 + MAX_DEPTH - 2, "briefing.summary",
                                   f"nested more than {MAX_DEPTH} levels deep"),
    "100,000 nested brackets": Case(BRIEFING, whole(DEEP), None, 10 + MAX_DEPTH, "briefing",
                                    f"nested more than {MAX_DEPTH} levels deep"),
    "non-UTF-8 byte": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: Caf\xe9 \xe9")),
                           b"title:", 13, "", "byte 0xe9 is not valid UTF-8"),
    "UTF-16 file": Case(BRIEFING, whole(HEAD.encode("utf-16")), None, 1, "", "byte 0xff is not valid UTF-8"),
    "tab indentation": Case(BRIEFING, whole(HEAD.encode().replace(b"  title", b"\ttitle")), b"title", 1,
                            "briefing.title",
                            "not valid YAML: while scanning a plain scalar found a tab character that violates "
                            "indentation"),
    "duplicate key": Case(BRIEFING, whole(HEAD.encode() + b"  title: Second title\n"), b"Second title", 3,
                          "briefing.title", "key 'title' is given twice (first on line 3)"),
    "python object tag": Case(BRIEFING, whole(HEAD.encode().replace(
        b"title: T", b"title: !!python/object/apply:os.system [\"touch pwned\"]")), b"title:", 10,
        "briefing.title", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "python name tag": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !!python/name:os.system")),
                            b"title:", 10, "briefing.title",
                            "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    "local include tag": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !include /etc/passwd")),
                              b"title:", 10, "briefing.title", "YAML tag '!include' is not allowed"),
    "binary tag": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !!binary aGVsbG8=")),
                       b"title:", 10, "briefing.title", "YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    "number as key": Case(BRIEFING, whole(HEAD.encode() + b"  1: one\n"), b"1: one", 3, "briefing",
                          "key '1' is not text"),
    "list as key": Case(BRIEFING, whole(HEAD.encode() + b"  ? [a, b]\n  : c\n"), b"? [a, b]", 5, "briefing",
                        "a key must be text, not a list"),
    "NUL byte": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: T\x00x")), b"title:", 11,
                     "briefing.title",
                     "control character U+0000 (NUL) is not allowed"),
    "ANSI escape sequence": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: \x1b[2J\x1b[31mT")),
                                 b"title:", 10, "briefing.title", "control character U+001B (ESCAPE) is not allowed"),
    "C1 control (NEL)": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", "title: T\x85x".encode())),
                             b"title:", 11, "briefing.title", "control character U+0085 (NEXT LINE) is not allowed"),
    "NUL as an escape": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b'title: "T\\0x"')), b"title:", 10,
                             "briefing.title", "control character U+0000 is not allowed in a value"),
    "U+FFFE non-character": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", "title: T\ufffe".encode())),
                                 b"title:", 11, "briefing.title",
                                 "not valid YAML: control characters are not allowed"),
    "extremely long line": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: " + b"x" * 900_000)),
                                b"title:", 10, "briefing.title", "text too long (expected at most 5,000 characters, got 900,000)"),
    "extremely long key": Case(BRIEFING, whole(HEAD.encode() + b"  ? " + b"k" * 5000 + b"\n  : v\n"), b"? kkk", 5,
                               "briefing", "a key of 5,000 characters is longer than 100"),
    "two documents": Case(BRIEFING, whole(HEAD.encode() + b"---\n" + HEAD.encode()), b"---", 1, "",
                          "not valid YAML: expected a single document in the stream but found another document"),
    "infinite number": Case(FIGURES_FILE, lambda b: b.replace(b"value: 26000", b"value: .inf", 1), b"value: .inf", 14,
                            "situation.figures[0].value", "'.inf' is not a finite number"),
    "integer of 5,000 digits": Case(FIGURES_FILE, lambda b: b.replace(b"value: 26000", b"value: " + b"9" * 5000, 1),
                                    b"value: 999", 14, "situation.figures[0].value",
                                    "'" + "9" * 60 + "' is not a valid int"),
    # --- ids and folder names: ids name output files ------------------------------------
    "id with ../": Case(PEOPLE, append(person(b"../../../etc/passwd")), b"../../../etc", 9, "people[8].id",
                        "not a valid id (expected lower-case letters, digits and hyphens, got '../../../etc/passwd')"),
    "absolute path id": Case(PEOPLE, append(person(b"/tmp/evil")), b"/tmp/evil", 9, "people[8].id",
                             "not a valid id (expected lower-case letters, digits and hyphens, got '/tmp/evil')"),
    "id with a dot": Case(PEOPLE, append(person(b"a..b")), b"a..b", 9, "people[8].id",
                          "not a valid id (expected lower-case letters, digits and hyphens, got 'a..b')"),
    "id with a trailing newline": Case(PEOPLE, append(person(b'"besedin2\\n"')), b"besedin2", 9, "people[8].id",
                                       "not a valid id (expected lower-case letters, digits and hyphens, got 'besedin2\n')"),
    "upper-case id": Case(PEOPLE, append(person(b"Besedin")), b"id: Besedin", 9, "people[8].id",
                          "not a valid id (expected lower-case letters, digits and hyphens, got 'Besedin')"),
    "duplicate id": Case(PEOPLE, append(person(b"besedin")), b"id: besedin\n    name: Hostile", 9, "people[8].id",
                         "duplicate person, organisation or place id 'besedin'"),
    "Windows device name as id": Case(PEOPLE, append(person(b"con")), b"id: con", 9, "people[8].id",
                                      "id 'con' is reserved: it is a device name that Windows cannot use as a "
                                      "file name"),
    "id 'index' (would overwrite the section page)": Case(
        PEOPLE, append(person(b"index")), b"id: index", 9, "people[8].id",
        "id 'index' is reserved: it names the section's own index page"),
    # --- source URLs ----------------------------------------------------------------------
    **{f"url {label}": Case(SOURCES, append(source(url)), b"    url: ", 10, "sources[13].url", message)
       for label, url, message in [
           ("javascript:", b"javascript:alert(1)",
            "expected an http:// or https:// address, got 'javascript:alert(1)'"),
           ("JaVaScRiPt: mixed case", b"JaVaScRiPt:alert(1)",
            "expected an http:// or https:// address, got 'JaVaScRiPt:alert(1)'"),
           ("with leading whitespace", b'"  \\tjavascript:alert(1)"',
            "expected an http:// or https:// address, got '  \\u0009javascript:alert(1)'"),
           ("with an embedded tab", b'"java\\tscript:alert(1)"',
            "the address contains a space or an invisible character, got 'java\\u0009script:alert(1)'"),
           ("with an embedded newline", b'"https://x.org/\\njavascript:alert(1)"',
            "the address contains a space or an invisible character, got 'https://x.org/\\u000ajavascript:alert(1)'"),
           ("with an entity", b"javascript&#58;alert(1)",
            "expected an http:// or https:// address, got 'javascript&#58;alert(1)'"),
           ("data:", b"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "expected an http:// or https:// address, got "
            "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='"),
           ("vbscript:", b"VBScript:MsgBox(1)", "expected an http:// or https:// address, got 'VBScript:MsgBox(1)'"),
           ("protocol-relative", b"//evil.example/x",
            "expected an http:// or https:// address, got '//evil.example/x'"),
           ("breaking out of the attribute", b"'https://x.org/\"onmouseover=\"alert(1)'",
            "the address contains a character that is not allowed in a web address, "
            "got 'https://x.org/\"onmouseover=\"alert(1)'"),
           ("with credentials", b"https://trusted.example@evil.example/",
            "the address contains a user name or password, got 'https://trusted.example@evil.example/'"),
       ]},
    # --- round 2: amplification, crashes without a location, numbers YAML 1.1 changes, takeover -------
    "bool tag on a non-boolean": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !!bool maybe")),
                                      b"title:", 10, "briefing.title", "'maybe' is not a valid bool"),
    "int tag on empty text": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !!int ''")),
                                  b"title:", 10, "briefing.title", "'' is not a valid int"),
    "float tag on empty text": Case(BRIEFING, whole(HEAD.encode().replace(b"title: T", b"title: !!float ''")),
                                    b"title:", 10, "briefing.title", "'' is not a valid float"),
    "timestamp tag on a word": Case(BRIEFING, whole(HEAD.encode().replace(b"as_of: 2024-11-15",
                                                                          b"as_of: !!timestamp yesterday")),
                                    b"as_of:", 10, "briefing.as_of", "'yesterday' is not a valid timestamp"),
    "octal number": Case(FIGURES_FILE, lambda t: t.replace(b"value: 26000", b"value: 026000", 1), b"026000", 14,
                         "situation.figures[0].value",
                         "'026000' would be read as an octal or base-60 number by YAML 1.1"),
    "base-60 number": Case(FIGURES_FILE, lambda t: t.replace(b"value: 3000", b"value: 3:00", 1), b"3:00", 14,
                           "situation.figures[1].value",
                           "'3:00' would be read as an octal or base-60 number by YAML 1.1"),
    "number whose conversion overflows": Case(FIGURES_FILE, lambda t: t.replace(b"value: 1.5", b"value: 1.5e+308", 1),
                                              b"1.5e+308", 14, "situation.figures[2].value",
                                              "out of range (expected a number ≤ 1,000,000,000,000,000, got number "
                                              "1.5e+308)"),
    "a place repeated 10,000 times": Case(BRIEFING, whole(HEAD.encode() + b"  places: [" + b", ".join(
        [b"kupiansk"] * 10_000) + b"]\n"), b"places:", 22, "briefing.places[1]",
        "'kupiansk' is listed twice (first as item 1)"),
    "5,000 brackets in an inline field": Case(BRIEFING, whole(HEAD.encode().replace(
        b"takeaways: [x]", b"takeaways: ['" + b"[" * 5000 + b"']")), b"takeaways:", 15, "briefing.takeaways[0]",
        "too many '[' for inline Markdown (expected at most 100, got 5000)"),
    "a person named after a place and two others": Case(PEOPLE, append(
        b"  - id: hostile-person\n    name: Kupiansk\n    aliases: [Sergey Lavrov, Donald Trump]\n    role: Tester\n"),
        b"name: Kupiansk", 11, "people[8].name",
        "'Kupiansk' is also a name of place 'kupiansk' (briefings/registry/places.yaml:4)"),
    "zero-width space in a name": Case(PEOPLE, append("  - id: hostile-person\n    name: Michael\u200b Waltz\n"
                                                      "    role: Tester\n".encode()), "name: Michael\u200b".encode(), 11,
                                       "people[8].name", "invisible character U+200B in a name"),
    "Cyrillic look-alike of a name": Case(PEOPLE, append("  - id: hostile-person\n    name: Mich\u0430el Waltz\n"
                                                         "    role: Tester\n".encode()), "name: Mich\u0430el".encode(),
                                          11, "people[8].name",
                                          "'Mich\u0430el Waltz' is also a name of person 'waltz' "
                                          "(briefings/registry/people.yaml:35)"),
    # --- text that shows something other than it holds ----------------------------------------
    "right-to-left override in a title": Case(BRIEFING, whole(HEAD.encode().replace(
        b"title: T", "title: Kupiansk \u202egnidloh\u202c".encode())), b"title:", 10, "briefing.title",
        "a bidirectional control character U+202E in the text"),
    "non-character written as an escape": Case(BRIEFING, whole(HEAD.encode().replace(
        b"summary: S", b'summary: "S\\uFFFE"')), b"summary:", 12, "briefing.summary",
        "a non-character U+FFFE in the text"),
    "a stack of combining marks": Case(BRIEFING, whole(HEAD.encode().replace(
        b"title: T", ("title: K" + "\u0301" * 400).encode())), b"title:", 10, "briefing.title",
        "more than 8 combining marks on one letter"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    """A project whose site/ has been built; each case breaks one file and restores it."""
    project = copy_project(tmp_path_factory.mktemp("hostile-input") / "project")
    pipeline.build(project, TODAY, search=False)
    return project


def _expected_line(text: bytes, marker: bytes | None) -> int:
    if marker is None:
        return 1
    assert marker in text, f"marker {marker!r} not in the edited file"
    return text[: text.index(marker)].count(b"\n") + 1


def _build_fails(project: pipeline.Project, file: str, content: bytes) -> list[Problem]:
    path = project.root / file
    original = path.read_bytes()
    try:
        path.write_bytes(content)
        with pytest.raises(ContentError) as caught:
            pipeline.build(project, TODAY, search=False)
    finally:
        path.write_bytes(original)
    return [p for p in caught.value.problems if p.severity == "error"]


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_a_located_error_and_the_site_is_untouched(published: pipeline.Project, name: str) -> None:
    case = CASES[name]
    content = case.edit((published.root / case.file).read_bytes())
    site_before, docs_before = tree_digest(published.site), tree_digest(published.docs)
    errors = _build_fails(published, case.file, content)
    wanted = (case.file, _expected_line(content, case.marker), case.column, case.field, case.message)
    found = [(p.file, p.line, p.column, p.field, p.message) for p in errors]
    assert wanted in found
    assert all(p.hint for p in errors if (p.file, p.line, p.column, p.field, p.message) == wanted)
    assert all(len(p.format()) < 600 for p in errors), "an error message echoes too much of the input"
    assert tree_digest(published.site) == site_before
    assert tree_digest(published.docs) == docs_before


def test_no_tag_ever_runs_code(published: pipeline.Project) -> None:
    marker = published.root / "pwned"
    content = HEAD.encode().replace(b"title: T", b'title: !!python/object/apply:os.system ["touch ' +
                                    str(marker).encode() + b'"]')
    _build_fails(published, BRIEFING, content)
    assert not marker.exists()


def test_a_byte_order_mark_is_accepted(project: pipeline.Project) -> None:
    path = project.briefings / SEED / "briefing.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    site, warnings = pipeline.check(project, TODAY)
    assert site.briefings[0].briefing.title.startswith("Russian troops briefly breach")
    assert warnings == []


def test_symbolic_links_are_refused(project: pipeline.Project) -> None:
    path = project.briefings / "registry" / "people.yaml"
    path.unlink()
    path.symlink_to("/etc/passwd")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    assert [(p.line, p.column, p.message, p.hint) for p in caught.value.problems
            if p.file.endswith("briefings/registry/people.yaml")] == [
        (1, 1, "symbolic links are not allowed here", "commit the file itself, not a link to it")]
    assert "root:" not in "\n".join(p.format() for p in caught.value.problems)


def test_a_folder_name_that_is_not_the_briefing_id_is_refused(project: pipeline.Project) -> None:
    """Folder names never become output paths: the id does, and it must equal the folder."""
    (project.briefings / SEED).rename(project.briefings / "..evil name")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    assert f"briefing id '{SEED}' differs from its folder name '..evil name'" in [
        p.message for p in caught.value.problems]


@pytest.mark.parametrize("name", ["billion laughs", "100,000 nested brackets", "file over the size limit"])
def test_the_command_line_refuses_bombs_quickly_and_without_a_traceback(tmp_path: Path, name: str) -> None:
    """In a separate process with a timeout: a hang or a crash of the interpreter (libyaml
    recursing in C) must fail this test, not the whole run."""
    project = copy_project(tmp_path / "project")
    case = CASES[name]
    path = project.root / case.file
    content = case.edit(path.read_bytes())
    path.write_bytes(content)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "check"],
                            capture_output=True, text=True, timeout=20, check=False,
                            env={**os.environ, "BRIEFING_DEBUG": ""})
    assert result.returncode == 1, result.stderr[-2000:]
    line = _expected_line(content, case.marker)
    field = f"{case.field}: " if case.field else ""
    assert f"{case.file}:{line}:{case.column}: error: {field}{case.message}\n    hint: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_briefing_dated_before_1970_gives_the_engine_a_valid_timestamp() -> None:
    import datetime as dt

    from briefing_site.engine import engine_environment

    assert engine_environment(dt.date(1965, 5, 1))["SOURCE_DATE_EPOCH"] == "0"
    assert engine_environment(dt.date(1970, 1, 2))["SOURCE_DATE_EPOCH"] == "86400"


def test_a_surname_never_ranks_a_person_before_the_entry_that_owns_the_name(project: pipeline.Project) -> None:
    from briefing_site.index import build_index
    from briefing_site.plan import Plan
    from briefing_site.views import name_bucket, search_names

    people = project.root / PEOPLE
    people.write_text(people.read_text(encoding="utf-8") + "\n  - id: ivan-kupiansk\n    name: Ivan Kupiansk\n"
                      "    role: Tester\n", encoding="utf-8")
    site, _ = pipeline.check(project, TODAY)
    plan = Plan(site, build_index(site), pipeline.site_info(project))
    pages = search_names(site, plan.url)[name_bucket("kupiansk")]["kupiansk"]
    assert [url for url, *_ in pages] == ["places/kupiansk/", "people/ivan-kupiansk/"]


@pytest.mark.parametrize(("value", "shown"), [(0.00002, "0.00002"), (-0.5, "-0.5"), (1234.5678, "1,234.5678"),
                                              (26000, "26,000"), (1e-7, "0.0000001")])
def test_small_and_negative_numbers_are_shown_as_written(value: float, shown: str) -> None:
    from briefing_site.render import format_number

    assert format_number(value) == shown


def test_southern_and_western_coordinates_say_so() -> None:
    from briefing_site import model
    from briefing_site.render import coordinates

    assert coordinates(model.Coordinates(lat=-33.86, lon=-70.5)) == "33.8600° S, 70.5000° W"
    assert coordinates(model.Coordinates(lat=49.7106, lon=37.6156)) == "49.7106° N, 37.6156° E"


@pytest.mark.parametrize(("name", "folder", "hint"), [
    ("situation.yaml.orig", False, "if it holds changes for situation.yaml, merge them there"),
    ("drafts", True, "only briefing.yaml, situation.yaml, quotes.yaml, diplomacy.yaml are read here"),
])
def test_a_file_or_folder_that_is_not_read_is_named(project: pipeline.Project, name: str, folder: bool,
                                                    hint: str) -> None:
    target = project.briefings / SEED / name
    if folder:
        target.mkdir()
        (target / "situation.yaml").write_text("situation: {}\n", encoding="utf-8")
    else:
        target.write_text("situation: {}\n", encoding="utf-8")
    _, warnings = pipeline.check(project, TODAY)
    (found,) = [w for w in warnings if w.file.endswith(name)]
    assert found.message == ("this folder is not read" if folder else "this file is not read")
    assert found.hint.startswith(hint)


def test_escape_sequences_in_names_and_values_never_reach_the_terminal_raw(project: pipeline.Project) -> None:
    """A folder named to clear the screen and print a green 'ok', a value with a carriage return: the
    messages show them as \\x1b and \\x0d, in both output formats."""
    import shutil
    import subprocess
    import sys

    fake = "\x1b[2J\x1b[32mok: 0 problems\x1b[0m"
    shutil.copytree(project.briefings / SEED, project.briefings / fake)
    for form in ("text", "github"):
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "check",
                                 "--format", form], capture_output=True, check=False)
        output = result.stdout + result.stderr
        assert result.returncode == 1
        assert b"\x1b" not in output and b"\r" not in output
        assert b"\\x1b[2J" in output


@pytest.mark.parametrize(("text", "shown"), [
    ("[1]: https://example.org/a", "[1]: https://example.org/a"),  # a link reference definition
    ("_ _ _", "_ _ _"),  # a rule
    ("* * *", "* * *"),
    ("compare `a < b` here", "compare a < b here"),  # a code span: '<' once, not '&lt;'
])
def test_inline_text_never_silently_vanishes_or_doubles_its_escapes(text: str, shown: str) -> None:
    import html as html_module
    import re as re_module

    from briefing_site.markup import inline

    rendered = str(inline(text))
    visible_text = html_module.unescape(re_module.sub(r"<[^>]+>", "", rendered))
    assert visible_text == shown
