"""Regroup a filled hall: swap which booth stands on which spot, among interchangeable spots, so that each
booth has the open sides its type needs, each zone's booths form fewer separate groups and sponsors
stand on main aisles, near an entrance.

The filler places zones one after another along a snake, so where two zones meet a few booths of one
can be left among the other's. Swapping booths moves no rectangle: two spots are interchangeable when
their booths have the same frontage, depth, requested type and kind of spot (`booth_kind`), so every
rule holds as before but keep-apart, which is checked for each move. Given each spot's open sides,
booths of one size and kind of spot trade whatever their types, each only onto a spot with the open
sides its type needs (a corner booth and a standard booth: corner and inline spots are one shape).
Neighbours and groups are as the metrics count them (see `groups`). The pass, in order:

1. types (with open sides): a booth with fewer open sides than its type needs swaps with a booth of
   its shape, of its own zone first, on a spot that has them, adding no zone group;
2. zones: a booth outside its zone's largest group swaps with a booth of another zone on a spot beside
   its zone when that lowers the standing (groups, then booths outside the largest group) of the two
   zones; where no swap will do, booths rotate along a short chain of zones;
3. sponsors, platinum then gold: a sponsor off the main aisles swaps with a booth of no sponsorship on
   a main-aisle spot of its shape, the one nearest an entrance first, and one on a main aisle already
   moves nearer an entrance; a swap across zones only when it adds no zone group. Where a swap would,
   the sponsor may move the border between its zone and the other (`_shift_border`). A corner sponsor
   may also take a row end on a main aisle held by a standard or raw booth of its size: a spot with its
   front on an aisle and a side on the main aisle has the two open sides a corner needs, and the
   standard booth needs only the open front of the corner's spot.
4. with `near_entrances` (the last pass over a hall), a sponsor still off the main aisles, its zone
   having no seat of its shape there, takes the spot of its shape nearest an entrance (`NEARER` metres
   nearer at least) from a booth of no sponsorship, where neither zone's standing gets worse.

Zone groups are never traded for sponsors' seats. Deterministic: the same spots give the same result.
Booths whose ref is in `fixed` never move.

>>> from halllayout.model import BoothRequest
>>> def at(ref, zone, x):
...     return Spot(BoothRequest(ref, ref, 3, 3, zone=zone), x, 0, x + 3, 3, "S", 0, 0)
>>> row = [at("a1", "A", 0), at("b1", "B", 3), at("a2", "A", 6), at("b2", "B", 9)]
>>> [s.request.ref for s in regroup(row, 0, 3)]  # reach 0: neighbours only when touching
['a1', 'a2', 'b1', 'b2']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from halllayout.layout.groups import (
    NO_ZONE,
    TOLERANCE,
    BoolArray,
    FloatArray,
    IntArray,
    ZoneGroups,
    neighbour_pairs,
    zone_labels,
)
from halllayout.layout.placement import Spot
from halllayout.layout.queue import TIER_RANK, booth_kind
from halllayout.layout.site import Rect
from halllayout.model import BoothRequest, Point
from halllayout.rules.metrics import OPEN_SIDES_NEEDED

__all__ = ["SIDES", "main_aisle_spots", "regroup", "sides_touching"]

#: Spots of a chain of booths rotated at once besides the first, chains tried for one group of a zone,
#: and next spots tried per zone at each link.
CHAIN_SPOTS = 4
CHAINS_TRIED = 48
CHAIN_BRANCHES = 2
#: Main-aisle spots tried for one sponsor before giving up, and spots of its zone tried to move the
#: border to a main-aisle spot of another zone (`_shift_border`).
SPONSOR_TRIES = 256
BORDER_TRIES = 8
#: How much nearer an entrance (metres) a seat off the main aisles must be for a sponsor to move there,
#: and how many such seats of other zones are tried, the nearest first (of its own zone, all are).
NEARER = 1.0
ENTRANCE_TRIES = 32
#: Spots tried for a booth with fewer open sides than its type needs.
OPEN_TRIES = 64


def regroup(
    spots: Sequence[Spot],
    reach: float,
    module: float,
    *,
    main_aisles: Sequence[Rect] = (),
    entrances: Sequence[Point] = (),
    fixed: frozenset[str] = frozenset(),
    budget: int | None = None,
    open_sides: Sequence[int] | None = None,
    across_types: bool = False,
    near_entrances: bool = False,
) -> list[Spot]:
    """`spots` of one hall with their booths swapped among interchangeable spots; same order, same rectangles.

    `reach` is the hall's main aisle width (the gap across which booths are neighbours), `module` the
    row depth (for `booth_kind`), `main_aisles` the main aisles' rectangles `x0, y0, x1, y1` and
    `entrances` the entrances' centres. Booths whose ref is in `fixed` stay where they are. `budget`
    bounds the swaps and rotations of the zone stage (default: one per spot). With `open_sides`, each
    spot's count of open sides, booths of one size and kind of spot trade spots whatever their types,
    each going only where it keeps the open sides its type needs (a standard sponsor may take a corner
    booth's row end on a main aisle when its own spot is open on two sides); without, only booths of the
    same type do. With `across_types` too, they do so to join their zones where the zone stage finds no
    other move (`join_zones`). With `near_entrances`, sponsors left off the main aisles then move to the
    seats of their shape nearest an entrance (`seat_near_entrances`). A hall whose zones each form one
    group and whose sponsors have no better seat of their kind comes back as it was.
    """
    n = len(spots)
    if n < 2:
        return list(spots)
    requests = [s.request for s in spots]
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
    pairs = neighbour_pairs(rects, reach)
    zone, kind, shape, rank = _describe(requests, module)
    if open_sides is None:
        shape = kind
    labels = zone_labels(zone, *pairs)
    if fixed:
        movable = np.array([r.ref not in fixed for r in requests], dtype=bool)
    else:
        movable = np.ones(n, dtype=bool)
    sides = sides_touching(rects, main_aisles)
    on_main: BoolArray = np.asarray(sides.any(axis=1), dtype=bool)
    ends = _row_ends(sides, spots)
    zoned = zone != NO_ZONE
    split = len(np.unique(labels[zoned])) > len(np.unique(zone[zoned]))
    need = [OPEN_SIDES_NEEDED.get(r.type, 1) for r in requests]
    short = open_sides is not None and any(a < b for a, b in zip(open_sides, need, strict=True))
    # the entrances' distances, worked out up front only where the last pass may need them to decide
    near = _entrance_distances(rects, entrances) if near_entrances else None
    if (
        not split
        and not short
        and not _seating(shape, rank, movable, on_main)
        and not _corner_seating(requests, movable, ends)
        and not (near is not None and _entrance_seating(shape, rank, movable, on_main, near))
    ):
        return list(spots)
    distance = near if near is not None else _entrance_distances(rects, entrances)
    zones = ZoneGroups(requests, kind, movable, zone, labels, pairs, room=open_sides, need=need, shape=shape)
    if short:
        open_up(zones, on_main)
    if split:
        join_zones(zones, n if budget is None else budget, across_types)
    seat_sponsors(zones, on_main, distance, ends)
    if near_entrances:
        seat_near_entrances(zones, on_main, distance)
    return [
        spot if request is spot.request else dataclasses.replace(spot, request=request)
        for spot, request in zip(spots, zones.requests, strict=True)
    ]


def _describe(
    requests: Sequence[BoothRequest], module: float
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Each booth's zone as a number in order of first appearance (`NO_ZONE` for none), its class of
    interchangeable spots (same frontage, depth, type and `booth_kind`) as a number, the same without the
    type (corner and inline spots one shape), and its sponsorship rank (`TIER_RANK`), each `(n,)`."""
    zones: dict[str, int] = {"": NO_ZONE}
    kinds: dict[tuple[float, float, str, str], int] = {}
    shapes: dict[tuple[float, float, str], int] = {}
    seen: dict[tuple[str, str, float, float, str], tuple[int, int, int, int]] = {}
    described = []
    for r in requests:
        key = (r.zone, r.tier, r.width, r.depth, r.type)
        found = seen.get(key)
        if found is None:
            spot = booth_kind(r, module)
            kind = kinds.setdefault((r.width, r.depth, r.type, spot), len(kinds))
            spot = "inline" if spot == "corner" else spot
            shape = shapes.setdefault((r.width, r.depth, spot), len(shapes))
            zone = zones.setdefault(r.zone, len(zones) - 1)
            found = seen[key] = (zone, kind, shape, TIER_RANK.get(r.tier, 2))
        described.append(found)
    table = np.array(described, dtype=np.intp).reshape(-1, 4)
    return table[:, 0], table[:, 1], table[:, 2], table[:, 3]


def _seating(kind: IntArray, rank: IntArray, movable: BoolArray, on_main: BoolArray) -> bool:
    """Whether a sponsor might find a better seat: a main-aisle spot of its kind held by a booth of no
    sponsorship."""
    sponsors = (rank < 2) & movable
    seats = on_main & (rank == 2) & movable
    return bool(sponsors.any() and seats.any() and np.isin(kind[sponsors], kind[seats]).any())


def _entrance_seating(
    shape: IntArray, rank: IntArray, movable: BoolArray, on_main: BoolArray, distance: FloatArray
) -> bool:
    """Whether a sponsor off the main aisles might find a seat nearer an entrance (`distance`): a spot of
    its shape `NEARER` metres nearer one, held by a booth of no sponsorship."""
    sponsors = np.flatnonzero((rank < 2) & movable & ~on_main)
    seats = np.flatnonzero((rank == 2) & movable)
    if not len(sponsors) or not len(seats):
        return False
    same = shape[sponsors][:, None] == shape[seats][None, :]
    nearer = distance[seats][None, :] < distance[sponsors][:, None] - NEARER
    return bool((same & nearer).any())


#: Sides in the order of `sides_touching`'s columns.
SIDES = ("N", "E", "S", "W")
#: Types a corner sponsor may trade spots with at a main-aisle row end: they need one open side only.
ONE_SIDED = ("standard", "raw")


def _row_ends(sides: BoolArray, spots: Sequence[Spot]) -> BoolArray:
    """Whether each spot has a side other than its front along a main aisle, `(n,)`, given the sides
    along one `(n, 4)`: a row end there, open on its front and on the main aisle."""
    front = np.array([SIDES.index(s.front) for s in spots], dtype=np.intp)
    others = sides.copy()
    others[np.arange(len(spots)), front] = False
    result: BoolArray = np.asarray(others.any(axis=1), dtype=bool)
    return result


def _corner_takes(corner: BoothRequest, other: BoothRequest) -> bool:
    """Whether the corner booth `corner` may trade spots with `other` at a main-aisle row end: `other`
    has no sponsorship, needs one open side only, and is of the same size."""
    return (
        other.type in ONE_SIDED
        and TIER_RANK.get(other.tier, 2) == 2
        and (other.width, other.depth) == (corner.width, corner.depth)
    )


def _corner_seating(requests: Sequence[BoothRequest], movable: BoolArray, ends: BoolArray) -> bool:
    """Whether a corner sponsor might take a main-aisle row end held by a booth it may trade with."""
    corners = [
        r
        for k, r in enumerate(requests)
        if r.type == "corner" and TIER_RANK.get(r.tier, 2) < 2 and movable[k]
    ]
    if not corners:
        return False
    seats = [requests[k] for k in np.flatnonzero(ends & movable).tolist()]
    return any(_corner_takes(c, r) for c in corners for r in seats)


def main_aisle_spots(spots: Sequence[Spot], main_aisles: Sequence[Rect]) -> list[bool]:
    """Whether each spot has a side along a main aisle: the line just outside the side lies in the aisle
    over more than the tolerance (as the metrics count sponsors on main aisles).

    >>> from halllayout.model import BoothRequest
    >>> r = BoothRequest("r", "R", 3, 3)
    >>> spots = [Spot(r, x, y, x + 3, y + 3, "N", 0, 0) for x, y in ((0, 0), (0, 9), (6, 0))]
    >>> main_aisle_spots(spots, [(0, 3, 6, 9)])
    [True, True, False]
    """
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float).reshape(-1, 4)
    result: list[bool] = _touching(rects, main_aisles).tolist()
    return result


