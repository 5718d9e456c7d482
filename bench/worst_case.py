"""Worst-case build cost per byte of input: `python bench/worst_case.py` (figures only, no asserts).

Every input that passes `check` must build in time and memory bounded by a linear function of its
size. This script builds the hostile shapes that cost the most per input byte, each at two sizes,
with the real `build.py build` (MkDocs and Pagefind) in a child process, and prints for each: the
input size, the Markdown generated, the wall time, the peak memory (os.wait4) and the cost per
input megabyte. If the cost per megabyte stays flat from the small size to the large one, the
shape is linear; docs/benchmarks.md records the figures and the bound.

Shapes (starting from the fixture project, tests/fixtures/project), within the check's bounds (at
most 100 items a list and 250 a briefing, no word over 100 characters, 5,000 characters a field):
- brackets: takeaways of 5,000 characters holding the most '[' an inline field may (100), the input
  on which Python-Markdown is slowest per byte;
- title × places: a briefing with a 5,000-character title listing every one of 10 K places, each with
  its own registry entry: the title is printed on every place's page;
- mentions: K claims of 4,000 characters, each naming 50 places: every claim is listed on 50 pages;
- dates: K events dated with the longest form a date may take ('2025-09-28~/2025-12-31%'), each with
  a 5,000-character summary: the timeline, the briefing and its PDF;
- clustered places: 10 K places within a few kilometres of each other, all named by the briefing:
  every place gets a map, of at most 12 neighbours (views.MAX_NEIGHBOURS);
- figures: K figures with 5,000-character labels: the PDF's figure table, the costliest to typeset
  (the number of PDF pages is printed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import SEED, copy_project  # noqa: E402

TODAY = "2026-11-25"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def _places(root: Path, k: int) -> list[str]:
    ids = [f"hostile-place-{i}" for i in range(k)]
    _append(root / "briefings" / "registry" / "places.yaml", "".join(
        f"  - id: {pid}\n    name: Hostile Place {i}\n    country: Nowhere\n" for i, pid in enumerate(ids)))
    return ids


def _words(n: int) -> str:
    """n characters of ordinary words: no word a line cannot break."""
    return ("lorem ipsum dolor sit amet " * (n // 20 + 1))[:n].strip()


def brackets(root: Path, k: int) -> None:
    text = ("[a " * 100 + _words(4700))[:5000]
    head = root / "briefings" / SEED / "briefing.yaml"
    body = head.read_text(encoding="utf-8")
    start = body.index("  takeaways:")
    end = body.index("\n  places:", start)
    head.write_text(body[:start] + "  takeaways:\n" + "".join(f"    - '{text}'\n" for _ in range(k)) + body[end:],
                    encoding="utf-8")


def title_places(root: Path, k: int) -> None:
    ids = _places(root, 10 * k)
    head = root / "briefings" / SEED / "briefing.yaml"
    body = head.read_text(encoding="utf-8")
    lines = body.splitlines()
    lines = [f"  title: {_words(5000)}" if line.startswith("  title:") else
             f"  places: [kupiansk, {', '.join(ids)}]" if line.startswith("  places:") else line for line in lines]
    head.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _situation_items(root: Path, section: str, items: str) -> None:
    """Put `items` (YAML list entries) first in a section of the seed briefing's situation.yaml."""
    situation = root / "briefings" / SEED / "situation.yaml"
    body = situation.read_text(encoding="utf-8")
    situation.write_text(body.replace(f"  {section}:\n", f"  {section}:\n" + items, 1), encoding="utf-8")


def mentions(root: Path, k: int) -> None:
    ids = _places(root, 50)
    _situation_items(root, "claims", "".join(
        f"    - id: hostile-claim-{i}\n      topic: control-of-kupiansk\n      claimant: general-staff-ua\n"
        f"      statement: {_words(4000)}\n      date: 2024-11-14\n      places: [{', '.join(ids)}]\n"
        f"      status: unverified\n      credibility: 6\n      sources: [general-staff-telegram-2024-11]\n"
        for i in range(k)))


