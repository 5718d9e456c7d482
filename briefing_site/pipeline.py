"""The pipeline, stage by stage: load+validate → link → index → plan → render → write → build.

`build` and the live preview run the same `generate`; the preview passes the briefing folders an
edit touched, and the site plan says which pages can show them. A build finds the folders that
changed since the last build from that build's record in the build cache (rendered.py). A build
runs the stages up to write in a child process (`_WrittenApart`), and the engine once it is done.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import fcntl
import functools
import gc
import json
import multiprocessing
import multiprocessing.process
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from . import caches, engine, files, i18n, maps, model, processes, rendered, settings
from .changes import Summary, compare
from .index import build_index
from .link import Site, link
from .plan import (
    GENERATED_DIRS,
    GENERATED_FILES,
    Plan,
    affected,
    edition_href,
    hand_written_original,
    hand_written_translated,
    hand_written_translation,
    is_page,
)
from .printed import Printer
from .problems import BuildError, ContentError, Problem, UsageError, errors_only
from .render import render
from .validate import Corpus, FileCache, validate_tree
from .views import SiteInfo
from .write import Writer, WriteReport


@dataclass(frozen=True)
class Project:
    """Where a project's parts live; every path derives from the root."""

    root: Path

    @property
    def briefings(self) -> Path:
        return self.root / "briefings"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @functools.cached_property
    def settings(self) -> settings.Settings:
        """mkdocs.yml and the environment, read once for this project (the command line makes one
        Project per run; a build's forked child inherits what it read)."""
        return settings.read(self.root)

    @property
    def caches(self) -> caches.Caches:
        """Where this project's build cache is (never inside the project: see caches)."""
        return self.settings.caches


@dataclass(frozen=True)
class Edition:
    """What a build writes one edition with: its settings, its words, and what its pages say of
    the site (see settings.Edition)."""

    settings: settings.Edition
    language: i18n.Language
    info: SiteInfo

    @property
    def docs(self) -> Path:
        return self.settings.docs


def generated_in_docs(project: Project) -> set[str]:
    """The names at the top of docs/ that builds write (pages, feeds, data, each translation's
    folder): what a copy of a project leaves out."""
    return {*GENERATED_DIRS, *GENERATED_FILES, *project.settings.generated_in_docs}


def editions(project: Project) -> list[Edition]:
    """Every interface language mkdocs.yml asks for, the primary one first, with its catalogue."""
    configured = project.settings
    primary = site_info(project)
    found = [Edition(configured.primary, i18n.english(), primary)]
    for edition in configured.editions[1:]:
        language = i18n.load(project.locale, edition.code)
        own = edition.own
        info = replace(primary, name=own.get("site_name") or language.gettext(primary.name),
                       description=own.get("site_description") or language.gettext(primary.description),
                       licence=own.get("copyright") or language.gettext(primary.licence),
                       url=f"{primary.url}{edition.prefix}", language=edition.code, root_url=primary.url)
        found.append(Edition(edition, language, info))
    return found


def check(project: Project, today: dt.date | None = None,
          cache: FileCache | None = None, *, save: bool = True) -> tuple[Site, list[Problem]]:
    """Load, validate and link everything; raise ContentError if anything is wrong.
    Returns the site and the warnings. Files validated clean before, by this run's `cache` (the
    live preview's) or an earlier run's (on disk, see checks_cache), are not read again. Without
    `save`, the cache's file is left for the caller to write (the preview does when the editor
    pauses)."""
    if not project.briefings.is_dir():
        raise UsageError(f"no briefings folder at {project.briefings}")
    cache = cache if cache is not None else checks_cache(project)
    with _gc_paused():
        corpus = validate_tree(project.briefings, project.root, cache)
        # Without mkdocs.yml (a repository of briefings alone) the site's languages are not known.
        corpus.languages = (frozenset(edition.code for edition in project.settings.editions[1:])
                            if project.config.is_file() else None)
        corpus.problems += files.problems(project.root)
        corpus.problems += _catalogue_problems(project)
        if save:
            cache.save()  # the clean files, even when others have errors
        site = link(corpus, today)
    if errors_only(site.problems):
        raise ContentError(site.problems)
    return site, site.problems


