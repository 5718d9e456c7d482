"""The engine's build command with a cache of its Markdown conversions and pages: incremental builds.

Converting each page's Markdown to HTML is most of what MkDocs spends on a build (about three
quarters, profiled), and a push that changes one briefing leaves nearly every page's Markdown as
it was. This process runs `mkdocs build` with the page conversion wrapped: a page whose Markdown,
address and engine settings match a conversion in the cache, and whose links still resolve to
the same pages, takes that conversion's result (HTML, table of contents, title, anchors) instead
of converting again. Everything else runs as usual (navigation, the theme's templates, the
sitemap, the strict link and anchor checks), so the site is the same byte for byte as a build
without the cache; tests/test_incremental.py builds both and compares them.

The theme's templates then make each page out of its conversion, the navigation and the
configuration: about 3 ms a page, 27 s of a rebuild at 1,000 briefings once every conversion is
cached. A page whose conversion, navigation, neighbours, configuration, theme files and build
date are those of a page in the cache is written from there instead of through the templates
(`Built`). Anything the key cannot describe in the same terms in every process (a setting the
engine holds as an object) turns that cache off for the build.

A build that finds most of its pages unconverted (the first, or one after a change to a template
or to the engine's settings) converts the rest in processes beside the engine's, one per
processor (`_Beside`): each is a fork that takes every n-th page without an entry, stores what it
converts and ends. The engine then takes every conversion from the cache, as a rebuild does. Once
a page is written, its HTML is let go: the engine keeps every page's to the end of its build,
1,073 MB for the English site at 1,000 spread briefings when it filled an empty cache, 698 MB
with both changes (docs/benchmarks.md, eleventh round).

A conversion or a page is stored only if it logged no warning, so a page that fails the strict
checks is converted (and reported) every time. Using an entry touches its file; after a
successful build the engine adapter removes the entries no build has used for a day
(engine.clean_cache), once every language is built. Several projects may share one cache
folder (keys are content hashes).

    python -m briefing_site.conversions CACHE_FOLDER build --strict --config-file … --site-dir …
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import re
import signal
import sys
import sysconfig
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import mkdocs
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import pages

from .processes import die_with_parent

# This module is the one place that reaches inside MkDocs: it wraps the build's page conversion and
# page making, and the preview server's reload (live.py uses it through Kept, Server and wake). It is
# written against one release; with any other, or if a name it uses is gone, the engine adapter
# builds and previews with MkDocs' own commands instead (engine.py), slower but right, and
# tests/test_engine.py fails until this module is brought up to date.
PINNED = "1.6.1"
# The private names used, by where they live: attributes of a module or class, or (for what an
# instance sets in its __init__) names its __init__ assigns.
PRIVATE: dict[tuple[str, str], tuple[str, ...]] = {
    ("mkdocs.commands.build", ""): ("_populate_page", "_build_page", "build"),
    ("mkdocs.structure.pages", "Page"): ("render", "read_source", "present_anchor_ids", "links_to_anchors",
                                         "_title_from_render"),
    ("mkdocs.livereload", "LiveReloadServer"): ("_serve_request", "_rebuild_cond", "_want_rebuild", "_wanted_epoch",
                                                "_visible_epoch", "_epoch_cond", "poll_response_timeout",
                                                "mount_path")}


def missing_internals() -> list[str]:
    """The private names of the engine this module uses that the installed engine lacks."""
    import importlib
    import inspect

    missing = []
    for (module_name, class_name), names in PRIVATE.items():
        owner: Any = importlib.import_module(module_name)
        text = ""
        if class_name:
            owner = getattr(owner, class_name, None)
            text = inspect.getsource(owner) if owner is not None else ""
        for name in names:
            if owner is None or not (hasattr(owner, name) or f"self.{name} =" in text):
                missing.append(".".join(filter(None, (module_name, class_name, name))))
    return missing


def usable() -> bool:
    """Whether the installed engine is the one this module is written against."""
    return mkdocs.__version__ == PINNED and not missing_internals()


# Part of every key: change it when what an entry holds, or how it is used, changes.
FORMAT = "conversions-3"
# Settings no page shows (where this machine keeps things) or that the key describes otherwise.
UNSHOWN = {"theme", "plugins", "config_file_path", "docs_dir", "site_dir", "watch"}
PAGE = "page-"  # the names of the pages' entries begin so; the conversions' are bare digests

_convert = pages.Page.render  # the engine's own conversion


@dataclass(frozen=True)
class Entry:
    """One page's conversion and the link lookups it depended on. The HTML is compressed apart:
    a page the theme's cache also holds never needs it, only its digest."""

    lookups: dict[str, tuple[str, str, bool] | None]  # path looked up → (src_uri, url, excluded) or absent
    content: bytes  # zlib of the UTF-8
    content_digest: str
    toc: Any  # the engine's TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]]  # target src_uri → {anchor: link as written}


