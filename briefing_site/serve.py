"""`python build.py serve`: live preview.

We watch briefings/ and templates/ and, on a change, re-run check → render → write: only pages
whose Markdown changed are rewritten, and the engine's preview server (live) is told which, so
it makes those pages alone again and reloads the browser. We also watch what the engine reads
and we do not write: a hand-written page of docs/ is passed on the same way; mkdocs.yml or the
theme's overrides restart the engine. A content error is printed and the last good preview
stays up.

At a thousand briefings a full re-render takes many seconds, so an edit inside one briefing
folder re-parses only the files that changed, re-files only that briefing in the index, renders
its own page first, then only the pages that can show it, as the site plan says
(`Page.draws_on`, before or after the edit). Anything else (the registry, a template, a file
added or removed, a new newest date, which every page footer shows) re-renders everything. The
preview runs the same `pipeline.generate` as `build`. What can wait (the open data, the cache
of checked files, a full garbage collection) is done when the editor pauses (`Preview.settle`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

import jinja2
from watchdog import events
from watchdog.observers import Observer

from . import pipeline
from .engine import engine_environment, serve_command, with_this_package
from .link import Site
from .plan import Plan
from .problems import BriefingError, ContentError, UsageError, visible
from .processes import die_with_parent
from .render import render
from .write import Writer, WriteReport

POLL_SECONDS = 0.2
QUIET_SECONDS = 0.03  # a save's events come together: the preview starts once they stop for this long
RESCAN_SECONDS = 2.0  # with a watcher, every stamp is still compared this often, in case an event was lost
SETTLE_SECONDS = 5.0  # how long the editor pauses before the preview does what can wait (Preview.settle)
Say = Callable[[str], None]  # where the preview's messages go


class _StoppingWatcher(logging.Filter):
    """watchdog 7.1 logs an error when its inotify reader reads once more while the watcher is
    being stopped (a race in its own shutdown, harmless): not a message for the editor."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()


logging.getLogger("watchdog.observers.inotify").addFilter(_StoppingWatcher())
# Likewise its RuntimeWarnings (a thread's state at shutdown): the watcher's business, not the editor's.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"watchdog(\..*)?$")


class Preview:
    """What the preview keeps between edits: validated files, the last site plan, file stamps."""

    def __init__(self, project: pipeline.Project):
        self.project = project
        self.cache = pipeline.checks_cache(project)
        self.plan: Plan | None = None
        self.stamps = _snapshot(project)
        self.files_added_or_removed = False
        self.unsettled = False  # whether settle() has work to do
        self.held: set[str] = set()  # downloads an edit changed, written by settle()
        # Files written since the last update that checked everything it was told: None until the
        # first update has read every file (see FileCache.edited).
        self.unchecked: set[Path] | None = None

    @property
    def site(self) -> Site | None:
        return self.plan.site if self.plan else None

    def changes(self, written: Iterable[Path] | None = None) -> set[Path]:
        """Files added, removed or modified since the last call. With `written` (what the watcher
        saw written, no file added or removed), only those files' stamps are compared."""
        if written is not None:
            try:
                now = {path: path.stat().st_mtime_ns for path in written if path in self.stamps}
            except OSError:  # gone already: compare every stamp
                return self.changes()
            changed = {path for path, stamp in now.items() if stamp != self.stamps[path]}
            self.stamps.update(now)
            self.files_added_or_removed = False
            return changed
        now = _snapshot(self.project)
        changed = {p for p in now.keys() | self.stamps.keys() if now.get(p) != self.stamps.get(p)}
        self.files_added_or_removed = now.keys() != self.stamps.keys()
        self.stamps = now
        return changed

    def update(self, changed: set[Path] | None = None, on_write: Callable[[str], None] | None = None) -> WriteReport:
        """Check, render and write, as `build` does; raise ContentError (writing nothing) if the
        content is wrong. After an edit inside briefing folders only, the site plan says which
        pages can show them, and only those are rendered again. The preview shows the primary
        language's pages, without the briefings' PDFs: typesetting is for `build`, and would make
        every edit of a briefing wait a second or two. `on_write` is told each page as soon as it is
        written. The update runs in a thread of its own, which lowers its priority once the edited
        briefings' own pages are written (_yield_processor)."""
        self.unsettled = True
        # What this update's check must read: every file the stamps saw written since the last
        # update that succeeded (an update that failed may not have read them).
        unchecked = None if self.unchecked is None or changed is None else self.unchecked | changed
        self.cache.edited, self.unchecked = unchecked, None
        try:
            with pipeline.locked(self.project):
                self.plan, report = _in_own_thread(lambda: pipeline.generate(
                    self.project, cache=self.cache, only=self._edited_folders(changed or set()), previous=self.plan,
                    translations=False, printouts=False, on_write=on_write, save_checks=False, hold_downloads=True,
                    shown_first=_yield_processor))
        except BaseException:
            self.unchecked = unchecked
            raise
        finally:
            self.cache.edited = None
        self.unchecked = set()
        self.held |= set(report.held)
        return report

    def settle(self, on_write: Callable[[str], None] | None = None) -> WriteReport | None:
        """What can wait until the editor pauses: the downloads the edits changed (the open data,
        4 s of each update at 1,000 briefings), the cache of checked files written for the next run
        (0.5-0.9 s, once per save when `check` wrote it), and a full collection of the cyclic
        garbage each update leaves (the previous plan's). Returns what was written, if anything."""
        if not self.unsettled:
            return None
        report = None
        held, self.held = self.held, set()
        if held and self.plan is not None:
            with pipeline.locked(self.project):
                writer = Writer(self.project.docs, held, on_write=on_write)
                render(self.plan, self.project.templates, held, sink=writer.add)
                report = writer.finish()
        self.cache.save()
        gc.collect()
        self.unsettled = False
        return report

    def _edited_folders(self, changed: set[Path]) -> set[str] | None:
        """The briefing folders in which files were only modified; None if anything else changed."""
        if not changed or self.files_added_or_removed:
            return None
        folders: set[str] = set()
        for path in changed:
            if path.parent.parent != self.project.briefings or path.parent.name == "registry":
                return None  # a template, the registry, or a stray file
            folders.add(path.parent.name)
        return folders


