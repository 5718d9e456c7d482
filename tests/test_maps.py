"""Maps: drawn at build time from the pinned Natural Earth data, readable on a phone, with a text
alternative, and making no request to another host."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from typing import Any

import pytest
import shapely

from briefing_site import maps, model, pipeline

from .browsing import DESKTOP, PHONE, opened
from .conftest import REPO, SEED

SVG = "{http://www.w3.org/2000/svg}"


def place(ident: str, name: str, lat: float | None, lon: float | None) -> model.Place:
    coordinates = None if lat is None or lon is None else model.Coordinates(lat=lat, lon=lon)
    return model.Place(id=ident, name=name, country="Ukraine", coordinates=coordinates)


KUPIANSK = place("kupiansk", "Kupiansk", 49.7106, 37.6156)
VOVCHANSK = place("vovchansk", "Vovchansk", 50.2906, 36.9414)


def drawn(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_a_map_has_a_dot_and_a_name_for_each_place_with_coordinates() -> None:
    svg = maps.svg([maps.Pin(KUPIANSK, "ukrainian", main=True), maps.Pin(VOVCHANSK, None),
                    maps.Pin(place("radkivka", "Radkivka", None, None), None)], "Map: Kupiansk")
    root = drawn(svg)
    dots = root.findall(f"{SVG}circle")
    assert [d.get("fill") for d in dots] == [maps.COLOURS["ukrainian"], maps.COLOURS[None]]
    assert float(dots[0].get("r", 0)) > float(dots[1].get("r", 0)), "the main place is not drawn larger"
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Kupiansk", "Vovchansk", "UKRAINE", "RUSSIA"} <= set(names) and "Radkivka" not in names
    assert root.find(f"{SVG}title").text == "Map: Kupiansk"
    assert len(root.findall(f"{SVG}path")) >= 2  # Ukraine and Russia, from the atlas


def test_every_dot_lies_inside_the_drawing() -> None:
    far = place("washington", "Washington", 38.9072, -77.0369)
    for pins in ([maps.Pin(KUPIANSK, None)], [maps.Pin(KUPIANSK, None), maps.Pin(far, None)],
                 [maps.Pin(KUPIANSK, "russian", main=True), maps.Pin(VOVCHANSK, None)]):
        for dot in drawn(maps.svg(pins, "Map")).findall(f"{SVG}circle"):
            assert 0 < float(dot.get("cx", -1)) < maps.WIDTH and 0 < float(dot.get("cy", -1)) < maps.HEIGHT


def test_a_map_stays_small_whatever_it_spans() -> None:
    """Clipped to its area and simplified to its scale: a city's map and one from Kyiv to
    Washington are both a few kilobytes, not the atlas's megabytes."""
    far = place("washington", "Washington", 38.9072, -77.0369)
    city = maps.svg([maps.Pin(KUPIANSK, None)], "Map")
    world = maps.svg([maps.Pin(KUPIANSK, None), maps.Pin(far, None)], "Map")
    assert len(city) < 20_000 and len(world) < 60_000, (len(city), len(world))


def test_names_are_escaped_and_nothing_is_loaded_from_elsewhere() -> None:
    hostile = place("x", '<script>alert(1)</script> & "Co"', 49.8, 37.7)
    svg = maps.svg([maps.Pin(hostile, None)], "Map: </title><script>alert(2)</script>")
    root = drawn(svg)  # well-formed XML: the names cannot open an element
    assert root.find(f"{SVG}script") is None and "<script" not in svg
    assert not re.search(r"(href|src)=", svg), "the map refers to something outside itself"


def test_crimea_is_drawn_with_ukraine() -> None:
    simferopol = shapely.Point(*maps.CRIMEA)
    atlas = maps.locate(REPO)
    assert maps._country(atlas, "Ukraine").contains(simferopol)
    assert not maps._country(atlas, "Russia").contains(simferopol)


def test_a_missing_atlas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(maps, "CHECKOUT", tmp_path)
    with pytest.raises(maps.MapDataMissing, match="npm install"):
        maps.locate(tmp_path)


@pytest.mark.slow
def test_place_and_briefing_pages_show_their_map_with_a_text_alternative(built_project: pipeline.Project) -> None:
    site = built_project.site
    assert (site / "places" / "kupiansk.svg").is_file() and (site / "briefings" / f"{SEED}.svg").is_file()
    for page, image in ((f"briefings/{SEED}/index.html", f"../{SEED}.svg"), ("places/kupiansk/index.html",
                                                                             "../kupiansk.svg")):
        html = unescape((site / page).read_text(encoding="utf-8"))
        figure = re.search(r'<figure class="place-map">(.*?)</figure>', html, re.S)
        assert figure, f"{page} has no map"
        assert f'src="{image}"' in figure.group(1) and 'alt="Map of the places listed below"' in figure.group(1)
        assert re.search(r"<li><strong>Kupiansk</strong> · 49\.7106° N, 37\.6156° E", figure.group(1)), page
        assert "openstreetmap.org/?mlat=49.7106&mlon=37.6156" in figure.group(1)


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_map_shows_and_fits_the_screen(browser: Any, site_url: str, width: int) -> None:
    with opened(browser, site_url + "places/kupiansk/", width) as page:
        # The map is loaded lazily: as a reader would, scroll to it, then give it time to arrive.
        page.locator(".place-map img").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.place-map img').complete", timeout=10_000)
        image = page.eval_on_selector(".place-map img", """img => ({loaded: img.complete && img.naturalWidth > 0,
            right: img.getBoundingClientRect().right, width: img.getBoundingClientRect().width})""")
        overflow = page.evaluate("document.scrollingElement.scrollWidth")
    assert image["loaded"], "the map did not load"
    assert image["right"] <= width and overflow <= width
    assert image["width"] >= min(300, width - 40), f"the map is {image['width']} px wide at {width} px"
