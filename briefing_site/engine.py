"""Stage 7, build: the site engine, behind one small adapter.

Everything the rest of the project knows about the engine is here: how to build docs/ into a
folder (`build`), how to preview it (`serve_command`), where the search index goes
(`SEARCH_INDEX`). The engine is MkDocs with the Material theme; `theme="mkdocs"` builds the
same Markdown with MkDocs' own built-in theme instead, which proves that the generated pages
do not depend on Material (its end of life is announced for 2027). Pagefind indexes the
result of either.

The engine writes into a fresh folder beside site/; Pagefind then indexes that folder. Only a
complete, successful build is swapped in, with one atomic exchange of the two folders, so a
failed or killed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from .problems import BuildError
from .processes import kill_tree, libc
from .settings import Edition

STAGING_PREFIX = ".site-staging-"
THEMES = ("material", "mkdocs")  # the default first
DEFAULT_THEME = THEMES[0]
SEARCH_INDEX = "pagefind"  # the folder of the built site that holds the search index
# The built-in theme's configuration: the project's mkdocs.yml with another theme and without
# the Material overrides (a folder of its own, empty). Written beside mkdocs.yml while it builds.
PLAIN_CONFIG = ".engine-plain.yml"
PLAIN_THEME_DIR = ".engine-plain-theme"
_RENAME_EXCHANGE = 2
# Search indexes what a reader came for: heading permalinks (¶), the cite line, the print
# masthead, the PDF link and the phone-only table cell labels repeat on every page and would only
# add noise. A briefing's endnotes repeat the sources its items cite inline (and the source
# register lists), each with its grade in words: a quarter of a briefing's text, and of Pagefind's
# memory at 1,000 briefings (1.79 → 1.45 GB for the briefing pages). Which part of a page is
# indexed at all is marked in the theme override (data-pagefind-body).
INDEXED = b"data-pagefind-body"  # what the theme override puts on the part of a page to index
FEED_SUFFIX = ".search-feed"  # beside the site being indexed: the pages handed to Pagefind
# Pagefind holds about ten times what it is fed until it has written the index (1,000 briefings,
# spread: 174 MB of English pages fed, 1,834 MB; a third of them, 614 MB), so a language whose
# pages feed it more than this is indexed in parts, each by a Pagefind run of its own, into
# SEARCH_INDEX and its folders part-2, part-3, …, listed in SEARCH_PARTS. The search page merges
# them into one search (Pagefind's mergeIndex: the results of every part, ordered by score).
SEARCH_PART_BYTES = 64_000_000
SEARCH_PARTS = "parts.json"  # in SEARCH_INDEX: the further parts' folders, and the pages to leave out
PAGEFIND_OPTIONS = ("--exclude-selectors", ".headerlink", "--exclude-selectors", ".page-meta",
                    "--exclude-selectors", ".cell-label", "--exclude-selectors", ".masthead",
                    "--exclude-selectors", ".downloads", "--exclude-selectors", ".endnotes")


def build(root: Path, site_dir: Path, build_date: dt.date, *, search: bool = True,
          theme: str = DEFAULT_THEME, editions: Sequence[tuple[Edition, dict[str, Any]]],
          cache: Path | None = None) -> None:
    """Build every edition into a staging folder (each into its prefix: the primary one at the root,
    a translation under /<code>/), index each for search, then swap the whole into `site_dir`.
    Each edition comes with what its configuration changes from mkdocs.yml (INHERIT keeps the rest;
    nothing: mkdocs.yml as it is). `cache`: a folder of page conversions
    earlier builds made (see conversions), None for none."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")
    started = time.monotonic()
    clean_staging(site_dir)
    staging = site_dir.with_name(f"{STAGING_PREFIX}{os.getpid()}")
    env = engine_environment(build_date)
    mkdocs = [sys.executable, "-m", "mkdocs"]
    if cache is not None and _inside_usable():  # the engine's own command, with its page conversions cached
        mkdocs = [sys.executable, "-m", f"{__package__}.conversions", str(cache)]
        env = with_this_package(env)
    base = root / "mkdocs.yml" if theme == DEFAULT_THEME else _plain_config(root)
    written = [base]
    try:
        for edition, changes in editions:
            config = base
            if changes:
                config = _edition_config(root, f".engine-{edition.code}.yml", {"INHERIT": base.name, **changes})
                written.append(config)
            output = staging / edition.prefix if edition.prefix else staging
            # Not --quiet: it hides warnings from --strict, which then passes a build with warnings.
            _run([*mkdocs, "build", "--strict", "--config-file", str(config), "--site-dir", str(output)],
                 root, env, f"mkdocs build{'' if edition.primary else f' ({edition.code})'}")
            # Each language's site gets its own index, made before the next language is built into
            # its folder: Pagefind holds everything it indexes in memory, so one run over all of them
            # needed the sum of what the separate runs need.
            if search:
                search_index(output, root, env)
        swap_into_place(staging, site_dir)
        if cache is not None:
            clean_cache(cache)
        _logged(root, theme, search, max(0, len(editions) - 1), time.monotonic() - started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for file in written:
            if file.name.startswith(".engine-"):
                file.unlink(missing_ok=True)
        shutil.rmtree(root / PLAIN_THEME_DIR, ignore_errors=True)


# A file each finished build appends one line to, when set: the test suite counts its site builds
# with it (docs/test-suite.md).
BUILD_LOG = "BRIEFING_SITE_BUILD_LOG"


def _logged(root: Path, theme: str, search: bool, translations: int, seconds: float) -> None:
    log = os.environ.get(BUILD_LOG)
    if log:
        line = json.dumps({"root": str(root), "theme": theme, "search": search, "translations": translations,
                           "seconds": round(seconds, 2)})
        with open(log, "a", encoding="utf-8") as file:  # one short write: lines from several processes stay whole
            file.write(line + "\n")


CACHE_UNUSED_FOR = 24 * 3600  # seconds a cached conversion may go unused before a build removes it


def clean_cache(folder: Path) -> None:
    """Remove the cached conversions that no build has used for CACHE_UNUSED_FOR seconds (a build
    touches each entry it uses). Run after every language is built: each one's build only
    touches its own pages."""
    cutoff = time.time() - CACHE_UNUSED_FOR
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()


def _edition_config(root: Path, name: str, settings: dict[str, Any]) -> Path:
    config = root / name
    config.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return config


def search_index(site: Path, root: Path, env: dict[str, str]) -> None:
    """Pagefind over one language's built site, into its SEARCH_INDEX folder. Pagefind is handed
    only the pages it will index (those the theme marks with INDEXED), at the same paths, so the
    addresses it records are the pages' own; of each, only what it reads (`_fed`). It reads and
    holds every page it is given: the archive pages, left out of the index, were a third of its
    time and memory at 1,000 briefings. Beyond SEARCH_PART_BYTES the pages are indexed in parts."""
    feed = site.with_name(f"{site.name}{FEED_SUFFIX}")
    shutil.rmtree(feed, ignore_errors=True)
    shutil.rmtree(site / SEARCH_INDEX, ignore_errors=True)
    try:
        fed = _feed(site, feed / "all")
        parts = _parts(fed, SEARCH_PART_BYTES)
        folders = [site / SEARCH_INDEX] + [site / SEARCH_INDEX / f"part-{n}" for n in range(2, len(parts) + 1)]
        vocabulary = _vocabulary(feed / "all", fed) if len(parts) > 1 else None
        hidden = []
        for number, (part, output) in enumerate(zip(parts, folders, strict=True)):
            source = feed / "all"
            if vocabulary is not None:
                source = feed / str(number)
                for page in part:
                    _place(source / page, original=feed / "all" / page, move=True)
                _place(source / VOCABULARY / "index.html", text=vocabulary)
            _run([sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output),
                  "--silent", *PAGEFIND_OPTIONS], root, env, "pagefind")
            shutil.rmtree(source)
            _stable_entry(output / "pagefind-entry.json")
            if vocabulary is not None:
                hidden.append(_fragment_of(output, f"/{VOCABULARY}/"))
    finally:
        shutil.rmtree(feed, ignore_errors=True)
    listed = {"parts": [f"{folder.relative_to(site / SEARCH_INDEX).as_posix()}/" for folder in folders[1:]],
              "hidden": sorted(set(hidden))}  # the same page in every part: usually one id
    (site / SEARCH_INDEX / SEARCH_PARTS).write_text(json.dumps(listed), encoding="utf-8")


