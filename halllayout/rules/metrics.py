"""Figures for the organiser's report, measured from the layout's geometry alongside the rule check.

>>> figures = measure(layout, check(layout))   # doctest: +SKIP
>>> figures["booths"]                          # doctest: +SKIP
{'placed': 118, 'requested': 120, 'unplaced': 2}
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from halllayout.model import Layout
from halllayout.rules.blocks import neighbouring
from halllayout.rules.check import hall_geometries
from halllayout.rules.geometry import (
    HallGeometry,
    IntArray,
    components,
    number_key,
    reaching,
)
from halllayout.rules.report import Report

#: Open sides each booth type needs, at least.
OPEN_SIDES_NEEDED = {"standard": 1, "corner": 2, "peninsula": 3, "island": 4, "raw": 1}
#: Tiers counted as sponsors, who should face a main aisle.
SPONSOR_TIERS = ("platinum", "gold")


def open_sides(g: HallGeometry) -> IntArray:
    """How many sides of each booth are open, `(n,)`: the strip outside the side, as deep as the hall's
    secondary aisle, holds no booth and lies inside the outline, and no column or keep-clear area
    stands within `COLUMN_REACH` of it (a column across the aisle leaves the side open to visitors)."""
    n = len(g.booths)
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    depth = g.hall.secondary_aisle
    blocked = np.zeros((n, 4), dtype=bool)
    i, j = g.close_pairs(depth)
    b, c = g.rects[np.concatenate([i, j])], g.rects[np.concatenate([j, i])]
    booth = np.concatenate([i, j])
    for side, reached in enumerate(reaching(b, c, depth)):
        blocked[booth[reached], side] = True
    blocked |= g.walls.closed(g.rects, depth)
    result: IntArray = (~blocked).sum(axis=1).astype(np.intp)
    return result


def zone_groups(g: HallGeometry) -> dict[str, int]:
    """For each zone in the hall, how many separate groups its booths form (neighbours: `facing`
    across at most the main aisle width); booths with no zone are left out."""
    zones = [b.request.zone for b in g.booths]
    names, codes = np.unique(np.array(zones, dtype=str), return_inverse=True)
    i, j = g.neighbour_pairs(g.hall.main_aisle)
    same = codes[i] == codes[j]
    labels = components(len(zones), i[same], j[same])
    return {str(name): len(np.unique(labels[codes == k])) for k, name in enumerate(names.tolist()) if name}


def _area(value: float) -> float:
    return round(value, 3) + 0.0


def _keep_apart(halls: list[HallGeometry]) -> dict[str, int]:
    """Pairs of placed booths whose requests name each other in keep_apart, and how many stand apart."""
    where: dict[str, list[tuple[int, int]]] = {}
    for h, g in enumerate(halls):
        for k, booth in enumerate(g.booths):
            where.setdefault(booth.request.ref, []).append((h, k))
    pairs: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for h, g in enumerate(halls):
        for k, booth in enumerate(g.booths):
            for ref in booth.request.keep_apart:
                for other in where.get(ref, []):
                    if other != (h, k):
                        pairs.add((min((h, k), other), max((h, k), other)))
    same_hall: dict[int, list[tuple[int, int]]] = {}
    for a, b in sorted(pairs):
        if a[0] == b[0]:
            same_hall.setdefault(a[0], []).append((a[1], b[1]))
    together = sum(len(neighbouring(halls[h], hall_pairs)) for h, hall_pairs in same_hall.items())
    return {"honoured": len(pairs) - together, "total": len(pairs)}


def measure(layout: Layout, report: Report) -> dict[str, Any]:
    """The organiser's figures for `layout`, JSON-ready: booths, areas, zones split within a hall and
    zones across halls (the halls beyond the first each zone stands in, with each such zone's booths by
    hall), booth types, keep-apart pairs, sponsors on main aisles, vacant booth spots (count and area, and
    each hall's count) and each hall's worst travel distance (taken from `report`)."""
    halls, _ = hall_geometries(layout)
    placed = len(layout.booths)
    hall_rows = []
    split: list[dict[str, Any]] = []
    type_failures: list[dict[str, Any]] = []
    sponsors_on_main, sponsors, sponsors_elsewhere = 0, 0, []
    # each zone's booths by hall, zones and halls in the order they first appear
    zone_halls: dict[str, dict[str, int]] = {}
    net_total = gross_total = 0.0
    travel = {(r.hall_id, r.rule): r.measured for r in report.results}
    for g in halls:
        net = float(((g.rects[:, 2] - g.rects[:, 0]) * (g.rects[:, 3] - g.rects[:, 1])).sum())
        gross = float(g.outline.area)
        net_total += net
        gross_total += gross
        worst = travel.get((g.hall.id, "travel_distance"))
        hall_rows.append(
            {
                "hall": g.hall.id,
                "booths": len(g.booths),
                "net_area": _area(net),
                "gross_area": _area(gross),
                "net_to_gross": round(net / gross, 4) if gross else None,
                "vacant": len(layout.vacant_in(g.hall.id)),
                "worst_travel_distance": round(worst, 3)
                if worst is not None and math.isfinite(worst)
                else None,
            }
        )
        for booth in g.booths:
            if booth.request.zone:
                here = zone_halls.setdefault(booth.request.zone, {})
                here[g.hall.id] = here.get(g.hall.id, 0) + 1
        split += [
            {"hall": g.hall.id, "zone": zone, "groups": groups}
            for zone, groups in zone_groups(g).items()
            if groups > 1
        ]
        opened = open_sides(g)
        for booth, count in zip(g.booths, opened.tolist(), strict=True):
            needed = OPEN_SIDES_NEEDED.get(booth.request.type, 1)
            if count < needed:
                type_failures.append(
                    {"booth": booth.number, "type": booth.request.type, "open_sides": count, "needs": needed}
                )
        contacts = g.contacts
        main = np.array([a.kind == "main" for a in g.aisles], dtype=bool)
        on_main = set((contacts.side[main[contacts.aisle]] // 4).tolist()) if len(contacts.aisle) else set()
        for k, booth in enumerate(g.booths):
            if booth.request.tier in SPONSOR_TIERS:
                sponsors += 1
                if k in on_main:
                    sponsors_on_main += 1
                else:
                    sponsors_elsewhere.append(booth.number)
    return {
        "booths": {
            "placed": placed,
            "requested": placed + len(layout.unplaced),
            "unplaced": len(layout.unplaced),
        },
        "area": {
            "net": _area(net_total),
            "gross": _area(gross_total),
            "net_to_gross": round(net_total / gross_total, 4) if gross_total else None,
        },
        "vacant": {
            "spots": len(layout.vacant),
            "area": _area(sum((v.x1 - v.x0) * (v.y1 - v.y0) for v in layout.vacant)),
        },
        "zones_split": {"count": sum(s["groups"] - 1 for s in split), "zones": split},
        "zones_across_halls": {
            "count": sum(len(booths) - 1 for booths in zone_halls.values()),
            "zones": [
                {"zone": zone, "halls": booths} for zone, booths in zone_halls.items() if len(booths) > 1
            ],
        },
        "types": {
            "honoured": placed - len(type_failures),
            "total": placed,
            "failures": sorted(type_failures, key=lambda f: number_key(f["booth"])),
        },
        "keep_apart": _keep_apart(halls),
        "sponsors": {
            "on_main_aisle": sponsors_on_main,
            "total": sponsors,
            "elsewhere": sorted(sponsors_elsewhere, key=number_key),
        },
        "halls": hall_rows,
    }
