"""Where a site's bytes go: `python bench/sizes.py 20 60` builds the concentrated corpus (the
fixture's real 2024 briefing at N dates, bench/benchmark.py) at each size, with PDFs and search,
and prints the bytes of the built site by edition and kind of file, and what one more briefing
adds to each (the difference between the two sizes, per briefing). Figures only: nothing here
asserts; docs/benchmarks.md keeps them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from benchmark import REPO, corpus_for  # noqa: E402

# The first folder of a path under an edition, and what it is.
SECTIONS = {"briefings": "briefing pages", "people": "entity pages", "organisations": "entity pages",
            "places": "entity pages", "topics": "topic pages", "diplomacy": "diplomacy pages",
            "documents": "document pages", "sources": "source register", "quotes": "quote pages",
            "timeline": "timeline", "corrections": "other pages", "data": "open data", "pagefind": "search index",
            "names": "search names", "assets": "theme and assets", "search": "other pages", "about": "other pages",
            "methodology": "other pages", "contributing": "other pages", "benchmarks": "other pages"}


def kind(relative: Path) -> tuple[str, str]:
    """(edition, kind) of a file of the built site."""
    parts = relative.parts
    edition = "uk" if parts[0] == "uk" else "en"
    if edition == "uk":
        parts = parts[1:]
    if not parts:
        return edition, "other pages"
    name = parts[-1]
    if name.endswith(".pdf"):
        return edition, "briefing PDFs"
    if name.endswith(".svg"):
        return edition, "maps"
    if name.endswith(".xml") and name != "sitemap.xml":
        return edition, "feeds"
    if len(parts) == 1:
        return edition, "sitemap and home" if name.startswith(("sitemap", "index")) else "other pages"
    return edition, SECTIONS.get(parts[0], "other pages")


def breakdown(site: Path) -> Counter[tuple[str, str]]:
    sizes: Counter[tuple[str, str]] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            sizes[kind(path.relative_to(site))] += path.stat().st_size
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs=2, help="two corpus sizes, the smaller first")
    args = parser.parse_args()
    found = {}
    for n in args.sizes:
        root = corpus_for(n, 0, "concentrated")
        subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build"], check=True,
                       stdout=subprocess.DEVNULL)
        found[n] = breakdown(root / "site")
    small, large = args.sizes
    kinds = sorted({k for sizes in found.values() for k in sizes}, key=lambda k: (k[0], -found[large][k]))
    print(f"| edition | kind | {small} briefings | {large} briefings | per briefing |")
    print("|---|---|---:|---:|---:|")
    for key in kinds:
        a, b = found[small][key], found[large][key]
        each = (b - a) / (large - small) / 1e3
        print(f"| {key[0]} | {key[1]} | {a / 1e6:,.2f} MB | {b / 1e6:,.2f} MB | {each:,.1f} KB |")
    a, b = sum(found[small].values()), sum(found[large].values())
    print(f"| both | all | {a / 1e6:,.2f} MB | {b / 1e6:,.2f} MB | {(b - a) / (large - small) / 1e3:,.1f} KB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
