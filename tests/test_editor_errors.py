"""Errors an editor can act on: each bad input is one small mutation of the bundled briefing,
and each expected message is pinned exactly (file:line:col, field path, message, hint).

A mutation replaces the first occurrence of `old` with `new` in one file; `old=None` renames
the file to `new` (or empties it when `new` is empty).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing_site import pipeline
from briefing_site.problems import ContentError, Problem, errors_only

from .conftest import REPO, TODAY

S = "briefings/2024-11-15-kupiansk/"
R = "briefings/registry/"


@dataclass(frozen=True)
class Break:
    name: str
    file: str
    old: str | None
    new: str
    expected: list[str]


def apply(project: pipeline.Project, brk: Break) -> None:
    path = project.root / brk.file
    if brk.old is None:
        if brk.new:
            path.rename(path.with_name(brk.new))
        else:
            path.write_text("", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    assert brk.old in text, f"fixture {brk.name}: {brk.old!r} not found in {brk.file}"
    path.write_text(text.replace(brk.old, brk.new, 1), encoding="utf-8")


def errors(project: pipeline.Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    return [p.format() for p in errors_only(caught.value.problems)]


BREAKS = [
    Break('whitespace-only-text', S + "quotes.yaml", 'context: On the Russian assault on Kupiansk.', 'context: "   "', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:22:14: error: quotes[1].context: empty text (expected at least one character, got '')\n    hint: write something here or remove the field",
    ]),
    Break('unknown-speaker', S + "quotes.yaml", 'speaker: besedin', 'speaker: besdin', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:16:14: error: quotes[1].speaker: speaker 'besdin' is not in the registry (expected an id listed in registry/people.yaml or registry/organisations.yaml)\n    hint: did you mean 'besedin'?",
    ]),
    Break('misspelt-key', S + "quotes.yaml", '    role: Head of the Kupiansk', '    rol: Head of the Kupiansk', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:15:5: error: quotes[1].role: required field 'role' is missing\n    hint: add 'role:' here — The speaker's role at the time, or who they are when unnamed, e.g. 'a Ukrainian military statement'. Plain text.",
        "briefings/2024-11-15-kupiansk/quotes.yaml:18:5: error: quotes[1].rol: unknown field 'rol'\n    hint: did you mean 'role'?",
    ]),
    Break('enum-close', S + "quotes.yaml", 'medium: telegram-post', 'medium: telegram', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:8:13: error: quotes[0].medium: unknown value 'telegram' (expected one of: telegram-post, x-post, facebook-post, social-post, video-statement, blog-post, press-release, interview, wire-report, news-article, map, statement, analysis, broadcast, document)\n    hint: did you mean 'telegram-post'?",
    ]),
    Break('enum-far', S + "quotes.yaml", 'medium: telegram-post', 'medium: tg', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:8:13: error: quotes[0].medium: unknown value 'tg' (expected one of: telegram-post, x-post, facebook-post, social-post, video-statement, blog-post, press-release, interview, wire-report, news-article, map, statement, analysis, broadcast, document)\n    hint: use one of the values listed, written exactly as shown; if none fits, choose the nearest one that claims no more than the source does, say why in its 'context', and propose the new value in an issue",
    ]),
    Break('status-close', S + "situation.yaml", 'status: disputed', 'status: disputd', [
        "briefings/2024-11-15-kupiansk/situation.yaml:92:15: error: situation.claims[0].status: unknown value 'disputd' (expected one of: confirmed, corroborated, disputed, unverified, denied, refuted)\n    hint: did you mean 'disputed'?",
    ]),
    Break('date-format', S + "quotes.yaml", 'date: 2024-11-11/2024-11-17', 'date: 11/11/2024', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:9:11: error: quotes[0].date: not a date as reported (expected a date in EDTF, e.g. 2024-11-13 (a day), 2024-11 (a month), 2024 (a year), 2024-06~ (about June 2024), 2024-11-11/2024-11-17 (a period), 2025-09-28/.. (since 28 September 2025, ongoing) or ../2025-11-23 (on or before 23 November 2025); got '11/11/2024')\n    hint: write year-month-day with hyphens, e.g. 2024-11-13",
    ]),
    Break('no-such-day', S + "quotes.yaml", 'date: 2024-11-11/2024-11-17', 'date: 2024-02-30', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:9:11: error: quotes[0].date: not a date as reported (expected a date in EDTF, e.g. 2024-11-13 (a day), 2024-11 (a month), 2024 (a year), 2024-06~ (about June 2024), 2024-11-11/2024-11-17 (a period), 2025-09-28/.. (since 28 September 2025, ongoing) or ../2025-11-23 (on or before 23 November 2025); got '2024-02-30')\n    hint: there is no such day: check the month (01–12) and the day",
    ]),
    Break('no-becomes-false', S + "quotes.yaml", "role: Ukraine's military general staff", 'role: no', [
        'briefings/2024-11-15-kupiansk/quotes.yaml:7:11: error: quotes[0].role: not text (expected text, got boolean false)\n    hint: YAML reads no without quotes as boolean false; to keep the text, put it in quotes: "no"',
    ]),
    Break('version-number', R + "people.yaml", 'role: US president-elect', 'role: 1.10', [
        'briefings/registry/people.yaml:32:11: error: people[4].role: not text (expected text, got number 1.1)\n    hint: YAML reads 1.10 without quotes as number 1.1; to keep the text, put it in quotes: "1.10"',
    ]),
    Break('date-for-text', S + "quotes.yaml", "role: Ukraine's military general staff", 'role: 2024-11-11', [
        'briefings/2024-11-15-kupiansk/quotes.yaml:7:11: error: quotes[0].role: not text (expected text, got date 2024-11-11)\n    hint: YAML reads 2024-11-11 without quotes as date 2024-11-11; to keep the text, put it in quotes: "2024-11-11"',
    ]),
    Break('number-for-text', R + "organisations.yaml", 'name: Russian military', 'name: 1984', [
        'briefings/registry/organisations.yaml:32:11: error: organisations[4].name: not text (expected text, got number 1984)\n    hint: YAML reads 1984 without quotes as number 1984; to keep the text, put it in quotes: "1984"',
    ]),
    Break('duplicate-key', S + "briefing.yaml", '  as_of: 2024-11-15', '  as_of: 2024-11-15\n  as_of: 2024-11-16', [
        "briefings/2024-11-15-kupiansk/briefing.yaml:6:3: error: briefing.as_of: key 'as_of' is given twice (first on line 5)\n    hint: remove one of them: YAML would silently keep only the last",
    ]),
    Break('tab-indent', S + "briefing.yaml", '  places: [kupiansk]', '\tplaces: [kupiansk]', [
        'briefings/2024-11-15-kupiansk/briefing.yaml:23:1: error: briefing.places: not valid YAML: while scanning a plain scalar found a tab character that violates indentation\n    hint: YAML indents with spaces, not tabs: replace the tab with spaces',
    ]),
    Break('unquoted-colon', S + "quotes.yaml", "role: Ukraine's military general staff", "role: Ukraine's military: general staff", [
        "briefings/2024-11-15-kupiansk/quotes.yaml:7:29: error: quotes[0].role: not valid YAML: mapping values are not allowed in this context\n    hint: a value containing ': ' must be put in quotes",
    ]),
    Break('empty-sources', S + "diplomacy.yaml", 'sources: [trump-advisers-2024-11]', 'sources: []', [
        "briefings/2024-11-15-kupiansk/diplomacy.yaml:22:14: error: positions[1].sources: position without a source (expected at least one source id, got [])\n    hint: name one or more entries of registry/sources.yaml, e.g. 'sources: [source-id]'",
    ]),
    Break('claim-without-sources', S + "situation.yaml", '      sources: [ganchev-statement-2024-11]\n', '', [
        "briefings/2024-11-15-kupiansk/situation.yaml:104:7: error: situation.claims[1].sources: required field 'sources' is missing\n    hint: add 'sources:' here — Ids of the sources carrying the claim (at least one).",
    ]),
    Break('unknown-issue', S + "diplomacy.yaml", 'issue: negotiations', 'issue: negotiation', [
        "briefings/2024-11-15-kupiansk/diplomacy.yaml:5:12: error: positions[0].issue: unknown diplomacy issue id 'negotiation' (expected an id listed in registry/issues.yaml)\n    hint: did you mean 'negotiations'?",
    ]),
    Break('future-date', S + "quotes.yaml", 'date: 2024-11-11/2024-11-17', 'date: 2029-01-01', [
        'briefings/2024-11-15-kupiansk/quotes.yaml:9:11: error: quotes[0].date: date in the future (expected 2026-11-25 or earlier, got 2029-01-01)\n    hint: check the year and the month: briefings report what has already happened',
    ]),
    Break('as-of-too-early', S + "briefing.yaml", 'as_of: 2024-11-15', 'as_of: 2024-11-10', [
        'briefings/2024-11-15-kupiansk/briefing.yaml:5:10: error: briefing.as_of: as-of date earlier than the events it reports (expected 2024-11-15 or later, got 2024-11-10)\n    hint: the latest is the position dated 2024-11-15 at briefings/2024-11-15-kupiansk/diplomacy.yaml:8: correct that date if it is wrong; only if the briefing really reports later news, set as_of to that date or later',
    ]),
    Break('duplicate-id', R + "people.yaml", 'id: ganchev', 'id: besedin', [
        "briefings/2024-11-15-kupiansk/situation.yaml:106:17: error: situation.claims[1].claimant: unknown person or organisation id 'ganchev' (expected an id listed in registry/people.yaml or registry/organisations.yaml)\n    hint: add 'ganchev' to registry/people.yaml or registry/organisations.yaml first, or correct the id",
        "briefings/registry/people.yaml:11:9: error: people[1].id: duplicate person, organisation or place id 'besedin'\n    hint: first defined at briefings/registry/people.yaml:4; give this one another id",
        "briefings/registry/sources.yaml:48:16: error: sources[5].publisher: unknown person or organisation id 'ganchev' (expected an id listed in registry/people.yaml or registry/organisations.yaml)\n    hint: add 'ganchev' to registry/people.yaml or registry/organisations.yaml first, or correct the id",
    ]),
    Break('capitalised-id', R + "people.yaml", 'id: besedin', 'id: Besedin', [
        "briefings/registry/people.yaml:4:9: error: people[0].id: not a valid id (expected lower-case letters, digits and hyphens, got 'Besedin')\n    hint: did you mean 'besedin'?",
    ]),
    Break('placeholder', S + "briefing.yaml", 'title: Russian troops', 'title: TODO Russian troops', [
        "briefings/2024-11-15-kupiansk/briefing.yaml:4:10: error: briefing.title: placeholder not filled in (expected your own text, got 'TODO Russian troops briefly breach the outskirts of Kupiansk…')\n    hint: replace the whole TODO text with the real content",
    ]),
    Break('sources-not-a-list', S + "situation.yaml", 'sources: [kupiansk-report-2024-11, reuters-besedin-2024-11]', 'sources: kupiansk-report-2024-11', [
        "briefings/2024-11-15-kupiansk/situation.yaml:31:16: error: situation.events[2].sources: not a list (expected a list, got 'kupiansk-report-2024-11')\n    hint: write it as a list: [kupiansk-report-2024-11] or one '- item' per line",
    ]),
    Break('credibility-range', S + "situation.yaml", 'credibility: 2', 'credibility: 9', [
        'briefings/2024-11-15-kupiansk/situation.yaml:140:20: error: situation.claims[3].credibility: out of range (expected a number ≤ 6, got number 9)\n    hint: Admiralty credibility of the information: 1 confirmed … 5 improbable, 6 cannot be judged.',
    ]),
    Break('qualifier-literal', S + "situation.yaml", 'qualifier: about', 'qualifier: around', [
        "briefings/2024-11-15-kupiansk/situation.yaml:216:18: error: situation.figures[1].qualifier: unknown value 'around' (expected one of: about, nearly, more than, less than, up to, at least)\n    hint: use one of the values listed, written exactly as shown; if none fits, choose the nearest one that claims no more than the source does, and propose the new value in an issue",
    ]),
    Break('quoted-number', S + "situation.yaml", 'value: 26000', 'value: "26,000"', [
        "briefings/2024-11-15-kupiansk/situation.yaml:207:14: error: situation.figures[0].value: not a number (expected a number, got '26,000')\n    hint: write the number without quotes or separators, e.g. 26000",
    ]),
    Break('quoted-boolean', S + "quotes.yaml", 'translated: true', 'translated: "yes"', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:13:17: error: quotes[0].translated: not true or false (expected true or false, got 'yes')\n    hint: write true or false, without quotes",
    ]),
    Break('unknown-file', S + "situation.yaml", None, 'situaton.yaml', [
        "briefings/2024-11-15-kupiansk/situaton.yaml:1:1: error: unknown file name\n    hint: did you mean 'situation.yaml'?",
    ]),
    Break('id-not-folder', S + "briefing.yaml", 'id: 2024-11-15-kupiansk', 'id: 2024-11-15-kupyansk', [
        "briefings/2024-11-15-kupiansk/briefing.yaml:3:7: error: briefing.id: briefing id '2024-11-15-kupyansk' differs from its folder name '2024-11-15-kupiansk'\n    hint: set id: 2024-11-15-kupiansk, or rename the folder",
    ]),
    Break('unknown-figure', S + "situation.yaml", 'figures: [assault-waves, assault-hardware]', 'figures: [assault-waves, asault-hardware]', [
        "briefings/2024-11-15-kupiansk/situation.yaml:19:32: error: situation.events[1].figures[1]: unknown figure id 'asault-hardware' (expected an id listed in the figures of briefings/2024-11-15-kupiansk/situation.yaml)\n    hint: did you mean 'assault-hardware'?",
    ]),
    Break('latitude-range', R + "places.yaml", 'lat: 49.7106', 'lat: 149.7106', [
        'briefings/registry/places.yaml:10:24: error: places[0].coordinates.lat: out of range (expected a number ≤ 90.0, got number 149.7106)\n    hint: Latitude in decimal degrees (WGS 84).',
    ]),
    Break('python-tag', R + "places.yaml", 'kind: region', 'kind: !!python/name:os.system region', [
        "briefings/registry/places.yaml:16:11: error: places[1].kind: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed\n    hint: remove the '!' tag",
    ]),
    Break('dangling-via', R + "sources.yaml", 'via: kupiansk-report-2024-11', 'via: kupiansk-report-2024', [
        "briefings/registry/sources.yaml:20:10: error: sources[1].via: unknown source id 'kupiansk-report-2024' (expected an id listed in registry/sources.yaml)\n    hint: did you mean 'kupiansk-report-2024-11'?",
    ]),
    Break('duplicate-quote-id', S + "quotes.yaml", 'id: besedin-armour', 'id: besedin-suburbs', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:25:9: error: quotes[2].id: duplicate quote id 'besedin-suburbs'\n    hint: first defined at briefings/2024-11-15-kupiansk/quotes.yaml:15; give this one another id",
    ]),
    Break('missing-required', R + "places.yaml", '    country: Russia\n', '', [
        "briefings/registry/places.yaml:19:5: error: places[2].country: required field 'country' is missing\n    hint: add 'country:' here — Country it lies in. Plain text.",
    ]),
    Break('empty-file', S + "diplomacy.yaml", None, '', [
        'briefings/2024-11-15-kupiansk/diplomacy.yaml:1:1: error: the file is empty\n    hint: see CONTRIBUTING.md for what each file holds',
    ]),
    Break('list-at-top', R + "issues.yaml", 'issues:\n', '', [
        "briefings/registry/issues.yaml:3:3: error: not a mapping (expected the key 'issues:', got a list)\n    hint: start the file with 'issues:'",
    ]),
    Break('unclosed-bracket', S + "situation.yaml", 'figures: [assault-waves, assault-hardware]', 'figures: [assault-waves, assault-hardware', [
        "briefings/2024-11-15-kupiansk/situation.yaml:19:16: error: situation.events[1].figures: not valid YAML: while parsing a flow sequence did not find expected ',' or ']'\n    hint: close the list with ']' (or the mapping with '}'), and separate its items with commas",
    ]),
    Break('bad-indentation', S + "quotes.yaml", '    source: reuters-besedin-2024-11\n', '   source: reuters-besedin-2024-11\n', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:21:4: error: quotes[1].source: not valid YAML: while parsing a block collection did not find expected '-' indicator\n    hint: check the indentation: the fields of one entry must line up exactly under each other",
    ]),
    Break('unclosed-quote', R + "people.yaml", 'role: US president-elect', 'role: "US president-elect', [
        'briefings/registry/people.yaml:32:11: error: people[4].role: not valid YAML: while scanning a quoted scalar found unexpected end of stream\n    hint: close the quotation mark that opens this text with the same mark (" or \')',
    ]),
    Break('hint-unknown-id-far', S + 'quotes.yaml', '    speaker: besedin', '    speaker: ukrainian-defenders', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:16:14: error: quotes[1].speaker: speaker 'ukrainian-defenders' is not in the registry (expected an id listed in registry/people.yaml or registry/organisations.yaml)\n    hint: add 'ukrainian-defenders' to registry/people.yaml or registry/organisations.yaml first, or correct the id",
    ]),
    Break('hint-plural-of-one-value-field', S + 'situation.yaml', '      place: kupiansk\n      text: Russian troops took', '      places: [kupiansk]\n      text: Russian troops took', [
        "briefings/2024-11-15-kupiansk/situation.yaml:282:7: error: situation.background[1].places: unknown field 'places'\n    hint: 'place' takes a single value here, not a list: write 'place: …' with the main one, and name any others in the text",
    ]),
    Break('hint-range-as-value', S + 'situation.yaml', 'value: 3000', 'value: 4000-6000', [
        "briefings/2024-11-15-kupiansk/situation.yaml:214:14: error: situation.figures[1].value: not a number (expected a number, got '4000-6000')\n    hint: a range is two numbers: write the lower one here and the upper one as 'upper:', e.g. value: 4000 and upper: 6000",
    ]),
    Break('hint-imprecise-date', S + 'situation.yaml', '      date: 2024-11-05', '      date: mid-2024', [
        "briefings/2024-11-15-kupiansk/situation.yaml:5:13: error: situation.events[0].date: not a date as reported (expected a date in EDTF, e.g. 2024-11-13 (a day), 2024-11 (a month), 2024 (a year), 2024-06~ (about June 2024), 2024-11-11/2024-11-17 (a period), 2025-09-28/.. (since 28 September 2025, ongoing) or ../2025-11-23 (on or before 23 November 2025); got 'mid-2024')\n    hint: write an imprecise date in EDTF: '2024-06~' for about June 2024, '2024' if only the year is sure, '2024-22' for summer 2024; put the source's own words ('mid-2024') in its 'date_note'",
    ]),
    Break('hint-precision-none-fits', S + 'situation.yaml', '      date: 2024-11-11/2024-11-17\n', '      date: 2024-11-11\n      date_precision: half-year\n', [
        "briefings/2024-11-15-kupiansk/situation.yaml:35:7: error: situation.events[3].date_precision: 'date_precision' was replaced by dates as reported (EDTF) in 'date'\n    hint: write how exact the date is in the date itself: '2024' for a year, '2024-06~' for about June 2024, '2024-01/2024-06' for a half-year; then remove this line",
    ]),
    Break('hint-empty-required-text', S + 'situation.yaml', '      unit: people', "      unit: ''", [
        "briefings/2024-11-15-kupiansk/situation.yaml:208:13: error: situation.figures[0].unit: empty text (expected at least one character, got '')\n    hint: this field is required: write the text here",
    ]),
    Break('range-upside-down', S + 'situation.yaml', 'value: 3000', 'value: 3000\n      upper: 2000', [
        "briefings/2024-11-15-kupiansk/situation.yaml:215:14: error: situation.figures[1].upper: the upper end of a range must be larger than its lower end (expected more than 3000, got 2000)\n    hint: value holds the lower end and upper the upper end; for a single number remove 'upper'",
    ]),
    Break('migration-date-precision', S + 'situation.yaml', '      date: 2024-11-11/2024-11-17\n', '      date: 2024-11-11\n      date_precision: week\n', [
        "briefings/2024-11-15-kupiansk/situation.yaml:35:7: error: situation.events[3].date_precision: 'date_precision' was replaced by dates as reported (EDTF) in 'date'\n    hint: write 'date: 2024-11-11/2024-11-17' and remove this line",
    ]),
    Break('migration-event-place', S + 'situation.yaml', '      places: [kupiansk]\n', '      place: kupiansk\n', [
        "briefings/2024-11-15-kupiansk/situation.yaml:13:7: error: situation.events[1].place: events now take a list of places: 'place' became 'places'\n    hint: write 'places: [kupiansk]'",
    ]),
    Break('migration-topic-text', S + 'situation.yaml', 'topic: control-of-kupiansk', 'topic: Control of Kupiansk', [
        "briefings/2024-11-15-kupiansk/situation.yaml:86:14: error: situation.claims[0].topic: a topic is now an id from registry/topics.yaml, not free text (got 'Control of Kupiansk')\n    hint: add '- id: control-of-kupiansk' with 'name: Control of Kupiansk' to registry/topics.yaml (once), then write 'topic: control-of-kupiansk' here",
    ]),
    Break('edtf-period-backwards', S + 'quotes.yaml', 'date: 2024-11-11/2024-11-17', 'date: 2024-11-17/2024-11-11', [
        "briefings/2024-11-15-kupiansk/quotes.yaml:9:11: error: quotes[0].date: not a date as reported (expected a date in EDTF, e.g. 2024-11-13 (a day), 2024-11 (a month), 2024 (a year), 2024-06~ (about June 2024), 2024-11-11/2024-11-17 (a period), 2025-09-28/.. (since 28 September 2025, ongoing) or ../2025-11-23 (on or before 23 November 2025); got '2024-11-17/2024-11-11')\n    hint: a period that ends before it starts: check both ends",
    ]),
    Break('updates-unknown-briefing', S + 'situation.yaml', '      topic: control-of-kupiansk\n', '      topic: control-of-kupiansk\n      updates: 2024-11-01-kupiansk/gs-full-control\n', [
        "briefings/2024-11-15-kupiansk/situation.yaml:87:16: error: situation.claims[0].updates: no earlier briefing '2024-11-01-kupiansk' (expected the id of a briefing dated before 2024-11-15)\n    hint: no briefing is dated before this one, so there is nothing it can update: remove 'updates'",
    ]),
]


def test_there_are_at_least_25_distinct_fixtures() -> None:
    assert len(BREAKS) >= 25
    assert len({b.name for b in BREAKS}) == len(BREAKS)


@pytest.mark.parametrize("brk", BREAKS, ids=[b.name for b in BREAKS])
def test_bad_input_gives_the_pinned_message(project: pipeline.Project, brk: Break) -> None:
    apply(project, brk)
    assert errors(project) == brk.expected


def by_name(name: str) -> Break:
    return next(b for b in BREAKS if b.name == name)


def run_cli(project: pipeline.Project, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), *args],
                          capture_output=True, text=True, check=False, env=environment)


def test_every_problem_in_every_file_is_reported_at_once(project: pipeline.Project) -> None:
    chosen = ["unknown-speaker", "version-number", "unknown-issue", "credibility-range", "dangling-via"]
    for name in chosen:
        apply(project, by_name(name))
    expected = sorted(line for name in chosen for line in by_name(name).expected)
    assert errors(project) == expected
    assert len({line.split(":", 1)[0] for line in expected}) == 5  # five different files


def test_exit_codes(project: pipeline.Project) -> None:
    assert run_cli(project, "check").returncode == 0
    assert run_cli(project, "check", "--format", "xml").returncode == 2
    assert run_cli(project, "frobnicate").returncode == 2
    assert run_cli(project, "new", "kupiansk", "--date", "2024-11-20").returncode == 0
    refused = run_cli(project, "new", "kupiansk", "--date", "2024-11-15")
    assert refused.returncode == 2
    assert refused.stderr == ("build.py: error: briefings/2024-11-15-kupiansk already exists; "
                              "choose another --date or slug\n")
    apply(project, by_name("unknown-speaker"))
    assert run_cli(project, "check").returncode == 1
    assert run_cli(pipeline.Project(project.root / "nowhere"), "check").returncode == 2


def test_github_format_annotates_each_error_on_its_line(project: pipeline.Project) -> None:
    apply(project, by_name("unknown-speaker"))
    apply(project, by_name("enum-close"))
    expected = [
        "::error file=briefings/2024-11-15-kupiansk/quotes.yaml,line=8,col=13::quotes[0].medium: unknown value "
        "'telegram' (expected one of: telegram-post, x-post, facebook-post, social-post, video-statement, blog-post, "
        "press-release, interview, wire-report, news-article, map, statement, analysis, broadcast, document) "
        "(hint: did you mean 'telegram-post'?)",
        "::error file=briefings/2024-11-15-kupiansk/quotes.yaml,line=16,col=14::quotes[1].speaker: speaker 'besdin' "
        "is not in the registry (expected an id listed in registry/people.yaml or registry/organisations.yaml) "
        "(hint: did you mean 'besedin'?)",
    ]
    explicit = run_cli(project, "check", "--format", "github")
    assert (explicit.returncode, explicit.stdout.splitlines()) == (1, expected)
    automatic = run_cli(project, "check", env={"GITHUB_ACTIONS": "true"})
    assert (automatic.returncode, automatic.stdout.splitlines()) == (1, expected)
    plain = run_cli(project, "check")
    assert plain.stdout == "" and "quotes.yaml:16:14: error: quotes[1].speaker:" in plain.stderr


def test_github_format_escapes_newlines_and_separators() -> None:
    problem = Problem("a,b:c.yaml", 3, 4, "x", "first\nsecond 100%", "h")
    assert problem.format_github() == "::error file=a%2Cb%3Ac.yaml,line=3,col=4::x: first%0Asecond 100%25 (hint: h)"


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


TEN_WAYS = ["unknown-speaker", "misspelt-key", "enum-close", "date-format", "no-becomes-false", "duplicate-key",
            "tab-indent", "empty-sources", "unknown-issue", "as-of-too-early"]


@pytest.mark.parametrize("name", TEN_WAYS)
def test_a_broken_briefing_builds_nothing_and_says_where_and_how(project: pipeline.Project, name: str) -> None:
    """The acceptance test: break the bundled briefing one way at a time, run the build as an
    editor would, and check the report names file, line, field and a fix, and nothing is written."""
    (project.site / "assets").mkdir(parents=True)
    (project.site / "index.html").write_text("<p>the previous site</p>", encoding="utf-8")
    (project.site / "assets" / "x.css").write_text("p {}", encoding="utf-8")
    site_before, docs_before = tree_hash(project.site), tree_hash(project.docs)
    brk = by_name(name)
    apply(project, brk)
    result = run_cli(project, "build", "--no-search")
    assert result.returncode == 1
    first = brk.expected[0]
    location, rest = first.split(": error: ", 1)
    field = rest.split(":", 1)[0]
    assert re.fullmatch(r"briefings/[\w/.-]+\.yaml:\d+:\d+", location)
    assert "\n    hint: " in first
    assert first in result.stderr, result.stderr
    assert f"{location}: error: {field}" in result.stderr
    assert result.stderr.endswith("error(s); nothing was written.\n")
    assert "Traceback" not in result.stderr
    assert tree_hash(project.site) == site_before
    assert tree_hash(project.docs) == docs_before
    assert not list(project.root.glob(".site-staging-*"))


HOSTILE = {
    "binary garbage": (S + "quotes.yaml", b"\x00\xff\xfe garbage \x9c"),
    "a list of lists": (S + "situation.yaml", b"situation:\n  events: [[[[]]]]\n"),
    "a mapping key": (S + "briefing.yaml", b"? [a, b]\n: c\n"),
    "only a comment": (R + "issues.yaml", b"# nothing here\n"),
    "a huge number": (S + "situation.yaml", b"situation:\n  figures:\n    - {id: x, label: y, value: 1e999999, "
                                            b"unit: z, sources: [kupiansk-report-2024-11]}\n"),
    "a null key": (R + "people.yaml", b"people:\n  - ~: 1\n"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_no_input_gives_a_traceback(project: pipeline.Project, case: str) -> None:
    file, content = HOSTILE[case]
    (project.root / file).write_bytes(content)
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert re.search(rf"^{re.escape(file)}:\d+:\d+: error: ", result.stderr, re.MULTILINE), result.stderr


def test_a_folder_where_a_file_should_be_is_reported(project: pipeline.Project) -> None:
    quotes = project.briefings / "2024-11-15-kupiansk" / "quotes.yaml"
    quotes.unlink()
    quotes.mkdir()
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    where = "briefings/2024-11-15-kupiansk/quotes.yaml"
    assert re.search(rf"^{re.escape(where)}:\d+:\d+: error: .*\n    hint: ", result.stderr, re.M), result.stderr
    assert "1 error(s); nothing was written." in result.stderr


def test_an_unused_registry_entry_is_a_warning_and_check_passes(project: pipeline.Project) -> None:
    people = project.briefings / "registry" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n  - id: nobody\n    name: No Body\n    role: Nobody\n",
                      encoding="utf-8")
    _, warnings = pipeline.check(project, TODAY)
    assert [w.format() for w in warnings] == [
        "briefings/registry/people.yaml:53:9: warning: people[8].id: person 'nobody' is not referred to by any "
        "briefing\n    hint: remove it, or refer to it from a briefing"]
    result = run_cli(project, "check")
    assert result.returncode == 0 and "warning: people[8].id" in result.stderr


def test_unused_warnings_wait_until_the_errors_are_fixed(project: pipeline.Project) -> None:
    """An error hides what a file refers to, so 'not referred to' would be noise until it is fixed."""
    apply(project, by_name("unknown-file"))
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    assert [p.severity for p in caught.value.problems] == ["error"]


def test_one_bad_entry_does_not_make_references_to_the_others_dangle(project: pipeline.Project) -> None:
    """people[4] (trump) is broken; besedin, waltz etc. in the same file are still known, and
    references to trump himself are not reported a second time."""
    apply(project, by_name("version-number"))
    assert errors(project) == by_name("version-number").expected


def test_did_you_mean_names_only_close_typos() -> None:
    from briefing_site.problems import did_you_mean

    ids = ["ukrainian-lawmakers", "besedin", "kupiansk-report-2024-11", "general-staff-ua", "year", "telegram-post"]
    assert did_you_mean("ukrainian-defenders", ids) == ""  # a different real entry, not a typo
    assert did_you_mean("besdin", ids) == "did you mean 'besedin'?"
    assert did_you_mean("Besedin", ids) == "did you mean 'besedin'?"
    assert did_you_mean("kupiansk-report-2024", ids) == "did you mean 'kupiansk-report-2024-11'?"
    assert did_you_mean("half-year", ids) == ""
    assert did_you_mean("telegram", ids) == ""
    assert did_you_mean("telegram", ids, prefix=True) == "did you mean 'telegram-post'?"


def test_the_future_begins_where_no_time_zone_has_reached_the_date() -> None:
    """The same tree checks the same in any time zone: 'today' is the latest date anywhere (UTC+14)."""
    import datetime as dt
    import os
    import subprocess
    import sys

    code = "from briefing_site.link import today_somewhere; print(today_somewhere())"
    days = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                           env={**os.environ, "TZ": zone}).stdout.strip() for zone in ("Pacific/Kiritimati",
                                                                                      "Pacific/Pago_Pago", "UTC")}
    assert len(days) == 1
    now = dt.datetime.now(dt.UTC)
    assert days.pop() in {(now + dt.timedelta(hours=14)).date().isoformat(),
                          (now + dt.timedelta(hours=14, minutes=1)).date().isoformat()}