@dataclass(frozen=True)
class Built:
    """One page as the theme made it."""

    html: bytes  # zlib


class Cache:
    """Conversions and pages on disk, a file per key (compressed pickle, written atomically). The
    entries compress their HTML apart, to decompress it only when it is used."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = self.misses = self.pages_kept = self.pages_made = 0

    def get(self, key: str) -> object | None:
        path = self.folder / key
        try:
            entry: object = pickle.loads(zlib.decompress(path.read_bytes()))
            os.utime(path)  # used: kept by the clean-up after this build
        except Exception:  # absent, half-removed by another build, from another version: a miss
            return None
        return entry

    def convert(self, page: Any, config: Any, files: Any, key: str) -> None:
        """The engine's conversion of `page`, stored under `key` if it logged no warning."""
        recorded = _Recorded(files)
        with _counting_warnings() as warnings:
            _convert(page, config, recorded)  # type: ignore[arg-type]  # it has what a conversion uses
        if warnings.count == 0:
            self.put(key, Entry(recorded.lookups, zlib.compress(page.content.encode("utf-8", "surrogatepass"), 1),
                                _digest(page.content), page.toc, page._title_from_render,
                                frozenset(page.present_anchor_ids or ()),
                                {target.src_uri: dict(links)
                                 for target, links in (page.links_to_anchors or {}).items()}))

    def put(self, key: str, entry: Entry | Built) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next build time
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}"
            temporary.write_bytes(zlib.compress(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), 1))
            os.replace(temporary, self.folder / key)


def _where(file: Any) -> tuple[str, str, bool] | None:
    """What a link lookup found, as far as the conversion uses it."""
    return None if file is None else (file.src_uri, file.url, file.inclusion.is_excluded())


class _Lookups:
    """Link lookups in one build's file collection, each path looked up once: a cached conversion
    is checked against every lookup it made, and an entity's page is linked from thousands of
    pages (585,000 lookups, 6 s of a rebuild's 23 s per language, before)."""

    def __init__(self) -> None:
        self.files: Any = None
        self.found: dict[str, tuple[Any, tuple[str, str, bool] | None]] = {}

    def __call__(self, files: Any, path: str) -> tuple[Any, tuple[str, str, bool] | None]:
        if files is not self.files:  # another build (the collection does not change within one)
            self.files, self.found = files, {}
        if path not in self.found:
            file = files.get_file_from_path(path)
            self.found[path] = (file, _where(file))
        return self.found[path]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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


def page_settings_digest(config: Any, nav: Any, env: Any) -> str | None:
    """What every page the theme makes in this build depends on besides the page itself: the
    engine's and theme's versions, the theme's files, the configuration, the navigation and the
    build date. None if part of it has no description that is the same in every process."""
    theme = config["theme"]
    files = hashlib.sha256()
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    for folder in theme.dirs:
        if Path(folder).resolve().is_relative_to(installed):
            continue  # a package's own templates (15,000 files for Material): its version says it all
        for file in sorted(Path(folder).rglob("*")):
            if file.is_file():
                files.update(f"\0{file.relative_to(folder)}\0".encode())
                files.update(file.read_bytes())
    settings = {"format": FORMAT, "mkdocs": mkdocs.__version__, "jinja2": _version("jinja2"),
                "theme version": _version(f"mkdocs-{theme.name}"), "theme files": files.hexdigest(),
                "theme": _stable(dict(theme)), "static templates": sorted(theme.static_templates),
                "config": _stable({k: config[k] for k in config if k not in UNSHOWN}),
                "plugins": sorted(config["plugins"]), "nav": _nav(nav.items),
                "homepage": nav.homepage.url if nav.homepage else None,
                "build date": os.environ.get("SOURCE_DATE_EPOCH"),
                "filters": sorted(env.filters), "globals": sorted(env.globals)}
    text = json.dumps(settings, sort_keys=True, default=repr)
    if settings["build date"] is None or " at 0x" in text:  # today's date; an object's address
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _nav(items: Any) -> Any:
    """The navigation as the theme shows it: titles, addresses, sections."""
    return [[type(item).__name__, item.title, getattr(item, "url", None),
             _nav(item.children) if getattr(item, "children", None) else None] for item in items]