def _feed(site: Path, feed: Path) -> dict[Path, int]:
    """Pagefind's feed: what it reads of each page the theme marks INDEXED (or, for a theme that marks
    none, such as MkDocs' own, every page, as Pagefind by itself would index), by the page's path
    in the site; the bytes each feeds."""
    pages = sorted(site.rglob("*.html"))
    fed: dict[Path, int] = {}
    for page in pages:
        text = _fed(page.read_bytes())
        if text is not None:
            _place(feed / page.relative_to(site), text=text)
            fed[page.relative_to(site)] = len(text)
    if not fed:
        for page in pages:
            _place(feed / page.relative_to(site), original=page)
            fed[page.relative_to(site)] = page.stat().st_size
    return fed


def _place(target: Path, *, text: bytes | None = None, original: Path | None = None, move: bool = False) -> None:
    """Put a page into Pagefind's feed: the text it reads, or the original page itself (a hard
    link, or the file moved there)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        target.write_bytes(text)
    elif original is not None and move:
        os.replace(original, target)
    elif original is not None:
        try:
            os.link(original, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(original, target)


# Pagefind searches its index for every word of a query, but a word the index does not hold at
# all it leaves out, or replaces with the longest start of it that the index holds ("best effort"),
# so that a query finds something. In parts, that would happen in each part lacking a word that
# others hold: "Waltz ceasefire" would bring every page on a ceasefire from a part without Waltz.
# So each part also gets one page holding every word of the whole feed (its vocabulary): each part
# knows the words the whole site knows and searches as one index would. That page, in every part,
# is listed as hidden, and the search page leaves it out of the results. (Its words are those of
# the whole feed, also of the parts Pagefind is told to leave out, such as the endnotes: a query
# for a word found only there finds nothing, where one index would loosen it.)
VOCABULARY = "search-vocabulary"
_NOT_TEXT = re.compile(rb"<script\b.*?</script>|<style\b.*?</style>|<[^>]*>", re.S | re.I)
_LANGUAGE = re.compile(rb"<html[^>]*?\slang=\"([^\"]+)\"")


def _vocabulary(feed: Path, pages: dict[Path, int]) -> bytes:
    """A page holding every word of the pages in `feed` once, in their language."""
    words: set[bytes] = set()
    language = b""  # Pagefind groups pages by their language: the word list must be in theirs
    marked = False  # and, where the pages are marked INDEXED, Pagefind indexes only what is marked
    for page in sorted(pages):
        text = (feed / page).read_bytes()
        body = text.find(b"<body")
        if body < 0:
            continue
        found = _LANGUAGE.search(text, 0, body)
        language = found.group(1) if found else language
        marked = marked or INDEXED in text
        words.update(_NOT_TEXT.sub(b" ", text[body:]).split())
    unescaped = html.unescape(b" ".join(sorted(words)).decode("utf-8", "replace")).split()
    listed = html.escape(" ".join(sorted(set(unescaped))))
    lang = f' lang="{html.escape(language.decode("ascii", "replace"))}"' if language else ""
    return (f'<!doctype html><html{lang}><head><meta charset="utf-8"><title>{VOCABULARY}</title></head>'
            f"<body><main{' ' + INDEXED.decode() if marked else ''}><p>{listed}</p></main></body></html>").encode()


def _fragment_of(index: Path, url: str) -> str:
    """The id a Pagefind index gives the page at `url` (its fragment file's name), as its results name it."""
    marker = b"pagefind_dcd"  # what a decompressed Pagefind fragment starts with, before its JSON
    for fragment in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        if json.loads(data[len(marker):] if data.startswith(marker) else data).get("url") == url:
            return fragment.name.removesuffix(".pf_fragment")
    raise BuildError(f"the search index in {index} holds no page {url}")


def _parts(sizes: dict[Path, int], limit: int) -> list[list[Path]]:
    """The pages in as many parts as their bytes fill at `limit` each, each page (in the order of
    their paths) to the part lightest so far: parts of about the same size, each holding some of
    every kind of page, so that Pagefind's ranking, which weighs a word by how few pages of its
    part hold it, stays close to what one index would give."""
    count = max(1, -(-sum(sizes.values()) // limit))
    parts: list[list[Path]] = [[] for _ in range(count)]
    loads = [0] * count
    for page in sorted(sizes):
        lightest = loads.index(min(loads))
        parts[lightest].append(page)
        loads[lightest] += sizes[page]
    return parts


_BODY_END = b"</article>"  # what closes the theme's content, and with it the part marked INDEXED


def _fed(page: bytes) -> bytes | None:
    """What Pagefind reads of a page the theme marks INDEXED (None for one it does not): the head
    (the language, the title) and the marked part, without the theme's header, navigation and
    footer around it, which Pagefind would parse and drop (a quarter of what it was handed, and
    about a tenth of its time, at 1,000 briefings). A test checks that the index is the same."""
    marker = page.find(INDEXED)
    if marker < 0:
        return None
    body, start, end = page.find(b"<body"), page.rfind(b"<", 0, marker), page.find(_BODY_END, marker)
    if not 0 <= body < start or end < 0:  # not laid out as expected: the whole page, as it is
        return page
    return page[:body] + b"<body>" + page[start:end] + b"</body></html>"


def _stable_entry(entry: Path) -> None:
    """Pagefind lists the languages of a site with several in no fixed order, so two builds of the
    same site could differ in this one file; its keys are sorted so that builds stay reproducible."""
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                         encoding="utf-8")


def _plain_config(root: Path) -> Path:
    """mkdocs.yml with MkDocs' built-in theme: INHERIT keeps every other setting as it is."""
    (root / PLAIN_THEME_DIR).mkdir(exist_ok=True)
    config = root / PLAIN_CONFIG
    config.write_text(f"INHERIT: mkdocs.yml\ntheme:\n  name: mkdocs\n  custom_dir: {PLAIN_THEME_DIR}\n",
                      encoding="utf-8")
    return config


def serve_command(config: Path, port: int, cache: Path) -> list[str]:
    """The engine's live preview of docs/ on 127.0.0.1:`port` (see live): it makes again the pages
    written to its standard input, one JSON line per update, and reloads the browser. Not strict: a
    page rebuilt alone may leave the navigation stale, which the engine warns about. `cache`: the
    folder of page conversions `build` fills. Run it with `with_this_package(env)`. With an engine
    release other than the one conversions.py reaches inside, MkDocs' own preview, which watches
    docs/ itself (slower at scale, never wrong)."""
    if not _inside_usable():
        return [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file", str(config),
                "--dev-addr", f"127.0.0.1:{port}"]
    return [sys.executable, "-m", f"{__package__}.live", str(cache), str(config), f"127.0.0.1:{port}"]


def _inside_usable() -> bool:
    """Whether the installed engine is the release conversions.py is written against (its private
    parts are there); if not, the engine's own commands are used."""
    from . import conversions

    return conversions.usable()


def with_this_package(env: dict[str, str]) -> dict[str, str]:
    """`env` with this package importable, whatever the engine's working folder (a project's root)."""
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                               env.get("PYTHONPATH")]))}


