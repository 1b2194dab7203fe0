"""Booths left over, stood on floor that no booth, obstacle or fixed aisle holds, with aisle all round.

A hall's fill lays its floor out in runs of double rows and island bands; an island or a deep raw-space
stand that no band had room for is left over even where the hall is mostly empty: the blocks laid for
rows are too shallow for it, the floor between them declared aisle. Such a booth may still stand on the
free floor: anywhere its rectangle meets no booth, column, keep-clear area, clear area in front of a door,
main or perimeter aisle, and the ring of secondary-aisle width round it meets no booth, column or
keep-clear area and stays inside the hall. The aisles it stands on are cut round it and the ring is
declared secondary aisle, so that it has aisle on all four sides (an island's need, and more than any
other stand's). Booths of rows (inline and corner) left over stand so in a row of their zone rather than
each alone (`free_rows`): a kiosk of 3 × 3 m with its 3 m ring takes 81 m² of floor, a booth in a row
of seven about 35 m². `free_places` gives the places for one row or booth, best first; `stand_free`
keeps the first where the caller's rules let it stand (`lay_out`'s and a re-layout's).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import shapely
from shapely import Polygon as ShapelyPolygon
from shapely import box, unary_union
from shapely.prepared import prep

from halllayout.layout.placement import EPSILON, PlacedIndex, Spot, within
from halllayout.layout.queue import booth_kind
from halllayout.layout.site import Rect, Site
from halllayout.model import SIDES, Aisle, BoothRequest, Side
from halllayout.rules.geometry import TOLERANCE

__all__ = ["FreePlace", "Lawful", "cut_round", "free_places", "free_rows", "stand_free"]

#: Metres of walk away from the booth's zone that one m² of floor taken from future booths is worth in
#: choosing a place (the ring's floor not already aisle, and the booth's own).
DISTANCE_WEIGHT = 4.0

#: How many places `free_places` offers a row or booth by default, best first. Over the bench halls:
#: 8 placed 196,299 m², 16 196,938 m², 32 197,244 m²; 128, 140 and 146 s (each place refused costs a
#: rule check of the hall).
PLACES = 32

FreePlace = tuple[list[Spot], list[Aisle]]


def cut_round(aisles: Sequence[Aisle], rect: Rect) -> list[Aisle]:
    """`aisles` with the floor of `rect` cut out: each aisle it overlaps replaced by the pieces of it
    outside `rect` (up to four: beside it the aisle's full length, before and after it between those).

    >>> cut_round([Aisle("A", "secondary", 0, 0, 10, 4)], (3, 1, 6, 9))
    [Aisle(hall_id='A', kind='secondary', x0=0, y0=0, x1=3, y1=4), \
Aisle(hall_id='A', kind='secondary', x0=6, y0=0, x1=10, y1=4), \
Aisle(hall_id='A', kind='secondary', x0=3, y0=0, x1=6, y1=1)]
    """
    x0, y0, x1, y1 = rect
    result: list[Aisle] = []
    for a in aisles:
        if not (a.x0 < x1 - EPSILON and x0 < a.x1 - EPSILON and a.y0 < y1 - EPSILON and y0 < a.y1 - EPSILON):
            result.append(a)
            continue
        pieces = [
            (a.x0, a.y0, x0, a.y1),
            (x1, a.y0, a.x1, a.y1),
            (max(a.x0, x0), a.y0, min(a.x1, x1), y0),
            (max(a.x0, x0), y1, min(a.x1, x1), a.y1),
        ]
        result += [
            Aisle(a.hall_id, a.kind, *p) for p in pieces if p[2] - p[0] > EPSILON and p[3] - p[1] > EPSILON
        ]
    return result


def _ring(rect: Rect, width: float) -> dict[Side, Rect]:
    """The aisle round `rect`, `width` wide, as four rectangles by the side of `rect` they run along: the
    south and north ones the full width of the ring, the west and east ones between them."""
    x0, y0, x1, y1 = rect
    return {
        "S": (x0 - width, y0 - width, x1 + width, y0),
        "N": (x0 - width, y1, x1 + width, y1 + width),
        "W": (x0 - width, y0, x0, y1),
        "E": (x1, y0, x1 + width, y1),
    }


def _free_starts(lo: float, hi: float, blocked: list[tuple[float, float]]) -> list[float]:
    """The ends of the stretches of [lo, hi] that no open interval of `blocked` covers: the snug starts.

    >>> _free_starts(0, 10, [(2, 5), (4, 7)])
    [0, 2, 7, 10]
    """
    if hi < lo - EPSILON:
        return []
    starts: list[float] = []
    at = lo
    for b0, b1 in sorted(blocked):
        if b1 <= at + EPSILON:
            continue
        if b0 >= hi - EPSILON:
            break
        if b0 > at + EPSILON:
            starts += [at, b0]
        elif b0 >= at - EPSILON:
            starts.append(at)
        at = max(at, b1)
        if at > hi + EPSILON:
            return starts
    starts += [at, hi] if hi > at + EPSILON else [at] if abs(hi - at) <= EPSILON else []
    return starts


def _blocked_starts(
    blocks: np.ndarray, x0: float, x1: float, depth: float, margin: float
) -> list[tuple[float, float]]:
    """For a rectangle spanning [x0, x1] east-west and `depth` north-south, grown by `margin` all round,
    the open intervals of its south edge's y at which it would overlap one of `blocks` `(n, 4)`."""
    if not len(blocks):
        return []
    hit = (blocks[:, 0] < x1 + margin - EPSILON) & (blocks[:, 2] > x0 - margin + EPSILON)
    rows = blocks[hit]
    return list(zip((rows[:, 1] - depth - margin).tolist(), (rows[:, 3] + margin).tolist(), strict=True))


def free_places(
    site: Site,
    spots: Sequence[Spot],
    aisles: Sequence[Aisle],
    row: Sequence[BoothRequest],
    limit: int = PLACES,
) -> list[FreePlace]:
    """Up to `limit` places for `row` (booths of one zone and depth, side by side in list order; or one
    booth) on the free floor of the hall of `site`, where the booths at `spots` stand between `aisles`,
    best first: each as the booths' spots and the hall's aisles with the floor of the booths cut out
    and the ring round them declared secondary aisle. The row runs east-west or north-south, each booth
    fronting on the long side of the ring with more aisle floor there already (a booth alone: any
    side). Best: first those facing a booth of the zone across at most a main aisle (one group with it,
    as the report counts zones), then the least floor taken that was not aisle already (ring and
    booths), plus `DISTANCE_WEIGHT` m² per metre from the nearest booth of the zone (of any zone, where
    the hall holds none of it)."""
    hall = site.hall
    ring = hall.secondary_aisle
    outline = prep(ShapelyPolygon(hall.outline))
    booths = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float).reshape(-1, 4)
    solids = np.array(site.solids, dtype=float).reshape(-1, 4)
    fixed = [(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind in ("main", "perimeter")]
    # the booths' own floor: none of these; their ring's: none of the solid ones
    hard = np.array([*site.obstacles, *fixed], dtype=float).reshape(-1, 4)
    solid = np.vstack([booths, solids])
    minx, miny, maxx, maxy = ShapelyPolygon(hall.outline).bounds
    edges_x = {
        minx,
        maxx,
        *solid[:, 0].tolist(),
        *solid[:, 2].tolist(),
        *hard[:, 0].tolist(),
        *hard[:, 2].tolist(),
    }
    edges_x |= {a.x0 for a in aisles} | {a.x1 for a in aisles}
    zone = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots if s.request.zone == row[0].zone], dtype=float)
    near = zone.reshape(-1, 4) if len(zone) else booths
    length, depth = sum(r.width for r in row), max(r.depth for r in row)
    candidates: list[Rect] = []
    for width, height in sorted({(length, depth), (depth, length)}):
        xs = {e + d for e in edges_x for d in (ring, -ring - width, 0.0, -width)}
        for x0 in sorted(x for x in xs if minx + ring - EPSILON <= x <= maxx - ring - width + EPSILON):
            x1 = x0 + width
            blocked = _blocked_starts(hard, x0, x1, height, 0.0) + _blocked_starts(
                solid, x0, x1, height, ring
            )
            for y0 in _free_starts(miny + ring, maxy - ring - height, blocked):
                candidates.append((round(x0, 6), round(y0, 6), round(x0 + width, 6), round(y0 + height, 6)))
    if not candidates:
        return []
    rects = np.array(sorted(set(candidates)), dtype=float)
    doors = np.array([d.at for d in (*hall.entrances, *hall.exits)], dtype=float).reshape(-1, 2)
    if len(doors):
        # the walk from a booth to a door is never shorter than the straight line: places farther than
        # the travel-distance rule's walk from every door are none
        reached = _nearness(rects, np.hstack([doors, doors]), -1.0)[1]
        rects = rects[reached <= hall.rules.max_travel_distance + TOLERANCE]
        if not len(rects):
            return []
    grown = rects + np.array([-ring, -ring, ring, ring])
    floor = unary_union([box(a.x0, a.y0, a.x1, a.y1) for a in aisles]) if aisles else None
    rings = shapely.box(grown[:, 0], grown[:, 1], grown[:, 2], grown[:, 3])
    taken = shapely.area(rings) - (
        shapely.area(shapely.intersection(rings, floor)) if floor is not None else 0.0
    )
    joined, distance = _nearness(rects, near, hall.main_aisle if len(zone) else -1.0)
    cost = np.round(taken + DISTANCE_WEIGHT * distance, 6)
    order = sorted(range(len(rects)), key=lambda k: (not joined[k], cost[k], *rects[k].tolist()))
    first = max((s.order for s in spots), default=-1) + 1
    given = set(aisles)
    places: list[FreePlace] = []
    for k in order:
        if len(places) >= limit:
            break
        x0, y0, x1, y1 = rects[k].tolist()
        rect = (x0, y0, x1, y1)
        ringed = (x0 - ring, y0 - ring, x1 + ring, y1 + ring)
        if not outline.covers(box(*ringed)):
            continue
        # the pieces of the aisles cut: none narrower than an aisle beyond the ring, and those in the
        # ring dropped (its floor, declared once, by the ring)
        cut = [
            a for a in cut_round(aisles, rect) if a in given or not within((a.x0, a.y0, a.x1, a.y1), ringed)
        ]
        if any(a not in given and a.width < ring - EPSILON for a in cut):
            continue
        sides = _ring(rect, ring)
        along_x = x1 - x0 >= y1 - y0
        fronts: tuple[Side, ...] = SIDES if len(row) == 1 else ("S", "N") if along_x else ("W", "E")
        front = _front(sides, floor, fronts)
        run = _run(site, rect)
        members: list[Spot] = []
        at = x0 if along_x else y0
        for n, r in enumerate(row):
            if along_x:
                members.append(Spot(r, at, y0, at + r.width, y0 + r.depth, front, run, first + n))
            else:
                members.append(Spot(r, x0, at, x0 + r.depth, at + r.width, front, run, first + n))
            at += r.width
        if len(row) == 1:  # a booth alone may stand turned
            members = [dataclasses.replace(members[0], x0=x0, y0=y0, x1=x1, y1=y1)]
        places.append((members, cut + [Aisle(hall.id, "secondary", *r) for r in sides.values()]))
    return places


