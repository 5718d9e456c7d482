"""Reach: the site's feeds and open data, read back by the parsers a reader's tools use."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest

from briefing_site import pipeline

from .conftest import SEED, TODAY, copy_project
from .golden import render_pages

pytestmark = pytest.mark.slow


def test_the_site_feed_is_valid_atom_with_absolute_links_and_dates_from_the_data(
        built_project: pipeline.Project) -> None:
    feed = feedparser.parse((built_project.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.id == entry.link == f"http://127.0.0.1:8000/briefings/{SEED}/"
    assert entry.updated.startswith("2024-11-15") and entry.published.startswith("2024-11-15")
    assert entry.title.startswith("Russian troops briefly breach")
    assert "<strong>full control</strong>" in entry.content[0].value
    home = (built_project.site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and 'href="feed.xml"' in home


def test_every_topic_and_place_has_a_feed_linked_from_its_page(built_project: pipeline.Project) -> None:
    for page in ("topics/control-of-kupiansk", "places/kupiansk"):
        feed = feedparser.parse((built_project.site / f"{page}.xml").read_bytes())
        assert not feed.bozo and [e.link for e in feed.entries] == [f"http://127.0.0.1:8000/briefings/{SEED}/"]
        html = (built_project.site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="../{page.split("/")[1]}.xml"' in html


def test_the_record_validates_against_its_schema_and_carries_a_licence(built_project: pipeline.Project) -> None:
    data = json.loads((built_project.site / "data" / "record.json").read_text(encoding="utf-8"))
    schema = json.loads((built_project.site / "data" / "record.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["version"] == 1 and "CC BY 4.0" in data["licence"]
    assert [b["briefing"]["id"] for b in data["briefings"]] == [SEED]
    assert len(data["registry"]["sources"]) >= 10


def test_the_tables_hold_one_row_per_item_with_its_address_on_the_site(built_project: pipeline.Project) -> None:
    site, _ = pipeline.check(built_project, TODAY)
    bundle = site.briefings[0]
    counts = {"claims": len(bundle.situation.claims), "quotes": len(bundle.quotes),
              "figures": len(bundle.situation.figures), "control": len(bundle.situation.control)}
    page = (built_project.site / "briefings" / SEED / "index.html").read_text(encoding="utf-8")
    for kind, count in counts.items():
        data = (built_project.site / "data" / f"{kind}.csv").read_bytes()
        assert data.startswith("\ufeff".encode()), "no byte-order mark: spreadsheets misread Cyrillic"
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == count, kind
        for row in rows:
            anchor = row["url"].split("#")[1]
            assert f'id="{anchor}"' in page, (kind, anchor)
    listing = (built_project.site / "data" / "index.html").read_text(encoding="utf-8")
    linked = {urljoin("/data/", href) for href in re.findall(r'href="([^"]+)"', listing)}
    assert {"/data/record.json", "/data/claims.csv", "/data/record.schema.json"} <= linked


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    situation = project.briefings / SEED / "situation.yaml"
    text = situation.read_text(encoding="utf-8")
    statement = re.search(r"^      statement: >-\n(?:        .*\n)+", text, re.M)
    assert statement is not None
    situation.write_text(text.replace(statement.group(0), "      statement: '=HYPERLINK(\"http://x\";\"y\")'\n", 1),
                         encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(render_pages(project)["data/claims.csv"])))
    assert rows[0]["statement"] == "'=HYPERLINK(\"http://x\";\"y\")"
    assert rows[0]["credibility"].isdigit()  # numbers stay numbers


def test_the_built_briefing_carries_its_structured_data_intact(built_project: pipeline.Project) -> None:
    page = (built_project.site / "briefings" / SEED / "index.html").read_text(encoding="utf-8")
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    article = json.loads(found)["@graph"][0]
    assert article["@type"] == "NewsArticle" and article["headline"].startswith("Russian troops briefly breach")
    assert article["url"] == f"http://127.0.0.1:8000/briefings/{SEED}/"


# --- metadata for search engines and messengers ---------------------------------------------------


def test_the_sitemap_dates_each_page_by_its_own_data_and_names_its_translation(built_project: pipeline.Project) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_project.site / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    site, _ = pipeline.check(built_project, TODAY)
    for bundle in site.briefings:  # a briefing's date: its as-of, or the latest correction or later update
        loc = f"http://127.0.0.1:8000/briefings/{bundle.briefing.id}/"
        lastmod = entries[loc].findtext("s:lastmod", namespaces=ns)
        assert lastmod is not None and bundle.briefing.as_of.isoformat() <= lastmod, (loc, lastmod)
    dates = {url.findtext("s:lastmod", namespaces=ns) for url in entries.values()}
    assert len(dates) >= len(site.briefings), "every page carries the same date"
    oldest = entries[f"http://127.0.0.1:8000/briefings/{site.briefings[-1].briefing.id}/"]
    alternates = {link.get("hreflang"): link.get("href") for link in oldest.findall("x:link", ns)}
    assert alternates == {"en": f"http://127.0.0.1:8000/briefings/{site.briefings[-1].briefing.id}/",
                          "uk": f"http://127.0.0.1:8000/uk/briefings/{site.briefings[-1].briefing.id}/"}
    robots = (built_project.site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots.splitlines()


def test_titles_are_unique_and_previews_take_the_pages_own_title(built_project: pipeline.Project) -> None:
    site = built_project.site
    home = (site / "index.html").read_text(encoding="utf-8")
    name = re.search(r"<title>([^<]*)</title>", home).group(1)  # type: ignore[union-attr]
    assert name == "Ukraine War Briefings"
    titles = {}
    for page in ("", f"briefings/{SEED}/", "places/kupiansk/", "about/"):
        text = (site / page / "index.html").read_text(encoding="utf-8")
        titles[page] = re.search(r"<title>([^<]*)</title>", text).group(1)  # type: ignore[union-attr]
        og = re.search(r'<meta property="og:title" content="([^"]*)"', text).group(1)  # type: ignore[union-attr]
        assert og != "Home" and og in titles[page], (page, og)
    assert len(set(titles.values())) == len(titles)