def _touching(rects: FloatArray, aisles: Sequence[Rect]) -> BoolArray:
    """Whether each rectangle of `rects` `(n, 4)` has a side along one of `aisles`, `(n,)`."""
    result: BoolArray = np.asarray(sides_touching(rects, aisles).any(axis=1), dtype=bool)
    return result


def sides_touching(rects: FloatArray, aisles: Sequence[Rect]) -> BoolArray:
    """Whether each side (`SIDES`: N, E, S, W) of each rectangle of `rects` `(n, 4)` lies along one of
    `aisles`, `(n, 4)`."""
    if not len(rects) or not aisles:
        return np.zeros((len(rects), 4), dtype=bool)
    r = rects[:, None, :]
    a = np.array(aisles, dtype=float).reshape(1, -1, 4)
    t = TOLERANCE
    along_x = np.minimum(r[..., 2], a[..., 2]) - np.maximum(r[..., 0], a[..., 0]) > t
    along_y = np.minimum(r[..., 3], a[..., 3]) - np.maximum(r[..., 1], a[..., 1]) > t

    def within(value: FloatArray, lo: FloatArray, hi: FloatArray) -> BoolArray:
        inside: BoolArray = (lo <= value) & (value <= hi)
        return inside

    touches = np.stack(
        [
            (along_x & within(r[..., 3] + t, a[..., 1], a[..., 3])).any(axis=1),  # N
            (along_y & within(r[..., 2] + t, a[..., 0], a[..., 2])).any(axis=1),  # E
            (along_x & within(r[..., 1] - t, a[..., 1], a[..., 3])).any(axis=1),  # S
            (along_y & within(r[..., 0] - t, a[..., 0], a[..., 2])).any(axis=1),  # W
        ],
        axis=1,
    )
    result: BoolArray = touches
    return result


