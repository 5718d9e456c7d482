"""Two builds of the same content are byte-identical, wherever and whenever they run,
and the engine builds the generated Markdown without a single warning."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_site import conversions, pipeline

from .conftest import FIXTURE, REPO, SEED, copy_project
from .test_atomic_build import tree_digest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    """The same content built again: another folder, another time zone and locale, through the CLI."""
    project = copy_project(tmp_path_factory.mktemp("again") / "elsewhere" / "project")
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                            capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    return project


def test_two_builds_are_byte_identical(built_site: Path, second_build: pipeline.Project) -> None:
    first, second = tree_digest(built_site), tree_digest(second_build.site)
    assert len(first) > 100
    assert sorted(set(first) ^ set(second)) == []
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuilding_in_place_changes_no_byte(second_build: pipeline.Project) -> None:
    before = tree_digest(second_build.site)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(second_build.root), "build"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert tree_digest(second_build.site) == before


def _as_of() -> dt.date:
    text = (FIXTURE / "briefings" / SEED / "briefing.yaml").read_text(encoding="utf-8")
    match = re.search(r"^\s*as_of:\s*(\d{4}-\d{2}-\d{2})", text, re.M)
    assert match
    return dt.date.fromisoformat(match.group(1))


def test_sitemap_dates_come_from_the_content_not_the_clock(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {_as_of().isoformat()}
    packed = (built_site / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", packed[4:8])  # the gzip header's timestamp
    assert dt.datetime.fromtimestamp(mtime, dt.UTC).date() == _as_of()
    assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_search_index_file_names_are_content_hashes(built_site: Path, second_build: pipeline.Project) -> None:
    """Pagefind names its index files by content hash: same content, same names."""
    names = sorted(p.name for p in (built_site / "pagefind").rglob("*") if p.is_file())
    assert any(re.fullmatch(r"[a-z_-]*[0-9a-f]{7,}.*\.pf_(fragment|index|meta)", n) for n in names), names[:10]
    assert names == sorted(p.name for p in (second_build.site / "pagefind").rglob("*") if p.is_file())


def test_engine_builds_the_generated_pages_without_a_warning(tmp_path: Path) -> None:
    """Run the engine directly (not through build.py, which stops at the first warning) and
    read its whole log."""
    project = copy_project(tmp_path / "project")
    pipeline.generate(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(tmp_path / "out")], cwd=project.root, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


def engine_env() -> dict[str, str]:
    """The environment the engine runs in through the wrapper: this package importable, a fixed date."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1731628800", "PYTHONPATH": str(REPO)}


def test_the_build_command_s_engine_wrapper_changes_no_byte_of_the_engine_s_own_build(tmp_path: Path) -> None:
    """build.py runs the engine through briefing_site.conversions (page conversions cached, each
    page's Markdown let go once converted, an empty cache filled by processes beside the engine):
    with an empty cache and with a full one, the site is the engine's own build byte for byte,
    page titles and navigation included."""
    project = copy_project(tmp_path / "project")
    pipeline.generate(project, printouts=False)
    env = engine_env()
    sites, logged = {}, {}
    for name, command in (("own", ["mkdocs"]),
                          ("wrapped, empty cache", ["briefing_site.conversions", str(tmp_path / "cache")]),
                          ("wrapped, full cache", ["briefing_site.conversions", str(tmp_path / "cache")])):
        out = tmp_path / name.replace(", ", "-").replace(" ", "-")
        result = subprocess.run([sys.executable, "-m", *command, "build", "--strict", "--site-dir", str(out)],
                                cwd=project.root, capture_output=True, text=True, check=False, env=env)
        assert result.returncode == 0, result.stderr
        sites[name] = tree_digest(out)
        logged[name] = result.stderr
    assert len(sites["own"]) > 50
    # The empty cache: the engine converted the first pages itself, then processes beside it the rest.
    counts = re.search(r"Page conversions: (\d+) from the cache \((\d+) of them converted beside\), (\d+) converted",
                       logged["wrapped, empty cache"])
    assert counts, logged["wrapped, empty cache"]
    cached, beside, converted = map(int, counts.groups())
    assert (cached, converted) == (beside, conversions.BESIDE_AFTER) and beside > 30, counts[0]
    # The full cache: every page from it, none converted.
    assert re.search(r"Page conversions: \d+ from the cache \(0 of them converted beside\), 0 converted",
                     logged["wrapped, full cache"]), logged["wrapped, full cache"]
    for name in ("wrapped, empty cache", "wrapped, full cache"):
        assert sorted(set(sites["own"]) ^ set(sites[name])) == [], name
        assert [page for page in sites["own"] if sites["own"][page] != sites[name][page]] == [], name


