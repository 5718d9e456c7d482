"""At scale: a generated corpus checks clean, an edit rewrites only what it changes, and the
live preview picks up an edit. Behaviour only: the timings are in bench/benchmark.py."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from briefing_site import model, pipeline, views
from briefing_site import plan as plan_module
from briefing_site.plan import PAGE_LIMIT
from briefing_site.views import matrix_rows

from .conftest import REPO, SEED, TODAY, copy_project

sys.path.insert(0, str(REPO / "bench"))
import corpus


@pytest.fixture(scope="module")
def corpus_text() -> dict[str, str]:
    return dict(corpus.briefing_files(50, seed=7))


def test_corpus_is_deterministic_and_grows_its_registry(corpus_text: dict[str, str]) -> None:
    assert dict(corpus.briefing_files(50, seed=7)) == corpus_text
    assert dict(corpus.briefing_files(50, seed=8)) != corpus_text
    folders = {rel.split("/")[0] for rel in corpus_text} - {"registry"}
    assert len(folders) == 50
    small = dict(corpus.briefing_files(5, seed=7))
    people = corpus_text["registry/people.yaml"].count("\n- id: ")
    assert people > small["registry/people.yaml"].count("\n- id: ")
    assert re.search(r"[А-Яа-яІіЇїЄє]", corpus_text["registry/places.yaml"]), "Cyrillic aliases expected"


def test_generated_corpus_checks_without_errors_or_warnings(tmp_path: Path) -> None:
    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=7))
    site, warnings = pipeline.check(project, TODAY)
    assert len(site.briefings) == 50
    assert warnings == []


def test_an_edit_at_scale_rewrites_only_the_pages_showing_it(tmp_path: Path) -> None:
    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=7))
    pipeline.generate(project, TODAY, printouts=False)
    # The primary language's pages (the report is the primary edition's; /uk/ has the same plan).
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.docs.rglob("*.md")
              if p.relative_to(project.docs).parts[0] != "uk"}
    folder = sorted(p for p in project.briefings.iterdir() if p.name != "registry")[10]
    quotes = folder / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    speaker = re.search(r"^  speaker: (\S+)$", text, re.M)
    assert speaker is not None
    quotes.write_text(re.sub(r"^  text: ", "  text: Edited words. ", text, count=1, flags=re.M), encoding="utf-8")
    time.sleep(0.01)  # so that a rewrite would show in the modification time

    site, report = pipeline.generate(project, TODAY, printouts=False)
    site = site.site

    def page_of(ident: str) -> str:
        """The page of an entry that shows this briefing: its own page while the briefing is among
        the newest it mentions, else the archive page (a year's, a month's) listing it (pages stay
        bounded: see test_bounded_pages)."""
        section = "people" if ident in site.people else "organisations"
        archive = [page for page in sorted((project.docs / section / ident).glob("*.md"))
                   if f"briefings/{folder.name}.md" in page.read_text(encoding="utf-8")]
        assert len(archive) <= 1
        return archive[0].relative_to(project.docs).as_posix() if archive else f"{section}/{ident}.md"

    edited = next(b for b in site.briefings if b.folder == folder.name).quotes[0]
    publisher = site.sources[edited.source].publisher  # its page lists what cites its sources
    # 50 briefings hold more quotes than one page should: they are split by month (the briefing's)
    expected = {f"briefings/{folder.name}.md", f"quotes/{folder.name[:7]}.md", page_of(speaker.group(1)),
                page_of(publisher), "data/record.json", "data/quotes.csv"}  # the open data holds the quote too
    assert set(report.written) == expected
    assert report.removed == []
    for path, (data, mtime) in before.items():
        rel = path.relative_to(project.docs).as_posix()
        if rel not in expected:
            assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, mtime), rel
    assert "Edited words." in (project.docs / "briefings" / f"{folder.name}.md").read_text(encoding="utf-8")


def test_at_scale_quotes_and_timeline_get_a_page_per_month(tmp_path: Path) -> None:
    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=7))
    plan, _ = pipeline.generate(project, TODAY, printouts=False)
    for section, count in (("quotes", sum(len(b.quotes) for b in plan.site.briefings)),
                           ("timeline", len(plan.index.timeline))):
        index = (project.docs / section / "index.md").read_text(encoding="utf-8")
        months = sorted(p for p in (project.docs / section).glob("*.md") if p.name != "index.md")
        assert len(months) > 1
        listed = re.findall(rf"\]\(\.\./{section}/(\d{{4}}-\d{{2}}(?:-\d+)?)\.md\)", index)  # "-2": a month's part 2
        assert sorted(listed) == sorted(p.stem for p in months)
        pattern = r'id="quote-([^"]+)"' if section == "quotes" else r"^- \*\*"
        on_page = [re.findall(pattern, p.read_text(encoding="utf-8"), re.M) for p in months]
        assert max(len(found) for found in on_page) <= PAGE_LIMIT
        anchors = [a for found in on_page for a in found]
        assert len(anchors) == count and len(set(anchors)) == (count if section == "quotes" else 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, needle: str, process: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve stopped early"
        if needle in _fetch(url):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_serve_regenerates_the_page_after_a_yaml_edit(tmp_path: Path) -> None:
    """The engine makes again only what the preview wrote (or a hand-written page saved), without
    building the whole site again."""
    project = copy_project(tmp_path / "project")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "serve",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/briefings/{SEED}/"
    try:
        assert _wait_for(url, "Voice of America", process, timeout=180), "the preview never came up"
        started = len(log_path.read_text(errors="replace"))
        quotes = project.briefings / SEED / "quotes.yaml"
        quotes.write_text(quotes.read_text(encoding="utf-8").replace(
            "context: Told Voice of America", "context: Freshly edited, told Voice of America"), encoding="utf-8")
        assert _wait_for(url, "Freshly edited, told Voice of America", process, timeout=180), (
            "the edit never reached the preview:\n" + log_path.read_text(errors="replace"))
        about = project.docs / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA sentence saved during the preview.\n",
                         encoding="utf-8")
        assert _wait_for(f"http://127.0.0.1:{port}/about/", "A sentence saved during the preview", process, 60), (
            "the hand-written page never reached the preview:\n" + log_path.read_text(errors="replace"))
        since = log_path.read_text(errors="replace")[started:]
        written = [int(n) for n in re.findall(r"re-rendered in \d+ ms: (\d+) page\(s\) changed", since)]
        rebuilt = [int(n) for n in re.findall(r"Rebuilt (\d+) page\(s\)", since)]
        # each page as it is written (the engine may take several in one go), then the hand-written one
        assert written and written[0] > 0 and sum(rebuilt) == sum(written) + 1 and rebuilt[-1] == 1, since
        assert "Building documentation" not in since, since
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_the_preview_re_renders_an_edited_briefing_exactly_as_a_full_build(tmp_path: Path) -> None:
    from briefing_site.serve import Preview

    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=3))
    preview = Preview(project)
    preview.update()
    folder = sorted(p for p in project.briefings.iterdir() if p.name != "registry")[4]
    quotes, situation = folder / "quotes.yaml", folder / "situation.yaml"
    # a new speaker (and the old one dropped) and a new actor: pages of entries gained and lost
    text = quotes.read_text(encoding="utf-8")
    old_speaker = re.search(r"^  speaker: (\S+)$", text, re.M)
    new_speaker = re.search(r"^- id: (\S+)$", (project.briefings / "registry" / "people.yaml")
                            .read_text(encoding="utf-8"), re.M)
    assert old_speaker and new_speaker
    for path in folder.glob("*.yaml"):  # the old speaker disappears from this briefing altogether
        path.write_text(re.sub(rf"\b{old_speaker.group(1)}\b", new_speaker.group(1), path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    situation.write_text(situation.read_text(encoding="utf-8").replace("  summary: ", "  summary: Edited. ", 1),
                         encoding="utf-8")
    # and a new title, which the list of briefings shows too (laid out before the briefings' pages)
    head = folder / "briefing.yaml"
    data = yaml.safe_load(head.read_text(encoding="utf-8"))
    data["briefing"]["title"] = f"Retitled {data['briefing']['title']}"
    head.write_text(corpus.dump(data), encoding="utf-8")
    time.sleep(0.01)
    changed = preview.changes()
    assert quotes in changed and situation in changed and all(p.parent == folder for p in changed)

    told: list[tuple[str, bool]] = []  # each page the preview says it wrote, and whether it was there then
    partial = preview.update(changed, on_write=lambda path: told.append((path, (project.docs / path).is_file())))

    assert f"briefings/{folder.name}.md" in partial.written
    assert partial.held == ["data/claims.csv", "data/control.csv", "data/figures.csv", "data/positions.csv",
                            "data/quotes.csv", "data/record.json",
                            "data/versions.csv"]  # the open data, written when the editor pauses
    record = (project.docs / "data" / "record.json").read_bytes()
    assert b"Edited." not in record
    assert sorted(told) == [(path, True) for path in partial.written]
    # The edited briefing's own page (and map) first, before the rest of the site is laid out.
    assert told[0][0].startswith(f"briefings/{folder.name}."), told[:3]
    assert any(path.startswith("briefings/archive/") or path == "briefings/index.md" for path, _ in told), told
    settled = preview.settle(on_write=lambda path: told.append((path, True)))
    assert settled is not None and "data/record.json" in settled.written
    assert b"Edited." in (project.docs / "data" / "record.json").read_bytes()
    assert ("data/record.json", True) in told
    full = pipeline.generate(project, translations=False, printouts=False)[1]  # nothing left to change
    assert full.written == [] and full.removed == []


def test_at_scale_the_diplomacy_matrix_shows_the_most_engaged_actors_and_names_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "MATRIX_CELLS", 120)  # fewer than this corpus's actors × issues
    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=7))
    plan, _ = pipeline.generate(project, TODAY, printouts=False, translations=False)
    holders = {p.actor for b in plan.site.briefings for p in b.positions}
    shown = matrix_rows(len(plan.site.issues))
    assert len(holders) > shown  # else this corpus does not test the bound
    page = (project.docs / "diplomacy" / "index.md").read_text(encoding="utf-8")
    table, rest = page.split("</div>", 1)
    rows = re.findall(r"^\| \[[^]]+\]\(\.\./(?:people|organisations)/([\w-]+)\.md\) \|", table, re.M)
    named = re.findall(r"\]\(\.\./(?:people|organisations)/([\w-]+)\.md\)", rest.split("## Issues")[0])
    assert len(rows) == shown
    assert sorted(rows + named) == sorted(holders)  # everyone who took a position is on the page once
    issues_held = {a: len({p.issue for b in plan.site.briefings for p in b.positions if p.actor == a}) for a in holders}
    assert min(issues_held[a] for a in rows) >= max(issues_held[a] for a in named)


def test_at_scale_the_source_register_gets_a_page_per_month_and_every_link_finds_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_module, "SPLIT_ABOVE", 20)  # the corpus's sources, more than a page holds
    project = pipeline.Project(corpus.generate(tmp_path / "project", 50, seed=7))
    plan, _ = pipeline.generate(project, TODAY, printouts=False, translations=False)
    pages = {p.relative_to(project.docs).as_posix(): p.read_text(encoding="utf-8")
             for p in (project.docs / "sources").glob("*.md")}
    months = {path: text for path, text in pages.items() if path != "sources/index.md"}
    assert len(months) > 1
    where = {anchor: path for path, text in months.items() for anchor in re.findall(r'id="(source-[^"]+)"', text)}
    assert len(where) == len(plan.site.sources) == sum(text.count('class="source-entry"') for text in months.values())
    briefing = (project.docs / "briefings" / f"{plan.site.briefings[0].folder}.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(\.\./(sources/[\w-]+\.md)#(source-[^)]+)\)", briefing)
    assert links and all(where[anchor] == path for path, anchor in links)


def test_the_preview_writes_the_cache_of_checked_files_when_the_editor_pauses_not_at_each_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_site.caches import VARIABLE
    from briefing_site.serve import Preview

    monkeypatch.setenv(VARIABLE, str(tmp_path / "cache"))  # not the run's shared one
    project = pipeline.Project(corpus.generate(tmp_path / "project", 5, seed=3))
    store = project.caches.checks
    preview = Preview(project)
    preview.update()
    assert not store.exists()  # written only when the editor pauses (at the start too)
    preview.settle()
    assert store.is_file()
    written = store.read_bytes()
    quotes = sorted(p for p in project.briefings.iterdir() if p.name != "registry")[2] / "quotes.yaml"
    quotes.write_text(re.sub(r"^  text: ", "  text: Edited words. ", quotes.read_text(encoding="utf-8"), count=1,
                             flags=re.M), encoding="utf-8")
    preview.update(preview.changes())
    assert "Edited words." in (project.docs / "briefings" / f"{quotes.parent.name}.md").read_text(encoding="utf-8")
    assert store.read_bytes() == written
    preview.settle()
    assert store.read_bytes() != written  # the edited file's entry, for the next run
    fresh = Preview(project)  # a new run finds the edited file's entry and does not parse it again
    assert fresh.cache.get(f"briefings/{quotes.parent.name}/quotes.yaml", model.QuotesFile,
                           quotes.read_bytes()) is not None
