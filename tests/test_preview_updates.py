"""What the live preview does after a save, besides rendering (tests/test_scale.py covers which
pages it renders): it is woken by the system's notice of the save, reads only the files it was
told of, keeps what the registry's own checks gave, and renders the pages that merely list the
edited briefing at a lower priority than the engine and browser showing the edited page."""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing_site import link, pipeline, validate
from briefing_site.problems import BriefingError
from briefing_site.serve import Preview, Watcher

from .conftest import REPO, copy_project

sys.path.insert(0, str(REPO / "bench"))
import corpus


def _folders(project: pipeline.Project) -> list[Path]:
    return sorted(p for p in project.briefings.iterdir() if p.name != "registry")


def _edit_quote(path: Path, words: str) -> None:
    path.write_text(re.sub(r"^  text: ", f"  text: {words} ", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    project = pipeline.Project(corpus.generate(tmp_path / "project", 6, seed=5))
    running = Preview(project)
    running.update()
    return running


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file validation reads from now on."""
    read: list[Path] = []
    real = validate.read_regular_file

    def counting(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(validate, "read_regular_file", counting)
    return read


def test_after_a_save_the_preview_reads_the_edited_folder_and_the_registry_only(preview: Preview,
                                                                                 reads: list[Path]) -> None:
    project = preview.project
    edited, other = _folders(project)[1], _folders(project)[3]
    _edit_quote(edited / "quotes.yaml", "Saved words.")
    preview.update(preview.changes())
    assert {p.parent for p in reads} == {project.briefings / "registry", edited}
    assert "Saved words." in (project.docs / "briefings" / f"{edited.name}.md").read_text(encoding="utf-8")

    # A folder the preview is not told of is taken as it was: it trusts its watcher and stamps.
    reads.clear()
    _edit_quote(other / "quotes.yaml", "Unannounced words.")
    preview.update({edited / "quotes.yaml"})
    assert other not in {p.parent for p in reads}
    assert "Unannounced words." not in (project.docs / "briefings" / f"{other.name}.md").read_text(encoding="utf-8")
    preview.update(preview.changes())  # the stamps tell of it
    assert "Unannounced words." in (project.docs / "briefings" / f"{other.name}.md").read_text(encoding="utf-8")


def test_a_folder_with_a_warning_is_read_and_its_warning_reported_at_every_update(preview: Preview,
                                                                                  reads: list[Path]) -> None:
    project = preview.project
    warned, edited = _folders(project)[0], _folders(project)[2]
    (warned / "situation.yaml.orig").write_text("left over from a merge\n", encoding="utf-8")
    preview.update(preview.changes())
    for _ in range(2):
        reads.clear()
        _edit_quote(edited / "quotes.yaml", "Again.")
        preview.update(preview.changes())
        assert warned in {p.parent for p in reads}
        _, warnings = pipeline.check(project, cache=preview.cache, save=False)
        assert any(w.file.endswith("situation.yaml.orig") for w in warnings)


def test_files_saved_before_a_failed_update_are_read_by_the_next(preview: Preview, reads: list[Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project = preview.project
    edited = _folders(project)[4]
    _edit_quote(edited / "quotes.yaml", "Saved while the folder was away.")
    changed = preview.changes()
    real = validate.validate_tree
    monkeypatch.setattr(pipeline, "validate_tree", lambda *a, **k: (_ for _ in ()).throw(BriefingError("gone")))
    with pytest.raises(BriefingError):
        preview.update(changed)
    monkeypatch.setattr(pipeline, "validate_tree", real)
    reads.clear()
    preview.update(set())  # nothing new: the failed update's files are read all the same, and no other
    assert {p.parent for p in reads} == {project.briefings / "registry", edited}
    assert "Saved while the folder was away." in (project.docs / "briefings" / f"{edited.name}.md").read_text(
        encoding="utf-8")


def test_the_registry_is_checked_again_only_when_it_changes_and_the_result_is_a_fresh_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    # A source only another source names as its `via`: only the registry's own check uses it.
    sources = project.briefings / "registry" / "sources.yaml"
    text = sources.read_text(encoding="utf-8").replace("    via: kupiansk-report-2024-11", "    via: archived-copy", 1)
    sources.write_text(text + "\n  - id: archived-copy\n    publisher: unattributed-report\n"
                       "    title: An archived copy\n    medium: news-article\n    date: 2024-11-12\n"
                       "    reliability: F\n", encoding="utf-8")
    calls: list[int] = []
    real = link._Checker.check_registry
    monkeypatch.setattr(link._Checker, "check_registry", lambda self: (calls.append(1), real(self))[1])
    cache = validate.FileCache()
    first, _ = pipeline.check(project, cache=cache, save=False)
    again, _ = pipeline.check(project, cache=cache, save=False)
    assert len(calls) == 1  # the same registry entries, the same day: what it gave is kept
    fresh, _ = pipeline.check(project, cache=None)
    assert again.problems == fresh.problems == first.problems
    assert not any("archived-copy" in p.message for p in again.problems)

    people = project.briefings / "registry" / "people.yaml"
    entry = "\n  - id: nobody-yet\n    name: Nobody Yet\n    role: Nobody in particular\n"
    people.write_text(people.read_text(encoding="utf-8") + entry, encoding="utf-8")
    edited, _ = pipeline.check(project, cache=cache, save=False)
    assert len(calls) == 3  # the fresh check above, and this one: the registry changed
    fresh, _ = pipeline.check(project, cache=None)
    assert edited.problems == fresh.problems
    assert any("'nobody-yet' is not referred to" in p.message for p in edited.problems)


def test_the_pages_that_list_the_edited_briefing_are_rendered_at_a_lower_priority(preview: Preview) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("per-thread priority is Linux's")
    project = preview.project
    edited = _folders(project)[2]
    _edit_quote(edited / "quotes.yaml", "Prioritised.")
    priorities: list[tuple[str, int]] = []
    caller = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    preview.update(preview.changes(), on_write=lambda path: priorities.append(
        (path, os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))))
    own = [priority for path, priority in priorities if path.startswith(f"briefings/{edited.name}.")]
    rest = [priority for path, priority in priorities if not path.startswith(f"briefings/{edited.name}.")]
    assert own and rest
    assert set(own) == {caller}  # the edited page at the preview's own priority
    assert min(rest) > caller  # the others after it, lower
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == caller  # the caller's is unchanged


def test_the_watcher_reports_saves_at_once_and_anything_else_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "briefings" / "one"
    folder.mkdir(parents=True)
    quotes = folder / "quotes.yaml"
    quotes.write_text("quotes: []\n", encoding="utf-8")
    messages: list[str] = []
    watcher = Watcher.start([tmp_path / "briefings"], messages.append)
    assert watcher is not None, messages
    try:
        assert watcher.wait(0.3) is None
        quotes.read_bytes()  # reading is not saving
        assert watcher.wait(0.3) is None
        started = time.monotonic()
        quotes.write_text("quotes: [] # saved\n", encoding="utf-8")
        saves = watcher.wait(5)
        assert saves is not None and time.monotonic() - started < 1
        assert saves.written == {quotes} and not saves.anything_else
        (folder / "situation.yaml").write_text("situation: {}\n", encoding="utf-8")
        saves = watcher.wait(5)
        assert saves is not None and saves.anything_else
        temporary = folder / ".quotes.yaml.tmp"  # an editor that saves to a new file and renames it
        temporary.write_text("quotes: []\n", encoding="utf-8")
        temporary.replace(quotes)
        saves = watcher.wait(5)
        assert saves is not None and saves.anything_else
    finally:
        watcher.stop()


def test_the_stamps_of_the_files_the_watcher_names_give_what_changed(preview: Preview) -> None:
    project = preview.project
    quotes = _folders(project)[0] / "quotes.yaml"
    assert preview.changes([quotes]) == set()  # named, but not written since
    time.sleep(0.01)
    _edit_quote(quotes, "Named.")
    swap = quotes.parent / ".quotes.yaml.swp"  # an editor's own file: not the preview's
    swap.write_text("", encoding="utf-8")
    assert preview.changes([swap, quotes]) == {quotes}
    assert not preview.files_added_or_removed
    assert preview.changes() == set()  # the stamp was taken
    time.sleep(0.01)
    _edit_quote(quotes, "Named again.")
    gone = quotes.parent / "situation.yaml"
    gone.unlink()  # named as written, but removed since: every stamp is compared
    assert preview.changes([gone, quotes]) == {gone, quotes}
    assert preview.files_added_or_removed
