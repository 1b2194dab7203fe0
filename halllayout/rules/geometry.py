"""One hall as the rule checks see it: rectangles in numpy arrays, shapes in shapely trees.

The checks trust nothing of the layout engine's bookkeeping but the declared aisle rectangles: open
sides, fronts and rows are measured here from the rectangles themselves.

Rectangles are `(n, 4) float` arrays of `x0, y0, x1, y1` in metres, plan x east / y north. Booth
sides are indexed 0..3 in `SIDES` order (N, E, S, W); side arrays are booth-major, `4 * booth + side`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import shapely

from halllayout.model import Aisle, Door, Hall, PlacedBooth, Point

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
GeometryArray = npt.NDArray[np.object_]

#: Linear tolerance of every check: booths may stray this far (1 mm) into a wall, aisle or neighbour.
TOLERANCE = 1e-3
#: Areas at or below this (m²) are float noise, not an overlap.
AREA_EPSILON = 1e-9
#: Rectangle pairs compared at once when broadcasting, to bound memory.
CHUNK = 1 << 20


def inward_normal(outline: Sequence[Point], at: Point) -> tuple[float, float]:
    """Unit vector into the hall from the outline edge nearest to `at` (the outline runs counter-clockwise).

    A copy of the layout engine's rule, kept here so that the checker does not lean on the engine.

    >>> inward_normal(((0, 0), (10, 0), (10, 5), (0, 5)), (4, 0))
    (0.0, 1.0)
    """
    px, py = at
    best: tuple[float, tuple[float, float]] | None = None
    for (ax, ay), (bx, by) in zip(outline, [*outline[1:], outline[0]], strict=True):
        ex, ey = bx - ax, by - ay
        length_sq = ex * ex + ey * ey
        if length_sq == 0:
            continue
        t = min(1.0, max(0.0, ((px - ax) * ex + (py - ay) * ey) / length_sq))
        distance = math.hypot(ax + t * ex - px, ay + t * ey - py)
        if best is None or distance < best[0]:
            length = math.sqrt(length_sq)
            best = (distance, (-ey / length + 0.0, ex / length + 0.0))
    if best is None:
        raise ValueError(f"hall outline {tuple(outline)!r} has no edge of positive length")
    return best[1]


def clear_area(outline: Sequence[Point], door: Door, depth: float) -> shapely.Polygon:
    """The rectangle in front of `door`: its width wide, `depth` deep into the hall, square to the wall."""
    nx, ny = inward_normal(outline, door.at)
    tx, ty = -ny, nx
    x, y = door.at
    half = door.width / 2
    return shapely.Polygon(
        [
            (x + tx * half, y + ty * half),
            (x - tx * half, y - ty * half),
            (x - tx * half + nx * depth, y - ty * half + ny * depth),
            (x + tx * half + nx * depth, y + ty * half + ny * depth),
        ]
    )


def well_formed(rects: FloatArray) -> BoolArray:
    """Whether each rectangle `(n, 4)` has finite corners and is more than the tolerance across both ways."""
    with np.errstate(invalid="ignore"):
        result: BoolArray = (
            np.isfinite(rects).all(axis=1)
            & (rects[:, 2] - rects[:, 0] > TOLERANCE)
            & (rects[:, 3] - rects[:, 1] > TOLERANCE)
        )
    return result


def boxes(rects: FloatArray) -> GeometryArray:
    """Shapely rectangles for `rects` `(n, 4)`."""
    if len(rects) == 0:
        return np.empty(0, dtype=object)
    result: GeometryArray = shapely.box(rects[:, 0], rects[:, 1], rects[:, 2], rects[:, 3])
    return result


def grow(rects: FloatArray, by: float) -> FloatArray:
    """`rects` grown by `by` on every side (shrunk when `by` is negative)."""
    result: FloatArray = rects + np.array([-by, -by, by, by])
    return result


def overlap_rects(a: FloatArray, b: FloatArray) -> FloatArray:
    """The common part of rectangles `a[k]` and `b[k]`, `(n, 4)`; inverted where they do not meet."""
    result: FloatArray = np.concatenate(
        [np.maximum(a[:, :2], b[:, :2]), np.minimum(a[:, 2:], b[:, 2:])], axis=1
    )
    return result


def gaps(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The x and y gaps between rectangles `a[k]` and `b[k]`; negative where their extents overlap."""
    gx = np.maximum(a[:, 0], b[:, 0]) - np.minimum(a[:, 2], b[:, 2])
    gy = np.maximum(a[:, 1], b[:, 1]) - np.minimum(a[:, 3], b[:, 3])
    return gx, gy


