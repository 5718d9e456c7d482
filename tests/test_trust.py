"""Trust: sources graded no better than the chain they reach us by, and consistency checks that
catch what an editor's grading of a claim must not contradict. Fixture project only."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.problems import ContentError, Problem

from .conftest import FIXTURE, SEED, TODAY
from .golden import render_pages

SITUATION = f"briefings/{SEED}/situation.yaml"


def check(project: pipeline.Project) -> list[Problem]:
    try:
        return pipeline.check(project, TODAY)[1]
    except ContentError as err:
        return err.problems


def add_source(project: pipeline.Project, ident: str, publisher: str, title: str, medium: str,
               reliability: str) -> None:
    sources = project.briefings / "registry" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").rstrip("\n") + f"\n\n  - id: {ident}\n"
                       f"    publisher: {publisher}\n    title: {title}\n    medium: {medium}\n"
                       f"    date: 2024-11-14\n    reliability: {reliability}\n", encoding="utf-8")


def edit(project: pipeline.Project, old: str, new: str) -> None:
    path = project.root / SITUATION
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_source_known_through_another_counts_as_the_weakest_link() -> None:
    site, _ = pipeline.check(pipeline.Project(FIXTURE), TODAY)
    telegram = site.provenance["general-staff-telegram-2024-11"]
    assert (telegram.own, telegram.grade, [s.id for s in telegram.chain]) == ("B", "F", ["kupiansk-report-2024-11"])
    assert telegram.explanation.endswith("so it counts as F: reliability cannot be judged")
    report = site.provenance["kupiansk-report-2024-11"]
    assert (report.own, report.grade, report.weaker) == ("F", "F", False)


def test_pages_show_the_effective_grade_with_its_reason(project: pipeline.Project) -> None:
    pages = render_pages(project)
    briefing = pages[f"briefings/{SEED}.md"]
    assert ('<span class="grade grade-weakened" title="B: usually reliable; known only via a source graded F, so it '
            'counts as F: reliability cannot be judged" data-words="reliability cannot be judged">F</span>') in briefing
    assert briefing.count("known only via a source graded F") == briefing.count("grade-weakened"), \
        "the reason is written once per grade (print shows it from the title)"
    register = pages["sources/index.md"]
    assert "**Counts as F** (reliability cannot be judged): it is known only through" in register


def test_the_fixture_is_consistent() -> None:
    assert [p for p in check(pipeline.Project(FIXTURE)) if p.severity == "warning"] == []


def test_a_source_both_corroborating_and_contradicting_is_an_error(project: pipeline.Project) -> None:
    edit(project, "      corroborated_by: [deepstate-map-2024-11]\n      contradicted_by: [ganchev-statement-2024-11,",
         "      corroborated_by: [deepstate-map-2024-11, ganchev-statement-2024-11]\n"
         "      contradicted_by: [ganchev-statement-2024-11,")
    (problem,) = [p for p in check(project) if p.severity == "error"]
    assert (problem.field, problem.message) == (
        "situation.claims[0].corroborated_by",
        "source 'ganchev-statement-2024-11' is listed both as corroborating and as contradicting this claim")


def test_corroboration_from_the_claimants_own_side_is_not_independent(project: pipeline.Project) -> None:
    claim = "      credibility: 3\n      sources: [general-staff-statement-2024-11]\n"
    edit(project, claim, claim + "      corroborated_by: [general-staff-telegram-2024-11]\n")
    warnings = [p for p in check(project) if p.severity == "warning"]
    assert [(w.field, w.message.split(",")[0]) for w in warnings] == [
        ("situation.claims[4].corroborated_by",
         "source 'general-staff-telegram-2024-11' comes from the claimant or an organisation it belongs to")]


def test_circular_corroboration_is_flagged_on_both_claims(project: pipeline.Project) -> None:
    edit(project, "      sources: [deepstate-map-2024-11]\n      note:",
         "      sources: [deepstate-map-2024-11]\n      corroborated_by: [general-staff-telegram-2024-11]\n      note:")
    warnings = [p for p in check(project) if p.severity == "warning"]
    assert sorted(w.field for w in warnings) == ["situation.claims[0].corroborated_by",
                                                 "situation.claims[2].corroborated_by"]
    assert all(w.message.startswith("circular corroboration") for w in warnings)


def test_corroborated_on_sources_graded_e_or_f_only_is_flagged(project: pipeline.Project, tmp_path: Path) -> None:
    edit(project, "      status: unverified\n      credibility: 3\n      sources: [general-staff-statement-2024-11]",
         "      status: corroborated\n      credibility: 3\n      sources: [general-staff-statement-2024-11]")
    warnings = [p for p in check(project) if p.severity == "warning"]
    assert [(w.field, w.message) for w in warnings] == [
        ("situation.claims[4].status", "'corroborated' rests only on sources graded E or F (after their 'via' chains)")]


@pytest.mark.parametrize("grade", ["A", "B"])
def test_a_source_that_can_be_judged_earns_the_status(project: pipeline.Project, grade: str) -> None:
    sources = project.root / "briefings" / "registry" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("    reliability: F\n", f"    reliability: {grade}\n", 1), encoding="utf-8")
    edit(project, "      status: unverified\n      credibility: 3\n      sources: [general-staff-statement-2024-11]",
         "      status: corroborated\n      credibility: 3\n      sources: [general-staff-statement-2024-11]")
    assert [p for p in check(project) if p.severity == "warning"] == []


# --- corrections and "last updated" -----------------------------------------------------------------

BRIEFING_FILE = f"briefings/{SEED}/briefing.yaml"


def correct(project: pipeline.Project, date: str, text: str) -> None:
    path = project.root / BRIEFING_FILE
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + f"\n  corrections:\n    - date: {date}\n      text: {text}\n", encoding="utf-8")


def test_a_correction_is_shown_on_its_briefing_collected_and_dates_the_pages_it_touches(
        project: pipeline.Project) -> None:
    correct(project, "2024-11-20", "The outskirts breached were *northern*, not eastern.")
    pages = render_pages(project)
    briefing = pages[f"briefings/{SEED}.md"]
    box = briefing.split('<div class="corrections" markdown>')[1].split("</div>")[0]
    assert "**20 November 2024:** The outskirts breached were <em>northern</em>, not eastern." in box
    collected = pages["corrections/index.md"]
    assert "[Russian troops briefly breach" in collected and f"(../briefings/{SEED}.md)" in collected
    assert "20 November 2024" in collected
    for page in (f"briefings/{SEED}.md", "places/kupiansk.md", "index.md"):
        assert "**As of 15 November 2024.** Last updated 20 November 2024." in pages[page], page


def test_without_corrections_no_page_says_it_was_updated(project: pipeline.Project) -> None:
    pages = render_pages(project)
    assert "No briefing has been corrected." in pages["corrections/index.md"]
    assert not [path for path, text in pages.items() if "Last updated" in text]


def test_a_correction_dated_before_its_briefing_is_an_error_at_its_line(project: pipeline.Project) -> None:
    correct(project, "2024-11-01", "Too early.")
    (problem,) = [p for p in check(project) if p.severity == "error"]
    assert problem.field == "briefing.corrections[0].date" and "before the briefing" in problem.message
    lines = (project.root / BRIEFING_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- date: 2024-11-01"


def test_the_claims_section_has_one_legend_of_the_three_scales_for_all_its_boards(project: pipeline.Project) -> None:
    briefing = render_pages(project)[f"briefings/{SEED}.md"]
    boards = briefing.count('<div class="claims-board" markdown>')
    legends = [line for line in briefing.splitlines() if line.startswith('<p class="legend">')]
    assert boards >= 2 and len(legends) == 1
    assert briefing.index(legends[0]) < briefing.index('<div class="claims-board" markdown>')
    assert all("status" in line and "credibility" in line and "A (completely reliable)" in line for line in legends)


@pytest.mark.browser
def test_a_grade_shows_its_words_when_its_source_has_keyboard_focus(browser: object, site_url: str) -> None:
    from .browsing import DESKTOP, opened

    with opened(browser, site_url + f"briefings/{SEED}/", DESKTOP) as page:
        link = page.locator(".claim-sources a").first
        grade = "el => getComputedStyle(el.nextElementSibling, '::after').content"
        before = link.evaluate(grade)
        link.focus()
        after = link.evaluate(grade)
        link.blur()
        page.emulate_media(media="print")
        printed = page.locator("article .grade").first.evaluate("el => getComputedStyle(el, '::after').content")
        title = link.inner_text()
        row = page.locator(".sources-table tr", has_text=title).first.text_content()
    assert before in ("none", "normal", "")
    assert after.strip('"').strip() in {"reliability cannot be judged", "usually reliable", "fairly reliable",
                                        "completely reliable", "not usually reliable", "unreliable"}
    # On paper the badge is the letter alone; the page's sources give the grade in words, once.
    assert printed in ("none", "normal", "")
    assert after.strip('"').strip() in row


# --- a party to the conflict's figure names its claimant ------------------------------------------------


def test_a_figure_from_a_party_to_the_conflict_without_a_claimant_is_a_warning(project: pipeline.Project) -> None:
    edit(project, "      claimant: general-staff-ua\n      sources: [general-staff-statement-2024-11]",
         "      sources: [general-staff-statement-2024-11]")
    (warning,) = [p for p in check(project) if "party to the conflict" in p.message]
    assert warning.severity == "warning" and warning.field.startswith("situation.figures[")
    assert "'general-staff-ua'" in warning.message and "claimant: general-staff-ua" in warning.hint


def test_a_unit_or_spokesman_of_a_party_counts_as_the_party(project: pipeline.Project) -> None:
    """Besedin heads the city's military administration, which is a party: his figure names him."""
    edit(project, "      claimant: besedin\n      sources: [reuters-besedin-2024-11]",
         "      sources: [besedin-statement]")
    add_source(project, "besedin-statement", "besedin", "Besedin's statement", "statement", "C")
    assert [p.message for p in check(project) if "party to the conflict" in p.message] == [
        "the figure comes from 'besedin', a party to the conflict, but names no claimant"]


