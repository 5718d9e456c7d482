"""`build.py build --no-pdf` on a project, with the wall time of each stage printed as it ends:
where a build's or a rebuild's time goes (docs/benchmarks.md, fourth round).

    .venv/bin/python bench/stages.py bench/out/corpus-1000

Check, render and write are timed as one stage (`generate`, with `check` inside it); each run of
the engine and of Pagefind as its own. Nothing is changed in how the build runs.
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


def main(argv: list[str]) -> int:
    (root,) = argv
    timed(engine, "_run", lambda args: str(args[3]))  # the engine's runs and Pagefind's
    timed(engine, "search_index", lambda args: "search index, with handing Pagefind its pages")
    timed(pipeline, "check", lambda args: "check (inside the next line)")
    timed(pipeline, "generate", lambda args: "check, plan, render and write, every language")
    start = time.perf_counter()
    pipeline.build(pipeline.Project(Path(root).resolve()), printouts=False)
    print(f"  the whole build: {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
