"""Rules on the aisle network: how far a visitor walks from a booth to a door, and dead ends.

Each aisle rectangle is walked along its centre line, the line through the middle of its long axis.
Aisles that overlap or touch along a positive length join at one point each: the point of each centre
line nearest the middle of their common part, linked by a straight step. A door opens onto every aisle
its clear area meets, at the point of the centre line nearest the door. A booth is left from the
middle of the stretch of each side that lies along an aisle, stepping straight onto that centre line.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
import shapely

from halllayout.rules.geometry import (
    TOLERANCE,
    BoolArray,
    FloatArray,
    HallGeometry,
    IntArray,
    aisle_label,
    boxes,
    grow,
    listing,
    ordered,
    overlap_rects,
)
from halllayout.rules.report import RuleResult
from halllayout.rules.walking import walking_distances


@dataclass(frozen=True)
class Centrelines:
    """The centre line of each aisle, `(m,)` arrays: whether it runs east-west (along x), where it
    starts and stops along that axis, and its coordinate across it."""

    along_x: BoolArray
    start: FloatArray
    stop: FloatArray
    middle: FloatArray

    def position(self, aisle: IntArray, x: FloatArray, y: FloatArray) -> FloatArray:
        """Where the points (x, y) project onto the centre lines of `aisle`, clamped to their ends."""
        along = np.where(self.along_x[aisle], x, y)
        result: FloatArray = np.clip(along, self.start[aisle], self.stop[aisle])
        return result

    def distance(self, aisle: IntArray, t: FloatArray, x: FloatArray, y: FloatArray) -> FloatArray:
        """Straight distance from the points (x, y) to position t on the centre lines of `aisle`."""
        cx = np.where(self.along_x[aisle], t, self.middle[aisle])
        cy = np.where(self.along_x[aisle], self.middle[aisle], t)
        result: FloatArray = np.hypot(cx - x, cy - y)
        return result


def centrelines(rects: FloatArray) -> Centrelines:
    """The centre lines of aisle rectangles `(m, 4)`; a square one is taken as running east-west."""
    x0, y0, x1, y1 = rects.T
    along_x = (x1 - x0) >= (y1 - y0)
    return Centrelines(
        along_x,
        np.where(along_x, x0, y0),
        np.where(along_x, x1, y1),
        np.where(along_x, (y0 + y1) / 2, (x0 + x1) / 2),
    )


@dataclass(frozen=True)
class Links:
    """Where aisles meet each other and the doors.

    Junctions `(k,)`: aisles `a` and `b`, the positions `ta`, `tb` on their centre lines, the `step`
    between those points. `reach_*` give, per aisle named in `reach_aisle`, the stretch [lo, hi] of its
    long axis where it meets another aisle or a door. Door links: door `door` opens onto aisle
    `door_aisle` at position `door_t`, `door_step` metres from the door.
    """

    a: IntArray
    b: IntArray
    ta: FloatArray
    tb: FloatArray
    step: FloatArray
    reach_aisle: IntArray
    reach_lo: FloatArray
    reach_hi: FloatArray
    door: IntArray
    door_aisle: IntArray
    door_t: FloatArray
    door_step: FloatArray


def links(g: HallGeometry, lines: Centrelines) -> Links:
    """The junctions between the aisles of `g` and the doors' links onto them."""
    rects = g.aisle_rects
    a, b = g.aisle_tree.query(boxes(grow(rects, TOLERANCE)), predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    common = overlap_rects(rects[a], rects[b])
    ex, ey = common[:, 2] - common[:, 0], common[:, 3] - common[:, 1]
    keep = (ex >= -TOLERANCE) & (ey >= -TOLERANCE) & ((ex > TOLERANCE) | (ey > TOLERANCE))
    a, b, common = a[keep], b[keep], common[keep]
    cx, cy = (common[:, 0] + common[:, 2]) / 2, (common[:, 1] + common[:, 3]) / 2
    ta, tb = lines.position(a, cx, cy), lines.position(b, cx, cy)
    xa = np.where(lines.along_x[a], ta, lines.middle[a])
    ya = np.where(lines.along_x[a], lines.middle[a], ta)
    step = lines.distance(b, tb, xa, ya)

    reach = [(a, common), (b, common)]
    doors, door_aisles = (
        g.aisle_tree.query(g.door_clear, predicate="intersects")
        if len(g.doors) and len(rects)
        else (np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp))
    )
    at = np.array([g.doors[k].at for k in doors.tolist()], dtype=float).reshape(-1, 2)
    door_t = lines.position(door_aisles, at[:, 0], at[:, 1])
    door_step = lines.distance(door_aisles, door_t, at[:, 0], at[:, 1])
    if len(doors):
        clear = np.asarray(shapely.bounds(g.door_clear[doors]), dtype=float)
        reach.append((door_aisles, overlap_rects(clear, rects[door_aisles])))
    reach_aisle = np.concatenate([r[0] for r in reach]).astype(np.intp)
    spans = np.concatenate([r[1] for r in reach]).reshape(-1, 4)
    along = lines.along_x[reach_aisle]
    reach_lo = np.where(along, spans[:, 0], spans[:, 1])
    reach_hi = np.where(along, spans[:, 2], spans[:, 3])
    return Links(a, b, ta, tb, step, reach_aisle, reach_lo, reach_hi, doors, door_aisles, door_t, door_step)