def _entrance_distances(rects: FloatArray, entrances: Sequence[Point]) -> FloatArray:
    """Metres from the centre of each rectangle `(n, 4)` to the nearest entrance, `(n,)`, to the
    micrometre; 0 everywhere in a hall without one."""
    if not entrances:
        return np.zeros(len(rects))
    centres = np.stack([(rects[:, 0] + rects[:, 2]) / 2, (rects[:, 1] + rects[:, 3]) / 2], axis=1)
    doors = np.array(entrances, dtype=float).reshape(-1, 2)
    distances = np.hypot(centres[:, None, 0] - doors[None, :, 0], centres[:, None, 1] - doors[None, :, 1])
    result: FloatArray = np.round(distances.min(axis=1), 6)
    return result


# -- types -------------------------------------------------------------------------------------------
def open_up(zones: ZoneGroups, on_main: BoolArray) -> int:
    """Swap each booth with fewer open sides than its type needs onto a spot of its shape that has them
    and whose booth needs no more than the first spot has, adding no zone group and taking no sponsor off
    a main aisle; spots of the booth's own zone first, at most `OPEN_TRIES` per booth. How many swaps
    were made (none without `zones.room`)."""
    room = zones.room
    if room is None:
        return 0
    by_shape: dict[int, list[int]] = {}
    for k, shape in enumerate(zones.shape):
        if zones.movable[k]:
            by_shape.setdefault(shape, []).append(k)
    moves = 0
    for p in range(len(room)):
        if not zones.movable[p] or zones.need[p] <= room[p]:
            continue
        z = zones.zone[p]
        tried = 0
        for s in sorted(by_shape[zones.shape[p]], key=lambda k: (zones.zone[k] != z, k)):
            if s == p or not (zones.fits(p, s) and zones.fits(s, p)):
                continue
            if on_main[p] != on_main[s] and _sponsor(zones, s if on_main[s] else p):
                continue
            tried += 1
            gain = zones.swap_gain(p, s)
            if gain is not None and gain[0] <= 0:
                zones.swap(p, s)
                moves += 1
                break
            if tried >= OPEN_TRIES:
                break
    return moves


