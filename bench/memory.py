"""Run a command and print the peak of the memory its whole process tree holds at once: the sum
of every process's resident memory (the build, the engine, Pagefind), sampled every 0.1 s. The
largest single process, which `wait4` reports, leaves out the build's own process while the
engine or Pagefind runs beside it (docs/benchmarks.md, fifth round).

    .venv/bin/python bench/memory.py .venv/bin/python build.py --root bench/out/corpus-1000 build --no-pdf

Sampling takes some CPU: time a build without it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

INTERVAL = 0.1  # seconds between samples


def children() -> dict[int, list[int]]:
    """Each running process's children, from /proc."""
    found: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):  # ended meanwhile
                continue
            found.setdefault(parent, []).append(int(name))
    return found


def tree(pid: int) -> list[int]:
    kids, found, todo = children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += kids.get(current, [])
    return found


def resident_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def command_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return " ".join(part.decode(errors="replace") for part in cmdline.read().split(b"\0")[:4])[:100]
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    process = subprocess.Popen(argv)
    peak, parts = 0, ""
    while process.poll() is None:
        sizes = [(resident_mb(pid), pid) for pid in tree(process.pid)]
        total = sum(size for size, _ in sizes)
        if total > peak:
            peak = total
            parts = "; ".join(f"{size} MB {command_of(pid)}" for size, pid in sizes if size >= 50)
        time.sleep(INTERVAL)
    print(f"peak memory of the process tree, summed: {peak} MB ({parts})", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
