"""Search as a reader uses it: real key presses in the search box, results read off the page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing_site import engine, pipeline

from .browsing import opened, served
from .conftest import FIXTURE, SEED, TODAY
from .sitetext import english_copy, indexed, indexed_urls, main_content

pytestmark = pytest.mark.browser

REGISTRY = FIXTURE / "briefings" / "registry"
QUOTES = yaml.safe_load((FIXTURE / "briefings" / SEED / "quotes.yaml").read_text(encoding="utf-8"))
POSITIONS = yaml.safe_load((FIXTURE / "briefings" / SEED / "diplomacy.yaml").read_text(
    encoding="utf-8"))["positions"]
PEOPLE = yaml.safe_load((REGISTRY / "people.yaml").read_text(encoding="utf-8"))["people"]

MAX_RESULTS = 20  # docs/assets/search.js shows at most this many results

# How readers write Kupiansk: transliterations, Ukrainian with each apostrophe, Russian.
KUPIANSK_SPELLINGS = ["Kupiansk", "Kupyansk", "Kupjansk", "Купянськ", "Куп'янськ", "Куп’янськ", "Купʼянськ", "Купянск"]


def search(page: Any, query: str) -> list[dict[str, Any]]:
    """Type `query` into the search page's box key by key; the results in their order."""
    page.wait_for_selector("#search-app[data-search-ready]")
    page.click("#search-input")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('.search-status').textContent.includes('“' + q + '”')", arg=query)
    return results(page)


def results(page: Any) -> list[dict[str, Any]]:
    return list(page.eval_on_selector_all(".search-result", """items => items.map(item => ({
        href: new URL(item.querySelector('.search-result__title a').href).pathname,
        text: item.textContent.replace(/\\s+/g, ' '),
        subs: Array.from(item.querySelectorAll('.search-sub-result a')).map(a => a.getAttribute('href')),
    }))"""))


def quote_opening(speaker: str, words: int = 5) -> str:
    text = next(q["text"] for q in QUOTES["quotes"] if q["speaker"] == speaker)
    return " ".join(text.split()[:words])


@pytest.mark.parametrize("query", KUPIANSK_SPELLINGS)
def test_every_spelling_of_kupiansk_finds_the_place_first(browser: Any, site_url: str, query: str) -> None:
    with opened(browser, site_url + "search/") as page:
        found = search(page, query)
    assert found, f"no results for {query!r}"
    assert found[0]["href"] == "/places/kupiansk/", f"{query!r}: first result is {found[0]['href']}"


def test_the_spellings_searched_are_the_registry_aliases() -> None:
    places = yaml.safe_load((REGISTRY / "places.yaml").read_text(encoding="utf-8"))["places"]
    kupiansk = next(p for p in places if p["id"] == "kupiansk")
    assert set(KUPIANSK_SPELLINGS) <= {kupiansk["name"], *kupiansk["aliases"]}


@pytest.mark.parametrize("person", PEOPLE, ids=[p["id"] for p in PEOPLE])
def test_a_surname_finds_the_persons_page_first(browser: Any, site_url: str, person: dict[str, Any]) -> None:
    surname = person["name"].split()[-1]
    with opened(browser, site_url + "search/") as page:
        found = search(page, surname)
    assert found and found[0]["href"] == f"/people/{person['id']}/", f"{surname!r}: {[r['href'] for r in found[:3]]}"


@pytest.mark.parametrize(("query", "speaker"), [("Waltz", "waltz"), ("Black Bird", "paroinen")])
def test_a_name_finds_what_they_said(browser: Any, site_url: str, built_site: Path, query: str, speaker: str) -> None:
    """Waltz's quote, the Black Bird analyst's assessment: one of the top three results, or a part of
    one that it links to, is a list of quotes holding it (the quotes page, or a page's quotes)."""
    opening = quote_opening(speaker)
    with opened(browser, site_url + "search/") as page:
        found = search(page, query)
    links = [r["href"] for r in found[:3]] + [sub for r in found[:3] for sub in r["subs"]]
    quotes = [link for link in links if link.startswith("/quotes/") or link.endswith("#quotes")]
    holding = [link for link in quotes
               if opening in (built_site / link.split("#")[0].strip("/") / "index.html").read_text(encoding="utf-8")]
    assert holding, f"{opening!r} not in the top results for {query!r}: {links}"


