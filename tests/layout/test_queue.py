"""halllayout.layout.queue: the booths waiting, zone by zone, taken out as placed and given back."""

from __future__ import annotations

import dataclasses

from halllayout.layout.queue import zones_in_order
from tests.conftest import make_booths


def test_a_booth_taken_out_and_given_back_waits_again_in_list_order() -> None:
    booths = [
        dataclasses.replace(
            r, zone="Food", tier="gold" if k == 2 else "", type="island" if k == 4 else "standard"
        )
        for k, r in enumerate(make_booths(6, 6, 6))
    ]
    (zone,) = zones_in_order(booths, 3)
    before = (zone.left, zone.sponsors, dict(zone.by_kind), zone.area_placed, zone.island_area_placed)
    for k in (4, 2, 0):
        zone.remove(booths[k], 3)
    assert [r.ref for r in zone.waiting()] == ["EX2", "EX4", "EX6"]
    assert (zone.left, zone.sponsors, zone.area_placed, zone.island_area_placed) == (3, 0, 108, 36)
    assert zone.by_kind == {"island": 0, "cap": 3, "corner": 0, "inline": 0}
    for k in (2, 0, 4):
        zone.give_back(booths[k], 3)
    assert [r.ref for r in zone.waiting()] == [r.ref for r in booths]
    assert (zone.left, zone.sponsors, dict(zone.by_kind), zone.area_placed, zone.island_area_placed) == before
