"""Doors and the hall wall: which way is in, and the clear area kept in front of every door."""

from __future__ import annotations

import math

from shapely import Polygon as ShapelyPolygon
from shapely.geometry.base import BaseGeometry

from halllayout.model import Door, Hall, Point

#: Depth of the clear area kept in front of every exit (metres), as fire codes ask.
EXIT_CLEAR_DEPTH = 4.0


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


def exit_clear_area(hall: Hall, door: Door, depth: float = EXIT_CLEAR_DEPTH) -> BaseGeometry:
    """The rectangle in front of a door, its width wide and `depth` deep, kept free."""
    nx, ny = inward_normal(hall.outline, door)
    tx, ty = -ny, nx
    x, y = door.at
    half = door.width / 2
    corners = [
        (x + tx * half, y + ty * half),
        (x - tx * half, y - ty * half),
        (x - tx * half + nx * depth, y - ty * half + ny * depth),
        (x + tx * half + nx * depth, y + ty * half + ny * depth),
    ]
    return ShapelyPolygon(corners)
