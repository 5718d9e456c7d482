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
