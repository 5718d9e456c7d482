"""Helpers for the browser tests: open a page of the built site at a given width, wait until
it is idle, and list the site's pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PHONE = 375
DESKTOP = 1280
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@contextlib.contextmanager
def opened(browser: Any, url: str, width: int = DESKTOP, *, media: str | None = None) -> Iterator[Any]:
    """A fresh page (own context: no cache, no cookies) showing `url`, idle."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        if media:
            page.emulate_media(media=media)
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        context.close()


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to the site root ('' for home)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 for the duration of the block."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
