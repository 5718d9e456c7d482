"""The engine adapter: the default build is MkDocs with Material; the same generated Markdown
builds with MkDocs' own built-in theme into the same pages (headings and text), with search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing_site import engine, pipeline
from briefing_site.problems import UsageError

from .conftest import TODAY, copy_project
from .engine_check import differences
from .sitetext import english_copy, indexed, indexed_urls


@pytest.mark.slow
def test_the_generated_pages_read_the_same_without_material(built_project: pipeline.Project, tmp_path: Path) -> None:
    plain = copy_project(tmp_path / "plain")
    compared, problems = differences(built_project, plain)
    assert compared >= 30  # every generated Markdown page of the fixture project
    assert problems == []
    # Pagefind ran after the built-in theme's build, where the adapter says the index is.
    assert (plain.site / engine.SEARCH_INDEX / "pagefind.js").is_file()
    # The built-in theme's configuration was temporary: nothing is left beside mkdocs.yml.
    assert not (plain.root / engine.PLAIN_CONFIG).exists()
    assert not (plain.root / engine.PLAIN_THEME_DIR).exists()


def test_the_headings_check_can_fail(tmp_path: Path) -> None:
    """The comparison itself: a page whose heading differs is reported."""
    from .sitetext import main_content

    page = tmp_path / "a.html"
    page.write_text('<div role="main"><h1 id="x">Title<a class="headerlink" href="#x">¶</a></h1><p>Text</p></div>'
                    '<footer>Theme</footer>', encoding="utf-8")
    assert main_content(page) == (["Title"], "Title Text")
    page.write_text('<article class="md-content__inner md-typeset"><h1>Other</h1><p>Text</p></article>',
                    encoding="utf-8")
    assert main_content(page) == (["Other"], "Other Text")


def test_an_unknown_theme_is_refused_before_anything_is_done(project: pipeline.Project,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "check", None)  # checking, rendering or typesetting would fail
    with pytest.raises(UsageError, match="unknown theme 'readthedocs'"):
        pipeline.build(project, TODAY, theme="readthedocs")
    assert not (project.docs / "index.md").exists() and not project.site.exists()


def test_pagefind_reads_only_the_marked_part_of_each_page_and_makes_the_same_index(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search is fed each page's head and the part the theme marks for indexing, not the header,
    navigation and footer around it; the index it makes is byte for byte the one made from whole pages."""
    def copied(name: str) -> Path:
        site = tmp_path / name / "site"
        shutil.copytree(built_site, site, ignore=lambda folder, names: [n for n in names if folder == str(built_site)
                                                                         and n in {"uk", engine.SEARCH_INDEX}])
        return site

    pages = [p.read_bytes() for p in built_site.rglob("*.html") if "uk" not in p.relative_to(built_site).parts]
    fed = [text for text in map(engine._fed, pages) if text is not None]
    assert len(fed) >= 20 and all(b"<html" in text and b"<title>" in text for text in fed)
    assert sum(map(len, fed)) < 0.8 * sum(len(p) for p in pages if engine.INDEXED in p)  # the theme's parts left out
    env = engine.engine_environment(TODAY)
    trimmed = copied("trimmed")
    engine.search_index(trimmed, tmp_path, env)
    monkeypatch.setattr(engine, "_fed", lambda page: page if engine.INDEXED in page else None)
    whole = copied("whole")
    engine.search_index(whole, tmp_path, env)

    def index(site: Path) -> dict[str, bytes]:
        folder = site / engine.SEARCH_INDEX
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    made = index(trimmed)
    assert any(name.startswith("fragment/") for name in made)
    assert made == index(whole)


