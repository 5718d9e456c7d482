"""Hostile input, part 2: text that is accepted and must come out inert.

Every text field of the seed briefing and registry gets a payload (script, event handlers,
iframes, SVG, javascript:/data: links, Jinja syntax, Markdown block syntax), all in one
project that is built once. The built pages must have exactly the structure of the
baseline build (same headings, tables, lists, no new elements), no script-bearing
attribute or URL, show the template syntax literally, and run no script in Chromium.
"""

from __future__ import annotations

import html
import re
import typing
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing_site import pipeline
from briefing_site.index import build_index
from briefing_site.plan import Plan
from briefing_site.render import render
from briefing_site.validate import validate_tree

from .browsing import served
from .conftest import REPO, SEED, TODAY, copy_project
from .sitetext import article_text

pytestmark = pytest.mark.slow

PWN = "window.__pwned=1"
TEMPLATE_SYNTAX = "{{ 7*7 }} {% for x in y %}"
INLINE_PAYLOADS = [
    f"<img src=x onerror=\"{PWN};alert(1)\"> *kept emphasis*",
    f"[click](javascript:{PWN})",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f"<iframe src=\"javascript:{PWN}\"></iframe>",
    f"<svg onload=\"{PWN}\"><script>{PWN}</script></svg>",
    "# Injected heading",
    "!!! danger \"Injected admonition\"\n    body",
    f"[title breakout](https://example.org 'x\" onmouseover=\"{PWN}')",
    f"[rel](//evil.example/x) [js](JaVaScRiPt:{PWN}) [ent](javascript&#58;{PWN}) [tab](java\tscript:{PWN})",
    TEMPLATE_SYNTAX + " {% raw %}{{ config }}{% endraw %}",
    "```\nfenced\n```",
    "<!-- swallow the rest of the page",
    "---\ntitle: front matter\n---",
    "| a | b |\n|---|---|\n| c | d |",
    "[^1] *[HTML]: Hyper\n\n[^1]: a footnote",
    f"{{: .injected onclick=\"{PWN}\" }}",
    "<div markdown=\"1\">**in a div**</div>",
    f"<a href=\"javascript:{PWN}\">raw anchor</a>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={PWN}>",
    f"&lt;script&gt;{PWN}&lt;/script&gt; &#60;script&#62;{PWN}&#60;/script&#62;",
    "<style>body{display:none}</style>",
    "[a real link](https://example.org/ok)",
]
# field path in a YAML file → payload; every text field kind of every file is covered.
PAYLOADS: dict[tuple[str, tuple[Any, ...]], Any] = {
    (f"{SEED}/briefing.yaml", ("briefing", "title")): f"<script>{PWN}</script> {TEMPLATE_SYNTAX}",
    (f"{SEED}/briefing.yaml", ("briefing", "summary")): INLINE_PAYLOADS[0],
    (f"{SEED}/briefing.yaml", ("briefing", "takeaways")): INLINE_PAYLOADS,
    (f"{SEED}/situation.yaml", ("situation", "events", 0, "summary")):
        "line one\n# Heading\n---\n| a | b |\n|---|---|\n!!! note\n```\n<div>\n{: #x .injected }",
    (f"{SEED}/situation.yaml", ("situation", "events", 1, "date_note")): f"<img src=x onerror={PWN}>",
    (f"{SEED}/situation.yaml", ("situation", "claims", 0, "statement")): f"\"><script>{PWN}</script>",
    ("registry/topics.yaml", ("topics", 0, "name")): f"# topic {{: onclick=\"{PWN}\" }} {{#id .x}}",
    ("registry/topics.yaml", ("topics", 0, "description")): f"<iframe src=\"javascript:{PWN}\"></iframe>",
    (f"{SEED}/situation.yaml", ("situation", "claims", 0, "note")): TEMPLATE_SYNTAX,
    (f"{SEED}/situation.yaml", ("situation", "figures", 0, "label")): f"<svg/onload={PWN}>",
    (f"{SEED}/situation.yaml", ("situation", "figures", 0, "unit")): "| broken | table |",
    (f"{SEED}/situation.yaml", ("situation", "figures", 0, "as_reported")): "\\ <b unclosed",
    (f"{SEED}/situation.yaml", ("situation", "background", 0, "text")):
        f"---\ntitle: x\n---\n<script>{PWN}</script> [bg](javascript:{PWN})",
    (f"{SEED}/quotes.yaml", ("quotes", 0, "text")): f"</blockquote></div><script>{PWN}</script>",
    (f"{SEED}/quotes.yaml", ("quotes", 0, "role")): "<iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
    (f"{SEED}/quotes.yaml", ("quotes", 0, "context")): f"<details open ontoggle=\"{PWN}\">x</details>",
    (f"{SEED}/diplomacy.yaml", ("positions", 0, "summary")): "<!-- unterminated comment",
    ("registry/people.yaml", ("people", 0, "name")): f"<script>{PWN}</script>",
    ("registry/people.yaml", ("people", 0, "role")): f"\" onmouseover=\"{PWN}",
    ("registry/people.yaml", ("people", 0, "aliases")): [f"<img src=x onerror={PWN}>"],
    ("registry/people.yaml", ("people", 1, "description")): f"<a href=\"javascript:{PWN}\">x</a> [y](javascript:{PWN})",
    ("registry/organisations.yaml", ("organisations", 0, "name")): "a | b",
    ("registry/organisations.yaml", ("organisations", 0, "description")): f"<object data=\"javascript:{PWN}\">",
    ("registry/places.yaml", ("places", 0, "description")): "<style>body{display:none}</style>",
    ("registry/places.yaml", ("places", 0, "country")): "{: .hidden }",
    ("registry/sources.yaml", ("sources", 0, "title")): f"x](javascript:{PWN}) [y",
    ("registry/sources.yaml", ("sources", 0, "note")): f"&#60;script&#62;{PWN}&#60;/script&#62;",
    ("registry/issues.yaml", ("issues", 0, "name")): "a | b",
    ("registry/issues.yaml", ("issues", 0, "description")):
        f"<svg><animate onbegin=\"{PWN}\" attributeName=x dur=1s>",
}
STRUCTURE = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "table", "thead", "tbody", "tr", "th", "td",
             "ul", "ol", "li", "dl", "blockquote", "hr", "pre", "details", "summary", "script", "style", "iframe",
             "img", "svg", "math", "object", "embed", "form", "input", "textarea", "abbr", "sup", "section",
             "article", "nav", "header", "footer", "link", "meta", "base", "frame", "video", "audio"]