def _toc(items: Any) -> Any:
    return [[item.title, item.id, item.level, _toc(item.children)] for item in items]


def _page_digest(page: Any, content_digest: str) -> str:
    """What the theme shows of `page`: its conversion (its HTML by `content_digest`), title, front
    matter, address, neighbours."""
    def neighbour(other: Any) -> Any:
        return None if other is None else [other.title, getattr(other, "url", None)]

    parts = [page.file.src_uri, page.file.dest_uri, page.url, page.canonical_url, page.abs_url, page.edit_url,
             page.title, page.is_homepage, content_digest, _toc(page.toc), neighbour(page.previous_page),
             neighbour(page.next_page), [neighbour(ancestor) for ancestor in page.ancestors]]
    return _digest(json.dumps([parts, page.meta], sort_keys=True, default=repr))


# A build converts the rest of its pages beside (see _Beside) once the engine has converted this
# many itself, more than it found in the cache: a push that changes a few briefings misses a few
# dozen pages among thousands, and the engine converts them itself.
BESIDE_AFTER = 16


class _Beside:
    """The processes that convert the rest of one build's pages beside the engine's (Linux: forks of
    this process, which has read the configuration, files and navigation). Each takes every n-th
    page from the one the engine is at, reads its Markdown, and converts and stores it unless the
    cache holds its key; its log goes nowhere (the engine converts a page that warned again, and
    reports it). Counts what they converted."""

    def __init__(self, processes: int):
        self.processes = processes
        self.files: Any = None
        self.hits = self.misses = 0
        self.started = False
        self.converted = 0

    def seen(self, files: Any, hit: bool) -> None:
        if files is not self.files:  # another build: count afresh
            self.files, self.hits, self.misses, self.started = files, 0, 0, False
        self.hits += hit
        self.misses += not hit

    def wanted(self, config: Any) -> bool:
        """After a miss: whether the rest is converted beside."""
        converted = self.misses - 1  # by the engine itself, before the page at hand
        return (self.processes > 0 and not self.started and not config["plugins"]
                and converted >= BESIDE_AFTER and converted > self.hits)

    def convert(self, page: Any, config: Any, files: Any, key_of: Any, store: Any) -> None:
        """Convert, beside, the pages from `page` on that the cache does not hold; return when done."""
        self.started = True
        todo = list(files.documentation_pages())
        todo = todo[todo.index(page.file):] if page.file in todo else todo
        children: dict[int, int] = {}  # pid → the read end of its count's pipe
        gc.freeze()  # the forks share this process's objects: a collection there would copy them all
        try:
            for number in range(self.processes):
                read, write = os.pipe()
                try:
                    pid = os.fork()
                except OSError:  # no more processes: the engine converts the rest of the pages itself
                    os.close(read)
                    os.close(write)
                    break
                if pid == 0:  # the fork
                    os.close(read)
                    _convert_share(todo[number::self.processes], config, files, key_of, store, write)
                children[pid] = read
                os.close(write)
            for pid, read in children.items():
                with os.fdopen(read, "rb") as counted:
                    self.converted += int(counted.read() or 0)
                os.waitpid(pid, 0)
            children.clear()
        finally:
            for pid in children:  # interrupted: stop the others
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            gc.unfreeze()


def _convert_share(share: list[Any], config: Any, files: Any, key_of: Any, store: Any, report: int) -> None:
    """In a fork: convert and store the pages of `share` the cache does not hold, write how many to
    `report`, and end the process."""
    converted, code = 0, 1
    try:
        die_with_parent()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        for file in share:
            page = file.page if file.page is not None else pages.Page(None, file, config)
            page.read_source(config)
            key = key_of(page, config)
            if not (store.folder / key).exists():
                store.convert(page, config, files, key)
                converted += 1
            page.markdown = page.content = page.toc = page.present_anchor_ids = page.links_to_anchors = None
        os.write(report, str(converted).encode())
        code = 0
    finally:
        os._exit(code)


def _processors() -> int:
    """How many processes may convert beside the engine: one per processor this process may use
    (Linux; elsewhere none, and the engine converts every page itself)."""
    if not sys.platform.startswith("linux"):
        return 0
    return len(os.sched_getaffinity(0))