def test_a_site_feeding_search_more_than_a_part_holds_is_indexed_in_parts_holding_each_page_once(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's memory follows what it is fed, so beyond SEARCH_PART_BYTES a language is indexed in
    parts: each page in exactly one, the parts together holding what one index holds, the further
    parts listed for the search page (which merges them)."""
    env = engine.engine_environment(TODAY)
    whole = english_copy(built_site, tmp_path / "whole")
    engine.search_index(whole, tmp_path, env)
    index = whole / engine.SEARCH_INDEX
    assert json.loads((index / engine.SEARCH_PARTS).read_text(encoding="utf-8")) == {"parts": [], "hidden": []}
    assert not list(index.glob("part-*"))
    fed = sum(len(text) for page in whole.rglob("*.html") if (text := engine._fed(page.read_bytes())) is not None)
    monkeypatch.setattr(engine, "SEARCH_PART_BYTES", fed // 3 + 1)
    parted = english_copy(built_site, tmp_path / "parted")
    engine.search_index(parted, tmp_path, env)
    folder = parted / engine.SEARCH_INDEX
    listed = json.loads((folder / engine.SEARCH_PARTS).read_text(encoding="utf-8"))
    assert listed["parts"] == ["part-2/", "part-3/"]
    vocabulary = f"/{engine.VOCABULARY}/"
    parts = [indexed_urls(folder)] + [indexed_urls(folder / name) for name in listed["parts"]]
    # Each part holds the page of every word and several pages; the parts are balanced by what they
    # are fed (the lightest part so far takes the next page): their loads differ by at most one page's.
    assert all(len(urls) >= 3 and vocabulary in urls for urls in parts), [len(urls) for urls in parts]
    sizes = {page: len(text) for page in whole.rglob("*.html") if (text := engine._fed(page.read_bytes())) is not None}

    def load(urls: list[str]) -> int:
        return sum(sizes[whole / url.strip("/") / "index.html"] for url in urls if url != vocabulary)

    loads = [load(urls) for urls in parts]
    assert max(loads) - min(loads) <= max(sizes.values()), (loads, max(sizes.values()))
    everything = [url for urls in parts for url in urls if url != vocabulary]
    assert len(everything) == len(set(everything))  # no page in two parts
    assert sorted(everything) == sorted(indexed_urls(index))
    # the page of every word, in each part, is the one the search page is told to leave out
    assert [{f["url"] for f in indexed(part) if f["id"] in listed["hidden"]} for part in
            [folder, *(folder / name for name in listed["parts"])]] == [{vocabulary}] * 3


def test_a_theme_that_marks_nothing_is_indexed_in_parts_with_every_page(built_site: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no page carries INDEXED (MkDocs' own theme), Pagefind indexes whole pages; in parts,
    the page of every word must not carry the mark either, or Pagefind would index it alone."""
    site = english_copy(built_site, tmp_path)
    for page in site.rglob("*.html"):
        page.write_bytes(page.read_bytes().replace(engine.INDEXED, b"data-unmarked"))
    pages = len(list(site.rglob("*.html")))
    monkeypatch.setattr(engine, "SEARCH_PART_BYTES", sum(p.stat().st_size for p in site.rglob("*.html")) // 2 + 1)
    engine.search_index(site, tmp_path, engine.engine_environment(TODAY))
    folder = site / engine.SEARCH_INDEX
    parts = [folder, *(folder / name for name in json.loads((folder / engine.SEARCH_PARTS).read_text())["parts"])]
    assert len(parts) == 2
    assert sum(len(indexed_urls(part)) for part in parts) == pages + 2  # every page, and the word list in each


def test_the_engine_s_private_parts_are_those_of_the_pinned_release() -> None:
    """conversions.py reaches inside MkDocs (the one module that does): written against one release.
    Another release, or a name gone, fails here, loudly, while builds fall back to the engine's
    own commands (the next test)."""
    import mkdocs

    from briefing_site import conversions

    assert mkdocs.__version__ == conversions.PINNED, (
        f"MkDocs {mkdocs.__version__} is installed, conversions.py is written for {conversions.PINNED}: "
        "check its private parts (conversions.PRIVATE) against the new release, then update PINNED")
    assert conversions.missing_internals() == [], "MkDocs' private parts changed: update conversions.py"
    assert conversions.usable()


def test_the_private_parts_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_site import conversions

    monkeypatch.setitem(conversions.PRIVATE, ("mkdocs.livereload", "LiveReloadServer"), ("_gone_in_mkdocs_2",))
    assert conversions.missing_internals() == ["mkdocs.livereload.LiveReloadServer._gone_in_mkdocs_2"]
    assert not conversions.usable()


def test_without_its_private_parts_the_engine_builds_with_its_own_commands(
        project: pipeline.Project, monkeypatch: pytest.MonkeyPatch, build_cache: Path) -> None:
    from briefing_site import conversions

    monkeypatch.setattr(conversions, "usable", lambda: False)
    pipeline.build(project, TODAY, search=False, printouts=False)
    assert (project.site / "index.html").is_file() and (project.site / "uk" / "index.html").is_file()
    assert not (build_cache / "conversions").exists()  # nothing went through the wrapper
    command = engine.serve_command(project.config, 8123, build_cache / "conversions")
    assert command[1:4] == ["-m", "mkdocs", "serve"] and "127.0.0.1:8123" in command
