"""Rules on reaching booths: every booth on an aisle, no point of a booth far from one."""

from __future__ import annotations

import math

import numpy as np

from halllayout.rules.geometry import (
    CHUNK,
    TOLERANCE,
    FloatArray,
    HallGeometry,
    IntArray,
    listing,
    ordered,
    rect_distances,
    side_lengths,
)
from halllayout.rules.report import RuleResult

#: Largest spacing of the points sampled in a booth for `distance_to_aisle` (metres).
SAMPLE_STEP = 1.0


def booth_on_aisle(g: HallGeometry) -> RuleResult:
    """Every booth has a side along an aisle for at least half its length.

    Measured: the smallest share of a booth's best side that lies along an aisle (limit one half).
    """
    if not g.booths:
        return RuleResult(g.hall.id, "booth_on_aisle", 0.5, None, "of side", (), True, "no booths")
    contacts = g.contacts
    lengths = side_lengths(g.rects)
    share = np.divide(contacts.covered, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    best = share.reshape(-1, 4).max(axis=1)
    off = np.flatnonzero(~contacts.on_aisle.reshape(-1, 4).any(axis=1))
    offenders = ordered([g.numbers[k] for k in off])
    worst = float(best.min())
    if len(off):
        detail = f"{len(off)} booth(s) with no side on an aisle: {listing(offenders)}"
    else:
        detail = f"all {len(g.booths)} booths have a side on an aisle"
    return RuleResult(g.hall.id, "booth_on_aisle", 0.5, worst, "of side", offenders, not len(off), detail)


def sample_points(rects: FloatArray, step: float = SAMPLE_STEP) -> tuple[FloatArray, IntArray]:
    """Points on a grid no coarser than `step` over each rectangle, corners included.

    Returns the points `(p, 2)` and the index of the rectangle each belongs to `(p,)`, grouped by
    rectangle in order.

    >>> points, owner = sample_points(np.array([[0.0, 0.0, 2.0, 1.0]]))
    >>> points.tolist()
    [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]
    """
    width = rects[:, 2] - rects[:, 0]
    depth = rects[:, 3] - rects[:, 1]
    nx = np.maximum(np.ceil(width / step - 1e-9), 1).astype(np.intp)
    ny = np.maximum(np.ceil(depth / step - 1e-9), 1).astype(np.intp)
    counts = (nx + 1) * (ny + 1)
    owner = np.repeat(np.arange(len(rects), dtype=np.intp), counts)
    starts = np.cumsum(counts) - counts
    local = np.arange(len(owner), dtype=np.intp) - starts[owner]
    columns = (nx + 1)[owner]
    x = rects[owner, 0] + (local % columns) * (width / nx)[owner]
    y = rects[owner, 1] + (local // columns) * (depth / ny)[owner]
    return np.stack([x, y], axis=1), owner


def farthest_corner_distances(a: FloatArray, b: FloatArray) -> FloatArray:
    """For each rectangle of `a` `(n, 4)` and of `b` `(m, 4)`, the distance from the point of `a[i]`
    farthest from `b[j]` to `b[j]`, `(n, m)`: at a corner, as `b[j]` is convex."""
    dx = np.maximum(np.maximum(b[None, :, 0] - a[:, None, 0], a[:, None, 2] - b[None, :, 2]), 0.0)
    dy = np.maximum(np.maximum(b[None, :, 1] - a[:, None, 1], a[:, None, 3] - b[None, :, 3]), 0.0)
    result: FloatArray = np.hypot(dx, dy)
    return result


def _candidates(g: HallGeometry) -> tuple[FloatArray, IntArray, IntArray]:
    """Per booth, the bound `(n,)` no point of it is farther than from an aisle (the least over the
    aisles of its farthest corner's distance), and the pairs (booth, aisle) of the aisles that may be
    nearest to some point of the booth: those no farther from it than that bound."""
    n, m = len(g.booths), len(g.aisles)
    bound = np.empty(n)
    found: list[tuple[IntArray, IntArray]] = []
    step = max(1, CHUNK // m)
    for start in range(0, n, step):
        part = g.rects[start : start + step]
        farthest = farthest_corner_distances(part, g.aisle_rects).min(axis=1)
        bound[start : start + step] = farthest
        b, a = np.nonzero(rect_distances(part, g.aisle_rects) <= farthest[:, None] + TOLERANCE)
        found.append((b + start, a))
    booth = np.concatenate([f[0] for f in found]).astype(np.intp)
    aisle = np.concatenate([f[1] for f in found]).astype(np.intp)
    return bound, booth, aisle


def farthest_from_aisles(g: HallGeometry) -> FloatArray:
    """For each booth, the largest distance from a point of it to the nearest aisle, `(n,)`.

    Exact where one aisle alone can be nearest to the booth's points (the farthest corner from it);
    otherwise the largest over points sampled every metre, measured to the aisles that can be nearest.
    """
    n = len(g.booths)
    if n == 0:
        return np.empty(0)
    if len(g.aisles) == 0:
        return np.full(n, math.inf)
    result, booth, aisle = _candidates(g)
    several = np.flatnonzero(np.bincount(booth, minlength=n) > 1)
    if len(several) == 0:
        return result
    keep = np.isin(booth, several)
    booth, aisle = booth[keep], aisle[keep]
    local = np.full(n, -1, dtype=np.intp)
    local[several] = np.arange(len(several))
    points, owner = sample_points(g.rects[several])
    counts = np.bincount(owner, minlength=len(several))
    starts = np.cumsum(counts) - counts
    # every (booth, candidate aisle) pair, once per point of the booth
    repeats = counts[local[booth]]
    pair = np.repeat(np.arange(len(booth)), repeats)
    point = (
        starts[local[booth]][pair] + np.arange(len(pair)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    )
    a = g.aisle_rects[aisle[pair]]
    px, py = points[point, 0], points[point, 1]
    dx = np.maximum(np.maximum(a[:, 0] - px, px - a[:, 2]), 0.0)
    dy = np.maximum(np.maximum(a[:, 1] - py, py - a[:, 3]), 0.0)
    nearest = np.full(len(points), np.inf)
    np.minimum.at(nearest, point, dx * dx + dy * dy)
    result[several] = np.sqrt(np.maximum.reduceat(nearest, starts))
    return result


def distance_to_aisle(g: HallGeometry) -> RuleResult:
    """No point of a booth farther than `max_distance_to_aisle` from an aisle (sampled every metre)."""
    limit = g.hall.rules.max_distance_to_aisle
    if not g.booths:
        return RuleResult(g.hall.id, "distance_to_aisle", limit, None, "m", (), True, "no booths")
    farthest = farthest_from_aisles(g)
    far = np.flatnonzero(farthest > limit + TOLERANCE)
    offenders = ordered([g.numbers[k] for k in far])
    worst = float(farthest.max())
    top = g.numbers[int(np.argmax(farthest))]
    if len(far):
        detail = (
            f"{len(far)} booth(s) reach farther than {limit:g} m from an aisle, worst {top} {worst:.2f} m"
        )
    else:
        detail = f"every booth point within {worst:.2f} m of an aisle (farthest in {top})"
    return RuleResult(g.hall.id, "distance_to_aisle", limit, worst, "m", offenders, not len(far), detail)