INERT_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _project_with(target: Path, payloads: dict[tuple[str, tuple[Any, ...]], Any]) -> pipeline.Project:
    """The seed content with `payloads` in place, built with MkDocs and Pagefind."""
    project = copy_project(target)
    by_file: dict[str, list[tuple[tuple[Any, ...], Any]]] = {}
    for (file, path), value in payloads.items():
        by_file.setdefault(file, []).append((path, value))
    for file, edits in by_file.items():
        path_on_disk = project.briefings / file
        data = yaml.safe_load(path_on_disk.read_text(encoding="utf-8"))
        for path, value in edits:
            _set(data, path, value)
        path_on_disk.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                                encoding="utf-8")
    pipeline.build(project, TODAY)
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    return _project_with(tmp_path_factory.mktemp("hostile-output") / "project", PAYLOADS)


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Project:
    """The same shape (same fields set, same list lengths, distinct claim topics) with harmless
    text: the baseline the hostile build's page structure is compared with."""
    harmless = {key: [f"benign {n} {i}" for i in range(len(v))] if isinstance(v, list) else f"benign {n}"
                for n, (key, v) in enumerate(PAYLOADS.items())}
    return _project_with(tmp_path_factory.mktemp("benign-output") / "project", harmless)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def _parse(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_page_keeps_the_structure_of_the_baseline(hostile: pipeline.Project, benign: pipeline.Project) -> None:
    built_site = benign.site
    assert _pages(hostile.site) == _pages(built_site)
    changed = {}
    for rel in _pages(built_site):
        base, hostile_page = _parse(built_site / rel).tags, _parse(hostile.site / rel).tags
        diff = {tag: (base[tag], hostile_page[tag]) for tag in STRUCTURE if base[tag] != hostile_page[tag]}
        unknown = set(hostile_page) - set(base) - {"a", "em", "strong", "code"}
        if diff or unknown:
            changed[rel] = (diff, sorted(unknown))
    assert changed == {}


def test_no_page_has_an_event_handler_or_a_script_url(hostile: pipeline.Project) -> None:
    bad = []
    for rel in _pages(hostile.site):
        for tag, name, value in _parse(hostile.site / rel).attributes:
            if name.startswith("on") or name in {"srcdoc", "formaction"}:
                bad.append((rel, tag, name, value))
            if name in {"href", "src", "action", "data", "xlink:href"} and INERT_SCHEMES.match(html.unescape(value)):
                bad.append((rel, tag, name, value))
            if name == "class" and "injected" in value.split():
                bad.append((rel, tag, name, value))
    assert bad == []


def test_payloads_appear_literally(hostile: pipeline.Project) -> None:
    text = article_text(hostile.site / "briefings" / SEED / "index.html")
    for literal in [f"<script>{PWN}</script> {TEMPLATE_SYNTAX}", "{% raw %}{{ config }}{% endraw %}",
                    "# Injected heading", "!!! danger \"Injected admonition\" body",
                    "<!-- swallow the rest of the page", "--- title: front matter ---", "| a | b | |---|---| | c | d |",
                    "line one # Heading --- | a | b | |---|---| !!! note ``` <div> {: #x .injected }",
                    "<!-- unterminated comment", "<iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
                    f"\"><script>{PWN}</script>"]:
        assert literal in text
    assert "49" not in re.findall(r"\d+", text.split("Key takeaways")[0])
    heading = re.search(r"<h1[^>]*>(.*?)<", (hostile.site / "briefings" / SEED / "index.html").read_text("utf-8"))
    assert heading and html.unescape(heading.group(1)) == f"<script>{PWN}</script> {TEMPLATE_SYNTAX}"


def test_inline_markdown_still_works_where_it_is_allowed(hostile: pipeline.Project) -> None:
    page = _parse(hostile.site / "briefings" / SEED / "index.html")
    links = [dict((n, v) for t, n, v in page.attributes if t == "a" and n in {"href", "title"})]
    anchors = [(n, v) for t, n, v in page.attributes if t == "a"]
    assert ("href", "https://example.org/ok") in anchors
    assert ("title", f"x\" onmouseover=\"{PWN}") in anchors  # the whole breakout stayed inside the title
    assert links
    source = (hostile.site / "briefings" / SEED / "index.html").read_text(encoding="utf-8")
    assert "<em>kept emphasis</em>" in source and "<code>fenced</code>" in source


def _text_fields() -> dict[tuple[str, str], str]:
    """(model, field) → 'plain' or 'inline', from the type of each field as the JSON Schema marks
    it (contentMediaType text/plain or text/markdown), for the field or for the items of a list."""
    from briefing_site import model

    kinds = {}
    media = {"text/plain": "plain", "text/markdown": "inline"}
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, model.Strict) and cls is not model.Strict:
            for name, schema in cls.model_json_schema()["properties"].items():
                options = [schema, schema.get("items", {}), *schema.get("anyOf", [])]
                options += [o.get("items", {}) for o in schema.get("anyOf", [])]
                kind = next((media[o["contentMediaType"]] for o in options if "contentMediaType" in o), None)
                if kind:
                    kinds[(cls.__name__, name)] = kind
    return kinds


