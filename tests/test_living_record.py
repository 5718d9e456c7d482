"""The record over time, on a fixture project of its own (tests/fixtures/living/): three briefings
on one city whose claims, control claims, figures and assessments follow each other.

Control of a place as data, threads (topics) across briefings with `updates`, the editors'
assessments apart from claims, dates as reported (EDTF), ranges, unnamed speakers, translated
quotes with their original wording, organisations inside organisations, and what changed from
one briefing to the next."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.dates import ReportedDate
from briefing_site.problems import ContentError, errors_only

from .conftest import REPO, TODAY, copy_project
from .golden import render_pages
from .sitetext import article_text

LIVING = REPO / "tests" / "fixtures" / "living"
SEPTEMBER, NOVEMBER, DECEMBER = "2025-09-03-half", "2025-11-21-taken", "2025-12-12-counter"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return render_pages(copy_project(tmp_path_factory.mktemp("living") / "project", content=LIVING))


@pytest.fixture
def living(tmp_path: Path) -> pipeline.Project:
    return copy_project(tmp_path / "project", content=LIVING)


def section(page: str, heading: str) -> str:
    """The Markdown of one '## heading' section of a page."""
    folded = r'(?: <span class="count">[^\n]*| \{ #[\w-]+ \})?'  # a folded section's count and id, or an id
    match = re.search(rf"^## {re.escape(heading)}{folded}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert match, f"no section '{heading}'"
    return match.group(1)


def test_the_living_fixture_checks_clean() -> None:
    site, warnings = pipeline.check(pipeline.Project(LIVING), TODAY)
    assert [b.briefing.id for b in site.briefings] == [DECEMBER, NOVEMBER, SEPTEMBER]
    assert warnings == []


# --- dates as reported -----------------------------------------------------------------------


@pytest.mark.parametrize(("written", "label", "exactness"), [
    (dt.date(2025, 11, 20), "20 November 2025", "exact day"),
    ("2025-11", "November 2025", "month only"),
    (2014, "2014", "year only"),
    ("2024-06~", "about June 2024", "approximate, month only"),
    ("2024-22", "summer 2024", "season only"),
    ("2024-11-11/2024-11-17", "11–17 November 2024", "a period"),
    ("2025-09-28/..", "since 28 September 2025, ongoing", "ongoing"),
    ("2025-12-12?", "12 December 2025 (uncertain)", "uncertain, exact day"),
    ("../2025-11-23", "by 23 November 2025", "on or before"),
])
def test_a_reported_date_says_how_exact_it_is(written: object, label: str, exactness: str) -> None:
    date = ReportedDate.of(written)
    assert (date.label(), date.precision()) == (label, exactness)


@pytest.mark.parametrize("written", ["mid-2024", "2024-13", "2024-11-17/2024-11-11", "../..", "", "yesterday"])
def test_text_that_is_no_reported_date_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        ReportedDate.of(written)


def test_vague_dates_sort_where_a_reader_expects_them() -> None:
    dates = ["2024-11-13", "2024-11", "2024-10-31", "2024-11-30", "2024", "2024-11-11/2024-11-17", "2024-11-01/.."]
    ordered = sorted((ReportedDate.of(d) for d in dates), key=lambda d: d.sort_key)
    # By the latest possible day, then the earliest; an ongoing state by when it began.
    assert [d.text for d in ordered] == ["2024-10-31", "2024-11-01/..", "2024-11-13", "2024-11-11/2024-11-17",
                                         "2024-11", "2024-11-30", "2024"]


def test_the_timeline_is_newest_first_and_labels_vague_dates(pages: dict[str, str]) -> None:
    timeline = pages["timeline/index.md"]
    ongoing = timeline.index("**since 28 August 2025, ongoing**")
    month = timeline.index("**September 2025**")
    assert month < ongoing, "September 2025 is newer than 28 August 2025"


# --- control of a place --------------------------------------------------------------------


def test_the_place_page_shows_control_history_newest_first_with_assessments_apart(pages: dict[str, str]) -> None:
    place = section(pages["places/kupiansk.md"], "Who controls it")
    claims, _, assessments = place.partition("### Our assessments")
    rows = [line for line in claims.splitlines() if line.startswith("| [Kupiansk]")]
    as_of = [re.search(r"As of: </span>([^|]+?) \|", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert as_of == ["12 December 2025", "12 December 2025", "20 November 2025", "20 November 2025",
                     "3 September 2025", "3 September 2025"]
    assert "(half of the city)" in rows[-2] and "(northern districts)" in rows[1]
    assert "Our assessment" not in claims and "We assess" not in claims
    assert [m for m in re.findall(r"<strong>As of ([^<]+)</strong>", assessments)] == [
        "12 December 2025", "21 November 2025", "3 September 2025"]
    assert "low confidence" in assessments and "assessed control: Kupiansk (outskirts)" in assessments


def test_a_control_status_no_value_fits_gets_advice(living: pipeline.Project) -> None:
    path = living.briefings / DECEMBER / "situation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: ukrainian", "status: liberated", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(living, TODAY)
    (problem,) = errors_only(caught.value.problems)
    assert problem.field == "situation.control[0].status"
    assert problem.hint.startswith("if the sources disagree, record each claim with its own status")


# --- threads across briefings ----------------------------------------------------------------


def test_a_topic_page_shows_every_item_over_time(pages: dict[str, str]) -> None:
    topic = pages["topics/control-of-kupiansk.md"]
    headings = re.findall(r"^## \[([^\]]+)\]", topic, re.M)
    assert headings == ["12 December 2025", "21 November 2025", "3 September 2025"]
    november = section(topic, f"[21 November 2025](../briefings/{NOVEMBER}.md): Gerasimov says Kupiansk is taken; "
                              "Ukraine denies it")
    kinds = re.findall(r"^- \*\*(Our assessment|Control|Claim|Figure)\*\*", november, re.M)
    assert kinds == ["Our assessment", "Control", "Control", "Claim", "Claim"]
    assert 'status-refuted">refuted' in november
    september = section(topic, f"[3 September 2025](../briefings/{SEPTEMBER}.md): Russia claims half of Kupiansk")
    assert 'status-disputed">disputed' in september
    front = pages["topics/length-of-front-line.md"]
    assert front.index("**1,200 km**") < front.index("**1,000 km**")


def test_a_claim_that_updates_an_earlier_one_links_back(pages: dict[str, str]) -> None:
    briefing = pages[f"briefings/{NOVEMBER}.md"]
    assert ("Updates the claim of 3 September 2025, then *disputed*: [“Russian troops hold about half of "
            f"Kupiansk.”](../briefings/{SEPTEMBER}.md#claim-mod-half)") in briefing


@pytest.mark.parametrize(("updates", "message"), [
    (f"{DECEMBER}/mod-half", f"no earlier briefing '{DECEMBER}'"),
    (f"{SEPTEMBER}/no-such-claim", f"briefing '{SEPTEMBER}' has no claim 'no-such-claim'"),
    (f"{SEPTEMBER}/front-length", f"briefing '{SEPTEMBER}' has no claim 'front-length'"),
])
def test_updates_must_name_an_item_of_an_earlier_briefing(living: pipeline.Project, updates: str,
                                                          message: str) -> None:
    path = living.briefings / NOVEMBER / "situation.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"updates: {SEPTEMBER}/mod-half", f"updates: {updates}"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(living, TODAY)
    (problem,) = errors_only(caught.value.problems)
    assert (problem.field, problem.message.startswith(message)) == ("situation.claims[0].updates", True)


# --- what changed, and the home page ----------------------------------------------------------


def test_each_briefing_says_what_changed_since_the_previous_one(pages: dict[str, str]) -> None:
    november = section(pages[f"briefings/{NOVEMBER}.md"], "What changed")
    assert f"since [3 September 2025](../briefings/{SEPTEMBER}.md)" in november  # the previous on the same thread
    assert ("**Control** · Kupiansk: <span class=\"control control-russian\">russian</span>, according to "
            "[Russian Ministry of Defence](../organisations/russian-mod.md) (was *russian* for half of the city as "
            "of 3 September 2025)") in november
    assert "is now **refuted** (was *disputed* on 3 September 2025)" in november
    assert "Length of the front line: **1,200 km** (was 1,000 km on 3 September 2025)" in november
    assert "**First mentioned** · [Valery Gerasimov](../people/gerasimov.md)" in november
    assert "General Staff" not in november.split("**Claim status**")[0], "an unchanged control claim is no change"
    december = section(pages[f"briefings/{DECEMBER}.md"], "What changed")
    assert "since [21 November 2025]" in december
    assert "Kupiansk (northern districts): <span class=\"control control-ukrainian\">ukrainian</span>" in december
    assert "(new)" in december
    assert "What changed" not in pages[f"briefings/{SEPTEMBER}.md"]


def test_briefings_link_to_the_previous_and_the_next(pages: dict[str, str]) -> None:
    november = pages[f"briefings/{NOVEMBER}.md"]
    assert f"← Older briefing: [Russia claims half of Kupiansk](../briefings/{SEPTEMBER}.md)" in november
    newer = f"Newer briefing: [Ukraine says it has retaken the north of Kupiansk](../briefings/{DECEMBER}.md)"
    assert newer in november
    assert "Older briefing:" not in pages[f"briefings/{SEPTEMBER}.md"]
    assert "Newer briefing:" not in pages[f"briefings/{DECEMBER}.md"]


def test_home_shows_current_control_latest_assessments_and_recent_briefings(pages: dict[str, str]) -> None:
    home = pages["index.md"]
    control = home[home.index("### Who controls what"):home.index("### What changed")]
    kupiansk = control[control.index("**[Kupiansk]"):control.index("</div>")]
    assert ("our assessment as of 12 December 2025 (moderate confidence): Kupiansk: "
            '<span class="control control-ukrainian">ukrainian</span>') in kupiansk
    rows = [line for line in kupiansk.splitlines() if line.startswith("- ")]
    assert len(rows) == 3, "each claimant's newest word; the ministry's 'half of the city' is superseded"
    assert ["Russian Ministry of Defence" in rows[0], rows[1].startswith("- northern districts:"),
            "General Staff" in rows[2]] == [True, True, True]
    bottom = section(home, "The editors' bottom line")
    assert "[Control of Kupiansk](topics/control-of-kupiansk.md)** (moderate confidence, as of 12 December 2025)" \
        in bottom
    recent = section(home, "Recent briefings")
    assert recent.index(DECEMBER) < recent.index(NOVEMBER) < recent.index(SEPTEMBER)


# --- figures, quotes, organisations ---------------------------------------------------------


def test_a_range_and_the_date_a_figure_applies_are_shown(pages: dict[str, str]) -> None:
    figures = section(pages[f"briefings/{NOVEMBER}.md"], "Key figures")
    assert "**70–80 %**" in figures
    assert "Length of the front line <span class=\"figure-date\">(November 2025)</span>" in figures


def test_an_unnamed_speaker_is_attributed_to_the_source_that_carries_it(pages: dict[str, str]) -> None:
    quotes = section(pages[f"briefings/{SEPTEMBER}.md"], "Quotes")
    assert ("— a Ukrainian military statement (speaker not named), as carried by **[A wire service]"
            "(../organisations/wire-service.md)**") in quotes
    assert "“All such attempts are pointless”" in pages["organisations/wire-service.md"]


def test_a_translated_quote_shows_its_original_wording(pages: dict[str, str]) -> None:
    quotes = section(pages[f"briefings/{DECEMBER}.md"], "Quotes")
    assert '<p class="original" lang="ru">Original: “Купянск находится под контролем российских подразделений”</p>' \
        in quotes
    assert "translated" in quotes


def test_an_original_without_translated_is_an_error(living: pipeline.Project) -> None:
    path = living.briefings / DECEMBER / "quotes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    translated: true\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(living, TODAY)
    (problem,) = errors_only(caught.value.problems)
    assert (problem.field, problem.message) == (
        "quotes[1].original", "original wording given for a quote not marked as translated")


def test_an_organisation_inside_another_links_to_it(pages: dict[str, str]) -> None:
    assert "**Military**, part of [National Guard of Ukraine](../organisations/national-guard-ua.md)" in pages[
        "organisations/khartiia-corps.md"]


def test_sources_show_their_original_archive_language_and_grade_reason(pages: dict[str, str]) -> None:
    register = pages["sources/index.md"]
    entry = register[register.index('id="source-wire-half-2025-09"'):]
    entry = entry[:entry.index("</div>")]
    assert "in English · reliability **B** (usually reliable): Wire copy that attributes every claim" in entry
    assert "Original: <https://example.org/wire/half>" in entry or "https://example.org/wire/half" in entry
    assert "archived copy:" in entry and "retrieved 4 September 2025" in entry


# --- migration from the earlier format -------------------------------------------------------


def test_a_project_in_the_earlier_format_is_told_what_to_change(living: pipeline.Project) -> None:
    (living.briefings / "registry" / "topics.yaml").unlink()
    path = living.briefings / SEPTEMBER / "situation.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      date: 2025-09\n      places: [kupiansk]\n",
                        "      date: 2025-09-01\n      date_precision: month\n      place: kupiansk\n")
    path.write_text(text.replace("topic: control-of-kupiansk", "topic: Control of Kupiansk", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.check(living, TODAY)
    messages = [(p.file.split("/")[-1], p.line, p.field, p.message, p.hint) for p in errors_only(caught.value.problems)]
    assert ("topics.yaml", 1, "", "registry file is missing", "create topics.yaml; see CONTRIBUTING.md") in messages
    assert ("situation.yaml", 12, "situation.events[1].date_precision",
            "'date_precision' was replaced by dates as reported (EDTF) in 'date'",
            "write 'date: 2025-09' and remove this line") in messages
    assert ("situation.yaml", 13, "situation.events[1].place",
            "events now take a list of places: 'place' became 'places'", "write 'places: [kupiansk]'") in messages
    assert any(m[2] == "situation.claims[0].topic" and "add '- id: control-of-kupiansk' with 'name: Control of "
               "Kupiansk' to registry/topics.yaml" in m[4] for m in messages)


@pytest.mark.slow
def test_the_living_fixture_builds_strictly_and_reads_well(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=LIVING)
    pipeline.build(project, TODAY, search=False)
    text = article_text(project.site / "places" / "kupiansk" / "index.html")
    assert "Who controls it" in text and "northern districts" in text
    assert (project.site / "topics" / "control-of-kupiansk" / "index.html").is_file()
    shutil.rmtree(project.site)


# --- roles that change over time ----------------------------------------------------------------

GANCHEV = "    role: Moscow-installed official\n"


def _with_roles(project: pipeline.Project, roles: str) -> None:
    people = project.briefings / "registry" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert GANCHEV in text
    people.write_text(text.replace(GANCHEV, "    role: Head of the occupation administration\n" + roles, 1),
                      encoding="utf-8")


def test_a_claim_shows_the_role_its_claimant_held_on_its_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _with_roles(project, "    roles:\n      - role: Moscow-installed official\n        until: 2024-12-31\n")
    pages = render_pages(project)
    card = pages["briefings/2024-11-15-kupiansk.md"].split('id="claim-ganchev-foothold"')[1].split("</p>")[0]
    assert "Moscow-installed official" in card and "Head of the occupation" not in card
    person = pages["people/ganchev.md"]
    assert "**Moscow-installed official**" in person  # the role he held on the page's date, 15 November 2024
    assert ("Roles over time: Moscow-installed official (until 31 December 2024); "
            "now: Head of the occupation administration") in person


def test_a_role_that_covers_no_date_of_a_claim_leaves_the_current_role(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _with_roles(project, "    roles:\n      - role: Moscow-installed official\n        since: 2022-03\n"
                         "        until: 2022-09\n")
    card = render_pages(project)["briefings/2024-11-15-kupiansk.md"].split('id="claim-ganchev-foothold"')[1]
    assert "Head of the occupation administration" in card.split("</p>")[0]


def test_a_role_ending_before_it_begins_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _with_roles(project, "    roles:\n      - role: Moscow-installed official\n        since: 2024-12\n"
                         "        until: 2024-01\n")
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    (problem,) = errors_only(caught.value.problems)
    assert problem.file.endswith("people.yaml") and problem.field.endswith("roles[0].until")
    lines = (project.briefings / "registry" / "people.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "until: 2024-01"
    assert "cannot end before it begins" in problem.message


def test_a_persons_page_gives_the_role_held_on_the_pages_date(tmp_path: Path) -> None:
    from briefing_site.index import build_index
    from briefing_site.plan import Plan
    from briefing_site.render import render
    from briefing_site.views import SiteInfo

    project = copy_project(tmp_path / "project")
    people = project.briefings / "registry" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    old = "    role: Donald Trump's nominee for White House national security adviser\n"
    assert old in text
    people.write_text(text.replace(old, (
        "    role: United States ambassador to the United Nations\n"
        "    roles:\n"
        "      - role: Donald Trump's nominee for White House national security adviser\n"
        "        since: 2024-11-11\n        until: 2025-01-19\n")), encoding="utf-8")  # the page's date: 15 Nov 2024
    site, _ = pipeline.check(project, TODAY)
    plan = Plan(site, build_index(site), SiteInfo(name="Site", url="http://127.0.0.1:8000/", description=""))
    page = str(render(plan, project.templates, only={"people/waltz.md"})["people/waltz.md"])
    # As of the page's date (15 November 2024) he was the nominee, whatever his role is now.
    assert "**Donald Trump's nominee for White House national security adviser**" in page
    assert "**United States ambassador" not in page
