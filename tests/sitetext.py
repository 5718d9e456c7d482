"""Reading the built site's HTML as a reader would see its text (no browser needed)."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from briefing_site import engine


class _Blocks(HTMLParser):
    """Collects the visible text of the page's article and of every element with a class."""

    def __init__(self, wanted_class: str | None):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted_class
        self.stack: list[bool] = []
        self.blocks: list[list[str]] = []
        self.depth_open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        starts = self.wanted is not None and self.wanted in classes
        self.stack.append(starts)
        if starts:
            self.blocks.append([])
            self.depth_open.append(len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link"} or not self.stack:
            return
        if self.depth_open and self.depth_open[-1] == len(self.stack):
            self.depth_open.pop()
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for i in range(len(self.depth_open)):
            self.blocks[len(self.blocks) - len(self.depth_open) + i].append(data)


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def blocks(page: Path, css_class: str) -> list[str]:
    """Visible text of every element with `css_class` on `page`."""
    parser = _Blocks(css_class)
    parser.feed(page.read_text(encoding="utf-8"))
    return [normalise(" ".join(b)) for b in parser.blocks]


def article_text(page: Path) -> str:
    """Visible text of the page's main content."""
    source = page.read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', source, re.S)
    body = match.group(1) if match else source
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return normalise(re.sub(r"<[^>]+>", " ", body))


VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Main(HTMLParser):
    """The headings and the visible text of a page's main content, whichever theme built it:
    Material's <article class="md-content__inner">, or the element with role="main" (MkDocs'
    built-in theme). Heading permalinks (¶) and the language switch are left out: they are the theme
    override's, not the page's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside the main content; 0 before and after it
        self.done = False
        self.skip = 0  # inside a permalink, a script or a style
        self.heading: list[str] | None = None
        self.headings: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        found = dict(attrs)
        if self.depth == 0:
            classes = (found.get("class") or "").split()
            if not self.done and ("md-content__inner" in classes or found.get("role") == "main"):
                self.depth = 1
            return
        self.depth += 1
        theirs = {"headerlink", "language-switch"} & set((found.get("class") or "").split())
        if self.skip or theirs or tag in {"script", "style"}:
            self.skip += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or self.depth == 0:
            return
        if self.skip:
            self.skip -= 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.heading is not None:
            self.headings.append(normalise(" ".join(self.heading)))
            self.heading = None
        self.depth -= 1
        self.done = self.done or self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.text.append(data)
            if self.heading is not None:
                self.heading.append(data)


def main_content(page: Path) -> tuple[list[str], str]:
    """(headings, text) of the page's main content, as a reader of any theme sees them."""
    parser = _Main()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.headings, normalise(" ".join(parser.text))


def indexed(folder: Path) -> list[dict[str, Any]]:
    """What one Pagefind index (a folder it wrote) holds of each page: its fragments, decoded, each
    with the id its search results give it (the fragment file's name)."""
    marker = b"pagefind_dcd"  # what a decompressed Pagefind fragment starts with, before its JSON
    return [{**json.loads(gzip.decompress(fragment.read_bytes())[len(marker):]),
             "id": fragment.name.removesuffix(".pf_fragment")}
            for fragment in (folder / "fragment").glob("*.pf_fragment")]


def indexed_urls(folder: Path) -> list[str]:
    """The addresses of the pages one Pagefind index holds."""
    return [fragment["url"] for fragment in indexed(folder)]


def english_copy(built_site: Path, folder: Path) -> Path:
    """The built English site without its search index, to index again."""
    site = folder / "site"
    shutil.copytree(built_site, site, ignore=lambda parent, names: [n for n in names if parent == str(built_site)
                                                                    and n in {"uk", engine.SEARCH_INDEX}])
    return site
