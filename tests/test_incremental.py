"""Incremental builds: with the conversions of an earlier build cached, a build after an edit is
byte-identical to a full build of the edited project from nothing, and converts only the pages
the edit changed (briefing_site/conversions.py)."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_site import pipeline, printed
from briefing_site.problems import BuildError

from .conftest import SEED, TODAY, copy_project
from .growth import copy_briefing
from .test_atomic_build import tree_digest

pytestmark = pytest.mark.slow

OTHERS = ("2024-11-16-second", "2024-11-17-third")


def build(project: pipeline.Project, cache: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Build `project` (both languages, without PDFs) with `cache` as its build cache; the names of
    the conversions that build stored."""
    monkeypatch.setenv(printed.CACHE_VARIABLE, str(cache))
    before = _files(cache)
    pipeline.build(project, TODAY, printouts=False)
    return {name for name, inode in _files(cache).items() if before.get(name) != inode}


def _files(cache: Path) -> dict[str, int]:
    """Each stored conversion and its file's inode (a conversion stored again is a new file)."""
    folder = cache / "conversions"
    return {p.name: p.stat().st_ino for p in folder.iterdir() if not p.name.startswith(".")} \
        if folder.is_dir() else {}


def _entries(cache: Path) -> set[str]:
    return set(_files(cache))


def edit_a_quote(project: pipeline.Project) -> None:
    quotes = project.briefings / OTHERS[0] / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    quotes.write_text(text.replace("were destroyed by our troops", "were destroyed by our soldiers", 1),
                      encoding="utf-8")


def add_a_briefing(project: pipeline.Project) -> None:
    copy_briefing(project.briefings, SEED, "2024-11-18", "fourth")


def remove_a_briefing(project: pipeline.Project) -> None:
    shutil.rmtree(project.briefings / OTHERS[1])


def change_a_template(project: pipeline.Project) -> None:
    template = project.templates / "entity.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{{ _(\"Also written:\") }}", "{{ _(\"Also written as:\") }}", 1),
                        encoding="utf-8")


def change_the_registry(project: pipeline.Project) -> None:
    people = project.briefings / "registry" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(re.sub(r"(name: Pasi Paroinen\n    role: )Military analyst", r"\1Senior military analyst",
                             text, count=1), encoding="utf-8")


CHANGES: dict[str, Callable[[pipeline.Project], None]] = {
    "edit a quote in one briefing": edit_a_quote,
    "add a briefing": add_a_briefing,
    "remove a briefing": remove_a_briefing,
    "change a template": change_a_template,
    "change the registry": change_the_registry,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[pipeline.Project, Path, set[str]]:
    """Three briefings built once: the project, its build cache, and the conversions it stored."""
    project = copy_project(tmp_path_factory.mktemp("base") / "project")
    for folder, day in zip(OTHERS, ("2024-11-16", "2024-11-17"), strict=True):
        copy_briefing(project.briefings, SEED, day, folder.split("-", 3)[3])
    cache = tmp_path_factory.mktemp("base-cache")
    with pytest.MonkeyPatch.context() as monkeypatch:
        stored = build(project, cache, monkeypatch)
    return project, cache, stored


def _copy(project: pipeline.Project, cache: Path, target: Path) -> tuple[pipeline.Project, Path]:
    shutil.copytree(project.root, target / "project", ignore=shutil.ignore_patterns(".briefing-site.lock"))
    shutil.copytree(cache, target / "cache")
    return pipeline.Project(target / "project"), target / "cache"


def test_a_first_build_converts_every_page_and_a_second_none(
        base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _copy(*base[:2], tmp_path)
    pages = [p for p in project.site.rglob("*.html") if p.name != "404.html"]
    # Every page of both languages converted once and kept (a hand-written page that is the same
    # in both languages is one conversion).
    assert len(pages) > len(base[2]) > len(pages) / 2 > 40
    before = tree_digest(project.site)
    assert build(project, cache, monkeypatch) == set()
    assert tree_digest(project.site) == before


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_an_incremental_build_equals_a_full_build(
        change: str, base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _copy(*base[:2], tmp_path / "incremental")
    markdown_before = _markdown(project)
    CHANGES[change](project)
    converted = build(project, cache, monkeypatch)
    markdown_after = _markdown(project)
    changed = {name for name, digest in markdown_after.items() if markdown_before.get(name) != digest}

    full = copy_project(tmp_path / "full" / "project", content=project.root)
    shutil.rmtree(full.templates)
    shutil.copytree(project.templates, full.templates)
    build(full, tmp_path / "empty-cache", monkeypatch)

    incremental, reference = tree_digest(project.site), tree_digest(full.site)
    assert sorted(set(incremental) ^ set(reference)) == []
    assert [name for name in reference if incremental[name] != reference[name]] == []
    # Only the pages whose Markdown the change changed were converted again; the rest came from
    # the cache. (Every briefing here cites the same entries, so adding one changes most pages.)
    assert 0 < len(converted) <= len(changed) < len(markdown_after), (len(converted), len(changed))


def _markdown(project: pipeline.Project) -> dict[str, str]:
    return {name: digest for name, digest in tree_digest(project.docs).items() if name.endswith(".md")}


def test_a_cached_page_whose_link_now_leads_nowhere_fails_the_build_as_before(
        base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hand-written page's Markdown does not change when a page it links to is removed, so its
    conversion is in the cache; the strict link check must still see the broken link."""
    project, cache = _copy(*base[:2], tmp_path)
    about = project.docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n[The third briefing](briefings/{OTHERS[1]}.md)\n",
                     encoding="utf-8")
    assert build(project, cache, monkeypatch)
    remove_a_briefing(project)
    with pytest.raises(BuildError, match=f"about.md' contains a link 'briefings/{OTHERS[1]}.md'"):
        build(project, cache, monkeypatch)


def test_a_build_keeps_the_conversions_any_language_used_and_drops_those_unused_for_a_day(
        base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _copy(*base[:2], tmp_path)
    folder = cache / "conversions"
    two_days_ago = time.time() - 2 * 24 * 3600
    (folder / ("0" * 64)).write_bytes(b"a conversion of a page that is gone")
    for entry in folder.iterdir():  # as restored from the cache of a build two days ago
        os.utime(entry, (two_days_ago, two_days_ago))
    assert build(project, cache, monkeypatch) == set()  # nothing converted: every page in the cache
    assert _entries(cache) == base[2]  # both languages' conversions kept, the unused one removed
