"""Pages stay bounded as the record grows: a place, a person, a topic or an issue followed by every
briefing gets a first screen of its newest briefings and a page per year (per month in a busy year) for the rest; the
timeline lists an event once however many briefings repeat it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.plan import PAGE_LIMIT, RECENT

from .conftest import SEED, TODAY, copy_project
from .golden import render_pages
from .growth import copy_briefing
from .sitetext import indexed


def grown(tmp_path: Path, copies: int) -> pipeline.Project:
    """The fixture project with its briefing copied to `copies` more dates, one a day from 1 December 2024."""
    project = copy_project(tmp_path / f"grown-{copies}")
    for i in range(copies):
        copy_briefing(project.briefings, SEED, (dt.date(2024, 12, 1) + dt.timedelta(days=i)).isoformat(), f"copy-{i}")
    return project


def test_a_record_keeps_its_earlier_briefings_a_page_per_year_and_a_busy_year_a_page_per_month(
        tmp_path: Path) -> None:
    pages = render_pages(grown(tmp_path, 40))  # 41 briefings from 15 November 2024 to 9 January 2025
    place = pages["places/kupiansk.md"]
    shown = re.findall(r"^### \[", place, re.M)
    assert len(shown) == RECENT
    assert "Mentioned in 41 briefings" in place
    periods = re.findall(r"^- \[([\w ,]+)\]\(\.\./places/kupiansk/([\d-]+)\.md\) \((\d+) briefings?\)$", place, re.M)
    # Each briefing mentions Kupiansk 14 times: 2024's 32 briefings hold more than PAGE_LIMIT
    # mentions and get a page per month, December's 31 in three parts filled from the oldest with
    # whole briefings; 2025's nine fit on one page.
    assert PAGE_LIMIT // 14 == 14
    assert [(name, key, int(count)) for name, key, count in periods] == [
        ("2025", "2025", 9), ("December 2024, part 3", "2024-12-3", 3), ("December 2024, part 2", "2024-12-2", 14),
        ("December 2024", "2024-12", 14), ("November 2024", "2024-11", 1)]
    assert sum(int(count) for *_, count in periods) == 41
    for _, key, count in periods:
        page = pages[f"places/kupiansk/{key}.md"]
        assert len(re.findall(r"^### \[", page, re.M)) == int(count)
        assert "[Everything on Kupiansk](../../places/kupiansk.md)" in page
        assert "search:\n  exclude: true" in page  # the briefings hold these items in full
        assert len(re.findall(r"^- \*", page, re.M)) <= PAGE_LIMIT, key
    first_part = re.findall(r"^### \[.*\]\(\.\./\.\./briefings/([\w-]+)\.md\)$", pages["places/kupiansk/2024-12.md"],
                            re.M)
    assert first_part[-1] == "2024-12-01-copy-0"  # filled from the oldest,
    assert len(first_part) == PAGE_LIMIT // 14  # with whole briefings
    # A person quieter than the city: a page for each year.
    person = re.findall(r"\(\.\./people/besedin/([\d-]+)\.md\)", pages["people/besedin.md"])
    assert person == ["2025", "2024"]
    assert "search:" not in place  # the record's own page is found by search


def test_the_first_screen_does_not_grow_with_the_record(tmp_path: Path) -> None:
    small, large = render_pages(grown(tmp_path, 15)), render_pages(grown(tmp_path, 60))
    for page in ("places/kupiansk.md", "people/besedin.md", "organisations/general-staff-ua.md",
                 "topics/control-of-kupiansk.md", "diplomacy/freeze-front-line.md", "briefings/index.md"):
        assert len(large[page]) < len(small[page]) * 1.1, page  # a few more months listed, nothing else


def test_a_few_briefings_keep_everything_on_one_page() -> None:
    from .golden import fixture_pages

    pages = fixture_pages()
    assert "Earlier, by month" not in pages["places/kupiansk.md"]
    assert not any(re.fullmatch(r"places/kupiansk/\d{4}-\d{2}\.md", path) for path in pages)


def test_the_timeline_lists_an_event_once_however_many_briefings_repeat_it(tmp_path: Path) -> None:
    project = grown(tmp_path, 3)
    site, _ = pipeline.check(project, TODAY)
    timeline = render_pages(project)["timeline/index.md"]
    entries = re.findall(r"^- \*\*.*$", timeline, re.M)
    events = len(site.briefings[-1].situation.events) + len(site.briefings[-1].situation.background)
    assert len(entries) == events  # not four times as many
    newest = site.briefings[0].briefing.id
    assert all(f"../briefings/{newest}.md#" in entry and "and 3 earlier" in entry for entry in entries)


@pytest.mark.slow
@pytest.mark.long
def test_no_page_exceeds_300_kb_of_html_at_400_briefings_citing_one_city(tmp_path: Path) -> None:
    """The case readers on poor connections meet: a group following one front for a year."""
    project = grown(tmp_path, 399)
    pipeline.build(project, TODAY, search=False, printouts=False)  # pages, not PDFs, are measured here
    sizes = sorted(((p.stat().st_size, p.relative_to(project.site).as_posix()) for p in project.site.rglob("*.html")),
                   reverse=True)
    assert len(sizes) > 800
    assert sizes[0][0] <= 300 * 1024, sizes[:5]


def test_the_search_index_leaves_out_archive_pages_and_endnotes_and_holds_the_records_own_pages(tmp_path: Path) -> None:
    project = grown(tmp_path, 15)  # 16 briefings: Kupiansk's page shows 10, the rest on archive pages
    pipeline.build(project, TODAY, printouts=False)
    fragments = indexed(project.site / "pagefind")
    urls = {fragment["url"] for fragment in fragments}
    # A briefing's endnotes ("Source: … (publisher, date; graded F, …)") repeat its inline sources.
    assert "; graded " in (project.docs / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    assert not any("; graded " in fragment["content"] for fragment in fragments)
    archive = {f"/{page.parent.relative_to(project.site).as_posix()}/"
               for page in project.site.glob("places/kupiansk/*/index.html")}
    assert archive and not archive & urls
    newest = sorted(p.name for p in project.briefings.iterdir() if p.name != "registry")[-1]
    assert {"/places/kupiansk/", f"/briefings/{newest}/"} <= urls
