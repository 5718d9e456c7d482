"""The site plan is the one owner of pages, paths, links and anchors.

Templates link only through it (`| href`, `| anchor`), no other module of the generator spells a
page path, and the plan's links resolve: from the same page to an anchor, from another folder
through `../`. The preview asks the plan which pages an edit can change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing_site import model, pipeline
from briefing_site.index import build_index
from briefing_site.plan import Plan, affected
from briefing_site.views import Section, SiteInfo

from .conftest import FIXTURE, REPO, SEED, TODAY

TEMPLATES = REPO / "templates"
# A Markdown link's target, and an element's id, in a template: both must come from the plan.
LINK = re.compile(r"\]\((%\(\w+\)s|[^)]*)\)")
ID = re.compile(r'\bid="([^"]*)"')
PLANNED_LINK = re.compile(r"\{\{ [^{}|]+ \| href \}\}")
# Inside a translated message the target is a placeholder, "[Timeline](%(link)s)", filled from a
# keyword argument of the same call, which must come from the plan: link=sections.timeline | href.
MESSAGE_LINK = re.compile(r"%\((\w+)\)s")
PLANNED_ID = re.compile(r"\{\{ [^{}|]+ \| anchor(\(listed=true\))? \}\}")


def hand_built(template: str) -> list[str]:
    """Links and ids in a template's text that do not come from the site plan."""
    wrong = []
    for line in template.splitlines():
        for target in LINK.findall(line):
            placeholder = MESSAGE_LINK.fullmatch(target)
            if placeholder:
                if not re.search(rf"\b{placeholder.group(1)}=[^,()]*?\| href\b", line):
                    wrong.append(f"link ({target}) not filled from the plan")
            elif not PLANNED_LINK.fullmatch(target):
                wrong.append(f"link ({target})")
    wrong += [f'id="{value}"' for value in ID.findall(template) if not PLANNED_ID.fullmatch(value)]
    # An HTML link is the plan's too (a link out of an edition's own pages, which the engine would refuse in Markdown).
    wrong += [f"href {m.group(0)}" for m in re.finditer(r'\bhref="(?!\{\{ [^{}|"]+ \| href \}\}")[^"]*"', template)]
    wrong += [f"path {m.group(0)}" for m in re.finditer(r"[\w}]\.md\b(?!\.j2)", template)]
    # Any other address written by hand: a file of the site, a folder climbed to, an image.
    wrong += [f"path {m.group(0)}" for m in re.finditer(r"[\w}]\.(?:html|xml|pdf|svg|json|csv)\b", template)]
    wrong += [f"src {m.group(0)}" for m in re.finditer(r'\bsrc="[^"]*"', template)]
    wrong += [f"path {m.group(0)}" for m in re.finditer(r"""(?<![\w.])\.\./|["'(]/[\w{]""", template)]
    return wrong


# Looking an id up in a template: the site's tables indexed or called, or a view's table by id.
LOOKUP = re.compile(r"\bsite\.\w+\s*\[|\bsite\.(?:actor|entity|publisher)\s*\(|\b\w+_by_id\b"
                    r"|\.get\(\s*\w+\.(?:id|\w+_id)\b")


def id_lookups(template: str) -> list[str]:
    return [m.group(0) for m in LOOKUP.finditer(template)]


def test_no_template_looks_an_id_up() -> None:
    """Views and the references hand templates the objects themselves (views.References)."""
    found = {path.name: id_lookups(path.read_text(encoding="utf-8")) for path in sorted(TEMPLATES.glob("*.j2"))}
    assert {name: lookups for name, lookups in found.items() if lookups} == {}


@pytest.mark.parametrize("text", ["{{ site.places[pid].name }}", "{{ site.actor(claim.claimant).name }}",
                                  "{{ briefing.quotes_by_id[claim.quote] | href }}",
                                  "{% set p = site.provenance[s.id] %}", "{{ site.publisher(source).name }}",
                                  "{% set earlier = briefing.earlier.get(claim.id) %}"])
def test_the_look_up_check_finds_look_ups(text: str) -> None:
    assert id_lookups(text) != []


def test_no_template_holds_a_hand_built_path_or_anchor() -> None:
    found = {path.name: hand_built(path.read_text(encoding="utf-8")) for path in sorted(TEMPLATES.glob("*.j2"))}
    assert len(found) >= 10
    assert {name: wrong for name, wrong in found.items() if wrong} == {}


@pytest.mark.parametrize("text", [
    "[x]({{ root }}places/{{ pid }}.md)",
    "[x](#claim-{{ claim.id }})",
    "[x]({{ place | url }})",
    '<span id="claim-{{ claim.id }}"></span>',
    '<a href="../sources/">x</a>',
    "see index.md",
    '<img src="assets/map.svg">',
    "[feed](../feed.xml)",
    '[x](/briefings/)',
    "[x](data/claims.csv)",
    '{{ _("[Timeline](%(link)s) of events", link=root ~ "timeline.md") }}',
])
def test_the_template_check_finds_hand_built_links(text: str) -> None:
    assert hand_built(text) != []


def test_planned_links_pass_the_template_check() -> None:
    planned = ('[x]({{ claim | href }}) <div id="{{ claim | anchor }}"> {% from "_macros.md.j2" import a %}'
               ' <a href="{{ target | href }}">x</a>')
    assert hand_built(planned) == []


def test_only_the_plan_spells_page_paths() -> None:
    """No other module of the generator builds a page path ("….md")."""
    spelled = {path.name for path in (REPO / "briefing_site").glob("*.py")
               if re.search(r"""[a-z0-9_}]\.md["'/#]|/index\.md""", path.read_text(encoding="utf-8"))}
    assert spelled == {"plan.py"}