def _sponsor(zones: ZoneGroups, k: int) -> bool:
    return TIER_RANK.get(zones.requests[k].tier, 2) < 2


# -- zones -------------------------------------------------------------------------------------------
def join_zones(zones: ZoneGroups, budget: int, across_types: bool = False) -> int:
    """Move booths outside their zone's largest group beside their zone, by swaps or, where no swap will
    do, rotations along a chain, each lowering the standing of the zones it touches, at most `budget` of
    them; how many were made. Swaps are between booths of one kind; with `across_types`, where neither a
    swap nor a rotation will do, between booths of one shape whatever their types (a corner booth and a
    standard booth, each onto a spot with the open sides it needs)."""
    moves = 0
    changed = True
    while changed and moves < budget:
        changed = False
        for z in zones.split():
            while len(zones.groups[z]) > 1 and moves < budget:
                move = _best_swap(zones, z)
                if move is not None:
                    zones.swap(*move)
                elif not _rotate_one(zones, z):
                    move = _best_swap(zones, z, by_shape=True) if across_types else None
                    if move is None:
                        break
                    zones.swap(*move)
                moves += 1
                changed = True
    return moves


def _movable_groups(zones: ZoneGroups, z: int) -> list[int]:
    """The groups of zone `z` whose booths may move, smallest first: all but its largest, which comes last
    when another group is as large."""
    main = zones.main_group(z)
    top = len(zones.members[main])
    tied = sum(len(zones.members[label]) == top for label in zones.groups[z]) > 1
    return sorted(
        (label for label in zones.groups[z] if label != main or tied),
        key=lambda label: (label == main, len(zones.members[label]), min(zones.members[label])),
    )


