"""The index and the site plan made again after an edit, from the previous ones (what the live
preview does), are those made from nothing; and only what the edit touched is filed again."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from briefing_site import pipeline, validate
from briefing_site.index import Index, build_index
from briefing_site.link import Site, link
from briefing_site.plan import Plan
from briefing_site.render import render
from briefing_site.validate import FileCache

from .conftest import REPO, TODAY, copy_project

sys.path.insert(0, str(REPO / "bench"))
import corpus


def _checked(project: pipeline.Project, cache: FileCache) -> Site:
    site = link(validate.validate_tree(project.briefings, project.root, cache), TODAY)
    assert not [p for p in site.problems if p.severity == "error"], site.problems[:3]
    return site


def _folders(project: pipeline.Project) -> list[Path]:
    return sorted(p for p in project.briefings.iterdir() if p.is_dir() and p.name != "registry")


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert edited != text, pattern
    path.write_text(edited, encoding="utf-8")


def _edit_a_quote(project: pipeline.Project) -> None:
    _sub(_folders(project)[7] / "quotes.yaml", r"^  text: ", "  text: Edited words. ")


def _move_a_briefing_to_another_day(project: pipeline.Project) -> None:
    """A later as-of date makes it the newest: the order of the briefings changes."""
    _sub(_folders(project)[3] / "briefing.yaml", r"^  as_of: .*$", "  as_of: 2026-11-01")


def _change_who_is_quoted(project: pipeline.Project) -> None:
    """One speaker replaced by another: an entity's list loses the briefing, another's gains it."""
    quotes = _folders(project)[5] / "quotes.yaml"
    speaker = re.search(r"^  speaker: (\S+)$", quotes.read_text(encoding="utf-8"), re.M)
    people = re.findall(r"^- id: (\S+)$", (project.briefings / "registry" / "people.yaml").read_text(encoding="utf-8"),
                        re.M)
    assert speaker is not None
    _sub(quotes, rf"^  speaker: {speaker.group(1)}$", f"  speaker: {people[-1]}")


def _rename_a_place_in_the_registry(project: pipeline.Project) -> None:
    _sub(project.briefings / "registry" / "places.yaml", r"^  name: ", "  name: Renamed ")


def _as_of(folder: Path) -> str:
    found = re.search(r"^  as_of: (\S+)$", (folder / "briefing.yaml").read_text(encoding="utf-8"), re.M)
    assert found is not None
    return found.group(1)


def _report_an_event_a_newer_briefing_reports(project: pipeline.Project) -> None:
    """An older briefing now reports an event as a newer one does (date, words, place): the
    timeline keeps the newer one's entry, which now names both briefings."""
    folders = _folders(project)
    older = folders[10]
    for newer in folders[11:]:
        events = yaml.safe_load((newer / "situation.yaml").read_text(encoding="utf-8"))["situation"]["events"]
        fitting = [e for e in events if str(e["date"])[-10:] <= _as_of(older)]  # reported by then
        if fitting:
            break
    assert fitting
    situation = older / "situation.yaml"
    data = yaml.safe_load(situation.read_text(encoding="utf-8"))
    own = data["situation"]["events"][0]
    own.update(date=str(fitting[0]["date"]), summary=fitting[0]["summary"], places=fitting[0].get("places", []))
    situation.write_text(corpus.dump(data), encoding="utf-8")


def _forget_someone_in_the_oldest_briefing(project: pipeline.Project) -> None:
    """The oldest briefing no longer names a person it listed among others: that person is now
    first mentioned by a later briefing."""
    files = {path: yaml.safe_load(path.read_text(encoding="utf-8")) for path in _folders(project)[0].glob("*.yaml")}
    listed: dict[str, int] = {}  # id → the shortest list it is in
    alone: set[str] = set()  # values found outside any list of ids

    def walk(value: object, change: Callable[[list[object]], None] | None = None) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item, change)
        elif isinstance(value, list):
            if change is not None:
                change(value)
            for item in value:
                if isinstance(item, str):
                    listed[item] = min(listed.get(item, len(value)), len(value))
                else:
                    walk(item, change)
        elif isinstance(value, str):
            alone.add(value)

    for data in files.values():
        walk(data)
    people = re.findall(r"^- id: (\S+)$", (project.briefings / "registry" / "people.yaml").read_text(encoding="utf-8"),
                        re.M)
    gone = next(p for p in people if listed.get(p, 0) >= 2 and p not in alone)
    for path, data in files.items():
        walk(data, lambda items: items.remove(gone) if gone in items else None)
        path.write_text(corpus.dump(data), encoding="utf-8")


