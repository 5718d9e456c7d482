"""Maps drawn at build time: the places of a briefing or around a place, as a small SVG file.

The base map is Natural Earth's 1:10m country boundaries, as the `world-atlas` package of the
npm registry ships them (TopoJSON, pinned in package.json). Each map is clipped to the area it
shows and simplified to its scale, so a map of one city and a map spanning continents both stay
a few kilobytes; nothing is fetched when a reader opens a page. Places are dots coloured by
who controls them by the editors' assessment (the legend and the list under the map say the
same in words), each labelled with its name.

The SVG is written by this module from numbers and from names escaped for XML; a reader's
browser shows it through <img>, which runs no script an SVG might carry.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from . import i18n, model
from .i18n import N_
from .problems import UsageError

# The pinned base map, from the npm package in package.json: under the project's node_modules
# (installed by `make`), else under this generator's checkout.
ATLAS = Path("node_modules") / "world-atlas" / "countries-10m.json"
CHECKOUT = Path(__file__).resolve().parent.parent
ATLAS_CREDIT = "Natural Earth (public domain), via world-atlas 2.0.2"
WIDTH, HEIGHT = 400, 300  # the drawing's own units; it scales to the width of the page
MIN_SPAN = 1.2  # degrees of latitude a map shows at least (about 130 km): a city with its surroundings
FONT = 13
COLOURS = {  # control status → dot colour; also in briefing.css for the legend
    "ukrainian": "#1f5fae", "russian": "#b3261e", "contested": "#c77700", "grey-zone": "#6b6b6b",
    "unknown": "#ffffff", None: "#ffffff",
}


class MapDataMissing(UsageError):
    """The base map's package is not installed."""


def locate(root: Path) -> Path:
    """Where the base map is for the project at `root`."""
    candidates = [root / ATLAS, CHECKOUT / ATLAS]
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        raise MapDataMissing(f"the maps' base map is missing ({candidates[0]}): run 'npm install' in the project "
                             "(or 'make site'), which installs the world-atlas package pinned in package.json")
    return found


@dataclass(frozen=True)
class Pin:
    place: model.Place
    status: str | None  # a model.ControlStatus value, or None: no assessment
    main: bool = False  # the place the map is about (drawn larger)


