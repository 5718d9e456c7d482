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

SITUATION = """# Events, contested claims, key figures and background; see CONTRIBUTING.md.
# Every event, claim, figure and background item needs at least one source id.
situation:
  events: []
  # events:
  #   - id: assault-repelled
  #     date: 2024-11-13
  #     place: kupiansk
  #     actors: [general-staff-ua]
  #     summary: What happened, in one or two sentences.
  #     sources: [general-staff-statement-2024-11]
  claims: []
  # claims:
  #   - id: gs-full-control
  #     topic: Control of Kupiansk
  #     claimant: general-staff-ua
  #     statement: Ukraine has full control of the city.
  #     date: 2024-11-11
  #     status: corroborated        # confirmed, corroborated, disputed, unverified, denied, refuted
  #     credibility: 2              # 1 confirmed … 5 improbable, 6 cannot be judged
  #     sources: [general-staff-telegram-2024-11]
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
#     speaker: besedin              # an id from registry/people.yaml or organisations.yaml
#     text: They partially entered the suburbs
#     role: Head of the Kupiansk City Military Administration
#     medium: interview
#     date: 2024-11-11
#     source: reuters-besedin-2024-11
"""

DIPLOMACY = """# Who holds which position on which issue (issues are listed in registry/issues.yaml).
positions: []
# positions:
#   - id: lavrov-ceasefire
#     issue: freeze-front-line
#     actor: lavrov
#     stance: opposes               # supports, opposes, considering, conditional, unclear
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