def _catalogue_problems(project: Project) -> list[Problem]:
    """What is wrong with the message catalogue of each translation mkdocs.yml asks for (none where
    there is no mkdocs.yml: a repository of briefings alone checks them with the published hook)."""
    found = []
    for code in (edition.code for edition in project.settings.editions[1:]):
        po_file = project.locale / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        shown = po_file.relative_to(project.root).as_posix()
        if not po_file.is_file() or po_file.is_symlink():
            found.append(Problem(shown, 1, 1, "", f"the message catalogue of the '{code}' edition is missing",
                                 f"run 'make messages' to write it, or remove '{code}' from extra.translations in "
                                 "mkdocs.yml"))
        else:
            found += i18n.catalogue_problems(po_file, shown)
    return found


def checks_cache(project: Project) -> FileCache:
    """The validated files of earlier runs, in the project's build cache."""
    return FileCache(project.caches.checks)


def plan(project: Project, site: Site) -> Plan:
    """Index the checked site and lay out its pages."""
    with _gc_paused():
        return Plan(site, build_index(site), site_info(project))


def generate(project: Project, today: dt.date | None = None, *, only: set[str] | None = None,
             previous: Plan | None = None, cache: FileCache | None = None,
             translations: bool = True, printouts: bool = True,
             on_write: Callable[[str], None] | None = None, save_checks: bool = True,
             hold_downloads: bool = False, shown_first: Callable[[], None] | None = None) -> tuple[Plan, WriteReport]:
    """Check, plan, render and write the Markdown of every edition (the primary language's only,
    without `translations`); nothing is written unless the check passes. With `only` (briefing
    folders an edit touched) and the plan of the site before the edit, only the pages that can
    show those folders are rendered again; without them, the record of the last build says which
    folders changed (rendered.render_edition). Without `printouts`, no PDF is typeset (nor linked:
    a quick build for looking at pages). `on_write` is told each page of the primary edition as
    soon as it is written. Without `save_checks`, the cache of checked files is not written (see
    check). With `hold_downloads` (and `only`), the downloads an edit changes (Page.download) are
    not rendered: the report lists them as held. `shown_first` is called once the edited
    briefings' own pages are written, before the rest (with `only`). Returns the primary edition's
    plan and report."""
    primary, *_ = written_editions(project, today, only=only, previous=previous, cache=cache,
                                   translations=translations, printouts=printouts, on_write=on_write,
                                   save_checks=save_checks, hold_downloads=hold_downloads,
                                   shown_first=shown_first)
    return primary


