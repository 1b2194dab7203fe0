"""Booths standing at the free end of a row of their own zone, where its block left floor no booth took.

A part-filled hall leaves stretches of its blocks' rows empty: floor inside a block, neither aisle nor
booth. Three uses of them, all so that booths join their zone's others rather than stand apart:

- re-laying out (`lengthen_rows`), a new row booth (one row deep) whose zone has a row ending at such a
  stretch stands there, at the row's end, facing the row's aisle, before any booth goes into the open
  floor; then (`stand_across`) new booths stand across an aisle from their zone's booths as strays
  rejoining do (below);
- once a hall is filled (`rejoin`), a split zone's smaller group of row booths moves whole to stretches
  at the ends of the rows of its largest group; where none is free, to floor across an aisle from one
  of that group's booths (an aisle no wider than a main aisle, so that the two are neighbours as the
  metrics count them; flush with either end of the booth faced, else slid along it), the open floor
  included, there starting a row of its own that the group's other booths lengthen; its booths two rows
  deep (peninsulas, islands, raw space), which lengthen no row, stand only across an aisle, and first.
  Where neither is free, a booth stands on the floor beside one of the group's booths, its back flush
  against it, its front on an aisle (`_backed`). A group that finds no room beside the largest tries
  the zone's other groups at least as large (one group fewer either way); last, the largest group
  itself moves to a smaller one, where none of those could come to it (a lone island that finds no
  floor beside a row of the zone, while the row's booths find floor beside the island). The open bands
  they stand on are cut round them (`open_floor.open_floor_around`).

A stretch is taken only where the booth stays clear of every booth, aisle (the open floor too, but for
`rejoin`), column, keep-clear area and door's clear area, inside the hall; its front gives onto a
declared aisle all along; the block it joins
stays within the row-length rule (blocks counted as the rule counts them); neither it nor any booth
beside it is left fewer open sides than its type needs (a booth already short of them is not made
shorter); and no keep-apart partner stands beside it. Rows are tried in the order their booths stand,
booths in list order: deterministic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import shapely
from shapely import box
from shapely.geometry.base import BaseGeometry

from halllayout.layout.groups import NO_ZONE, neighbour_pairs, zone_labels
from halllayout.layout.placement import EPSILON, PlacedIndex, Spot
from halllayout.layout.queue import booth_kind
from halllayout.layout.site import Rect
from halllayout.model import SIDES, Aisle, BoothRequest, Hall, Side
from halllayout.rules.geometry import facing, reaching, side_strips
from halllayout.rules.metrics import OPEN_SIDES_NEEDED

__all__ = ["block_extent", "lengthen_rows", "overlapping", "rejoin", "stand_across"]

#: Booths beside a stretch whose open sides are counted again: those within this many aisle depths.
NEAR = 2.0
#: How far a booth standing across an aisle slides along the booth it faces at each step (metres).
SLIDE = 1.0
#: How deep a strip in front of a booth must be aisle all along (metres).
FRONT_PROBE = 1.0

#: Open sides of spots (`numbering.open_sides` with the hall's walls): the caller's, so that walls and
#: obstacles count as the rules count them.
SidesOf = Callable[[Sequence[Spot]], list[tuple[Side, ...]]]


def lengthen_rows(
    hall: Hall,
    module: float,
    index: PlacedIndex,
    waiting: Sequence[BoothRequest],
    aisles: Sequence[Aisle],
    obstacles: Sequence[Rect],
    sides_of: SidesOf,
) -> list[Spot]:
    """Stand each of `waiting` that is a row booth `module` deep at the end of a row of its zone in
    `hall` where the floor is free (see the module); the spots made, in list order, also added to
    `index`. `aisles`: the hall's aisles (any kind: none is stood on); `obstacles`: columns, keep-clear
    areas and doors' clear areas; `sides_of`: open sides of spots as the rules count them."""
    floor = _floor(hall, aisles, obstacles)
    made: list[Spot] = []
    for request in waiting:
        if not _row_booth(request, module):
            continue
        anchors = [s for s in index.spots if s.request.zone == request.zone and request.zone]
        spot = _stretch_for(request, anchors, hall, index, floor, sides_of)
        if spot is not None:
            index.add(spot)
            made.append(spot)
    return made


