"""Booth numbers, street style: aisle by aisle, odd numbers on one side and even on the other.

Each aisle a booth faces gets a two-digit aisle number (in the order the layout reached it); along the
aisle, booths on its south or west side take odd numbers and those on its north or east side even
numbers, increasing east- or northwards: A0101, A0103 … on one side, A0102, A0104 … across.
The same input always gives the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from halllayout.layout.groups import neighbour_pairs
from halllayout.layout.placement import EPSILON, Spot
from halllayout.layout.site import Run
from halllayout.model import SIDES, PlacedBooth, Side
from halllayout.rules.geometry import reaching


def aisle_key(spot: Spot, aisle: float) -> tuple[int, str, float]:
    """The aisle `spot` faces: its run, the aisle's direction and the line down its middle."""
    half = aisle / 2
    if spot.front == "S":
        return (spot.run, "x", round(spot.y0 - half, 3))
    if spot.front == "N":
        return (spot.run, "x", round(spot.y1 + half, 3))
    if spot.front == "W":
        return (spot.run, "y", round(spot.x0 - half, 3))
    return (spot.run, "y", round(spot.x1 + half, 3))


def booth_numbers(hall_id: str, spots: Sequence[Spot], aisle: float) -> list[str]:
    """The number of each spot, in the order given.

    >>> from halllayout.model import BoothRequest
    >>> r = BoothRequest("r", "R", 3, 3)
    >>> south = [Spot(r, x, 0, x + 3, 3, "N", 0, i) for i, x in enumerate((0, 3))]
    >>> north = [Spot(r, x, 6, x + 3, 9, "S", 0, 2 + i) for i, x in enumerate((0, 3))]
    >>> booth_numbers("A", south + north, 3)
    ['A0101', 'A0103', 'A0102', 'A0104']
    """
    groups: dict[tuple[int, str, float], list[int]] = {}
    for spot in sorted(range(len(spots)), key=lambda k: spots[k].order):
        groups.setdefault(aisle_key(spots[spot], aisle), []).append(spot)
    width = max(2, len(str(len(groups))))
    seq_width = 2
    numbers = [""] * len(spots)
    plans: list[tuple[int, list[tuple[int, int]]]] = []
    for aisle_no, members in enumerate(groups.values(), start=1):
        assigned: list[tuple[int, int]] = []
        for odd in (True, False):
            side = [k for k in members if (spots[k].front in ("N", "E")) == odd]
            side.sort(
                key=lambda k: (
                    (spots[k].x0, spots[k].y0) if spots[k].front in ("N", "S") else (spots[k].y0, spots[k].x0)
                )
            )
            for position, k in enumerate(side):
                assigned.append((k, 2 * position + (1 if odd else 2)))
        seq_width = max(seq_width, *(len(str(s)) for _, s in assigned))
        plans.append((aisle_no, assigned))
    for aisle_no, assigned in plans:
        for k, sequence in assigned:
            numbers[k] = f"{hall_id}{aisle_no:0{width}d}{sequence:0{seq_width}d}"
    return numbers


def placed_booths(
    hall_id: str, spots: Sequence[Spot], aisle: float, walls: dict[int, set[Side]]
) -> list[PlacedBooth]:
    """The spots of one hall numbered, with their open sides, sorted by number.

    A side is closed when another booth stands in the strip `aisle` metres deep outside it (the secondary
    aisle's width: a narrower gap is no aisle) or, per `walls` (sides by spot index), it backs onto the
    hall's wall, a column or a keep-clear area.
    """
    numbers = booth_numbers(hall_id, spots, aisle)
    booths = [
        PlacedBooth(
            number=numbers[k],
            request=s.request,
            hall_id=hall_id,
            x0=s.x0,
            y0=s.y0,
            x1=s.x1,
            y1=s.y1,
            front=s.front,
            open_sides=sides,
        )
        for k, (s, sides) in enumerate(zip(spots, open_sides(spots, walls, aisle), strict=True))
    ]
    booths.sort(key=lambda b: b.number)
    return booths


