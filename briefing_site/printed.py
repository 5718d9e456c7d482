"""Stage 5b, print: a briefing page → a PDF, typeset at build time by WeasyPrint.

The PDF is the briefing page itself: the Markdown the templates rendered for it, converted with
the engine's own Markdown dialect, laid out by the same print stylesheet a browser uses when a
reader prints the page (docs/assets/print.css): a masthead, page numbers, the endnotes, and
headings kept with what follows them. Links to other pages become the site's full addresses.

Nothing is fetched from anywhere while typesetting: the fetcher reads the page's own map (an
SVG the build has just written into docs/) and refuses every other URL, so no text from YAML can
make the build reach another host. A PDF is cached under the hash of everything it is made of
(its HTML, with the stylesheets inlined, the maps it shows and the WeasyPrint version), so an
unchanged briefing is not typeset again (in the build cache's printouts folder, see caches). A
second record, by what the HTML is made from (the page's Markdown, the
template, the stylesheets, the site's settings), says which PDF that is and which maps it
showed, so that a build finds an unchanged briefing's PDF without converting its page again.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import hashlib
import html
import json
import multiprocessing
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from .plan import Plan

FORMAT = "printouts-1"  # part of every cache record's key: change it when what makes a PDF changes
TEMPLATE = "printout.html.j2"
STYLESHEETS = ("assets/briefing.css", "assets/print.css")  # under docs/, as the site links them
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_LINK = re.compile(r'(href|src)="([^"#][^"]*)"')
_LOCAL_IMAGE = (".svg",)  # what the typesetter may read, from docs/: the maps
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


class PrintError(Exception):
    """A page could not be typeset."""


class Printer:
    """Turns a rendered briefing page into PDF bytes: `printer(markdown_text, page_path)`."""

    def __init__(self, plan: Plan, templates: Path, docs: Path, dialect: tuple[list[str], dict[str, Any]],
                 cache: Path | None = None):
        import weasyprint  # typesetting is the slowest import of the build; only builds need it

        self.plan, self.weasyprint = plan, weasyprint
        extensions, configs = dialect
        configs = {**configs, "toc": {**configs.get("toc", {}), "permalink": False}}  # no ¶ on paper
        self.markdown = markdown.Markdown(extensions=extensions, extension_configs=configs)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        self.template = env.get_template(TEMPLATE)
        self.css = "\n".join((docs / name).read_text(encoding="utf-8") for name in STYLESHEETS
                             if (docs / name).is_file())
        self.cache, self.docs = cache, docs
        # Everything a page's HTML is made from besides its own Markdown and address.
        self.making = "\0".join((FORMAT, weasyprint.__version__, markdown.__version__, repr(dialect),
                                 repr(plan.info), self.css,
                                 env.loader.get_source(env, TEMPLATE)[0] if env.loader else ""))
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.pending: list[tuple[str, Path | None, concurrent.futures.Future[bytes]]] = []

    def _local(self, url: str) -> Path | None:
        return _local_file(url, self.plan.info.url, self.docs)

    def _find(self, text: str, path: str) -> tuple[Path | None, tuple[str, str, Path | None]]:
        """The one lookup of a page's PDF: (the cached PDF, if there is one, found by its record
        without converting the page or else by its HTML; what typesetting it takes: the page's
        HTML, its address and where its PDF is to be cached, or empty when the record found it)."""
        record = self._record(text, path)
        recorded = self._recorded(record)
        if recorded is not None:
            return recorded, ("", "", None)
        job = self._job(text, path, record)
        cached = job[2]
        return (cached if cached is not None and cached.is_file() else None), job

    def _job(self, text: str, path: str, record: Path | None) -> tuple[str, str, Path | None]:
        """The page's HTML, its address, and where its PDF is cached (None: no cache); the page's
        `record` is written to say so."""
        html = self.html(text, path)
        images = {url: self._image(url) for url in sorted(set(re.findall(r'src="([^"]+)"', html)))}
        digest = hashlib.sha256(f"{self.weasyprint.__version__}\n{html}".encode())
        for image in images.values():
            digest.update(image.encode())
        cached = self.cache / f"{digest.hexdigest()}.pdf" if self.cache else None
        if record is not None and cached is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next build time
                record.parent.mkdir(parents=True, exist_ok=True)
                record.write_text(json.dumps({"pdf": cached.name, "images": images}), encoding="utf-8")
        return html, self.plan.canonical(path), cached

    def _image(self, url: str) -> str:
        """What a page's image is, for the cache: the digest of the site's own file, or '-'."""
        file = self._local(url)
        return hashlib.sha256(file.read_bytes()).hexdigest() if file else "-"

    def _record(self, text: str, path: str) -> Path | None:
        """Where the cache records which PDF this page (its Markdown, at `path`) makes."""
        if self.cache is None:
            return None
        digest = hashlib.sha256("\0".join((self.making, path, text)).encode("utf-8", "surrogatepass"))
        return self.cache / "pages" / f"{digest.hexdigest()}.json"

    def _recorded(self, record: Path | None) -> Path | None:
        """The cached PDF that a page's `record` names, if the page's images are the same as then."""
        if record is None or self.cache is None or not record.is_file():
            return None
        try:
            found = json.loads(record.read_text(encoding="utf-8"))
            pdf = self.cache / Path(found["pdf"]).name
            same = all(self._image(url) == image for url, image in found["images"].items())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable: typeset again
            return None
        return pdf if same and pdf.is_file() else None

    def __call__(self, text: str, path: str) -> bytes:
        """The PDF of one page, typeset here and now (or from the cache)."""
        found, (html, address, cached) = self._find(text, path)
        if found is not None:
            return found.read_bytes()
        return _kept(cached, _typeset(html, address, self.plan.info.url, self.docs))

    # Typesetting takes a second or two per briefing: a build hands the pages to a pool of
    # processes, one per core, and collects the PDFs as they are done.
    def submit(self, output: str, text: str, path: str) -> None:
        found, (html, address, cached) = self._find(text, path)
        if found is not None:
            self.pending.append((output, found, _done(found.read_bytes())))
            return
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=max(1, os.cpu_count() or 1),
                mp_context=multiprocessing.get_context("fork"))
        self.pending.append((output, cached, self.pool.submit(_typeset, html, address, self.plan.info.url,
                                                              self.docs)))

    def ready(self, wait: bool = False) -> Iterator[tuple[str, bytes]]:
        """The PDFs typeset so far (all of them, with `wait`), in the order they were submitted."""
        while self.pending and (wait or self.pending[0][2].done()):
            output, cached, future = self.pending.pop(0)
            yield output, _kept(cached, future.result())
        if wait and self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def html(self, text: str, path: str) -> str:
        """The page as one standalone HTML document, its links made absolute."""
        meta = _FRONT_MATTER.match(text)
        body = self.markdown.reset().convert(text[meta.end():] if meta else text)
        body = _LINK.sub(lambda m: f'{m.group(1)}="{self._absolute(m.group(2), path)}"', body)
        fields = dict(_front_matter_fields(meta.group(1))) if meta else {}
        return self.template.render(
            body=Markup(body),  # Markdown the templates rendered and escaped
            title=fields.get("title", ""), description=fields.get("description", ""),
            css=Markup(self.css), info=self.plan.info)

    def _absolute(self, href: str, path: str) -> str:
        """A link of the page as the site's full address: 'https://…/places/kupiansk/#a'."""
        if _EXTERNAL.match(href):
            return href
        target, _, fragment = href.partition("#")
        docs_path = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        return self.plan.canonical(docs_path) + (f"#{fragment}" if fragment else "")


