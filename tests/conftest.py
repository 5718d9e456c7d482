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
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_site import pipeline, printed

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
    generated = pipeline.generated_in_docs(REPO)
    shutil.copytree(REPO / "docs", target / "docs",
                    ignore=lambda folder, names: [n for n in names if Path(folder) == REPO / "docs" and n in generated])
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return pipeline.Project(target)


@pytest.fixture(scope="session", autouse=True)
def printout_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache of typeset PDFs for the whole run (keyed by content, so sharing is safe): the
    fixture project's briefing is typeset once, not once per test that builds it."""
    folder = tmp_path_factory.mktemp("printouts")
    previous = os.environ.get(printed.CACHE_VARIABLE)
    os.environ[printed.CACHE_VARIABLE] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(printed.CACHE_VARIABLE, None)
    else:
        os.environ[printed.CACHE_VARIABLE] = previous


@pytest.fixture
def project(tmp_path: Path) -> pipeline.Project:
    """A fresh copy of the project to modify freely."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    """The fixture project built once, for real, with MkDocs and Pagefind."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    pipeline.build(project, TODAY)
    return project


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
