"""The floor a hall offers to booths: its outline less perimeter, main and cross aisles, columns,
keep-clear areas and the clear space in front of exits.

Units are metres, plan x east / y north. Booth rows run east-west, so main aisles from doors in the
south or north wall run north-south across the hall, and those from east or west doors run east-west.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shapely import Polygon as ShapelyPolygon
from shapely import box, unary_union
from shapely.geometry.base import BaseGeometry

from halllayout.model import Door, Hall, Point

#: Longest run of booths along a row before a secondary cross aisle must break it (metres).
MAX_ROW_LENGTH = 30.0
#: Depth of the clear area kept in front of every exit (metres), as fire codes ask.
EXIT_CLEAR_DEPTH = 4.0


@dataclass(frozen=True)
class Floor:
    """What booths may occupy in one hall.

    `usable` is the buildable area; `bands` the y ranges [y0, y1] between east-west aisles (the
    perimeter aisles and main aisles from east or west doors), in which double rows are stacked.
    """

    usable: BaseGeometry
    bands: tuple[tuple[float, float], ...]


def inward_normal(outline: tuple[Point, ...], door: Door) -> tuple[float, float]:
    """Unit vector pointing into the hall from the outline edge nearest to `door.at`.

    The outline is counter-clockwise, so the inside lies to the left of each edge.
    """
    px, py = door.at
    best: tuple[float, tuple[float, float]] | None = None
    for (ax, ay), (bx, by) in zip(outline, outline[1:] + outline[:1], strict=True):
        ex, ey = bx - ax, by - ay
        length_sq = ex * ex + ey * ey
        if length_sq == 0:
            continue
        t = min(1.0, max(0.0, ((px - ax) * ex + (py - ay) * ey) / length_sq))
        distance = math.hypot(ax + t * ex - px, ay + t * ey - py)
        if best is None or distance < best[0]:
            length = math.sqrt(length_sq)
            best = (distance, (-ey / length, ex / length))
    if best is None:
        raise ValueError("outline has no edge of positive length")
    return best[1]


def _runs_north_south(hall: Hall, door: Door) -> bool:
    """Whether the main aisle from `door` runs north-south (the door is in a south or north wall)."""
    nx, ny = inward_normal(hall.outline, door)
    return abs(ny) >= abs(nx)


def _main_aisle(hall: Hall, door: Door) -> BaseGeometry:
    """The main aisle from an entrance straight across the hall, at least as wide as the door."""
    minx, miny, maxx, maxy = ShapelyPolygon(hall.outline).bounds
    half = max(hall.main_aisle, door.width) / 2
    x, y = door.at
    if _runs_north_south(hall, door):
        return box(x - half, miny, x + half, maxy)
    return box(minx, y - half, maxx, y + half)


def _exit_clear_area(hall: Hall, door: Door) -> BaseGeometry:
    """The rectangle in front of a door, its width wide and EXIT_CLEAR_DEPTH deep, kept free."""
    nx, ny = inward_normal(hall.outline, door)
    tx, ty = -ny, nx
    x, y = door.at
    half = door.width / 2
    corners = [
        (x + tx * half, y + ty * half),
        (x - tx * half, y - ty * half),
        (x - tx * half + nx * EXIT_CLEAR_DEPTH, y - ty * half + ny * EXIT_CLEAR_DEPTH),
        (x + tx * half + nx * EXIT_CLEAR_DEPTH, y + ty * half + ny * EXIT_CLEAR_DEPTH),
    ]
    return ShapelyPolygon(corners)


def _cross_aisles(x0: float, x1: float, width: float, y0: float, y1: float) -> list[BaseGeometry]:
    """Secondary cross aisles splitting the span [x0, x1] into runs no longer than MAX_ROW_LENGTH."""
    length = x1 - x0
    if length <= MAX_ROW_LENGTH:
        return []
    count = math.ceil((length + width) / (MAX_ROW_LENGTH + width)) - 1
    run = (length - count * width) / (count + 1)
    return [box(x0 + (i + 1) * run + i * width, y0, x0 + (i + 1) * (run + width), y1) for i in range(count)]


def _spans(start: float, stop: float, cuts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """[start, stop] less the intervals in `cuts`, as sorted disjoint intervals."""
    spans: list[tuple[float, float]] = []
    cursor = start
    for a, b in sorted(cuts):
        if a > cursor:
            spans.append((cursor, min(a, stop)))
        cursor = max(cursor, b)
        if cursor >= stop:
            break
    if cursor < stop:
        spans.append((cursor, stop))
    return [(a, b) for a, b in spans if b - a > 1e-9]


def hall_floor(hall: Hall) -> Floor:
    """The usable floor of `hall`: inside a perimeter aisle of the secondary width, off every aisle."""
    outline = ShapelyPolygon(hall.outline)
    minx, miny, maxx, maxy = outline.bounds
    perimeter = hall.secondary_aisle
    inner = outline.buffer(-perimeter, join_style="mitre")

    main_aisles = [_main_aisle(hall, door) for door in hall.entrances]
    north_south = [a for a, d in zip(main_aisles, hall.entrances, strict=True) if _runs_north_south(hall, d)]
    east_west = [
        a for a, d in zip(main_aisles, hall.entrances, strict=True) if not _runs_north_south(hall, d)
    ]

    x_cuts = [(a.bounds[0], a.bounds[2]) for a in north_south]
    cross = [
        aisle
        for a, b in _spans(minx + perimeter, maxx - perimeter, x_cuts)
        for aisle in _cross_aisles(a, b, hall.secondary_aisle, miny, maxy)
    ]
    blocked = [
        *main_aisles,
        *cross,
        *(_exit_clear_area(hall, door) for door in (*hall.entrances, *hall.exits)),
        *(
            box(c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2)
            for c in hall.columns
        ),
        *(ShapelyPolygon(p) for p in hall.keep_clear),
    ]
    usable = inner.difference(unary_union(blocked)) if blocked else inner
    y_cuts = [(a.bounds[1], a.bounds[3]) for a in east_west]
    bands = tuple(_spans(miny + perimeter, maxy - perimeter, y_cuts))
    return Floor(usable=usable, bands=bands)


def free_intervals(floor: Floor, y0: float, y1: float) -> list[tuple[float, float]]:
    """The x intervals over which the whole strip y0..y1 is usable floor, sorted west to east.

    Conservative and exact for the rectilinear obstacles a hall has: any x outside the x-extent of
    every blocked piece of the strip has its full height free.
    """
    if floor.usable.is_empty:
        return []
    minx, _, maxx, _ = floor.usable.bounds
    strip = box(minx, y0, maxx, y1)
    blocked = strip.difference(floor.usable)
    pieces = getattr(blocked, "geoms", [blocked])
    cuts = [(g.bounds[0], g.bounds[2]) for g in pieces if not g.is_empty and g.area > 1e-9]
    return _spans(minx, maxx, cuts)
