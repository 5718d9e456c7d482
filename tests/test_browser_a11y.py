"""axe-core (the npm package, injected by the test) finds no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest

from .browsing import AXE, DESKTOP, PHONE, opened
from .conftest import SEED

pytestmark = pytest.mark.browser

PAGES = ["", f"briefings/{SEED}/", "people/besedin/", "diplomacy/", "search/?q=Kupiansk"]


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