def written_editions(project: Project, today: dt.date | None = None, *, only: set[str] | None = None,
                     previous: Plan | None = None, cache: FileCache | None = None, translations: bool = True,
                     printouts: bool = True, on_write: Callable[[str], None] | None = None,
                     save_checks: bool = True, hold_downloads: bool = False,
                     shown_first: Callable[[], None] | None = None) -> Iterator[tuple[Plan, WriteReport]]:
    """`generate`, one edition at a time: the check runs before the first is yielded, and each
    edition's Markdown is written when it is yielded (a build's child process tells the build
    after the primary edition, then after the last). The build cache's record of what
    was rendered is saved once the last edition is written."""
    site, _ = check(project, today, cache, save=save_checks)
    # A build (not the preview's partial update) renders only what changed since the last one.
    store = rendered.Store(project.caches.rendered) if only is None else None
    atlas = maps.locate(project.root)
    inputs = _render_inputs(project, atlas) if store else []
    folders = rendered.folder_digests(p for p in project.briefings.iterdir()
                                      if p.is_dir() and p.name != "registry") if store else {}
    for edition in editions(project)[: None if translations else 1]:
        shown = site if edition.language.primary else localised(site, edition.language.code)
        with _gc_paused():
            # The preview's previous plan is of the primary edition: what its index filed and its
            # layout of what an edit left alone are reused.
            before = previous if edition.language.primary else None
            new = Plan(shown, build_index(shown, before.index if before else None), edition.info, edition.language,
                       printouts, atlas, before)
        with _gc_paused():
            typesetter = printer(project, new) if printouts else None
            told = on_write if edition.language.primary else None
            if store is None:
                writer = Writer(edition.docs, whole=not edition.language.primary, on_write=told)
                first: set[str] = set()
                if only and edition.language.primary:
                    # The edited briefings' own pages before the rest of the site is laid out: the
                    # page the editor has open is shown that much sooner (0.6-0.8 s at 1,000).
                    early = new.briefing_pages(only)
                    render(new, project.templates, sink=writer.add, pages=early)
                    first = {page.path for page in early}
                    if shown_first is not None:
                        shown_first()
                paths = affected(new, only or set(), previous) if edition.language.primary else None
                writer.only = paths  # no other page is removed
                held = {page.path for page in new.pages() if page.download and (paths is None or page.path in paths)
                        } if hold_downloads and only and edition.language.primary else set()
                for path in sorted(held):
                    writer.hold(path)
                if first or held:
                    paths = (paths if paths is not None else {page.path for page in new.pages()}) - first - held
                render(new, project.templates, paths, sink=writer.add, printer=typesetter)
            else:
                writer = Writer(edition.docs, whole=not edition.language.primary, on_write=told)
                key = f"{edition.language.code} {'with' if printouts else 'without'} PDFs"
                now = rendered.Record(rendered.inputs_digest(inputs, json.dumps(project.settings.config, sort_keys=True,
                                                                                default=str),
                                                             edition.info, printouts, site.build_date),
                                      folders, new.draws_on())
                rendered.render_edition(new, project.templates, store.records.get(key), now, writer, typesetter)
            if not edition.language.primary:
                _copy_hand_written(project, writer, generated_in_docs(project), edition.settings.code)
            report = writer.finish()
            if store is not None:
                store.records[key] = rendered.stamped(now, edition.docs, writer.pages)
        yield new, report
        del new, typesetter  # while the caller works with what was yielded, hold only the checked site
    if store is not None:
        store.save()


def _render_inputs(project: Project, atlas: Path) -> list[tuple[str, Path]]:
    """The files a page may depend on besides the briefing folders: templates, translations,
    mkdocs.yml, the registry, the hand-written pages (the PDFs' stylesheets) and the maps' base
    map. Each by its name in the project."""
    skip = generated_in_docs(project)
    found = [("mkdocs.yml", project.config), ("atlas", atlas)]
    tops = [project.templates, project.locale]
    tops += (p for p in project.docs.iterdir() if p.name not in skip and not p.name.startswith("."))
    for top in tops:
        files = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()] if top.is_dir() else []
        found += ((p.relative_to(project.root).as_posix(), p) for p in files)
    # Of the registry, the files the check reads (any other is only warned about, never read).
    registry = (project.briefings / "registry" / name for name in sorted(model.REGISTRY_FILES))
    found += ((p.relative_to(project.root).as_posix(), p) for p in registry if p.is_file())
    return found


def localised(site: Site, code: str) -> Site:
    """The site as an edition in language `code` shows it: each person, organisation, place, topic,
    diplomacy issue, document and term of a document under its name in that language where the
    registry gives one (`names`); a person's, organisation's, place's, issue's or document's usual
    name becomes one of its aliases, so search still finds it. A topic, issue, document or term
    without a name in that language keeps its English one, marked as English (model.InLanguage),
    and so do an issue's or a document's English aliases: words, not names."""
    words = (model.Topic, model.DiplomacyIssue, model.Document, model.Term)

    def own(entry: Any) -> Any:
        name = entry.names.get(code)
        update: dict[str, Any] = {}
        if name and name != entry.name:
            update["name"] = name
            if "aliases" in type(entry).model_fields:
                update["aliases"] = [entry.name, *(a for a in entry.aliases if a != name)]
        elif not name and isinstance(entry, words):
            update["name"] = model.InLanguage.of(entry.name, i18n.DEFAULT)
        if isinstance(entry, words) and "aliases" in type(entry).model_fields:
            update["aliases"] = [model.InLanguage.of(a, i18n.DEFAULT) if a.isascii() else a
                                 for a in update.get("aliases", getattr(entry, "aliases", []))]
        if isinstance(entry, model.Document):
            update["terms"] = [own(term) for term in entry.terms]
        return entry.model_copy(update=update) if update else entry

    def each(table: dict[str, Any]) -> dict[str, Any]:
        return {k: own(v) for k, v in table.items()}

    return replace(site, people=each(site.people), organisations=each(site.organisations), places=each(site.places),
                   topics=each(site.topics), issues=each(site.issues), documents=each(site.documents))


