"""Incremental builds: with the build cache of an earlier build, a build after an edit is
byte-identical to a full build of the edited project from nothing, renders only the pages the
edit can change (briefing_site/rendered.py) and converts only the pages whose Markdown it changed
(briefing_site/conversions.py)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing_site import caches, conversions, pipeline, rendered
from briefing_site.problems import BuildError

from .conftest import SEED, TODAY, copy_project
from .growth import copy_briefing
from .test_atomic_build import tree_digest

pytestmark = pytest.mark.slow

OTHERS = ("2024-11-16-second", "2024-11-17-third")


def build(project: pipeline.Project, cache: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Build `project` (both languages, without PDFs) with `cache` as its build cache; the names of
    the conversions that build stored."""
    monkeypatch.setenv(caches.VARIABLE, str(cache))
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


def conversions_only(names: set[str]) -> set[str]:
    """The conversions among a cache's entries (the rest are pages as the theme made them)."""
    return {name for name in names if not name.startswith(conversions.PAGE)}


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


class Asked:
    """What each edition's render was asked for since `renders`: the pages to render, None for all.
    The build writes its Markdown in a child process, so the spy writes down each call in a file."""

    def __init__(self, log: Path):
        self.log = log

    def __call__(self) -> list[set[str] | None]:
        lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return [None if only is None else set(only) for only in map(json.loads, lines)]

    def clear(self) -> None:
        self.log.unlink(missing_ok=True)


def renders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Asked:
    """Start writing down what each edition's render is asked for."""
    asked = Asked(tmp_path / "asked.jsonl")
    real = rendered.render

    def spy(plan: Any, templates: Path, only: Any = None, **kwargs: Any) -> Any:
        with asked.log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(None if only is None else sorted(only)) + "\n")
        return real(plan, templates, only, **kwargs)

    monkeypatch.setattr(rendered, "render", spy)
    return asked


def change_the_theme_override(project: pipeline.Project) -> None:
    override = project.root / "overrides" / "main.html"
    text = override.read_text(encoding="utf-8")
    override.write_text(text.replace('content="summary">', 'content="summary_large_image">', 1), encoding="utf-8")


def rename_a_tab(project: pipeline.Project) -> None:
    project.config.write_text(project.config.read_text(encoding="utf-8").replace("  - Timeline: timeline/index.md",
                                                                                 "  - Chronology: timeline/index.md"),
                              encoding="utf-8")


CHANGES: dict[str, Callable[[pipeline.Project], None]] = {
    "edit a quote in one briefing": edit_a_quote,
    "add a briefing": add_a_briefing,
    "remove a briefing": remove_a_briefing,
    "change a template": change_a_template,
    "change the registry": change_the_registry,
    "change the theme override": change_the_theme_override,
    "rename a tab of the navigation": rename_a_tab,
}
# What every page shows changed: the theme, the navigation, or the newest date (the added briefing
# is the newest, the removed one was).
THEME_AGAIN = {"change the theme override", "rename a tab of the navigation", "add a briefing", "remove a briefing"}


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
    # in both languages is one conversion), and every page the theme made kept too.
    assert len(pages) > len(conversions_only(base[2])) > len(pages) / 2 > 40
    assert len(base[2] - conversions_only(base[2])) == len(pages)
    before = tree_digest(project.site)
    assert build(project, cache, monkeypatch) == set()
    assert tree_digest(project.site) == before


def test_the_stored_entries_are_readable_by_any_process_that_imports_the_module(
        base: tuple[pipeline.Project, Path, set[str]]) -> None:
    # The engine runs the module as a script; its entries must still name their classes by the
    # package's module, or no other process (a profile, a later tool) could read the cache.
    folder = base[1] / "conversions"
    stored = conversions_only(base[2])
    names = sorted(stored)[:20] + sorted(base[2] - stored)[:20]
    kinds = {type(pickle.loads(zlib.decompress((folder / name).read_bytes()))) for name in names}
    assert kinds == {conversions.Entry, conversions.Built}


# What each change leaves our render to do: "some" pages (an edit inside briefing folders leaves
# the rest of the site's inputs as they were), "none" (the theme's override is the engine's), or
# "all" (a briefing added or removed changes the set of pages; templates, the registry and
# mkdocs.yml are inputs of every page).
RENDERS = {"edit a quote in one briefing": "some", "add a briefing": "all", "remove a briefing": "all",
           "change a template": "all", "change the registry": "all", "change the theme override": "none",
           "rename a tab of the navigation": "all"}

