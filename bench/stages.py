"""`build.py build --no-pdf` on a project, with the wall time of each stage printed as it ends:
where a build's or a rebuild's time goes (docs/benchmarks.md, fourth round).

    .venv/bin/python bench/stages.py bench/out/corpus-1000

The check is timed, and each edition's plan, render and write (the first's with the check inside
it); each run of the engine and of Pagefind as its own. Every edition's Markdown is written before
the engine starts. Nothing is changed in how the build runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from briefing_site import engine, pipeline  # noqa: E402


def timed(module: Any, name: str, label: Callable[[tuple[Any, ...]], str]) -> None:
    real = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = real(*args, **kwargs)
        print(f"  {label(args)}: {time.perf_counter() - start:.1f} s", flush=True)
        return result

    setattr(module, name, wrapper)


def timed_editions() -> None:
    """Each edition's Markdown, timed from the end of the one before (the first with the check)."""
    real = pipeline.written_editions

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        for planned, report in real(*args, **kwargs):
            check = " (with the check)" if planned.language.primary else ""
            print(f"  plan, render and write '{planned.info.language}'{check}: {time.perf_counter() - start:.1f} s",
                  flush=True)
            yield planned, report
            start = time.perf_counter()
        print(f"  record of what was rendered, saved: {time.perf_counter() - start:.1f} s", flush=True)

    pipeline.written_editions = wrapper  # type: ignore[assignment]


def main(argv: list[str]) -> int:
    (root,) = argv
    timed(engine, "_run", lambda args: str(args[3]))  # the engine's runs and Pagefind's
    timed(engine, "search_index", lambda args: "search index, with handing Pagefind its pages")
    timed(pipeline, "check", lambda args: "check (inside the next line)")
    timed_editions()
    start = time.perf_counter()
    pipeline.build(pipeline.Project(Path(root).resolve()), printouts=False)
    print(f"  the whole build: {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
