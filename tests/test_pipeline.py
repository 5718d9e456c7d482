"""The pipeline end to end on the fixture project: check, render, write, real build."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.index import build_index
from briefing_site.plan import GENERATED_DIRS
from briefing_site.write import write

from .conftest import FIXTURE, REPO, SEED, TODAY


def test_fixture_briefings_check_clean() -> None:
    site, warnings = pipeline.check(pipeline.Project(FIXTURE), TODAY)
    assert [b.briefing.id for b in site.briefings] == [SEED]
    assert warnings == []


@pytest.mark.slow
def test_build_produces_every_kind_of_page(built_site: Path) -> None:
    expected = ["index.html", f"briefings/{SEED}/index.html", "briefings/index.html", "people/besedin/index.html",
                "organisations/deepstate/index.html", "places/kupiansk/index.html", "quotes/index.html",
                "timeline/index.html", "diplomacy/index.html", "sources/index.html", "search/index.html",
                "about/index.html", "methodology/index.html", "contributing/index.html",
                "pagefind/pagefind-ui.js"]
    missing = [rel for rel in expected if not (built_site / rel).is_file()]
    assert missing == []


@pytest.mark.slow
def test_build_command_runs_mkdocs_strict_and_exits_zero(project: pipeline.Project) -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (project.site / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_regenerating_unchanged_content_rewrites_nothing(project: pipeline.Project) -> None:
    _, first = pipeline.generate(project, TODAY)
    stamps = {rel: (project.docs / rel).stat().st_mtime_ns for rel in first.written}
    _, second = pipeline.generate(project, TODAY)
    assert second.written == [] and second.removed == []
    assert second.unchanged == len(first.written)
    assert {rel: (project.docs / rel).stat().st_mtime_ns for rel in first.written} == stamps


def test_an_edit_rewrites_only_the_pages_it_changes(project: pipeline.Project) -> None:
    pipeline.generate(project, TODAY)
    quotes = project.briefings / SEED / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace(
        "context: Told Voice of America", "context: Said to Voice of America"), encoding="utf-8")
    _, report = pipeline.generate(project, TODAY)
    # The briefing page and its PDF, and the open data, which holds the quote's context too.
    assert report.written == [f"briefings/{SEED}.md", f"briefings/{SEED}.pdf", "data/record.json"]


def test_pages_no_longer_rendered_are_removed_and_hand_written_ones_kept(project: pipeline.Project) -> None:
    pipeline.generate(project, TODAY)
    report = write({"index.md": (project.docs / "index.md").read_text(encoding="utf-8")}, project.docs)
    assert f"briefings/{SEED}.md" in report.removed
    assert list((project.docs / "briefings").glob("*.md")) == []
    assert (project.docs / "about.md").is_file() and (project.docs / "search.md").is_file()


def test_generated_paths_are_ignored_by_git() -> None:
    """Every folder the writer owns (a new page kind adds one) and the built site are ignored."""
    ignored = ["docs/index.md", "site/index.html", *(f"docs/{folder}/any.md" for folder in GENERATED_DIRS)]
    result = subprocess.run(["git", "check-ignore", *ignored], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.stdout.split() == ignored
    kept = ["docs/about.md", "docs/search.md", "docs/assets/briefing.css"]
    result = subprocess.run(["git", "check-ignore", *kept], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.stdout.split() == []


def test_publishers_are_listed_where_their_sources_are_cited() -> None:
    site, _ = pipeline.check(pipeline.Project(FIXTURE), TODAY)
    index = build_index(site)
    cited = {(m.kind, m.item.key) for m in index.mentions["black-bird-group"]}
    assert ("cited", "paroinen-penetration") in cited
    # Ganchev publishes the statement behind his own claim: the claim is listed once, not twice.
    keys = [m.item.key for m in index.mentions["ganchev"]]
    assert keys.count("ganchev-foothold") == 1


@pytest.mark.slow
def test_build_reports_warnings_as_check_does(project: pipeline.Project) -> None:
    people = project.briefings / "registry" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n  - id: unused-person\n    name: Unused Person\n"
                      "    role: Spokesperson\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build",
                             "--no-search", "--format", "github"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::warning file=briefings/registry/people.yaml,line=")
    assert "person 'unused-person' is not referred to by any briefing" in result.stdout
    assert "1 warning(s)" in result.stderr


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:8000/", "http://localhost/briefings/"])
def test_a_published_build_needs_a_real_address(project: pipeline.Project, url: str) -> None:
    env = {**os.environ, "SITE_URL": url}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build",
                             "--publish", "--no-search"], capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 2
    assert "a published build needs the site's address" in result.stderr and "SITE_URL" in result.stderr
    assert not project.site.exists() and not (project.docs / "index.md").exists()  # nothing was built


@pytest.mark.slow
def test_a_local_build_says_it_is_local_and_a_published_one_uses_its_address(project: pipeline.Project) -> None:
    """…and each build says how large the site is against its host's limit, warning from 80 % of it
    (here a tiny limit: the fixture's site is about 7 MB)."""
    run = [sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build", "--no-search"]
    local = subprocess.run(run, capture_output=True, text=True, check=False,
                           env={k: v for k, v in os.environ.items() if k != "SITE_URL"})
    assert local.returncode == 0 and "this build is for viewing on this machine" in local.stderr
    size = pipeline.site_size(project.site)
    assert f"site size: {size / 1e6:,.1f} MB, {size / 1e9:.0%} of the host's limit of 1,000 MB" in local.stderr
    assert "warning: the site has reached" not in local.stderr
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config.replace("\nextra:\n", f"\nextra:\n  size_limit_mb: {size / 1e6 * 1.1:.3f}\n", 1),
                              encoding="utf-8")
    published = subprocess.run([*run, "--publish"], capture_output=True, text=True, check=False,
                               env={**os.environ, "SITE_URL": "https://example.org/briefings/"})
    assert published.returncode == 0 and "viewing on this machine" not in published.stderr
    assert "warning: the site has reached 9" in published.stderr and "hint: " in published.stderr
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert "https&#58;//example.org/briefings/" in home or "https://example.org/briefings/" in home
    assert "127.0.0.1" not in home


# --- metadata: titles, descriptions and structured data ----------------------------------------------------


def _front_matter(page: str) -> dict[str, str]:
    import yaml

    assert page.startswith("---\n")
    return dict(yaml.safe_load(page.split("---\n")[1]))


def _json_ld(page: str) -> dict[str, object]:
    import json
    import re

    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    return dict(json.loads(found))


def test_every_page_has_a_title_and_a_description_from_its_content() -> None:
    from .golden import fixture_pages

    pages = {path: text for path, text in fixture_pages().items() if path.endswith(".md")}
    for path, text in pages.items():
        meta = _front_matter(text)
        assert meta["title"] and meta["description"], path
    assert _front_matter(pages["people/besedin.md"]) == {
        "title": "Andriy Besedin", "description": "Head of the Kupiansk City Military Administration, Ukraine",
        "lastmod": datetime.date(2024, 11, 15)}  # for the sitemap: the newest briefing it draws on
    briefing = _front_matter(pages[f"briefings/{SEED}.md"])
    assert briefing["title"].startswith("Russian troops briefly breach") and "**" not in briefing["description"]


def test_a_briefing_carries_a_news_article_and_reviews_of_its_settled_claims(tmp_path: Path) -> None:
    from .conftest import copy_project
    from .golden import render_pages

    project = copy_project(tmp_path / "project")
    situation = project.briefings / SEED / "situation.yaml"
    text = situation.read_text(encoding="utf-8")
    situation.write_text(text.replace("      status: unverified\n", "      status: refuted\n", 1), encoding="utf-8")
    data = _json_ld(render_pages(project)[f"briefings/{SEED}.md"])
    article, *reviews = data["@graph"]  # type: ignore[misc]
    assert data["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    assert article["datePublished"] == "2024-11-15" and article["url"].startswith("http")
    assert article["headline"].startswith("Russian troops briefly breach")
    assert [r["@type"] for r in reviews] == ["ClaimReview"]
    (review,) = reviews
    assert review["reviewRating"]["alternateName"] == "refuted" and review["reviewRating"]["ratingValue"] == 1
    assert review["url"].startswith(article["url"] + "#claim-") and review["itemReviewed"]["author"]["name"]


def test_structured_data_cannot_end_its_script_element(tmp_path: Path) -> None:
    import html

    from .conftest import copy_project
    from .golden import render_pages

    project = copy_project(tmp_path / "project")
    head = project.briefings / SEED / "briefing.yaml"
    hostile = "</script><script>alert(1)</script> & <!--"
    text = head.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  title:"))
    head.write_text(text.replace(title, f"  title: '{hostile}'"), encoding="utf-8")
    page = render_pages(project)[f"briefings/{SEED}.md"]
    script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script and "&" not in script
    assert _json_ld(page)["@graph"][0]["headline"] == hostile  # type: ignore[index]
    assert _front_matter(page)["title"] == html.escape(hostile)  # the theme prints it unescaped into <title>