def install(cache: Cache, *, beside: bool = False) -> None:
    """Wrap the engine's page conversion with `cache` (for the rest of this process). `beside`: a
    build that misses most pages converts the rest in processes beside (see _Beside); for a
    process that builds once and has no threads of its own (the build command)."""
    digests: dict[int, str] = {}
    lookup = _Lookups()
    helpers = _Beside(_processors() if beside else 0)
    # Pages whose conversion came from the cache, by source: their HTML is decompressed only if
    # the theme has to make the page (page.content stays empty until then). Not when plugins are
    # configured (this project's configuration has none): they may read it before.
    deferred: dict[str, Entry] = {}

    def render(page: Any, config: Any, files: Any) -> None:
        if page.markdown is None:
            _convert(page, config, files)  # the engine's own error
            return
        convert(page, config, files)
        # The engine keeps every page's Markdown until the build ends, though nothing reads it
        # once converted: at 1,000 briefings that is about half a gigabyte per language. Empty, not
        # None: a page's title reads None as "not read yet".
        page.markdown = ""

    def key_of(page: Any, config: Any) -> str:
        if id(config) not in digests:
            digests[id(config)] = settings_digest(config)
        return _digest("\0".join((digests[id(config)], page.file.src_uri, page.file.url,
                                  str(page.file.inclusion.is_excluded()), page.markdown)))

    def usable(entry: object, files: Any) -> bool:
        return isinstance(entry, Entry) and all(lookup(files, path)[1] == found
                                                for path, found in entry.lookups.items())

    def convert(page: Any, config: Any, files: Any) -> None:
        key = key_of(page, config)
        entry = cache.get(key)
        deferred.pop(page.file.src_uri, None)
        found = usable(entry, files)
        helpers.seen(files, found)
        if not found and helpers.wanted(config):
            helpers.convert(page, config, files, key_of, cache)
            entry = cache.get(key)  # converted beside, unless it warned
            found = usable(entry, files)
        if found and isinstance(entry, Entry):
            cache.hits += 1
            page.toc, page._title_from_render = entry.toc, entry.title
            if config["plugins"]:  # a plugin may read or change the HTML from here on
                page.content = zlib.decompress(entry.content).decode("utf-8", "surrogatepass")
            else:
                page.content = ""
                deferred[page.file.src_uri] = entry
            page.present_anchor_ids = set(entry.anchors)
            if pages.log.getEffectiveLevel() > logging.DEBUG:  # as the engine does
                page.links_to_anchors = {lookup(files, target)[0]: dict(links)
                                         for target, links in entry.links_to_anchors.items()}
            return
        cache.misses += 1
        cache.convert(page, config, files, key)

    pages.Page.render = render  # type: ignore[method-assign,assignment]

    from mkdocs.commands import build as command

    build_page = command._build_page
    making: dict[tuple[int, int], str | None] = {}  # (config, nav) → what every page's key shares

    def cached_build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                          excluded: bool = False) -> None:
        if (id(config), id(nav)) not in making:  # once per build (a serve rebuilds with a new nav)
            making[id(config), id(nav)] = page_settings_digest(config, nav, env)
        shared = making[id(config), id(nav)]
        conversion = deferred.pop(page.file.src_uri, None)
        content = conversion.content_digest if conversion else _digest(page.content or "")
        key = None if shared is None or dirty else PAGE + _digest("\0".join((shared, str(excluded),
                                                                              _page_digest(page, content))))
        entry = cache.get(key) if key else None
        if isinstance(entry, Built):
            cache.pages_kept += 1
            mkdocs.utils.write_file(zlib.decompress(entry.html), page.file.abs_dest_path)
            return
        cache.pages_made += 1
        if conversion:
            page.content = zlib.decompress(conversion.content).decode("utf-8", "surrogatepass")
        with _counting_warnings() as warnings:
            build_page(page, config, doc_files, nav, env, dirty, excluded)
        if not config["plugins"]:
            # Written: nothing reads the HTML again (a plugin's end-of-build event could), yet the
            # engine keeps it to the end: 0.9 GB at 1,000 briefings, when the theme makes every page.
            page.content = ""
        if key and warnings.count == 0:
            with contextlib.suppress(OSError):  # no file: the theme made an empty page, not written
                cache.put(key, Built(zlib.compress(Path(page.file.abs_dest_path).read_bytes(), 1)))

    command._build_page = cached_build_page

    built = command.build

    def build(*args: Any, **kwargs: Any) -> None:
        built(*args, **kwargs)
        # In the engine's log, as an INFO line (shown by `mkdocs build`, left out by build.py)
        logging.getLogger("mkdocs.conversions").info(
            "Page conversions: %d from the cache (%d of them converted beside), %d converted; "
            "pages: %d from the cache, %d through the theme",
            cache.hits, helpers.converted, cache.misses, cache.pages_kept, cache.pages_made)

    command.build = build