def _best_swap(zones: ZoneGroups, z: int, by_shape: bool = False) -> tuple[int, int] | None:
    """The swap that most lowers the standing of zone `z` and the other booth's zone, taking a booth of
    one of `z`'s smaller groups (the first that has one) to a spot beside `z` held by a booth of its kind,
    or with `by_shape` of its shape (`ZoneGroups.fits` keeping each booth's open sides); None when none
    does."""
    classes = zones.shape if by_shape else zones.kind
    targets = zones.frontier(z, sorted(zones.groups[z]), by=classes)
    for label in _movable_groups(zones, z):
        best: tuple[tuple[int, int], int, int] | None = None
        for p in sorted(zones.members[label]):
            if not zones.movable[p]:
                continue
            for s in targets.get(classes[p], ()):
                gain = zones.swap_gain(p, s)
                if gain is not None and gain < (0, 0) and (best is None or gain < best[0]):
                    best = (gain, p, s)
        if best is not None:
            return best[1], best[2]
    return None


def _rotate_one(zones: ZoneGroups, z: int) -> bool:
    """Rotate booths along a chain where no swap helps: a booth of `z` outside its largest group goes to
    a spot beside that group, that spot's booth (zone y1) to a spot beside y1's other booths, and so on,
    each zone once, until a booth lands on the first spot beside its own zone. Made, and True, for the
    first chain of at most `CHAIN_SPOTS` further spots that lowers the standing of the zones it touches,
    of `CHAINS_TRIED` per group."""
    ahead = zones.frontier(z, [zones.main_group(z)])
    beside: dict[int, dict[int, list[int]]] = {}
    # each group's spots taken now: a chain tried and undone relabels the groups, not their spots
    for group in [sorted(zones.members[label]) for label in _movable_groups(zones, z)]:
        budget = [CHAINS_TRIED]
        for p in group:
            if not zones.movable[p] or not zones.stays_whole(p):
                continue
            takers = {zones.zone[t] for t in zones.adjacent(p) if zones.zone[t] != z} | {NO_ZONE}
            for s1 in ahead.get(zones.kind[p], ()):
                y1 = zones.zone[s1]
                if y1 in takers or not zones.stays_whole(s1):
                    continue  # a swap would have done, or s1's group would split
                if _chain(zones, p, [s1], {z, y1}, takers, beside, budget):
                    return True
                if budget[0] <= 0:
                    break
            if budget[0] <= 0:
                break
    return False


