"""Booths placed so far in one hall, with a grid index to find their neighbours quickly."""

from __future__ import annotations

import math
from dataclasses import dataclass

from halllayout.model import BoothRequest, Side

EPSILON = 1e-6


@dataclass(frozen=True)
class Spot:
    """A booth placed on the plan: rectangle [x0, x1] × [y0, y1], the side it faces, and the run it is in.

    `order` is the order of placement, which numbering uses to order the aisles.
    """

    request: BoothRequest
    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    run: int
    order: int


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether rectangles `a` and `b` (x0, y0, x1, y1) share area, not only an edge.

    >>> overlaps((0, 0, 3, 3), (2, 2, 5, 5)), overlaps((0, 0, 3, 3), (3, 0, 6, 3))
    (True, False)
    """
    return a[0] < b[2] - EPSILON and b[0] < a[2] - EPSILON and a[1] < b[3] - EPSILON and b[1] < a[3] - EPSILON


def within(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether rectangle `a` (x0, y0, x1, y1) lies wholly inside rectangle `b`.

    >>> within((1, 1, 2, 3), (0, 0, 3, 3)), within((1, 1, 4, 3), (0, 0, 3, 3))
    (True, False)
    """
    return (
        b[0] <= a[0] + EPSILON
        and b[1] <= a[1] + EPSILON
        and a[2] <= b[2] + EPSILON
        and a[3] <= b[3] + EPSILON
    )


def neighbours(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float], reach: float
) -> bool:
    """Whether rectangles `a` and `b` touch along an edge or face each other across a gap ≤ `reach`.

    Facing needs a positive overlap of their extents on the other axis: side by side, back to back or
    across an aisle.

    >>> neighbours((0, 0, 3, 3), (3, 0, 6, 3), 6)
    True
    >>> neighbours((0, 0, 3, 3), (0, 9, 3, 12), 6)
    True
    >>> neighbours((0, 0, 3, 3), (4, 4, 6, 6), 6)
    False
    """
    overlap_x = min(a[2], b[2]) - max(a[0], b[0])
    overlap_y = min(a[3], b[3]) - max(a[1], b[1])
    if overlap_x > EPSILON:
        gap = max(b[1] - a[3], a[1] - b[3])
        return -EPSILON <= gap <= reach + EPSILON
    if overlap_y > EPSILON:
        gap = max(b[0] - a[2], a[0] - b[2])
        return -EPSILON <= gap <= reach + EPSILON
    return False


class PlacedIndex:
    """The booths placed in one hall; those with keep-apart partners also in cells `cell` metres wide.

    `involved` holds every ref that names or is named by a keep-apart pair: only those need looking up.
    """

    def __init__(self, reach: float, involved: frozenset[str], cell: float = 12.0) -> None:
        self.reach = reach
        self.cell = cell
        self.involved = involved
        self.spots: list[Spot] = []
        self._cells: dict[tuple[int, int], list[Spot]] = {}

    def _keys(self, rect: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(math.floor(rect[0] / c), math.floor(rect[2] / c) + 1)
            for j in range(math.floor(rect[1] / c), math.floor(rect[3] / c) + 1)
        ]

    def add(self, spot: Spot) -> None:
        self.spots.append(spot)
        if spot.request.ref in self.involved:
            for key in self._keys((spot.x0, spot.y0, spot.x1, spot.y1)):
                self._cells.setdefault(key, []).append(spot)

    def keeps_apart(self, request: BoothRequest, rect: tuple[float, float, float, float]) -> bool:
        """Whether `request` at `rect` would have none of its keep-apart partners as a neighbour."""
        if request.ref not in self.involved:
            return True
        r = self.reach
        grown = (rect[0] - r, rect[1] - r, rect[2] + r, rect[3] + r)
        for key in self._keys(grown):
            for spot in self._cells.get(key, ()):
                partners = spot.request.ref in request.keep_apart or request.ref in spot.request.keep_apart
                if partners and neighbours(rect, (spot.x0, spot.y0, spot.x1, spot.y1), r):
                    return False
        return True