def stand_across(
    hall: Hall,
    module: float,
    index: PlacedIndex,
    waiting: Sequence[BoothRequest],
    aisles: Sequence[Aisle],
    obstacles: Sequence[Rect],
    sides_of: SidesOf,
) -> list[Spot]:
    """Stand each of `waiting` whose zone has booths in `hall` across an aisle from one of them (no wider
    than a main aisle), facing it, on free floor or on the open floor of `aisles`; a row booth (`module`
    deep) at the end of a row its zone has there first (`lengthen_rows` has taken the stretches inside
    the blocks). Booths two rows deep first, the largest first, then row booths, in list order among
    equals; the spots made, in the order made, as added to `index`. The caller cuts the open bands round
    them (`open_floor.open_floor_around`)."""
    floor = _floor(hall, aisles, obstacles, open_floor=True)
    made: list[Spot] = []
    facing: dict[str, list[tuple[Spot, Side, float]]] = {}
    # booths like one that found no spot find none either until a booth more stands
    # (keep-apart partners aside)
    failed: dict[tuple[str, str, float, float], int] = {}
    for request in (waiting[k] for k in _deep_first(waiting, module)):
        if not request.zone:
            continue
        like = (request.zone, request.type, request.width, request.depth)
        alike = request.ref not in index.involved
        if alike and failed.get(like) == len(index.spots):
            continue
        anchors = [s for s in index.spots if s.request.zone == request.zone]
        if not anchors:
            continue
        if request.zone not in facing:
            facing[request.zone] = _aisles_beside(anchors, hall.main_aisle, floor[1])
        row = anchors if _row_booth(request, module) else ()
        spot = _stretch_for(request, row, hall, index, floor, sides_of, facing[request.zone])
        if spot is None:
            if alike:
                failed[like] = len(index.spots)
            continue
        index.add(spot)
        made.append(spot)
        # the sides it faces the floor across (a side since closed only loses its candidates)
        facing[request.zone] += _aisles_beside([spot], hall.main_aisle, floor[1])
    return made


def _row_booth(request: BoothRequest, module: float) -> bool:
    """Whether `request` stands in a row `module` deep (an inline or corner booth of that depth)."""
    return booth_kind(request, module) in ("inline", "corner") and abs(request.depth - module) <= EPSILON


def _deep_first(requests: Sequence[BoothRequest], module: float) -> list[int]:
    """The positions of `requests` in the order they look for floor: booths two rows deep (in no row
    `module` deep: peninsulas, islands, raw space) first, the largest first, while the floor is freest;
    then row booths; list order among equals."""
    return sorted(
        range(len(requests)),
        key=lambda k: (_row_booth(requests[k], module), -requests[k].width * requests[k].depth),
    )


#: The hall's outline, the floor of its aisles (open floor left out) and the rectangles nothing may
#: stand on (aisles of any kind, obstacles), each ready for many tests.
Floor = tuple[BaseGeometry, BaseGeometry, np.ndarray]


