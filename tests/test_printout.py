"""Print: each briefing as a PDF made at build time, read back with a PDF text extractor, and the
browser's own print of the same page, checked where the pages actually break."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from briefing_site import pipeline, printed

from . import pdftext
from .browsing import opened
from .conftest import SEED, TODAY
from .golden import in_a_fresh_process

pytestmark = pytest.mark.slow

PDF = f"briefings/{SEED}.pdf"


def briefing(project: pipeline.Project) -> Any:
    site, _ = pipeline.check(project, TODAY)
    return next(b for b in site.briefings if b.briefing.id == SEED)


def headings(project: pipeline.Project) -> list[str]:
    """The section headings of the briefing page, from its Markdown."""
    markdown = (project.docs / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    plain = [re.sub(r"\s*\{[^}]*\}$|<[^>]+>", "", line.lstrip("#").strip())  # no attributes, no tags
             for line in markdown.splitlines() if re.match(r"#{2,4} ", line)]
    return [re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line) for line in plain]


def test_every_briefing_has_a_pdf_linked_from_its_page(built_project: pipeline.Project) -> None:
    site = built_project.site
    for bundle in pipeline.check(built_project, TODAY)[0].briefings:
        pdf = site / "briefings" / f"{bundle.briefing.id}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
        page = (site / "briefings" / bundle.briefing.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../{bundle.briefing.id}.pdf"' in page, "the briefing page does not link its PDF"


def test_the_pdf_holds_every_quote_of_the_briefing_verbatim(built_project: pipeline.Project) -> None:
    text = pdftext.squeezed(pdftext.text((built_project.site / PDF).read_bytes()))
    quotes = briefing(built_project).quotes
    assert len(quotes) >= 5
    missing = [q.text for q in quotes if pdftext.squeezed(q.text) not in text]
    assert not missing, f"quotes missing from the PDF: {missing}"


def test_the_pdf_has_a_masthead_page_numbers_endnotes_and_metadata(built_project: pipeline.Project) -> None:
    pdf = (built_project.site / PDF).read_bytes()
    pages = pdftext.pages(pdf)
    head = briefing(built_project).briefing
    first = " ".join(line.text for line in pages[0][:3])
    assert "Ukraine War Briefings" in first and "15 November 2024" in first, first
    assert len(pages) >= 3
    for number, lines in enumerate(pages, start=1):
        assert lines[-1].text == f"{number} / {len(pages)}", f"page {number} ends with {lines[-1].text!r}"
    text = pdftext.text(pdf)
    assert "on its own, but known only through" in " ".join(text.split()), "a weakened grade's reason is not printed"
    # The bottom line on page 1; a running title (the site and the briefing's date) atop every later page.
    assert "Bottom line" in [line.text for line in pages[0]]
    for number, lines in enumerate(pages[1:], start=2):
        assert lines[0].text.startswith("Ukraine War Briefings · Briefing as of 15 November 2024"), (number, lines[0])
    # Nothing that only a screen can use: hovering, folding, links back, "in their words".
    squeezed = " ".join(text.split())
    assert not [words for words in ("hover", "in their words", "— details", "↩", "and back.") if words in squeezed]
    assert any(line.text.startswith("Notes") for page in pages for line in page)
    assert re.search(r"^1\. Source", text, re.M), "the endnotes are not numbered in the PDF"
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None and info.title == head.title


def test_no_heading_is_left_at_the_foot_of_a_pdf_page(built_project: pipeline.Project) -> None:
    pdf = (built_project.site / PDF).read_bytes()
    wanted = headings(built_project)
    assert pdftext.located(pdf, wanted) >= len(wanted) - 2, "the check cannot see the headings"
    assert pdftext.stranded_headings(pdf, wanted) == []


def test_the_stranded_heading_check_can_fail(project: pipeline.Project) -> None:
    """A page whose heading is forced to a page's foot, typeset for real, is caught."""
    planned, _ = pipeline.generate(project, TODAY)
    printer = pipeline.printer(project, planned)
    page = ('# A page\n\n<div style="height: 225mm"></div>\n\n## Left behind\n\n'
            '<p style="break-before: page">Its section starts on the next page.</p>\n\n## Kept\n\nWith its text.\n')
    pdf = printer(page, "briefings/x.md")
    assert pdftext.stranded_headings(pdf, ["Left behind", "Kept"]) == ["'Left behind' at the foot of page 1"]


