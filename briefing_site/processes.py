"""The processes a build starts: stopped with the build, even when it is killed.

Linux lets a child be stopped when its parent dies, and lists a process's children under /proc;
elsewhere these do nothing, or find nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal
import sys
from pathlib import Path


@functools.cache
def libc() -> ctypes.CDLL:
    """The C library, for what Python's own modules do not wrap (Linux: prctl, renameat2)."""
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with_parent() -> None:
    """In a child process before it starts: have Linux stop it when its parent dies, even by SIGKILL
    (prctl PR_SET_PDEATHSIG); elsewhere nothing."""
    if sys.platform.startswith("linux"):
        libc().prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and every process it started, the deepest first."""
    for each in [*descendants(pid), pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (Linux /proc; elsewhere none are known)."""
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [d for child in children for d in (*descendants(child), child)]