def _floor(
    hall: Hall, aisles: Sequence[Aisle], obstacles: Sequence[Rect], *, open_floor: bool = False
) -> Floor:
    """The floor (see `Floor`); the open floor free to stand on where `open_floor`."""
    outline = shapely.Polygon(hall.outline)
    shapely.prepare(outline)
    walkable = shapely.unary_union([box(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind != "open"])
    shapely.prepare(walkable)
    blocked = np.array(
        [(a.x0, a.y0, a.x1, a.y1) for a in aisles if not (open_floor and a.kind == "open")] + list(obstacles),
        dtype=float,
    )
    return outline, walkable, blocked.reshape(-1, 4)


def _stretch_for(
    request: BoothRequest,
    anchors: Sequence[Spot],
    hall: Hall,
    index: PlacedIndex,
    floor: Floor,
    sides_of: SidesOf,
    facing: Sequence[tuple[Spot, Side, float]] = (),
    backing: Sequence[Spot] = (),
) -> Spot | None:
    """The first free stretch at the end of the row of one of `anchors` (booths standing in `index`)
    where `request` may stand (see the module), as a spot; then the first facing a booth of `facing`
    across the aisle beside one of its sides (`_across`); then the first backing onto a side of one of
    `backing` (`_backed`); None when there is none."""
    outline, walkable, blocked = floor
    spots = index.spots
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float).reshape(-1, 4)
    before: list[Sequence[tuple[Side, ...]]] = []  # the open sides of `spots`, once needed

    def first(candidates: list[tuple[Rect, Side, int]]) -> Spot | None:
        """The first of `candidates` (rectangle, front, run) where `request` may stand."""
        if not candidates:
            return None
        boxes = np.array([rect for rect, _, _ in candidates], dtype=float)
        clear = ~(overlapping(boxes, rects) | overlapping(boxes, blocked))
        for k in np.flatnonzero(clear).tolist():
            rect, front, run = candidates[k]
            if not outline.covers(box(*rect)):
                continue
            if not walkable.covers(box(*_beside(boxes[k : k + 1], front, FRONT_PROBE)[0])):
                continue
            if not index.keeps_apart(request, rect):
                continue
            if block_extent(rects, rect) > hall.rules.max_row_length + EPSILON:
                continue
            spot = Spot(request, *rect, front=front, run=run, order=len(spots))
            if not before:
                before.append(sides_of(spots))
            if _sides_kept(spots, rects, spot, hall.secondary_aisle, sides_of, before[0]):
                return spot
        return None

    # each kind of place in turn, the first that has one wins: the later are not worked out
    ends: list[tuple[Rect, Side, int]] = []
    for s in anchors:
        across = s.y1 - s.y0 if s.front in ("N", "S") else s.x1 - s.x0
        if abs(across - request.depth) <= EPSILON:  # a row as deep as the booth
            ends += [(rect, s.front, s.run) for rect in _ends(s, request.width)]
    found = first(ends)
    if found is None and facing:
        found = first(
            [
                (rect, OPPOSITE[side], s.run)
                for s, side, gap in facing
                for rect in _across(s, side, gap, request)
            ]
        )
    if found is None and backing:
        sides = _floor_beside(backing, np.concatenate([rects, blocked]))
        found = first(
            [
                (rect, front, s.run)
                for s, free in zip(backing, sides, strict=True)
                for rect, front in _backed(s, request, free)
            ]
        )
    return found


#: The side facing each side across an aisle.
OPPOSITE: dict[Side, Side] = {"N": "S", "S": "N", "E": "W", "W": "E"}


def _across(s: Spot, side: Side, gap: float, request: BoothRequest) -> list[Rect]:
    """Where `request` may stand facing `side` of the booth `s` across the `gap` metres of aisle beside
    it: flush with either end of that side, then slid along it a metre at a time (nearest the ends
    first), so long as the two still face each other over at least a metre."""
    w, d = request.width, request.depth
    horizontal = side in ("N", "S")
    low, high = (s.x0, s.x1) if horizontal else (s.y0, s.y1)
    starts = [low, high - w]
    slid = np.arange(low - w + SLIDE, high - SLIDE + EPSILON, SLIDE)
    starts += sorted(slid.tolist(), key=lambda t: (min(abs(t - low), abs(t - (high - w))), t))
    rects: list[Rect] = []
    for t in starts:
        if side == "N":
            rects.append((t, s.y1 + gap, t + w, s.y1 + gap + d))
        elif side == "S":
            rects.append((t, s.y0 - gap - d, t + w, s.y0 - gap))
        elif side == "E":
            rects.append((s.x1 + gap, t, s.x1 + gap + d, t + w))
        else:
            rects.append((s.x0 - gap - d, t, s.x0 - gap, t + w))
    return list(dict.fromkeys(rects))


def _backed(s: Spot, request: BoothRequest, sides: Sequence[Side]) -> list[tuple[Rect, Side]]:
    """Where `request` may stand on the floor beside `s`, its back flush against one of `sides` of `s`
    (as `_across` slides it, with no aisle between), each with its front: the side facing away from
    `s`, and for a square booth either side across too; side by side in the order of `sides`."""
    result: list[tuple[Rect, Side]] = []
    square = abs(request.width - request.depth) <= EPSILON
    for side in sides:
        across: tuple[Side, ...] = ("E", "W") if side in ("N", "S") else ("N", "S")
        fronts = (side, *across) if square else (side,)
        result += [(rect, front) for rect in _across(s, side, 0.0, request) for front in fronts]
    return result


