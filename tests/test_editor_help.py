"""Help while typing: JSON Schemas for the YAML language server, and `build.py new`."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from briefing_site import model, pipeline
from briefing_site.load import load_file
from briefing_site.problems import ContentError, UsageError, errors_only
from briefing_site.scaffold import scaffold
from briefing_site.schema import schemas

from .conftest import FIXTURE, REPO, TODAY

KINDS = {**model.REGISTRY_FILES, **model.BRIEFING_FILES}
SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=\.\./\.\./schema/(\w+)\.schema\.json")


def undescribed(node: Any, path: str) -> list[str]:
    """Every property (and every object definition) in a schema without a description."""
    missing: list[str] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if not (isinstance(prop, dict) and prop.get("description")):
                missing.append(f"{path}/properties/{name}")
        for name, definition in (node.get("$defs") or {}).items():
            if not definition.get("description"):
                missing.append(f"{path}/$defs/{name}")
        for key, value in node.items():
            missing += undescribed(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += undescribed(value, f"{path}/{i}")
    return missing


def test_every_field_in_every_schema_has_a_description() -> None:
    generated = {name: json.loads(text) for name, text in schemas().items()}
    assert len(generated) == len(KINDS)
    assert [m for name, schema in generated.items() for m in undescribed(schema, name)] == []
    assert all(schema.get("description") for schema in generated.values())


def test_the_walk_does_catch_a_missing_description() -> None:
    schema = {"properties": {"a": {"type": "string", "description": "x"}, "b": {"type": "string"}}}
    assert undescribed(schema, "s") == ["s/properties/b"]


def test_committed_schemas_are_current() -> None:
    result = subprocess.run([sys.executable, "build.py", "schema", "--check"], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_stale_schema_is_detected(project: pipeline.Project) -> None:
    stale = project.root / "schema" / "quotes.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("The exact words", "The words"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "schema", "--check"],
                            capture_output=True, text=True, check=False)
    stale_message = "schema/quotes.schema.json is stale: run 'python build.py schema'\n"
    assert (result.returncode, result.stderr) == (1, stale_message)


def fixture_yaml() -> list[Path]:
    return sorted((FIXTURE / "briefings").rglob("*.y*ml"))


def as_json(value: Any) -> Any:
    """YAML data as JSON would hold it: dates become ISO strings, as the language server sees them."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", fixture_yaml(), ids=lambda p: p.relative_to(FIXTURE / "briefings").as_posix())
def test_fixture_files_validate_against_their_schema(path: Path) -> None:
    data = as_json(load_file(path, path.name).data)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(path.stem).iter_errors(data)]
    assert errors == []


def test_the_schema_rejects_what_check_rejects() -> None:
    data = as_json(load_file(FIXTURE / "briefings/registry/people.yaml", "people.yaml").data)
    data["people"][0]["rol"] = data["people"][0].pop("role")
    data["people"][1]["id"] = "Ganchev"
    messages = sorted(e.message for e in validator("people").iter_errors(data))
    assert messages == ["'Ganchev' does not match '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'",
                        "'role' is a required property",
                        "Additional properties are not allowed ('rol' was unexpected)"]


# --- python build.py new ------------------------------------------------------------------------


def test_new_scaffolds_four_files_with_schema_lines(project: pipeline.Project) -> None:
    folder = scaffold(project, "Kharkiv offensive!", dt.date(2024, 11, 20))
    assert folder == project.briefings / "2024-11-20-kharkiv-offensive"
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.yaml", "diplomacy.yaml", "quotes.yaml",
                                                         "situation.yaml"]
    for path in folder.iterdir():
        assert SCHEMA_LINE.fullmatch(path.read_text(encoding="utf-8").splitlines()[0]).group(1) == path.stem  # type: ignore[union-attr]


