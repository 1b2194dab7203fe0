"""Rules on where booths stand: inside the walls, off each other, off the aisles, clear of the doors."""

from __future__ import annotations

import itertools

import numpy as np
import shapely

from halllayout.rules.geometry import (
    TOLERANCE,
    HallGeometry,
    aisle_label,
    boxes,
    gaps,
    grow,
    listing,
    ordered,
    overlaps,
)
from halllayout.rules.report import RuleResult

Rect = tuple[float, float, float, float]


def inside_outline(g: HallGeometry) -> RuleResult:
    """Every booth inside the hall outline, to the millimetre; worst: the largest area outside."""
    allowed = g.outline.buffer(TOLERANCE, join_style="mitre")
    shapely.prepare(allowed)
    out = np.flatnonzero(~shapely.covers(allowed, g.boxes)) if len(g.boxes) else np.empty(0, dtype=np.intp)
    outside = np.asarray(shapely.area(shapely.difference(g.boxes[out], g.outline)), dtype=float)
    worst = float(outside.max()) if len(out) else 0.0
    malformed = [b.number for b in g.malformed]
    offenders = ordered([*(g.numbers[k] for k in out), *malformed])
    parts = []
    if len(out):
        top = int(out[np.argmax(outside)])
        parts.append(f"{len(out)} booth(s) outside the walls, worst {g.numbers[top]} by {worst:.3f} m²")
    if malformed:
        parts.append(f"{listing(ordered(malformed))} not a rectangle of positive size")
    detail = "; ".join(parts) or f"all {len(g.booths)} booths inside the walls"
    return RuleResult(g.hall.id, "inside_outline", 0.0, worst, "m²", offenders, not offenders, detail)


def no_overlap(g: HallGeometry) -> RuleResult:
    """Booths overlap neither each other nor columns nor keep-clear areas; worst: the largest overlap."""
    findings: list[tuple[float, str, str]] = []
    if len(g.boxes) > 1:
        i, j = g.touching_pairs
        gx, gy = gaps(g.rects[i], g.rects[j])
        hit = (gx < -TOLERANCE) & (gy < -TOLERANCE)
        findings += [
            (float(a), g.numbers[p], g.numbers[q])
            for a, p, q in zip((gx * gy)[hit].tolist(), i[hit].tolist(), j[hit].tolist(), strict=True)
        ]
    k, s, areas = overlaps(g.rects, g.obstacle_tree, g.obstacles, g.boxes)
    findings += [
        (a, g.numbers[p], g.obstacle_labels[q])
        for a, p, q in zip(areas.tolist(), k.tolist(), s.tolist(), strict=True)
    ]
    findings.sort(key=lambda f: -f[0])
    offenders = ordered([n for _, a, b in findings for n in (a, b) if n in set(g.numbers)])
    worst = findings[0][0] if findings else 0.0
    if findings:
        detail = f"{len(findings)} overlap(s): " + listing(
            [f"{a} × {b} {area:.3f} m²" for area, a, b in findings]
        )
    else:
        detail = "no booth overlaps another booth, a column or a keep-clear area"
    return RuleResult(g.hall.id, "no_overlap", 0.0, worst, "m²", offenders, not findings, detail)


def _clear_width(rect: Rect, pieces: list[Rect]) -> float:
    """The narrowest free width across aisle `rect` where `pieces` (clipped to it) stand in it.

    >>> _clear_width((0, 0, 10, 3), [(2, 0, 4, 1), (3, 2.5, 5, 3)])
    1.5
    """
    x0, y0, x1, y1 = rect
    if x1 - x0 < y1 - y0:  # runs north-south: measure across x instead
        x0, y0, x1, y1 = y0, x0, y1, x1
        pieces = [(py0, px0, py1, px1) for px0, py0, px1, py1 in pieces]
    clear = y1 - y0
    cuts = sorted({x0, x1, *(p[0] for p in pieces), *(p[2] for p in pieces)})
    for a, b in itertools.pairwise(cuts):
        mid = (a + b) / 2
        active = sorted((py0, py1) for px0, py0, px1, py1 in pieces if px0 < mid < px1)
        if b - a <= 0 or not active:
            continue
        cursor, widest = y0, 0.0
        for lo, hi in active:
            widest = max(widest, lo - cursor)
            cursor = max(cursor, hi)
        clear = min(clear, max(widest, y1 - cursor))
    return clear


def _intrusions(g: HallGeometry) -> tuple[dict[int, list[Rect]], dict[int, list[str]], dict[int, list[str]]]:
    """What stands in each aisle, by aisle index: the pieces (clipped to the aisle), the booth numbers
    and the columns or keep-clear areas."""
    pieces: dict[int, list[Rect]] = {}
    booths: dict[int, list[str]] = {}
    others: dict[int, list[str]] = {}
    if len(g.rects):
        core = grow(g.aisle_rects, -TOLERANCE)
        a, b = g.tree.query(boxes(core), predicate="intersects")
        gx, gy = gaps(core[a], g.rects[b])
        hit = (gx < 0) & (gy < 0)
        for p, q in zip(a[hit].tolist(), b[hit].tolist(), strict=True):
            ar, br = g.aisle_rects[p], g.rects[q]
            pieces.setdefault(p, []).append(
                (max(ar[0], br[0]), max(ar[1], br[1]), min(ar[2], br[2]), min(ar[3], br[3]))
            )
            booths.setdefault(p, []).append(g.numbers[q])
    k, s, _ = overlaps(g.aisle_rects, g.obstacle_tree, g.obstacles)
    if len(k):
        bounds = shapely.bounds(shapely.intersection(g.aisle_boxes[k], g.obstacles[s]))
        for p, q, bound in zip(k.tolist(), s.tolist(), bounds.tolist(), strict=True):
            pieces.setdefault(p, []).append((bound[0], bound[1], bound[2], bound[3]))
            others.setdefault(p, []).append(g.obstacle_labels[q])
    return pieces, booths, others