def _shortest(
    node_aisle: IntArray, node_t: FloatArray, joins: list[tuple[int, int, float]], sources: dict[int, float]
) -> FloatArray:
    """Dijkstra from all `sources` (node: starting distance) over the nodes, sorted by aisle and
    position, joined along each centre line to the next and by `joins` (node, node, length)."""
    count = len(node_aisle)
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(count)]
    same = np.flatnonzero(node_aisle[1:] == node_aisle[:-1])
    # nodes sorted by a key that rounding may put a hair out of order: a step of -1e-16 both ways along
    # an aisle is a cycle of negative length, round which the search would go on for ever
    steps = np.maximum(node_t[same + 1] - node_t[same], 0.0)
    for k, length in zip(same.tolist(), steps.tolist(), strict=True):
        neighbours[k].append((k + 1, length))
        neighbours[k + 1].append((k, length))
    for p, q, length in joins:
        neighbours[p].append((q, length))
        neighbours[q].append((p, length))
    distance = [math.inf] * count
    heap = [(d, node) for node, d in sources.items()]
    for d, node in heap:
        distance[node] = min(distance[node], d)
    heapq.heapify(heap)
    while heap:
        d, node = heapq.heappop(heap)
        if d > distance[node]:
            continue
        for other, length in neighbours[node]:
            nd = d + length
            if nd < distance[other]:
                distance[other] = nd
                heapq.heappush(heap, (nd, other))
    return np.array(distance, dtype=float)


@dataclass(frozen=True)
class Travel:
    """Travel distance of each booth `(n,)` (infinite where no path leads to a door) and the indexes
    of the doors whose clear area meets no aisle."""

    distance: FloatArray
    unlinked_doors: tuple[int, ...]


