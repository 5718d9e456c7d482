"""The content gate: the bundled briefings under briefings/ check clean, validate against their
schemas, build strictly, and keep the Kupiansk article's every quotation verbatim beside its
speaker; and so do they once grown as an editor grows them (three more briefings, a new person:
tests/growth.py), which shows that a growing site keeps passing.

These are the only tests that read the live content. An editor's pull request that breaks them
has broken the content, not the generator; the generator's own tests run on tests/fixtures/.
Everything here holds however many briefings are added, so a growing site keeps passing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing_site import caches, pipeline
from briefing_site.load import load_file

from ..conftest import REPO, TODAY, copy_project, made_once
from ..growth import grow
from ..sitetext import blocks
from ..suite import CONTENT_VARIABLE
from ..test_article import SPEAKERS, article_quotations
from ..test_editor_help import SCHEMA_LINE, as_json, validator

pytestmark = pytest.mark.content

# Where the bundled briefings are: this checkout, or the one `make test` names when it runs the
# tests on a copy without briefings/ (tests/suite.py).
CONTENT = Path(os.environ.get(CONTENT_VARIABLE) or REPO)

@pytest.fixture(scope="module", params=["bundled", "grown"])
def content(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root of a project holding the bundled briefings: this checkout, or a copy of it grown."""
    if request.param == "bundled":
        return CONTENT

    def grown(folder: Path) -> None:
        grow(copy_project(folder / "project", content=CONTENT).briefings)

    return made_once(tmp_path_factory, "grown", grown) / "project"


def content_yaml(root: Path) -> list[Path]:
    return sorted((root / "briefings").rglob("*.y*ml"))


def test_the_content_checks_clean(content: Path) -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(content), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_content_file_points_the_editor_at_its_schema_and_validates(content: Path) -> None:
    files = content_yaml(content)
    assert files, "no YAML under briefings/"
    for path in files:
        where = path.relative_to(content)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.fullmatch(first)
        assert match, f"{where}: first line is {first!r}"
        assert match.group(1) == path.stem, f"{where} points at {match.group(1)}"
        assert (path.parent / f"../../schema/{path.stem}.schema.json").resolve().is_file()
        data = as_json(load_file(path, path.name).data)
        errors = [f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator(path.stem).iter_errors(data)]
        assert errors == []