def _floor_beside(spots: Sequence[Spot], taken: np.ndarray) -> list[tuple[Side, ...]]:
    """The sides of each of `spots` (N, E, S, W) not all along against one of `taken` `(n, 4)` (a
    booth, an aisle, an obstacle): a booth backing onto a side all along against one would stand on
    it, since it faces that side over a metre at least."""
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
    covered = np.zeros((len(spots), len(SIDES)), dtype=bool)
    for column, side in enumerate(SIDES):
        strips = _beside(rects, side, FRONT_PROBE)
        within = (
            (taken[None, :, 0] <= strips[:, None, 0] + EPSILON)
            & (taken[None, :, 1] <= strips[:, None, 1] + EPSILON)
            & (taken[None, :, 2] >= strips[:, None, 2] - EPSILON)
            & (taken[None, :, 3] >= strips[:, None, 3] - EPSILON)
        )
        covered[:, column] = within.any(axis=1) if len(taken) else False
    return [
        tuple(side for side, shut in zip(SIDES, row, strict=True) if not shut) for row in covered.tolist()
    ]


def _aisles_beside(
    spots: Sequence[Spot], reach: float, walkable: BaseGeometry
) -> list[tuple[Spot, Side, float]]:
    """Each side of each of `spots` (N, E, S, W) all along which an aisle no wider than `reach` lies (a
    main aisle: so that booths facing each other across it are neighbours as the metrics count them),
    with the aisle's width there: how far the floor that is not aisle begins from it, in a probe
    `reach` + 1 m deep outside the side."""
    if not spots:
        return []
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
    found: list[tuple[int, int, float]] = []
    for column, side in enumerate(SIDES):
        # a side with a booth against it (a row's inner sides, a block's backs) faces no aisle
        free = np.flatnonzero(~overlapping(_beside(rects, side, FRONT_PROBE), rects))
        if not len(free):
            continue
        probes = _beside(rects[free], side, reach + 1.0)
        rest = shapely.difference(shapely.box(*probes.T), walkable)
        solid = ~shapely.is_empty(rest) & (shapely.area(rest) > EPSILON)  # else wider than a main aisle
        bounds = shapely.bounds(rest)
        r = rects[free]
        depth = {
            "N": bounds[:, 1] - r[:, 3],
            "S": r[:, 1] - bounds[:, 3],
            "E": bounds[:, 0] - r[:, 2],
            "W": r[:, 0] - bounds[:, 2],
        }[side]
        keep = solid & (depth > EPSILON) & (depth <= reach + EPSILON)
        found += [(i, column, d) for i, d in zip(free[keep].tolist(), depth[keep].tolist(), strict=True)]
    found.sort(key=lambda item: item[:2])
    return [(spots[i], SIDES[column], d) for i, column, d in found]


def _beside(rects: np.ndarray, side: Side, depth: float) -> np.ndarray:
    """The strips `depth` deep outside `side` of each of `rects` `(n, 4)` (`side_strips`' of one side)."""
    strips: np.ndarray = side_strips(rects, depth).reshape(-1, len(SIDES), 4)[:, SIDES.index(side)]
    return strips


def _ends(s: Spot, width: float) -> list[Rect]:
    """The rectangles `width` long continuing `s`'s row past either end (west then east, or south then
    north)."""
    if s.front in ("N", "S"):
        return [(s.x0 - width, s.y0, s.x0, s.y1), (s.x1, s.y0, s.x1 + width, s.y1)]
    return [(s.x0, s.y0 - width, s.x1, s.y0), (s.x0, s.y1, s.x1, s.y1 + width)]


