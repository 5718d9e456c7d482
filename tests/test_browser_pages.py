"""The pages answer a reader's questions, on a desktop and on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .browsing import DESKTOP, PHONE, html_pages, opened
from .conftest import FIXTURE, SEED

pytestmark = pytest.mark.browser

BRIEFING = f"briefings/{SEED}/"


def claim_cards(page: Any) -> list[dict[str, Any]]:
    return list(page.eval_on_selector_all(".claim-card", """cards => cards.map(c => ({
        claimant: c.querySelector('.claimant a').textContent.trim(),
        text: c.innerText.replace(/\\s+/g, ' '),
        status: c.querySelector('.status-badge').textContent.trim(),
        box: c.getBoundingClientRect().toJSON(),
        board: c.closest('.claims-board').getBoundingClientRect().toJSON(),
        scroll: c.scrollWidth - c.clientWidth,
    }))"""))


def test_claims_board_sets_contested_claims_side_by_side(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + BRIEFING, DESKTOP) as page:
        cards = claim_cards(page)
    contested = next(c["board"] for c in cards if c["claimant"] == "Vitaly Ganchev")
    by_claimant = {c["claimant"]: c for c in cards if c["board"] == contested}
    staff = by_claimant["General Staff of the Armed Forces of Ukraine"]
    ganchev, deepstate = by_claimant["Vitaly Ganchev"], by_claimant["DeepState"]
    assert "full control" in staff["text"]
    assert "foothold on Kupiansk's outskirts" in ganchev["text"]
    assert "entire city is under Ukrainian control" in deepstate["text"]
    assert staff["box"]["y"] == ganchev["box"]["y"] and staff["box"]["x"] < ganchev["box"]["x"], "not side by side"
    for card in (staff, ganchev, deepstate):
        assert card["status"] in {"corroborated", "disputed", "confirmed", "unverified", "denied", "refuted"}
        assert "Source:" in card["text"] and re.search(r"credibility [1-6]: ", card["text"]), card["text"]
    claims = yaml.safe_load((FIXTURE / "briefings" / SEED / "situation.yaml").read_text(encoding="utf-8"))
    status = {c["claimant"]: c["status"] for c in claims["situation"]["claims"]}
    assert (ganchev["status"], deepstate["status"]) == (status["ganchev"], status["deepstate"])


@pytest.mark.parametrize("path", ["", BRIEFING, "diplomacy/", "people/besedin/", "timeline/", "search/?q=Kupiansk"])
def test_no_horizontal_scrolling_on_a_phone(browser: Any, site_url: str, path: str) -> None:
    with opened(browser, site_url + path, PHONE) as page:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
        wider = page.evaluate("""w => Array.from(document.querySelectorAll('article *'))
            .filter(e => e.getBoundingClientRect().right > w + 0.5 ||
                    e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 &&
                    getComputedStyle(e).overflowX !== 'visible')
            .map(e => e.tagName + '.' + e.className)""", PHONE)
    assert wider == [], f"elements wider than the screen or scrolling sideways: {wider[:5]}"


def test_claim_cards_fit_a_phone(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + BRIEFING, PHONE) as page:
        cards = claim_cards(page)
    assert cards
    for card in cards:
        assert card["box"]["x"] >= 0 and card["box"]["x"] + card["box"]["width"] <= PHONE, card["claimant"]
        assert card["box"]["width"] <= card["board"]["width"] + 0.5 and card["scroll"] <= 0, card["claimant"]


def test_every_matrix_cell_links_to_an_element_on_its_target_page(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + "diplomacy/", DESKTOP) as page:
        links = page.eval_on_selector_all(".matrix-table td a[href*='#']", "as => as.map(a => a.href)")
        issues = page.eval_on_selector_all(".matrix-table th", "ths => ths.length")
        assert issues >= 3 and len(links) >= 6
        for link in links:
            target, anchor = link.split("#", 1)
            page.goto(target, wait_until="load")
            assert page.evaluate("id => !!document.getElementById(id)", anchor), link


def test_timeline_spans_briefings_in_date_order(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + "timeline/", DESKTOP) as page:
        years = page.eval_on_selector_all("article h2", "hs => hs.map(h => parseInt(h.textContent)).filter(n => n > 0)")
        entries = page.eval_on_selector_all("article li .sources a", "as => as.map(a => a.getAttribute('href'))")
    assert years == sorted(years, reverse=True) and len(years) >= 3, years
    assert entries and all(f"{SEED}/#" in href for href in entries)


@pytest.mark.parametrize("path", ["", BRIEFING])
def test_key_figures_show_metric_conversions(browser: Any, site_url: str, path: str) -> None:
    for width in (DESKTOP, PHONE):
        with opened(browser, site_url + path, width) as page:
            folded = page.locator("details:has(.figures-table) > summary")
            if folded.count():  # on a briefing the section is folded: a reader opens it
                folded.click()
            text = page.inner_text(".figures-table")
        assert "1.5 miles (≈ 2.4 km)" in text, width
        assert "800 miles (≈ 1,290 km)" in text, width


def test_every_page_has_an_as_of_line_and_a_citation(browser: Any, site_url: str, built_site: Path) -> None:
    pages = [p for p in html_pages(built_site) if not p.endswith("404.html")]
    assert len(pages) >= 60 and any(p.startswith("uk/") for p in pages)
    with opened(browser, site_url, DESKTOP) as page:
        for path in pages:
            page.goto(site_url + path, wait_until="load")
            meta = page.locator(".page-meta")
            assert meta.count() == 1, f"/{path}: {meta.count()} as-of lines"
            text = meta.inner_text()
            as_of, cite = ((r"Станом на \d{1,2} [а-яії]+ \d{4}\.", "Цитуйте цю сторінку так:") if path.startswith("uk/")
                           else (r"As of \d{1,2} [A-Z][a-z]+ \d{4}\.", "Cite this page:"))
            assert re.search(as_of, text), f"/{path}: {text!r}"
            assert cite in text and text.rstrip(".").endswith("/" + path), f"/{path}: {text!r}"
