"""The engine's build command with a cache of its Markdown conversions: incremental builds.

Converting each page's Markdown to HTML is most of what MkDocs spends on a build (about three
quarters, profiled), and a push that changes one briefing leaves nearly every page's Markdown as
it was. This process runs `mkdocs build` with the page conversion wrapped: a page whose Markdown,
address and engine settings match a conversion in the cache, and whose links still resolve to
the same pages, takes that conversion's result (HTML, table of contents, title, anchors) instead
of converting again. Everything else runs as usual (navigation, the theme's templates, the
sitemap, the strict link and anchor checks), so the site is the same byte for byte as a build
without the cache; tests/test_incremental.py builds both and compares them.

A conversion is stored only if it logged no warning, so a page that fails the strict checks is
converted (and reported) every time. Using an entry touches its file; after a successful build
the engine adapter removes the entries no build has used for a day (engine.clean_cache), once
every language is built. Several projects may share one cache folder (keys are content hashes).

    python -m briefing_site.conversions CACHE_FOLDER build --strict --config-file … --site-dir …
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import mkdocs
from mkdocs.structure import pages

# Part of every key: change it when what an entry holds, or how it is used, changes.
FORMAT = "conversions-1"

_convert = pages.Page.render  # the engine's own conversion


@dataclass(frozen=True)
class Entry:
    """One page's conversion and the link lookups it depended on."""

    lookups: dict[str, tuple[str, str, bool] | None]  # path looked up → (src_uri, url, excluded) or absent
    content: str
    toc: Any  # the engine's TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]]  # target src_uri → {anchor: link as written}


class Cache:
    """Conversions on disk, a file per key (compressed pickle, written atomically)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = self.misses = 0

    def get(self, key: str) -> Entry | None:
        path = self.folder / key
        try:
            entry = pickle.loads(zlib.decompress(path.read_bytes()))
            os.utime(path)  # used: kept by the clean-up after this build
        except Exception:  # absent, half-removed by another build, from another version: a miss
            return None
        return entry if isinstance(entry, Entry) else None

    def put(self, key: str, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{key}.{os.getpid()}"
        temporary.write_bytes(zlib.compress(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), 1))
        os.replace(temporary, self.folder / key)


def _where(file: Any) -> tuple[str, str, bool] | None:
    """What a link lookup found, as far as the conversion uses it."""
    return None if file is None else (file.src_uri, file.url, file.inclusion.is_excluded())


class _Recorded:
    """The engine's file collection, noting every lookup the conversion makes through it."""

    def __init__(self, files: Any):
        self._files = files
        self.lookups: dict[str, tuple[str, str, bool] | None] = {}

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _where(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def _counting_warnings() -> Iterator[_Warnings]:
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _stable(value: Any) -> Any:
    """Settings as JSON that is the same in every process (functions by name, not address)."""
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


def settings_digest(config: Any) -> str:
    """What of the engine's configuration a page's conversion depends on."""
    validation = config["validation"]
    settings = {"format": FORMAT, "mkdocs": mkdocs.__version__, "markdown": markdown.__version__,
                "extensions": _stable(list(config["markdown_extensions"])),
                "extension settings": _stable(dict(config["mdx_configs"] or {})),
                "directory urls": bool(config["use_directory_urls"]),
                "validation": _stable({k: validation["links"][k] for k in validation["links"]})}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def install(cache: Cache) -> None:
    """Wrap the engine's page conversion with `cache` (for the rest of this process)."""
    digests: dict[int, str] = {}

    def render(page: Any, config: Any, files: Any) -> None:
        if page.markdown is None:
            _convert(page, config, files)  # the engine's own error
            return
        convert(page, config, files)
        # The engine keeps every page's Markdown until the build ends, though nothing reads it
        # once converted: at 1,000 briefings that is about half a gigabyte per language. Empty, not
        # None: a page's title reads None as "not read yet".
        page.markdown = ""

    def convert(page: Any, config: Any, files: Any) -> None:
        settings = digests.setdefault(id(config), settings_digest(config))
        key = hashlib.sha256("\0".join((settings, page.file.src_uri, page.file.url,
                                        str(page.file.inclusion.is_excluded()), page.markdown))
                             .encode("utf-8", "surrogatepass")).hexdigest()
        entry = cache.get(key)
        if entry is not None and all(_where(files.get_file_from_path(path)) == found
                                     for path, found in entry.lookups.items()):
            cache.hits += 1
            page.content, page.toc, page._title_from_render = entry.content, entry.toc, entry.title
            page.present_anchor_ids = set(entry.anchors)
            if pages.log.getEffectiveLevel() > logging.DEBUG:  # as the engine does
                page.links_to_anchors = {files.get_file_from_path(target): dict(links)
                                         for target, links in entry.links_to_anchors.items()}
            return
        cache.misses += 1
        recorded = _Recorded(files)
        with _counting_warnings() as warnings:
            _convert(page, config, recorded)  # type: ignore[arg-type]  # it has what a conversion uses
        if warnings.count == 0:
            cache.put(key, Entry(recorded.lookups, page.content, page.toc, page._title_from_render,
                                 frozenset(page.present_anchor_ids or ()),
                                 {target.src_uri: dict(links)
                                  for target, links in (page.links_to_anchors or {}).items()}))

    pages.Page.render = render  # type: ignore[method-assign,assignment]

    from mkdocs.commands import build as command

    built = command.build

    def build(*args: Any, **kwargs: Any) -> None:
        built(*args, **kwargs)
        # In the engine's log, as an INFO line (shown by `mkdocs build`, left out by build.py)
        logging.getLogger("mkdocs.conversions").info("Page conversions: %d from the cache, %d converted",
                                                     cache.hits, cache.misses)

    command.build = build


def main(argv: list[str]) -> int:
    folder, *arguments = argv
    cache = Cache(Path(folder))
    install(cache)
    from mkdocs.__main__ import cli  # after the wrap: nothing else changes in how the engine runs

    try:
        cli.main(args=arguments, prog_name="mkdocs")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
