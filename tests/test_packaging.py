"""Packaging as the ecosystem expects: `pip install .` gives a working `briefing-site` command,
and the published pre-commit hook installs and runs from another repository.

Both install into fresh virtual environments, from the lock's own files only (requirements.txt,
downloaded once with their hashes checked), so they are slow; they copy the project's code
first, so the checkout gets no build folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURE, REPO, SEED, copy_project, made_once

pytestmark = pytest.mark.slow

PACKAGE_FILES = ("pyproject.toml", "README.md", "requirements.txt", ".pre-commit-hooks.yaml")


def code_copy(target: Path) -> Path:
    """The installable part of the project (its package and pyproject.toml) copied to `target`."""
    target.mkdir(parents=True)
    for name in PACKAGE_FILES:
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "briefing_site", target / "briefing_site",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)


BACKEND = ("setuptools", "wheel")  # what building the package from pyproject.toml asks for


def wheelhouse(folder: Path) -> None:
    """The lock's files (requirements.txt, hashes checked) and the build backend's (as
    requirements-dev.txt locks them), downloaded into `folder`."""
    dev = (REPO / "requirements-dev.txt").read_text(encoding="utf-8")
    locked = [re.search(rf"^{name}==\S+ \\\n(?:\s+--hash=\S+(?: \\)?\n)+", dev, re.M) for name in BACKEND]
    assert all(locked), f"requirements-dev.txt locks none of {BACKEND}"
    (folder / "backend.txt").write_text("".join(m.group() for m in locked if m), encoding="utf-8")
    for lock in (REPO / "requirements.txt", folder / "backend.txt"):
        result = run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                     "-r", lock, "-d", folder / "files")
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def locked_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The locked packages' files, downloaded once in the run for every install these tests make."""
    return made_once(tmp_path_factory, "wheelhouse", wheelhouse) / "files"


# Every pip these tests run, the one pre-commit runs included: the lock's files only (no index: an
# install here is the one the lock describes, whatever the index holds today), and no bytecode
# compiled ahead (a quarter of an install's time; Python compiles what it imports anyway).
def pip_environment(files: Path) -> dict[str, str]:
    return {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(files), "PIP_NO_COMPILE": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.mark.long
def test_pip_install_gives_a_working_briefing_site_command(tmp_path: Path, locked_files: Path) -> None:
    code = code_copy(tmp_path / "code")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    env = pip_environment(locked_files)
    installed = run(venv / "bin" / "pip", "install", "--quiet", code, env=env)
    assert installed.returncode == 0, installed.stderr
    project = copy_project(tmp_path / "project")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")  # the project's npm packages
    built = run(venv / "bin" / "briefing-site", "--root", project.root, "build", "--no-search")
    assert built.returncode == 0, built.stderr
    assert (project.site / "briefings" / SEED / "index.html").is_file()
    usage = run(venv / "bin" / "briefing-site", "--root", tmp_path / "nowhere", "check")
    assert (usage.returncode, usage.stderr.split(":")[0]) == (2, "briefing-site")


def git(repo: Path, *args: str) -> None:
    result = run("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args, cwd=repo)
    assert result.returncode == 0, result.stderr


@pytest.mark.long
def test_the_published_pre_commit_hook_runs_in_another_repository(tmp_path: Path, locked_files: Path) -> None:
    hook_repo = code_copy(tmp_path / "hook-repo")
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", ".")
    git(hook_repo, "commit", "-q", "-m", "hook")
    editors = tmp_path / "editors"
    shutil.copytree(FIXTURE / "briefings", editors / "briefings")
    git(editors, "init", "-q")
    git(editors, "add", ".")
    env = {**pip_environment(locked_files), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "briefing-check", "--all-files"]
    clean = run(*pre_commit, cwd=editors, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "check briefings" in clean.stdout and "Passed" in clean.stdout
    quotes = editors / "briefings" / SEED / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("speaker: besedin", "speaker: besdin", 1),
                      encoding="utf-8")
    git(editors, "add", ".")
    broken = run(*pre_commit, cwd=editors, env=env)
    assert broken.returncode == 1
    assert f"briefings/{SEED}/quotes.yaml:16:14: error: quotes[1].speaker" in broken.stdout
    assert "did you mean 'besedin'?" in broken.stdout