def _front_matter_fields(block: str) -> list[tuple[str, str]]:
    """title and description from the front matter the templates write: `key: "JSON string"`,
    already HTML-escaped (see render.meta_text), so they are unescaped once here."""
    fields = []
    for line in block.splitlines():
        key, _, value = line.partition(": ")
        try:
            fields.append((key, html.unescape(json.loads(value))))
        except ValueError:
            continue
    return fields


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise PrintError(f"the printout asked for {url}; a PDF is made from the page alone")


def _local_file(url: str, base: str, docs: Path) -> Path | None:
    """The file under docs/ that a URL of the site's own images stands for, if it exists: a plain
    file inside docs/ (not a link), reached by a relative path ('/etc/x.svg' after the site's
    address, '../', a query or an escape lead nowhere)."""
    if not url.startswith(base) or not url.endswith(_LOCAL_IMAGE):
        return None
    relative = url[len(base):]
    if not relative or relative.startswith("/") or any(c in relative for c in "\\%?#\0"):
        return None
    normal = posixpath.normpath(relative)
    if normal.startswith("..") or posixpath.isabs(normal):
        return None
    file = docs / normal
    try:
        inside = file.resolve(strict=True).is_relative_to(docs.resolve())
    except OSError:
        return None
    return file if inside and not file.is_symlink() and file.is_file() else None


def _typeset(html: str, address: str, site_url: str, docs: Path) -> bytes:
    """One page's PDF (in a worker process, or in the build's own)."""
    import weasyprint

    class Offline(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        """Reads the site's own images from docs/; refuses every other request (the page is then
        typeset without it)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            file = _local_file(url, site_url, docs)
            if file is None:
                return _refuse(url)
            return weasyprint.urls.URLFetcherResponse(url, file.read_bytes(), {"Content-Type": "image/svg+xml"})

    document = weasyprint.HTML(string=html, url_fetcher=Offline(), base_url=address)
    pdf = document.write_pdf()
    # The pipeline renders with the cyclic collector paused (see pipeline._gc_paused); a typeset
    # document is a web of cycles, and without this a build kept every one: 3.7 GB at 100 briefings.
    del document
    gc.collect()
    if not isinstance(pdf, bytes):
        raise PrintError(f"WeasyPrint wrote no PDF for {address}")
    return pdf


def _kept(cached: Path | None, pdf: bytes) -> bytes:
    """`pdf`, also written to the cache (atomically: a reader never sees half a file)."""
    if cached is not None and not cached.is_file():
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs the next build time
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
            temporary.write_bytes(pdf)
            os.replace(temporary, cached)
    return pdf


def _done(value: bytes) -> concurrent.futures.Future[bytes]:
    future: concurrent.futures.Future[bytes] = concurrent.futures.Future()
    future.set_result(value)
    return future
