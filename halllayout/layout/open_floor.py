"""The open floor a previous layout left, filled with the booths that found no freed spot.

A layout declares the floor of a run that no block took as `open` aisle bands, beginning past the
aisle beyond the run's last block (`HallFiller._open_floor`); stretches of wall row that no booth took
are simply empty. Re-laying out, the booths still waiting are stacked into that floor by the same
`HallFiller` a fresh layout uses, on the hall's site with every booth already standing and every
aisle of the previous layout as an obstacle: each run's open floor becomes a run of its own, filled
from the end where it meets the used floor, so that its first block faces the aisle beyond the old last
block just as a run's first block faces the perimeter aisle. The empty stretches of the wall rows'
pieces are filled as in a fresh layout, the gaps between pieces (cross aisles) kept clear. A run whose
open floor holds booths along one side (strays rejoined across its aisle, new booths stood across it)
is narrowed to the floor an aisle beyond their backs, that aisle declared, and the floor beside and
between those booths declared secondary aisle too (pieces at least an aisle wide each way), so that
the run is still crossed there: left undeclared, it walled the run off from the aisle the booths face
and lengthened the walk to an exit past the rule's limit.

Booths that come to stand on open floor (a rejoined stray) have its bands cut round them
(`open_floor_around`).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from halllayout.layout.placement import EPSILON, PlacedIndex, Spot, overlaps
from halllayout.layout.queue import Zone, zones_in_order
from halllayout.layout.site import Rect, Run, Site, WallPiece, free_spans
from halllayout.layout.stacking import HallFiller
from halllayout.model import Aisle, BoothRequest

__all__ = ["OpenFloor", "fill_open_floor", "open_floor_around", "open_runs"]


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


def _box(run: Run) -> Rect:
    return (run.x0, run.y0, run.x1, run.y1)


def _distance(rect: Rect, rects: Sequence[Rect]) -> float:
    """How far `rect` lies from the nearest of `rects` (0 when one touches it; inf when there are none)."""
    ax0, ay0, ax1, ay1 = rect
    return min(
        (math.hypot(max(x0 - ax1, ax0 - x1, 0.0), max(y0 - ay1, ay0 - y1, 0.0)) for x0, y0, x1, y1 in rects),
        default=math.inf,
    )


def fill_open_floor(
    fresh: Site,
    index: PlacedIndex,
    waiting: Sequence[BoothRequest],
    aisles: Sequence[Aisle],
    anywhere: bool = True,
) -> OpenFloor:
    """Stack `waiting` into the open floor that the previous layout's `aisles` declare in the hall of
    `fresh` (its site as `build_site` gives it), around the booths standing in `index` (the new ones
    are added to it), zone by zone in list order: each zone's booths into the open runs nearest its own
    booths standing in the hall (nearest any booth for a zone new to the hall), so that they join their
    zone rather than a far corner. A run all open is filled from its end nearer them. With `anywhere`,
    the booths no open floor beside their zone took then go into any open floor left."""
    module = fresh.module
    current = list(aisles)
    before = len(index.spots)
    for zone in zones_in_order(waiting, module):
        current = _fill_zone(fresh, index, [zone], current, beside=True)
    placed = {s.request.ref for s in index.spots[before:]}
    left = [r for r in waiting if r.ref not in placed]
    if left and anywhere:  # the booths no open floor beside their zone took: any open floor, wall rows too
        current = _fill_zone(fresh, index, zones_in_order(left, module), current, beside=False)
        placed = {s.request.ref for s in index.spots[before:]}
    kept = set(current)
    given = set(aisles)
    return OpenFloor(
        runs=fresh.runs,
        spots=tuple(index.spots[before:]),
        aisles=tuple(a for a in current if a not in given),
        replaced=tuple(a for a in aisles if a not in kept),
        waiting=tuple(r for r in waiting if r.ref not in placed),
    )


def _fill_zone(
    fresh: Site, index: PlacedIndex, zones: list[Zone], aisles: list[Aisle], *, beside: bool
) -> list[Aisle]:
    """Stack the booths of `zones` into the open floor `aisles` declare on the site `fresh` (a fresh
    layout's), around the booths standing in `index`, the runs nearest the zones' own booths first
    (any booth's for zones new to the hall); the hall's aisles after. Wall rows only `beside` the
    zones' booths where `beside`, else any."""
    standing: list[Rect] = [(s.x0, s.y0, s.x1, s.y1) for s in index.spots]
    names = {zone.name for zone in zones}
    own = [(s.x0, s.y0, s.x1, s.y1) for s in index.spots if s.request.zone in names] or standing
    # open floor with a booth standing in it is left as it is (blocks stacked round it would run their
    # aisles into it), but for booths along one side of the run (strays rejoined across its aisle):
    # the run is narrowed to the floor an aisle beyond their backs, and that aisle declared
    runs: list[tuple[Run, bool]] = []
    strips: list[Aisle] = []
    beside_them: list[Aisle] = []  # the floor between and round those booths, declared aisle
    for run, up in open_runs(fresh.runs, aisles):
        inside = [r for r in standing if overlaps(_box(run), r)]
        if inside:
            narrowed = _beyond_backs(run, inside, fresh.hall.secondary_aisle, 2 * fresh.module, fresh.solids)
            if narrowed is None:
                continue
            run, strip, column = narrowed
            # the column they stand in, cut round them as open floor is, declared secondary aisle
            column_floor = Aisle(fresh.hall.id, "open", *column)
            for cut in open_floor_around([column_floor], inside, fresh.hall.secondary_aisle):
                between = dataclasses.replace(cut, kind="secondary")
                if between not in aisles and between not in beside_them:
                    beside_them.append(between)
            declared = Aisle(fresh.hall.id, "secondary", *strip)
            if declared not in aisles:  # a zone filled before narrowed it already
                strips.append(declared)
        runs.append((run, _upwards(run, up, fresh.runs, own)))
    order = sorted(runs, key=lambda item: (_distance(_box(item[0]), own), item[0].index))
    aisles = [*aisles, *strips]
    kept_aisles: list[Rect] = [(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind != "open"]
    site = dataclasses.replace(
        fresh,
        runs=tuple(run for run, _ in order),
        obstacles=(*fresh.obstacles, *standing, *kept_aisles),
        solids=(*fresh.solids, *standing),
    )
    # the wall rows' pieces as a fresh layout cuts them (no longer than the row-length rule, with the
    # gaps between them kept clear), less the booths standing on them, those beside the zone's booths
    # only (a main aisle's width away at most): the snake would pack the others on its way, and the
    # zone's booths would string out along a far wall rather than stand in a block beside it
    pieces: list[WallPiece] = []
    for piece in fresh.wall_pieces:
        for a, b in free_spans(site, (piece.x0, piece.y0, piece.x1, piece.y1), piece.along, interior=False):
            if b - a < fresh.module - EPSILON:
                continue
            x0, y0, x1, y1 = (a, piece.y0, b, piece.y1) if piece.along == "x" else (piece.x0, a, piece.x1, b)
            if not beside or _distance((x0, y0, x1, y1), own) <= fresh.hall.main_aisle + EPSILON:
                pieces.append(dataclasses.replace(piece, x0=x0, y0=y0, x1=x1, y1=y1))
    site = dataclasses.replace(site, wall_pieces=tuple(pieces))
    filler = HallFiller(site, zones, index)
    filler.fill(tuple(((run,), up) for run, up in order))
    taken = [_box(run) for run, _ in order] + [(a.x0, a.y0, a.x1, a.y1) for a in strips]
    replaced = {
        a for a in aisles if a.kind == "open" and any(overlaps((a.x0, a.y0, a.x1, a.y1), r) for r in taken)
    }
    return [a for a in aisles if a not in replaced] + filler.aisles[len(site.aisles) :] + beside_them


def _beyond_backs(
    run: Run, inside: Sequence[Rect], aisle: float, least: float, obstacles: Sequence[Rect] = ()
) -> tuple[Run, Rect, Rect] | None:
    """`run` narrowed to the floor an `aisle` beyond the backs of the booths `inside` it, when they all
    stand along its west side or all along its east side and at least `least` metres of width is left:
    the run, the aisle between them and it, and the column of the run they stand in; None otherwise.
    Where one of `obstacles` (columns, keep-clear areas) stands in that aisle, the aisle goes on past
    it, an aisle's width clear beside it, as the rule checks measure an aisle with a column in it."""
    if all(r[0] <= run.x0 + EPSILON for r in inside):
        back = max(r[2] for r in inside)
        x0, x1 = back + aisle, run.x1
        while far := [
            o[2] for o in obstacles if overlaps((back, run.y0, x0, run.y1), o) and o[2] > x0 - aisle
        ]:
            x0 = max(far) + aisle
        strip = (back, run.y0, x0, run.y1)
        column = (run.x0, run.y0, back, run.y1)
    elif all(r[2] >= run.x1 - EPSILON for r in inside):
        back = min(r[0] for r in inside)
        x0, x1 = run.x0, back - aisle
        while near := [
            o[0] for o in obstacles if overlaps((x1, run.y0, back, run.y1), o) and o[0] < x1 + aisle
        ]:
            x1 = min(near) - aisle
        strip = (x1, run.y0, back, run.y1)
        column = (back, run.y0, run.x1, run.y1)
    else:
        return None
    if x1 - x0 < least - EPSILON:
        return None
    return dataclasses.replace(run, x0=x0, x1=x1), strip, column


def _upwards(run: Run, up: bool, runs: Sequence[Run], near: Sequence[Rect]) -> bool:
    """Whether to fill the open run `run` northwards: as `open_runs` says, but for a run all open (as
    long as its run in `runs`), from the end nearer the booths `near`."""
    whole = next((r for r in runs if r.index == run.index), None)
    if whole is None or run.y0 > whole.y0 + EPSILON or run.y1 < whole.y1 - EPSILON:
        return up
    return _distance((run.x0, run.y0, run.x1, run.y0), near) <= _distance(
        (run.x0, run.y1, run.x1, run.y1), near
    )


def open_floor_around(aisles: Sequence[Aisle], rects: Sequence[Rect], width: float) -> list[Aisle]:
    """`aisles` with each `open` band that one of `rects` (booths) stands on cut round them: the band's
    floor beside and between them kept as open bands at least `width` each way (an aisle's width), in
    the band's place; the other aisles as they are, in order.

    >>> band = Aisle("A", "open", 0, 0, 30, 6)
    >>> [(a.x0, a.y0, a.x1, a.y1) for a in open_floor_around([band], [(0, 0, 3, 9)], 3)]
    [(3, 0, 30, 6)]
    """
    result: list[Aisle] = []
    for a in aisles:
        inside = [r for r in rects if overlaps((a.x0, a.y0, a.x1, a.y1), r)] if a.kind == "open" else []
        if not inside:
            result.append(a)
            continue
        # strips between the booths' west and east edges, each less the booths standing across it
        edges = sorted({a.x0, a.x1, *(min(max(x, a.x0), a.x1) for r in inside for x in (r[0], r[2]))})
        pieces: list[Rect] = []
        for x0, x1 in itertools.pairwise(edges):
            spans = [(a.y0, a.y1)]
            for r in inside:
                if r[0] < x1 - EPSILON and r[2] > x0 + EPSILON:
                    spans = [
                        part
                        for lo, hi in spans
                        for part in ((lo, min(hi, r[1])), (max(lo, r[3]), hi))
                        if part[1] - part[0] > EPSILON
                    ]
            for y0, y1 in spans:
                last = pieces[-1] if pieces else None
                if last is not None and abs(last[2] - x0) <= EPSILON and (last[1], last[3]) == (y0, y1):
                    pieces[-1] = (last[0], y0, x1, y1)  # the strip before goes on at the same depth
                else:
                    pieces.append((x0, y0, x1, y1))
        result += [
            dataclasses.replace(a, x0=x0, y0=y0, x1=x1, y1=y1)
            for x0, y0, x1, y1 in pieces
            if x1 - x0 >= width - EPSILON and y1 - y0 >= width - EPSILON
        ]
    return result