def test_a_figure_from_an_independent_source_needs_no_claimant(project: pipeline.Project) -> None:
    """The fixture's figures from Reuters and the unattributed report name no claimant, rightly."""
    assert [p for p in check(project) if "party to the conflict" in p.message] == []


# --- endnotes ------------------------------------------------------------------------------------------


def test_one_note_per_distinct_set_of_sources_linked_back_to_every_place_citing_it(project: pipeline.Project) -> None:
    import re

    briefing = render_pages(project)[f"briefings/{SEED}.md"]
    cite = r'<sup class="note-ref" id="note-ref-(\d+)(?:-([a-z]+))?">\[(\d+)\]\(#note-(\d+)\)</sup>'
    refs = re.findall(cite, briefing)
    assert refs and all(number == shown == target for number, _, shown, target in refs)
    # Numbered in the order the page first cites them; a repeated citation reuses its note.
    first = list(dict.fromkeys(int(number) for number, *_ in refs))
    assert first == list(range(1, len(first) + 1)) and len(first) < len(refs)
    notes = re.findall(r'^(\d+)\. <span id="note-(\d+)"></span>(.*)$', briefing, re.M)
    assert [int(n) for n, _, _ in notes] == first
    texts = [re.sub(r"\[↩\].*|<span class=\"note-backs\">.*", "", text) for _, _, text in notes]
    assert len(set(texts)) == len(texts), "two notes give the same sources"
    for number, _, text in notes:  # each note links back to every place that cites it, a, b, c…
        cited = [f"#note-ref-{n}" + (f"-{letter}" if letter else "") for n, letter, *_ in refs if n == number]
        assert re.findall(r"\]\((#note-ref-[\w-]+)\)\{ \.note-back", text) == cited
    situation = project.briefings / SEED / "situation.yaml"
    statements = situation.read_text(encoding="utf-8").count("sources: [")  # every item here cites sources
    assert len(refs) >= statements


