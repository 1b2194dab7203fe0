"""A zone's last few booths that a hall left for the next, placed in that hall after all, beside their zone.

`lay_out` fills a hall zone by zone; a zone it places most of may still leave its last few booths for
the next hall (a corner booth, an island the hall's island bands had no room left for), where they
would stand apart from the rest of their zone. Those booths (`last_booths`) are offered the floor the
hall left free as a re-layout offers it to new booths (`incremental`): row booths at the ends of their
zone's rows (`row_ends.lengthen_rows`), then across an aisle from its booths (`row_ends.stand_across`),
then, where asked, the open floor nearest them (`open_floor.fill_open_floor`, beside their zone only),
blocks stacked against a standing row kept within the row-length rule (`row_ends.within_row_rule`).
The booths no hall after it would take (those left in the last hall, those of a zone pinned to a hall)
are offered the same floor, and then, `anywhere`, any open floor or empty stretch of wall row left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from halllayout.layout.open_floor import fill_open_floor, open_floor_around
from halllayout.layout.placement import PlacedIndex, Spot
from halllayout.layout.queue import Zone
from halllayout.layout.row_ends import SidesOf, lengthen_rows, stand_across, within_row_rule
from halllayout.layout.site import Site, wall_gaps
from halllayout.model import Aisle, BoothRequest

__all__ = ["LAST_BOOTHS", "join_last_booths", "last_booths"]

#: A zone's booths left waiting are its last few when there are at most this many and fewer than the
#: hall placed of it.
LAST_BOOTHS = 10


def last_booths(zones: Sequence[Zone], spots: Sequence[Spot]) -> list[BoothRequest]:
    """The last few booths (`LAST_BOOTHS`) of each of `zones` that a hall, its booths at `spots`, leaves
    waiting though it placed more of the zone; zone by zone, in list order."""
    here = Counter(s.request.zone for s in spots)
    return [r for z in zones if 0 < z.left <= LAST_BOOTHS and z.left < here[z.name] for r in z.waiting()]


def join_last_booths(
    site: Site,
    spots: Sequence[Spot],
    aisles: Sequence[Aisle],
    waiting: Sequence[BoothRequest],
    involved: frozenset[str],
    sides_of: SidesOf,
    stack: bool,
    anywhere: bool = False,
) -> tuple[list[Spot], list[Aisle]]:
    """Those of `waiting` that find a place beside their zone's booths in the hall of `site`, where the
    booths at `spots` stand between `aisles`: at the ends of its rows, across an aisle from it and, with
    `stack`, in the open floor nearest it (see the module) and, with `anywhere` too, in any open floor
    or empty stretch of wall row left (a zone new to the hall, booths no floor beside their zone took);
    the new spots, and the hall's aisles with the open floor cut round them and the aisles of the blocks
    stacked. `involved`: the refs of keep-apart pairs; `sides_of`: open sides of spots as the rules
    count them."""
    hall, module = site.hall, site.module
    index = PlacedIndex(hall.main_aisle, involved)
    for spot in spots:
        index.add(spot)
    obstacles = [*site.obstacles, *wall_gaps(site.wall_pieces)]
    lengthened = lengthen_rows(hall, module, index, waiting, aisles, obstacles, sides_of)
    placed = {s.request.ref for s in lengthened}
    rest = [r for r in waiting if r.ref not in placed]
    across = stand_across(hall, module, index, rest, aisles, obstacles, sides_of) if rest else []
    placed |= {s.request.ref for s in across}
    rest = [r for r in rest if r.ref not in placed]
    after = list(aisles)
    stacked: list[Spot] = []
    if stack and rest:
        floor = fill_open_floor(site, index, rest, aisles, anywhere=anywhere)
        stacked = within_row_rule(index.spots, list(floor.spots), hall.rules.max_row_length)
        replaced = set(floor.replaced)
        after = [a for a in after if a not in replaced] + list(floor.aisles)
    if across:  # the open floor they stand on, cut round them
        after = open_floor_around(after, [(s.x0, s.y0, s.x1, s.y1) for s in across], hall.secondary_aisle)
    return [*lengthened, *across, *stacked], after
