"""Golden Markdown for the fixture project (tests/fixtures/project), not the live content.

Regenerate after an intended change to templates or content, then review the diff:

    make golden        (or: .venv/bin/python -m tests.golden)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from briefing_site import pipeline
from briefing_site.index import build_index
from briefing_site.plan import Plan
from briefing_site.render import render
from briefing_site.views import SiteInfo

from .conftest import REPO, TODAY, copy_project

GOLDEN = Path(__file__).resolve().parent / "golden"


def render_pages(project: pipeline.Project) -> dict[str, str]:
    """The Markdown pages exactly as `build` writes them, with a fixed date and site URL."""
    site, _ = pipeline.check(project, TODAY)
    configured = pipeline.site_info(project)
    info = SiteInfo(name=configured.name, url="http://127.0.0.1:8000/", description=configured.description)
    return {k: str(v) for k, v in render(Plan(site, build_index(site), info), project.templates).items()}


def translated_pages(project: pipeline.Project) -> dict[str, str]:
    """The Markdown pages of each translation (uk/…), so a reviewer sees what a template change
    or a catalogue change does to the interface in that language."""
    site, _ = pipeline.check(project, TODAY)
    pages: dict[str, str] = {}
    for edition in pipeline.editions(project)[1:]:
        shown = pipeline.localised(site, edition.language.code)
        plan = Plan(shown, build_index(shown), edition.info, edition.language)
        for rel, text in render(plan, project.templates).items():
            if rel.endswith(".md"):
                pages[f"{edition.language.code}/{rel}"] = str(text)
    return pages


def fixture_pages() -> dict[str, str]:
    """The fixture project rendered with this checkout's templates."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        return {**render_pages(project), **translated_pages(project)}


def in_a_fresh_process(code: str, hash_seed: str) -> str:
    """What `code` prints, run by a new interpreter in this checkout with PYTHONHASHSEED=`hash_seed`:
    what a process of its own, with its own hash seed, makes of the same input."""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONHASHSEED": hash_seed})
    assert result.returncode == 0, result.stderr
    return result.stdout


def fixture_pages_elsewhere(hash_seed: str) -> dict[str, str]:
    """fixture_pages(), made by a fresh process with another hash seed."""
    code = "import json, sys; from tests.golden import fixture_pages; json.dump(fixture_pages(), sys.stdout)"
    pages: dict[str, str] = json.loads(in_a_fresh_process(code, hash_seed))
    return pages


def regenerate() -> None:
    pages = fixture_pages()
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in pages.items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} golden page(s) to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    regenerate()
