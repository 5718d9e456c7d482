"""Hostile input, part 3: what a pull request can do beyond the text of its YAML.

A pull request can commit any file anywhere (cache files included, with `git add -f`), links and
FIFOs among them, catalogues, and values whose cost grows faster than their size. Each case here
reproduces one way found to run code, leak a file, forge a reviewer's view or exhaust the
machine, and checks that it is now refused with a located error or bounded (parts 1 and 2 are
test_hostile.py and test_hostile_output.py).
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from briefing_site import caches, engine, maps, model, pipeline, printed, rendered
from briefing_site.index import build_index
from briefing_site.problems import ContentError, Problem, UsageError

from .conftest import REPO, SEED, TODAY

PEOPLE = "briefings/registry/people.yaml"
SOURCES = "briefings/registry/sources.yaml"
PLACES = "briefings/registry/places.yaml"
SITUATION = f"briefings/{SEED}/situation.yaml"
CATALOGUE = "locale/uk/LC_MESSAGES/messages.po"


def errors(project: pipeline.Project) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    return [p for p in caught.value.problems if p.severity == "error"]


def located(project: pipeline.Project) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.field, p.message) for p in errors(project)]


def append(project: pipeline.Project, file: str, text: str) -> None:
    path = project.root / file
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text, encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=root,
                   check=True, capture_output=True)


class Payload:
    """What a planted pickle does when it is read: create `marker` (any code could run instead)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


# --- 1. committed cache files run code ------------------------------------------------------------

def test_a_committed_cache_file_is_refused_and_never_read(project: pipeline.Project, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    planted = project.root / caches.IN_PROJECT / "checks.pickle"
    planted.parent.mkdir()
    planted.write_bytes(pickle.dumps(Payload(marker)))
    git(project.root, "init", "-q")
    git(project.root, "add", "-f", ".cache/checks.pickle")
    # The reviewer's own cache is wherever caches.for_project puts it: not in the project.
    monkeypatch.delenv(caches.VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "reviewer-cache"))
    assert not project.caches.folder.is_relative_to(project.root)
    assert located(project) == [(".cache/checks.pickle", 1, "",
                                 "a cache file is committed: the build never reads its cache from the project")]
    assert not marker.exists()
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "check"],
                            capture_output=True, text=True, check=False, env={**os.environ, caches.VARIABLE: ""})
    assert result.returncode == 1 and "hint: remove it from the pull request (git rm -r --cached .cache)" in result.stderr
    assert not marker.exists()


def test_a_cache_file_in_the_project_is_not_read_even_when_not_committed(project: pipeline.Project, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    for name in ("checks.pickle", "rendered.pickle", "conversions/x"):
        planted = project.root / caches.IN_PROJECT / name
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_bytes(pickle.dumps(Payload(marker)))
    monkeypatch.delenv(caches.VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "reviewer-cache"))
    pipeline.check(project, TODAY)
    pipeline.generate(project, TODAY, printouts=False)
    assert not marker.exists()
    assert project.caches.checks.is_file()  # the cache the check wrote is the reviewer's own