def travel(g: HallGeometry) -> Travel:
    """The walking distance along the aisles from each booth's front to the nearest door."""
    n, m = len(g.booths), len(g.aisles)
    result = np.full(n, math.inf)
    if m == 0:
        return Travel(result, tuple(range(len(g.doors))))
    lines = centrelines(g.aisle_rects)
    link = links(g, lines)
    unlinked = tuple(sorted(set(range(len(g.doors))) - set(link.door.tolist())))
    k = len(link.a)
    aisle = np.concatenate([np.arange(m), np.arange(m), link.a, link.b, link.door_aisle]).astype(np.intp)
    t = np.concatenate([lines.start, lines.stop, link.ta, link.tb, link.door_t])
    stride = float((lines.stop - lines.start).max()) + 1.0
    keys = aisle * stride + (t - lines.start[aisle])
    order = np.argsort(keys, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    junction_a, junction_b = rank[2 * m : 2 * m + k], rank[2 * m + k : 2 * m + 2 * k]
    joins = list(zip(junction_a.tolist(), junction_b.tolist(), link.step.tolist(), strict=True))
    sources: dict[int, float] = {}
    for node, d in zip(rank[2 * m + 2 * k :].tolist(), link.door_step.tolist(), strict=True):
        sources[node] = min(sources.get(node, math.inf), d)
    node_aisle, node_t, node_key = aisle[order], t[order], keys[order]
    distance = _shortest(node_aisle, node_t, joins, sources)

    contacts = g.contacts
    front = contacts.on_aisle[contacts.side]
    side, j = contacts.side[front], contacts.aisle[front]
    booth, kind = side // 4, side % 4
    middle = (contacts.lo[front] + contacts.hi[front]) / 2
    r = g.rects[booth]
    x = np.select([kind == 1, kind == 3], [r[:, 2], r[:, 0]], middle)
    y = np.select([kind == 0, kind == 2], [r[:, 3], r[:, 1]], middle)
    ft = lines.position(j, x, y)
    step = lines.distance(j, ft, x, y)
    found = np.searchsorted(node_key, j * stride + (ft - lines.start[j]), side="right")
    before = found - 1  # the aisle's first node sits at its start, so this is always on aisle j
    after = np.minimum(found, len(node_key) - 1)
    via_before = distance[before] + (ft - node_t[before])
    via_after = np.where(node_aisle[after] == j, distance[after] + (node_t[after] - ft), math.inf)
    np.minimum.at(result, booth, step + np.minimum(via_before, via_after))
    return Travel(result, unlinked)


def walked_travel(g: HallGeometry, route: Travel | None = None) -> Travel:
    """`travel` as the rule measures it: along the natural path (`walking.walking_distances`), never
    longer than along the aisles' centre lines (`route`, `travel(g)`, worked out where not given);
    infinite where no aisle leads to a door."""
    route = travel(g) if route is None else route
    # the natural path, corners cut, is what the codes measure; the centre-line graph above still
    # finds doors that open onto no aisle and booths that no aisle reaches at all
    walked = walking_distances(g)
    return Travel(
        np.where(np.isinf(route.distance), route.distance, np.minimum(walked, route.distance)),
        route.unlinked_doors,
    )


def travel_distance(g: HallGeometry) -> RuleResult:
    """Walking distance along the aisles from every booth front to the nearest door ≤ the limit.

    Measured along the natural path (`walking.walking_distances`), never longer than along the aisles'
    centre lines."""
    limit = g.hall.rules.max_travel_distance
    route = walked_travel(g)
    far = np.flatnonzero(route.distance > limit + TOLERANCE)
    stranded = int(np.isinf(route.distance).sum())
    offenders = ordered([g.numbers[k] for k in far]) + tuple(g.door_labels[d] for d in route.unlinked_doors)
    worst = float(route.distance.max()) if g.booths else None
    parts = []
    if not g.doors:
        parts.append("the hall has no entrance or exit")
    if g.booths:
        top = int(np.argmax(route.distance))
        parts.append(f"longest {g.numbers[top]} {'no path' if stranded else f'{route.distance[top]:.1f} m'}")
    if len(far) > stranded:
        parts.append(f"{len(far) - stranded} booth(s) beyond {limit:g} m")
    if stranded:
        parts.append(f"{stranded} booth(s) with no path to a door")
    if route.unlinked_doors:
        names = [g.door_labels[d] for d in route.unlinked_doors]
        parts.append(f"{listing(names)} open(s) onto no aisle")
    passed = not offenders and (bool(g.doors) or not g.booths)
    detail = "; ".join(parts) or "no booths"
    return RuleResult(g.hall.id, "travel_distance", limit, worst, "m", offenders, passed, detail)


def dead_ends(g: HallGeometry) -> FloatArray:
    """For each aisle, the longer of its dead ends `(m,)`: from a closed end (meeting no other aisle
    and no door) along its long axis to where it first meets one; the whole aisle if it meets none."""
    m = len(g.aisles)
    if m == 0:
        return np.empty(0)
    lines = centrelines(g.aisle_rects)
    link = links(g, lines)
    a = link.reach_aisle
    lo = np.clip(np.minimum(link.reach_lo, link.reach_hi), lines.start[a], lines.stop[a])
    hi = np.clip(np.maximum(link.reach_lo, link.reach_hi), lines.start[a], lines.stop[a])
    first = np.full(m, math.inf)
    last = np.full(m, -math.inf)
    np.minimum.at(first, a, lo)
    np.maximum.at(last, a, hi)
    length = lines.stop - lines.start
    met = np.isfinite(first)
    from_start = np.where(met, np.maximum(first - lines.start, 0.0), length)
    from_stop = np.where(met, np.maximum(lines.stop - last, 0.0), length)
    from_start = np.where(from_start <= TOLERANCE, 0.0, from_start)
    from_stop = np.where(from_stop <= TOLERANCE, 0.0, from_stop)
    result: FloatArray = np.maximum(from_start, from_stop)
    return result


def dead_end(g: HallGeometry) -> RuleResult:
    """No aisle runs on more than `max_dead_end` past its last junction to a closed end."""
    limit = g.hall.rules.max_dead_end
    if not g.aisles:
        return RuleResult(g.hall.id, "dead_end", limit, None, "m", (), True, "no aisles declared")
    lengths = dead_ends(g)
    long = np.flatnonzero(lengths > limit + TOLERANCE)
    offenders = tuple(aisle_label(g.aisles[k]) for k in long)
    worst = float(lengths.max())
    top = aisle_label(g.aisles[int(np.argmax(lengths))])
    if len(long):
        detail = f"{len(long)} aisle(s) with a dead end longer than {limit:g} m, worst {top} {worst:g} m"
    elif worst > 0:
        detail = f"longest dead end {top} {worst:g} m"
    else:
        detail = "no dead ends"
    return RuleResult(g.hall.id, "dead_end", limit, worst, "m", offenders, not len(long), detail)
