"""CONTRIBUTING.md stays true: its error example is the tool's real output, and its list of
inline-Markdown fields is the model's."""

from __future__ import annotations

import re
import subprocess
import sys

from briefing_site import model, pipeline

from .conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"


def test_the_error_example_is_what_check_prints(project: pipeline.Project) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    example = re.search(r"## Reading an error.*?```sh\n.*?```.*?```\n(.*?)```", text, re.DOTALL)
    assert example, "the 'Reading an error' section lost its example"
    quotes = project.briefings / "2024-11-15-kupiansk" / "quotes.yaml"
    yaml_text = quotes.read_text(encoding="utf-8")
    yaml_text = yaml_text.replace("speaker: besedin", "speaker: besdin", 1)
    yaml_text = yaml_text.replace("role: Ukraine's military general staff", "role: no", 1)
    quotes.write_text(yaml_text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr == example.group(1)


def test_the_inline_markdown_fields_listed_are_the_models() -> None:
    markdown = {(cls.__name__, name) for cls in vars(model).values()
                if isinstance(cls, type) and issubclass(cls, model.Strict) and not cls.__name__.endswith("Words")
                for name, info in cls.model_fields.items() if "Inline Markdown" in (info.description or "")}
    assert markdown == {("Person", "description"), ("Organisation", "description"), ("Place", "description"),
                        ("DiplomacyIssue", "description"), ("BackgroundItem", "text"), ("Quote", "context"),
                        ("Briefing", "summary"), ("Briefing", "takeaways"), ("Assessment", "text"),
                        ("Topic", "description"), ("Correction", "text"), ("Document", "description")}
    section = GUIDE.read_text(encoding="utf-8").split("## Plain text and inline Markdown")[1].split("\n## ")[0]
    for needle in ("`briefing.summary`", "`briefing.takeaways`", "`background[].text`", "`quotes[].context`",
                   "`description` of people, organisations, places, topics and diplomacy issues",
                   "`assessments[].text`", "`briefing.corrections[].text`"):
        assert needle in section


def test_the_guide_covers_what_editors_do() -> None:
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    for needed in ("Add a quote", "Add a claim", "Add a figure", "Add a diplomacy position", "Start a new briefing",
                   "Reading an error", "Preview the site on your computer",
                   "Record a document and its versions (a worked example)",
                   "Record a meeting or a deadline still to come"):
        assert needed in headings
