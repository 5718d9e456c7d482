"""The project's own files besides the briefings, checked before anything reads them.

Besides briefings/ (checked file by file in validate), a build reads templates/, docs/ (the
hand-written pages and assets, and the pages it writes there itself), overrides/ (the theme's
override), locale/ (the interface's catalogues) and mkdocs.yml, and MkDocs copies docs/ into the
published site. A pull request can put anything there, so `check` refuses, each as a located
error:

- a symbolic link: the engine would follow it and publish what it points at (/etc/passwd,
  /proc/self/environ), and the writer would write through it;
- anything that is not a plain file or folder (a FIFO blocks a read for ever, a device never ends);
- a file committed under `.cache/`, where earlier versions kept the build cache: caches hold
  pickles, which run code when read (the cache is outside the project now: see caches).

Nothing here reads a file's contents: only names and the kind of each entry (lstat).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from .caches import IN_PROJECT
from .problems import Problem

READ = ("templates", "docs", "overrides", "locale")  # the folders a build reads, beside briefings/
CONFIG = "mkdocs.yml"


def problems(root: Path) -> list[Problem]:
    """Every link, special file or committed cache file among the files a build of `root` reads."""
    found: list[Problem] = []
    for top in (root / CONFIG, *(root / name for name in READ)):
        found += _entry(root, top)
        if top.is_dir() and not top.is_symlink():
            for folder, folders, names in os.walk(top):  # links to folders are reported, not followed
                for name in sorted(folders + names):
                    found += _entry(root, Path(folder) / name)
    found += _committed_caches(root)
    return found


def _entry(root: Path, path: Path) -> list[Problem]:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return []
    except OSError as err:
        return [Problem(_shown(root, path), 1, 1, "", f"cannot be read: {err.strerror}",
                        "check the file's permissions")]
    if stat.S_ISLNK(mode):
        return [Problem(_shown(root, path), 1, 1, "", "a symbolic link: the build does not follow links",
                        "put the file itself here; a link could publish a file from outside the project")]
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return [Problem(_shown(root, path), 1, 1, "", "not a regular file (a FIFO, a socket or a device)",
                        "remove it; only plain files and folders belong in the project")]
    return []


def _committed_caches(root: Path) -> list[Problem]:
    """Files git holds under `.cache/` (where the cache was once kept): a pull request that commits
    one is refused before anyone builds it. Without git, or outside a repository, none is known."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", IN_PROJECT], cwd=root, capture_output=True,
                                check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listed.returncode != 0:
        return []
    return [Problem(name, 1, 1, "", "a cache file is committed: the build never reads its cache from the project",
                    f"remove it from the pull request (git rm -r --cached {IN_PROJECT}); caches run code when read")
            for name in sorted(filter(None, listed.stdout.decode("utf-8", "replace").split("\0")))]


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
