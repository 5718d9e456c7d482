"""Issue 38's two search-apart figures: `python bench/rebuild_share.py 1000`.

On the concentrated corpus of N briefings (bench/benchmark.py), with PDFs: a whole build without
the search index from an empty build cache; one quote of the newest briefing changed, the same
build again with that cache (the rebuild's share of the full build, the search index left out:
Pagefind cannot update an index, its issue #71); then the search index of each edition made alone
over the built site, in seconds per 1,000 briefings. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from benchmark import REPO, cache_of, corpus_for, edit_a_quote  # noqa: E402

from briefing_site.engine import engine_environment, search_index  # noqa: E402


def timed(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    n = parser.parse_args().n
    root = corpus_for(n, 0, "concentrated")
    shutil.rmtree(cache_of(root), ignore_errors=True)
    build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--no-search"]
    full = timed(build)
    edit_a_quote(root, "Changed for the benchmark")
    again = timed(build)
    env = engine_environment(dt.date.today())
    seconds = {}
    aside = root / "uk-aside"  # the English index is made without the Ukrainian pages, as a build makes it
    (root / "site" / "uk").rename(aside)
    try:
        started = time.monotonic()
        search_index(root / "site", root, env)
        seconds["en"] = time.monotonic() - started
    finally:
        aside.rename(root / "site" / "uk")
    started = time.monotonic()
    search_index(root / "site" / "uk", root, env)
    seconds["uk"] = time.monotonic() - started
    print("| N | build without search | rebuild after one quote, without search | share | "
          "search index, en | search index, uk |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {n:,} | {full:.1f} s | {again:.1f} s | {100 * again / full:.1f} % | "
          f"{seconds['en']:.1f} s ({1000 * seconds['en'] / n:.1f} s per 1,000) | "
          f"{seconds['uk']:.1f} s ({1000 * seconds['uk'] / n:.1f} s per 1,000) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
