"""Layout v0: rectangular rows of booths between aisles, inside the outline, clear of columns,
keep-clear areas and exits, every booth facing an aisle, numbered uniquely across the fair."""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.errors import InputError, LayoutError
from halllayout.layout.floor import Floor, hall_floor
from halllayout.layout.numbering import number_booths
from halllayout.layout.rows import EPSILON, fill_rows
from halllayout.model import BoothRequest, Fair, Layout, PlacedBooth

__all__ = ["lay_out", "placement_order"]


def placement_order(requests: Sequence[BoothRequest]) -> list[BoothRequest]:
    """Deepest booths first (they set the row depth), then zone by zone, then in list order."""
    zone_rank: dict[str, int] = {}
    for r in requests:
        zone_rank.setdefault(r.zone, len(zone_rank))
    indexed = list(enumerate(requests))
    indexed.sort(key=lambda item: (-item[1].depth, zone_rank[item[1].zone], item[0]))
    return [r for _, r in indexed]


def _check_sizes(requests: Sequence[BoothRequest], floors: dict[str, Floor]) -> None:
    """Refuse, before laying out, a booth larger than every hall's buildable floor."""
    largest = {hall_id: floor.usable.bounds for hall_id, floor in floors.items() if not floor.usable.is_empty}
    for r in requests:
        if not any(
            r.width <= maxx - minx + EPSILON and r.depth <= maxy - miny + EPSILON
            for minx, miny, maxx, maxy in largest.values()
        ):
            sizes = ", ".join(
                f"hall {hall_id} {maxx - minx:g} × {maxy - miny:g} m"
                for hall_id, (minx, miny, maxx, maxy) in largest.items()
            )
            raise InputError(
                r.source.file,
                f'booth "{r.ref}" is {r.width:g} × {r.depth:g} m, larger than the buildable floor '
                f"of every hall ({sizes or 'no hall has buildable floor'})",
                row=r.source.row,
                column="width",
            )


def lay_out(fair: Fair, requests: Sequence[BoothRequest]) -> Layout:
    """Place every booth of `requests` in the halls of `fair`, filling halls in the fair's order.

    Raises InputError for a booth larger than any hall and LayoutError when the halls run out of floor.
    """
    floors = {hall.id: hall_floor(hall) for hall in fair.halls}
    _check_sizes(requests, floors)
    waiting = placement_order(requests)
    booths: list[PlacedBooth] = []
    for hall in fair.halls:
        placements, waiting = fill_rows(hall, floors[hall.id], waiting)
        booths.extend(number_booths(hall.id, placements))
    if waiting:
        first = waiting[0]
        total_area = sum(r.width * r.depth for r in waiting)
        raise LayoutError(
            f"{len(waiting)} of {len(requests)} booths do not fit in "
            f"{'hall ' + fair.halls[0].id if len(fair.halls) == 1 else 'the fair'}'s floor "
            f'({total_area:g} m² left over; first: "{first.ref}", {first.width:g} × {first.depth:g} m, '
            f"{first.source}). Add a hall or reduce the booth list."
        )
    return Layout(fair=fair, booths=tuple(booths))