#: Whether `spots` (the hall's, the new booths last, from `start` on) between `aisles` may stand: the
#: aisles to keep (those too narrow that no booth needs dropped), or None.
Lawful = Callable[[list[Spot], list[Aisle], int], list[Aisle] | None]


def stand_free(
    site: Site,
    index: PlacedIndex,
    aisles: Sequence[Aisle],
    waiting: Sequence[BoothRequest],
    lawful: Lawful,
    limit: int = PLACES,
) -> tuple[list[Spot], list[Aisle]]:
    """Stand `waiting` on the free floor of the hall of `site`, where the booths in `index` stand between
    `aisles`: the rows and booths alone of `free_rows`, in that order, each at the first of its `limit`
    `free_places` where its booths keep their keep-apart pairs apart and `lawful` lets them stand. A row
    no place took is halved and tried again, down to booths alone; a shape no place took is not tried
    again. The new spots (also added to `index`) and the hall's aisles after."""
    hall = site.hall
    spots = list(index.spots)
    before = len(spots)
    current = list(aisles)
    refused: set[tuple[float, float]] = set()
    pending = free_rows(waiting, site.module, hall.rules.max_row_length)
    while pending:
        row = pending.pop(0)
        length, depth = sum(r.width for r in row), max(r.depth for r in row)
        shape = (min(length, depth), max(length, depth))
        placed = False
        if shape not in refused:
            for members, after in free_places(site, spots, current, row, limit):
                if not all(index.keeps_apart(m.request, (m.x0, m.y0, m.x1, m.y1)) for m in members):
                    continue
                kept = lawful([*spots, *members], after, len(spots))
                if kept is None:
                    continue
                spots += members
                current = kept
                for m in members:
                    index.add(m)
                placed = True
                break
            if not placed:
                refused.add(shape)
        if not placed and len(row) > 1:
            half = (len(row) + 1) // 2
            pending[:0] = [row[:half], row[half:]]
    return spots[before:], current