@dataclass(frozen=True)
class Area:
    """What a map shows: a box in degrees."""

    west: float
    south: float
    east: float
    north: float

    @staticmethod
    def around(pins: list[Pin], centre: model.Coordinates | None = None) -> Area:
        """The box that shows every pin with room for its label, centred on `centre` if given."""
        lats = [p.place.coordinates.lat for p in pins if p.place.coordinates]
        lons = [p.place.coordinates.lon for p in pins if p.place.coordinates]
        # Across the antimeridian, 179.99° and -179.99° are 2 km apart, not 360°: every longitude
        # is taken within half a turn of the centre (or of the first place).
        reference = centre.lon if centre is not None else lons[0]
        lons = [_near(lon, reference) for lon in lons]
        if centre is not None:  # symmetric about the centre
            lats += [2 * centre.lat - lat for lat in lats]
            lons += [2 * centre.lon - lon for lon in lons]
        mid_lat, mid_lon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
        squeeze = max(math.cos(math.radians(mid_lat)), 0.2)
        # Room for the labels: a fifth more than the pins need on each side, at least MIN_SPAN.
        span_lat = max((max(lats) - min(lats)) * 1.4, MIN_SPAN)
        span_lon = max((max(lons) - min(lons)) * 1.4 + 1.0 / squeeze, span_lat * WIDTH / HEIGHT / squeeze)
        span_lat = max(span_lat, span_lon * squeeze * HEIGHT / WIDTH)
        span_lat, span_lon = min(span_lat, 170.0), min(span_lon, 360.0)
        return Area(mid_lon - span_lon / 2, mid_lat - span_lat / 2, mid_lon + span_lon / 2, mid_lat + span_lat / 2)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Degrees → the drawing's units (an equirectangular projection of the box)."""
        return ((lon - self.west) / (self.east - self.west) * WIDTH,
                (self.north - lat) / (self.north - self.south) * HEIGHT)

    def place(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a place is drawn: its longitude taken within half a turn of the box's middle."""
        return self.point(_near(lon, (self.west + self.east) / 2), lat)


def _near(lon: float, reference: float) -> float:
    """`lon`, or the same meridian a whole turn east or west, whichever is nearest `reference`."""
    return reference + (lon - reference + 180.0) % 360.0 - 180.0


def svg(pins: list[Pin], title: str, atlas: Path | None = None, language: i18n.Language | None = None) -> str:
    """The map of `pins` (those with coordinates), titled `title` for assistive technology, on the
    base map at `atlas` (found from the working folder if not given), its countries and scale in
    `language`'s words (English if not given)."""
    language = language or i18n.english()
    atlas = atlas or locate(Path.cwd())
    shown = [p for p in pins if p.place.coordinates]
    if not shown:
        raise ValueError("a map needs at least one place with coordinates")
    mains = [p for p in shown if p.main]
    area = Area.around(shown, mains[0].place.coordinates if len(mains) == 1 and len(shown) > 1 else None)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'font-family="sans-serif" font-size="{FONT}"><title>{escape(title)}</title>',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dbe8f3"/>']
    drawn, labels = _countries(atlas, area)
    parts.append(drawn)
    for x, y, name in labels:  # the base map names countries in English: the interface's words for them
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="#666" font-size="{FONT + 1}" '
                     f'letter-spacing="2">{escape(language.gettext(name).upper())}</text>')
    taken: list[tuple[float, float, float, float]] = []
    for pin in sorted(shown, key=lambda p: not p.main):
        assert pin.place.coordinates is not None
        x, y = area.place(pin.place.coordinates.lon, pin.place.coordinates.lat)
        radius = 6 if pin.main else 4.5
        taken.append((x - radius, y - radius, x + radius, y + radius))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{COLOURS.get(pin.status, "#fff")}" '
                     f'stroke="#1f1f1f" stroke-width="1.5"/>')
    for pin in sorted(shown, key=lambda p: not p.main):
        assert pin.place.coordinates is not None
        x, y = area.place(pin.place.coordinates.lon, pin.place.coordinates.lat)
        parts.append(_label(x, y, pin.place.name, bold=pin.main, taken=taken))
    parts.append(_scale_bar(area, language))
    parts.append("</svg>")
    return "".join(parts) + "\n"


# The same box is drawn for several maps (each language's copy of a page's map; briefings on the
# same places): its countries are clipped and simplified once per build.
@functools.lru_cache(maxsize=1024)
def _countries(atlas: Path, area: Area) -> tuple[str, tuple[tuple[float, float, str], ...]]:
    """The countries in `area`, drawn, and where to name those that fill enough of it (x, y, name)."""
    import shapely

    tolerance = (area.north - area.south) / HEIGHT  # a drawing unit: finer detail cannot show
    frame = shapely.box(area.west, area.south, area.east, area.north)
    parts: list[str] = []
    labels: list[tuple[float, float, str]] = []
    for name, shape in _countries_in(atlas, area, tolerance):
        fill = "#f7f3e8" if name == "Ukraine" else "#e4e4e0"
        parts.append(f'<path d="{_path(shape, area)}" fill="{fill}" stroke="#8a8a8a" stroke-width="0.8"/>')
        visible = shape.intersection(frame)
        if visible.area > (area.east - area.west) * (area.north - area.south) * 0.08:
            spot = visible.representative_point()
            labels.append((*area.point(spot.x, spot.y), name))
    return "".join(parts), tuple(labels)