@pytest.mark.parametrize("query", ["ceasefire", "frozen front line"])
def test_diplomacy_words_find_the_positions(browser: Any, site_url: str, query: str) -> None:
    with opened(browser, site_url + "search/") as page:
        found = search(page, query)
    top = [r["href"] for r in found[:3]]
    assert "/diplomacy/" in top, f"{query!r}: the diplomacy matrix is not in the top three: {top}"
    # A position's words from the query on (an excerpt shows a window of the text, not all of it).
    summaries = [p["summary"] for p in POSITIONS if query.casefold() in p["summary"].casefold()]
    fragments = [" ".join(s[s.casefold().index(query.casefold()):].split()[:len(query.split()) + 3]) for s in summaries]
    assert fragments, f"no position mentions {query!r}"
    assert any(f in r["text"] for f in fragments for r in found[:3]), f"none of {fragments} in the top three"


def test_header_box_opens_the_search_page_with_results(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + "briefings/") as page:
        page.click(".site-search input")
        page.keyboard.type("Lavrov")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=Lavrov")
        page.wait_for_selector(".search-result")
        assert page.input_value("#search-input") == "Lavrov"
        assert results(page)[0]["href"] == "/people/lavrov/"


def test_an_alias_added_to_the_registry_is_found(browser: Any, project: pipeline.Project) -> None:
    """Search spellings come from the data: a new alias (with a ʼ apostrophe) works at once,
    typed with or without its apostrophe."""
    places = project.root / "briefings" / "registry" / "places.yaml"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("aliases: [Kursk oblast,", "aliases: [Kurskʼaya Testoblast, Kursk oblast,"),
                      encoding="utf-8")
    pipeline.build(project, TODAY)
    with served(project.site) as url:
        for query in ("Kurskʼaya", "Kurskaya", "Kursk'aya"):
            with opened(browser, url + "search/") as page:
                found = search(page, query)
            assert found and found[0]["href"] == "/places/kursk-region/", f"{query!r}: {found[:1]}"


def test_a_query_with_no_match_says_so(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + "search/") as page:
        assert search(page, "zzqxjw") == []
        assert "No results" in page.inner_text(".search-status")



def test_apostrophe_free_spellings_are_derived_from_the_data() -> None:
    from briefing_site.views import extra_spellings, search_key

    assert extra_spellings("Kupiansk", ["Куп'янськ", "Купянськ"]) == []
    assert extra_spellings("X", ["Куп’янська рада"]) == ["Купянська рада"]
    assert search_key("Купʼянськ") == search_key("Купянськ") == "купянськ"


@pytest.mark.parametrize("query", ["constructor", "__proto__", "hasOwnProperty"])
def test_object_property_names_are_ordinary_queries(browser: Any, site_url: str, query: str) -> None:
    with opened(browser, site_url + "search/") as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        search(page, query)
        status = page.inner_text(".search-status")
    assert errors == [], errors
    assert f"“{query}”" in status


@pytest.mark.parametrize("query", ["Купянськ", "Куп’янськ", "Уолц", "Ганчев"])
def test_any_registry_spelling_finds_the_briefings_that_mention_them(browser: Any, site_url: str,
                                                                    query: str) -> None:
    """Not only the registry page: the briefing that mentions Kupiansk, Waltz or Ganchev is found by
    the Cyrillic spellings the registry lists."""
    with opened(browser, site_url + "search/") as page:
        found = search(page, query)
    assert any(r["href"].startswith("/briefings/2") for r in found), f"{query!r}: {[r['href'] for r in found]}"