@pytest.mark.browser
def test_endnotes_resolve_both_ways_in_chromium_and_print(browser: object, site_url: str) -> None:
    from .browsing import PHONE, opened

    with opened(browser, site_url + f"briefings/{SEED}/", PHONE) as page:
        broken = page.evaluate("""() => Array.from(document.querySelectorAll('sup.note-ref a, a.note-back'))
            .filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1))))
            .map(a => a.getAttribute('href'))""")
        count = page.locator(".endnotes li").count()
        # A note cited from two places a reader sees without opening anything (the claims board).
        number = page.evaluate("""() => [...document.querySelectorAll('.note-backs')]
            .map(el => el.closest('li').querySelector('span[id]').id)
            .find(id => [...document.querySelectorAll(`sup.note-ref a[href='#${id}']`)]
                         .slice(0, 2).every(a => a.checkVisibility()))""")
        shared = page.locator(f"li:has(> span#{number}) .note-backs")
        closed = page.evaluate("document.getElementById('notes').closest('details').open")
        page.locator(f"sup.note-ref a[href='#{number}']").nth(1).click()  # its second citation
        assert page.evaluate("location.hash") == f"#{number}"
        opened_now = page.evaluate("document.getElementById('notes').closest('details').open")
        assert 0 <= page.locator(f"#{number}").evaluate("el => el.getBoundingClientRect().top") < 600
        back = shared.locator("a.note-back").nth(1)
        target = back.get_attribute("href")
        back.click()
        assert page.evaluate("location.hash") == target
        top = page.locator(target).evaluate("el => el.getBoundingClientRect().top")
        page.evaluate("document.getElementById('notes').closest('details').open = false")
        page.emulate_media(media="print")
        printed = page.evaluate("""() => Array.from(document.querySelectorAll('.endnotes li'))
            .filter(li => li.getBoundingClientRect().height > 0).length""")
    assert broken == [] and count >= 10
    assert closed is False and opened_now is True  # folded on a screen, opened by the link into it
    assert target.endswith("-b") and 0 <= top < 600
    assert printed == count  # the A4 print keeps every note, folded or not


