"""The walkable floor of a hall for the viewer: the outline less booths and columns, as polygons.

Coordinates are plan metres rounded to the millimetre; each polygon is {"outer": [[x, y], ...],
"holes": [[[x, y], ...], ...]}, outer rings counter-clockwise, holes clockwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely
from shapely import Polygon as ShapelyPolygon
from shapely.geometry.polygon import orient

from halllayout.model import Hall, PlacedBooth


def _ring(coords: Any) -> list[list[float]]:
    points = [[round(x, 3) + 0.0, round(y, 3) + 0.0] for x, y in coords]
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def walkable_area(hall: Hall, booths: Sequence[PlacedBooth]) -> list[dict[str, Any]]:
    """Floor a visitor can walk on: the hall outline minus every booth and column."""
    blocked = [shapely.box(b.x0, b.y0, b.x1, b.y1) for b in booths]
    blocked += [
        shapely.box(c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2)
        for c in hall.columns
    ]
    floor = ShapelyPolygon(hall.outline)
    if blocked:
        floor = shapely.difference(floor, shapely.union_all(blocked))
    pieces = [g for g in getattr(floor, "geoms", [floor]) if isinstance(g, ShapelyPolygon) and g.area > 1e-6]
    out = []
    for piece in sorted(pieces, key=lambda p: (-p.area, p.bounds)):
        oriented = orient(piece, 1.0)
        out.append(
            {
                "outer": _ring(oriented.exterior.coords),
                "holes": [_ring(h.coords) for h in oriented.interiors],
            }
        )
    return out
