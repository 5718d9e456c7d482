"""Every page of the built site talks to its own host only, and runs without console errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browsing import html_pages, settled

pytestmark = pytest.mark.browser


@pytest.mark.long
def test_every_page_requests_its_own_host_only_and_logs_no_errors(
        browser: Any, site_url: str, built_site: Path) -> None:
    own = urlsplit(site_url).netloc
    pages = html_pages(built_site)
    assert len(pages) >= 35, pages
    foreign: list[str] = []
    errors: list[str] = []
    context = browser.new_context()

    def watch(tab: Any) -> None:  # each tab's messages, named by the page it shows
        tab.on("console", lambda m: m.type == "error" and errors.append(f"{tab.url}: {m.text}"))
        tab.on("pageerror", lambda e: errors.append(f"{tab.url}: {e}"))

    context.on("page", watch)
    context.on("request", lambda r: urlsplit(r.url).scheme not in {"data", "blob"} and urlsplit(r.url).netloc != own
               and foreign.append(f"{r.frame.page.url}: {r.url}"))
    try:
        paths = [*pages, "search/?q=Kupiansk"]
        for url, _tab, response in settled(context, [site_url + path for path in paths]):
            assert url.endswith("404.html") or (response is not None and response.ok), f"{url}: not served"
    finally:
        context.close()
    assert foreign == [], "requests to other hosts:\n" + "\n".join(foreign)
    assert errors == [], "console errors:\n" + "\n".join(errors)


def test_the_recorder_notices_a_foreign_request(browser: Any, site_url: str) -> None:
    """The check above can fail: a page that asks another host is caught by the same listener."""
    seen: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("http://fonts.example.invalid/**", lambda route: route.abort())
        page.on("request", lambda r: seen.append(r.url))
        page.goto(site_url, wait_until="networkidle")
        page.evaluate("() => { const l = document.createElement('link'); l.rel = 'stylesheet';"
                      " l.href = 'http://fonts.example.invalid/css'; document.head.appendChild(l); }")
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert "http://fonts.example.invalid/css" in seen