def _chain(
    zones: ZoneGroups,
    p: int,
    path: list[int],
    seen: set[int],
    takers: set[int],
    beside: dict[int, dict[int, list[int]]],
    budget: list[int],
) -> bool:
    """Extend the chain `p`, *`path` by a spot beside the booths of the zone on its last spot, and try it
    as a rotation once that spot's zone is one of `takers` (those beside `p`). `seen`: the zones in the
    chain; `beside`: frontiers by zone, filled as needed; `budget`: the chains left to try."""
    last = path[-1]
    y = zones.zone[last]
    if y not in beside:
        beside[y] = zones.frontier(y, sorted(zones.groups[y]))
    per_zone: dict[int, int] = {}
    for s in beside[y].get(zones.kind[p], ()):
        ys = zones.zone[s]
        if s == p or s in path or ys in seen or per_zone.get(ys, 0) >= CHAIN_BRANCHES:
            continue
        if not any(zones.zone[t] == y and t != last for t in zones.adjacent(s)):
            continue
        if ys != NO_ZONE and not zones.stays_whole(s):
            continue
        per_zone[ys] = per_zone.get(ys, 0) + 1
        if ys in takers:
            budget[0] -= 1
            if _try_cycle(zones, [p, *path, s]):
                return True
        elif len(path) + 1 < CHAIN_SPOTS and _chain(
            zones, p, [*path, s], seen | {ys}, takers, beside, budget
        ):
            return True
        if budget[0] <= 0:
            return False
    return False


def _try_cycle(zones: ZoneGroups, cycle: list[int]) -> bool:
    """Move the booth on each spot of `cycle` to the next and the last one's to the first, if that keeps
    every keep-apart pair apart, leaves each booth the open sides it needs, and lowers the standing of the
    zones involved; whether it was made."""
    first, rest = cycle[0], cycle[1:]
    involved = sorted({zones.zone[k] for k in cycle} - {NO_ZONE})
    before = zones.standing_of(involved)
    for k in rest:
        zones.exchange(first, k)
    if all(zones.fits(k, k) and zones.apart_here(k) for k in cycle):
        for z in involved:
            zones.relabel(z)
        if zones.standing_of(involved) < before:
            return True
        for k in reversed(rest):
            zones.exchange(first, k)
        for z in involved:
            zones.relabel(z)
        return False
    for k in reversed(rest):
        zones.exchange(first, k)
    return False


# -- sponsors ----------------------------------------------------------------------------------------
def seat_sponsors(
    zones: ZoneGroups, on_main: BoolArray, distance: FloatArray, ends: BoolArray | None = None
) -> int:
    """Swap sponsors, platinum then gold, onto the main-aisle spots (`on_main`) nearest an entrance
    (`distance`, metres) held by booths of no sponsorship, adding no zone group; a sponsor on a main
    aisle already only moves nearer an entrance. A corner sponsor may also take a main-aisle row end
    (`ends`) held by a standard or raw booth of its size (`_corner_takes`). How many swaps were made."""
    rank = np.array([TIER_RANK.get(r.tier, 2) for r in zones.requests], dtype=np.intp)
    movable = np.array(zones.movable, dtype=bool)
    sponsors = np.flatnonzero((rank < 2) & movable)
    sponsors = sponsors[np.argsort(rank[sponsors], kind="stable")]
    main = np.flatnonzero(on_main & movable)
    seats: dict[int, list[int]] = {}
    by_distance = main[np.argsort(distance[main], kind="stable")].tolist()
    for k in by_distance:
        seats.setdefault(zones.shape[k], []).append(k)
    row_ends = [k for k in by_distance if ends is not None and ends[k]]
    near: list[float] = distance.tolist()
    seated: list[bool] = on_main.tolist()
    beside: dict[int, dict[int, list[int]]] = {}
    moves = 0
    for p in sponsors.tolist():
        tried = 0
        candidates = seats.get(zones.shape[p], [])
        if zones.requests[p].type == "corner" and row_ends:
            corner = zones.requests[p]
            others = [k for k in row_ends if _corner_takes(corner, zones.requests[k])]
            candidates = sorted({*candidates, *others}, key=lambda k: (near[k], k))
        for s in candidates:
            if seated[p] and near[s] >= near[p]:
                break  # on a main aisle already, and no seat nearer an entrance is left
            if TIER_RANK.get(zones.requests[s].tier, 2) < 2:
                continue
            tried += 1
            if tried > SPONSOR_TRIES:
                break
            gain = zones.swap_gain(p, s)
            if gain is not None and gain[0] <= 0:
                zones.swap(p, s)
                moves += 1
                break
            if zones.shape[s] == zones.shape[p] and _shift_border(zones, p, s, beside):
                beside.clear()
                moves += 1
                break
    return moves


