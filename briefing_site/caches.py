"""Where a project's build cache lives: the one owner of every cache's place.

A build keeps what it can reuse: the files it checked (checks), the pages it rendered
(rendered), the engine's conversions and pages (conversions) and the typeset PDFs (printouts).
Several of these are pickles, and reading a pickle can run any code it names. So the cache is
never inside the project folder, where a pull request can put any file (`.cache/` is ignored by
git, but `git add -f` commits it all the same, and a checkout then replaces the reviewer's own):

- by default it is in the user's cache folder ($XDG_CACHE_HOME, else ~/.cache), under
  briefing-site/, one folder per project folder;
- BRIEFING_SITE_CACHE names another folder (CI keeps one between runs); one inside the project is
  refused.

`check` refuses a project whose git index holds files under `.cache/` (files.py), so that such a
pull request is stopped before anyone builds it.

A cache that cannot be read or written only makes the next run slower: every reader treats what
it cannot read as a miss, every writer gives up quietly.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import UsageError

VARIABLE = "BRIEFING_SITE_CACHE"
IN_PROJECT = ".cache"  # where earlier versions kept it: never read now, and refused in git (files.py)


@dataclass(frozen=True)
class Caches:
    """The folders and files of one project's build cache."""

    folder: Path

    @property
    def checks(self) -> Path:
        return self.folder / "checks.pickle"

    @property
    def rendered(self) -> Path:
        return self.folder / "rendered.pickle"

    @property
    def conversions(self) -> Path:
        return self.folder / "conversions"

    @property
    def printouts(self) -> Path:
        return self.folder / "printouts"


def for_project(root: Path, environ: Mapping[str, str] = os.environ) -> Caches:
    """The build cache of the project at `root`: BRIEFING_SITE_CACHE, else one in the user's cache
    folder named after the project's folder. UsageError if it would be inside the project."""
    project = root.resolve()
    chosen = environ.get(VARIABLE)
    if chosen:
        folder = Path(chosen).expanduser().resolve()
    else:
        base = Path(environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME") or Path.home()) / ".cache")
        name = f"{project.name or 'root'}-{hashlib.sha256(str(project).encode()).hexdigest()[:16]}"
        folder = base.expanduser().resolve() / "briefing-site" / name
    if folder == project or folder.is_relative_to(project):
        raise UsageError(f"the build cache {folder} is inside the project folder, where a pull request could "
                         f"put files that the build would run: set {VARIABLE} to a folder outside {project}")
    return Caches(folder)