def _within(rects: np.ndarray, rect: Rect | np.ndarray, reach: float) -> np.ndarray:
    """Which of `rects` come nearer than `reach` to `rect` on both axes (overlap it, for `reach` < 0)."""
    x0, y0, x1, y1 = rect
    result: np.ndarray = (
        (rects[:, 0] < x1 + reach)
        & (rects[:, 2] > x0 - reach)
        & (rects[:, 1] < y1 + reach)
        & (rects[:, 3] > y0 - reach)
    )
    return result


def overlapping(boxes: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """Which of `boxes` `(m, 4)` share area with one of `rects` `(n, 4)`, `(m,)`."""
    if not len(rects):
        return np.zeros(len(boxes), dtype=bool)
    b, r = boxes[:, None, :], rects[None, :, :]
    hit = (
        (r[..., 0] < b[..., 2] - EPSILON)
        & (r[..., 2] > b[..., 0] + EPSILON)
        & (r[..., 1] < b[..., 3] - EPSILON)
        & (r[..., 3] > b[..., 1] + EPSILON)
    )
    result: np.ndarray = np.asarray(hit.any(axis=1), dtype=bool)
    return result


def block_extent(rects: np.ndarray, rect: Rect) -> float:
    """The extent along its longer axis of the block of booths joined edge to edge that `rect` would
    join (as the row-length rule counts blocks)."""
    seen = np.zeros(len(rects), dtype=bool)
    frontier = [np.array(rect, dtype=float)]
    low = np.array(rect[:2], dtype=float)
    high = np.array(rect[2:], dtype=float)
    while frontier:
        r = frontier.pop()
        found = np.flatnonzero(facing(rects, np.broadcast_to(r, rects.shape), 0.0) & ~seen)
        seen[found] = True
        for k in found.tolist():
            low = np.minimum(low, rects[k, :2])
            high = np.maximum(high, rects[k, 2:])
            frontier.append(rects[k])
    return float((high - low).max())


def _sides_kept(
    spots: Sequence[Spot],
    rects: np.ndarray,
    spot: Spot,
    depth: float,
    sides_of: SidesOf,
    before: Sequence[tuple[Side, ...]],
) -> bool:
    """Whether `spot` has the open sides its type needs, and no booth near it has fewer than it needs
    where it had them, once `spot` stands among `spots` (whose open sides are `before`, as `sides_of`
    gives them: a side is open while no booth reaches into the strip `depth` deep outside it)."""
    rect = (spot.x0, spot.y0, spot.x1, spot.y1)
    near = np.flatnonzero(_within(rects, rect, NEAR * depth))
    own = sides_of([*(spots[k] for k in near.tolist()), spot])[-1]
    if len(own) < OPEN_SIDES_NEEDED.get(spot.request.type, 1):
        return False
    if not len(near):
        return True
    shut = np.stack(
        reaching(rects[near], np.broadcast_to(np.array(rect, dtype=float), (len(near), 4)), depth), 1
    )
    for k, closed in zip(near.tolist(), shut.tolist(), strict=True):
        had = before[k]
        kept = [side for side in had if not closed[SIDES.index(side)]]
        if len(kept) < min(OPEN_SIDES_NEEDED.get(spots[k].request.type, 1), len(had)):
            return False
    return True


def rejoin(
    hall: Hall,
    module: float,
    spots: Sequence[Spot],
    aisles: Sequence[Aisle],
    obstacles: Sequence[Rect],
    sides_of: SidesOf,
    onto_open_floor: bool = True,
) -> list[Spot]:
    """`spots` of a filled hall, same order, with each smaller group of a split zone (the smallest first)
    moved whole to free stretches at the ends of rows of the zone's largest group (its row booths,
    `module` deep), or across an aisle from one of its booths (see the module), where each of its booths
    finds a stretch; where it finds none there, beside another group of the zone at least as large, the
    larger first (one group fewer either way); groups as the metrics count them (neighbours across a main
    aisle's width). Last, where the others could not come to it, the largest group moves to another it
    finds room beside, the larger first. A group that cannot move whole stays where it is.
    Deterministic. The caller cuts the open bands of `aisles` round the booths moved
    (`open_floor.open_floor_around`). Where not `onto_open_floor`, the booths stand only on floor no
    open band covers."""
    result = list(spots)
    if len(result) < 2:
        return result
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in result], dtype=float)
    codes: dict[str, int] = {"": NO_ZONE}
    zone = np.array([codes.setdefault(s.request.zone, len(codes) - 1) for s in result], dtype=np.intp)
    labels = zone_labels(zone, *neighbour_pairs(rects, hall.main_aisle))
    involved = frozenset(
        ref for s in result for ref in (s.request.ref, *s.request.keep_apart) if s.request.keep_apart
    )
    floor = _floor(hall, aisles, obstacles, open_floor=onto_open_floor)
    for z in sorted(set(zone.tolist()) - {NO_ZONE}):
        groups = sorted(
            (
                np.flatnonzero((zone == z) & (labels == label)).tolist()
                for label in np.unique(labels[zone == z])
            ),
            key=lambda members: (-len(members), members[0]),
        )
        if len(groups) < 2:
            continue
        for g in range(len(groups) - 1, -1, -1):  # the smallest first
            members = groups[g]
            if not members:
                continue
            # to the largest group, else to another at least as large (one group fewer either way);
            # the largest moves to a smaller one only where none of those could move to it
            targets = (groups[0], *groups[1:g]) if g else groups[1:]
            for target in [t for t in targets if t]:
                moved = _move_group(hall, module, result, target, members, involved, floor, sides_of)
                if moved is not None:
                    for k, spot in zip(members, moved, strict=True):
                        result[k] = spot
                    target.extend(members)
                    members.clear()
                    break
    return result


