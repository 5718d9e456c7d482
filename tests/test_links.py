"""Every internal link and #anchor in the built site resolves (pure Python over site/**/*.html)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.slow

BASE = "http://site.local/"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(str(values[key]))
        for key in ("href", "src"):
            if values.get(key) and not (tag == "link" and values.get("rel") in {"canonical", "alternate"}):
                self.links.append(str(values[key]))


def parse(file: Path) -> _Page:
    page = _Page()
    page.feed(file.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> list[str]:
    pages = {f: parse(f) for f in sorted(site.rglob("*.html"))}
    problems = []
    for file, page in pages.items():
        here = BASE + file.relative_to(site).as_posix()
        for link in page.links:
            url = urlsplit(urljoin(here, link))
            if f"{url.scheme}://{url.netloc}/" != BASE:
                continue  # external links are not followed (the site may not fetch them)
            target = target_file(site, url.path)
            if target is None:
                problems.append(f"{file.relative_to(site)}: {link} (no such file)")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(url.fragment) not in ids:
                    problems.append(f"{file.relative_to(site)}: {link} (no element #{url.fragment})")
    return problems


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    assert len(list(built_site.rglob("*.html"))) >= 35
    problems = broken_links(built_site)
    assert problems == [], "\n".join(problems)


def test_the_link_check_finds_a_broken_anchor_and_a_missing_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<p id="here"><a href="a/#there">x</a><a href="#here">y</a>'
                                         '<a href="gone/">z</a><a href="https://example.org/">w</a></p>')
    (tmp_path / "a" / "index.html").write_text('<h1 id="elsewhere">A</h1><a href="../#here">back</a>')
    assert broken_links(tmp_path) == ["index.html: a/#there (no element #there)", "index.html: gone/ (no such file)"]