def open_sides(spots: Sequence[Spot], walls: dict[int, set[Side]], depth: float) -> list[tuple[Side, ...]]:
    """Each spot's open sides: those with no booth in the strip `depth` metres deep outside them (the
    metrics count a side open when an aisle's depth is clear: `reaching`) and, per `walls`, no wall,
    column or keep-clear area behind them.

    >>> from halllayout.model import BoothRequest
    >>> r = BoothRequest("r", "R", 3, 3)
    >>> row = [Spot(r, 0, 0, 3, 3, "S", 0, 0), Spot(r, 4, 0, 7, 3, "S", 0, 1), Spot(r, 0, 6, 3, 9, "S", 0, 2)]
    >>> open_sides(row, {0: {"S"}}, 3)
    [('N', 'W'), ('N', 'E', 'S'), ('N', 'E', 'S', 'W')]
    """
    n = len(spots)
    closed = np.zeros((n, 4), dtype=bool)
    for k, sides in walls.items():
        for side in sides:
            closed[k, SIDES.index(side)] = True
    if n > 1:
        rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
        i, j = neighbour_pairs(rects, depth)
        a, b = np.concatenate([i, j]), np.concatenate([j, i])
        for column, hit in enumerate(reaching(rects[a], rects[b], depth)):
            closed[a[hit], column] = True
    return [tuple(side for side, shut in zip(SIDES, row, strict=True) if not shut) for row in closed.tolist()]


def continued_numbers(
    hall_id: str,
    runs: Sequence[Run],
    standing: Sequence[Spot],
    standing_numbers: Sequence[str],
    new: Sequence[Spot],
    aisle: float,
    taken: set[str],
    past: Iterable[str] | None = None,
) -> list[str]:
    """Numbers for `new` spots joining a hall whose `standing` spots keep theirs, in the order given.

    A new spot facing an aisle that a standing booth faces (the same line in the same run of `runs`)
    goes on with that aisle's number, odd or even by its side as `booth_numbers` gives them; the aisles
    no standing booth faces take the aisle numbers after the hall's highest. Only the numbers in `past`
    (by default `taken`) count for both, so that numbers an organiser chose can be left out. Along each
    side of an aisle the new spots take the lowest numbers of their side not in `taken`, in order east-
    or northwards; the numbers given are added to `taken`.

    >>> from halllayout.model import BoothRequest
    >>> r = BoothRequest("r", "R", 3, 3)
    >>> runs = [Run(0, 0, 0, 30, 60)]
    >>> old = [Spot(r, 0, 0, 3, 3, "N", 0, 0), Spot(r, 0, 6, 3, 9, "S", 0, 1)]
    >>> new = [Spot(r, 3, 0, 6, 3, "N", 0, 2), Spot(r, 0, 30, 3, 33, "S", 0, 3)]
    >>> continued_numbers("A", runs, old, ["A0101", "A0102"], new, 3, {"A0101", "A0102", "A0103"})
    ['A0105', 'A0202']
    """

    def key(spot: Spot) -> tuple[int, str, float]:
        centre = (spot.x0 + spot.x1) / 2
        run = next((r.index for r in runs if r.x0 - EPSILON <= centre <= r.x1 + EPSILON), -1)
        return aisle_key(dataclasses.replace(spot, run=run), aisle)

    def aisle_part(number: str) -> str | None:
        rest = number[len(hall_id) :]
        return rest[:-2] if number.startswith(hall_id) and rest.isdigit() and len(rest) >= 4 else None

    known = set(taken if past is None else past)
    stems: dict[tuple[int, str, float], str] = {}
    for spot, number in zip(standing, standing_numbers, strict=True):
        if aisle_part(number) is not None and number in known:
            stems.setdefault(key(spot), number[:-2])
    parts = [p for p in map(aisle_part, known) if p is not None]
    next_aisle = max((int(p) for p in parts), default=0) + 1
    width = max((len(p) for p in parts), default=2)
    groups: dict[tuple[int, str, float], list[int]] = {}
    for k, spot in enumerate(new):
        groups.setdefault(key(spot), []).append(k)
    numbers = [""] * len(new)
    for line, members in groups.items():
        stem = stems.get(line)
        if stem is None:
            stem = f"{hall_id}{next_aisle:0{width}d}"
            next_aisle += 1
        for odd in (True, False):
            side = [k for k in members if (new[k].front in ("N", "E")) == odd]
            side.sort(
                key=lambda k: (new[k].x0, new[k].y0) if new[k].front in ("N", "S") else (new[k].y0, new[k].x0)
            )
            sequence = 1 if odd else 2
            for k in side:
                while f"{stem}{sequence:02d}" in taken:
                    sequence += 2
                numbers[k] = f"{stem}{sequence:02d}"
                taken.add(numbers[k])
    return numbers