def rect_distances(a: FloatArray, b: FloatArray) -> FloatArray:
    """Distances `(n, m)` between rectangles `a` `(n, 4)` and `b` `(m, 4)`; 0 where they meet."""
    dx = np.maximum(np.maximum(b[None, :, 0] - a[:, None, 2], a[:, None, 0] - b[None, :, 2]), 0.0)
    dy = np.maximum(np.maximum(b[None, :, 1] - a[:, None, 3], a[:, None, 1] - b[None, :, 3]), 0.0)
    result: FloatArray = np.hypot(dx, dy)
    return result


def pairs_within(a: FloatArray, b: FloatArray, distance: float) -> tuple[IntArray, IntArray]:
    """Pairs (i, j), sorted, of rectangles `a[i]` and `b[j]` at most `distance` apart on both axes.

    Compares every pair, a chunk of `a` at a time: meant for `b` of a few hundred (aisles).
    """
    found: list[tuple[IntArray, IntArray]] = []
    step = max(1, CHUNK // max(1, len(b)))
    for start in range(0, len(a), step):
        part = a[start : start + step]
        gx = np.maximum(part[:, None, 0], b[None, :, 0]) - np.minimum(part[:, None, 2], b[None, :, 2])
        gy = np.maximum(part[:, None, 1], b[None, :, 1]) - np.minimum(part[:, None, 3], b[None, :, 3])
        i, j = np.nonzero((gx <= distance) & (gy <= distance))
        found.append((i + start, j))
    if not found:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty
    return (
        np.concatenate([f[0] for f in found]).astype(np.intp),
        np.concatenate([f[1] for f in found]).astype(np.intp),
    )


def facing(a: FloatArray, b: FloatArray, gap: float) -> BoolArray:
    """Whether rectangles `a[k]` and `b[k]` face each other across at most `gap` metres.

    Their extents overlap by more than the tolerance on one axis and, on the other, they are at most
    `gap` apart; with `gap` 0 they share an edge of positive length. Overlapping rectangles face each
    other too, except that with `gap` 0 only an edge counts.
    """
    gx, gy = gaps(a, b)
    if gap == 0.0:
        return ((gx < -TOLERANCE) & (np.abs(gy) <= TOLERANCE)) | (
            (gy < -TOLERANCE) & (np.abs(gx) <= TOLERANCE)
        )
    reach = gap + TOLERANCE
    result: BoolArray = ((gx < -TOLERANCE) & (gy <= reach)) | ((gy < -TOLERANCE) & (gx <= reach))
    return result


def side_strips(rects: FloatArray, depth: float) -> FloatArray:
    """The strip `depth` deep outside each side of each rectangle, `(4n, 4)` booth-major, N E S W."""
    x0, y0, x1, y1 = rects.T
    strips = np.stack(
        [
            np.stack([x0, y1, x1, y1 + depth], axis=1),
            np.stack([x1, y0, x1 + depth, y1], axis=1),
            np.stack([x0, y0 - depth, x1, y0], axis=1),
            np.stack([x0 - depth, y0, x0, y1], axis=1),
        ],
        axis=1,
    )
    return strips.reshape(-1, 4)


def reaching(b: FloatArray, c: FloatArray, depth: float) -> tuple[BoolArray, BoolArray, BoolArray, BoolArray]:
    """For pairs of rectangles `b`, `c` `(m, 4)`: whether `c` reaches into the strip `depth` metres deep
    outside each side of `b` (N, E, S, W), over a positive area beyond `TOLERANCE`: what closes a side.

    >>> [bool(hit[0]) for hit in reaching(np.array([[0, 0, 3, 3.]]), np.array([[1, 4, 4, 7.]]), 3)]
    [True, False, False, False]
    """
    t = TOLERANCE
    along_x = np.minimum(b[:, 2] - t, c[:, 2]) > np.maximum(b[:, 0] + t, c[:, 0])
    along_y = np.minimum(b[:, 3] - t, c[:, 3]) > np.maximum(b[:, 1] + t, c[:, 1])
    return (
        along_x & (c[:, 1] < b[:, 3] + depth - t) & (c[:, 3] > b[:, 3] + t),
        along_y & (c[:, 0] < b[:, 2] + depth - t) & (c[:, 2] > b[:, 2] + t),
        along_x & (c[:, 3] > b[:, 1] - depth + t) & (c[:, 1] < b[:, 1] - t),
        along_y & (c[:, 2] > b[:, 0] - depth + t) & (c[:, 0] < b[:, 0] - t),
    )


def side_lengths(rects: FloatArray) -> FloatArray:
    """Length of each side, `(4n,)` booth-major, N E S W."""
    w = rects[:, 2] - rects[:, 0]
    d = rects[:, 3] - rects[:, 1]
    return np.stack([w, d, w, d], axis=1).reshape(-1)


def covered_length(group: IntArray, lo: FloatArray, hi: FloatArray, groups: int) -> FloatArray:
    """Length of the union of intervals [lo, hi] in each group, `(groups,)`.

    >>> covered_length(np.array([0, 0, 1]), np.array([0.0, 1.0, 5.0]), np.array([2.0, 3.0, 6.0]), 2)
    array([3., 1.])
    """
    if len(group) == 0:
        return np.zeros(groups)
    base = lo.min()
    stride = float(hi.max() - base) + 1.0
    lo_key = (lo - base) + group * stride
    hi_key = (hi - base) + group * stride
    order = np.lexsort((lo_key, group))
    lo_key, hi_key, group = lo_key[order], hi_key[order], group[order]
    reach = np.maximum.accumulate(hi_key)
    before = np.concatenate([[-np.inf], reach[:-1]])
    contribution = np.maximum(hi_key - np.maximum(lo_key, before), 0.0)
    return np.bincount(group, weights=contribution, minlength=groups).astype(float)


def components(count: int, i: IntArray, j: IntArray) -> IntArray:
    """Connected-component label of each of `count` items joined by the pairs (i[k], j[k]).

    Labels are 0, 1, ... in order of each component's first item. Vectorised hooking and pointer
    jumping (Shiloach-Vishkin): each round hooks every root onto the smallest root it is joined to.

    >>> components(4, np.array([0, 2]), np.array([3, 3])).tolist()
    [0, 1, 0, 0]
    """
    parent = np.arange(count, dtype=np.intp)
    while True:
        pi, pj = parent[i], parent[j]
        if np.array_equal(pi, pj):
            break
        low = np.minimum(pi, pj)
        np.minimum.at(parent, pi, low)
        np.minimum.at(parent, pj, low)
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    _, labels = np.unique(parent, return_inverse=True)
    result: IntArray = labels.astype(np.intp)
    return result


def number_key(number: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting booth numbers in natural order: A2 before A10."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", number))


