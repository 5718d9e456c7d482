"""The cache of validated files (validate.FileCache, on disk in .cache/checks.pickle): a file that has not
changed is not parsed or validated again, and a check with the cache finds exactly what a check
without it finds."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from briefing_site import caches, pipeline, validate
from briefing_site.link import Site
from briefing_site.problems import ContentError

from .conftest import TODAY


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder (the session shares one for PDFs)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(caches.VARIABLE, str(folder))
    return folder / "checks.pickle"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each check parses, in order."""
    seen: list[str] = []
    real = validate.load_bytes

    def counting(raw: bytes, display: str) -> validate.Document:
        seen.append(display)
        return real(raw, display)

    monkeypatch.setattr(validate, "load_bytes", counting)
    return seen


def _yaml_files(project: pipeline.Project) -> list[str]:
    return sorted(p.relative_to(project.root).as_posix() for p in project.briefings.rglob("*.yaml"))


def _fingerprint(site: Site) -> list[object]:
    """What the check gave, as plain data: every model and where each came from."""
    return [
        [(key, model.model_dump(), model._origin) for key, model in sorted(table.items())]
        for table in (site.people, site.organisations, site.places, site.sources, site.issues, site.topics)
    ] + [[(b.folder, b.briefing.model_dump(), b.situation.model_dump(), [q.model_dump() for q in b.quotes],
           [p.model_dump() for p in b.positions]) for b in site.briefings]] + [site.problems]


def test_a_second_check_parses_nothing_and_finds_the_same(project: pipeline.Project, cache: Path,
                                                          parsed: list[str]) -> None:
    first, _ = pipeline.check(project, TODAY)
    assert sorted(parsed) == _yaml_files(project)
    assert cache.is_file()
    parsed.clear()
    second, _ = pipeline.check(project, TODAY)
    assert parsed == []
    assert _fingerprint(second) == _fingerprint(first)


def test_an_edited_file_alone_is_parsed_again_and_its_error_reported_at_its_line(
        project: pipeline.Project, cache: Path, parsed: list[str]) -> None:
    pipeline.check(project, TODAY)
    quotes = sorted(project.briefings.glob("*/quotes.yaml"))[0]
    lines = quotes.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.lstrip().startswith("speaker:"))
    lines[number] = lines[number].split("speaker:")[0] + "speaker: nobody-of-that-name\n"
    quotes.write_text("".join(lines), encoding="utf-8")
    parsed.clear()
    with pytest.raises(ContentError) as err:
        pipeline.check(project, TODAY)
    assert parsed == [quotes.relative_to(project.root).as_posix()]
    problem = next(p for p in err.value.problems if "nobody-of-that-name" in p.message)
    assert (problem.file, problem.line) == (quotes.relative_to(project.root).as_posix(), number + 1)


def test_a_problem_found_across_files_points_into_a_cached_file_as_without_the_cache(
        project: pipeline.Project, cache: Path, parsed: list[str]) -> None:
    """The registry loses a person the briefings quote: the briefings' files come from the cache,
    and the unknown-id errors in them still name their line and column."""
    pipeline.check(project, TODAY)
    people = project.briefings / "registry" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    quotes = "".join(p.read_text(encoding="utf-8") for p in project.briefings.glob("*/quotes.yaml"))
    entries = text.split("\n  - ")
    speaker = next(name for line in quotes.splitlines() if "speaker:" in line
                   if any(entry.startswith(f"id: {(name := line.split('speaker:')[1].strip())}\n")
                          for entry in entries))
    kept = [entry for entry in entries if not entry.startswith(f"id: {speaker}\n")]
    assert len(kept) == len(entries) - 1
    people.write_text("\n  - ".join(kept), encoding="utf-8")
    parsed.clear()
    with pytest.raises(ContentError) as cached:
        pipeline.check(project, TODAY)
    assert parsed == ["briefings/registry/people.yaml"]
    with pytest.raises(ContentError) as fresh:
        pipeline.check(project, TODAY, cache=validate.FileCache())
    assert any(speaker in p.message and p.file.endswith("quotes.yaml") for p in cached.value.problems)
    assert cached.value.problems == fresh.value.problems


def test_a_file_with_a_problem_is_not_kept_and_is_reported_again(project: pipeline.Project, cache: Path,
                                                                  parsed: list[str]) -> None:
    pipeline.check(project, TODAY)
    situation = sorted(project.briefings.glob("*/situation.yaml"))[0]
    text = situation.read_text(encoding="utf-8")
    situation.write_text(text.replace("summary: ", "summary: TODO ", 1), encoding="utf-8")
    for _ in range(2):
        parsed.clear()
        with pytest.raises(ContentError) as err:
            pipeline.check(project, TODAY)
        assert parsed == [situation.relative_to(project.root).as_posix()]
        assert any("placeholder" in p.message for p in err.value.problems)
    situation.write_text(text + "# fixed\n", encoding="utf-8")  # (the file as it was is still kept)
    parsed.clear()
    pipeline.check(project, TODAY)
    assert parsed == [situation.relative_to(project.root).as_posix()]  # fixed: read, then kept
    parsed.clear()
    pipeline.check(project, TODAY)
    assert parsed == []


def test_new_code_a_damaged_entry_or_a_damaged_store_is_a_miss(project: pipeline.Project, cache: Path,
                                                                parsed: list[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = pipeline.check(project, TODAY)
    stored = pickle.loads(cache.read_bytes())
    damaged = sorted(stored)[:2]
    cache.write_bytes(pickle.dumps({**stored, **{key: (time.time(), b"not a pickle") for key in damaged}}))
    parsed.clear()
    again, _ = pipeline.check(project, TODAY)
    assert len(parsed) == 2
    assert _fingerprint(again) == _fingerprint(first)
    cache.write_bytes(b"not a pickle either")
    parsed.clear()
    again, _ = pipeline.check(project, TODAY)
    assert sorted(parsed) == _yaml_files(project)
    assert _fingerprint(again) == _fingerprint(first)
    monkeypatch.setattr(validate, "_code_version", lambda: b"another version of the checks")
    parsed.clear()
    pipeline.check(project, TODAY)
    assert sorted(parsed) == _yaml_files(project)


def test_an_entry_no_run_used_for_a_day_is_dropped_when_the_store_is_next_written(
        project: pipeline.Project, cache: Path, parsed: list[str]) -> None:
    pipeline.check(project, TODAY)
    stored = pickle.loads(cache.read_bytes())
    old = time.time() - validate.FileCache.UNUSED_FOR - 60
    cache.write_bytes(pickle.dumps({**stored, "an entry of a file long gone": (old, pickle.dumps(None)),
                                    "one of yesterday's": (time.time() - 3600, pickle.dumps(None))}))
    quotes = sorted(project.briefings.glob("*/quotes.yaml"))[0]
    quotes.write_text(quotes.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    pipeline.check(project, TODAY)
    now = pickle.loads(cache.read_bytes())
    assert "an entry of a file long gone" not in now
    assert "one of yesterday's" in now
    assert set(stored) <= set(now) and len(now) == len(stored) + 2  # the edited file's new entry


def test_a_cache_that_cannot_be_written_only_makes_the_check_read_everything(
        project: pipeline.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(caches.VARIABLE, str(blocker))
    for _ in range(2):
        parsed.clear()
        site, _ = pipeline.check(project, TODAY)
        assert sorted(parsed) == _yaml_files(project)
    assert site.briefings