def _label(x: float, y: float, name: str, *, bold: bool, taken: list[tuple[float, float, float, float]]) -> str:
    """A place's name beside its dot, on the first side where it overlaps no other label or dot."""
    width, height = len(name) * FONT * 0.6 + 4, FONT + 2
    options = [(x + 9, y + FONT * 0.35, "start"), (x - 9, y + FONT * 0.35, "end"),
               (x, y - 10, "middle"), (x, y + FONT + 8, "middle")]
    chosen = options[0]
    for lx, ly, anchor in options:
        left = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
        box = (left, ly - FONT, left + width, ly - FONT + height)
        inside = box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT
        if inside and not any(_overlap(box, other) for other in taken):
            chosen = (lx, ly, anchor)
            taken.append(box)
            break
    lx, ly, anchor = chosen
    weight = ' font-weight="700"' if bold else ""
    # A white halo under the name keeps it legible over borders: drawn as its own text beneath,
    # since not every renderer (WeasyPrint, for the PDFs) knows paint-order.
    where = f'x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}"{weight}'
    return (f'<text {where} fill="#fff" stroke="#fff" stroke-width="3" stroke-linejoin="round">{escape(name)}</text>'
            f'<text {where} fill="#1f1f1f">{escape(name)}</text>')


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _scale_bar(area: Area, language: i18n.Language) -> str:
    """A bar of a round number of kilometres, about a fifth of the map's width, bottom left."""
    mid_lat = (area.north + area.south) / 2
    km_per_unit = (area.east - area.west) * 111.32 * math.cos(math.radians(mid_lat)) / WIDTH
    target = km_per_unit * WIDTH / 5
    step = 10 ** math.floor(math.log10(target)) if target > 0 else 1
    km = max((s * step for s in (1, 2, 5) if s * step <= target), default=step)
    length = km / km_per_unit
    x, y = 12, HEIGHT - 14
    label = language.gettext(N_("%(num)s km")) % {"num": language.number(f"{km:,.0f}")}
    return (f'<g><rect x="{x - 4}" y="{y - 16}" width="{length + 8 + len(label) * FONT * 0.6}" height="22" '
            f'fill="#fff" fill-opacity="0.8"/><line x1="{x}" y1="{y}" x2="{x + length:.1f}" y2="{y}" '
            f'stroke="#1f1f1f" stroke-width="2"/><text x="{x + length + 4:.1f}" y="{y + 4}" '
            f'font-size="{FONT - 1}">{escape(label)}</text></g>')


def _path(shape: Any, area: Area) -> str:
    """SVG path data of a (multi)polygon, in the drawing's units."""
    polygons = getattr(shape, "geoms", [shape])
    commands = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            # Whole drawing units (a pixel or so on a screen): half the bytes of one decimal place.
            points: list[tuple[int, int]] = []
            for x, y in ring.coords:
                point = (round(area.point(x, y)[0]), round(area.point(x, y)[1]))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 4:
                commands.append("M" + "L".join(f"{x},{y}" for x, y in points[:-1]) + "Z")
    return "".join(commands)


def _countries_in(atlas: Path, area: Area, tolerance: float) -> list[tuple[str, Any]]:
    """The countries in `area`, clipped and simplified. A box across the antimeridian (west of
    -180° or east of 180°) also takes what lies a whole turn away, moved beside the rest."""
    import shapely
    import shapely.affinity

    found: dict[str, list[Any]] = {}
    for turn in (-360.0, 0.0, 360.0):
        west, east = area.west - turn, area.east - turn
        if east < -180 or west > 200:  # the atlas spans -180° to about 190° (Chukotka, drawn in one piece)
            continue
        box = shapely.box(west, area.south, east, area.north)
        for name, bounds in _atlas(atlas).bounds.items():
            if bounds[0] > east or bounds[2] < west or bounds[1] > area.north or bounds[3] < area.south:
                continue
            shape = _country(atlas, name)
            if not shape.intersects(box):
                continue
            # A margin beyond the frame, so no clipped edge shows as a border along the map's sides.
            clipped = shapely.clip_by_rect(shape, west - 1, area.south - 1, east + 1, area.north + 1)
            clipped = clipped.simplify(tolerance, preserve_topology=True)
            # Islets smaller than a few drawing units would be specks: left out (at a continent's
            # scale, thousands of them were most of the file).
            polygons = [g for g in getattr(clipped, "geoms", [clipped])
                        if g.geom_type in {"Polygon", "MultiPolygon"} and g.area >= 4 * tolerance * tolerance]
            if polygons and not clipped.is_empty:
                found.setdefault(name, []).append(shapely.affinity.translate(shapely.union_all(polygons), xoff=turn))
    return [(name, shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)) for name, shapes in found.items()]


