"""The open floor a previous layout left, filled with the booths that found no freed spot.

A layout declares the floor of a run that no block took as `open` aisle bands, beginning past the
aisle beyond the run's last block (`HallFiller._open_floor`); stretches of wall row that no booth took
are simply empty. Re-laying out, the booths still waiting are stacked into that floor by the same
`HallFiller` a fresh layout uses, on the hall's site with every booth already standing and every
aisle of the previous layout as an obstacle: each run's open floor becomes a run of its own, filled
from the end where it meets the used floor, so that its first block faces the aisle beyond the old last
block just as a run's first block faces the perimeter aisle. The empty stretches of the wall rows'
pieces are filled as in a fresh layout, the gaps between pieces (cross aisles) kept clear.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from halllayout.layout.placement import EPSILON, PlacedIndex, Spot, overlaps
from halllayout.layout.queue import zones_in_order
from halllayout.layout.site import Rect, Run, WallPiece, build_site, free_spans
from halllayout.layout.stacking import HallFiller
from halllayout.model import Aisle, BoothRequest, Hall

__all__ = ["OpenFloor", "fill_open_floor", "open_runs"]


@dataclass(frozen=True)
class OpenFloor:
    """What filling a hall's open floor did: the hall's runs (all of them), the new spots (also added
    to the index), the aisles their blocks made, the previous `open` bands they replace, and the booths
    still waiting, in list order."""

    runs: tuple[Run, ...]
    spots: tuple[Spot, ...]
    aisles: tuple[Aisle, ...]
    replaced: tuple[Aisle, ...]
    waiting: tuple[BoothRequest, ...]


def _inside(a: Aisle, run: Run) -> bool:
    return (
        a.x0 >= run.x0 - EPSILON
        and a.x1 <= run.x1 + EPSILON
        and a.y0 >= run.y0 - EPSILON
        and a.y1 <= run.y1 + EPSILON
    )


def open_runs(runs: Sequence[Run], aisles: Sequence[Aisle]) -> list[tuple[Run, bool]]:
    """Each run's open floor as a run of its own, with whether to fill it northwards: the `open` bands
    inside the run, merged, as far as they reach from one of its ends (a whole run when it is all
    open, filled northwards; the stretch at the north end filled northwards from its south edge, the
    stretch at the south end southwards from its north edge).

    >>> run = Run(0, 0, 0, 30, 60)
    >>> bands = [Aisle("A", "open", 0, 40, 30, 49), Aisle("A", "open", 0, 49, 30, 60)]
    >>> open_runs([run], bands)
    [(Run(index=0, x0=0, y0=40, x1=30, y1=60), True)]
    """
    result: list[tuple[Run, bool]] = []
    for run in runs:
        bands = sorted((a.y0, a.y1) for a in aisles if a.kind == "open" and _inside(a, run))
        merged: list[list[float]] = []
        for y0, y1 in bands:
            if merged and y0 <= merged[-1][1] + EPSILON:
                merged[-1][1] = max(merged[-1][1], y1)
            else:
                merged.append([y0, y1])
        north = next((m for m in merged if m[1] >= run.y1 - EPSILON), None)
        south = next((m for m in merged if m[0] <= run.y0 + EPSILON), None)
        if north is not None:
            result.append((dataclasses.replace(run, y0=north[0]), True))
        elif south is not None:
            result.append((dataclasses.replace(run, y1=south[1]), False))
    return result


def _distance(run: Run, rects: Sequence[Rect]) -> float:
    """How far `run` lies from the nearest of `rects` (0 when one touches it; inf when there are none)."""
    return min(
        (
            math.hypot(max(x0 - run.x1, run.x0 - x1, 0.0), max(y0 - run.y1, run.y0 - y1, 0.0))
            for x0, y0, x1, y1 in rects
        ),
        default=math.inf,
    )


def fill_open_floor(
    hall: Hall,
    module: float,
    index: PlacedIndex,
    waiting: Sequence[BoothRequest],
    aisles: Sequence[Aisle],
) -> OpenFloor:
    """Stack `waiting` into the open floor of `hall` that the previous layout's `aisles` declare,
    around the booths standing in `index` (the new ones are added to it): the runs nearest the
    standing booths first, so that the new booths join the show floor rather than a far corner."""
    site = build_site(hall, module)
    runs = site.runs
    standing: list[Rect] = [(s.x0, s.y0, s.x1, s.y1) for s in index.spots]
    # open floor with a booth pinned in it is left as it is: blocks stacked round it would run their
    # aisles into it
    order = sorted(
        (
            (run, up)
            for run, up in open_runs(runs, aisles)
            if not any(overlaps((run.x0, run.y0, run.x1, run.y1), r) for r in standing)
        ),
        key=lambda item: (_distance(item[0], standing), item[0].index),
    )
    kept_aisles: list[Rect] = [(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind != "open"]
    fresh = site
    site = dataclasses.replace(
        site,
        runs=tuple(run for run, _ in order),
        obstacles=(*site.obstacles, *standing, *kept_aisles),
        solids=(*site.solids, *standing),
    )
    # the wall rows' pieces as a fresh layout cuts them (no longer than the row-length rule, with the
    # gaps between them kept clear), less the booths standing on them
    pieces: list[WallPiece] = []
    for piece in fresh.wall_pieces:
        for a, b in free_spans(site, (piece.x0, piece.y0, piece.x1, piece.y1), piece.along, interior=False):
            if b - a >= module - EPSILON:
                x0, y0, x1, y1 = (
                    (a, piece.y0, b, piece.y1) if piece.along == "x" else (piece.x0, a, piece.x1, b)
                )
                pieces.append(dataclasses.replace(piece, x0=x0, y0=y0, x1=x1, y1=y1))
    site = dataclasses.replace(site, wall_pieces=tuple(pieces))
    zones = zones_in_order(waiting, module)
    before = len(index.spots)
    filler = HallFiller(site, zones, index)
    filler.fill(tuple(order))
    placed = {s.request.ref for s in index.spots[before:]}
    replaced = tuple(a for a in aisles if a.kind == "open" and any(_inside(a, run) for run, _ in order))
    return OpenFloor(
        runs=runs,
        spots=tuple(index.spots[before:]),
        aisles=tuple(filler.aisles[len(site.aisles) :]),
        replaced=replaced,
        waiting=tuple(r for r in waiting if r.ref not in placed),
    )