def test_a_cache_inside_the_project_is_refused(project: pipeline.Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(caches.VARIABLE, str(project.root / ".cache"))
    with pytest.raises(UsageError, match="is inside the project folder"):
        pipeline.Project(project.root).caches  # noqa: B018  # the property decides


# --- 2. the change summary can be forged: see test_changes.py ----------------------------------------

# --- 3. links and special files where the build reads ------------------------------------------------

@pytest.mark.parametrize("where", ["docs/assets/x.txt", "templates/x.md.j2", "overrides/partials/x.html",
                                   "locale/uk/x.txt"])
def test_a_symbolic_link_where_the_build_reads_is_refused(project: pipeline.Project, where: str) -> None:
    link = project.root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/etc/passwd")
    assert located(project) == [(where, 1, "", "a symbolic link: the build does not follow links")]


def test_a_linked_folder_and_a_fifo_in_docs_are_refused(project: pipeline.Project) -> None:
    (project.docs / "assets" / "etc").symlink_to("/etc", target_is_directory=True)
    os.mkfifo(project.docs / "assets" / "pipe.txt")
    assert sorted(located(project)) == [
        ("docs/assets/etc", 1, "", "a symbolic link: the build does not follow links"),
        ("docs/assets/pipe.txt", 1, "", "not a regular file (a FIFO, a socket or a device)")]


def test_a_link_in_docs_publishes_nothing(project: pipeline.Project) -> None:
    (project.docs / "assets" / "environ.txt").symlink_to("/proc/self/environ")
    with pytest.raises(ContentError):
        pipeline.build(project, TODAY, search=False, printouts=False)
    assert not project.site.exists() and not (project.docs / "uk" / "assets" / "environ.txt").exists()


# --- 4. per-language names get the checks names get -----------------------------------------------

def test_a_ukrainian_name_that_is_another_entry_s_is_refused(project: pipeline.Project) -> None:
    people = project.root / PEOPLE
    people.write_text(people.read_text(encoding="utf-8").replace(
        "    name: Andriy Besedin\n", "    name: Andriy Besedin\n    names: {uk: Андрій Беседін}\n", 1), encoding="utf-8")
    append(project, PEOPLE, "  - id: impostor\n    name: Someone Else\n    names: {uk: Андрiй Беседiн}\n"
                            "    role: Spokesperson\n")  # with Latin 'i's: looks the same
    found = located(project)
    assert [(f, field) for f, _, field, message in found if "is also a name of" in message] == [
        (PEOPLE, "people[0].names.uk"), (PEOPLE, "people[8].names.uk")]


def test_an_invisible_character_in_a_ukrainian_name_is_refused(project: pipeline.Project) -> None:
    append(project, PEOPLE, "  - id: hidden\n    name: Hidden Person\n    names: {uk: \"Прихо\\u200bвана\"}\n"
                            "    role: Spokesperson\n")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("people[8].names.uk", "invisible character U+200B in a name")]


# --- 5. dates whose parsing cost grows steeply ---------------------------------------------------------

def test_a_long_date_is_refused_at_once(project: pipeline.Project) -> None:
    path = project.root / SITUATION
    text = path.read_text(encoding="utf-8")
    huge = "{" + ",".join(f"2024-11-{d % 28 + 1:02d}" for d in range(1100)) + "}"  # a 12 KB EDTF set
    path.write_text(text.replace("date: 2024-11-05", f"date: '{huge}'", 1), encoding="utf-8")
    started = time.monotonic()
    errors(project)
    assert time.monotonic() - started < 5
    problems = errors(project)
    assert [(p.line, p.field) for p in problems] == [(5, "situation.events[0].date")]
    assert problems[0].hint.startswith("a date of 12,")


# --- 6 and 15. maps: bounded neighbourhoods, and the antimeridian ------------------------------------

def test_a_place_s_map_shows_a_bounded_number_of_neighbours(project: pipeline.Project) -> None:
    append(project, PLACES, "".join(f"  - id: hamlet-{i}\n    name: Hamlet {i}\n    kind: village\n"
                                    f"    country: Ukraine\n    coordinates: {{lat: {49.7 + i / 1000}, "
                                    f"lon: {37.6 + i / 700}}}\n\n" for i in range(120)))
    site, _ = pipeline.check(project, TODAY)
    from briefing_site import views

    shown = views.place_map(site, build_index(site), site.places["kupiansk"])
    assert shown is not None and len(shown.pins) == 1 + views.MAX_NEIGHBOURS
    svg = shown.svg(maps.locate(REPO))["text"]
    assert svg.count("<circle") == 1 + views.MAX_NEIGHBOURS and len(svg) < 60_000


def test_places_across_the_antimeridian_are_drawn_side_by_side() -> None:
    def pin(ident: str, lon: float) -> maps.Pin:
        place = model.Place(id=ident, name=ident.title(), kind="town", country="Russia",
                            coordinates=model.Coordinates(lat=65.0, lon=lon))
        return maps.Pin(place, None)

    svg = maps.svg([pin("east", 179.995), pin("west", -179.995)], "Map", maps.locate(REPO))
    xs = [float(x) for x in re.findall(r'<circle cx="([-\d.]+)"', svg)]
    assert len(xs) == 2 and abs(xs[0] - xs[1]) < 5 and all(0 < x < maps.WIDTH for x in xs), xs
    assert 'font-size="12">' in svg and "km</text>" in svg  # a local scale, not the world's


# --- 7. a briefing's PDF: items and unbreakable words are bounded ----------------------------------

