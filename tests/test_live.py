"""The preview's engine (briefing_site/live.py) reloads a browser only when the page it shows was
made again: while the preview writes the pages an edit touches, the page the editor has open is
not reloaded for each of the others."""

from __future__ import annotations

import concurrent.futures
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO, SEED, copy_project
from .test_scale import _fetch, _free_port, _wait_for


def _poll(port: int, page: str, epoch: int) -> int:
    """What a page's reload script asks: the epoch it answers (newer: reload)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/livereload/{epoch}/1",
                                     headers={"Referer": f"http://127.0.0.1:{port}/{page}"})
    with urllib.request.urlopen(request, timeout=90) as response:
        return int(response.read())


def _epoch(html: str) -> int:
    found = re.search(r"livereload\((\d+), \d+\)", html)
    assert found, "no reload script in the page"
    return int(found.group(1))


@pytest.mark.slow
def test_a_page_is_reloaded_when_it_is_made_again_not_when_another_is(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "serve",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(f"{base}briefings/{SEED}/", "Voice of America", process, timeout=180)
        about, briefing = _epoch(_fetch(f"{base}about/")), _epoch(_fetch(f"{base}briefings/{SEED}/"))
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            about_poll = pool.submit(_poll, port, "about/", about)
            briefing_poll = pool.submit(_poll, port, f"briefings/{SEED}/", briefing)
            time.sleep(1)
            quotes = project.briefings / SEED / "quotes.yaml"
            quotes.write_text(quotes.read_text(encoding="utf-8").replace(
                "context: Told Voice of America", "context: Freshly edited, told Voice of America"), encoding="utf-8")
            assert briefing_poll.result(timeout=120) > briefing  # its page was made again: reload
            assert _wait_for(f"{base}briefings/{SEED}/", "Freshly edited", process, timeout=30)
            time.sleep(2)  # the preview has written, and the engine made, every page the edit touched
            assert not about_poll.done(), "the About page was told to reload, but it was not made again"
            page = project.docs / "about.md"
            page.write_text(page.read_text(encoding="utf-8") + "\nA sentence saved during the preview.\n",
                            encoding="utf-8")
            assert about_poll.result(timeout=60) > about
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