def _hemmed_in(g: HallGeometry, index: int, required: float) -> str:
    """What keeps aisle `index`, declared narrower than `required`, from being as wide, in words: the
    walls and the venue's columns and keep-clear areas within the width it lacks of either long side
    (booths can move; these cannot). "" where it is declared wide enough or nothing fixed is there.

    An organiser reading "main aisle 6 m of 8 m" beside a keep-clear area 6 m from a wall learns that
    no layout of the hall can keep the rule until the area or the entrance moves."""
    aisle = g.aisles[index]
    short = required - aisle.width
    if short <= TOLERANCE:
        return ""
    x0, y0, x1, y1 = aisle.x0, aisle.y0, aisle.x1, aisle.y1
    t = TOLERANCE
    if x1 - x0 >= y1 - y0:  # runs east-west: its long sides face north and south
        sides = {"N": (x0 + t, y1, x1 - t, y1 + short), "S": (x0 + t, y0 - short, x1 - t, y0)}
    else:
        sides = {"E": (x1, y0 + t, x1 + short, y1 - t), "W": (x0 - short, y0 + t, x0, y1 - t)}
    found: list[str] = []
    for side, (a, b, c, d) in sides.items():
        strip = shapely.box(a, b, c, d)
        names = ["the wall"] if shapely.area(shapely.difference(strip, g.outline)) > t else []
        hits = sorted(g.obstacle_tree.query(strip, predicate="intersects").tolist())
        labels = [g.obstacle_labels[k] for k in hits if shapely.intersection(strip, g.obstacles[k]).area > t]
        columns = [n for n in labels if n.startswith("column")]
        names += [n for n in labels if n not in columns] + columns[:2]
        if names:
            found.append(f"{' and '.join(names)} to its {side}")
    if not found:
        return ""
    return f" (widened by {short:g} m either way it would meet {'; '.join(found)})"


def aisle_width(g: HallGeometry) -> RuleResult:
    """Every aisle as wide as its kind asks, no booth standing in it.

    A column or keep-clear area in an aisle narrows it and fails only when the clear width beside
    it falls short. Measured: the clear width (declared width less what stands in it) of the aisle
    with the least margin over its own limit, which is the limit given.
    """
    malformed = tuple(aisle_label(a) for a in g.malformed_aisles)
    if malformed:
        detail = f"{listing(malformed)} not a rectangle of positive size"
        limit = min(g.hall.main_aisle, g.hall.secondary_aisle)
        return RuleResult(g.hall.id, "aisle_width", limit, None, "m", malformed, False, detail)
    if not g.aisles:
        limit = min(g.hall.main_aisle, g.hall.secondary_aisle)
        return RuleResult(g.hall.id, "aisle_width", limit, None, "m", (), True, "no aisles declared")
    pieces, booths, others = _intrusions(g)
    margins: list[tuple[float, float, float, int]] = []  # margin, clear, required, aisle index
    for index, aisle in enumerate(g.aisles):
        required = g.hall.main_aisle if aisle.kind == "main" else g.hall.secondary_aisle
        rect = (aisle.x0, aisle.y0, aisle.x1, aisle.y1)
        clear = _clear_width(rect, pieces[index]) if index in pieces else aisle.width
        margins.append((clear - required, clear, required, index))
    # a booth never stands in an aisle; a venue's column or keep-clear area may, if the clear width
    # beside it is still enough
    failing = [m for m in margins if m[0] < -TOLERANCE or m[3] in booths]
    _, clear, required, index = min(margins)
    offenders = tuple(aisle_label(g.aisles[m[3]]) for m in failing) + ordered(
        [n for m in failing for n in booths.get(m[3], [])]
    )
    if failing:
        detail = f"{len(failing)} aisle(s) too narrow or obstructed: " + listing(
            [
                f"{aisle_label(g.aisles[i])} clear {c:g} m of {r:g} m"
                + (f" ({', '.join([*booths.get(i, []), *others.get(i, [])])} in it)" if i in pieces else "")
                + _hemmed_in(g, i, r)
                for _, c, r, i in failing
            ]
        )
    else:
        detail = f"all {len(g.aisles)} aisles clear, tightest {aisle_label(g.aisles[index])} {clear:g} m"
    return RuleResult(g.hall.id, "aisle_width", required, clear, "m", offenders, not failing, detail)


def exit_clear_area(g: HallGeometry) -> RuleResult:
    """No booth in the area `exit_clear_depth` deep and a door wide in front of each entrance and exit."""
    limit = 0.0
    k, d, areas = (
        overlaps(g.rects, shapely.STRtree(g.door_clear), g.door_clear, g.boxes)
        if len(g.doors)
        else (np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0))
    )
    worst = float(areas.max()) if len(areas) else 0.0
    offenders = ordered([g.numbers[p] for p in k.tolist()])
    if len(k):
        by_door: dict[int, list[str]] = {}
        for p, q in zip(k.tolist(), d.tolist(), strict=True):
            by_door.setdefault(q, []).append(g.numbers[p])
        detail = "; ".join(
            f"{g.door_labels[q]} blocked by {listing(ordered(n))}" for q, n in sorted(by_door.items())
        )
    else:
        detail = f"the areas in front of all {len(g.doors)} doors are clear"
    return RuleResult(g.hall.id, "exit_clear_area", limit, worst, "m²", offenders, not len(k), detail)
