"""Trade a cap on a main aisle for row booths at an open end of another double row of its zone, so that the
zone's sponsors find row ends on the main aisle.

A cap (a peninsula or raw stand across both rows of a double row, `booth_kind` "cap") at a double row's
end on a main aisle takes the spot of two row ends, each a sponsor's seat. Where the zone's sponsors
wait off the main aisles for such seats, the cap changes places with a block of row booths of the same
zone, as wide as the cap and both rows deep, at an open end of another of the zone's double rows: the
block's booths stand at the main aisle in the same order from the end (the outer ones on the main aisle),
the cap at the open end. The two footprints are the same rectangle's size, so the floor the booths cover
is the same and every rule holds as before: the cap keeps three open sides (the end and both fronts),
the row booths (standard or raw, one open side needed) keep their fronts. A cap whose type needs no
more than two open sides (raw space, a standard stand two rows deep) may also take a block in the middle
of a double row, open on both fronts, where no open end has a block for it. `regroup` then seats the
sponsors on the row ends freed. Booths that name or are named by a keep-apart pair never move.

>>> from halllayout.model import BoothRequest
>>> cap = BoothRequest("cap", "Cap", 6, 6, type="peninsula", zone="Z")
>>> gold = BoothRequest("gold", "Gold", 3, 3, zone="Z", tier="gold")
>>> rows = [BoothRequest(f"r{k}", "R", 3, 3, zone="Z") for k in range(4)]
>>> spots = [Spot(cap, 24, 0, 30, 6, "S", 0, 0), Spot(gold, 0, 20, 3, 23, "S", 1, 1)]
>>> places = [(0, 9, "S"), (3, 9, "S"), (0, 12, "N"), (3, 12, "N")]  # a double row's west end
>>> spots += [Spot(r, x, y, x + 3, y + 3, f, 1, 2 + k) for k, (r, (x, y, f)) in enumerate(zip(rows, places))]
>>> moved = trade_caps(spots, [(30, -10, 36, 40)], 3, 3, lambda probe: True)
>>> [(s.request.ref, s.x0, s.y0) for s in moved if s.request.ref in ("cap", "r0", "r2")]
[('cap', 0, 9), ('r0', 27, 0), ('r2', 27, 3)]
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from halllayout.layout.placement import EPSILON, Spot
from halllayout.layout.queue import TIER_RANK, booth_kind
from halllayout.layout.regroup import main_aisle_spots
from halllayout.layout.site import Rect
from halllayout.rules.metrics import OPEN_SIDES_NEEDED

__all__ = ["trade_caps"]

#: How far past a block's end to look for a wall, column or keep-clear area closing it (metres): as far
#: as a column closes a side in the metrics (`COLUMN_REACH`).
END_PROBE = 1.0
#: Types that need one open side only: the booths a block may hold.
ONE_SIDED = ("standard", "raw")
#: Open sides a cap has in the middle of a double row: its two fronts.
MIDDLE_SIDES = 2


def trade_caps(
    spots: Sequence[Spot],
    main_aisles: Sequence[Rect],
    module: float,
    aisle: float,
    is_open: Callable[[Rect], bool],
) -> list[Spot]:
    """`spots` of one hall, same order, with caps on a main aisle traded for blocks of row booths where
    the zone's sponsors wait for row ends (see the module). `module` is the row depth, `aisle` the
    secondary aisle width (a block's end is open when no booth stands within it), `is_open(probe)` tells
    whether the floor of a thin strip is walkable (inside the hall, no column or keep-clear area).
    Deterministic."""
    result = list(spots)
    if not main_aisles or not any(TIER_RANK.get(s.request.tier, 2) < 2 for s in spots):
        return result
    on_main = main_aisle_spots(result, main_aisles)
    waiting = Counter(
        _seat(s)
        for s, seated in zip(result, on_main, strict=True)
        if not seated and TIER_RANK.get(s.request.tier, 2) < 2 and _rowed(s, module)
    )
    if not waiting:
        return result
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in result], dtype=float)
    sides = [_main_side(s, main_aisles) for s in result]
    # booths that name or are named by a keep-apart pair stay where they are
    fixed = frozenset(
        ref for s in result for ref in (s.request.ref, *s.request.keep_apart) if s.request.keep_apart
    )
    caps = [
        k
        for k, s in enumerate(result)
        if sides[k] is not None
        and booth_kind(s.request, module) == "cap"
        and TIER_RANK.get(s.request.tier, 2) == 2
        and s.request.ref not in fixed
        and abs(s.y1 - s.y0 - 2 * module) < EPSILON
    ]
    zones = {result[k].request.zone for k in caps}
    ends = [
        (e, east)
        for e, east in _open_ends(result, rects, module, aisle, zones)
        if result[e].request.ref not in fixed
    ]
    # blocks in the middle of a double row, from the west edge of each booth of its south row, with
    # the booths the sponsors would seat at either end
    middles = [
        (k, east)
        for k, s in enumerate(result)
        if s.front == "S" and s.request.zone in zones and _rowed(s, module) and s.request.ref not in fixed
        for east in (False, True)
    ]
    used: set[int] = set()
    for k in caps:
        if not any(count > 0 and key[0] == result[k].request.zone for key, count in waiting.items()):
            continue
        block = _block(result, rects, main_aisles, k, (module, fixed), ends, is_open, used, waiting)
        if block is None and OPEN_SIDES_NEEDED.get(result[k].request.type, 1) <= MIDDLE_SIDES:
            block = _block(result, rects, main_aisles, k, (module, fixed), middles, None, used, waiting)
        if block is None:
            continue
        members, east = block
        for m in _outer(result, members, east):
            if waiting[_seat(result[m])] > 0:
                waiting[_seat(result[m])] -= 1
        _swap(result, rects, k, members, east, sides[k] == "W")
        used.update(members)
        used.add(k)
    return result


def _seat(s: Spot) -> tuple[str, float, float, str]:
    return (s.request.zone, s.request.width, s.request.depth, s.request.type)


def _rowed(s: Spot, module: float) -> bool:
    """Whether `s` holds a booth that stands in a row and needs one open side only."""
    return s.request.type in ONE_SIDED and booth_kind(s.request, module) == "inline"


def _main_side(s: Spot, main_aisles: Sequence[Rect]) -> str | None:
    """The side, "W" or "E", of `s` along the side of a north-south main aisle, or None."""
    for x0, y0, x1, y1 in main_aisles:
        if y1 - y0 <= x1 - x0 or not (y0 - EPSILON <= s.y0 and s.y1 <= y1 + EPSILON):
            continue
        if abs(s.x0 - x1) < EPSILON:
            return "W"
        if abs(s.x1 - x0) < EPSILON:
            return "E"
    return None


def _block(
    spots: list[Spot],
    rects: np.ndarray,
    main_aisles: Sequence[Rect],
    k: int,
    rules: tuple[float, frozenset[str]],
    ends: list[tuple[int, bool]],
    is_open: Callable[[Rect], bool] | None,
    used: set[int],
    waiting: Counter[tuple[str, float, float, str]],
) -> tuple[list[int], bool] | None:
    """The first block of row booths to trade cap `k` for: the booths (by index) and whether the block's
    open end is its east end; None when there is none that seats a waiting sponsor. `ends`: the south-row
    booths a block may begin at (west end) or end at (east end), each with whether the block's end to
    go to the main aisle is its east end; with `is_open`, that end must be open floor (an open end of
    a double row), without, the block may stand anywhere along the row (both ends need not be open)."""
    module, fixed = rules
    cap = spots[k]
    width = cap.x1 - cap.x0
    zone = cap.request.zone
    for e, east in ends:
        s = spots[e]
        if e in used or s.request.zone != zone:
            continue
        if is_open is None:
            x0, x1 = s.x0, s.x0 + width
        else:
            x0, x1 = (s.x1 - width, s.x1) if east else (s.x0, s.x0 + width)
        block = (x0, s.y0, x1, s.y0 + 2 * module)
        members = _tiled(spots, rects, block, zone, module)
        if members is None or any(m in used or spots[m].request.ref in fixed for m in members):
            continue
        probe = (x1, s.y0, x1 + END_PROBE, block[3]) if east else (x0 - END_PROBE, s.y0, x0, block[3])
        if (is_open is not None and not is_open(probe)) or any(
            _main_side(spots[m], main_aisles) for m in members
        ):
            continue  # closed by a wall, column or keep-clear area, or on a main aisle already
        if any(waiting[_seat(spots[m])] > 0 for m in _outer(spots, members, east)):
            return members, east
    return None


def _open_ends(
    spots: list[Spot], rects: np.ndarray, module: float, aisle: float, zones: set[str]
) -> list[tuple[int, bool]]:
    """The booths of `zones` in the south row of a double row that stand at one of its ends, with no
    booth within an aisle's width past it, each with whether that end is its east end; in spot order,
    west ends first."""
    rows = [
        k for k, s in enumerate(spots) if s.front == "S" and s.request.zone in zones and _rowed(s, module)
    ]
    if not rows:
        return []
    c = rects[rows]
    r = rects
    t = EPSILON
    y_overlap = (r[None, :, 1] < c[:, None, 1] + 2 * module - t) & (r[None, :, 3] > c[:, None, 1] + t)
    west = y_overlap & (r[None, :, 0] < c[:, None, 0] - t) & (r[None, :, 2] > c[:, None, 0] - aisle + t)
    east = y_overlap & (r[None, :, 0] < c[:, None, 2] + aisle - t) & (r[None, :, 2] > c[:, None, 2] + t)
    west_clear: list[bool] = np.asarray(~west.any(axis=1), dtype=bool).tolist()
    east_clear: list[bool] = np.asarray(~east.any(axis=1), dtype=bool).tolist()
    ends = [(k, False) for k, clear in zip(rows, west_clear, strict=True) if clear]
    ends += [(k, True) for k, clear in zip(rows, east_clear, strict=True) if clear]
    return ends


def _tiled(spots: list[Spot], rects: np.ndarray, block: Rect, zone: str, module: float) -> list[int] | None:
    """The booths that exactly fill `block`, two rows deep, each a movable row booth of `zone` facing
    out of its row (south row south, north row north); None when the block holds anything else."""
    x0, y0, x1, y1 = block
    hit = np.flatnonzero(
        (rects[:, 0] < x1 - EPSILON)
        & (rects[:, 2] > x0 + EPSILON)
        & (rects[:, 1] < y1 - EPSILON)
        & (rects[:, 3] > y0 + EPSILON)
    ).tolist()
    area = 0.0
    for m in hit:
        s = spots[m]
        inside = (
            s.x0 >= x0 - EPSILON and s.x1 <= x1 + EPSILON and s.y0 >= y0 - EPSILON and s.y1 <= y1 + EPSILON
        )
        facing = s.front == ("S" if s.y0 < y0 + EPSILON else "N")
        if not inside or not facing or s.request.zone != zone or not _rowed(s, module):
            return None
        if TIER_RANK.get(s.request.tier, 2) < 2:
            return None
        area += (s.x1 - s.x0) * (s.y1 - s.y0)
    if abs(area - (x1 - x0) * (y1 - y0)) > EPSILON:
        return None
    return hit


def _outer(spots: list[Spot], members: list[int], east: bool) -> list[int]:
    """The booths of a block at its open end (east or west)."""
    edge = max(spots[m].x1 for m in members) if east else min(spots[m].x0 for m in members)
    return [m for m in members if abs((spots[m].x1 if east else spots[m].x0) - edge) < EPSILON]


def _swap(
    spots: list[Spot], rects: np.ndarray, k: int, members: list[int], east: bool, main_west: bool
) -> None:
    """Move cap `k` onto the block and the block's booths onto the cap's spot, each booth as far from the
    main aisle as it stood from the block's open end."""
    cap = spots[k]
    bx0 = min(spots[m].x0 for m in members)
    bx1 = max(spots[m].x1 for m in members)
    by0 = min(spots[m].y0 for m in members)
    runs = {spots[m].run for m in members}
    for m in members:
        s = spots[m]
        depth_in = s.x1 - s.x0
        from_end = bx1 - s.x1 if east else s.x0 - bx0
        nx0 = cap.x0 + from_end if main_west else cap.x1 - from_end - depth_in
        ny0 = cap.y0 + (s.y0 - by0)
        spots[m] = dataclasses.replace(
            s, x0=nx0, y0=ny0, x1=nx0 + depth_in, y1=ny0 + (s.y1 - s.y0), run=cap.run
        )
        rects[m] = (nx0, ny0, nx0 + depth_in, ny0 + (s.y1 - s.y0))
    spots[k] = dataclasses.replace(cap, x0=bx0, y0=by0, x1=bx1, y1=by0 + (cap.y1 - cap.y0), run=min(runs))
    rects[k] = (bx0, by0, bx1, by0 + (cap.y1 - cap.y0))
