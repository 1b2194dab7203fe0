"""Rules on booths standing together: rows not too long, booths kept apart not neighbours."""

from __future__ import annotations

import numpy as np

from halllayout.rules.geometry import (
    TOLERANCE,
    FloatArray,
    HallGeometry,
    IntArray,
    components,
    facing,
    listing,
    ordered,
)
from halllayout.rules.report import RuleResult


def group_extents(rects: FloatArray, labels: IntArray) -> FloatArray:
    """The extent along the longer axis of the bounding box of each group of rectangles, `(groups,)`."""
    count = int(labels.max()) + 1 if len(labels) else 0
    low = np.full((count, 2), np.inf)
    high = np.full((count, 2), -np.inf)
    np.minimum.at(low, labels, rects[:, :2])
    np.maximum.at(high, labels, rects[:, 2:])
    result: FloatArray = (high - low).max(axis=1) if count else np.empty(0)
    return result


def row_length(g: HallGeometry) -> RuleResult:
    """Booths joined edge to edge form blocks; no block longer than `max_row_length` along its longer axis."""
    limit = g.hall.rules.max_row_length
    if not g.booths:
        return RuleResult(g.hall.id, "row_length", limit, None, "m", (), True, "no booths")
    i, j = g.edge_pairs
    labels = components(len(g.booths), i, j)
    extents = group_extents(g.rects, labels)
    long = np.flatnonzero(extents > limit + TOLERANCE)
    members = np.flatnonzero(np.isin(labels, long))
    offenders = ordered([g.numbers[k] for k in members])
    worst = float(extents.max())
    if len(long):
        blocks = []
        for group in long[np.argsort(-extents[long], kind="stable")]:
            numbers = ordered([g.numbers[k] for k in np.flatnonzero(labels == group)])
            blocks.append(f"{numbers[0]}… {extents[group]:g} m")
        detail = f"{len(long)} block(s) longer than {limit:g} m: {listing(blocks)}"
    else:
        detail = f"{len(extents)} blocks, longest {worst:g} m"
    return RuleResult(g.hall.id, "row_length", limit, worst, "m", offenders, not len(long), detail)


def keep_apart_pairs(g: HallGeometry) -> list[tuple[int, int]]:
    """Pairs of booths (i < j) of this hall where one's request names the other's ref in `keep_apart`."""
    by_ref: dict[str, list[int]] = {}
    for k, booth in enumerate(g.booths):
        by_ref.setdefault(booth.request.ref, []).append(k)
    pairs = {
        (min(k, other), max(k, other))
        for k, booth in enumerate(g.booths)
        for ref in booth.request.keep_apart
        for other in by_ref.get(ref, [])
        if other != k
    }
    return sorted(pairs)


def neighbouring(g: HallGeometry, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Those of `pairs` that are neighbours: sharing an edge, or facing across at most a main aisle."""
    if not pairs:
        return []
    index = np.array(pairs, dtype=np.intp)
    near = facing(g.rects[index[:, 0]], g.rects[index[:, 1]], g.hall.main_aisle)
    return [pair for pair, hit in zip(pairs, near.tolist(), strict=True) if hit]


def keep_apart(g: HallGeometry) -> RuleResult:
    """No two booths that are to be kept apart stand side by side, back to back or across an aisle.

    Neighbours share an edge or face each other across at most the hall's main aisle width.
    """
    pairs = keep_apart_pairs(g)
    close = neighbouring(g, pairs)
    offenders = ordered([g.numbers[k] for pair in close for k in pair])
    if close:
        names = [f"{g.numbers[a]} – {g.numbers[b]}" for a, b in close]
        detail = f"{len(close)} of {len(pairs)} pair(s) to keep apart are neighbours: {listing(names)}"
    else:
        detail = f"all {len(pairs)} pair(s) to keep apart are apart"
    return RuleResult(g.hall.id, "keep_apart", 0.0, float(len(close)), "pairs", offenders, not close, detail)