def dates(root: Path, k: int) -> None:
    _situation_items(root, "events", "".join(
        f"    - id: hostile-event-{i}\n      date: 2024-09-28~/2024-11-14%\n      summary: {_words(5000)}\n"
        f"      sources: [general-staff-telegram-2024-11]\n" for i in range(k)))


def clustered_places(root: Path, k: int) -> None:
    ids = [f"hostile-place-{i}" for i in range(10 * k)]
    _append(root / "briefings" / "registry" / "places.yaml", "".join(
        f"  - id: {pid}\n    name: Hostile Place {i}\n    country: Nowhere\n"
        f"    coordinates: {{lat: {49.70 + (i % 30) * 0.002:.4f}, lon: {37.60 + (i // 30) * 0.002:.4f}}}\n"
        for i, pid in enumerate(ids)))
    head = root / "briefings" / SEED / "briefing.yaml"
    lines = head.read_text(encoding="utf-8").splitlines()
    lines = [f"  places: [kupiansk, {', '.join(ids)}]" if line.startswith("  places:") else line for line in lines]
    head.write_text("\n".join(lines) + "\n", encoding="utf-8")


def figures(root: Path, k: int) -> None:
    _situation_items(root, "figures", "".join(
        f"    - id: hostile-figure-{i}\n      label: {_words(5000)}\n      value: {1000 + i}\n      unit: people\n"
        f"      sources: [general-staff-telegram-2024-11]\n" for i in range(k)))


SHAPES: dict[str, Callable[[Path, int], None]] = {"brackets": brackets, "title × places": title_places,
                                                   "mentions": mentions, "dates": dates,
                                                   "clustered places": clustered_places, "figures": figures}


def measure(shape: Callable[[Path, int], None], k: int, folder: Path) -> dict[str, float]:
    project = copy_project(folder / "project")
    shape(project.root, k)
    size = sum(p.stat().st_size for p in project.briefings.rglob("*.yaml"))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(project.root), "build"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"the build failed:\n{errors}")
    markdown = sum(p.stat().st_size for p in project.docs.rglob("*.md"))
    pdf_pages = sum(_pages(p.read_bytes()) for p in (project.root / "site").rglob("*.pdf"))
    # ru_maxrss of the children is the largest single process of the build (Python, MkDocs or Pagefind).
    child_peak = max(usage.ru_maxrss, _children_peak()) / 1024
    return {"input": size, "markdown": markdown, "seconds": seconds, "peak_mb": child_peak, "pdf_pages": pdf_pages}


def _pages(pdf: bytes) -> int:
    """The page count of a PDF whose objects sit in compressed object streams (as WeasyPrint writes
    them): the /Count of its page tree's root, the largest one."""
    counts = [0]
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(found.group(1))
        except zlib.error:
            continue
        counts += [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
        counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts)


def _children_peak() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 170 takeaways or claims of 5,000 characters are about 900 KB: one file may hold at most 1 MB.
    # At most 100 items a list, less the fixture's own: 90 is the most a shape can add.
    parser.add_argument("--scales", type=int, nargs=2, default=[30, 90], help="K for the small and large size")
    args = parser.parse_args()
    print(f"{'shape':<16}{'K':>6}{'input KB':>10}{'Markdown KB':>13}{'build s':>9}{'peak MB':>9}"
          f"{'s per input MB':>16}{'PDF pages':>11}")
    for name, shape in SHAPES.items():
        for k in args.scales:
            with tempfile.TemporaryDirectory() as folder:
                row = measure(shape, k, Path(folder))
            per_mb = row["seconds"] / (row["input"] / 1e6)
            print(f"{name:<16}{k:>6}{row['input'] / 1024:>10.0f}{row['markdown'] / 1024:>13.0f}"
                  f"{row['seconds']:>9.1f}{row['peak_mb']:>9.0f}{per_mb:>16.1f}{row['pdf_pages']:>11.0f}", flush=True)
    shutil.rmtree(REPO / "bench" / "out" / "worst", ignore_errors=True)


if __name__ == "__main__":
    main()
