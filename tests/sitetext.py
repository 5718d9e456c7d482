"""Reading the built site's HTML as a reader would see its text (no browser needed)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


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