def seat_near_entrances(zones: ZoneGroups, on_main: BoolArray, distance: FloatArray) -> int:
    """Swap each sponsor still off the main aisles (`on_main`), platinum then gold, onto the spot of its
    shape nearest an entrance (`distance`, metres), at least `NEARER` metres nearer than its own, held
    by a booth of no sponsorship, where the swap leaves both zones' standing (groups, then booths outside
    the largest) no worse: the most visible seat a zone with no main-aisle frontage has. How many
    swaps were made."""
    rank = np.array([TIER_RANK.get(r.tier, 2) for r in zones.requests], dtype=np.intp)
    movable = np.array(zones.movable, dtype=bool)
    sponsors = np.flatnonzero((rank < 2) & movable & ~on_main)
    sponsors = sponsors[np.argsort(rank[sponsors], kind="stable")]
    seats: dict[int, list[int]] = {}
    others = np.flatnonzero((rank == 2) & movable)
    for k in others[np.argsort(distance[others], kind="stable")].tolist():
        seats.setdefault(zones.shape[k], []).append(k)
    moves = 0
    for p in sponsors.tolist():
        tried = 0
        for s in seats.get(zones.shape[p], []):
            if distance[s] >= distance[p] - NEARER:
                break  # none nearer left
            if TIER_RANK.get(zones.requests[s].tier, 2) < 2:
                continue  # a sponsor seated here before
            if zones.zone[s] != zones.zone[p]:  # a seat of its own zone costs no zone a thing
                tried += 1
                if tried > ENTRANCE_TRIES:
                    continue
            gain = zones.swap_gain(p, s)
            if gain is not None and gain[0] <= 0 and gain[1] <= 0:
                zones.swap(p, s)
                moves += 1
                break
    return moves


def _shift_border(zones: ZoneGroups, p: int, s: int, beside: dict[int, dict[int, list[int]]]) -> bool:
    """Seat the sponsor on `p` on the main-aisle spot `s` of another zone y by moving the border between
    the two: the sponsor goes to `s`, y's booth from `s` to a spot q of the sponsor's zone beside y's
    booths, and q's booth (no sponsor) to `p`, if each keeps the open sides its type needs and its
    keep-apart partners away, and the zones gain no group (as `s` and `q` trading zones would), trying
    at most `BORDER_TRIES` spots q. `beside`: frontiers by zone, filled as needed. Whether it was made."""
    z, y = zones.zone[p], zones.zone[s]
    if NO_ZONE in (z, y) or z == y:
        return False
    if y not in beside:
        beside[y] = zones.frontier(y, sorted(zones.groups[y]), by=zones.shape)
    tried = 0
    for q in beside[y].get(zones.shape[p], ()):
        if zones.zone[q] != z or q == p or _sponsor(zones, q):
            continue
        if not (zones.fits(p, s) and zones.fits(s, q) and zones.fits(q, p)):
            continue
        tried += 1
        gain = zones.zone_gain(q, s)
        if gain is not None and gain[0] <= 0:
            zones.swap(q, s)  # y's booth to q, q's booth to s
            zones.exchange(p, s)  # the sponsor to s, q's booth on to p: one zone, no group changes
            if all(zones.apart_here(k) for k in (p, s, q)):
                return True
            zones.exchange(p, s)
            zones.exchange(q, s)
            zones.relabel(z)
            zones.relabel(y)
        if tried >= BORDER_TRIES:
            break
    return False
