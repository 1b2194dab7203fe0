"""The rules' view of a hall being filled: which rules its booths and aisles break, and which booths
stand beyond the travel-distance rule's walk to an exit.

Shared by a fresh layout (`lay_out`), which leaves out the booths its fill puts beyond the walk, and a
re-layout (`incremental.lay_out_again`), which takes out the booths it places anew where they would
break a rule the hall kept before.
"""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.layout.placement import Spot
from halllayout.model import Aisle, Hall, PlacedBooth
from halllayout.rules.check import RULES
from halllayout.rules.geometry import TOLERANCE, HallGeometry
from halllayout.rules.network import travel, walked_travel
from halllayout.rules.report import RuleResult

__all__ = ["broken_rules", "hall_geometry", "within_travel"]


def hall_geometry(hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle]) -> HallGeometry:
    """The rules' view of `hall` with booths at `spots` between `aisles`, the booths numbered by their
    place in `spots` ("0", "1", ...): no rule or figure needs their numbers, and the open sides are
    counted afresh."""
    booths = [
        PlacedBooth(str(k), s.request, hall.id, s.x0, s.y0, s.x1, s.y1, s.front, ())
        for k, s in enumerate(spots)
    ]
    return HallGeometry(hall, booths, aisles)


def broken_rules(hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle]) -> dict[str, RuleResult]:
    """The rules of `check`'s `RULES` that the booths at `spots` between `aisles` break in `hall`, by
    name; the offending booths are named by their place in `spots` (`hall_geometry`)."""
    g = hall_geometry(hall, spots, aisles)
    results = {name: rule(g) for name, rule in RULES.items()}
    return {name: result for name, result in results.items() if not result.passed}


def within_travel(
    hall: Hall, spots: list[Spot], aisles: Sequence[Aisle], kept: int = 0
) -> tuple[list[Spot], list[Spot]]:
    """`spots` of the hall filled, split into those within the travel-distance rule's walk of an exit
    (`walked_travel`, as the rule measures it) and those beyond it, each in order: the floor a hall's
    shape puts beyond every exit's reach (a far corner of a hall with exits along one side), or that
    its aisles lead to the long way round, holds no booth. A hall without doors keeps them all: that
    is the hall's fault, which the rule reports. The first `kept` spots are near whatever their walk."""
    if not spots or not (hall.entrances or hall.exits):
        return spots, []
    g = hall_geometry(hall, spots, aisles)
    limit = hall.rules.max_travel_distance + TOLERANCE
    # the natural path is never longer than the centre lines': worked out only where they are too long
    route = travel(g)
    if bool((route.distance[kept:] <= limit).all()):
        return spots, []
    distance = walked_travel(g, route).distance
    distance[:kept] = 0.0
    near = [s for s, d in zip(spots, distance.tolist(), strict=True) if d <= limit]
    far = [s for s, d in zip(spots, distance.tolist(), strict=True) if d > limit]
    return near, far
