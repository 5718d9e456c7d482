"""axe-core (the npm package, injected by the test) finds no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest

from .browsing import AXE, DESKTOP, PHONE, opened
from .conftest import SEED

pytestmark = pytest.mark.browser

PAGES = ["", f"briefings/{SEED}/", "people/besedin/", "places/kupiansk/", "diplomacy/", "search/?q=Kupiansk",
         f"uk/briefings/{SEED}/"]  # the Ukrainian edition: its English blocks' lang (axe: valid-lang) too


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'make test', which installs the npm test tools (axe-core)")
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""))


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(browser: Any, site_url: str, path: str, width: int) -> None:
    with opened(browser, site_url + path, width) as page:
        if path.startswith("search/"):
            page.wait_for_selector(".search-result")
        violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == [], "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in serious)


def _tab_through(page: Any, steps: int = 40) -> list[dict[str, Any]]:
    """Press Tab `steps` times from the top of the page; where focus lands each time."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
                    inDrawer: !!el.closest('.md-sidebar--primary'),
                    onScreen: box.right > 0 && box.left < window.innerWidth && box.width > 0};
        }"""))
    return seen


@pytest.mark.browser
def test_on_a_phone_focus_never_lands_on_the_closed_menu(browser: Any, site_url: str) -> None:
    with opened(browser, site_url + f"briefings/{SEED}/", PHONE) as page:
        seen = _tab_through(page)
    assert [s for s in seen if s["inDrawer"] or not s["onScreen"]] == []
    assert any(s["tag"] == "A" for s in seen)  # focus did move through the page


@pytest.mark.browser
def test_on_a_phone_the_menu_opens_from_the_keyboard_and_its_links_take_focus(browser: Any, site_url: str) -> None:
    """A tab walk at 375 px: Tab reaches the menu button, Enter opens the navigation, and Tab then
    walks its links, on screen."""
    with opened(browser, site_url + f"briefings/{SEED}/", PHONE) as page:
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "LABEL":
                break
        else:
            pytest.fail("Tab never reaches the menu button")
        name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        page.keyboard.press("Enter")
        expanded = page.evaluate("document.activeElement.getAttribute('aria-expanded')")
        after = []
        for _ in range(8):
            page.keyboard.press("Tab")
            after.append(page.evaluate("""() => {
                const el = document.activeElement, box = el.getBoundingClientRect();
                return {tag: el.tagName, inDrawer: !!el.closest('.md-sidebar--primary'),
                        onScreen: box.right > 0 && box.left < window.innerWidth && box.width > 0};
            }"""))
    assert name and expanded == "true"
    assert any(s["tag"] == "A" and s["inDrawer"] and s["onScreen"] for s in after), after


@pytest.mark.browser
def test_the_header_search_box_shows_keyboard_focus(browser: Any, site_url: str) -> None:
    with opened(browser, site_url, DESKTOP) as page:
        box = page.locator(".site-search input")
        before = box.evaluate("el => getComputedStyle(el).outlineStyle")
        page.evaluate("document.activeElement && document.activeElement.blur()")
        for _ in range(30):  # reach it by keyboard, so that :focus-visible applies
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.site-search input')"):
                break
        style = box.evaluate("el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]")
    assert before == "none" and style[0] != "none" and style[1] != "0px"


@pytest.mark.browser
def test_the_search_page_has_one_search_form_and_a_search_takes_focus_to_the_results(browser: Any,
                                                                                      site_url: str) -> None:
    with opened(browser, site_url + "search/", DESKTOP) as page:
        assert page.locator("form[role=search]").count() == 1
        page.wait_for_selector("#search-app[data-search-ready]")
        page.fill("#search-input", "Kupiansk")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.closest('.search-results') !== null")
    with opened(browser, site_url + "search/?q=Besedin", DESKTOP) as page:  # arriving from the header box
        page.wait_for_function("document.activeElement.closest('.search-results') !== null")