_T = TypeVar("_T")


def _in_own_thread(work: Callable[[], _T]) -> _T:
    """`work`, run in a thread of its own, which may lower its own priority (_yield_processor) and
    ends with it: the next update starts at the process's priority again, which an unprivileged
    process could not restore to a thread it lowered. Its exception, if any, is raised here."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview update") as pool:
        return pool.submit(work).result()


def _yield_processor() -> None:
    """Lower this thread's priority for the rest of its update (Linux schedules threads one by
    one): the edited briefing's page is written, and the engine making it and the browser loading
    it should not wait behind the pages that merely list it. On two cores at 1,000 briefings, the
    page took 0.3-0.6 s longer to show in Chromium while the preview rendered at full priority."""
    if not sys.platform.startswith("linux"):  # elsewhere the call would name a process, not a thread
        return
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


def serve(project: pipeline.Project, port: int, say: Say) -> int:
    """Preview until interrupted; every message goes to `say` (the command line prints them)."""
    _port_is_free(port)
    preview = Preview(project)
    report = preview.update()
    site = preview.site
    assert site is not None
    say(f"rendered {len(report.written)} page(s); serving on http://127.0.0.1:{port}/")
    signal.signal(signal.SIGTERM, _interrupt)  # so that `finally` stops the engine on a plain kill too
    signal.signal(signal.SIGHUP, _interrupt)
    engine = _start_engine(project, port, site.build_date, say)
    inputs = EngineInputs(project)
    try:
        while True:
            if watch(preview, say, engine, inputs):
                say("mkdocs.yml or the theme changed: restarting the site engine")
                _stop(engine)
            else:
                # The engine stopped by itself: mkdocs.yml was invalid when saved, for example. Keep
                # watching, and start it again once mkdocs.yml changes.
                say(f"the site engine stopped (exit {engine.returncode}); fix mkdocs.yml or the message above, "
                    "and the preview restarts")
                _wait_for_change(project.config)
            engine = _start_engine(project, port, (preview.site or site).build_date, say)
    finally:
        _stop(engine)
        preview.cache.save()  # what settle() had not written yet


def _stop(engine: subprocess.Popen[bytes]) -> None:
    engine.terminate()
    try:
        engine.wait(timeout=10)
    except subprocess.TimeoutExpired:
        engine.kill()
        engine.wait()


def _start_engine(project: pipeline.Project, port: int, build_date: dt.date, say: Say) -> subprocess.Popen[bytes]:
    engine = subprocess.Popen(
        serve_command(project.config, port, project.caches.conversions),
        cwd=project.root, env=with_this_package(engine_environment(build_date)), stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=die_with_parent,  # a killed preview must not leave the engine holding the port
    )
    threading.Thread(target=_relay, args=(engine, say), daemon=True).start()
    return engine


def _relay(engine: subprocess.Popen[bytes], say: Say) -> None:
    """The engine's log, passed on line by line, with a Python traceback (MkDocs prints one for an
    invalid mkdocs.yml) cut down to its last line: the editor needs the message, not the stack."""
    assert engine.stdout is not None
    in_traceback = False
    for raw in engine.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line:
                continue
            in_traceback = False
            line = f"site engine: {line}"
        say(line)


def _wait_for_change(path: Path) -> None:
    def stamp() -> int | None:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return None

    before = stamp()
    while stamp() == before:
        time.sleep(POLL_SECONDS)


def _port_is_free(port: int) -> None:
    """Refuse early, with a hint, when another preview (perhaps one left running) holds the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the engine's server does: connections of a stopped preview still closing (TIME_WAIT)
        # do not hold the port, a listening server does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            raise UsageError(f"port {port} is already in use (another preview may still be running); stop it, "
                             "or choose another port with --port") from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def watch(preview: Preview, say: Say, engine: subprocess.Popen[bytes], inputs: EngineInputs) -> bool:
    """Re-render whenever a YAML file or a template changes, and tell the engine what was written;
    pass on a change of a hand-written page. Until the engine stops (False), or mkdocs.yml or the
    theme changes (True: the engine must start again)."""
    # The preview holds the whole site: about 1.4 million objects at 1,000 briefings. A full
    # collection of Python's cyclic garbage collector scans them all (1.4-1.9 s here), and one came
    # at random during a save's update. What is alive after an update is left out of every
    # collection (gc.freeze) until the editor pauses: then settle() collects in full.
    gc.freeze()
    folders = [preview.project.briefings, preview.project.templates]
    watcher = Watcher.start(folders, say)
    quiet_since = scanned = time.monotonic()
    try:
        while engine.poll() is None:
            if watcher is None:
                time.sleep(POLL_SECONDS)
                changed = preview.changes()
            else:
                saves = watcher.wait(POLL_SECONDS)
                if saves is not None:
                    changed = preview.changes(None if saves.anything_else else saves.written)
                elif time.monotonic() - scanned > RESCAN_SECONDS:
                    scanned = time.monotonic()
                    changed = preview.changes()
                    if changed:  # the watcher missed them (its folder replaced, say): watch afresh
                        watcher.stop()
                        watcher = Watcher.start(folders, say)
                else:
                    changed = set()
            if changed:
                # Each page goes to the engine as soon as it is written: the edited briefing's page is
                # made and shown while the pages that list it are still being rendered.
                report = regenerate(preview, say, changed, on_write=lambda path: tell(engine, {"written": [path]}))
                if report is not None and report.removed:
                    tell(engine, {"removed": report.removed})
                gc.freeze()
                quiet_since = time.monotonic()
            elif preview.unsettled and time.monotonic() - quiet_since > SETTLE_SECONDS:
                gc.unfreeze()
                try:
                    settled = preview.settle(on_write=lambda path: tell(engine, {"written": [path]}))
                except Exception as err:  # as in regenerate: the preview outlives it
                    say(f"preview: the open data was not updated: {type(err).__name__}: {err}")
                    settled = None
                finally:
                    gc.freeze()
                if settled is not None and settled.removed:
                    tell(engine, {"removed": settled.removed})
            restart, written, removed = inputs.changes()
            if restart:
                return True
            if written or removed:
                tell(engine, {"written": written, "removed": removed})
        return False
    finally:
        if watcher is not None:
            watcher.stop()