def test_the_scaffold_flags_each_placeholder_at_its_line(project: pipeline.Project) -> None:
    scaffold(project, "kharkiv", dt.date(2024, 11, 20))
    with pytest.raises(ContentError) as caught:
        pipeline.check(project, TODAY)
    f = "briefings/2024-11-20-kharkiv/briefing.yaml"
    hint = "\n    hint: replace the whole TODO text with the real content"
    assert [p.format() for p in errors_only(caught.value.problems)] == [
        f"{f}:4:10: error: briefing.title: placeholder not filled in (expected your own text, got "
        "'TODO: headline of the briefing')" + hint,
        f"{f}:6:12: error: briefing.summary: placeholder not filled in (expected your own text, got "
        "'TODO: two or three sentences for the top of the page.')" + hint,
        f"{f}:9:7: error: briefing.takeaways[0]: placeholder not filled in (expected your own text, got "
        "'TODO: the most important takeaway')" + hint,
    ]


def uncomment_examples(text: str) -> str:
    """Replace each `key: []` followed by a commented example with the example itself."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        empty = re.fullmatch(r"(\s*)(\w+): \[\]", line)
        if empty and i + 1 < len(lines) and lines[i + 1].strip() == f"# {empty.group(2)}:":
            i += 1
            while i < len(lines) and lines[i].lstrip().startswith("#"):
                out.append(lines[i].replace("# ", "", 1))
                i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def test_a_filled_in_scaffold_passes_check(project: pipeline.Project) -> None:
    folder = scaffold(project, "kharkiv", dt.date(2024, 11, 20), title="Kupiansk holds")
    briefing = folder / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    text = text.replace("TODO: two or three sentences for the top of the page.", "Ukraine says it holds the city.")
    text = text.replace('"TODO: the most important takeaway"', "The assault was repelled.")
    text = text.replace("places: []", "places: [kupiansk]")
    briefing.write_text(text, encoding="utf-8")
    for name in ("situation.yaml", "quotes.yaml", "diplomacy.yaml"):  # the commented examples, used as they are
        path = folder / name
        path.write_text(uncomment_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
    try:
        site, _ = pipeline.check(project, TODAY)
    except ContentError as err:
        raise AssertionError("\n".join(p.format() for p in err.problems)) from None
    new = next(b for b in site.briefings if b.folder == folder.name)
    assert new.briefing.title == "Kupiansk holds"
    assert (len(new.situation.events), len(new.situation.claims), len(new.situation.figures)) == (1, 1, 1)
    assert (len(new.situation.control), len(new.situation.assessments)) == (1, 1)
    assert (len(new.quotes), len(new.positions)) == (1, 1)


def test_new_refuses_to_overwrite(project: pipeline.Project) -> None:
    existing = project.briefings / "2024-11-15-kupiansk" / "briefing.yaml"
    before = existing.read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        scaffold(project, "kupiansk", dt.date(2024, 11, 15))
    assert existing.read_bytes() == before
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "new", "kupiansk",
                             "--date", "2024-11-15"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert existing.read_bytes() == before


def test_new_defaults_to_today(project: pipeline.Project) -> None:
    before = dt.date.today()
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "new", "update"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    days = {before.isoformat(), dt.date.today().isoformat()}  # the run may straddle midnight
    (folder,) = project.briefings.glob("*-update")
    day = folder.name.removesuffix("-update")
    assert day in days
    assert f"as_of: {day}\n" in (folder / "briefing.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ['Back\\slash and "double" quotes', "It's: a # title {{ 7*7 }}", "Купʼянськ: «штурм»",
                                   "- starts like a list", "tab\there", "trailing backslash \\"])
def test_new_writes_any_title_as_yaml_that_reads_back_exactly(project: pipeline.Project, title: str) -> None:
    folder = scaffold(project, "titled", dt.date(2024, 11, 20), title)
    data = load_file(folder / "briefing.yaml", "briefing.yaml").data
    assert data["briefing"]["title"] == title
