"""`python build.py new`: scaffold the next dated briefing folder.

The scaffold is valid YAML whose placeholders name what to fill in; `check` reports each
placeholder still left (text starting with TODO) at its line, so an editor is guided field
by field, and the commented examples show the shape of each entry. Once the placeholders
are filled in, the briefing passes `check`. An existing folder is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .model import ID_RE
from .pipeline import Project
from .problems import UsageError

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"

BRIEFING = """briefing:
  id: {id}
  title: "TODO: headline of the briefing"
  as_of: {date}
  summary: >-
    TODO: two or three sentences for the top of the page.
  takeaways:
    - "TODO: the most important takeaway"
  places: []   # ids from registry/places.yaml, e.g. [kupiansk]
  sources: []  # ids from registry/sources.yaml the briefing rests on overall
"""

SITUATION = """# Events, contested claims, who controls what, the editors' assessments, key figures and
# background; see CONTRIBUTING.md. Everything but an assessment needs at least one source id.
# Dates are written as reported (EDTF): 2025-11-20, 2025-11 (a month), 2025-06~ (about June),
# 2025-11-11/2025-11-17 (a period), 2025-09-28/.. (since 28 September, ongoing).
situation:
  events: []
  # events:
  #   - id: assault-repelled
  #     date: 2024-11-13
  #     places: [kupiansk]
  #     actors: [general-staff-ua]
  #     summary: What happened, in one or two sentences.
  #     sources: [general-staff-statement-2024-11]
  claims: []
  # claims:
  #   - id: gs-full-control
  #     topic: control-of-kupiansk      # an id from registry/topics.yaml
  #     claimant: general-staff-ua
  #     statement: Ukraine has full control of the city.
  #     date: 2024-11-11
  #     status: corroborated        # confirmed, corroborated, disputed, unverified, denied, refuted
  #     credibility: 2              # 1 confirmed … 5 improbable, 6 cannot be judged
  #     sources: [general-staff-telegram-2024-11]
  #     updates: 2024-11-15-kupiansk/gs-full-control   # optional: the earlier claim it updates
  control: []
  # control:
  #   - id: gs-holds-kupiansk
  #     place: kupiansk
  #     part: city centre           # optional: which part, if not all of it
  #     status: ukrainian           # ukrainian, russian, contested, grey-zone, unknown
  #     date: 2024-11-11            # as of when
  #     claimant: general-staff-ua  # who says so
  #     topic: control-of-kupiansk
  #     sources: [general-staff-telegram-2024-11]
  assessments: []
  # assessments:
  #   - id: control-of-kupiansk
  #     topic: control-of-kupiansk
  #     text: We assess that Ukrainian forces hold most of the city.
  #     confidence: moderate        # low, moderate, high
  #     control: {place: kupiansk, status: contested}   # optional, for a topic about control
  figures: []
  # figures:
  #   - id: population-now
  #     label: Population now
  #     value: 3000
  #     unit: people
  #     qualifier: about
  #     sources: [reuters-besedin-2024-11]
  background: []
"""

QUOTES = """# Verbatim quotes: 'text' holds exactly the words between the quotation marks.
quotes: []
# quotes:
#   - id: besedin-suburbs
#     speaker: besedin              # an id from registry/people.yaml or organisations.yaml; leave it out
#                                   # when the source does not name the speaker
#     text: They partially entered the suburbs
#     role: Head of the Kupiansk City Military Administration
#     medium: interview
#     date: 2024-11-11
#     source: reuters-besedin-2024-11
"""

DIPLOMACY = """# Who holds which position on what, as of when (issues are listed in registry/issues.yaml).
positions: []
# positions:
#   - id: lavrov-ceasefire
#     issue: freeze-front-line
#     actor: lavrov
#     stance: opposes               # supports, opposes, considering, conditional, unclear
#     date: 2024-11-14              # when they stated it; ../2024-11-14 for "on or before"
#     summary: Their position in one sentence.
#     sources: [lavrov-statement-2024-11]
"""


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back exactly: JSON's string syntax is
    valid YAML, and characters that are not printable are written as escapes."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)


def scaffold(project: Project, slug: str, date: dt.date, title: str | None = None) -> Path:
    slug = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "briefing"
    ident = f"{date.isoformat()}-{slug}"
    if not ID_RE.fullmatch(ident):
        raise UsageError(f"'{ident}' is not a valid briefing id; use a short slug of letters, digits and hyphens")
    folder = project.briefings / ident
    if folder.exists():
        raise UsageError(f"{folder.relative_to(project.root)} already exists; choose another --date or slug")
    folder.mkdir(parents=True)
    files = {
        "briefing.yaml": BRIEFING.format(id=ident, date=date.isoformat()),
        "situation.yaml": SITUATION,
        "quotes.yaml": QUOTES,
        "diplomacy.yaml": DIPLOMACY,
    }
    if title and title.strip():
        files["briefing.yaml"] = files["briefing.yaml"].replace('"TODO: headline of the briefing"',
                                                                yaml_string(title.strip()))
    for name, body in files.items():
        kind = name.removesuffix(".yaml")
        (folder / name).write_text(SCHEMA_LINE.format(kind=kind) + body, encoding="utf-8")
    return folder

