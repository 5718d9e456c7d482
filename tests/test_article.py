"""The seed article's every quotation, figure and actor is on the built site.

The expectations are read from the article itself (tests/data/kupiansk-article.txt, a copy
of the seed text): each quotation between curly quotes, with the speaker the article names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import SEED
from .sitetext import article_text, blocks

ARTICLE = (Path(__file__).parent / "data" / "kupiansk-article.txt").read_text(encoding="utf-8")

# Who says each quotation, as the article attributes it (first words → speaker's name on the site).
SPEAKERS = {
    "alleged presence of Russian troops": "General Staff of the Armed Forces of Ukraine",
    "They partially entered the suburbs": "Andriy Besedin",
    "There were assault actions": "Andriy Besedin",
    "However, a penetration like that": "Pasi Paroinen",
    "The president clearly expressed": "Michael Waltz",
    "even worse": "Sergei Lavrov",
    "If Ukraine stops fighting": "Kira Rudik",
    "If Russia stops fighting": "Kira Rudik",
}

# Figures and dates as the article states them, and the metric conversions we promise.
FIGURES = ["26,000", "3,000", "1.5 miles", "≈ 2.4 km", "four waves", "15 pieces of hardware",
           "50,000", "more than 800 miles", "≈ 1,290 km", "nearly three-year", "February 2022",
           "September 2022", "2014", "2015"]

ACTORS = ["Andriy Besedin", "Vitaly Ganchev", "Pasi Paroinen", "Volodymyr Zelensky", "Donald Trump",
          "Michael Waltz", "Sergei Lavrov", "Kira Rudik", "DeepState", "Black Bird Group", "Reuters",
          "Voice of America", "Telegram", "Kharkiv region", "Kursk region", "Donetsk region"]


def article_quotations() -> list[str]:
    """Every run of text between “ and ” in the article, without trailing commas."""
    return [q.rstrip(",") for q in re.findall(r"“([^”]+)”", ARTICLE)]


def test_the_article_has_the_quotations_we_expect() -> None:
    found = article_quotations()
    assert len(found) == len(SPEAKERS)
    for quote in found:
        assert any(quote.startswith(start) for start in SPEAKERS), quote


@pytest.mark.slow
@pytest.mark.parametrize("quotation", article_quotations())
def test_quotation_is_verbatim_next_to_its_speaker(built_site: Path, quotation: str) -> None:
    page = built_site / "briefings" / SEED / "index.html"
    speaker = next(name for start, name in SPEAKERS.items() if quotation.startswith(start))
    quote_blocks = [b for b in blocks(page, "quote") if quotation in b]
    assert quote_blocks, f"quotation not found verbatim on the briefing page: {quotation!r}"
    assert all(speaker in b for b in quote_blocks), f"{speaker!r} is not named beside {quotation!r}"


@pytest.mark.slow
@pytest.mark.parametrize("figure", FIGURES)
def test_figure_appears_on_the_briefing_page(built_site: Path, figure: str) -> None:
    text = article_text(built_site / "briefings" / SEED / "index.html")
    assert figure in text


@pytest.mark.slow
@pytest.mark.parametrize("actor", ACTORS)
def test_actor_appears_on_the_briefing_page(built_site: Path, actor: str) -> None:
    text = article_text(built_site / "briefings" / SEED / "index.html")
    assert actor in text


@pytest.mark.slow
def test_every_claim_and_quote_names_a_graded_source(built_site: Path) -> None:
    page = built_site / "briefings" / SEED / "index.html"
    for block in blocks(page, "claim-card"):
        assert "Source:" in block and re.search(r"\b[A-F]\b", block), block
    for block in blocks(page, "quote"):
        assert "Source:" in block, block