def free_rows(waiting: Sequence[BoothRequest], module: float, longest: float) -> list[list[BoothRequest]]:
    """`waiting` as the rows and booths alone `lay_out` offers the free floor: the booths alone, then
    the rows, each largest first (list order among equals). The row booths (inline and corner, at most
    `module` deep) of each zone and depth stand side by side in rows at most `longest` metres long,
    corner booths at the ends; the rest each alone.

    >>> booths = [BoothRequest(k, k, 3, 3, "corner" if k == "b" else "standard", "Z") for k in "abc"]
    >>> [[r.ref for r in row] for row in free_rows([*booths, BoothRequest("i", "I", 9, 9, "island")], 3, 6)]
    [['i'], ['b', 'a'], ['c']]
    """
    rows: dict[tuple[str, float], list[BoothRequest]] = {}
    alone: list[list[BoothRequest]] = []
    for r in waiting:
        if booth_kind(r, module) in ("inline", "corner"):
            rows.setdefault((r.zone, r.depth), []).append(r)
        else:
            alone.append([r])
    result = list(alone)
    for booths in rows.values():
        corners = [r for r in booths if r.type == "corner"]
        inline = [r for r in booths if r.type != "corner"]
        row: list[BoothRequest] = []
        for r in [*corners[:1], *inline, *corners[1:]]:
            if row and sum(b.width for b in row) + r.width > longest + EPSILON:
                result.append(row)
                row = []
            row.append(r)
        if row:
            result.append(row)
    # the booths alone first: an island or a deep stand fits fewer places than a row
    return sorted(
        result,
        key=lambda row: (
            booth_kind(row[0], module) in ("inline", "corner"),
            -sum(r.width * r.depth for r in row),
        ),
    )