@pytest.fixture(scope="module")
def content_site(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content built for real (MkDocs --strict, then Pagefind) in a copy, once in this run."""
    def build(folder: Path) -> None:
        project = copy_project(folder / "project", content=content)
        with pytest.MonkeyPatch.context() as monkeypatch:  # a build cache of its own
            monkeypatch.setenv(caches.VARIABLE, str(folder / "cache"))
            pipeline.build(project, TODAY)

    name = "content-" + hashlib.sha256(str(content).encode()).hexdigest()[:12]  # one per content
    return made_once(tmp_path_factory, name, build) / "project" / "site"


def quote_blocks(site: Path) -> list[str]:
    return [block for page in sorted((site / "briefings").glob("*/index.html")) for block in blocks(page, "quote")]


def test_the_content_builds_strictly(content_site: Path) -> None:
    assert (content_site / "index.html").is_file()
    assert list((content_site / "briefings").glob("*/index.html"))


@pytest.mark.parametrize("quotation", article_quotations())
def test_the_article_quotation_is_verbatim_beside_its_speaker(content_site: Path, quotation: str) -> None:
    speaker = next(name for start, name in SPEAKERS.items() if quotation.startswith(start))
    found = [b for b in quote_blocks(content_site) if quotation in b]
    assert found, f"the article's quotation is on no briefing page verbatim: {quotation!r}"
    assert all(speaker in b for b in found), f"{speaker!r} is not named beside {quotation!r}"


def test_the_content_reads_the_same_without_material(content: Path, content_site: Path, tmp_path: Path) -> None:
    """The content built with MkDocs' own theme: every generated page, same headings and text."""
    from ..engine_check import differences

    compared, problems = differences(pipeline.Project(content_site.parent),
                                     copy_project(tmp_path / "plain", content=content))
    assert compared > 0
    assert problems == []


def test_the_local_hook_command_works_from_the_repository_root() -> None:
    """.pre-commit-config.yaml's hook, run as pre-commit runs it: from the root of the checkout."""
    hook = yaml.safe_load((CONTENT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    program, *args = hook["entry"].split()
    assert Path(CONTENT / program).exists() or shutil.which(program), program
    result = subprocess.run([sys.executable, *args], cwd=CONTENT, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stderr


def test_every_quote_is_verbatim_beside_its_speaker_with_its_original(content: Path, content_site: Path) -> None:
    """Whatever the briefings hold: each quote's words, and its original wording where given, are on
    its briefing's page in one quote block that names the speaker (or, unnamed, the role)."""
    from ..sitetext import normalise

    registry = {entry["id"]: entry["name"] for name in ("people.yaml", "organisations.yaml")
                for entry in yaml.safe_load((content / "briefings" / "registry" / name).read_text(encoding="utf-8"))[
                    name.split(".")[0]]}
    checked = 0
    for path in sorted((content / "briefings").glob("*/quotes.yaml")):
        page = content_site / "briefings" / path.parent.name / "index.html"
        found = blocks(page, "quote")
        for quote in yaml.safe_load(path.read_text(encoding="utf-8"))["quotes"]:
            words = [normalise(quote["text"]), *([normalise(quote["original"])] if quote.get("original") else [])]
            who = registry[quote["speaker"]] if quote.get("speaker") else quote["role"]
            assert any(all(w in b for w in words) and who in b for b in found), (path, quote["id"])
            checked += 1
    assert checked


# --- the reader's briefing, measured on every briefing of the content, in both editions ---------

SCREEN = (375, 812)  # a phone held upright: the width the site is read at most, one screen's height
MEASURE = """() => {
  const screen = window.innerHeight;
  const first = document.querySelector('.bottom-line .assessment, .bottom-line .no-assessment');
  const notes = [...document.querySelectorAll('.endnotes li')]
      .map(li => li.textContent.replace(/↩[\\s\\S]*$/, '').replace(/^\\s*\\d+\\.\\s*/, '').trim());
  // Every grade the page shows for a source: the badge after each link to it, its row of the sources.
  const grades = {};
  const add = (href, grade) => { (grades[href] = grades[href] || new Set()).add(grade.trim()); };
  document.querySelectorAll('article a[href*="#source-"] + .grade')
      .forEach(g => add(g.previousElementSibling.hash, g.textContent));
  document.querySelectorAll('.sources-table tr').forEach(row => {
    const link = row.querySelector('a[href*="#source-"]'), grade = row.querySelector('td:last-child strong');
    if (link && grade) { add(link.hash, grade.textContent); }
  });
  return {screens: document.documentElement.scrollHeight / screen,
          bottomLine: first ? (first.getBoundingClientRect().top + window.scrollY) / screen : null,
          notes: notes.length, distinctNotes: new Set(notes).size,
          twoGrades: Object.entries(grades).filter(([, g]) => g.size > 1).map(([h, g]) => h + ' ' + [...g].join('/'))};
}"""


def test_no_english_reaches_the_ukrainian_site_unmarked(content: Path, content_site: Path) -> None:
    """Issue 35, on the content: no text of a Ukrainian page's article is English without being
    marked as English, unless it is a name the registry writes in Latin letters
    (tests/test_translation.py). A Ukrainian sentence an editor wrote may name anything in Latin
    letters ("на борту Air Force One"), so only runs without Cyrillic are looked at here."""
    from ..test_translation import english_on

    found = english_on(pipeline.Project(content), content_site, sorted((content_site / "uk").rglob("*.html")),
                       within_ukrainian=False)
    assert not found, f"English on {len(found)} Ukrainian page(s), not marked: {dict(list(found.items())[:8])}"


@pytest.mark.browser
def test_every_briefing_leads_with_the_bottom_line_and_fits_a_phone(content_site: Path, browser: Any) -> None:
    """Issue 34's reader's briefing, on every briefing in both editions at 375 px: the editors'
    assessment (or the statement that there is none) within the first two screens, the page no
    taller than 12 screens with its long sections folded, no note repeated, one grade per source."""
    from ..browsing import served

    pages = sorted(p.parent.relative_to(content_site).as_posix()
                   for p in content_site.glob("**/briefings/*/index.html"))
    assert len(pages) >= 2 * len(list((content_site / "briefings").glob("*/index.html")))
    failures = []
    with served(content_site) as url:
        context = browser.new_context(viewport={"width": SCREEN[0], "height": SCREEN[1]})
        page = context.new_page()
        for path in pages:
            page.goto(f"{url}{path}/", wait_until="load")
            found = page.evaluate(MEASURE)
            if found["bottomLine"] is None or found["bottomLine"] > 2:
                failures.append(f"{path}: the bottom line starts at screen {found['bottomLine']}")
            if found["screens"] > 12:
                failures.append(f"{path}: {found['screens']:.1f} screens at {SCREEN[0]} px")
            if found["notes"] != found["distinctNotes"]:
                failures.append(f"{path}: {found['notes'] - found['distinctNotes']} repeated note(s)")
            failures += [f"{path}: two grades for {which}" for which in found["twoGrades"]]
        context.close()
    assert failures == []
