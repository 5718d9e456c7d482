"""A build killed at any moment leaves the published site/ complete and unchanged.

Each test starts `build.py build` in its own process group on a project that already has a
complete site/, waits for a point in the build that it can observe from outside (no hook in
the production code), kills the whole group (Python, MkDocs, Pagefind) with SIGKILL, and
compares site/ file by file with what it was before. A later build must then succeed,
remove the dead build's staging folder and publish the new content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing_site import caches, pipeline
from briefing_site.engine import STAGING_PREFIX

from .conftest import REPO, SEED, TODAY, made_once, new_cache, with_its_cache

pytestmark = pytest.mark.slow

NEW_TITLE = "Kupiansk title changed by the build under test"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def change_title(project: pipeline.Project) -> None:
    path = project.briefings / SEED / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    path.write_text(text.replace(old, f"  title: {NEW_TITLE}"), encoding="utf-8")


@pytest.fixture(scope="module")
def published(built_project: pipeline.Project) -> pipeline.Project:
    """A project with a complete site/ built from the fixture's briefings (each test changes a copy)."""
    return built_project


@dataclass(frozen=True)
class Reference:
    site: dict[str, str]  # every file of the new site, with its digest
    seconds: float  # how long its build took, uninterrupted


@pytest.fixture(scope="module")
def reference(published: pipeline.Project, typeset: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The build each test interrupts, run to its end on another copy (builds do not depend on the
    project's folder, see test_reproducible), once in this run: what site/ then holds, and how
    long it took."""
    def build(folder: Path) -> None:
        project = _fresh_copy(published, folder / "project", new_cache(folder / "cache", typeset))
        start = time.monotonic()
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                                capture_output=True, text=True, check=False,
                                env={**os.environ, caches.VARIABLE: str(folder / "cache")})
        assert result.returncode == 0, result.stderr
        seconds = time.monotonic() - start
        (folder / "reference.json").write_text(json.dumps([tree_digest(project.site), seconds]), encoding="utf-8")

    site, seconds = json.loads((made_once(tmp_path_factory, "reference", build) / "reference.json").read_text())
    return Reference(site, seconds)


@pytest.fixture(scope="module")
def new_site(reference: Reference) -> dict[str, str]:
    return reference.site


def _session_commands(session: int) -> list[bytes]:
    """Command lines of every live process in the build's session (its process group leader); an
    exited process not yet reaped (a zombie: no command line, no resources) is not running."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":  # fields 6 and 3: session id, state
                found.append((entry / "cmdline").read_bytes())
        except (OSError, IndexError, ValueError):
            continue
    return found


def _running_below(pid: int) -> list[bytes]:
    """Command lines of the processes `pid` started, and theirs: what a point in a build polls for,
    cheaply (a few files, where reading every process's would take a core from the build)."""
    from briefing_site.processes import descendants

    found = []
    for child in descendants(pid):
        try:
            found.append(Path(f"/proc/{child}/cmdline").read_bytes())
        except OSError:
            continue
    return found


def _staging(project: pipeline.Project) -> list[Path]:
    return sorted(project.root.glob(f"{STAGING_PREFIX}*"))


# Observable points in a build, each a predicate on (project, build process, inode of site/ before).
Point = Callable[[pipeline.Project, "subprocess.Popen[bytes]", int], bool]

POINTS: dict[str, Point] = {
    "at once, while Python checks the YAML": lambda project, proc, ino: True,
    "when the staging folder appears (MkDocs starting)": lambda project, proc, ino: bool(_staging(project)),
    "while MkDocs writes pages into staging": lambda project, proc, ino: any(
        (s / "index.html").exists() for s in _staging(project)),
    "while Pagefind runs": lambda project, proc, ino: any(
        b"pagefind" in cmd and b"mkdocs" not in cmd for cmd in _running_below(proc.pid)),
    "when Pagefind's output appears in staging": lambda project, proc, ino: any(
        (s / "pagefind").is_dir() for s in _staging(project)),
}


def _start_build(project: pipeline.Project, cache: Path | None = None) -> subprocess.Popen[bytes]:
    """`build.py build` in a session of its own, with the test's build cache or `cache`."""
    env = {**os.environ, caches.VARIABLE: str(cache)} if cache else None
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)


def _kill_when(project: pipeline.Project, proc: subprocess.Popen[bytes], point: Point, ino: int) -> bool:
    """SIGKILL the build's whole process group as soon as `point` holds; True if it held
    while the build was still running."""
    deadline = time.monotonic() + 60
    reached = False
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if point(project, proc, ino):
                reached = proc.poll() is None
                break
            time.sleep(0.0005)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the build may have finished already
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return reached


def _fresh_copy(published: pipeline.Project, target: Path, cache: Path) -> pipeline.Project:
    """A copy of the published project with its build cache, its briefing's title changed."""
    project = with_its_cache(published, target, cache)
    change_title(project)
    return project


def _rebuild_cleans_up(project: pipeline.Project, new_site: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert _staging(project) == []
    assert tree_digest(project.site) == new_site


@pytest.mark.parametrize("name", list(POINTS))
def test_killed_build_leaves_previous_site_unchanged(published: pipeline.Project, new_site: dict[str, str],
                                                     tmp_path: Path, build_cache: Path, name: str) -> None:
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    before = tree_digest(project.site)
    assert before and before != new_site
    proc = _start_build(project)
    assert _kill_when(project, proc, POINTS[name], project.site.stat().st_ino), f"build finished before: {name}"
    assert proc.returncode == -signal.SIGKILL
    assert tree_digest(project.site) == before
    _rebuild_cleans_up(project, new_site)


@pytest.mark.parametrize("share", [0.1, 0.35, 0.6, 0.85])
def test_build_killed_after_a_delay_leaves_a_complete_site(published: pipeline.Project, reference: Reference,
                                                           tmp_path: Path, typeset: Path, share: float) -> None:
    """Wherever the kill lands, site/ is the old site or the new one, never a mixture. The kill lands
    at a share of the time an uninterrupted build takes, while the build runs (a build that ended
    first is started again and killed sooner: a kill after the end would show nothing)."""
    delay = share * reference.seconds
    for attempt in range(4):
        cache = new_cache(tmp_path / f"cache-{attempt}", typeset)
        project = _fresh_copy(published, tmp_path / f"project-{attempt}", cache)
        before = tree_digest(project.site)
        proc = _start_build(project, cache)
        deadline = time.monotonic() + delay
        running = _kill_when(project, proc, lambda *_, at=deadline: time.monotonic() >= at, 0)
        assert tree_digest(project.site) in (before, reference.site)
        if running:
            break
        delay /= 2
    assert running, f"every build ended before it could be killed ({share} of {reference.seconds:.1f} s)"


def test_build_killed_right_after_the_swap_has_published_the_new_site(
        published: pipeline.Project, new_site: dict[str, str], tmp_path: Path, build_cache: Path) -> None:
    """Killed between the exchange and the removal of the old site (now in staging): site/ is
    the complete new site, and the old one left in staging is removed by the next build.
    The window is a few milliseconds, so the kill may land after the build has exited; the
    site must be the new one either way."""
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    ino = project.site.stat().st_ino
    proc = _start_build(project)
    _kill_when(project, proc, lambda p, _, old: p.site.stat().st_ino != old, ino)
    assert project.site.stat().st_ino != ino
    assert tree_digest(project.site) == new_site
    _rebuild_cleans_up(project, new_site)


def test_leftover_staging_folders_are_removed_by_the_next_build(
        published: pipeline.Project, new_site: dict[str, str], tmp_path: Path, build_cache: Path) -> None:
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    for name in (f"{STAGING_PREFIX}999999", f"{STAGING_PREFIX}old-999998"):
        shutil.copytree(project.site, project.root / name)
    _rebuild_cleans_up(project, new_site)


def test_a_failed_engine_run_leaves_the_site_unchanged(published: pipeline.Project, tmp_path: Path,
                                                       build_cache: Path) -> None:
    """MkDocs fails (a hand-written page links to a missing page; --strict): nothing is swapped."""
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    before = tree_digest(project.site)
    (project.docs / "about.md").write_text("# About\n\n[missing](nowhere.md)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "mkdocs build failed" in result.stderr and "the previous site is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.site) == before
    assert _staging(project) == []


def test_every_edition_is_written_before_the_engine_starts_and_a_failure_stops_the_build(
        published: pipeline.Project, tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Markdown is written by a child process of the build, every edition's before MkDocs
    starts (the writer's memory and the engine's are never added up); when writing the translation
    fails, the engine never starts, the error is the translation's, and the previous site stays."""
    from briefing_site import processes

    project = _fresh_copy(published, tmp_path / "project", build_cache)
    before = tree_digest(project.site)
    seen = tmp_path / "running"
    # What this test's process had started before the build (a browser an earlier test opened, say)
    # is not the build's.
    earlier = set(processes.descendants(os.getpid()))

    def failing(site: object, code: str) -> object:
        # In the child, once the English Markdown is written: the build's other processes.
        time.sleep(1)  # time enough for an engine to show up, were one started after the English edition
        others = [pid for pid in processes.descendants(os.getppid()) if pid != os.getpid() and pid not in earlier]
        seen.write_text(" ".join(map(str, [os.getpid(), *others])), encoding="utf-8")
        raise RuntimeError(f"the {code} edition failed")

    monkeypatch.setattr(pipeline, "localised", failing)
    with pytest.raises(RuntimeError, match="the uk edition failed"):
        pipeline.build(project, TODAY, printouts=False)
    child, *others = map(int, seen.read_text(encoding="utf-8").split())
    assert child != os.getpid() and others == []  # no engine ran beside the translation's Markdown
    assert _staging(project) == []
    assert tree_digest(project.site) == before


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("point", ["when the staging folder appears (MkDocs starting)", "while Pagefind runs"])
def test_a_build_told_to_stop_stops_its_engine_and_cleans_up(published: pipeline.Project, tmp_path: Path,
                                                             build_cache: Path, signum: int, point: str) -> None:
    """SIGTERM (a plain kill) or SIGHUP (the terminal closed) to the build alone, not its group: it stops
    MkDocs or Pagefind, removes its staging folder and leaves the previous site as it was."""
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    before = tree_digest(project.site)
    proc = _start_build(project)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and not POINTS[point](project, proc, 0):
        time.sleep(0.0005)
    assert proc.poll() is None, "the build finished before the point was reached"
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == 130
    time.sleep(0.5)  # the engine's exit is reported by the kernel right after it is killed
    assert _session_commands(proc.pid) == []  # no MkDocs or Pagefind left running
    assert _staging(project) == []
    assert tree_digest(project.site) == before


def test_concurrent_builds_of_one_project_take_turns(published: pipeline.Project, new_site: dict[str, str],
                                                     tmp_path: Path, build_cache: Path) -> None:
    project = _fresh_copy(published, tmp_path / "project", build_cache)
    builds = [_start_build(project) for _ in range(4)]
    assert [b.wait(timeout=600) for b in builds] == [0, 0, 0, 0]
    assert _staging(project) == []
    assert tree_digest(project.site) == new_site