def test_a_search_index_in_parts_finds_what_one_index_finds(browser: Any, site_url: str, built_site: Path,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large site's index comes in parts (engine.SEARCH_PART_BYTES); the search page merges them:
    as many results as one index, the same pages when all are shown (also for words that some
    parts lack), never the pages that list the site's words, and a page of each part found by its title."""
    site = english_copy(built_site, tmp_path)
    monkeypatch.setattr(engine, "SEARCH_PART_BYTES", 100_000)  # the fixture's English pages feed about 1 MB
    engine.search_index(site, tmp_path, engine.engine_environment(TODAY))
    folder = site / engine.SEARCH_INDEX
    further = json.loads((folder / engine.SEARCH_PARTS).read_text(encoding="utf-8"))["parts"]
    assert len(further) >= 3
    # Words that a single page holds, with a word that pages in every part hold: the parts without
    # that page must not leave the rare word out of the query (Pagefind's "best effort").
    queries = ["Kupiansk", quote_opening("waltz"), "Waltz ceasefire", "ceasefire",
               *(f"{word} Kupiansk" for word in rare_words(indexed(built_site / engine.SEARCH_INDEX), "kupiansk"))]
    with opened(browser, site_url + "search/") as page:
        expected = [(status_after(page, query), hrefs(page)) for query in queries]
    with served(site) as parted, opened(browser, parted + "search/") as page:
        assert [(status_after(page, query), hrefs(page)) for query in queries] == expected
        for part in [folder, *(folder / name for name in further)]:
            url = min((u for u in indexed_urls(part) if u != f"/{engine.VOCABULARY}/"),
                      key=lambda u: (not u.startswith("/briefings/"), u))
            title = main_content(site / url.strip("/") / "index.html")[0][0]
            assert url in [found["href"] for found in search_again(page, title)], (part.name, title)


def hrefs(page: Any) -> set[str] | None:
    """The pages the results link to, when all are shown (the order of scores differs a little from
    part to part: each part weighs a word by how few of its own pages hold it)."""
    found = results(page)
    return {result["href"] for result in found} if len(found) < MAX_RESULTS else None

def status_after(page: Any, query: str) -> str:
    """What the search page says after `query` has been typed (the count of results)."""
    search_again(page, query)
    return str(page.text_content(".search-status"))


def search_again(page: Any, query: str) -> list[dict[str, Any]]:
    page.fill("#search-input", "")
    return search(page, query)



def rare_words(fragments: list[dict[str, Any]], beside: str, count: int = 6) -> list[str]:
    """`count` words of at least seven letters that only one indexed page holds, a page that also
    holds `beside`, spread over the alphabet."""
    pages: dict[str, set[str]] = {}
    for fragment in fragments:
        for word in set(re.findall(r"[a-z]{7,}", fragment["content"].lower())):
            pages.setdefault(word, set()).add(fragment["url"])
    text = {fragment["url"]: fragment["content"].lower() for fragment in fragments}
    rare = sorted(word for word, where in pages.items() if len(where) == 1 and beside in text[next(iter(where))])
    assert len(rare) >= count, rare
    return rare[:: len(rare) // count][:count]


def test_briefings_come_before_passing_mentions_and_every_result_is_reachable(browser: Any, site_url: str) -> None:
    """'Kupiansk': the place's page first, then every briefing that mentions it, then the other
    pages; twenty at a time, and a button shows the rest, moving focus to the first new result."""
    with opened(browser, site_url + "search/") as page:
        first = search(page, "Kupiansk")
        status = page.inner_text(".search-status")
        total = int(re.search(r"(\d+) results", status).group(1))  # type: ignore[union-attr]
        while page.locator(".search-more").count():
            before = len(results(page))
            page.click(".search-more")
            page.wait_for_function(f"document.querySelectorAll('.search-result').length > {before}")
            focused = page.evaluate("document.activeElement.closest('.search-result') !== null")
            assert focused, "focus did not move to the results shown"
        every = results(page)
    assert total > MAX_RESULTS and len(first) == MAX_RESULTS
    assert len(every) == total and len({r["href"] for r in every}) == total
    assert every[0]["href"].endswith("/places/kupiansk/")
    kinds = ["briefing" if re.search(r"/briefings/\d{4}-\d\d-\d\d-", r["href"]) else "other" for r in every[1:]]
    assert "briefing" in kinds and kinds == sorted(kinds), "a briefing comes after a page that only mentions it"


@pytest.mark.parametrize(("edition", "spellings"), [("", ["Kupiansk", "Купянськ", "Купянск"]),
                                                     ("uk/", ["Куп'янськ", "Kupiansk", "Купянск"])])
def test_every_spelling_of_a_name_finds_the_same_pages_on_either_edition(browser: Any, site_url: str,
                                                                        edition: str, spellings: list[str]) -> None:
    """Cyrillic and Latin spellings of a registry name are equal: each finds as many pages as the
    edition's own spelling, the same ones."""
    found = {}
    for query in spellings:
        with opened(browser, site_url + edition + "search/?q=" + query) as page:
            page.wait_for_selector("#search-app[data-search-ready]")
            page.wait_for_function("q => document.querySelector('.search-status').textContent.includes(q)", arg=query)
            while page.locator(".search-more").count():
                before = len(results(page))
                page.click(".search-more")
                page.wait_for_function(f"document.querySelectorAll('.search-result').length > {before}")
            found[query] = sorted(r["href"] for r in results(page))
    own = found[spellings[0]]
    assert len(own) > MAX_RESULTS // 2
    assert all(pages == own for pages in found.values()), {q: len(p) for q, p in found.items()}
