"""The engine adapter: the default build is MkDocs with Material; the same generated Markdown
builds with MkDocs' own built-in theme into the same pages (headings and text), with search."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_site import engine, pipeline

from .conftest import TODAY, copy_project
from .engine_check import differences


@pytest.mark.slow
def test_the_generated_pages_read_the_same_without_material(tmp_path: Path) -> None:
    material, plain = copy_project(tmp_path / "material"), copy_project(tmp_path / "plain")
    compared, problems = differences(material, plain)
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


def test_an_unknown_theme_is_refused(project: pipeline.Project) -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        pipeline.build(project, TODAY, theme="readthedocs")