def test_links_in_the_pdf_lead_to_the_published_site(built_project: pipeline.Project) -> None:
    reader = pypdf.PdfReader(io.BytesIO((built_project.site / PDF).read_bytes()))
    uris = [annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots", [])
            if "/URI" in annot.get_object().get("/A", {})]
    site_url = pipeline.site_info(built_project).url
    internal = [u for u in uris if u.startswith(site_url)]
    assert len(internal) >= 20, uris[:5]
    assert not [u for u in uris if ".md" in u or not re.match(r"https?://", u)], "a link is not a web address"
    assert f"{site_url}places/kupiansk/" in uris


def test_typesetting_fetches_nothing_and_reuses_what_it_made(project: pipeline.Project, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    planned, _ = pipeline.generate(project, TODAY)
    asked: list[str] = []

    def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(url)
        raise printed.PrintError(url)

    monkeypatch.setattr(printed, "_refuse", refuse)
    printer = pipeline.printer(project, planned)
    printer.cache = tmp_path / "cache"
    page = ('# A page\n\n<img src="https://example.invalid/x.png" alt="x">'
            ' <link rel="stylesheet" href="//a.invalid/s.css">')
    first = printer(page, "briefings/x.md")
    assert asked and all("invalid" in url for url in asked), asked
    monkeypatch.setattr(printed, "_typeset", None)  # typesetting again would fail
    assert printer(page, "briefings/x.md") == first


def test_an_unchanged_page_finds_its_pdf_without_converting_and_a_changed_map_typesets_again(
        project: pipeline.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned, _ = pipeline.generate(project, TODAY)
    printer = pipeline.printer(project, planned)
    printer.cache = tmp_path / "cache"
    path = f"briefings/{SEED}.md"
    page = (project.docs / path).read_text(encoding="utf-8")
    first = printer(page, path)
    converted: list[str] = []
    html = printer.html
    monkeypatch.setattr(printer, "html", lambda text, where: converted.append(where) or html(text, where))
    assert printer(page, path) == first and converted == []  # found by its sources alone
    shown_map = project.docs / f"briefings/{SEED}.svg"
    assert f"{SEED}.svg" in html(page, path), "the briefing shows no map"
    shown_map.write_text(shown_map.read_text(encoding="utf-8").replace("#dbe8f3", "#ffffff"), encoding="utf-8")
    assert printer(page, path) != first and converted == [path]


TYPESET = """
import hashlib, sys
from pathlib import Path
from briefing_site import pipeline
from tests.conftest import TODAY
project = pipeline.Project(Path(sys.argv[1]))
printer = pipeline.printer(project, pipeline.plan(project, pipeline.check(project, TODAY)[0]))
printer.cache = None
path = sys.argv[2]
print(hashlib.sha256(printer((project.docs / path).read_text(encoding="utf-8"), path)).hexdigest())
"""


def test_typesetting_is_reproducible(project: pipeline.Project) -> None:
    """The same PDF, byte for byte, typeset here and by a fresh process with another hash seed."""
    planned, _ = pipeline.generate(project, TODAY)
    printer = pipeline.printer(project, planned)
    printer.cache = None
    path = f"briefings/{SEED}.md"
    here = hashlib.sha256(printer((project.docs / path).read_text(encoding="utf-8"), path)).hexdigest()
    code = f"import sys; sys.argv = ['', {str(project.root)!r}, {path!r}]\n{TYPESET}"
    assert in_a_fresh_process(code, "4242").strip() == here


@pytest.mark.browser
def test_the_browsers_print_has_the_same_qualities(browser: Any, site_url: str,
                                                   built_project: pipeline.Project) -> None:
    with opened(browser, site_url + f"briefings/{SEED}/", media="print") as page:
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = pdftext.pages(pdf)
    assert "Ukraine War Briefings" in " ".join(line.text for line in pages[0][:2])
    assert [lines[-1].text for lines in pages] == [f"{n} / {len(pages)}" for n in range(1, len(pages) + 1)]
    wanted = headings(built_project)
    assert pdftext.located(pdf, wanted) >= len(wanted) - 2, "the check cannot see the headings"
    assert pdftext.stranded_headings(pdf, wanted) == []
    text = pdftext.squeezed(pdftext.text(pdf))
    assert all(pdftext.squeezed(q.text) in text for q in briefing(built_project).quotes)

