"""Lint and type checks run with the tests, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_command_line_prints() -> None:
    """Stages return results and raise errors; cli.py alone decides what reaches the terminal
    (the preview hands its messages to a function cli.py gives it)."""
    import re

    printing = {path.name for path in (REPO / "briefing_site").glob("*.py")
                if re.search(r"^\s*print\(|sys\.std(out|err)\.write", path.read_text(encoding="utf-8"), re.M)}
    assert printing == {"cli.py"}


def imports() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports, wherever the import
    is written (inside functions too)."""
    import ast

    package = REPO / "briefing_site"
    modules = {path.stem for path in package.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefing_site"):
                parts = (node.module or "").split(".")
                found.update(parts[1:2] or [a.name for a in node.names])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("briefing_site."))
        graph[path.stem] = found & modules - {path.stem}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_is_in_an_import_cycle() -> None:
    assert cycles(imports()) == []


def test_the_cycle_check_can_fail() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The pipeline's stages, in the order the build runs them: no stage imports a later one.
STAGES = ["load", "validate", "link", "index", "plan", "render", "write", "engine"]


def test_no_stage_imports_a_later_one() -> None:
    graph = imports()
    reach: dict[str, set[str]] = {}

    def reached(module: str) -> set[str]:
        if module not in reach:
            reach[module] = set()
            reach[module] = set(graph[module]).union(*(reached(m) for m in graph[module]))
        return reach[module]

    for position, stage in enumerate(STAGES):
        later = set(STAGES[position + 1:]) & reached(stage)
        assert later == set(), f"{stage} imports the later stage(s) {sorted(later)}"
