"""The pull-request change summary, on pairs of fixture states (base → head)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.changes import as_markdown

from .conftest import REPO, SEED, TODAY, copy_project
from .growth import add_person, copy_briefing


@pytest.fixture
def pair(tmp_path: Path) -> tuple[pipeline.Project, pipeline.Project]:
    return copy_project(tmp_path / "base"), copy_project(tmp_path / "head")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_states_change_nothing(pair: tuple[pipeline.Project, pipeline.Project]) -> None:
    summary, base_ok = pipeline.changes(*pair, TODAY)
    assert base_ok and summary.empty
    assert "Nothing a reader would see changes." in as_markdown(summary)


def test_a_status_change_a_figure_and_a_new_person_are_reported(
        pair: tuple[pipeline.Project, pipeline.Project]) -> None:
    base, head = pair
    situation = head.briefings / SEED / "situation.yaml"
    edit(situation, "      status: disputed\n      credibility: 3", "      status: refuted\n      credibility: 3")
    edit(situation, "value: 3000", "value: 2500")
    add_person(head.briefings, "new-spokesperson", "New Spokesperson", "Spokesperson")
    summary, _ = pipeline.changes(base, head, TODAY)
    assert [(c.claim, c.before, c.after) for c in summary.status_changes] == [
        ("gs-full-control", "disputed", "refuted")]
    assert [(f.figure, f.before, f.after) for f in summary.figure_changes] == [
        ("population-now", "about 3,000 people", "about 2,500 people")]
    assert summary.registry_added == {"people": ["new-spokesperson"]}
    assert summary.briefings_changed == [SEED]
    assert summary.pages_added == ["people/new-spokesperson.md"]
    assert [w.field for w in summary.warnings] == ["people[8].id"]
    text = as_markdown(summary)
    assert "`disputed` → **`refuted`**" in text
    assert "`about 3,000 people` → **`about 2,500 people`**" in text
    assert "## Warnings" in text and "is not referred to by any briefing" in text


def test_an_added_and_a_removed_briefing_list_their_claims_and_pages(
        pair: tuple[pipeline.Project, pipeline.Project]) -> None:
    base, head = pair
    new = copy_briefing(head.briefings, SEED, "2024-12-01", "follow-up")
    summary, _ = pipeline.changes(base, head, TODAY)
    assert summary.briefings_added == [new]
    assert (new, "gs-full-control") in summary.claims_added
    assert f"briefings/{new}.md" in summary.pages_added
    reverse, _ = pipeline.changes(head, base, TODAY)
    assert reverse.briefings_removed == [new]
    assert f"briefings/{new}.md" in reverse.pages_removed


def test_a_base_with_errors_is_compared_as_an_empty_site(pair: tuple[pipeline.Project, pipeline.Project]) -> None:
    base, head = pair
    edit(base.briefings / SEED / "briefing.yaml", "as_of: 2024-11-15", "as_of: not-a-date")
    summary, base_ok = pipeline.changes(base, head, TODAY)
    assert not base_ok
    assert summary.briefings_added == [SEED]
    assert "did not check clean" in as_markdown(summary, base_ok=False)


def test_the_command_writes_the_summary(pair: tuple[pipeline.Project, pipeline.Project], tmp_path: Path) -> None:
    base, head = pair
    edit(head.briefings / SEED / "situation.yaml", "value: 26000", "value: 27000")
    out = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(head.root), "changes",
                             "--base", str(base.root), "--output", str(out)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "`26,000 people` → **`27,000 people`**" in out.read_text(encoding="utf-8")


SUMMARY_HEADINGS = {"# What this pull request changes on the site", "## Briefings changed", "## Claims added",
                    "## Figures changed", "## Pages added", "## Warnings", "## Registry entries changed"}


def outside_code(line: str) -> str:
    """`line` without its code spans (CommonMark: a run of n backticks up to the next run of exactly n)."""
    kept, at = [], 0
    for opening in re.finditer(r"`+", line):
        if opening.start() < at:
            continue
        closing = re.compile(rf"(?<!`){opening.group()}(?!`)").search(line, opening.end())
        if closing is None:
            continue
        kept.append(line[at:opening.start()])
        at = closing.end()
    return "".join(kept) + line[at:]


def test_editor_text_cannot_change_the_summary_s_structure(pair: tuple[pipeline.Project, pipeline.Project]) -> None:
    """What a pull request tried: a figure's unit spanning lines with a heading, mentions, an image from
    another host, a disguised link and an unclosed code fence, and a stray file named with a backtick.
    Every value stays one line inside its code span; the summary's own lines are the only structure."""
    base, head = pair
    situation = head.briefings / SEED / "situation.yaml"
    payload = ("people\n\n# ✅ Approved — all checks passed, safe to merge\n\ncc @octocat @org/team "
               "<img src=https://tracker.example/p.png> [https://github.com](https://evil.example/) "
               "www.evil.example ~~struck~~ :shipit: ```\n")
    edit(situation, "value: 26000", "value: 1")
    edit(situation, "unit: people\n", f"unit: {json.dumps(payload)}\n", )
    (head.briefings / SEED / "notes`](javascript:alert(1)) @octocat <b>.txt").write_text("stray", encoding="utf-8")
    text = as_markdown(pipeline.changes(base, head, TODAY)[0])
    lines = text.splitlines()
    assert {line for line in lines if line.startswith("#")} <= SUMMARY_HEADINGS
    assert all(line == "" or line.startswith(("#", "- ", "The base")) for line in lines), text
    assert "## Warnings" in lines and any("notes" in line for line in lines[lines.index("## Warnings"):])
    for line in lines:
        bare = outside_code(line)
        assert not re.search(r"[@<>\[\]`~]|www\.|https?|:\w+:", bare), (line, bare)
    assert "# ✅ Approved" in text  # shown, as text in a code span


def test_control_changes_are_summarised(tmp_path: Path) -> None:
    living = REPO / "tests" / "fixtures" / "living"
    base = copy_project(tmp_path / "base", content=living)
    head = copy_project(tmp_path / "head", content=living)
    north = "      part: northern districts\n      status: "
    edit(head.briefings / "2025-12-12-counter" / "situation.yaml", north + "ukrainian", north + "contested")
    shutil.rmtree(base.briefings / "2025-12-12-counter")
    edit(base.briefings / "2025-11-21-taken" / "situation.yaml", "      status: russian\n      date: 2025-11-20",
         "      status: contested\n      date: 2025-11-20")
    summary, _ = pipeline.changes(base, head, TODAY)
    changes = {(c.briefing, c.control): (c.before, c.after) for c in summary.control_changes}
    assert changes[("2025-11-21-taken", "gerasimov-taken")] == ("contested", "russian")
    assert changes[("2025-12-12-counter", "khartiia-north")] == ("", "contested")
    text = as_markdown(summary)
    assert "## Who controls what" in text
    assert ("`2025-11-21-taken` / `gerasimov-taken`: `Kupiansk`, according to `russian-mod`: "
            "`contested` → **`russian`**" in text)
