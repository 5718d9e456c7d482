"""Build figures at scale: `make bench` (or `python bench/benchmark.py --sizes 10 100 1000`).

For each size N it generates a synthetic corpus of N briefings (bench/corpus.py, seeded), then
times each stage of a full build as its own process, exactly as `build.py build` runs them:
check (load, validate, link), render + write (Markdown into docs/), the engine (`mkdocs build
--strict`), and Pagefind. Each process's peak RSS comes from os.wait4. It then serves the built
site on 127.0.0.1, searches it in Chromium (Playwright) and sums the bytes of every response
from loading the search page to the first result. `--serve` also measures edit-to-reload in
`build.py serve`. Figures only: nothing here asserts; the tests check behaviour.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

from briefing_site.engine import engine_environment  # noqa: E402
from briefing_site.pipeline import Project, generated_in_docs  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TODAY = dt.date(2026, 11, 25)  # the corpus ends on 2026-06-30; a fixed "today" keeps figures comparable


@dataclass
class Row:
    n: int
    mode: str = "spread"
    pages: int = 0
    html_sizes: list[int] = field(default_factory=list)  # bytes of every built HTML page
    markdown_bytes: int = 0  # what the generator hands the engine
    times: dict[str, float] = field(default_factory=dict)  # seconds
    rss: dict[str, int] = field(default_factory=dict)  # KiB
    site_bytes: int = 0
    index_bytes: int = 0
    search: dict[str, Any] = field(default_factory=dict)
    biggest: list[tuple[str, int]] = field(default_factory=list)
    serve: dict[str, float] = field(default_factory=dict)
    pdfs: int = 0


# --- running a stage as a process ---------------------------------------------------------


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Like run, but with the peak RSS of this process tree from wait4 (Linux: ru_maxrss in KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s, c: c.append(s.read()), args=(stream, chunks), daemon=True)
               for stream, chunks in ((process.stdout, out_chunks), (process.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = b"".join(out_chunks).decode(), b"".join(err_chunks).decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:5])} failed ({process.returncode}):\n{out[-3000:]}\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss, out


STAGE = """
import json, sys, time, datetime as dt
sys.path.insert(0, {repo!r})
from pathlib import Path
from briefing_site import pipeline
project = pipeline.Project(Path({root!r}))
t0 = time.perf_counter()
site, _ = pipeline.check(project, dt.date.fromisoformat({today!r}))  # the cache of checked files is empty
t1 = time.perf_counter()
del site  # so that the peak RSS is that of one build, not two
site, _ = pipeline.check(project, dt.date.fromisoformat({today!r}), pipeline.checks_cache(project))  # filled
tc = time.perf_counter()
del site
# check again (cached), render, write: the English pages without PDFs, as the stages below build them
site, report = pipeline.generate(project, dt.date.fromisoformat({today!r}), translations=False, printouts=False)
t2 = time.perf_counter()
pages = [p for p in project.docs.rglob("*.md") if p.relative_to(project.docs).parts[0] not in
         ("about.md", "methodology.md", "contributing.md", "search.md", "benchmarks.md")]
big = sorted(((p.stat().st_size, p.relative_to(project.docs).as_posix()) for p in pages), reverse=True)[:6]
print(json.dumps({{"check": t1 - t0, "render": (t2 - tc) - (tc - t1), "write": 0.0, "pages": len(report.written),
                  "biggest": [[p, b] for b, p in big], "written": len(report.written)}}))
