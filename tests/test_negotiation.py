"""The negotiation record: documents with versions and terms, dated positions, meetings and
deadlines announced for later, and "what changed" and "last updated" computed per thread.

The content is written here, on top of the fixture project, so that these tests do not depend on
the bundled briefings.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.problems import ContentError

from .conftest import TODAY, copy_project
from .golden import render_pages
from .growth import copy_briefing

SEED = "2024-11-15-kupiansk"
SOURCE = "kupiansk-report-2024-11"

REGISTRY = {
    "places.yaml": """
  - id: pokrovsk
    name: Pokrovsk
    kind: city
    region: donetsk-region
    country: Ukraine
    coordinates: {lat: 48.2820, lon: 37.1758}
""",
    "topics.yaml": """
  - id: control-of-pokrovsk
    name: Control of Pokrovsk
    places: [pokrovsk]

  - id: the-plan
    name: The plan
""",
    "issues.yaml": """
  - id: army-size
    name: The size of Ukraine's army
    description: A ceiling on Ukraine's armed forces.
    topics: [the-plan]
""",
}
DOCUMENTS = """
documents:
  - id: plan
    name: The test plan
    kind: proposal
    description: A plan negotiated over.
    topics: [the-plan]
    terms:
      - id: army-cap
        name: Army cap
        issue: army-size
