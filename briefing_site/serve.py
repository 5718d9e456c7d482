"""`python build.py serve`: live preview.

The engine's own server (`mkdocs serve`) watches docs/ and reloads the browser. We watch
briefings/ and templates/ and, on a change, re-run check → render → write: only pages
whose Markdown changed are rewritten, so the engine sees exactly the real edits. A content
error is printed and the last good preview stays up.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from . import pipeline
from .build import engine_environment
from .problems import ContentError

POLL_SECONDS = 0.3


def serve(project: pipeline.Project, port: int) -> int:
    site, report = pipeline.generate(project)
    print(f"rendered {len(report.written)} page(s); serving on http://127.0.0.1:{port}/", file=sys.stderr)
    engine = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config),
         "--dev-addr", f"127.0.0.1:{port}", "--livereload", "--dirty"],
        cwd=project.root, env=engine_environment(site.build_date),
    )
    try:
        watch(project, engine)
    finally:
        engine.terminate()
        engine.wait(timeout=10)
    return engine.returncode or 0


def watch(project: pipeline.Project, engine: subprocess.Popen[bytes] | None = None) -> None:
    """Re-render whenever a YAML file or a template changes, until the engine stops."""
    seen = _snapshot(project)
    while engine is None or engine.poll() is None:
        time.sleep(POLL_SECONDS)
        now = _snapshot(project)
        if now == seen:
            continue
        seen = now
        regenerate(project)


def regenerate(project: pipeline.Project) -> None:
    started = time.perf_counter()
    try:
        _, report = pipeline.generate(project)
    except ContentError as err:
        for problem in err.problems:
            print(problem.format(), file=sys.stderr)
        print("preview not updated until the errors above are fixed", file=sys.stderr)
        return
    elapsed = (time.perf_counter() - started) * 1000
    print(f"re-rendered in {elapsed:.0f} ms: {len(report.written)} page(s) changed, "
          f"{len(report.removed)} removed", file=sys.stderr)


def _snapshot(project: pipeline.Project) -> dict[Path, float]:
    files = [*project.briefings.rglob("*.y*ml"), *project.templates.rglob("*.j2")]
    return {p: p.stat().st_mtime_ns for p in files if p.is_file()}
