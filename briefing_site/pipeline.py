"""The pipeline, stage by stage: load+validate → link → index → plan → render → write → build.

`build` and the live preview run the same `generate`; the preview passes the briefing folders an
edit touched, and the site plan says which pages can show them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import engine
from .changes import Summary, compare
from .index import build_index
from .link import Site, link
from .plan import Plan, affected
from .printed import Printer, cache_folder
from .problems import ContentError, Problem, UsageError, errors_only
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


def check(project: Project, today: dt.date | None = None,
          cache: FileCache | None = None) -> tuple[Site, list[Problem]]:
    """Load, validate and link everything; raise ContentError if anything is wrong.
    Returns the site and the warnings. `cache` (the live preview's) skips unchanged files."""
    if not project.briefings.is_dir():
        raise UsageError(f"no briefings folder at {project.briefings}")
    with _gc_paused():
        site = link(validate_tree(project.briefings, project.root, cache), today)
    if errors_only(site.problems):
        raise ContentError(site.problems)
    return site, site.problems


def plan(project: Project, site: Site) -> Plan:
    """Index the checked site and lay out its pages."""
    with _gc_paused():
        return Plan(site, build_index(site), site_info(project))


def generate(project: Project, today: dt.date | None = None, *, only: set[str] | None = None,
             previous: Plan | None = None, cache: FileCache | None = None) -> tuple[Plan, WriteReport]:
    """Check, plan, render and write the Markdown; nothing is written unless the check passes.
    With `only` (briefing folders an edit touched) and the plan of the site before the edit,
    only the pages that can show those folders are rendered again."""
    site, _ = check(project, today, cache)
    new = plan(project, site)
    paths = affected(new, only, previous) if only is not None else None
    writer = Writer(project.docs, paths)
    with _gc_paused():
        render(new, project.templates, paths, sink=writer.add, printer=printer(project, new))
    return new, writer.finish()


def printer(project: Project, planned: Plan) -> Printer:
    """What typesets the briefings' PDFs, in the engine's Markdown dialect and the site's print style."""
    config = _read_config(project.config)
    return Printer(planned, project.templates, project.docs, engine.markdown_dialect(config),
                   cache_folder(project.root))


def build(project: Project, today: dt.date | None = None, *, search: bool = True,
          theme: str = engine.DEFAULT_THEME, publish: bool = False) -> Site:
    """The whole pipeline: check, render, write, then build the site into site/. Builds of one
    project run one at a time: a second waits for the first (they share docs/ and site/).
    A build to `publish` needs the site's real address, or every link and cite line would point at
    this machine."""
    if publish and is_local(site_info(project).url):
        raise UsageError(f"a published build needs the site's address, but site_url is "
                         f"'{site_info(project).url.rstrip('/') or '(not set)'}': set SITE_URL (or site_url in "
                         "mkdocs.yml) to where readers will find the site, e.g. https://example.org/briefings/")
    with locked(project):
        planned, _ = generate(project, today)
        engine.build(project.root, project.site, planned.site.build_date, search=search, theme=theme)
    return planned.site


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
    head_site, _ = check(head, today)
    try:
        base_site, _ = check(base, today)
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
    config = _read_config(project.config)
    url = str(config.get("site_url") or "")
    return SiteInfo(name=str(config.get("site_name") or "Briefings"), url=url if url.endswith("/") else url + "/",
                    description=str(config.get("site_description") or ""),
                    licence=str(config.get("copyright") or ""), language=engine.language(config))


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV [NAME, default]`: the first variable that is set, else the default."""
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else []
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if v in os.environ), default)


def _read_config(path: Path) -> dict[str, Any]:
    class _Loader(yaml.SafeLoader):
        """mkdocs.yml may carry !!python/name tags for the engine; we read a few plain keys."""

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_constructor("!ENV", _env_tag)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None
    return data if isinstance(data, dict) else {}
