"""A briefing prints cleanly on A4 from Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .browsing import opened
from .conftest import SEED

pytestmark = pytest.mark.browser

# A4 in CSS pixels (96 per inch): 210 × 297 mm.
A4_WIDTH, A4_HEIGHT = 794, 1123
BRIEFING = f"briefings/{SEED}/"


def pdf_page_count(pdf: bytes) -> int:
    """Page objects in the PDF (`/Type /Page`, not the `/Type /Pages` tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_pdf_page_count_is_sane(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + BRIEFING) as page:
        pdf = page.pdf(format="A4", print_background=True)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_WIDTH, "height": A4_HEIGHT})
        height = page.evaluate("document.scrollingElement.scrollHeight")
    assert pdf.startswith(b"%PDF")
    pages = pdf_page_count(pdf)
    expected = height / A4_HEIGHT
    assert 2 <= pages <= 30, pages
    assert expected * 0.7 <= pages <= expected * 1.6 + 2, f"{pages} pages for {height}px of printed content"


def test_pdf_page_count_reads_page_objects_only() -> None:
    pdf = b"<< /Type /Pages /Kids [1 0 R 2 0 R] >> << /Type /Page >> << /Type/Page/Parent 3 0 R >>"
    assert pdf_page_count(pdf) == 2


def test_print_layout_keeps_claim_cards_whole_and_inside_the_page(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + BRIEFING, A4_WIDTH, media="print") as page:
        page.set_viewport_size({"width": A4_WIDTH, "height": A4_HEIGHT})
        chrome = page.eval_on_selector_all(".md-header, .md-tabs, .md-sidebar, .md-footer, .site-search",
                                           "els => els.filter(e => e.getClientRects().length > 0).length")
        cards = page.eval_on_selector_all(".claim-card", """cards => cards.map(c => ({
            id: c.id, breakInside: getComputedStyle(c).breakInside,
            box: c.getBoundingClientRect().toJSON(),
            board: c.closest('.claims-board').getBoundingClientRect().toJSON(),
        }))""")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert chrome == 0, "site navigation is printed"
    assert scroll_width <= A4_WIDTH, "the printed page is wider than A4"
    assert len(cards) >= 6
    for card in cards:
        assert card["breakInside"] == "avoid", f"{card['id']} may be split across pages"
        assert card["box"]["height"] < A4_HEIGHT * 0.8, f"{card['id']} is too tall to fit on one page"
        assert card["box"]["right"] <= A4_WIDTH and card["board"]["right"] <= A4_WIDTH, f"{card['id']} is cut off"