def _marked_pages(project: pipeline.Project, kinds: dict[tuple[str, str], str],
                  markers: dict[str, tuple[str, str]]) -> str:
    """Every text field of `project` replaced by a marker with *emphasis*, rendered; the Markdown pages."""
    from briefing_site import model
    from briefing_site.link import link

    counter = iter(range(len(markers), len(markers) + 10_000))

    def mark(obj: Any) -> None:
        if isinstance(obj, list):
            for item in obj:
                mark(item)
            return
        if not isinstance(obj, model.Strict):
            return
        if "translations" in type(obj).model_fields:  # a Ukrainian translation of every field it offers
            words = typing.get_args(type(obj).model_fields["translations"].annotation)[1]
            given = {name: ([f"x{i}" for i, _ in enumerate(getattr(obj, name))] if isinstance(getattr(obj, name), list)
                            else "x") for name in words.model_fields if getattr(obj, name, None) is not None}
            object.__setattr__(obj, "translations", {"uk": words.model_construct(**given)})
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "translations":
                mark(list(value.values()))
                continue
            kind = kinds.get((type(obj).__name__, name))
            typed = model.Inline if kind == "inline" else str  # as validation gives them
            if kind and isinstance(value, str):
                token = f"zq{next(counter)}zq"
                markers[token] = (f"{type(obj).__name__}.{name}", kind)
                object.__setattr__(obj, name, typed(f"{token} *{token}x*"))
            elif kind and isinstance(value, list):
                tokens = [f"zq{next(counter)}zq" for _ in value]
                for token in tokens:
                    markers[token] = (f"{type(obj).__name__}.{name}", kind)
                object.__setattr__(obj, name, [typed(f"{t} *{t}x*") for t in tokens])
            else:
                mark(value)

    corpus = validate_tree(project.briefings, project.root)
    for items in (corpus.people, corpus.organisations, corpus.places, corpus.sources, corpus.issues, corpus.topics,
                  corpus.documents):
        mark(items)
    for bundle in corpus.briefings:
        mark([bundle.briefing, bundle.situation, bundle.quotes, bundle.positions, bundle.versions])
    site = link(corpus, TODAY)
    rendered = dict(pipeline.pages(project, site))
    for edition in pipeline.editions(project)[1:]:  # where the translations are shown
        shown = pipeline.localised(site, edition.language.code)
        plan = Plan(shown, build_index(shown), edition.info, edition.language)
        translated = render(plan, project.templates)
        rendered.update({f"{edition.language.code}/{rel}": text for rel, text in translated.items()})
    # Markdown pages only (names/*.json, the feeds and the open data are data, read as text), and
    # without their front matter, which is not Markdown: it is YAML the engine puts into <title> and
    # <meta>, escaped for HTML (the built pages are checked for that by the other tests here).
    # The JSON-LD is data too (a raw script element Markdown leaves alone; its escaping is tested in
    # test_pipeline).
    pages = (text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
             for rel, text in rendered.items() if rel.endswith(".md"))
    return "\n".join(re.sub(r'<script type="application/ld\+json">.*?</script>', "", page) for page in pages)