@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_an_incremental_build_equals_a_full_build(
        change: str, base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _copy(*base[:2], tmp_path / "incremental")
    markdown_before = _markdown(project)
    CHANGES[change](project)
    spy = renders(monkeypatch, tmp_path)
    stored = build(project, cache, monkeypatch)
    converted, made = conversions_only(stored), stored - conversions_only(stored)
    asked = spy()  # not the full build's below
    markdown_after = _markdown(project)
    changed = {name for name, digest in markdown_after.items() if markdown_before.get(name) != digest}

    assert_same_as_a_full_build(project, tmp_path / "full", monkeypatch)
    # Only the pages whose Markdown the change changed were converted again; the rest came from
    # the cache. (Every briefing here cites the same entries, so adding one changes most pages.)
    assert len(converted) <= len(changed) < len(markdown_after), (len(converted), len(changed))
    assert bool(converted) == bool(changed)
    # The theme made again only the pages that changed: those whose Markdown did, or all of them
    # when what every page shows changed (THEME_AGAIN).
    pages = [p for p in project.site.rglob("*.html") if p.name != "404.html"]
    if change in THEME_AGAIN:
        assert len(made) == len(pages)
    else:
        assert len(converted) <= len(made) < len(pages), (len(converted), len(made), len(pages))
    # Both languages rendered only the pages that show the edited briefing, or everything.
    assert len(asked) == 2
    if RENDERS[change] == "some":
        pages = [len(r.draws_on) for r in rendered.Store(cache / "rendered.pickle").records.values()]
        assert [0 < len(only) < total if only is not None else None
                for only, total in zip(asked, pages, strict=True)] == [True, True], (asked, pages)
        assert all(f"briefings/{OTHERS[0]}.md" in only and not any(p.startswith("names/") for p in only)
                   for only in asked if only is not None)  # names come from the registry alone
    else:
        assert asked == ([None, None] if RENDERS[change] == "all" else [set(), set()])


def assert_same_as_a_full_build(project: pipeline.Project, where: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`project`'s site is, byte for byte, what a build of a copy of it from nothing makes."""
    full = copy_project(where / "project", content=project.root)
    for name in ("templates", "overrides"):
        shutil.rmtree(full.root / name)
        shutil.copytree(project.root / name, full.root / name)
    shutil.copy2(project.config, full.config)
    build(full, where / "empty-cache", monkeypatch)
    incremental, reference = tree_digest(project.site), tree_digest(full.site)
    assert sorted(set(incremental) ^ set(reference)) == []
    assert [name for name in reference if incremental[name] != reference[name]] == []


def test_a_fresh_checkout_with_the_build_cache_takes_the_pages_an_edit_leaves_alone_from_it(
        base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in CI: a clone has no generated pages in docs/, only the restored build cache."""
    project = copy_project(tmp_path / "checkout" / "project", content=base[0].root)
    cache = tmp_path / "checkout" / "cache"
    shutil.copytree(base[1], cache)
    assert not (project.docs / "people").exists()
    edit_a_quote(project)
    spy = renders(monkeypatch, tmp_path)
    build(project, cache, monkeypatch)
    asked = spy()
    assert len(asked) == 2 and all(only is not None and f"briefings/{OTHERS[0]}.md" in only for only in asked)
    assert_same_as_a_full_build(project, tmp_path / "full", monkeypatch)


def test_a_generated_page_changed_in_docs_by_hand_is_written_again_and_a_damaged_record_renders_all(
        base: tuple[pipeline.Project, Path, set[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _copy(*base[:2], tmp_path / "incremental")
    person = next((project.docs / "people").glob("*.md"))
    person.write_text("# Not what the build wrote\n", encoding="utf-8")
    (project.docs / "uk" / "people" / person.name).unlink()
    spy = renders(monkeypatch, tmp_path)
    build(project, cache, monkeypatch)
    assert spy() == [set(), set()]  # nothing to render: every page came from the record
    assert_same_as_a_full_build(project, tmp_path / "full", monkeypatch)

    (cache / "rendered.pickle").write_bytes(b"not a record")
    edit_a_quote(project)
    spy.clear()
    build(project, cache, monkeypatch)
    assert spy()[:2] == [None, None]
    assert_same_as_a_full_build(project, tmp_path / "full-again", monkeypatch)


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