EDITS: dict[str, Callable[[pipeline.Project], None]] = {
    "quote": _edit_a_quote, "as_of": _move_a_briefing_to_another_day, "speaker": _change_who_is_quoted,
    "registry": _rename_a_place_in_the_registry, "shared event": _report_an_event_a_newer_briefing_reports,
    "first mention": _forget_someone_in_the_oldest_briefing}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.generate(tmp_path_factory.mktemp("index") / "project", 30, seed=5)


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> pipeline.Project:
    shutil.copytree(generated, tmp_path / "project")
    return pipeline.Project(tmp_path / "project")


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_index_made_from_the_previous_one_is_the_one_made_from_nothing(project: pipeline.Project,
                                                                          edit: str) -> None:
    cache = FileCache()
    before = build_index(_checked(project, cache))
    EDITS[edit](project)
    site = _checked(project, cache)

    again = build_index(site, before)
    fresh = build_index(site)
    assert again == fresh  # every field but the parts; lists in order
    if edit == "shared event":  # else the edit does not test what it is for
        assert any(len(entry.folders) > 1 for entry in fresh.timeline)
        assert again.timeline != before.timeline
    if edit == "first mention":
        assert again.first_mentions != before.first_mentions
    assert before.parts is not None and again.parts is not None
    kept = [folder for folder, part in again.parts.by_folder.items() if part is before.parts.by_folder.get(folder)]
    if edit == "registry":
        assert kept == []  # a briefing's part depends on the registry: all filed again
    else:
        assert len(kept) == len(site.briefings) - 1  # the edited briefing alone is filed again
        # The lists the edit did not touch are the previous objects: the plan reuses their layout.
        # A briefing moved among the others changes the order of every list: all are merged again.
        same = [key for key, found in again.mentions.items() if found is before.mentions.get(key)]
        if edit == "as_of":
            assert same == []
        elif edit in ("quote", "speaker"):  # briefings that do not mention every entity of the corpus
            assert 0 < len(same) < len(again.mentions)


def _pages(plan: Plan, project: pipeline.Project) -> dict[str, object]:
    out: dict[str, object] = {}
    render(plan, project.templates, sink=out.__setitem__)
    return out


@pytest.mark.parametrize("edit", ["quote", "as_of", "speaker"])
def test_a_plan_laid_out_from_the_previous_one_renders_the_pages_of_one_from_nothing(
        project: pipeline.Project, edit: str) -> None:
    cache = FileCache()
    info = pipeline.site_info(project)
    site = _checked(project, cache)
    index = build_index(site)
    before = Plan(site, index, info, printouts=False)
    before.pages()
    EDITS[edit](project)
    site = _checked(project, cache)
    again_index: Index = build_index(site, index)

    again = Plan(site, again_index, info, printouts=False, previous=before)
    fresh = Plan(site, build_index(site), info, printouts=False)
    assert again.draws_on() == fresh.draws_on()
    assert _pages(again, project) == _pages(fresh, project)


def _problems(site: Site) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.severity, p.message) for p in site.problems]


@pytest.mark.parametrize("edit", ["quote", "speaker", "registry", "updated claim renamed", "person removed"])
def test_a_check_that_reuses_what_linking_each_briefing_gave_finds_what_one_from_nothing_finds(
        project: pipeline.Project, edit: str, tmp_path: Path) -> None:
    """The live preview's file cache keeps what linking each briefing gave; reused only while
    the briefing, the registry and the briefings its `updates` name are the same objects."""
    if edit == "updated claim renamed":  # a later briefing updates it: that one is now wrong
        project = copy_project(tmp_path / "living", REPO / "tests" / "fixtures" / "living")
    cache = FileCache()
    first = link(validate.validate_tree(project.briefings, project.root, cache), TODAY)
    assert cache.linked and not [p for p in first.problems if p.severity == "error"]
    if edit in EDITS:
        EDITS[edit](project)
    elif edit == "updated claim renamed":
        _sub(project.briefings / "2025-09-03-half" / "situation.yaml", r"^    - id: mod-half$", "    - id: mod-most")
    else:  # a person's entry gone from the registry: briefings unchanged since are wrong now
        people = project.briefings / "registry" / "people.yaml"
        text = people.read_text(encoding="utf-8")
        mentioned = "".join(path.read_text(encoding="utf-8") for path in _folders(project)[5].glob("*.yaml"))
        entry = next(m for m in re.finditer(r"^- id: (\S+)\n(?:  .*\n)*", text, re.M)
                     if re.search(rf"\b{m.group(1)}\b", mentioned))
        people.write_text(text.replace(entry.group(0), ""), encoding="utf-8")

    again = link(validate.validate_tree(project.briefings, project.root, cache), TODAY)
    fresh = link(validate.validate_tree(project.briefings, project.root, FileCache()), TODAY)
    assert _problems(again) == _problems(fresh)
    assert {k: (b.folder, t.id) for k, (b, t) in again.updates.items()} == {
        k: (b.folder, t.id) for k, (b, t) in fresh.updates.items()}
    if edit in ("updated claim renamed", "person removed"):
        assert [p for p in again.problems if p.severity == "error"]