def _move_group(
    hall: Hall,
    module: float,
    spots: Sequence[Spot],
    main: Sequence[int],
    members: Sequence[int],
    involved: frozenset[str],
    floor: Floor,
    sides_of: SidesOf,
) -> list[Spot] | None:
    """The spots the booths on `members` would take at the ends of rows of the booths on `main` (then of
    those moved before them), or across an aisle from one of the booths on `main`, in the order of
    `members`; None when one of them finds none. A booth that stands in no row (two rows deep:
    peninsulas, islands, raw space) only across an aisle, and those go first, the largest first, while
    the floor there is freest."""
    leaving = set(members)
    index = PlacedIndex(hall.main_aisle, involved)
    for k, s in enumerate(spots):
        if k not in leaving:
            index.add(s)
    anchors = [spots[k] for k in main]
    facing = _aisles_beside(anchors, hall.main_aisle, floor[1])
    moved: dict[int, Spot] = {}
    requests = [spots[k].request for k in members]
    for k in (members[j] for j in _deep_first(requests, module)):
        request = spots[k].request
        row = anchors if _row_booth(request, module) else ()
        spot = _stretch_for(request, row, hall, index, floor, sides_of, facing, anchors)
        if spot is None:
            return None
        spot = dataclasses.replace(spot, order=spots[k].order)
        index.add(spot)
        anchors.append(spot)
        moved[k] = spot
    return [moved[k] for k in members]


def within_row_rule(spots: Sequence[Spot], stacked: Sequence[Spot], max_row: float) -> list[Spot]:
    """The booths of `stacked` (new, among `spots`) that may stand: of those touching a booth that
    stood before and in a block longer than `max_row` metres, the last stacked is left out, and so on
    until every such block is within it. Blocks stacked in the open floor keep to the rule among
    themselves; one stacked against the end of a row that stood there before (on the floor the row's
    zone left over) may not."""
    new = set(stacked)
    old = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots if s not in new], dtype=float).reshape(-1, 4)
    kept = list(stacked)

    def touching(s: Spot) -> bool:
        rect = np.broadcast_to(np.array((s.x0, s.y0, s.x1, s.y1), dtype=float), old.shape)
        return bool(facing(old, rect, 0.0).any())

    joining = [s for s in kept if touching(s)]
    while joining:
        rects = np.vstack(
            [old, np.array([(s.x0, s.y0, s.x1, s.y1) for s in kept], dtype=float).reshape(-1, 4)]
        )
        too_long = [s for s in joining if block_extent(rects, (s.x0, s.y0, s.x1, s.y1)) > max_row + EPSILON]
        if not too_long:
            break
        last = max(too_long, key=kept.index)
        kept.remove(last)
        joining.remove(last)
    return kept