def _copy_hand_written(project: Project, writer: Writer, skip: set[str], code: str) -> None:
    """A translation's docs/<code>/ also holds the hand-written pages and assets. A page with a
    translation beside it (docs/about.uk.md for docs/about.md) is that translation there; a page
    without one is the original, its front matter saying its language (`lang`), which the theme
    override puts on its content. No edition holds another's translations. `skip`: the
    generated names of docs/."""
    codes = {edition.code for edition in project.settings.editions}
    primary = project.settings.primary.code
    for file in sorted(project.docs.rglob("*")):
        relative = file.relative_to(project.docs)
        if not file.is_file() or relative.parts[0] in skip or relative.parts[0].startswith("."):
            continue
        language = hand_written_translation(file.name, codes)
        if language is not None:
            if language == code:
                writer.add(relative.with_name(hand_written_original(file.name, language)).as_posix(), file.read_bytes())
        elif not is_page(file.name):
            writer.add(relative.as_posix(), file.read_bytes())
        elif not file.with_name(hand_written_translated(file.name, code)).is_file():
            writer.add(relative.as_posix(), _with_language(file.read_bytes(), primary))


def _with_language(page: bytes, language: str) -> bytes:
    """A Markdown page with `lang: <language>` in its front matter (added, or the block made)."""
    if page.startswith(b"---\n") and b"\nlang:" not in page.split(b"\n---", 1)[0]:
        return b"---\nlang: " + language.encode() + b"\n" + page[4:]
    if page.startswith(b"---\n"):
        return page
    return b"---\nlang: " + language.encode() + b"\n---\n" + page


def printer(project: Project, planned: Plan) -> Printer:
    """What typesets the briefings' PDFs, in the engine's Markdown dialect and the site's print style."""
    return Printer(planned, project.templates, project.docs, project.settings.markdown, project.caches.printouts)


@dataclass(frozen=True)
class Outcome:
    """What a build tells its caller: how many briefings the site shows, the content's warnings,
    and the built site's size against the host's limit (bytes)."""

    briefings: int
    warnings: list[Problem]
    size: int = 0
    limit: int = settings.DEFAULT_SIZE_LIMIT

    @property
    def near_limit(self) -> bool:
        """Whether the site has reached SIZE_WARNING of what its host accepts."""
        return self.size >= self.limit * SIZE_WARNING


SIZE_WARNING = 0.8  # the share of the host's limit from which a build warns


def site_size(folder: Path) -> int:
    """The bytes of every file of the built site at `folder` (what a host stores and counts)."""
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file() and not entry.is_symlink())


def build(project: Project, today: dt.date | None = None, *, search: bool = True,
          theme: str = engine.DEFAULT_THEME, publish: bool = False, printouts: bool = True) -> Outcome:
    """The whole pipeline: check, render, write, then build the site into site/. Builds of one
    project run one at a time: a second waits for the first (they share docs/ and site/).
    A build to `publish` needs the site's real address, or every link and cite line would point at
    this machine."""
    if theme not in engine.THEMES:
        raise UsageError(f"unknown theme {theme!r}: expected one of {', '.join(engine.THEMES)}")
    if publish and is_local(address := project.settings.site_url):
        raise UsageError(f"a published build needs the site's address, but site_url is "
                         f"'{address.rstrip('/') or '(not set)'}': set SITE_URL (or site_url in "
                         "mkdocs.yml) to where readers will find the site, e.g. https://example.org/briefings/")
    with locked(project), _WrittenApart(project, today, printouts) as markdown:
        outcome, build_date = markdown.primary()
        # Every edition's Markdown before the engine starts, and the process that wrote it gone:
        # written beside the engine, the translation's saved about 8 s of a rebuild at 1,000
        # briefings but added the writer's memory (700–900 MB) to the engine's, well over 1 GB.
        markdown.rest()
        every = editions(project)
        engine.build(project.root, project.site, build_date, search=search, theme=theme,
                     editions=[(e.settings, _engine_settings(project, e, every, build_date)) for e in every],
                     cache=project.caches.conversions)
    return replace(outcome, size=site_size(project.site), limit=project.settings.size_limit)