def engine_environment(build_date: dt.date) -> dict[str, str]:
    """The engine's environment: a content-derived timestamp makes builds reproducible
    (sitemap dates, gzip headers), and the end-of-life notice is silenced."""
    # Clamped at 0: tools reject a negative SOURCE_DATE_EPOCH, and a briefing may be dated before 1970.
    epoch = max(0, int(dt.datetime.combine(build_date, dt.time(), tzinfo=dt.UTC).timestamp()))
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}


def _run(command: list[str], cwd: Path, env: dict[str, str], what: str) -> None:
    """Run `command` to its end; raise BuildError with its log (minus INFO) if it fails. The log
    goes to files, not pipes: a pipe nobody reads while waiting would stall the command once full."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr, \
            subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr) as process:
        try:
            process.wait()
        except BaseException:
            # Interrupted: stop the engine and whatever it started (`python -m
            # pagefind` runs the Pagefind binary as its own child), so nothing goes on writing
            # into a deleted folder.
            kill_tree(process.pid)
            process.wait()
            raise
        if process.returncode != 0:
            log = "\n".join(_read_log(stream) for stream in (stdout, stderr))
            raise BuildError(f"{what} failed (exit {process.returncode}); the previous site is unchanged.\n"
                             f"{_without_info(log)}")


def _read_log(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


def _without_info(log: str) -> str:
    """The engine's log minus INFO messages (each with its indented continuation lines), and each
    Python traceback in it reduced to its last line, the error itself (a full disk, a FIFO: the
    machine's fault, told in one line, not forty)."""
    kept: list[str] = []
    keep = True
    for line in log.splitlines():
        if line and not line[0].isspace():
            keep = not line.startswith(("INFO", "Traceback (most recent call last)", "During handling of",
                                        "The above exception"))
        if keep and line.strip():
            kept.append(line)
    return "\n".join(kept)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make `staging` the new `site_dir` in one atomic step where the OS allows it."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        return  # staging now holds the old site; the caller removes it
    backup = site_dir.with_name(f"{STAGING_PREFIX}old-{os.getpid()}")
    os.rename(site_dir, backup)  # not atomic: a kill between these two renames leaves no site/
    os.rename(staging, site_dir)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two directories atomically."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def clean_staging(site_dir: Path) -> None:
    """Remove staging folders left behind by a build that was killed."""
    if site_dir.parent.is_dir():
        for leftover in site_dir.parent.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