def test_too_many_items_are_refused(project: pipeline.Project) -> None:
    path = project.root / SITUATION
    figures = "".join(f"    - id: extra-{i}\n      label: Extra {i}\n      value: {i + 1}\n      unit: people\n"
                      f"      sources: [kupiansk-report-2024-11]\n" for i in range(model.MAX_ITEMS))
    path.write_text(path.read_text(encoding="utf-8").replace("\n  figures:\n", "\n  figures:\n" + figures, 1),
                    encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("situation.figures", f"too many items (expected at most {model.MAX_ITEMS}, got {model.MAX_ITEMS + 8})")]


def test_too_many_items_in_all_are_refused(project: pipeline.Project) -> None:
    path = project.root / SITUATION
    text = path.read_text(encoding="utf-8")
    for kind, item in (("figures", "    - id: extra-{i}\n      label: Extra {i}\n      value: {n}\n      unit: people\n"
                                   "      sources: [kupiansk-report-2024-11]\n"),
                       ("events", "    - id: extra-event-{i}\n      date: 2024-11-14\n      summary: Event {i}\n"
                                  "      sources: [kupiansk-report-2024-11]\n"),
                       ("background", "    - date: 2024-11\n      text: Earlier {i}\n"
                                      "      sources: [kupiansk-report-2024-11]\n")):
        text = text.replace(f"\n  {kind}:\n", f"\n  {kind}:\n" + "".join(item.format(i=i, n=i + 1) for i in range(80)), 1)
    path.write_text(text, encoding="utf-8")
    assert [(field, message[:40]) for _, _, field, message in located(project)] == [
        ("briefing.id", "the briefing holds 286 items (at most 25")]  # the fixture's 46 and 240 more


def test_an_unbreakable_word_is_refused(project: pipeline.Project) -> None:
    path = project.root / SITUATION
    path.write_text(path.read_text(encoding="utf-8").replace("label: Pre-war population of Kupiansk",
                                                             "label: " + "x" * 5000, 1), encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("situation.figures[0].label", f"a word of 5,000 characters without a space (at most {model.MAX_WORD})")]


# --- 8. the PDF's file fetcher reads only the site's own images in docs/ ---------------------------

def test_the_typesetter_reads_no_file_outside_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "briefings").mkdir(parents=True)
    (docs / "briefings" / "map.svg").write_text("<svg/>", encoding="utf-8")
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg>secret</svg>", encoding="utf-8")
    (docs / "briefings" / "linked.svg").symlink_to(outside)
    base = "https://example.org/site/"
    assert printed._local_file(base + "briefings/map.svg", base, docs) == docs / "briefings" / "map.svg"
    for url in (base + str(outside), base + "/" + str(outside), base + "../secret.svg", base + "briefings/../../secret.svg",
                base + "briefings/linked.svg", base + "briefings/%2e%2e/%2e%2e/secret.svg"):
        assert printed._local_file(url, base, docs) is None, url


# --- 9. a stray file is never read whole -----------------------------------------------------------

def test_a_stray_file_in_a_briefing_folder_or_the_registry_is_not_read(project: pipeline.Project,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    strays = [project.briefings / SEED / "video.mp4", project.briefings / "registry" / "notes.bin"]
    for stray in strays:
        stray.write_bytes(b"\0" * 1024)
    real = Path.read_bytes

    def refusing(path: Path) -> bytes:
        assert path not in strays, f"{path} was read"
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refusing)
    rendered.folder_digests([project.briefings / SEED])
    pipeline._render_inputs(project, maps.locate(REPO))
    _, warnings = pipeline.check(project, TODAY)
    assert sorted(w.file for w in warnings) == sorted(s.relative_to(project.root).as_posix() for s in strays)


# --- 10 and 14. addresses: http(s) only, and no link that disguises where it leads ---------------------

@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def test_an_archive_address_must_be_a_web_address(project: pipeline.Project, url: str) -> None:
    path = project.root / SOURCES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    reliability: F\n", f"    reliability: F\n    archive_url: '{url}'\n", 1),
                    encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("sources[0].archive_url", f"expected an http:// or https:// address, got '{url}'")]


def test_a_link_whose_words_are_another_address_is_refused(project: pipeline.Project) -> None:
    path = project.root / f"briefings/{SEED}/briefing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ukraine's general staff calls", "Ukraine's general staff (see "
                                 "[https://www.president.gov.ua/news/1](https://evil.example/x)) calls", 1),
                    encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("briefing.takeaways[0]", "the link's words are an address (https://www.president.gov.ua/news/1) but it "
                                  "leads to https://evil.example/x")]


# --- 11. catalogues are checked -------------------------------------------------------------------