# --- the engine's preview server (live.py) ------------------------------------------------------

class Kept:
    """What the engine's last build made the pages with: its files, the pages among them, the
    navigation and the theme's environment (read from the calls the build makes)."""

    def __init__(self) -> None:
        self.files: Any = None
        self.doc_files: Any = None
        self.nav: Any = None
        self.env: Any = None
        populate, build_page = _command()._populate_page, _command()._build_page
        self._populate, self._build_page = populate, build_page

        def kept_populate(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
            self.files = files
            populate(page, config, files, dirty)

        def kept_build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                            excluded: bool = False) -> None:
            self.doc_files, self.nav, self.env = doc_files, nav, env
            build_page(page, config, doc_files, nav, env, dirty, excluded)

        _command()._populate_page = kept_populate
        _command()._build_page = kept_build_page

    def populate(self, page: Any, config: Any, files: Any) -> None:
        """Convert one page again, with the files of the last build."""
        self._populate(page, config, files)

    def build_page(self, page: Any, config: Any) -> None:
        """Make one page again with the theme, the navigation and the files of the last build."""
        self._build_page(page, config, self.doc_files, self.nav, self.env)


class Server(LiveReloadServer):
    """MkDocs' server, reloading a browser only when the page it shows was made again. MkDocs
    reloads every open page after any rebuild: while the preview wrote the pages that list an
    edited briefing, the page the editor had open was reloaded once per batch, each load starting
    again. A browser's reload script asks /livereload/<its epoch>/<id>; the page is the request's
    Referer. (Private parts of MkDocs 1.6, pinned; tests/test_live.py fails if they change.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.everything_at = 0  # the epoch of the last full build: every page is new
        self.made: dict[str, int] = {}  # a page's address (under the mount path) → the epoch it was made in
        # Our lines come as pages are written, not in bursts of file events to wait out.
        self.build_delay = 0

    def built(self, urls: list[str] | None) -> None:
        """The build of the current epoch made `urls` (None: everything)."""
        epoch = self._wanted_epoch
        if urls is None:
            self.everything_at = epoch
        else:
            self.made.update(dict.fromkeys(urls, epoch))

    def _serve_request(self, environ: Any, start_response: Any) -> Any:
        # Only this machine's own names for the address it serves: a web page the editor opens
        # elsewhere could point a name of its own at 127.0.0.1 (DNS rebinding) and read the drafts.
        port = self.server_address[1]
        if (environ.get("HTTP_HOST") or "").lower() not in {f"127.0.0.1:{port}", f"localhost:{port}"}:
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"This preview answers http://127.0.0.1:{port}/ only.\n".encode()]
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        poll = re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path)
        if poll is None:
            return super()._serve_request(environ, start_response)
        epoch = int(poll[1])
        page = urlsplit(environ.get("HTTP_REFERER") or "").path
        page = page[len(self.mount_path):] if page.startswith(self.mount_path) else page

        def newer() -> int:
            made = max(self.everything_at, self.made.get(page, 0))
            return made if epoch < made <= self._visible_epoch else 0

        start_response("200 OK", [("Content-Type", "text/plain")])
        with self._epoch_cond:
            self._epoch_cond.wait_for(newer, timeout=self.poll_response_timeout)
            return [b"%d" % (newer() or epoch)]  # not newer: the script asks again


def wake(server: Server) -> None:
    """Wake the server's build loop, as its own file watcher does (it has no public call for it)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _command() -> Any:
    from mkdocs.commands import build as command

    return command


def main(argv: list[str]) -> int:
    folder, *arguments = argv
    cache = Cache(Path(folder))
    install(cache, beside=True)
    from mkdocs.__main__ import cli  # after the wrap: nothing else changes in how the engine runs

    try:
        cli.main(args=arguments, prog_name="mkdocs")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    # Run through the package's module, not as __main__: the entries then pickle their classes as
    # briefing_site.conversions.Entry and Built, which any process that imports it can read.
    import importlib

    sys.exit(importlib.import_module(__spec__.name).main(sys.argv[1:]))