def test_every_text_field_is_plain_or_inline_and_rendered_as_declared(project: pipeline.Project,
                                                                      tmp_path: Path) -> None:
    """Cross-checks model and templates: put a marker with *emphasis* into every text field of both
    fixture projects (the 2024 briefing, and the living record's three briefings); a plain field
    must show the asterisks as entities wherever it appears, an inline field must render them as
    <em> or show them as entities (e.g. inside a link's text), and no field may reach the page
    unescaped."""
    kinds = _text_fields()
    markers: dict[str, tuple[str, str]] = {}
    living = copy_project(tmp_path / "living", content=REPO / "tests" / "fixtures" / "living")
    pages = _marked_pages(project, kinds, markers) + "\n" + _marked_pages(living, kinds, markers)
    wrong = []
    shown = set()
    for token, (where, kind) in markers.items():
        as_inline = f"<em>{token}x</em>" in pages
        as_plain = f"&#42;{token}x&#42;" in pages
        raw = f"*{token}x*" in pages
        if as_inline or as_plain:
            shown.add(where)
        if raw or (kind == "plain" and as_inline):
            wrong.append((where, kind, "raw" if raw else "rendered as inline Markdown"))
    assert wrong == []
    inline_fields = {f"{c}.{n}" for (c, n), k in kinds.items() if k == "inline"}
    inline_rendered = {markers[t][0] for t in markers if f"<em>{t}x</em>" in pages}
    assert inline_fields - inline_rendered == set(), "inline fields never rendered as inline Markdown"
    hidden = {f"{c}.{n}" for (c, n) in kinds} - shown
    assert hidden == {"Quote.topics"}, "text fields that no page shows"


def test_every_string_field_is_declared_plain_or_inline() -> None:
    from briefing_site import model

    kinds = _text_fields()
    text_types = [model.PlainText, model.InlineMarkdown, model.PlainText | None, model.InlineMarkdown | None,
                  list[model.PlainText], list[model.InlineMarkdown]]
    undeclared = []
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, model.Strict):
            for name, info in cls.model_fields.items():
                is_text = repr(info.annotation) in {repr(t) for t in text_types}
                if is_text and (cls.__name__, name) not in kinds:
                    undeclared.append(f"{cls.__name__}.{name}")
    assert undeclared == []
    assert len(kinds) > 20


@pytest.fixture(scope="module")
def hostile_url(hostile: pipeline.Project) -> Iterator[str]:
    with served(hostile.site) as url:
        yield url


BROWSER_PAGES = ["", "briefings/", f"briefings/{SEED}/", "people/", "people/besedin/", "people/ganchev/",
                 "organisations/", "organisations/general-staff-ua/", "places/", "places/kupiansk/", "quotes/",
                 "timeline/", "diplomacy/", "sources/"]


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(browser: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    console: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    handlers = []
    for rel in BROWSER_PAGES:
        page.goto(hostile_url + rel, wait_until="networkidle")
        page.mouse.move(5, 5)
        # Every element of the article pointed at, entered, focused and left, as a reader's mouse and
        # keyboard would (the events an injected handler would wait for), hidden ones included.
        page.evaluate("""() => { for (const e of document.querySelectorAll('article *')) {
            for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin', 'mouseout'])
                e.dispatchEvent(new (type.startsWith('focus') ? FocusEvent : MouseEvent)(type, {bubbles: true}));
        } }""")
        assert page.evaluate("typeof window.__pwned") == "undefined", rel
        handlers += page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => a.name.startsWith('on') ||
              /^\\s*(javascript|data|vbscript):/i.test(a.value) && ['href','src','action','data'].includes(a.name))
            .map(a => e.tagName + ' ' + a.name + '=' + a.value))""")
    # The search page renders excerpts of the indexed (hostile) text
    page.goto(hostile_url + "search/?q=pwned", wait_until="networkidle")
    page.wait_for_selector(".search-result", timeout=10_000)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and handlers == [] and errors == []
    assert [m for m in console if "pwned" in m] == []
    page.close()
