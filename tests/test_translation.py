"""The Ukrainian interface: a complete catalogue, a second site under /uk/ with the theme in
Ukrainian, names in their Ukrainian spelling, a switch to the same page in the other language,
and search over the Ukrainian pages, in Chromium."""

from __future__ import annotations

import gettext
import html
import html.parser
import re
import typing
from pathlib import Path
from typing import Any

import pytest

from briefing_site import i18n, pipeline
from briefing_site.index import build_index
from briefing_site.plan import Plan
from briefing_site.problems import ContentError
from briefing_site.render import render

from .browsing import DESKTOP, PHONE, opened
from .conftest import REPO, SEED, TODAY, copy_project

CATALOGUE = REPO / "locale" / "uk" / "LC_MESSAGES" / "messages.po"


def test_every_message_of_the_interface_has_a_ukrainian_translation() -> None:
    assert i18n.untranslated(CATALOGUE) == []


def test_the_catalogue_holds_every_message_the_templates_write() -> None:
    """'make messages' was run after the last template change: nothing is missing from the catalogue."""
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        listed = {m.id for m in read_po(handle) if m.id}
    wanted = set(i18n.extract(REPO / "templates", pipeline.Project(REPO).settings.nav))
    assert len(wanted) > 250
    assert wanted - listed == set(), "run 'make messages' and translate what it adds"


class _Missed(gettext.NullTranslations):
    """Notes every message the catalogue had no translation for."""

    def __init__(self) -> None:
        super().__init__()
        self.missed: set[str] = set()

    def gettext(self, message: str) -> str:
        self.missed.add(message)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.missed.add(singular)
        return singular if n == 1 else plural


@pytest.mark.parametrize("fixture", ["project", "living"])
def test_rendering_in_ukrainian_meets_no_untranslated_message(tmp_path: Path, fixture: str) -> None:
    """Also the words the templates translate as values (statuses, grades, kinds): whatever the
    fixture projects make the templates ask for is in the catalogue."""
    project = copy_project(tmp_path / "p", REPO / "tests" / "fixtures" / fixture)
    site, _ = pipeline.check(project, TODAY)
    edition = pipeline.editions(project)[1]
    with _compiled().open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    missed = _Missed()
    catalogue.add_fallback(missed)
    language = i18n.Language("uk", catalogue)
    shown = pipeline.localised(site, "uk")
    render(Plan(shown, build_index(shown), edition.info, language), project.templates)
    assert missed.missed == set()


def _compiled() -> Path:
    """The catalogue compiled to .mo in a temporary file, as i18n.load does in memory."""
    import io
    import tempfile

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    target = Path(tempfile.mkdtemp()) / "messages.mo"
    target.write_bytes(buffer.getvalue())
    return target


def test_dates_and_numbers_are_written_the_ukrainian_way() -> None:
    import datetime as dt

    from briefing_site.dates import ReportedDate

    uk = i18n.load(REPO / "locale", "uk")
    assert uk.day(dt.date(2025, 12, 13)) == "13 грудня 2025"
    assert uk.month(dt.date(2025, 11, 1)) == "листопад 2025"
    assert ReportedDate.of("2024-11-11/2024-11-17").label(uk) == "11–17 листопада 2024"
    assert ReportedDate.of("2024-06~").label(uk) == "приблизно червень 2024"
    assert ReportedDate.of("2025-09-28/..").label(uk) == "від 28 вересня 2025, триває"
    assert uk.number("26,000.5") == "26\u00a0000,5"
    assert ReportedDate.of("2024-06~").label() == "about June 2024"  # English unchanged


