"""`python build.py new`: scaffold the next dated briefing folder.

The scaffold is valid YAML whose placeholders name what to fill in; `check` reports each
placeholder still left (they refer to an id that does not exist yet), so an editor is
guided field by field. An existing folder is never overwritten.
"""

from __future__ import annotations

import datetime as dt
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
  places: []
  sources: []
"""

SITUATION = """# Add events, claims, figures and background; see CONTRIBUTING.md for examples.
situation:
  events: []
  claims: []
  figures: []
  background: []
"""

QUOTES = """# Verbatim quotes: 'text' holds exactly the words between the quotation marks.
quotes: []
"""

DIPLOMACY = """# Who holds which position on which issue (issues are listed in registry/issues.yaml).
positions: []
"""


def scaffold(project: Project, slug: str, date: dt.date, title: str | None = None) -> Path:
    slug = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "briefing"
    ident = f"{date.isoformat()}-{slug}"
    if not ID_RE.match(ident):
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
    if title:
        files["briefing.yaml"] = files["briefing.yaml"].replace(
            '"TODO: headline of the briefing"', '"' + title.replace('"', "'") + '"')
    for name, body in files.items():
        kind = name.removesuffix(".yaml")
        (folder / name).write_text(SCHEMA_LINE.format(kind=kind) + body, encoding="utf-8")
    return folder