def aisle_label(aisle: Aisle) -> str:
    """A short name for an aisle, which has no number: its kind and south-west corner."""
    return f"{aisle.kind}@{aisle.x0:g},{aisle.y0:g}"


@dataclass(frozen=True)
class Contacts:
    """Where booth sides lie along declared aisles: one entry per (side, aisle) touching over a length.

    `side` indexes the side arrays (`4 * booth + N/E/S/W`); `lo`, `hi` bound the touching stretch
    along the side; `covered` `(4n,)` is each side's length along any aisle, `on_aisle` `(4n,)` whether
    that is at least half the side.
    """

    side: IntArray
    aisle: IntArray
    lo: FloatArray
    hi: FloatArray
    covered: FloatArray
    on_aisle: BoolArray


#: A column or keep-clear area closer than this to a booth's side closes it (metres).
COLUMN_REACH = 1.0


class Walls:
    """What closes a booth's side besides other booths: the hall's walls, and its columns and keep-clear
    areas (`obstacles`), as the open sides are counted (`closed`)."""

    def __init__(self, hall: Hall) -> None:
        self.outline = shapely.Polygon(hall.outline)
        columns = [
            shapely.box(
                c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2
            )
            for c in hall.columns
        ]
        self.obstacles: GeometryArray = np.array(
            [*columns, *(shapely.Polygon(p) for p in hall.kept_clear())], dtype=object
        )
        self.obstacle_tree = shapely.STRtree(self.obstacles)
        # rectangles (columns, most keep-clear areas) are tested in numpy, the rest with shapely
        bounds = shapely.bounds(self.obstacles).reshape(-1, 4)
        square = np.abs(shapely.area(self.obstacles) - _area(bounds)) <= AREA_EPSILON
        self._obstacle_rects: FloatArray = bounds[square]
        self._shapes: GeometryArray = self.obstacles[~square]
        self._shape_tree = shapely.STRtree(self._shapes)
        outline_bounds = np.array(self.outline.bounds, dtype=float)
        #: the outline's bounds where it is a rectangle, whose tests are done in numpy
        self._box: FloatArray | None = (
            outline_bounds if abs(self.outline.area - _area(outline_bounds)) <= AREA_EPSILON else None
        )

    @cached_property
    def _allowed(self) -> shapely.Polygon:
        allowed = self.outline.buffer(TOLERANCE, join_style="mitre")
        shapely.prepare(allowed)
        return allowed

    def closed(self, rects: FloatArray, depth: float) -> BoolArray:
        """Which sides of `rects` `(n, 4)` are closed, `(n, 4)` in `SIDES` order: the strip `depth` deep
        outside the side leaves the hall, or a column or keep-clear area stands within `COLUMN_REACH`
        of the side (a column across the aisle leaves it open to visitors)."""
        n = len(rects)
        blocked = np.zeros((n, 4), dtype=bool)
        if n == 0:
            return blocked
        reach = min(depth, COLUMN_REACH)
        if len(self._obstacle_rects):
            # as `overlaps` finds them: the strip shrunk by the tolerance meets the obstacle over an area
            inner = grow(side_strips(rects, reach), -TOLERANCE)
            o = self._obstacle_rects[None, :, :]
            hit = np.zeros(len(inner), dtype=bool)
            step = max(1, CHUNK // len(o[0]))
            for start in range(0, len(inner), step):
                a = inner[start : start + step, None, :]
                wx = np.minimum(a[..., 2], o[..., 2]) - np.maximum(a[..., 0], o[..., 0])
                wy = np.minimum(a[..., 3], o[..., 3]) - np.maximum(a[..., 1], o[..., 1])
                hit[start : start + step] = ((wx > 0) & (wy > 0) & (wx * wy > AREA_EPSILON)).any(axis=1)
            blocked |= hit.reshape(n, 4)
        if len(self._shapes):
            near = np.unique(self._shape_tree.query(boxes(grow(rects, reach)))[0])
            k, _, _ = overlaps(side_strips(rects[near], reach), self._shape_tree, self._shapes)
            blocked[near[k // 4], k % 4] = True
        if self._box is not None:
            # a rectangle grown by the tolerance (the mitred buffer) covers the strips within it
            x0, y0, x1, y1 = self._box + np.array([-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE])
            strips = side_strips(rects, depth)
            inside = (strips[:, 0] >= x0) & (strips[:, 1] >= y0) & (strips[:, 2] <= x1) & (strips[:, 3] <= y1)
            blocked |= ~inside.reshape(n, 4)
            return blocked
        shapes = boxes(rects)
        # a booth inside the walls and at least the strip depth from them has all its strips inside
        clear_of_walls = shapely.covers(self._allowed, shapes) & (
            shapely.distance(self.outline.exterior, shapes) >= depth
        )
        walls = np.flatnonzero(~clear_of_walls)
        if len(walls):
            inside = shapely.covers(self._allowed, boxes(side_strips(rects[walls], depth))).reshape(-1, 4)
            blocked[walls] |= ~inside
        return blocked


def _area(rects: FloatArray) -> FloatArray:
    """The areas of `rects` `(n, 4)`, or of one rectangle `(4,)`."""
    result: FloatArray = (rects[..., 2] - rects[..., 0]) * (rects[..., 3] - rects[..., 1])
    return result


class HallGeometry:
    """The booths, aisles, obstacles and doors of one hall, as arrays and trees the rules share."""

    def __init__(self, hall: Hall, booths: Sequence[PlacedBooth], aisles: Sequence[Aisle]) -> None:
        self.hall = hall
        rects = np.array([(b.x0, b.y0, b.x1, b.y1) for b in booths], dtype=float).reshape(-1, 4)
        proper = well_formed(rects)
        #: Booths with a non-finite corner or no area: left out of every measure, failed by inside_outline.
        self.malformed = tuple(b for b, ok in zip(booths, proper.tolist(), strict=True) if not ok)
        self.booths = tuple(b for b, ok in zip(booths, proper.tolist(), strict=True) if ok)
        self.numbers = [b.number for b in self.booths]
        self.rects: FloatArray = rects[proper]
        self.boxes = boxes(self.rects)
        self.tree = shapely.STRtree(self.boxes)
        rects = np.array([(a.x0, a.y0, a.x1, a.y1) for a in aisles], dtype=float).reshape(-1, 4)
        proper = well_formed(rects)
        #: Aisles with a non-finite corner or no area: left out of every measure, failed by aisle_width.
        self.malformed_aisles = tuple(a for a, ok in zip(aisles, proper.tolist(), strict=True) if not ok)
        self.aisles = tuple(a for a, ok in zip(aisles, proper.tolist(), strict=True) if ok)
        self.aisle_rects: FloatArray = rects[proper]
        self.aisle_boxes = boxes(self.aisle_rects)
        self.aisle_tree = shapely.STRtree(self.aisle_boxes)
        self.walls = Walls(hall)
        self.outline = self.walls.outline
        self.obstacles: GeometryArray = self.walls.obstacles
        self.obstacle_labels = (
            [f"column at ({c.at[0]:g}, {c.at[1]:g})" for c in hall.columns]
            + [f"keep-clear area {k + 1}" for k in range(len(hall.keep_clear))]
            + [f"{area.kind} area {k + 1}" for k, area in enumerate(hall.steps)]
        )
        self.obstacle_tree = self.walls.obstacle_tree
        doors = [("entrance", d) for d in hall.entrances] + [("exit", d) for d in hall.exits]
        self.doors = tuple(d for _, d in doors)
        self.door_labels = [
            f"{kind} {door.name}" if door.name else f"{kind} at ({door.at[0]:g}, {door.at[1]:g})"
            for kind, door in doors
        ]
        self.door_clear: GeometryArray = np.array(
            [clear_area(hall.outline, d, hall.rules.exit_clear_depth) for d in self.doors], dtype=object
        )

    @cached_property
    def contacts(self) -> Contacts:
        """The stretches of booth sides along declared aisles (the aisle holds the line 1 mm outside)."""
        n = len(self.rects)
        booth, aisle = pairs_within(self.rects, self.aisle_rects, TOLERANCE)
        r, a = self.rects[booth], self.aisle_rects[aisle]
        x0, y0, x1, y1 = r.T
        ax0, ay0, ax1, ay1 = a.T
        t = TOLERANCE
        outer = np.stack([y1 + t, x1 + t, y0 - t, x0 - t], axis=1)  # N E S W, (pairs, 4)
        across_lo = np.stack([ay0, ax0, ay0, ax0], axis=1)
        across_hi = np.stack([ay1, ax1, ay1, ax1], axis=1)
        along_lo = np.maximum(np.stack([ax0, ay0, ax0, ay0], axis=1), np.stack([x0, y0, x0, y0], axis=1))
        along_hi = np.minimum(np.stack([ax1, ay1, ax1, ay1], axis=1), np.stack([x1, y1, x1, y1], axis=1))
        keep = (across_lo <= outer) & (outer <= across_hi) & (along_hi - along_lo > t)
        pair, kind = np.nonzero(keep)
        side = (4 * booth[pair] + kind).astype(np.intp)
        lo, hi = along_lo[pair, kind], along_hi[pair, kind]
        covered = covered_length(side, lo, hi, 4 * n)
        on_aisle = covered >= side_lengths(self.rects) / 2 - TOLERANCE
        return Contacts(side, aisle[pair], lo, hi, covered, on_aisle)

    def close_pairs(self, gap: float) -> tuple[IntArray, IntArray]:
        """Pairs of booths (i < j) no more than `gap` metres (plus the tolerance) apart on both axes.

        Gaps up to the wider of the hall's aisles are picked from one query, made once.
        """
        if 0 < gap <= self._reach:
            i, j = self._reach_pairs
            gx, gy = gaps(self.rects[i], self.rects[j])
            keep = (gx <= gap + TOLERANCE) & (gy <= gap + TOLERANCE)
            return i[keep], j[keep]
        return self._query_pairs(gap)

    def _query_pairs(self, gap: float) -> tuple[IntArray, IntArray]:
        if len(self.rects) < 2:
            empty = np.empty(0, dtype=np.intp)
            return empty, empty
        i, j = self.tree.query(boxes(grow(self.rects, gap + TOLERANCE)))  # bounding boxes meet
        keep = i < j
        return i[keep], j[keep]

    @property
    def _reach(self) -> float:
        return max(self.hall.main_aisle, self.hall.secondary_aisle)

    @cached_property
    def _reach_pairs(self) -> tuple[IntArray, IntArray]:
        return self._query_pairs(self._reach)

    @cached_property
    def touching_pairs(self) -> tuple[IntArray, IntArray]:
        """Pairs of booths (i < j) that touch or overlap, to the tolerance."""
        return self.close_pairs(0.0)

    @cached_property
    def edge_pairs(self) -> tuple[IntArray, IntArray]:
        """Pairs of booths (i < j) sharing an edge of positive length."""
        i, j = self.touching_pairs
        keep = facing(self.rects[i], self.rects[j], 0.0)
        return i[keep], j[keep]

    def neighbour_pairs(self, gap: float) -> tuple[IntArray, IntArray]:
        """Pairs of booths (i < j) facing each other across at most `gap` metres (see `facing`)."""
        i, j = self.close_pairs(gap)
        keep = facing(self.rects[i], self.rects[j], gap)
        return i[keep], j[keep]


def overlaps(
    rects: FloatArray, tree: shapely.STRtree, shapes: GeometryArray, geometries: GeometryArray | None = None
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs (rectangle k, shape s) overlapping by more than the tolerance, and the overlap areas.

    A rectangle overlaps a shape when the rectangle shrunk by the tolerance still meets it over a
    positive area; the area given is that of the full rectangle. `geometries` are `rects` as shapely
    boxes where the caller has them.
    """
    if len(rects) == 0 or len(shapes) == 0:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty, np.empty(0)
    full = boxes(rects) if geometries is None else geometries
    k, s = tree.query(full, predicate="intersects")
    inner = shapely.area(shapely.intersection(boxes(grow(rects[k], -TOLERANCE)), shapes[s]))
    keep = inner > AREA_EPSILON
    k, s = k[keep], s[keep]
    areas = shapely.area(shapely.intersection(full[k], shapes[s]))
    return k, s, np.asarray(areas, dtype=float)


def ordered(names: Sequence[str] | set[str]) -> tuple[str, ...]:
    """Distinct booth numbers (or other names) in natural order."""
    return tuple(sorted(set(names), key=number_key))


def listing(names: Sequence[str], shown: int = 3) -> str:
    """The first few names and how many more: 'A001, A002, A003 and 4 more'."""
    text = ", ".join(names[:shown])
    return f"{text} and {len(names) - shown} more" if len(names) > shown else text
