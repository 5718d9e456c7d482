"""The engine's side of `build.py serve`: MkDocs' development server and browser reload, rebuilding
only the pages the preview says it wrote.

`mkdocs serve --dirty` polls every file under docs/ twice a second (17,000 at 1,000 briefings, with
the translation's Markdown) and, after a change, gathers every file, the navigation and the
sitemap again before it rebuilds the changed pages: seconds a save at that size. The preview
(serve.py) knows what it wrote: it tells this process on its standard input, one JSON line per
update, and this process makes those pages again with the files, navigation and theme of its
last full build (what it takes of the engine's inside is in conversions.py, the one module that
touches MkDocs' private parts).

A line is `{"written": [paths under docs/], "removed": [...]}` or `{"all": true}`. A page removed
or added, or a path the last build did not have, makes a full build, as `mkdocs serve --dirty`
would make; so does `{"all": true}`. Changes to mkdocs.yml or the theme restart this process
(serve.py does it): they change what every page is made with. Conversions go through the cache
`build.py build` fills (conversions), so the first build after a build converts nothing. The
standard input closing (the preview gone) stops the server.

    python -m briefing_site.live CACHE_FOLDER CONFIG_FILE HOST:PORT
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands import build as command
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import conversions
from .conversions import Kept, Server, wake

log = logging.getLogger("mkdocs.live")
DOWNLOADS = (".json", ".csv", ".xml", ".pdf")  # files readers open or download, not shown inside a page


class Live:
    """The server, what its last full build kept, and the changes waiting to be built."""

    def __init__(self, config_file: str, host: str, port: int, site_dir: str):
        self.site_dir = site_dir
        self.config = load_config(config_file=config_file, site_dir=self.site_dir, strict=False)
        mount = urlsplit(self.config.site_url or "/").path or "/"
        self.config.site_url = self.url = f"http://{host}:{port}{mount}"  # as `mkdocs serve` sets it
        self.kept = Kept()
        self.lock = threading.Lock()
        self.pending: set[str] = set()
        self.everything = False
        self.server = Server(builder=self.build, host=host, port=port, root=self.site_dir, mount_path=mount)
        self.server.error_handler = self.error_page

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def full_build(self, dirty: bool) -> None:
        command.build(self.config, serve_url=self.url, dirty=dirty)
        self.server.built(None)

    def build(self) -> None:
        """Called by the server's build loop after `want`: the pages waiting, or everything."""
        with self.lock:
            paths, everything = sorted(self.pending), self.everything
            self.pending, self.everything = set(), False
        if not paths and not everything:
            return  # woken by the watch on mkdocs.yml (see main): the preview restarts this process
        started = time.perf_counter()
        if not everything and self.rebuild(paths):
            log.info("Rebuilt %d page(s) in %.0f ms", len(paths), (time.perf_counter() - started) * 1000)
            return
        log.info("Building documentation...")
        self.full_build(dirty=True)

    def rebuild(self, paths: list[str]) -> bool:
        """Make `paths` (under docs/) again; False if a full build is needed instead."""
        files, config = self.kept.files, self.config
        if files is None:
            return False
        found = [files.get_file_from_path(path) for path in paths]
        if any(file is None or (file.is_documentation_page() and file.page is None) for file in found):
            return False  # a file the last build did not have, or did not make (excluded in mkdocs.yml)
        pages = [file for file in found if file.is_documentation_page()]
        for file in pages:
            self.kept.populate(file.page, config, files)
        for file in found:
            if file.is_documentation_page():
                self.kept.build_page(file.page, config)
            else:
                file.copy_file()
        # A download (the open data, a feed, a PDF) shows on no page; any other file (a style sheet,
        # a map, an image) may show on any: every open page reloads.
        shown = [file for file in found if not file.is_documentation_page() and not file.src_uri.endswith(DOWNLOADS)]
        self.server.built(None if shown else [file.page.url for file in pages])
        return True

    def want(self, message: dict[str, Any]) -> None:
        """Queue what the preview wrote, and wake the server's build loop as its own file watcher
        does (conversions.wake)."""
        with self.lock:
            if message.get("all") or message.get("removed"):
                self.everything = True
            self.pending.update(message.get("written", ()))
        wake(self.server)

    def listen(self) -> None:
        """Read the preview's lines until it closes its end, then stop the server."""
        for line in sys.stdin:
            with contextlib.suppress(ValueError):
                self.want(json.loads(line))
        self.server.shutdown()


def main(argv: list[str]) -> int:
    folder, config_file, address = argv
    host, _, port = address.rpartition(":")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    conversions.install(conversions.Cache(Path(folder)))
    # A plain kill (the preview stopping or restarting this process) still removes the site folder.
    signal.signal(signal.SIGTERM, _interrupt)
    site_dir = tempfile.mkdtemp(prefix="briefing-preview-")
    live = None
    try:
        live = Live(config_file, host, int(port), site_dir)
        live.full_build(dirty=False)
        # The server adds its reload script to pages only while it watches something: mkdocs.yml,
        # one file, whose change makes the preview restart this process anyway.
        live.server.watch(config_file)
        threading.Thread(target=live.listen, daemon=True).start()
        live.server.serve()  # type: ignore[no-untyped-call]
    except MkDocsException as err:  # mkdocs.yml invalid: the preview says so and waits for a fix
        log.error("%s", err.format_message())
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        # Stopped, the process may be told to stop again at once (the preview killed: its pipe
        # closes and Linux sends SIGTERM). That must not cut the clean-up short and leave half the
        # site folder behind.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        shutil.rmtree(site_dir, ignore_errors=True)
        if live is not None:
            live.server.shutdown()
            # Once the server has stopped, again: a page being written when the first removal ran
            # may have made the folder anew (seen once, on a loaded machine).
            shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    # As conversions: through the package's module, so cached entries name their classes by it.
    import importlib

    sys.exit(importlib.import_module(__spec__.name).main(sys.argv[1:]))