"""


def _briefing(briefings: Path, folder: str, as_of: str, situation: str = "", diplomacy: str = "") -> None:
    path = briefings / folder
    path.mkdir()
    (path / "briefing.yaml").write_text(textwrap.dedent(f"""\
        briefing:
          id: {folder}
          title: Briefing {folder}
          as_of: {as_of}
          summary: What happened by {as_of}.
          takeaways: [Something happened.]
        """), encoding="utf-8")
    (path / "situation.yaml").write_text("situation:\n" + textwrap.indent(textwrap.dedent(situation), "  "),
                                         encoding="utf-8")
    (path / "quotes.yaml").write_text("quotes: []\n", encoding="utf-8")
    (path / "diplomacy.yaml").write_text(textwrap.dedent(diplomacy) or "positions: []\n", encoding="utf-8")


DRAFT = ("2024-11-20-plan-draft", "2024-11-20", f"""\
    events:
      - id: deadline
        kind: deadline
        status: set
        date: 2024-11-28
        announced: 2024-11-20
        announced_by: trump
        topic: the-plan
        document: plan
        summary: Trump sets 28 November as the deadline for an answer.
        sources: [{SOURCE}]
    claims:
      - id: plan-claim
        topic: the-plan
        claimant: trump
        statement: The plan will end the war.
        date: 2024-11-20
        status: unverified
        credibility: 4
        sources: [{SOURCE}]
    """, f"""\
    versions:
      - id: v28
        document: plan
        label: the 28-point draft
        date: ../2024-11-20
        points: 28
        summary: The first draft.
        terms:
          - term: army-cap
            value: 600,000 troops
            amount: 600000
        sources: [{SOURCE}]
    positions:
      - id: zelensky-cap
        document: plan
        term: army-cap
        actor: zelensky
        stance: opposes
        date: ../2024-11-19
        summary: Rejects any cap on the army.
        sources: [{SOURCE}]
    """)
REVISED = ("2024-11-25-plan-revised", "2024-11-25", f"""\
    events:
      - id: deadline-dropped
        kind: deadline
        status: dropped
        date: 2024-11-25
        updates: 2024-11-20-plan-draft/deadline
        topic: the-plan
        document: plan
        summary: Trump drops the deadline.
        sources: [{SOURCE}]
    """, f"""\
    versions:
      - id: v19
        document: plan
        label: the 19-point text
        date: 2024-11-24
        points: 19
        revises: 2024-11-20-plan-draft/v28
        summary: The draft after talks.
        terms:
          - term: army-cap
            value: 800,000 troops
            amount: 800000
        sources: [{SOURCE}]
    positions:
      - id: zelensky-cap-800
        document: plan
        term: army-cap
        actor: zelensky
        stance: conditional
        date: 2024-11-24
        according_to: ukraine-government
        summary: Accepts a cap of 800,000.
        conditions: [if partners guarantee Ukraine's security]
        updates: 2024-11-20-plan-draft/zelensky-cap
        sources: [{SOURCE}]
    """)
POKROVSK = ("2024-11-22-pokrovsk", "2024-11-22", f"""\
    claims:
      - id: pokrovsk-taken
        topic: control-of-pokrovsk
        claimant: ganchev
        statement: Russian forces hold Pokrovsk.
        date: 2024-11-22
        places: [pokrovsk]
        status: disputed
        credibility: 5
        sources: [{SOURCE}]
    control:
      - id: pokrovsk-control
        place: pokrovsk
        status: russian
        date: 2024-11-22
        claimant: ganchev
        topic: control-of-pokrovsk
        sources: [{SOURCE}]
    """, "")


def _negotiation_project(tmp_path: Path) -> pipeline.Project:
    """The fixture project with a document, two briefings on it and a later Kupiansk briefing."""
    project = copy_project(tmp_path / "project")
    registry = project.briefings / "registry"
    for name, entries in REGISTRY.items():
        path = registry / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entries, encoding="utf-8")
    documents = registry / "documents.yaml"  # the fixture's own, and the test plan
    added = DOCUMENTS.split("documents:\n", 1)[1]
    documents.write_text(documents.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8")
    for folder, as_of, situation, diplomacy in (DRAFT, REVISED):
        _briefing(project.briefings, folder, as_of, situation, diplomacy)
    copy_briefing(project.briefings, SEED, "2024-12-01", "kupiansk-again")
    return project


def _checked(project: pipeline.Project) -> None:
    pipeline.check(project, TODAY)  # raises ContentError on any error


def _what_changed(page: str) -> str:
    """A briefing page's "What changed" section ("" if it has none)."""
    found = re.search(r"^## What changed(?: \{ #what-changed \})?\n(.*?)(?=^## )", page, flags=re.M | re.S)
    return found.group(1) if found else ""


def test_a_briefing_on_another_thread_changes_no_what_changed_line(tmp_path: Path) -> None:
    project = _negotiation_project(tmp_path)
    before = render_pages(project)
    _briefing(project.briefings, *POKROVSK)
    _checked(project)
    after = render_pages(project)
    assert "briefings/2024-11-22-pokrovsk.md" in after
    for folder in ("2024-11-25-plan-revised", "2024-12-01-kupiansk-again", SEED, "2024-11-20-plan-draft"):
        page = f"briefings/{folder}.md"
        assert _what_changed(after[page]) == _what_changed(before[page]), folder
    # The Kupiansk briefing compares with the Kupiansk one before it, not with the newer plan briefings.
    kupiansk = _what_changed(after["briefings/2024-12-01-kupiansk-again.md"])
    assert kupiansk and "since [15 November 2024]" in kupiansk and "25 November 2024" not in kupiansk


def test_what_changed_names_versions_deadlines_and_positions_on_their_thread(tmp_path: Path) -> None:
    project = _negotiation_project(tmp_path)
    _checked(project)
    changed = _what_changed(render_pages(project)["briefings/2024-11-25-plan-revised.md"])
    assert "since [20 November 2024]" in changed
    assert "**Version** · the 19-point text, 19 points" in changed
    assert "**Deadline** · dropped: Trump drops the deadline." in changed
    assert "(was set for 28 November 2024)" in changed
    position = next(line for line in changed.splitlines() if line.startswith("- **Position**"))
    assert "Volodymyr Zelensky" in position and "conditional" in position
    assert "was opposes, stated by 19 November 2024" in position


def test_last_updated_only_follows_a_correction_or_a_later_item_updating_this_one(tmp_path: Path) -> None:
    project = _negotiation_project(tmp_path)
    _checked(project)
    pages = render_pages(project)
    # Newer briefings exist, but none updates an item of the seed briefing or corrects it.
    assert "Last updated" not in pages[f"briefings/{SEED}.md"]
    # The revised briefing updates the draft's deadline and position: the draft's page says so.
    draft = pages["briefings/2024-11-20-plan-draft.md"]
    assert "Last updated 25 November 2024." in draft
    assert "<strong>Updated by later briefings</strong>" in draft and "#event-deadline-dropped" in draft
    head = project.briefings / SEED / "briefing.yaml"
    head.write_text(head.read_text(encoding="utf-8").rstrip("\n") + "\n  corrections:\n    - date: 2024-11-18\n"
                    "      text: The population figure was corrected.\n", encoding="utf-8")
    assert "Last updated 18 November 2024." in render_pages(project)[f"briefings/{SEED}.md"]


def test_the_document_page_sets_versions_side_by_side_with_stances_and_chronology(tmp_path: Path) -> None:
    project = _negotiation_project(tmp_path)
    _checked(project)
    pages = render_pages(project)
    page = pages["documents/plan.md"]
    row = next(line for line in page.splitlines() if 'id="term-army-cap"' in line)
    assert row.index("600,000 troops") < row.index("800,000 troops")  # oldest version first
    stances = page[page.index("## Positions on each term"):page.index("## Chronology")]
    assert stances.index("Accepts a cap of 800,000") < stances.index("Rejects any cap")  # newest stated first
    assert "stated by 19 November 2024" in stances and "if partners guarantee" in stances
    chronology = page[page.index("## Chronology"):]
    assert "deadline: set" in chronology and "deadline: dropped" in chronology
    # The site plan links the document from the matrix, the issue and the topic, and back.
    assert "(../documents/plan.md)" in pages["diplomacy/index.md"]
    assert "(../documents/plan.md)" in pages["diplomacy/army-size.md"]
    assert "(../diplomacy/army-size.md)" in pages["topics/the-plan.md"]
    assert "(../topics/the-plan.md)" in page
    # Its feed follows the briefings on it, not the others.
    feed = pages["documents/plan.xml"]
    assert "2024-11-25-plan-revised" in feed and "2024-11-20-plan-draft" in feed and "kupiansk" not in feed
    # The matrix shows the date the newest position was stated, not the briefing's.
    row = next(line for line in pages["diplomacy/index.md"].splitlines() if line.startswith("| [Volodymyr Zelensky]"))
    assert "stated 24 November 2024" in row and "according to Government of Ukraine" in row


@pytest.mark.parametrize("status, ok", [("scheduled", True), ("held", False)])
def test_only_a_meeting_announced_for_later_may_lie_after_the_briefing(tmp_path: Path, status: str,
                                                                         ok: bool) -> None:
    project = _negotiation_project(tmp_path)
    _briefing(project.briefings, "2024-11-26-meeting", "2024-11-26", f"""\
        events:
          - id: talks
            kind: meeting
            status: {status}
            date: 2024-12-02
            announced: 2024-11-26
            summary: Talks in Moscow.
            sources: [{SOURCE}]
        """)
    try:
        _, problems = pipeline.check(project, TODAY)
    except ContentError as refused:
        problems = refused.problems
    errors = [p for p in problems if p.severity == "error"]
    if ok:
        assert not errors
    else:
        assert len(errors) == 1 and "as-of date earlier than the events it reports" in errors[0].message
        assert "'status: scheduled'" in errors[0].hint  # not only "move the briefing's date"


def test_an_id_of_another_kind_gets_a_hint_that_does_not_make_a_clash(tmp_path: Path) -> None:
    """`speaker: kharkiv-region` names a place: adding a person with that id would clash with it."""
    project = copy_project(tmp_path / "project")
    quotes = project.briefings / SEED / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("speaker: besedin", "speaker: kharkiv-region", 1),
                      encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        pipeline.check(project, TODAY)
    (problem,) = [p for p in refused.value.problems if p.field.endswith("speaker")]
    assert "is listed in registry/places.yaml" in problem.hint and "add 'kharkiv-region'" not in problem.hint
