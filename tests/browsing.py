"""Helpers for the browser tests: open a page of the built site at a given width, wait until
it is idle, and list the site's pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PHONE = 375
DESKTOP = 1280
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@contextlib.contextmanager
def opened(browser: Any, url: str, width: int = DESKTOP, *, media: str | None = None) -> Iterator[Any]:
    """A fresh page (own context: no cache, no cookies) showing `url`, loaded (its styles, scripts
    and images). A test that needs what the page fetches after that waits for it by what it shows
    (the search page's data-search-ready, say), or with `settled`."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        if media:
            page.emulate_media(media=media)
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def settled(context: Any, urls: list[str], at_once: int = 8) -> Iterator[tuple[str, Any, Any]]:
    """Each of `urls` opened in a tab of `context`, once nothing has been fetched for half a second
    (Playwright's "networkidle": what a page asks for after it has loaded is asked by then), as
    (url, page, response). `at_once` tabs load side by side, so their quiet half-seconds overlap;
    each tab is closed once the caller is done with it."""
    for start in range(0, len(urls), at_once):
        tabs = []
        for url in urls[start:start + at_once]:
            page = context.new_page()
            tabs.append((url, page, page.goto(url, wait_until="commit")))
        for url, page, response in tabs:
            page.wait_for_load_state("networkidle")
            yield url, page, response
            page.close()


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

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)  # a browser that stops reading is no error

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