"""


def corpus_for(n: int, seed: int, mode: str = "spread") -> Path:
    """The project for N briefings, regenerated only when the generator or its inputs changed.

    'spread': the synthetic corpus (bench/corpus.py), whose briefings cite a registry that grows
    with N. 'concentrated': the fixture project's real 2024 briefing copied to N dates, one a day,
    so that every briefing cites the same city, people and sources, as a group following one front
    for years does (the case in which entity pages used to grow without limit)."""
    sources = [BENCH / "corpus.py"] if mode == "spread" else [
        Path(__file__), *sorted((REPO / "tests" / "fixtures" / "project" / "briefings").rglob("*.yaml"))]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    stamp_text = f"{n} {seed} {mode} {digest}"
    root = OUT / (f"corpus-{n}" if mode == "spread" else f"concentrated-{n}")
    stamp = root / ".corpus-stamp"
    if not (stamp.is_file() and stamp.read_text() == stamp_text):
        if root.exists():
            shutil.rmtree(root)
        if mode == "spread":
            corpus.generate(root, n, seed)
        else:
            concentrated(root, n)
        stamp.write_text(stamp_text)
    else:  # fresh templates, docs and config from the repository, same briefings
        for name in ("templates", "overrides", "locale"):
            shutil.rmtree(root / name, ignore_errors=True)
            shutil.copytree(REPO / name, root / name)
        shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for generated in ("site", "docs"):  # every run starts from nothing generated: a CI build
        shutil.rmtree(root / generated, ignore_errors=True)
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(*generated_in_docs(Project(REPO))))
    return root


def concentrated(root: Path, n: int) -> None:
    from tests.conftest import SEED, copy_project

    project = copy_project(root)
    copies(project.briefings, SEED, n - 1)


def copies(briefings: Path, real: str, count: int) -> None:
    """`count` copies of the briefing folder `real`: one a day from the day after it, several a day
    when they would run past the spread corpus's last day (briefings may not be dated in the future)."""
    from tests.growth import copy_briefing

    first = dt.date.fromisoformat(real[:10]) + dt.timedelta(days=1)
    per_day = max(1, -(-count // ((corpus.LAST_DAY - first).days + 1)))
    for i in range(count):
        copy_briefing(briefings, real, (first + dt.timedelta(days=i // per_day)).isoformat(), f"c{i}")


def cache_of(root: Path) -> Path:
    """A corpus's build cache: beside it (never inside a project: briefing_site/caches.py), named for
    every command the benchmark runs on it, by this code or an earlier revision's, through
    BRIEFING_SITE_CACHE, which both read."""
    cache = root.parent / f"{root.name}.cache"
    os.environ["BRIEFING_SITE_CACHE"] = str(cache)
    return cache


def measure_build(n: int, seed: int, mode: str = "spread", pdf: bool = True) -> Row:
    root = corpus_for(n, seed, mode)
    cache = cache_of(root)
    row = Row(n, mode)
    python = sys.executable
    (cache / "checks.pickle").unlink(missing_ok=True)  # each check measured below says its cache
    elapsed, rss, out = run_measured([python, "-c", STAGE.format(repo=str(REPO), root=str(root),
                                                                  today=TODAY.isoformat())], root)
    figures = json.loads(out.strip().splitlines()[-1])
    row.pages, row.biggest = figures["pages"], [(p, b) for p, b in figures["biggest"]]
    row.times.update(check=figures["check"], render=figures["render"] + figures["write"])
    row.rss["ours"] = rss
    # The command with the cache of checked files the stage above filled (what `check` costs a pull
    # request that changes a few files, the cache restored), then with none (a first run).
    elapsed, rss, _ = run_measured([python, "build.py", "--root", str(root), "check"], REPO)
    row.times["check (command, cached)"] = elapsed
    (cache / "checks.pickle").unlink(missing_ok=True)
    elapsed, rss, _ = run_measured([python, "build.py", "--root", str(root), "check"], REPO)
    row.times["check (command)"] = elapsed
    row.rss["check (command)"] = rss
    env = engine_environment(TODAY)
    site = root / "site"
    elapsed, rss, _ = run_measured([python, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                                    str(root / "mkdocs.yml"), "--site-dir", str(site)], root, env)
    row.times["engine"], row.rss["engine"] = elapsed, rss
    # The same with the page conversions cached (briefing_site/conversions.py): filling an empty
    # cache, then with every conversion in it (what a rebuild of unchanged pages costs the engine).
    conversions = cache / "conversions"
    shutil.rmtree(conversions, ignore_errors=True)
    for stage in ("engine, filling the conversion cache", "engine, every conversion cached"):
        elapsed, rss, _ = run_measured([python, "-m", "briefing_site.conversions", str(conversions), "build",
                                        "--strict", "--quiet", "--config-file", str(root / "mkdocs.yml"),
                                        "--site-dir", str(root / "site-cached")], root,
                                       {**env, "PYTHONPATH": str(REPO)})
        row.times[stage], row.rss[stage] = elapsed, rss
    shutil.rmtree(root / "site-cached", ignore_errors=True)
    # Pagefind as the build runs it: handed the pages it indexes, with the build's options.
    index = (f"import sys, os; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path; "
             f"from briefing_site.engine import search_index; "
             f"search_index(Path({str(site)!r}), Path({str(root)!r}), dict(os.environ))")
    elapsed, rss, _ = run_measured([python, "-c", index], root, env)
    row.times["pagefind"], row.rss["pagefind"] = elapsed, rss
    row.times["total"] = row.times["check"] + row.times["render"] + row.times["engine"] + row.times["pagefind"]
    # Everything a real build does: both interface languages, every briefing's PDF typeset from a
    # cold cache, the engine twice, Pagefind over both.
    shutil.rmtree(cache, ignore_errors=True)
    command = [python, "build.py", "--root", str(root), "build", *([] if pdf else ["--no-pdf"])]
    elapsed, rss, _ = run_measured(command, REPO, {**os.environ})
    row.times["build (command)"], row.rss["build (command)"] = elapsed, rss
    row.pdfs = len(list(site.rglob("*.pdf")))
    # A push that changes one briefing (a quote of the newest), built with the cache the build
    # above left (its PDFs and page conversions), as the Pages workflow restores it.
    quotes = newest_quotes(root)
    original = quotes.read_bytes()
    try:
        edit_a_quote(root, "Changed for the benchmark")
        elapsed, rss, _ = run_measured(command, REPO, {**os.environ})
    finally:  # the corpus stays as generated
        quotes.write_bytes(original)
    row.times["rebuild (command)"], row.rss["rebuild (command)"] = elapsed, rss
    # The same push as CI builds it: a fresh checkout (no generated pages in docs/, no site/) with
    # the build cache restored.
    for name in generated_in_docs(Project(root)):
        shutil.rmtree(root / "docs" / name, ignore_errors=True)
        (root / "docs" / name).unlink(missing_ok=True)
    shutil.rmtree(site, ignore_errors=True)
    try:
        edit_a_quote(root, "Changed for the benchmark")
        elapsed, rss, _ = run_measured(command, REPO, {**os.environ})
    finally:
        quotes.write_bytes(original)
    row.times["rebuild (checkout)"] = elapsed
    row.site_bytes = tree_bytes(site)
    row.index_bytes = tree_bytes(site / "pagefind")
    row.html_sizes = sorted(p.stat().st_size for p in site.rglob("*.html"))
    row.markdown_bytes = sum(p.stat().st_size for p in (root / "docs").rglob("*.md"))
    return row


def newest_quotes(root: Path) -> Path:
    folder = sorted(p for p in (root / "briefings").iterdir() if p.is_dir() and p.name != "registry")[-1]
    return folder / "quotes.yaml"


def edit_a_quote(root: Path, marker: str) -> Path:
    """Prefix the first quote of the newest briefing with `marker`; the file changed."""
    quotes = newest_quotes(root)
    data = yaml.safe_load(quotes.read_text(encoding="utf-8"))
    data["quotes"][0]["text"] = f"{marker}. {data['quotes'][0]['text']}"
    quotes.write_text(corpus.dump(data), encoding="utf-8")
    return quotes


def percentile(values: list[int], share: float) -> int:
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- the reader's search --------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def search_query(root: Path) -> str:
    """A query a reader might type: the Cyrillic alias of a place in the corpus (alias search)."""
    text = (root / "briefings" / "registry" / "places.yaml").read_text(encoding="utf-8")
    match = re.search(r"aliases:\n\s+- (\S+)", text)
    return match.group(1) if match else "Kupiansk"


def measure_search(root: Path, query: str) -> dict[str, Any]:
    """Bytes of every response body from opening the search page to the first result shown."""
    from playwright.sync_api import sync_playwright

    with served(root / "site") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sizes: list[tuple[str, int]] = []

        def finished(request: Any) -> None:
            try:
                body = request.sizes()["responseBodySize"]
            except Exception:  # a request without a response
                return
            sizes.append((request.url, int(body)))

        page.on("requestfinished", finished)
        page.goto(url + "search/", wait_until="networkidle")
        page.wait_for_selector("#search-app[data-search-ready]")
        box = page.locator("#search-input")
        box.click()
        started = time.perf_counter()
        page.keyboard.type(query, delay=20)
        first = page.locator(".search-result").first
        first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        elapsed = time.perf_counter() - started
        title = first.locator(".search-result__title").first.inner_text()
        browser.close()
    pagefind = [(u, b) for u, b in sizes if "/pagefind/" in u]
    return {"query": query, "first_result": title, "all_bytes": sum(b for _, b in sizes),
            "pagefind_bytes": sum(b for _, b in pagefind), "requests": len(sizes), "seconds": elapsed,
            "all_gzip": sum(gzipped(root / "site", u, b) for u, b in sizes),
            "pagefind_gzip": sum(gzipped(root / "site", u, b) for u, b in pagefind),
            "pagefind_files": sorted(((urlsplit(u).path, b) for u, b in pagefind), key=lambda ub: -ub[1])}


def gzipped(site: Path, url: str, size: int) -> int:
    """What the response would weigh from a server that compresses text (as most hosts do):
    Pagefind's own index files are compressed already and count as they are."""
    path = urlsplit(url).path
    file = site / path.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file() or file.suffix not in {".html", ".js", ".css", ".json", ".svg"}:
        return size
    return len(gzip.compress(file.read_bytes(), 6))


# --- serve: edit to reload ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Run in every document the browser opens: once the words saved last (sessionStorage "marker") are
# on the page and shown (innerText leaves out what CSS hides), note when the next frame is drawn.
# Playwright's own wait polls the page at growing intervals, 500 ms apart after the first 270 ms,
# so the moment it notices is up to half a second late.
SHOWN_SCRIPT = """
document.addEventListener("DOMContentLoaded", () => {
  const marker = sessionStorage.getItem("marker");
  if (marker && !sessionStorage.getItem("shown") && document.body.innerText.includes(marker)) {
    requestAnimationFrame(() => sessionStorage.setItem("shown", String(Date.now())));
  }
});
"""


def measure_serve(root: Path, rounds: int = 3, code: Path = REPO) -> dict[str, float]:
    """Seconds from saving an edited quote to the browser drawing the page that shows it, in
    `build.py serve` of the code at `code` (the page reloads by itself; SHOWN_SCRIPT notes when)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = (OUT / f"serve-{root.name}.log").open("w")
    server = subprocess.Popen([sys.executable, "build.py", "--root", str(root), "serve", "--port", str(port)],
                              cwd=code, stdout=log, stderr=subprocess.STDOUT)
    folder = newest_quotes(root).parent
    quotes = folder / "quotes.yaml"
    original = quotes.read_text(encoding="utf-8")
    results: list[float] = []
    try:
        url = f"http://127.0.0.1:{port}/briefings/{folder.name}/"
        started = time.perf_counter()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(SHOWN_SCRIPT)
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"serve exited with {server.returncode}; see {log.name}")
                try:
                    if page.goto(url, timeout=5_000).ok:
                        break
                except Exception:
                    pass
                time.sleep(1)
            startup = time.perf_counter() - started
            for i in range(rounds):
                marker = f"Edited for the benchmark, round {i + 1} {time.time_ns()}"
                page.evaluate("m => { sessionStorage.removeItem('shown'); sessionStorage.setItem('marker', m); }",
                              marker)
                saved = time.time()  # the browser's clock (Date.now) is this machine's
                edit_a_quote(root, marker)
                page.get_by_text(marker).first.wait_for(timeout=600_000)
                page.wait_for_function("() => sessionStorage.getItem('shown')", timeout=10_000)
                results.append(int(page.evaluate("() => sessionStorage.getItem('shown')")) / 1000 - saved)
                time.sleep(2)
            browser.close()
    finally:
        quotes.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
        log.close()
    results.sort()
    return {"startup": startup, "median": results[len(results) // 2], "min": results[0], "max": results[-1]}


# --- the same figures for the code at an earlier revision (--before) ----------------------------


def code_at(revision: str) -> Path:
    """This repository at `revision`, checked out once under bench/out/ (a git worktree)."""
    sha = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, check=True, capture_output=True,
                         text=True).stdout.strip()
    folder = OUT / f"code-{sha}"
    if not (folder / "build.py").is_file():
        subprocess.run(["git", "worktree", "add", "--force", "--detach", str(folder), sha], cwd=REPO, check=True)
    return folder


def hand_written(code: Path) -> set[str]:
    """The files under docs/ that the code at `code` keeps in git (the rest of docs/ is generated)."""
    listed = subprocess.run(["git", "ls-files", "docs"], cwd=code, check=True, capture_output=True, text=True)
    return {line.removeprefix("docs/") for line in listed.stdout.splitlines()}


def corpus_of(code: Path, n: int, seed: int, mode: str) -> Path:
    """The project the code at `code` builds for N briefings, made by that code: its own corpus
    generator ('spread'), or its own bundled briefing at N dates ('concentrated'). The briefings of
    an earlier revision follow its own schema, so the two revisions' corpora are alike, not equal."""
    root = OUT / f"{code.name}-{'corpus' if mode == 'spread' else 'concentrated'}-{n}"
    shutil.rmtree(root, ignore_errors=True)
    if mode == "spread":
        script = (f"import sys; sys.path[:0] = [{str(code)!r}, {str(code / 'bench')!r}]; import corpus; "
                  f"from pathlib import Path; corpus.generate(Path({str(root)!r}), {n}, {seed})")
        subprocess.run([sys.executable, "-c", script], cwd=code, check=True)
        for name in ("docs", "overrides", "locale", "mkdocs.yml"):  # as the code's own checkout has them
            source, target = code / name, root / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            elif source.is_file():
                shutil.copy2(source, target)
    else:
        from tests.growth import newest_briefing

        shutil.copytree(code, root, ignore=shutil.ignore_patterns(".git", "bench", "tests", "site", ".cache", ".venv",
                                                                  "node_modules"))
        copies(root / "briefings", newest_briefing(root / "briefings"), n - 1)
    return root


def measure_code(code: Path, root: Path, n: int, mode: str, pdf: bool, serve: bool) -> Row:
    """What the code at `code` does with the project at `root` (N briefings), by its commands only:
    `check` and `build` from nothing, `build` again after one quote changed in a fresh checkout (the
    code's build cache kept, if it has one), the site it makes, and (`serve`) edit to reload."""
    for generated in (root / "site", cache_of(root)):
        shutil.rmtree(generated, ignore_errors=True)
    row, python = Row(n, mode), sys.executable
    knows = (code / "briefing_site" / "cli.py").read_text(encoding="utf-8")
    without_pdfs = [] if pdf or "--no-pdf" not in knows else ["--no-pdf"]  # an earlier revision may make none
    build = [python, "build.py", "--root", str(root), "build", *without_pdfs]
    row.times["check (command)"], _, _ = run_measured([python, "build.py", "--root", str(root), "check"], code)
    row.times["build (command)"], row.rss["build (command)"], _ = run_measured(build, code, {**os.environ})
    site = root / "site"
    row.pdfs = len(list(site.rglob("*.pdf")))
    row.site_bytes, row.index_bytes = tree_bytes(site), tree_bytes(site / "pagefind")
    row.html_sizes = sorted(p.stat().st_size for p in site.rglob("*.html"))
    kept = hand_written(code)
    generated = [p for p in (root / "docs").rglob("*")
                 if p.is_file() and p.relative_to(root / "docs").as_posix() not in kept]
    markdown = [p for p in generated if p.suffix == ".md"]
    row.markdown_bytes, row.pages = sum(p.stat().st_size for p in markdown), len(markdown)
    quotes = newest_quotes(root)
    original = quotes.read_bytes()
    try:  # a push that changes one briefing, built in a fresh checkout
        edit_a_quote(root, "Changed for the benchmark")
        for path in generated:
            path.unlink(missing_ok=True)
        shutil.rmtree(site, ignore_errors=True)
        row.times["rebuild (checkout)"], row.rss["rebuild (checkout)"], _ = run_measured(build, code, {**os.environ})
    finally:
        quotes.write_bytes(original)
    if serve:
        row.serve = measure_serve(root, 5, code)
    return row


def comparison(pairs: list[tuple[Row, Row]], before: str) -> str:
    """Before and after, side by side, in the figures both revisions' commands give."""
    def each(label: str, cell: Any) -> tuple[str, list[str]]:
        return label, [text for pair in pairs for text in (cell(pair[0]), cell(pair[1]))]

    def rebuild(r: Row) -> str:
        share = 100 * r.times["rebuild (checkout)"] / r.times["build (command)"]
        return f"{r.times['rebuild (checkout)']:.1f} s ({share:.1f} %)"

    header = ["N briefings", *[f"{a.n:,} {a.mode}, {label}" for a, _ in pairs for label in (before, "after")]]
    lines = [
        each("generated pages (Markdown files)", lambda r: f"{r.pages:,}"),
        each("Markdown handed to the engine", lambda r: f"{r.markdown_bytes / 1e6:,.1f} MB"),
        each("largest HTML page", lambda r: f"{(r.html_sizes or [0])[-1] / 1e3:,.0f} KB"),
        each("95th-percentile HTML page", lambda r: f"{percentile(r.html_sizes, 0.95) / 1e3:,.0f} KB"),
        each("`build.py check`, no cache", lambda r: f"{r.times['check (command)']:.2f} s"),
        each("`build.py build` from nothing", lambda r: f"{r.times['build (command)']:.1f} s"),
        each("… one quote changed, fresh checkout, with the build's cache", rebuild),
        each("peak RSS of a build from nothing, largest process", lambda r: mb(r.rss["build (command)"])),
        each("site size", lambda r: f"{r.site_bytes / 1e6:,.1f} MB"),
        each("serve: edit to reload, median of 5 (min–max)",
             lambda r: f"{r.serve['median']:.2f} s ({r.serve['min']:.2f}–{r.serve['max']:.2f})" if r.serve else "–"),
    ]
    out = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    out += ["| " + label + " | " + " | ".join(cells) + " |" for label, cells in lines]
    return "\n".join(out)


# --- report -------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "pagefind"))
    load = os.getloadavg()[0]
    return (f"{dt.date.today().isoformat()}; {platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
            f"load average {load:.1f} at start; Python {platform.python_version()}; {versions}")


def mb(kib: int) -> str:
    return f"{kib / 1024:,.0f} MB"


def table(rows: list[Row]) -> str:
    header = ["N briefings", *[f"{r.n:,} ({r.mode})" for r in rows]]
    lines = [
        ("generated pages", [f"{r.pages:,}" for r in rows]),
        ("Markdown handed to the engine", [f"{r.markdown_bytes / 1e6:,.1f} MB" for r in rows]),
        ("largest HTML page", [f"{(r.html_sizes or [0])[-1] / 1e3:,.0f} KB" for r in rows]),
        ("95th-percentile HTML page", [f"{percentile(r.html_sizes, 0.95) / 1e3:,.0f} KB" for r in rows]),
        ("check (load, validate, link)", [f"{r.times['check']:.2f} s" for r in rows]),
        ("`build.py check`, whole command", [f"{r.times['check (command)']:.2f} s" for r in rows]),
        ("`build.py check`, every file in the cache of checked files",
         [f"{r.times['check (command, cached)']:.2f} s" for r in rows]),
        ("render + write Markdown", [f"{r.times['render']:.2f} s" for r in rows]),
        ("engine (mkdocs build --strict)", [f"{r.times['engine']:.1f} s" for r in rows]),
        ("Pagefind", [f"{r.times['pagefind']:.1f} s" for r in rows]),
        ("**total**", [f"**{r.times['total']:.1f} s**" for r in rows]),
        ("engine, filling the conversion cache", [f"{r.times['engine, filling the conversion cache']:.1f} s"
                                                  for r in rows]),
        ("engine, every conversion cached", [f"{r.times['engine, every conversion cached']:.1f} s" for r in rows]),
        ("`build.py build`, whole command: English + Ukrainian, empty build cache",
         [f"{r.times['build (command)']:.1f} s ({r.pdfs:,} PDFs)" for r in rows]),
        ("… again after one quote changed, with that build's cache",
         [f"{r.times['rebuild (command)']:.1f} s "
          f"({100 * r.times['rebuild (command)'] / r.times['build (command)']:.0f} %)" for r in rows]),
        ("… the same in a fresh checkout (no pages in docs/, no site/), with that cache",
         [f"{r.times['rebuild (checkout)']:.1f} s "
          f"({100 * r.times['rebuild (checkout)'] / r.times['build (command)']:.0f} %)" for r in rows]),
        ("peak RSS: `build.py build`, largest process", [mb(r.rss["build (command)"]) for r in rows]),
        ("ms per generated page, all-in", [f"{1000 * r.times['total'] / r.pages:.1f}" for r in rows]),
        ("ms per page, engine only", [f"{1000 * r.times['engine'] / r.pages:.1f}" for r in rows]),
        ("check + render, share of engine", [f"{100 * (r.times['check'] + r.times['render']) / r.times['engine']:.0f} %"
                                             for r in rows]),
        ("peak RSS: ours (check+render)", [mb(r.rss["ours"]) for r in rows]),
        ("peak RSS: engine", [mb(r.rss["engine"]) for r in rows]),
        ("peak RSS: Pagefind", [mb(r.rss["pagefind"]) for r in rows]),
        ("site size", [f"{r.site_bytes / 1e6:,.1f} MB" for r in rows]),
        ("search index (site/pagefind)", [f"{r.index_bytes / 1e6:,.1f} MB" for r in rows]),
        ("first search result: all bytes", [f"{r.search.get('all_bytes', 0) / 1e3:,.0f} KB" for r in rows]),
        ("… of which pagefind/*", [f"{r.search.get('pagefind_bytes', 0) / 1e3:,.0f} KB" for r in rows]),
        ("first search result, text gzipped: all", [f"{r.search.get('all_gzip', 0) / 1e3:,.0f} KB" for r in rows]),
        ("… of which pagefind/*", [f"{r.search.get('pagefind_gzip', 0) / 1e3:,.0f} KB" for r in rows]),
    ]
    if any(r.serve for r in rows):
        lines.append(("serve: edit to reload (median)",
                      [f"{r.serve['median']:.1f} s" if r.serve else "–" for r in rows]))
    out = ["| " + " | ".join(header) + " |", "|---" + "|---:" * len(rows) + "|"]
    out += ["| " + label + " | " + " | ".join(cells) + " |" for label, cells in lines]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build figures for N synthetic briefings.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["spread", "concentrated", "both"], default="both",
                        help="'spread': synthetic briefings over a growing registry; 'concentrated': the real "
                             "briefing at N dates, all citing the same city (default: both)")
    parser.add_argument("--serve", type=int, nargs="*", default=None, metavar="N",
                        help="also measure edit-to-reload in build.py serve (for these sizes; all if none given)")
    parser.add_argument("--no-search", action="store_true", help="skip the browser search measurement")
    parser.add_argument("--no-pdf", action="store_true",
                        help="the whole-command builds without PDFs (typesetting 2,000 from nothing takes 40 minutes)")
    parser.add_argument("--before", metavar="REVISION", default=None,
                        help="also run the code at this git revision on its own corpora, by its commands, and "
                             "print before and after side by side (6324a81: the code the performance issue measured)")
    parser.add_argument("--commands-only", action="store_true",
                        help="with --before: measure this code by its commands too (no stage runs), and print "
                             "only the table of both (a third of the time)")
    parser.add_argument("--reuse", action="store_true",
                        help="skip the builds: measure search (and serve) on the sites already under bench/out/")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}", flush=True)
    rows: list[Row] = []
    pairs: list[tuple[Row, Row]] = []  # (--before, this code)
    modes = ["spread", "concentrated"] if args.mode == "both" else [args.mode]
    for n, mode in [(n, mode) for mode in modes for n in args.sizes]:
        root = OUT / (f"corpus-{n}" if mode == "spread" else f"concentrated-{n}")
        if args.reuse:
            result: dict[str, Any] = {} if args.no_search else measure_search(root, search_query(root))
            if args.serve is not None and (not args.serve or n in args.serve):
                result["serve"] = measure_serve(root)
            print(f"N={n}: {json.dumps(result)}", flush=True)
            continue
        serve = args.serve is not None and (not args.serve or n in args.serve)
        if args.commands_only:
            row = measure_code(REPO, corpus_for(n, args.seed, mode), n, mode, not args.no_pdf, serve)
        else:
            row = measure_build(n, args.seed, mode, pdf=not args.no_pdf)
            if not args.no_search:
                row.search = measure_search(root, search_query(root))
            if serve:
                row.serve = measure_serve(root, 5)
            rows.append(row)
        shown = {k: v for k, v in row.__dict__.items() if k != "html_sizes"}
        print(f"N={n} ({mode}): {json.dumps(shown, default=str)}", flush=True)
        if args.before:
            code = code_at(args.before)
            earlier = measure_code(code, corpus_of(code, n, args.seed, mode), n, mode, not args.no_pdf, serve)
            pairs.append((earlier, row))
            shown = {k: v for k, v in earlier.__dict__.items() if k != "html_sizes"}
            print(f"N={n} ({mode}), {args.before}: {json.dumps(shown, default=str)}", flush=True)
    if rows:
        print()
        print(table(rows))
    if pairs:
        print()
        print(comparison(pairs, str(args.before)))
    for row in rows:
        if row.search:
            s = row.search
            print(f"\nN={row.n}: query {s['query']!r} → first result {s['first_result']!r} "
                  f"({s['requests']} requests, {s['seconds']:.1f} s)")
        print(f"N={row.n}: largest pages: " + ", ".join(f"{p} {b / 1e6:.2f} MB" for p, b in row.biggest[:4]))
        if row.serve:
            print(f"N={row.n}: serve startup {row.serve['startup']:.0f} s; edit to reload "
                  f"median {row.serve['median']:.1f} s (min {row.serve['min']:.1f}, max {row.serve['max']:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
