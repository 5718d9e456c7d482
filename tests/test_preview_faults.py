"""The live preview outlives ordinary mistakes: it reports each, keeps serving the last good site,
and picks up the fix. End to end: `build.py serve` on a fixture project, edits made while it runs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_site import pipeline

from .conftest import REPO, SEED, copy_project
from .test_scale import _fetch, _free_port, _wait_for

pytestmark = pytest.mark.slow


class Preview:
    def __init__(self, project: pipeline.Project, log: Path, port: int):
        self.project, self.log_path, self.port = project, log, port
        self.url = f"http://127.0.0.1:{port}/briefings/{SEED}/"
        self.log = log.open("wb")
        self.temporary = log.parent / f"temporary-{log.stem}"  # where its engine makes the site
        self.temporary.mkdir()
        self.process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root),
                                         "serve", "--port", str(port)], stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, "TMPDIR": str(self.temporary)})

    def left_behind(self, timeout: float = 30) -> list[str]:
        """What is still in its temporary folder once its engine has had `timeout` to clean up."""
        deadline = time.monotonic() + timeout
        while any(self.temporary.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
        return sorted(path.name for path in self.temporary.iterdir())

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_output(self, needle: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.output():
            assert self.process.poll() is None, "the preview exited:\n" + self.output()
            assert time.monotonic() < deadline, f"{needle!r} never printed:\n" + self.output()
            time.sleep(0.2)

    def shows(self, needle: str, timeout: float = 120) -> bool:
        return _wait_for(self.url, needle, self.process, timeout)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    running = Preview(copy_project(tmp_path / "project"), tmp_path / "serve.log", _free_port())
    try:
        assert running.shows("Voice of America", timeout=180), "the preview never came up:\n" + running.output()
        yield running
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)
        running.log.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_survives_faults_and_recovers(preview: Preview) -> None:
    project = preview.project
    template = project.templates / "briefing.md.j2"
    good_template = template.read_text(encoding="utf-8")
    # 1. a template syntax error: reported with its place, the last good site stays up
    template.write_text(good_template.replace("{% if quote.context %}", "{% if quote.context %", 1),
                        encoding="utf-8")
    preview.wait_for_output("preview not updated until the template is fixed")
    assert "Voice of America" in _fetch(preview.url)
    template.write_text(good_template, encoding="utf-8")
    # 2. a YAML edit that checks clean afterwards: the fix is picked up
    quotes = project.briefings / SEED / "quotes.yaml"
    edit(quotes, "context: Told Voice of America", "context: After the template fix, told Voice of America")
    assert preview.shows("After the template fix"), preview.output()
    # 3. briefings/ disappears for two seconds, as during a git checkout
    aside = project.root / "briefings-aside"
    project.briefings.rename(aside)
    time.sleep(2)
    aside.rename(project.briefings)
    edit(quotes, "After the template fix", "After the checkout")
    assert preview.shows("After the checkout"), preview.output()
    # 4. a FIFO and a link to /dev/zero under briefings/: refused, never read
    os.mkfifo(project.briefings / SEED / "extra.yaml")
    (project.briefings / SEED / "zero.yaml").symlink_to("/dev/zero")
    edit(quotes, "After the checkout", "With a FIFO around")
    preview.wait_for_output("unknown file name")
    (project.briefings / SEED / "extra.yaml").unlink()
    (project.briefings / SEED / "zero.yaml").unlink()
    edit(quotes, "With a FIFO around", "After the FIFO")
    assert preview.shows("After the FIFO"), preview.output()
    # 5. mkdocs.yml invalid at the moment of a save, then fixed
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\nnav: [\n", encoding="utf-8")
    time.sleep(3)
    project.config.write_text(config, encoding="utf-8")
    edit(quotes, "After the FIFO", "After the config fix")
    assert preview.shows("After the config fix", timeout=180), preview.output()
    assert "Traceback" not in preview.output().split("serving on")[1]


def test_a_second_preview_on_a_busy_port_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "serve",
                                 "--port", str(port)], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert f"port {port} is already in use" in result.stderr and "Traceback" not in result.stderr
    shutil.rmtree(project.root)


def test_a_killed_preview_does_not_leave_the_engine_holding_the_port(preview: Preview, tmp_path: Path) -> None:
    """SIGKILL gives the preview no chance to stop its engine; the kernel stops it (PR_SET_PDEATHSIG), so
    the port is free again and the next preview starts."""
    preview.process.kill()
    preview.process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # closing connections do not count
            try:
                probe.bind(("127.0.0.1", preview.port))
                probe.listen()
                break
            except OSError:
                assert time.monotonic() < deadline, "the engine still holds the port after its preview was killed"
                time.sleep(0.2)
    assert preview.left_behind() == []  # the engine, stopped by the kernel, removed its site folder
    again = Preview(preview.project, tmp_path / "again.log", preview.port)
    try:
        assert again.shows("Voice of America", timeout=180), again.output()
    finally:
        again.process.terminate()
        again.process.wait(timeout=30)
        again.log.close()
    assert again.left_behind() == []


def test_the_open_page_shows_an_edit_without_being_reloaded_by_hand(preview: Preview, browser: Any) -> None:
    """What an editor sees: the briefing open in the browser, a quote saved, the new words on the
    page (the engine's server reloads it once the page is made again)."""
    page = browser.new_page()
    loads: list[str] = []  # each time the page was (re)loaded, by anyone
    page.on("load", lambda: loads.append(page.url))

    def appears(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if page.get_by_text(text).count():
                return True
            page.wait_for_timeout(200)
        return False

    try:
        page.goto(preview.url, wait_until="load")  # not "networkidle": the reload script polls the server
        assert loads == [preview.url]  # loaded once, by the test
        quotes = preview.project.briefings / SEED / "quotes.yaml"
        edit(quotes, "context: Told Voice of America", "context: Saved while the page was open, told Voice of America")
        assert appears("Saved while the page was open"), "the saved words never reached the open page"
        edit(quotes, "Saved while the page was open", "Saved a second time")
        assert appears("Saved a second time"), "the second save never reached the open page"
        assert not page.get_by_text("Saved while the page was open").count()
    finally:
        page.close()
    # Nobody reloaded it but the engine: once per save, the same page each time.
    assert loads == [preview.url] * 3, loads