class _WrittenApart:
    """The check and every edition's Markdown, written by a child process (forked): the build's own
    process then holds only what it imported while the engine and Pagefind run. At 1,000
    briefings the checked site and its plans took 180–500 MB, most of which a process that frees
    them keeps (fragmented), though nothing uses it again. `primary()` waits until the primary
    edition is written (its outcome: the briefings and warnings); `rest()`, until the translations
    are. The child's error is raised here, as if the build had raised it itself."""

    def __init__(self, project: Project, today: dt.date | None, printouts: bool):
        self.job = (project, today, printouts)
        self.process: multiprocessing.process.BaseProcess | None = None

    def __enter__(self) -> _WrittenApart:
        context = multiprocessing.get_context("fork")  # the child starts with this process's modules
        for stream in (sys.stdout, sys.stderr):  # or the child would write out this process's buffered text again
            stream.flush()
        self.results, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_editions, args=(sender, *self.job))
        self.process.start()
        sender.close()  # the child's end: once it exits, receiving says so instead of waiting
        return self

    def primary(self) -> tuple[Outcome, dt.date]:
        return cast(tuple[Outcome, dt.date], self._next())

    def rest(self) -> None:
        self._next()

    def _next(self) -> Any:
        try:
            done, result = self.results.recv()
        except EOFError:  # killed (out of memory, say) before it could tell
            assert self.process is not None
            self.process.join()
            raise BuildError(f"writing the Markdown stopped (exit {self.process.exitcode}); the previous site "
                             "is unchanged") from None
        if not done:
            raise result
        return result

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        child = self.process.pid
        if self.process.is_alive() and exc[0] is not None and child:  # the build stopped early: so does the child
            processes.kill_tree(child)
        self.process.join()
        self.results.close()


def _write_editions(results: Any, project: Project, today: dt.date | None, printouts: bool) -> None:
    """In the child process: check, then write each edition, telling the build after the primary one
    and after the last; an error is handed over instead (one that cannot be, by its type and text)."""
    processes.die_with_parent()
    try:
        written = written_editions(project, today, printouts=printouts)
        planned, _ = next(written)
        warnings = [p for p in planned.site.problems if p.severity == "warning"]
        results.send((True, (Outcome(len(planned.site.briefings), warnings), planned.site.build_date)))
        del planned
        collections.deque(written, maxlen=0)
        results.send((True, None))
    except BaseException as err:  # every error goes to the build, which raises it
        try:
            results.send((False, err))
        except Exception:  # an error that does not pickle
            results.send((False, BuildError(f"writing the Markdown failed: {type(err).__name__}: {err}")))
    finally:
        results.close()


def _engine_settings(project: Project, edition: Edition, every: list[Edition], build_date: dt.date) -> dict[str, Any]:
    """What an edition's engine configuration changes from mkdocs.yml: for a translation its names,
    address, navigation titles and docs folder; for every edition the words the theme override
    writes and the language switch (when there is more than one edition); for the primary one, the
    translations' folders left out of its pages."""
    if len(every) == 1:
        return {}
    # `href` for the switch's links (relative, like every link of the site); `root` for the sitemap's
    # hreflang alternates (overrides/sitemap.xml), which search engines want as full addresses.
    switch = [{"lang": other.settings.code, "name": other.settings.language_name, "root": other.info.url,
               "href": edition_href(edition.settings, other.settings)} for other in every if other is not edition]
    extra = {"interface": interface_words(edition.language, build_date), "switch": switch}
    if edition.settings.primary:
        excluded = str(project.settings.config.get("exclude_docs") or "").rstrip("\n")
        # The translations' folders, and the translations of the hand-written pages (about.uk.md).
        folders = "\n".join(f"/{other.settings.prefix}\n{hand_written_translated('*', other.settings.code)}"
                            for other in every[1:])
        return {"extra": extra, "exclude_docs": f"{excluded}\n{folders}\n".lstrip("\n")}
    _ = edition.language.gettext
    return {"site_name": edition.info.name, "site_description": edition.info.description,
            "site_url": edition.info.url, "copyright": edition.info.licence,
            "nav": _translated_nav(project.settings.nav, _), "extra": extra,
            "docs_dir": edition.settings.docs.relative_to(project.root).as_posix(),
            "theme": {"language": edition.settings.code}}