def test_a_page_that_warns_when_converted_beside_the_engine_fails_the_build_with_its_warning_once(
        tmp_path: Path) -> None:
    """The processes that convert beside the engine keep quiet and store nothing that warned: the
    engine converts such a page again itself, and the strict build reports it once."""
    project = copy_project(tmp_path / "project")
    pipeline.generate(project, printouts=False)
    broken = project.docs / "zzz" / "broken.md"  # the last page the engine reads: converted beside
    broken.parent.mkdir()
    broken.write_text("# Broken\n\nSee [the missing page](nowhere-at-all.md).\n", encoding="utf-8")
    env = engine_env()
    result = subprocess.run([sys.executable, "-m", "briefing_site.conversions", str(tmp_path / "cache"), "build",
                             "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=project.root, capture_output=True, text=True, check=False, env=env)
    assert result.returncode != 0
    assert result.stderr.count("contains a link 'nowhere-at-all.md'") == 1, result.stderr
    stored = [p for p in (tmp_path / "cache").iterdir() if not p.name.startswith(conversions.PAGE)]
    assert len(stored) > 2 * conversions.BESIDE_AFTER  # the others were converted and kept


HELD_SCRIPT = """
import json, sys
from pathlib import Path
from briefing_site import conversions
from mkdocs.structure import pages
conversions.install(conversions.Cache(Path(sys.argv[1])), beside=True)
held, check = {}, pages.Page.validate_anchor_links
def spy(page, **kwargs):  # the engine's last look at each page, once every page is written
    held[page.file.src_uri] = len(page.content or "")
    return check(page, **kwargs)
pages.Page.validate_anchor_links = spy
from mkdocs.__main__ import cli
cli.main(args=["build", "--strict", "--site-dir", sys.argv[2]], standalone_mode=False)
print(json.dumps(held))
"""


def test_the_engine_holds_no_page_s_html_once_it_is_written(tmp_path: Path) -> None:
    """The engine keeps every page it made to the end of its build; the wrapper lets go of each
    page's HTML once written (about 0.9 GB at 1,000 briefings when the theme makes every page),
    whether the page was converted or its conversion came from the cache."""
    project = copy_project(tmp_path / "project")
    pipeline.generate(project, printouts=False)
    env = engine_env()
    for run in ("empty cache", "full cache"):
        result = subprocess.run([sys.executable, "-c", HELD_SCRIPT, str(tmp_path / "cache"), str(tmp_path / run)],
                                cwd=project.root, capture_output=True, text=True, check=False, env=env)
        assert result.returncode == 0, result.stderr
        held = json.loads(result.stdout.splitlines()[-1])
        assert len(held) > 40 and (tmp_path / run / "index.html").stat().st_size > 1000
        assert {page: size for page, size in held.items() if size} == {}, run


NO_FORK_SCRIPT = """
import os, sys
from pathlib import Path
from briefing_site import conversions
def refused():
    raise BlockingIOError(11, "Resource temporarily unavailable")
os.fork = refused  # as when the system will start no more processes
conversions.install(conversions.Cache(Path(sys.argv[1])), beside=True)
from mkdocs.__main__ import cli
cli.main(args=["build", "--strict", "--site-dir", sys.argv[2]], standalone_mode=False)
"""


def test_when_no_process_can_start_beside_it_the_engine_converts_every_page_itself(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    pipeline.generate(project, printouts=False)
    env = engine_env()
    result = subprocess.run([sys.executable, "-c", NO_FORK_SCRIPT, str(tmp_path / "cache"), str(tmp_path / "out")],
                            cwd=project.root, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    counts = re.search(r"Page conversions: (\d+) from the cache \((\d+) of them converted beside\), (\d+) converted",
                       result.stderr)
    assert counts and counts.groups()[:2] == ("0", "0") and int(counts[3]) > 40, result.stderr
    assert (tmp_path / "out" / "index.html").stat().st_size > 1000