#: Candidate places measured against the booths at a time (bounds the memory of `_nearness`).
CHUNK = 1024


def _nearness(rects: np.ndarray, near: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """For each of `rects` `(m, 4)`: whether it faces one of `near` `(n, 4)` across at most `reach`
    metres (with a shared extent along the other axis; never where `reach` is negative), and its
    distance to the nearest of them (0 where there are none); `(m,)` bool and `(m,)` float."""
    joined = np.zeros(len(rects), dtype=bool)
    distance = np.zeros(len(rects))
    if not len(near):
        return joined, distance
    for at in range(0, len(rects), CHUNK):
        part = rects[at : at + CHUNK]
        # (k, n, 2): the extents shared along x and y, and the gaps between them along x and y
        shared = np.minimum(part[:, None, 2:], near[None, :, 2:]) - np.maximum(
            part[:, None, :2], near[None, :, :2]
        )
        gap = np.maximum(near[None, :, :2] - part[:, None, 2:], part[:, None, :2] - near[None, :, 2:])
        distance[at : at + CHUNK] = np.hypot(*np.maximum(gap, 0.0).transpose(2, 0, 1)).min(axis=1)
        across = gap[:, :, ::-1]  # the gap across which each shared extent faces
        facing = (shared > EPSILON) & (across >= -EPSILON) & (across <= reach + EPSILON)
        joined[at : at + CHUNK] = facing.any(axis=(1, 2))
    return joined, distance


def _front(sides: dict[Side, Rect], floor: object, fronts: Sequence[Side] = SIDES) -> Side:
    """Of `fronts`, the side of a booth or row whose ring piece overlaps most of the aisle floor there was
    (the way visitors come from); the first of `fronts` on a tie."""
    if floor is None:
        return fronts[0]
    return max(
        fronts,
        key=lambda s: (
            round(float(shapely.area(shapely.intersection(box(*sides[s]), floor))), 6),
            -fronts.index(s),
        ),
    )


def _run(site: Site, rect: Rect) -> int:
    """The run whose strip holds the middle of `rect`, else the nearest (numbering groups by run)."""
    if not site.runs:
        return 0
    cx = (rect[0] + rect[2]) / 2
    return min(site.runs, key=lambda r: (max(r.x0 - cx, cx - r.x1, 0.0), r.index)).index