def interface_words(language: i18n.Language, build_date: dt.date) -> dict[str, Any]:
    """The theme override's own words (overrides/main.html), in `language`, and where the feed is
    (the primary site publishes it, once)."""
    _ = language.gettext
    return {"as_of": _("As of %(date)s."), "as_of_inline": _("as of %(date)s"), "cite": _("Cite this page:"),
            "not_found": _("Page not found"),
            "not_found_help": _("There is no page at this address. The briefings are listed here:"),
            "locale": _("en_GB"), "date": language.day(build_date),
            # Relative, like every link of the site: the theme fetches the sitemap beside each
            # alternate link's address, and a full one would make it ask another host locally.
            # Each edition publishes its own feed.
            "feed": "feed.xml",
            "search": {  # for docs/assets/search.js
                "placeholder": _("Search"), "label": _("Search the briefings"),
                "missing": _("The search index is missing: build the site with 'python build.py build'."),
                "none": _("No results for “%(query)s”."),
                # by the plural category of the count (Intl.PluralRules in the browser)
                "results": {category: language.ngettext("%(num)s result for “%(query)s”",
                                                        "%(num)s results for “%(query)s”", count)
                            for category, count in
                            (("one", 1), ("few", 2), ("many", 5), ("other", 5))},
                "first": _(", the first %(num)s shown."), "more": _("Show more results")}}



def _translated_nav(nav: Any, _: Any) -> Any:
    """mkdocs.yml's nav with its titles translated; the pages it lists stay as they are."""
    if isinstance(nav, list):
        return [_translated_nav(entry, _) for entry in nav]
    if isinstance(nav, dict):
        return {_(str(title)): _translated_nav(value, _) for title, value in nav.items()}
    return nav


LOCK_FILE = ".briefing-site.lock"


@contextlib.contextmanager
def locked(project: Project) -> Iterator[None]:
    """Hold the project's lock: one build or preview update writes docs/ and site/ at a time."""
    with open(project.root / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pages(project: Project, site: Site) -> dict[str, str | bytes]:
    """Every page of a checked site, rendered, without writing anything (and without PDFs)."""
    with _gc_paused():
        return render(plan(project, site), project.templates)


def changes(base: Project, head: Project, today: dt.date | None = None) -> tuple[Summary, bool]:
    """What `head` changes on the site compared with `base` (another checkout of the project),
    and whether the base checked clean. Both sides render through the head's templates, so the
    summary shows what the content change does. The head must check clean (ContentError if not);
    a base with errors is compared as an empty site."""
    cache = checks_cache(head)  # the base's unchanged files are the head's: read once
    head_site, _ = check(head, today, cache)
    try:
        base_site, _ = check(base, today, cache)
        base_ok = True
    except (ContentError, UsageError):
        base_site, base_ok = link(Corpus()), False
    head_pages = pages(head, head_site)
    # The base's pages, laid out with the head's settings and templates.
    base_pages = pages(head, base_site) if base_ok else {}
    return compare(base_site, head_site, base_pages, head_pages), base_ok


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading and rendering create millions of small objects and no reference cycles worth
    collecting; the cyclic collector rescanning them cost about 40% of `check` at 1,000 briefings."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def is_local(url: str) -> bool:
    """Whether `url` is no address a reader could open: empty, or this machine."""
    host = urllib.parse.urlsplit(url).hostname or ""
    return host in {"", "localhost", "127.0.0.1", "0.0.0.0", "::1"} or host.startswith("127.")


def site_info(project: Project) -> SiteInfo:
    """The site's name, address, description, licence and language, as the primary edition's pages
    show them."""
    configured = project.settings
    return SiteInfo(name=configured.site_name, url=configured.site_url, description=configured.description,
                    licence=configured.licence, language=configured.theme_language)