@dataclass(frozen=True)
class _Atlas:
    arcs: list[Any]  # numpy arrays of (lon, lat)
    polygons: dict[str, list[list[list[int]]]]  # country → its polygons → their rings → arc indexes
    bounds: dict[str, tuple[float, float, float, float]]  # country → (west, south, east, north)


# Natural Earth draws Crimea with Russia (its lines are de facto); the maps show internationally
# recognised borders, so the polygon holding this point (Simferopol) is drawn with Ukraine.
CRIMEA = (34.10, 44.95)


@functools.lru_cache(maxsize=2)
def _atlas(path: Path) -> _Atlas:
    """The atlas's arcs, decoded once (TopoJSON: delta-encoded, quantised), and each country's
    rings and bounding box; a country's shape is only built when a map reaches it."""
    import numpy

    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MapDataMissing(f"cannot read the maps' base map {path}: {err}; run 'npm install' again") from None
    scale, translate = numpy.array(topology["transform"]["scale"]), numpy.array(topology["transform"]["translate"])
    arcs = [numpy.cumsum(numpy.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]
    lows = [arc.min(axis=0) for arc in arcs]
    highs = [arc.max(axis=0) for arc in arcs]
    polygons: dict[str, list[list[list[int]]]] = {}
    bounds: dict[str, tuple[float, float, float, float]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind, name = geometry.get("type"), str(geometry.get("properties", {}).get("name", ""))
        parts = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
        if not parts:
            continue
        used = [i if i >= 0 else ~i for rings in parts for ring in rings for i in ring]
        low, high = numpy.min([lows[i] for i in used], axis=0), numpy.max([highs[i] for i in used], axis=0)
        polygons[name] = parts
        bounds[name] = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))
    return _Atlas(arcs, polygons, bounds)


@functools.cache  # about 250 countries at most
def _country(path: Path, name: str) -> Any:
    import shapely

    atlas = _atlas(path)
    shapes = [_polygon(atlas, rings) for rings in atlas.polygons.get(name, [])]
    if name in {"Ukraine", "Russia"}:  # see CRIMEA
        crimea = [_polygon(atlas, rings) for rings in atlas.polygons.get("Russia", [])]
        crimea = [s for s in crimea if s is not None and s.contains(shapely.Point(*CRIMEA))]
        shapes = [s for s in shapes if s is not None and not s.contains(shapely.Point(*CRIMEA))]
        if name == "Ukraine":
            shapes += crimea
    valid = [s if s.is_valid else shapely.make_valid(s) for s in shapes if s is not None]
    return shapely.union_all(valid) if valid else shapely.Polygon()


def _polygon(atlas: _Atlas, rings: list[list[int]]) -> Any:
    """One polygon from its rings of arcs; None for an islet that quantisation reduced to a point."""
    import shapely

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[Any] = []
        for i in indexes:
            arc = atlas.arcs[i] if i >= 0 else atlas.arcs[~i][::-1]
            points.extend(arc.tolist() if not points else arc[1:].tolist())
        return points

    outer = ring(rings[0])
    if any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(outer)):
        # A ring across the antimeridian (Russia's Chukotka): drawn east of 180° in one piece,
        # instead of with an edge around the whole world.
        shifted = [[(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring(r)] for r in rings]
        return shapely.Polygon(shifted[0], [h for h in shifted[1:] if len(h) >= 4])
    if len(outer) < 4:
        return None
    return shapely.Polygon(outer, [h for h in map(ring, rings[1:]) if len(h) >= 4])