@pytest.fixture(scope="module")
def plan() -> Plan:
    site, _ = pipeline.check(pipeline.Project(FIXTURE), TODAY)
    return Plan(site, build_index(site), SiteInfo("Test", "https://example.org/briefings/"))


def test_links_from_the_same_page_are_anchors_and_from_elsewhere_relative_paths(plan: Plan) -> None:
    bundle = plan.site.briefings[0]
    claim = bundle.situation.claims[0]
    own = f"briefings/{SEED}.md"
    assert plan.anchor(claim) == f"claim-{claim.id}"
    assert plan.href(claim, own) == f"#claim-{claim.id}"
    assert plan.href(claim, "places/kupiansk.md") == f"../briefings/{SEED}.md#claim-{claim.id}"
    assert plan.href(claim, "index.md") == f"briefings/{SEED}.md#claim-{claim.id}"
    assert plan.href(bundle, own) == f"../briefings/{SEED}.md"  # a whole page: a path even from itself
    source = plan.site.sources[claim.sources[0]]
    assert plan.href(source, own) == f"../sources/index.md#source-{source.id}"
    assert plan.href(plan.site.places["kupiansk"], own) == "../places/kupiansk.md"
    assert plan.href(Section("timeline"), "index.md") == "timeline/index.md"


def test_background_items_are_anchored_by_their_number(plan: Plan) -> None:
    bundle = plan.site.briefings[0]
    assert len(bundle.situation.background) >= 2
    assert [plan.anchor(item) for item in bundle.situation.background][:2] == ["background-1", "background-2"]


def test_an_item_listed_on_a_section_page_has_an_anchor_unique_across_briefings(plan: Plan) -> None:
    bundle = plan.site.briefings[0]
    quote = bundle.quotes[0]
    assert plan.anchor(quote, listed=True) == f"quote-{bundle.briefing.id}-{quote.id}"


def test_published_addresses(plan: Plan) -> None:
    assert plan.url(plan.site.places["kupiansk"]) == "places/kupiansk/"
    assert plan.url("index.md") == ""
    assert plan.canonical("sources/index.md") == "https://example.org/briefings/sources/"


def test_the_plan_refuses_what_it_has_no_page_for(plan: Plan) -> None:
    with pytest.raises(TypeError, match="no page for"):
        plan.href(object(), "index.md")
    stray = model.Claim.model_validate(plan.site.briefings[0].situation.claims[0].model_dump())  # not in the site
    with pytest.raises(TypeError, match="no anchor"):
        plan.anchor(stray)


def test_every_page_path_is_unique_and_under_a_generated_folder(plan: Plan) -> None:
    from briefing_site.plan import GENERATED_DIRS, GENERATED_FILES

    paths = [page.path for page in plan.pages()]
    assert len(paths) == len(set(paths))
    assert all(p in GENERATED_FILES or p.split("/")[0] in GENERATED_DIRS for p in paths)


def test_an_edit_in_one_briefing_re_renders_what_shows_it_and_nothing_unrelated(tmp_path: Path) -> None:
    from .conftest import copy_project

    project = copy_project(tmp_path / "project", content=REPO / "tests" / "fixtures" / "living")  # 3 briefings
    site, _ = pipeline.check(project, TODAY)
    plan = Plan(site, build_index(site), pipeline.site_info(project))
    oldest = site.briefings[-1]
    pages = affected(plan, {oldest.folder}, plan)
    assert pages is not None
    assert f"briefings/{oldest.briefing.id}.md" in pages
    assert f"briefings/{site.briefings[-2].briefing.id}.md" in pages  # it says what changed since the oldest
    assert "index.md" in pages and "sources/index.md" in pages  # indexes draw on every briefing
    assert not any(p.startswith("names/") for p in pages)  # names come from the registry only
    unrelated = [p for p in (page.path for page in plan.pages()) if p.startswith("people/") and p not in pages]
    assert unrelated, "every person's page was re-rendered for an edit of one briefing"
    # A different newest date is shown on every page: then everything is rendered again.
    assert affected(plan, {oldest.folder}, None) is None


def test_the_matrix_shows_each_actors_newest_position_and_the_issue_page_every_one(tmp_path: Path) -> None:
    """A second briefing restates the positions: the matrix cell shows the newest and links the
    earlier ones, which the issue's page lists below it."""
    from .conftest import copy_project
    from .golden import render_pages
    from .growth import copy_briefing

    project = copy_project(tmp_path / "project")
    newer = copy_briefing(project.briefings, SEED, "2024-12-01", "kupiansk-follow-up")
    positions = project.briefings / newer / "diplomacy.yaml"
    positions.write_text(positions.read_text(encoding="utf-8").replace(
        "summary: Intent on ending the war", "summary: Still intent on ending the war", 1), encoding="utf-8")
    pages = render_pages(project)
    row = next(line for line in pages["diplomacy/index.md"].splitlines() if line.startswith("| [Donald Trump]"))
    assert "Still intent on ending the war" in row and row.count("ntent on ending the war") == 1  # the newest only
    assert "[1 earlier position](../diplomacy/negotiations.md)" in row
    issue = pages["diplomacy/negotiations.md"]
    trump = issue[issue.index("## [Donald Trump]"):issue.index("## [Michael Waltz]")]
    assert trump.index("Still intent on ending the war") < trump.index("— Intent on ending the war")
    assert trump.count("**Latest**") == 1 and "1 December 2024" in trump and "15 November 2024" in trump
