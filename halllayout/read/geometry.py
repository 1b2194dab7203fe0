"""Checks of a hall's geometry shared by the JSON and DXF readers: outline, doors, columns, keep-clear.

Each check returns what is wrong in words (the "expected ..., got ..." of a message), or None; the
reader adds where (field, layer) it found the thing.
"""

from __future__ import annotations

import itertools
import math
import re

import shapely

from halllayout.model import Point, Polygon

#: How far a door's centre may lie from the outline, and its ends past the wall it is on, in metres.
DOOR_TOLERANCE = 0.5
_VALIDITY_REASON = re.compile(r"(?P<what>.+)\[(?P<x>\S+) (?P<y>\S+)\]")


def polygon_problem(points: list[Point]) -> str | None:
    """Why `points` (at least 3, no point repeating the one before) are not a simple polygon, or None.

    >>> polygon_problem([(0, 0), (4, 0), (4, 3)]) is None
    True
    >>> polygon_problem([(0, 0), (4, 3), (4, 0), (0, 2)])
    'expected a simple polygon whose edges do not cross, got a self-intersection at [1.6, 1.2]'
    >>> polygon_problem([(0, 0), (2, 0), (4, 0)])
    'expected a polygon with positive area, got area 0'
    """
    shape = shapely.Polygon(points)
    if shape.area <= 0:
        return "expected a polygon with positive area, got area 0"
    reason = shapely.is_valid_reason(shape)
    if reason == "Valid Geometry":
        return None
    match = _VALIDITY_REASON.fullmatch(reason)
    where = f"{match['what'].lower()} at [{match['x']}, {match['y']}]" if match else reason
    return f"expected a simple polygon whose edges do not cross, got a {where}"


def counter_clockwise(points: list[Point]) -> Polygon:
    """The polygon counter-clockwise, from the same first point.

    >>> counter_clockwise([(0, 0), (0, 3), (4, 3), (4, 0)])
    ((0, 0), (4, 0), (4, 3), (0, 3))
    """
    if shapely.LinearRing(points).is_ccw:
        return tuple(points)
    return (points[0], *points[:0:-1])


def distance_off_wall(outline: shapely.Polygon, at: Point) -> float | None:
    """How far a door's centre lies from the outline where that is more than DOOR_TOLERANCE, else None."""
    off = float(outline.exterior.distance(shapely.Point(at)))
    return off if off > DOOR_TOLERANCE else None


def door_past_corner(outline: shapely.Polygon, at: Point, width: float) -> str | None:
    """Why a door centred on the outline at `at` does not fit on its wall, or None.

    The wall is the outline's edge nearest `at`; the door's ends may pass its corners by
    DOOR_TOLERANCE.

    >>> print(door_past_corner(shapely.box(0, 0, 40, 30), (1, 0), 6))
    expected a door that fits on its wall from [0, 0] to [40, 0] (1 m beside the centre on one side), \
got width 6
    >>> door_past_corner(shapely.box(0, 0, 40, 30), (20, 0), 6) is None
    True
    """
    ring = list(outline.exterior.coords)
    best: tuple[float, Point, Point] | None = None
    for start, end in itertools.pairwise(ring):
        off = float(shapely.LineString([start, end]).distance(shapely.Point(at)))
        if best is None or off < best[0]:
            best = (off, (start[0], start[1]), (end[0], end[1]))
    assert best is not None  # an outline has edges
    _, start, end = best
    length = math.dist(start, end)
    along = ((at[0] - start[0]) * (end[0] - start[0]) + (at[1] - start[1]) * (end[1] - start[1])) / length
    room = min(along, length - along)
    if width / 2 <= room + DOOR_TOLERANCE:
        return None
    return (
        f"expected a door that fits on its wall from {_point(start)} to {_point(end)} "
        f"({round(room, 2):g} m beside the centre on one side), got width {width:g}"
    )


def column_outside(outline: shapely.Polygon, at: Point, size: float) -> bool:
    """Whether a square column centred at `at` sticks out of the outline (touching the wall is inside)."""
    half = size / 2
    return not outline.covers(shapely.box(at[0] - half, at[1] - half, at[0] + half, at[1] + half))


def area_outside(outline: shapely.Polygon, polygon: Polygon) -> bool:
    """Whether a keep-clear polygon reaches outside the outline (along the wall is inside)."""
    return not outline.buffer(1e-9).covers(shapely.Polygon(polygon))


def _point(point: Point) -> str:
    return f"[{point[0]:g}, {point[1]:g}]"
