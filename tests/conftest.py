"""Shared fixtures: a throw-away fixture project, its built site, a browser.

Generator tests never read the bundled content under briefings/: they run on the fixture
project in tests/fixtures/project/ (a frozen registry and one briefing, purpose-built for the
tests), so editors can add, change or remove briefings without turning a test red. The real
content is gated separately by tests/content/ (check, strict build, the article's quotes).

Tests never build into the working tree: each works on a copy under pytest's tmp_path, so
they can break the content on purpose and run in any order.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_site import caches, engine, pipeline

from .browsing import served

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "project"
SEED = "2024-11-15-kupiansk"  # the fixture project's briefing
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A fixed "today" for checks that compare dates with the present, so tests do not age.
TODAY = dt.date(2026, 11, 25)


def copy_project(target: Path, content: Path = FIXTURE) -> pipeline.Project:
    """The project's code (templates, theme, hand-written docs, mkdocs.yml) with the briefings of
    `content` (the fixture project unless a content test asks for the real one) copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content / "briefings", target / "briefings")
    for name in ("templates", "schema", "overrides", "locale"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, target / name)
    generated = pipeline.generated_in_docs(pipeline.Project(REPO))
    shutil.copytree(REPO / "docs", target / "docs",
                    ignore=lambda folder, names: [n for n in names if Path(folder) == REPO / "docs" and n in generated])
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return pipeline.Project(target)


def pytest_configure(config: pytest.Config) -> None:
    """Every site build of the run, in its processes and theirs, is written down in one log (the
    controller's, when the run is spread over processes): the summary counts them."""
    if not hasattr(config, "workerinput") and engine.BUILD_LOG not in os.environ:
        log = Path(config.rootpath) / ".pytest_cache" / f"builds-{os.getpid()}.jsonl"
        log.parent.mkdir(exist_ok=True)
        log.unlink(missing_ok=True)
        os.environ[engine.BUILD_LOG] = str(log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `long` first: spread over processes, none of them is then started last and
    left running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    log = Path(os.environ.get(engine.BUILD_LOG, ""))
    builds = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    terminalreporter.write_line(f"site builds: {len(builds)} (engine builds finished, listed in {log})")


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every process of this run sees (pytest-xdist's workers share their base's parent)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared" / name


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """`make(folder)` run once in this run, however many processes run the tests: the first to ask
    makes it, the others wait for it and then read the same folder (which no test may change)."""
    folder = shared_folder(tmp_path_factory, name)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def new_cache(folder: Path, printouts: Path) -> Path:
    """An empty build cache at `folder`, but for the typeset PDFs, which the whole run shares
    (`printouts`): a PDF is stored under the hash of everything it is made of and written
    atomically, so a build cannot tell a PDF another test typeset from its own, and typesetting
    the fixture's briefing once instead of once per build saves seconds per build."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "printouts").symlink_to(printouts, target_is_directory=True)
    return folder


@pytest.fixture(scope="session")
def typeset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's shared store of typeset PDFs (see new_cache)."""
    return made_once(tmp_path_factory, "printouts", lambda folder: None)


@pytest.fixture(autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory, typeset: Path,
                monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own build cache (checked files, rendered pages, conversions), empty but for the
    shared PDFs, in every process the test starts: no test reads what another one built, so
    neither order nor parallel runs can change a result."""
    folder = new_cache(tmp_path_factory.mktemp("cache", numbered=True), typeset)
    monkeypatch.setenv(caches.VARIABLE, str(folder))
    return folder


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               change: Callable[[pipeline.Project], None] | None = None, **options: Any) -> pipeline.Project:
    """The fixture project (changed by `change`, if given) built once in this run with `options`,
    for tests that read the site and do not change it. Its build cache is beside it."""
    typeset = made_once(tmp_path_factory, "printouts", lambda folder: None)

    def make(folder: Path) -> None:
        project = copy_project(folder / "project")
        if change is not None:
            change(project)
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setenv(caches.VARIABLE, str(new_cache(folder / "cache", typeset)))
            pipeline.build(project, TODAY, **options)

    return pipeline.Project(made_once(tmp_path_factory, name, make) / "project")


def with_its_cache(built: pipeline.Project, target: Path, cache: Path) -> pipeline.Project:
    """A copy at `target` of a project `built_once` made, its build cache copied into `cache` (a
    test's own): the copy builds as the project would with the cache its build left."""
    shutil.copytree(built.root, target, symlinks=True)
    shutil.copytree(built.root.parent / "cache", cache, symlinks=True, dirs_exist_ok=True,
                    ignore=lambda folder, names: ["printouts"] if Path(folder) == built.root.parent / "cache" else [])
    return pipeline.Project(target)


@pytest.fixture
def project(tmp_path: Path) -> pipeline.Project:
    """A fresh copy of the project to modify freely."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    """The fixture project built once, for real, with MkDocs and Pagefind (and PDFs)."""
    return built_once(tmp_path_factory, "built")


@pytest.fixture(scope="session")
def built_site(built_project: pipeline.Project) -> Path:
    return built_project.site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on localhost."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (Playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test', which installs Debian's chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