def test_a_source_of_the_opposed_claim_cannot_corroborate(project: pipeline.Project) -> None:
    """Ganchev's claim is opposed to the General Staff's (its source contradicts it); a source that also
    carries Ganchev's claim cannot corroborate the General Staff's."""
    edit(project, "      sources: [ganchev-statement-2024-11]\n",
         "      sources: [ganchev-statement-2024-11, rt-report]\n")
    edit(project, "      corroborated_by: [deepstate-map-2024-11]\n      contradicted_by: [ganchev-statement-2024-11",
         "      corroborated_by: [deepstate-map-2024-11, rt-report]\n      contradicted_by: [ganchev-statement-2024-11")
    add_source(project, "rt-report", "russian-officials", "A report carrying Ganchev's claim", "news-article", "E")
    found = [p for p in check(project) if "opposed claim" in p.message]
    assert [(p.severity, p.field) for p in found] == [("warning", "situation.claims[0].corroborated_by")]
    assert "'rt-report'" in found[0].message and "'ganchev-foothold'" in found[0].message


def test_agreeing_claims_on_a_topic_may_share_a_source(project: pipeline.Project) -> None:
    """DeepState's map is both DeepState's own claim's source and support for the General Staff's: the two
    agree, so nothing is reported."""
    assert [p for p in check(project) if "opposed claim" in p.message] == []


# --- contested claims side by side ---------------------------------------------------------------


def test_claims_that_dispute_each_other_are_paired_and_linked(project: pipeline.Project) -> None:
    """Whatever order the editors wrote them in, a claim is followed by the other side's claims that
    contradict it (a source listed against it carries them); a source carrying the claimant's own
    side does not pair them (Besedin's Reuters interview contradicts the General Staff, but Besedin
    is on the same side); and 'contradicted by' links to the contradicting claim."""
    from briefing_site.views import paired

    site, _ = pipeline.check(project, TODAY)
    bundle = next(b for b in site.briefings if b.briefing.id == SEED)
    board = [c for c in bundle.situation.claims if c.topic == "control-of-kupiansk"]
    by_id = {c.id: c for c in board}
    written = [by_id["gs-full-control"], by_id["besedin-suburbs"], by_id["deepstate-ukrainian-control"],
               by_id["ganchev-foothold"]]
    laid_out = paired(site, written)
    assert [c.id for c, _ in laid_out] == ["gs-full-control", "ganchev-foothold", "deepstate-ukrainian-control",
                                           "besedin-suburbs"]
    against = {c.id: [o.id for o in others] for c, others in laid_out}
    assert against["gs-full-control"] == ["ganchev-foothold"]
    assert against["ganchev-foothold"] == ["gs-full-control", "deepstate-ukrainian-control"]
    page = render_pages(project)[f"briefings/{SEED}.md"]
    card = page.split('id="claim-gs-full-control"')[1].split('<div class="claim-card')[0]
    assert "[the claim of Vitaly Ganchev](#claim-ganchev-foothold)" in card.split("**Contradicted by:**")[1]