def _translate(project: pipeline.Project, message: str, translation: str) -> int:
    """Set the translation of `message` in the Ukrainian catalogue; the line of its msgid."""
    path = project.root / CATALOGUE
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgid "{message}"')
    assert lines[at + 1].startswith("msgstr ")
    lines[at + 1] = f'msgstr "{translation}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(("translation", "message"), [
    ("<script>alert(1)</script>Джерела", "HTML in a translation (a tag or an entity its English message does not have)"),
    ("Джерела %(oops)s", "unknown placeholder %(oops)s in the translation of 'Sources'"),
    ("[Джерела](javascript:alert(1))", "the translation links to 'javascript:alert(1', which its English message does "
                                        "not"),
])
def test_a_translation_that_adds_markup_or_an_unknown_placeholder_is_a_located_error(
        project: pipeline.Project, translation: str, message: str) -> None:
    line = _translate(project, "Sources", translation)
    assert located(project) == [(CATALOGUE, line, "msgstr", message)]


def test_a_bad_catalogue_fails_the_check_not_the_build(project: pipeline.Project) -> None:
    _translate(project, "Sources", "Джерела %(oops)s")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build",
                             "--no-pdf", "--no-search"], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and f"{CATALOGUE}:" in result.stderr and "internal error" not in result.stderr
    assert not project.site.exists()


# --- 12. a cache that cannot be written only slows the build ----------------------------------------

def test_an_unwritable_cache_only_makes_the_build_slower(project: pipeline.Project, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(caches.VARIABLE, str(blocker / "cache"))  # no folder can be made under a file
    outcome = pipeline.build(pipeline.Project(project.root), TODAY, search=False)
    assert outcome.briefings == 1 and (project.site / "briefings" / SEED / "index.html").is_file()
    assert (project.site / "briefings" / f"{SEED}.pdf").is_file()


# --- 13. the preview answers its own address only ------------------------------------------------------

def test_the_preview_s_server_refuses_another_host(tmp_path: Path) -> None:
    from briefing_site.live import Server

    (tmp_path / "index.html").write_text("<p>draft</p>", encoding="utf-8")
    server = Server(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    port = server.server_address[1]
    try:
        def ask(host: str) -> tuple[str, bytes]:
            answer: list[str] = []
            body = b"".join(server._serve_request({"PATH_INFO": "/index.html", "HTTP_HOST": host,
                                                   "REQUEST_METHOD": "GET", "wsgi.input": None},
                                                  lambda status, headers: answer.append(status)) or [])
            return answer[0], body

        for host in (f"rebound.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", ""):
            status, body = ask(host)
            assert status.startswith("403") and b"draft" not in body, host
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            status, body = ask(host)
            assert status.startswith("200") and b"draft" in body, host
    finally:
        server.server_close()


# --- the smaller ones ---------------------------------------------------------------------------------

def test_an_explicit_timestamp_tag_on_text_that_is_no_date_is_refused(project: pipeline.Project) -> None:
    path = project.root / f"briefings/{SEED}/briefing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^  title: .*$", "  title: !!timestamp yesterday", text, count=1, flags=re.M),
                    encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("briefing.title", "'yesterday' is not a valid timestamp")]


def test_a_figure_too_close_to_zero_is_refused(project: pipeline.Project) -> None:
    path = project.root / SITUATION
    path.write_text(path.read_text(encoding="utf-8").replace("value: 26000", "value: 5.0e-324", 1), encoding="utf-8")
    assert [(field, message) for _, _, field, message in located(project)] == [
        ("situation.figures[0].value", "a figure closer to zero than 0.000001 (got 4.94066e-324)")]


def test_a_hint_prints_on_a_line_of_its_own(project: pipeline.Project, tmp_path: Path) -> None:
    """An error the machine causes (here: a folder of generated pages that cannot be made) is told in two
    lines, its hint on the second."""
    (project.docs / "briefings").write_text("a file where the generated pages go", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build",
                             "--no-pdf", "--no-search"], capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert "\\x0a" not in result.stderr and "Traceback" not in result.stderr
    assert re.search(r"\n    hint: ", result.stderr), result.stderr


def test_an_engine_traceback_is_told_in_its_last_line() -> None:
    log = ("INFO    -  Building documentation...\nTraceback (most recent call last):\n  File \"x.py\", line 1\n"
           "    copy()\nOSError: [Errno 28] No space left on device: 'site/x.html'\n")
    assert engine._without_info(log) == "OSError: [Errno 28] No space left on device: 'site/x.html'"
