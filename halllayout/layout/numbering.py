"""Booth numbers and open sides for the booths placed in one hall."""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.layout.rows import EPSILON, RowPlacement
from halllayout.model import SIDES, PlacedBooth, Side


def booth_number(hall_id: str, sequence: int, total: int) -> str:
    """`hall_id` followed by the 1-based `sequence`, zero-padded to at least three digits.

    >>> booth_number("A", 7, 120)
    'A007'
    >>> booth_number("B", 1234, 2000)
    'B1234'
    """
    digits = max(3, len(str(total)))
    return f"{hall_id}{sequence:0{digits}d}"


def _touching(a: RowPlacement, b: RowPlacement) -> list[Side]:
    """The sides of `a` along which `b` stands against it, sharing an edge of positive length."""
    sides: list[Side] = []
    overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
    overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap_y > EPSILON:
        if abs(a.x1 - b.x0) < EPSILON:
            sides.append("E")
        if abs(a.x0 - b.x1) < EPSILON:
            sides.append("W")
    if overlap_x > EPSILON:
        if abs(a.y1 - b.y0) < EPSILON:
            sides.append("N")
        if abs(a.y0 - b.y1) < EPSILON:
            sides.append("S")
    return sides


def number_booths(hall_id: str, placements: Sequence[RowPlacement]) -> tuple[PlacedBooth, ...]:
    """Number the booths of one hall row by row, west to east, and find their open sides.

    Rows are taken in the order they were laid (south to north); the result is in number order.
    """
    ordered = sorted(placements, key=lambda p: (p.row, p.x0))
    by_row: dict[int, list[RowPlacement]] = {}
    for p in ordered:
        by_row.setdefault(p.row, []).append(p)
    booths = []
    for sequence, p in enumerate(ordered, start=1):
        nearby = [q for r in (p.row - 1, p.row, p.row + 1) for q in by_row.get(r, []) if q is not p]
        closed = {side for q in nearby for side in _touching(p, q)}
        open_sides = tuple(s for s in SIDES if s not in closed)
        booths.append(
            PlacedBooth(
                number=booth_number(hall_id, sequence, len(ordered)),
                request=p.request,
                hall_id=hall_id,
                x0=p.x0,
                y0=p.y0,
                x1=p.x1,
                y1=p.y1,
                front=p.front,
                open_sides=open_sides,
            )
        )
    return tuple(booths)
