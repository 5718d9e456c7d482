"""Content edits an editor makes, done to a copy of a project: copy a briefing under a new date,
add a registry person. Used by the change-summary and incremental-build tests, and by the content
gate, which also runs on the bundled briefings grown this way (tests/content/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


def copy_briefing(briefings: Path, folder: str, date: str, slug: str) -> str:
    """Copy briefing `folder` to `{date}-{slug}` with its id and as-of date changed; the new folder's name."""
    new = f"{date}-{slug}"
    shutil.copytree(briefings / folder, briefings / new)
    head = briefings / new / "briefing.yaml"
    text = head.read_text(encoding="utf-8")
    text = re.sub(r"^(  id: ).*$", rf"\g<1>{new}", text, count=1, flags=re.M)
    text = re.sub(r"^(  as_of: ).*$", rf"\g<1>{date}", text, count=1, flags=re.M)
    head.write_text(text, encoding="utf-8")
    return new


def add_person(briefings: Path, ident: str, name: str, role: str) -> None:
    people = briefings / "registry" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").rstrip("\n")
                      + f"\n\n  - id: {ident}\n    name: {name}\n    role: {role}\n", encoding="utf-8")


def newest_briefing(briefings: Path) -> str:
    return sorted(p.name for p in briefings.iterdir() if p.is_dir() and p.name != "registry")[-1]


def grow(briefings: Path) -> None:
    """What an editor adds over a few months: three briefings (copies of the newest under later
    dates) and a new person in the registry."""
    newest = newest_briefing(briefings)
    for date, slug in (("2026-01-10", "copy-a"), ("2026-02-10", "copy-b"), ("2026-03-10", "copy-c")):
        copy_briefing(briefings, newest, date, slug)
    add_person(briefings, "growth-test-person", "Growth Test Person", "Spokesperson")
