"""The engine-independence check shared by the generator test and the content gate: the same
generated Markdown, built once with Material and once with MkDocs' own built-in theme, must give
every generated page with the same headings and the same text."""

from __future__ import annotations

from pathlib import Path

from briefing_site import pipeline
from briefing_site.plan import GENERATED_DIRS, GENERATED_FILES

from .conftest import TODAY
from .sitetext import main_content


def generated_pages(docs: Path) -> list[str]:
    """Where each generated Markdown page is published: 'places/kupiansk/index.html'."""
    found = [name for name in GENERATED_FILES if name.endswith(".md") and (docs / name).is_file()]
    for folder in GENERATED_DIRS:
        found += [p.relative_to(docs).as_posix() for p in (docs / folder).rglob("*.md")]
    return sorted(rel[: -len("index.md")] + "index.html" if rel.endswith("index.md") else rel[:-3] + "/index.html"
                  for rel in found)


def differences(material: pipeline.Project, plain: pipeline.Project) -> tuple[int, list[str]]:
    """Build `plain`, a copy of `material` as it was before it was built, with the built-in theme (and a
    search index after it), and compare it with `material`, built with Material; return the number
    of generated pages compared and what differs."""
    pipeline.build(plain, TODAY, search=True, theme="mkdocs")
    pages = generated_pages(material.docs)
    assert generated_pages(plain.docs) == pages
    problems = []
    for rel in pages:
        ours, theirs = material.site / rel, plain.site / rel
        if not theirs.is_file():
            problems.append(f"{rel}: missing in the built-in theme's build")
            continue
        (headings, text), (plain_headings, plain_text) = main_content(ours), main_content(theirs)
        if not headings or not text:
            problems.append(f"{rel}: no main content found in the Material build")
        if headings != plain_headings:
            problems.append(f"{rel}: headings differ: {headings} ≠ {plain_headings}")
        elif text != plain_text:
            problems.append(f"{rel}: text differs")
    return len(pages), problems
