"""Check a finished layout against the rule set, hall by hall, with each hall's own limits.

>>> report = check(layout)            # doctest: +SKIP
>>> report.passed, [v.rule for v in report.violations]  # doctest: +SKIP
(False, ['travel_distance'])
"""

from __future__ import annotations

from collections.abc import Callable

from halllayout.model import Aisle, Layout, PlacedBooth
from halllayout.rules.access import booth_on_aisle, distance_to_aisle
from halllayout.rules.blocks import keep_apart, row_length
from halllayout.rules.geometry import HallGeometry, listing, ordered
from halllayout.rules.network import dead_end, travel_distance
from halllayout.rules.placement import aisle_width, exit_clear_area, inside_outline, no_overlap
from halllayout.rules.report import Report, RuleResult

Rule = Callable[[HallGeometry], RuleResult]

#: Every rule, in the order results are given.
RULES: dict[str, Rule] = {
    "inside_outline": inside_outline,
    "no_overlap": no_overlap,
    "aisle_width": aisle_width,
    "exit_clear_area": exit_clear_area,
    "booth_on_aisle": booth_on_aisle,
    "distance_to_aisle": distance_to_aisle,
    "travel_distance": travel_distance,
    "dead_end": dead_end,
    "row_length": row_length,
    "keep_apart": keep_apart,
}


def hall_geometries(layout: Layout) -> tuple[list[HallGeometry], list[RuleResult]]:
    """The geometry of every hall of the fair, in fair order, and a failed result for each hall id
    that booths or aisles name but the fair lacks (so that they cannot pass unchecked)."""
    booths: dict[str, list[PlacedBooth]] = {hall.id: [] for hall in layout.fair.halls}
    aisles: dict[str, list[Aisle]] = {hall.id: [] for hall in layout.fair.halls}
    strays: dict[str, list[str]] = {}
    for booth in layout.booths:
        if booth.hall_id in booths:
            booths[booth.hall_id].append(booth)
        else:
            strays.setdefault(booth.hall_id, []).append(booth.number)
    stray_aisles: dict[str, int] = {}
    for aisle in layout.aisles:
        if aisle.hall_id in aisles:
            aisles[aisle.hall_id].append(aisle)
        else:
            stray_aisles[aisle.hall_id] = stray_aisles.get(aisle.hall_id, 0) + 1
    halls = [HallGeometry(hall, booths[hall.id], aisles[hall.id]) for hall in layout.fair.halls]
    unknown = [
        RuleResult(
            hall_id,
            "inside_outline",
            0.0,
            None,
            "m²",
            ordered(strays.get(hall_id, [])),
            False,
            f"hall {hall_id!r} is not in the fair: "
            + listing(
                [
                    *ordered(strays.get(hall_id, [])),
                    *([f"{stray_aisles[hall_id]} aisle(s)"] if hall_id in stray_aisles else []),
                ]
            ),
        )
        for hall_id in sorted({*strays, *stray_aisles})
    ]
    return halls, unknown


def check(layout: Layout, rules: dict[str, Rule] | None = None) -> Report:
    """Check every hall of `layout` against `rules` (default: all of `RULES`), halls in fair order.

    Results of booths or aisles naming a hall the fair lacks come last, failed.
    """
    chosen = RULES if rules is None else rules
    halls, unknown = hall_geometries(layout)
    results = [rule(g) for g in halls for rule in chosen.values()]
    return Report((*results, *unknown))