def test_the_ukrainian_site_shows_the_registry_names_in_ukrainian(project: pipeline.Project) -> None:
    places = project.briefings / "registry" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace(
        "    name: Kupiansk\n", "    name: Kupiansk\n    names: {uk: \"Куп'янськ\"}\n", 1), encoding="utf-8")
    pipeline.generate(project, TODAY, printouts=False)
    ukrainian = (project.docs / "uk" / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    english = (project.docs / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    assert "[Куп&#39;янськ](../places/kupiansk.md)" in ukrainian or "[Куп'янськ](../places/kupiansk.md)" in ukrainian
    assert "[Kupiansk](../places/kupiansk.md)" in english and "Куп'янськ](" not in english
    place = (project.docs / "uk" / "places" / "kupiansk.md").read_text(encoding="utf-8")
    assert re.search(r"^# Куп.янськ$", place, re.M) and "Kupiansk" in place  # the usual name, as an alias


def test_topics_and_diplomacy_issues_take_their_ukrainian_names_on_the_ukrainian_site(
        project: pipeline.Project) -> None:
    """Headings from the registry (a topic, a diplomacy issue) in Ukrainian where it gives `names`."""
    registry = project.briefings / "registry"
    for file, name, uk in (("topics.yaml", "Control of Kupiansk", "Контроль над Куп'янськом"),
                           ("issues.yaml", "Freezing the front line", "Заморожування лінії фронту")):
        path = registry / file
        text = path.read_text(encoding="utf-8")
        assert f"    name: {name}\n" in text
        path.write_text(text.replace(f"    name: {name}\n", f"    name: {name}\n    names: {{uk: \"{uk}\"}}\n", 1),
                        encoding="utf-8")
    pipeline.generate(project, TODAY, printouts=False)
    ukrainian = (project.docs / "uk" / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    english = (project.docs / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    assert "### [Контроль над Куп" in ukrainian and "### [Control of Kupiansk]" in english
    assert "Контроль над" not in english
    issue = (project.docs / "uk" / "diplomacy" / "freeze-front-line.md").read_text(encoding="utf-8")
    assert re.search(r"^# Заморожування лінії фронту$", issue, re.M)


@pytest.mark.slow
def test_the_ukrainian_site_is_built_beside_the_english_one(built_project: pipeline.Project) -> None:
    site = built_project.site
    page = (site / "uk" / "briefings" / SEED / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="uk"', page)
    assert "Зміст" in page  # Material's own words in Ukrainian (its table of contents)
    assert ">Головне<" in page and ">Key takeaways<" not in page
    # The content stays as the editors wrote it.
    assert "Russian troops briefly breach the outskirts of Kupiansk" in page
    # Each edition publishes its own feeds, in its language; the open data is published once, by the
    # English site, and the Ukrainian data page links there with relative addresses (the site can
    # be moved to any host).
    feed = (site / "uk" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="uk"' in feed and "<title>Брифінги про війну в Україні</title>" in feed
    assert not (site / "uk" / "data" / "record.json").exists() and (site / "data" / "record.json").is_file()
    data = (site / "uk" / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../data/record.json"' in data
    root = pipeline.site_info(built_project).url
    for path in (site / "uk").rglob("*.html"):  # no link out of the edition by the site's full address
        links = re.findall(r'<a [^>]*href="([^"]+)"', path.read_text(encoding="utf-8"))
        assert not [link for link in links if link.startswith(root) and not link.startswith(root + "uk/")], path
    # Its own PDF, typeset with the Ukrainian labels.
    assert (site / "uk" / "briefings" / f"{SEED}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_each_page_links_to_itself_in_the_other_language(built_project: pipeline.Project) -> None:
    site = built_project.site
    for english, ukrainian in (("index.html", "uk/index.html"), (f"briefings/{SEED}/index.html",
                                                                  f"uk/briefings/{SEED}/index.html"),
                               ("places/kupiansk/index.html", "uk/places/kupiansk/index.html")):
        for page, other, lang in ((english, ukrainian, "uk"), (ukrainian, english, "en")):
            text = (site / page).read_text(encoding="utf-8")
            switch = re.search(rf'<p class="language-switch"><a href="([^"]+)" hreflang="{lang}"', text)
            assert switch, f"{page} has no link to its {lang} version"
            target = (site / page).parent / html.unescape(switch.group(1))
            assert target.resolve() / "index.html" == (site / other).resolve() or \
                (target / "index.html").resolve() == (site / other).resolve(), f"{page} → {switch.group(1)}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_ukrainian_pages_are_accessible_and_switch_language(browser: Any, site_url: str, width: int) -> None:
    from .browsing import AXE

    for path in ("uk/", f"uk/briefings/{SEED}/", "uk/places/kupiansk/"):
        with opened(browser, site_url + path, width) as page:
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
            assert found == [], f"{path} at {width}px: {found}"
            assert page.evaluate("document.documentElement.lang") == "uk"
            assert page.get_attribute(".site-search input", "placeholder") == "Пошук"
            page.click(".language-switch a[hreflang=en]")
            page.wait_for_load_state("networkidle")
            assert page.url == site_url + path.removeprefix("uk/")
            assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Купянськ", "Kupiansk", "Беседін"])
def test_search_on_the_ukrainian_site_finds_the_briefings_in_any_spelling(browser: Any, site_url: str,
                                                                          query: str) -> None:
    with opened(browser, site_url + "uk/search/") as page:
        page.wait_for_selector("#search-app[data-search-ready]")
        assert page.inner_text("label[for=search-input]") == "Пошук у брифінгах"
        page.click("#search-input")
        page.keyboard.type(query)
        page.wait_for_function("q => document.querySelector('.search-status').textContent.includes('«' + q + '»')",
                               arg=query)
        hrefs = page.eval_on_selector_all(".search-result__title a",
                                          "links => links.map(a => new URL(a.href).pathname)")
        status = page.inner_text(".search-status")
    assert re.match(r"\d+ результат", status), status
    assert hrefs and all(h.startswith("/uk/") for h in hrefs), hrefs
    assert f"/uk/briefings/{SEED}/" in hrefs, f"{query!r} does not reach the briefing: {hrefs[:5]}"


STUB_CATALOGUE = '''msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Key takeaways"
msgstr "Das Wichtigste"
'''


def test_a_new_edition_needs_only_its_configuration_and_a_catalogue(project: pipeline.Project) -> None:
    """A third language: its entry in mkdocs.yml's extra.translations and a catalogue (here one
    message translated; the others stay in English until translated). No code, no other setting."""
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config.replace("  translations:\n", "  translations:\n    de:\n"
                                             "      language_name: Deutsch\n"
                                             "      site_name: Lagebriefings\n", 1), encoding="utf-8")
    catalogue = project.locale / "de" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(STUB_CATALOGUE, encoding="utf-8")
    pipeline.build(pipeline.Project(project.root), TODAY, search=False, printouts=False)
    page = (project.site / "de" / "briefings" / SEED / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page and "Das Wichtigste" in page and "Lagebriefings" in page
    assert "Februar 2022" in page and "February 2022" not in page  # dates in German, from the language's own data
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="de"' in home and "Deutsch" in home  # the switch offers it
    assert not (project.site / "de" / "de").exists() and not (project.site / "uk" / "de").exists()


def test_the_editors_english_is_marked_english_on_the_ukrainian_site_only(project: pipeline.Project) -> None:
    """Content stays in the language it was written in; on the Ukrainian site each block of it carries
    lang="en", so that a screen reader reads it with English rules, and the English site has no marks."""
    from .golden import render_pages, translated_pages

    site, _ = pipeline.check(project, TODAY)
    head = next(b for b in site.briefings if b.briefing.id == SEED).briefing
    ukrainian = translated_pages(project)[f"uk/briefings/{SEED}.md"]
    english = render_pages(project)[f"briefings/{SEED}.md"]
    def marked(prefix: str, text: str) -> bool:  # a line opening with the text (its first letters) marked
        return re.search("^" + re.escape(prefix + '<span lang="en">' + text[:4]), ukrainian, re.M) is not None

    assert marked("", head.summary), "the summary is not marked"
    assert marked("# ", head.title)
    assert all(marked("- ", str(takeaway)) for takeaway in head.takeaways)
    assert 'lang="en"' not in english


def _translated_fixture(project: pipeline.Project) -> None:
    """The fixture briefing with an editors' assessment, and a Ukrainian translation of its summary
    and of that assessment."""
    folder = project.briefings / SEED
    briefing = folder / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + (
        "  translations:\n    uk:\n      summary: Українське резюме брифінгу, яке дала редакція.\n"), encoding="utf-8")
    situation = folder / "situation.yaml"
    situation.write_text(situation.read_text(encoding="utf-8") + (
        "  assessments:\n"
        "    - id: control\n"
        "      topic: control-of-kupiansk\n"
        "      text: We assess that Ukraine holds the city.\n"
        "      confidence: moderate\n"
        "      translations: {uk: {text: \"Ми оцінюємо, що Україна тримає місто.\"}}\n"), encoding="utf-8")


def test_an_editors_translation_is_shown_on_its_edition_only(project: pipeline.Project) -> None:
    """A translation given beside the original (translations: {uk: …}) is what the Ukrainian site
    shows, unmarked; the English site shows the original; a text without a translation stays in
    English on the Ukrainian site, marked as English."""
    _translated_fixture(project)
    pipeline.generate(project, TODAY, printouts=False)
    ukrainian = (project.docs / "uk" / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    english = (project.docs / "briefings" / f"{SEED}.md").read_text(encoding="utf-8")
    assert re.search("^Українське резюме брифінгу", ukrainian, re.M)  # in place of the summary, not marked
    assert "Ми оцінюємо, що Україна тримає місто." in ukrainian
    assert "We assess that Ukraine holds the city." not in ukrainian
    assert "Russian troops, some disguised" not in ukrainian
    assert "Українське" not in english and "Ми оцінюємо" not in english
    assert "We assess that Ukraine holds the city." in english
    assert re.search(r'^# <span lang="en">Russian troops briefly breach', ukrainian, re.M)  # the title: not translated


def test_a_translation_of_a_field_that_does_not_exist_is_an_error_at_its_line(project: pipeline.Project) -> None:
    """A misspelt field, a list translated with an item more or less, a translation of a field the
    entry leaves empty: each an error at its line, naming the field; a language the site is not
    built in: a warning."""
    briefing = project.briefings / SEED / "briefing.yaml"
    original = briefing.read_text(encoding="utf-8")
    lines = original.count("\n")
    briefing.write_text(original + "  translations:\n    uk:\n      sumary: Резюме.\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        pipeline.check(project, TODAY)
    [problem] = [p for p in raised.value.problems if p.severity == "error"]
    assert (problem.file, problem.line, problem.field) == (f"briefings/{SEED}/briefing.yaml", lines + 3,
                                                            "briefing.translations.uk.sumary")
    assert "unknown field" in problem.message and "summary" in problem.hint
    briefing.write_text(original + "  translations:\n    uk:\n      takeaways: [Одне.]\n    de:\n      title: Lage\n",
                        encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        pipeline.check(project, TODAY)
    [problem] = [p for p in raised.value.problems if p.severity == "error"]
    assert (problem.line, problem.field) == (lines + 3, "briefing.translations.uk.takeaways")
    assert "1 translated item(s)" in problem.message
    [warning] = [p for p in raised.value.problems if p.severity == "warning"]
    assert (warning.line, warning.field) == (lines + 4, "briefing.translations.de")
    assert "'de'" in warning.message and "uk" in warning.message


# Words in Latin letters a Ukrainian page may hold unmarked: names and terms Ukrainian writes so.
LATIN_TERMS = {"PDF", "CSV", "JSON", "Schema", "Atom", "UTF", "EDTF", "YAML", "OpenStreetMap", "Natural", "Earth",
               "Telegram", "X", "Twitter", "Creative", "Commons", "Attribution", "CC", "BY", "pull", "request",
               "Material", "MkDocs", "Pagefind", "JavaScript", "Reuters", "Axios", "Bloomberg", "DeepState"}


class _UnmarkedLatin(html.parser.HTMLParser):
    """The text of a page's article that is in Latin letters and not marked as another language
    than the page's: each run of such text, with the words it is made of."""

    VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col", "area", "embed"})
    SKIPPED = frozenset({"script", "style", "code", "svg", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, lang, skipped)
        self.inside = 0  # depth of <article>
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.VOID:
            return
        classes = (values.get("class") or "").split()
        skipped = (tag in self.SKIPPED or values.get("aria-hidden") == "true"
                   or bool({"headerlink", "search-only", "cite-url"} & set(classes)))
        parent_lang = self.stack[-1][1] if self.stack else None
        self.stack.append((tag, values.get("lang", parent_lang), skipped or bool(self.stack and self.stack[-1][2])))
        self.inside += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            opened, *_ = self.stack.pop()
            self.inside -= opened == "article"
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.inside or not self.stack or self.stack[-1][2]:
            return
        lang = self.stack[-1][1] or "uk"
        text = re.sub(r"(https?://|www\.)\S+", "", data)
        if lang.startswith("uk") and re.search(r"[A-Za-z]{2,}", text):
            self.found.append(text.strip())


def unmarked_latin(page: str, allowed: set[str], *, within_ukrainian: bool = True) -> list[str]:
    """The runs of unmarked text of `page`'s article with a word in Latin letters not `allowed`;
    without `within_ukrainian`, only runs with no Cyrillic at all (a Ukrainian sentence an editor
    wrote may name anything in Latin letters)."""
    parser = _UnmarkedLatin()
    parser.feed(page)
    words = r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]"  # two letters or more: a grade letter, A4 are fine
    return [text for text in parser.found if (within_ukrainian or not re.search("[\u0400-\u04ff]", text))
            and any(word not in allowed for word in re.findall(words, text))]


def test_the_unmarked_latin_check_finds_english_in_a_ukrainian_page() -> None:
    page = ('<html lang="uk"><body><article><h2>Головне</h2><p>Reuters пише: <span lang="en">as written</span>'
            '</p><p>Claim status</p></article><footer>Made with Material</footer></body></html>')
    assert unmarked_latin(page, {"Reuters"}) == ["Claim status"]
    page = '<html lang="uk"><article><p>Слова Трампа на борту Air Force One</p><p>Air Force One</p></article></html>'
    assert unmarked_latin(page, set()) == ["Слова Трампа на борту Air Force One", "Air Force One"]
    assert unmarked_latin(page, set(), within_ukrainian=False) == ["Air Force One"]


@pytest.mark.slow
def test_no_english_reaches_the_ukrainian_site_unmarked(built_project: pipeline.Project) -> None:
    """Every word of every Ukrainian page's article is Ukrainian, or marked with its language
    (the editors' English, a source's headline), or a name the registry writes in Latin letters, or
    one of a few terms Ukrainian writes so (LATIN_TERMS): an untranslated message of the interface,
    a text a template forgets to mark, an English unit or date fails here."""
    pages = sorted((built_project.site / "uk").rglob("*.html"))
    assert len(pages) > 40  # the fixture: 49 pages, each kind at least once
    found = english_on(built_project, built_project.site, pages)
    assert not found, f"English on {len(found)} Ukrainian page(s), not marked: {dict(list(found.items())[:8])}"


def english_on(project: pipeline.Project, site: Path, pages: list[Path], *,
               within_ukrainian: bool = True) -> dict[str, list[str]]:
    """The unmarked Latin text of each of `pages` (of the built `site`) that is neither a name in
    the project's registry nor one of LATIN_TERMS, by page (see unmarked_latin)."""
    linked, _ = pipeline.check(project, TODAY)
    allowed = set(LATIN_TERMS)
    for entry in (*linked.people.values(), *linked.organisations.values(), *linked.places.values()):
        for name in (entry.name, *entry.aliases):
            allowed.update(re.findall(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]", name))
    found: dict[str, list[str]] = {}
    for path in pages:
        texts = unmarked_latin(path.read_text(encoding="utf-8"), allowed, within_ukrainian=within_ukrainian)
        if texts:
            found[path.relative_to(site).as_posix()] = texts[:3]
    return found


def test_a_translation_is_of_the_same_kind_as_the_text_it_translates() -> None:
    """Each translatable field's translation is validated as the original is (inline Markdown or
    plain text, a list where it is a list), and names a field the entry has."""
    from briefing_site import model

    checked = 0
    for cls in vars(model).values():
        if not (isinstance(cls, type) and issubclass(cls, model.Strict)) or "translations" not in cls.model_fields:
            continue
        words = typing.get_args(cls.model_fields["translations"].annotation)[1]
        for name, info in words.model_fields.items():
            original = cls.model_fields.get(name)
            assert original is not None, f"{words.__name__}.{name} translates no field of {cls.__name__}"
            kinds = [("Inline Markdown" in (field.description or ""), "list[" in str(field.annotation))
                     for field in (original, info)]
            assert kinds[0] == kinds[1], f"{cls.__name__}.{name} and its translation differ in kind"
            checked += 1
    assert checked > 30


@pytest.mark.browser
def test_a_screen_reader_reads_the_english_blocks_of_a_ukrainian_page_as_english(
        browser: Any, site_url: str, built_project: pipeline.Project) -> None:
    """The language Chromium gives each block (the nearest lang, as its accessibility tree does):
    the editors' English in English, the page's own words in Ukrainian."""
    site, _ = pipeline.check(built_project, TODAY)
    head = next(b for b in site.briefings if b.briefing.id == SEED).briefing
    with opened(browser, site_url + f"uk/briefings/{SEED}/", DESKTOP) as page:
        read_as = page.evaluate("""(texts) => texts.map(text => {
            const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                if (walker.currentNode.textContent.trim().startsWith(text)) {
                    return walker.currentNode.parentElement.closest('[lang]').getAttribute('lang');
                }
            }
            return null;
        })""", [head.title[:30], head.summary[:30], "Головне", "Головний висновок"])
    assert read_as == ["en", "en", "uk", "uk"]


@pytest.mark.browser
def test_a_ukrainian_word_finds_its_inflected_forms(browser: Any, site_url: str) -> None:
    """Pagefind has no Ukrainian stemmer: "переговори" is also searched without its ending, and so
    finds the fixture's topic whose Ukrainian description says "на переговорах" (and only it says so)."""
    with opened(browser, site_url + "uk/search/?q=переговори") as page:
        page.wait_for_selector(".search-status")
        page.wait_for_function("() => /\\d+ результат/.test(document.querySelector('.search-status').textContent)")
        hrefs = page.eval_on_selector_all(".search-result__title a",
                                          "links => links.map(a => new URL(a.href).pathname)")
    assert "/uk/topics/russian-intentions/" in hrefs, hrefs


@pytest.mark.parametrize(("title", "language", "url", "headline"), [
    ("Минобороны: ВСУ направили в Купянск военных", "ru", "https://example.org/a", True),
    ("Russia says it has taken Kupiansk; Ukraine denies it", "en", "https://example.org/b", True),
    ("Zelensky: Ukraine is now at one of the hardest moments (address of 21 November)", "uk", "https://lb.ua/x", False),
    ("Telegram post denying the presence of Russian troops", None, None, False),
])
def test_a_sources_title_is_its_headline_only_when_it_is_in_the_sources_language(
        title: str, language: str | None, url: str | None, headline: bool) -> None:
    """The language a source's title is marked with, and whether the source list shows it as the
    'original title' beside a translation: a headline is in its source's language; a title in Latin
    letters of a Ukrainian or Russian page is the editors' description, in English."""
    from briefing_site import model
    from briefing_site.render import Words, is_headline

    source = model.Source.model_construct(id="s", title=title, language=language, url=url, translations={})
    assert is_headline(source) is headline
    shown = Words(i18n.load(REPO / "locale", "uk")).own(source, "title")
    assert f'<span lang="{language if headline else "en"}">' in str(shown)  # on the Ukrainian site
