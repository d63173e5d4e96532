"""A map of the communes of Nord and Pas-de-Calais drawn on the server as SVG, from the project's
own gazetteer (data/communes) — no tile server, nothing fetched.

The gazetteer holds each commune's centre, not its boundary: each commune is drawn as the area
closer to its centre than to any other (a Voronoi cell), cut to a few kilometres around the
centre at the coast and the borders. The shapes are approximate; the positions are right.

Build a map with :func:`commune_map` from counts per INSEE code, pass it to the template, and call
``{% from "_map.html" import commune_map %}{{ commune_map(map) }}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np
from scipy.spatial import Voronoi

from stirrup.geography import Commune, gazetteer

#: Projection: kilometres east and south of the region's north-west corner, in tenths (SVG units).
WEST, NORTH, MID_LATITUDE = 1.50, 51.12, 50.5
KM_PER_DEGREE = 111.2
UNIT = 10  # SVG units per km
#: How far a commune's cell may reach from its centre where no neighbour bounds it (coast, border).
REACH_KM = 5.0
#: The smallest area a map zooms to, in km, so that one commune is not drawn full-screen.
MIN_SPAN_KM = 30.0


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """SVG coordinates of a point (equirectangular at the region's latitude: fine at this size)."""
    x = (longitude - WEST) * KM_PER_DEGREE * math.cos(math.radians(MID_LATITUDE))
    y = (NORTH - latitude) * KM_PER_DEGREE
    return x * UNIT, y * UNIT


def regional_communes() -> list[Commune]:
    return [c for c in gazetteer().communes if c.insee_code and c.postal_codes]


def _clip(
    polygon: list[tuple[float, float]], clipper: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: ``polygon`` cut to the convex, counter-clockwise ``clipper``."""

    def inside(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
        return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0

    def crossing(p, q, a, b):  # type: ignore[no-untyped-def]
        dx, dy = q[0] - p[0], q[1] - p[1]
        ex, ey = b[0] - a[0], b[1] - a[1]
        t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / (dx * ey - dy * ex)
        return (p[0] + t * dx, p[1] + t * dy)

    result = polygon
    for a, b in zip(clipper, clipper[1:] + clipper[:1], strict=True):
        points, result = result, []
        for p, q in zip(points, points[1:] + points[:1], strict=True):
            if inside(q, a, b):
                if not inside(p, a, b):
                    result.append(crossing(p, q, a, b))
                result.append(q)
            elif inside(p, a, b):
                result.append(crossing(p, q, a, b))
        if not result:
            break
    return result


def _circle(x: float, y: float, radius: float, sides: int = 16) -> list[tuple[float, float]]:
    return [
        (x + radius * math.cos(2 * math.pi * i / sides), y + radius * math.sin(2 * math.pi * i / sides))
        for i in range(sides)
    ]


def _path(points: list[tuple[float, float]]) -> str:
    """A closed SVG path with relative moves in whole units: small enough to inline 1,500 of them."""
    rounded = [(round(x), round(y)) for x, y in points]
    first = rounded[0]
    steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in pairwise(rounded)]
    return f"M{first[0]} {first[1]}l" + " ".join(steps) + "z"


@dataclass(frozen=True)
class Cell:
    insee_code: str
    name: str
    departement: str
    path: str


@cache
def cells() -> tuple[Cell, ...]:
    """Every commune's cell, computed once per process (a few tens of milliseconds)."""
    communes = regional_communes()
    sites = np.array([project(c.latitude, c.longitude) for c in communes])
    far = 10_000.0  # four distant sites close every real cell
    frame = np.array([[-far, -far], [far * 3, -far], [far * 3, far * 3], [-far, far * 3]])
    diagram = Voronoi(np.vstack([sites, frame]))
    found = []
    for index, commune in enumerate(communes):
        region = diagram.regions[diagram.point_region[index]]
        polygon = [tuple(diagram.vertices[v]) for v in region if v >= 0]
        x, y = sites[index]
        polygon = _counter_clockwise(polygon, x, y)
        clipped = _clip(polygon, _circle(x, y, REACH_KM * UNIT))
        if len(clipped) >= 3:
            code = commune.insee_code or ""
            found.append(Cell(code, commune.name, code[:2], _path(clipped)))
    return tuple(found)


def _counter_clockwise(polygon: list[tuple[float, float]], x: float, y: float) -> list[tuple[float, float]]:
    """The cell's vertices ordered around its site (SVG's y points down: 'counter-clockwise' as
    drawn on screen is clockwise in the maths, which is what the clip test expects)."""
    return sorted(polygon, key=lambda p: math.atan2(p[1] - y, p[0] - x))


@dataclass(frozen=True)
class Marker:
    insee_code: str
    name: str
    count: int
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class Link:
    count: int
    x1: float
    y1: float
    x2: float
    y2: float
    title: str


@dataclass(frozen=True)
class CommuneMap:
    title: str
    description: str
    view_box: str
    text_size: float
    homes: list[Marker]
    anchors: list[Marker]
    placements: list[Link]
    landmarks: list[Label]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return cells()


def _markers(counts: Mapping[str, int], shift: float, scale: float) -> list[Marker]:
    """A disc per commune, its area growing with the count, its size a share of the map's width."""
    found = []
    for code, number in sorted(counts.items()):
        commune = gazetteer().by_insee(code)
        if commune is None or number <= 0:
            continue
        x, y = project(commune.latitude, commune.longitude)
        found.append(
            Marker(code, commune.name, number, x + shift, y, scale * (1 + 0.5 * math.sqrt(number - 1)))
        )
    return found


def _view_box(points: list[tuple[float, float]], whole: bool) -> tuple[float, float, float, float]:
    """The area to show: the points with a margin (at least MIN_SPAN_KM across), or everything."""
    chosen = (
        points if points and not whole else [project(c.latitude, c.longitude) for c in regional_communes()]
    )
    xs, ys = [p[0] for p in chosen], [p[1] for p in chosen]
    margin = 5 * UNIT
    width = max(max(xs) - min(xs) + 2 * margin, MIN_SPAN_KM * UNIT)
    height = max(max(ys) - min(ys) + 2 * margin, MIN_SPAN_KM * UNIT * 0.7)
    return (min(xs) + max(xs) - width) / 2, (min(ys) + max(ys) - height) / 2, width, height


#: Communes named on the map, when in view, to find one's way (the largest towns).
LANDMARKS = (
    # Lille, Roubaix, Tourcoing, Villeneuve-d'Ascq, Wattrelos, Armentières, Marcq-en-Barœul
    "59350", "59512", "59599", "59009", "59650", "59017", "59378",
    # Dunkerque, Douai, Valenciennes, Cambrai, Maubeuge
    "59183", "59178", "59606", "59122", "59392",
    # Arras, Calais, Boulogne-sur-Mer, Béthune, Lens, Saint-Omer
    "62041", "62193", "62160", "62119", "62498", "62765",
)  # fmt: skip


@dataclass(frozen=True)
class Label:
    name: str
    x: float
    y: float


def _landmarks(box: tuple[float, float, float, float]) -> list[Label]:
    x0, y0, width, height = box
    found = []
    for code in LANDMARKS:
        commune = gazetteer().by_insee(code)
        if commune is None:
            continue
        x, y = project(commune.latitude, commune.longitude)
        if x0 < x < x0 + width and y0 < y < y0 + height:
            found.append(Label(commune.name, x, y))
    return found


def commune_map(
    title: str,
    description: str,
    homes: Mapping[str, int],
    anchors: Mapping[str, int],
    placements: Mapping[tuple[str, str], int],
    link_title: Callable[[str, str, int], str],
    whole: bool = False,
) -> CommuneMap:
    """Homes and households' anchors counted per commune (INSEE code), placements as lines from
    the home's commune to the anchor's (``link_title(home, anchor, count)`` says each in words);
    zoomed on them unless ``whole``."""
    located = [
        project(c.latitude, c.longitude) for code in {*homes, *anchors} if (c := gazetteer().by_insee(code))
    ]
    box = _view_box(located, whole)
    scale = box[2] * 0.01  # the smallest disc: 1 % of the map's width
    home_markers = _markers(homes, -scale, scale)
    anchor_markers = _markers(anchors, scale, scale)
    links = []
    for (home_code, anchor_code), number in sorted(placements.items()):
        home, anchor = gazetteer().by_insee(home_code), gazetteer().by_insee(anchor_code)
        if home is None or anchor is None:
            continue
        (x1, y1), (x2, y2) = (
            project(home.latitude, home.longitude),
            project(anchor.latitude, anchor.longitude),
        )
        links.append(Link(number, x1, y1, x2, y2, link_title(home.name, anchor.name, number)))
    return CommuneMap(
        title,
        description,
        " ".join(f"{value:.0f}" for value in box),
        box[2] / 60,
        home_markers,
        anchor_markers,
        links,
        _landmarks(box),
    )