@dataclass(frozen=True)
class Saves:
    """What the watcher saw: files written, and whether anything else happened (a file added,
    removed or renamed, as editors that save to a new file and rename it do; a folder)."""

    written: frozenset[Path]
    anything_else: bool


class Watcher(events.FileSystemEventHandler):
    """Saves under the preview's folders as the operating system reports them (inotify, through
    watchdog, which the engine's server already uses): a save wakes the preview at once, where a
    poll came every 0.2 s and compared 4,000 files' stamps (0.08 s at 1,000 briefings)."""

    # Not a file opened or read: the preview reads every file it is told of.
    EVENTS: ClassVar[list[type[events.FileSystemEvent]]] = [
        events.FileModifiedEvent, events.FileClosedEvent, events.FileCreatedEvent, events.FileDeletedEvent,
        events.FileMovedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._woken = threading.Event()
        self._written: set[Path] = set()
        self._anything_else = False
        self._observer = Observer()
        self._observer.daemon = True

    @classmethod
    def start(cls, folders: list[Path], say: Say) -> Watcher | None:
        """A running watcher, or None where the system cannot watch (no inotify, its limit of
        watched folders reached, a folder missing): the preview then polls."""
        watcher = cls()
        try:
            for folder in folders:
                watcher._observer.schedule(watcher, str(folder), recursive=True, event_filter=cls.EVENTS)
            watcher._observer.start()
        except OSError as err:
            say(f"preview: saves are looked for every {POLL_SECONDS} s (the system did not watch the folders: {err})")
            watcher.stop()
            return None
        return watcher

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # never started
            self._observer.stop()
            self._observer.join(timeout=5)

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        with self._lock:
            if isinstance(event, events.FileModifiedEvent | events.FileClosedEvent):
                self._written.add(Path(os.fsdecode(event.src_path)))
            else:
                self._anything_else = True
        self._woken.set()

    def wait(self, timeout: float) -> Saves | None:
        """What was saved, once its events stop coming; None if nothing was within `timeout`."""
        if not self._woken.wait(timeout):
            return None
        until = time.monotonic() + 10 * POLL_SECONDS  # a checkout writing for longer is taken in parts
        while time.monotonic() < until:
            self._woken.clear()
            if not self._woken.wait(QUIET_SECONDS):
                break
        self._woken.clear()
        with self._lock:
            saves = Saves(frozenset(self._written), self._anything_else)
            self._written, self._anything_else = set(), False
        return saves


def tell(engine: subprocess.Popen[bytes], message: dict[str, object]) -> None:
    """One line to the engine (see live); an engine that just stopped is noticed by `watch`."""
    if engine.stdin is None:
        return
    try:
        engine.stdin.write(json.dumps(message).encode() + b"\n")
        engine.stdin.flush()
    except OSError:
        pass


class EngineInputs:
    """The files the engine reads that no stage of ours writes: mkdocs.yml, the theme's overrides
    and the hand-written pages and assets of docs/ (About, the style sheets)."""

    def __init__(self, project: pipeline.Project):
        self.project = project
        self.generated = pipeline.generated_in_docs(project)  # as mkdocs.yml said when the preview began
        self.stamps = self._snapshot()

    def changes(self) -> tuple[bool, list[str], list[str]]:
        """(mkdocs.yml or the theme changed, hand-written files changed or added, removed) since
        the last call; files by their path under docs/."""
        now = self._snapshot()
        changed = {p for p in now.keys() | self.stamps.keys() if now.get(p) != self.stamps.get(p)}
        removed = {p for p in changed if p not in now}
        self.stamps = now
        docs = self.project.docs
        restart = any(not p.is_relative_to(docs) for p in changed)
        return restart, sorted(p.relative_to(docs).as_posix() for p in changed - removed if p.is_relative_to(docs)), \
            sorted(p.relative_to(docs).as_posix() for p in removed if p.is_relative_to(docs))

    def _snapshot(self) -> dict[Path, int]:
        try:
            hand_written = [p for p in self.project.docs.iterdir()
                            if p.name not in self.generated and not p.name.startswith(".")]
        except OSError:
            hand_written = []
        return _stamps([(self.project.config, None), (self.project.root / "overrides", None),
                        *((p, None) for p in hand_written)])


def regenerate(preview: Preview, say: Say, changed: set[Path] | None = None,
               on_write: Callable[[str], None] | None = None) -> WriteReport | None:
    started = time.perf_counter()
    try:
        report = preview.update(changed, on_write)
    except ContentError as err:
        for problem in err.problems:
            say(problem.format())
        say("preview not updated until the errors above are fixed")
        return None
    except BriefingError as err:  # e.g. briefings/ gone for a moment during a git checkout
        say(f"preview not updated: {visible(str(err))}")
        return None
    except jinja2.TemplateError as err:
        where = f"{err.filename}:{err.lineno}" if isinstance(err, jinja2.TemplateSyntaxError) else "a template"
        say(f"{visible(where)}: error: {visible(str(err.message or err))}\npreview not updated until the template "
            "is fixed")
        return None
    except Exception as err:  # the preview must outlive any one bad save; `build` still fails loudly
        say(f"preview not updated: {type(err).__name__}: {visible(str(err))}")
        return None
    elapsed = (time.perf_counter() - started) * 1000
    say(f"re-rendered in {elapsed:.0f} ms: {len(report.written)} page(s) changed, {len(report.removed)} removed")
    return report


def _snapshot(project: pipeline.Project) -> dict[Path, int]:
    """Modification time of every YAML file and template."""
    return _stamps([(project.briefings, (".yaml", ".yml")), (project.templates, (".j2",))])


def _stamps(tops: list[tuple[Path, tuple[str, ...] | None]]) -> dict[Path, int]:
    """Modification time of each file under each top (or of the top itself, a file) whose name ends
    with one of its suffixes (any name: None). os.scandir: no stat per name twice."""
    stamps: dict[Path, int] = {}
    for top, suffixes in tops:
        if top.is_file():
            with contextlib.suppress(OSError):
                stamps[top] = top.stat().st_mtime_ns
            continue
        stack = [top]
        while stack:
            try:
                entries = list(os.scandir(stack.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif (suffixes is None or entry.name.endswith(suffixes)) and entry.is_file():
                    stamps[Path(entry.path)] = entry.stat().st_mtime_ns
    return stamps
