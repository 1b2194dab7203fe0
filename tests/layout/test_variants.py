"""The variants a hall is filled with where the default fill splits a zone (`stacking.Variant`), and the
choice among them (`lay_out`)."""

from __future__ import annotations

import dataclasses

from halllayout.layout import _splits, lay_out
from halllayout.layout.placement import PlacedIndex, Spot
from halllayout.layout.queue import zones_in_order
from halllayout.layout.site import build_site
from halllayout.layout.stacking import HallFiller, Variant
from halllayout.model import Fair
from halllayout.read import read_booth_list, read_hall
from halllayout.rules import check
from halllayout.rules.metrics import measure
from tests.conftest import DATA, make_booths

HALL = read_hall(DATA / "halls" / "hall-a-144x90.json")


def _fill_beside_the_main_aisle(variant: Variant) -> list[Spot]:
    """Two 12 × 12 m islands and forty 3 × 3 m booths of one zone, in the run east of hall A's main
    aisle from its south end: the column at (90, 18) stands in the first island band's far edge."""
    site = build_site(HALL, 3)
    run = next(r for r in site.runs if r.x0 == 75)
    islands = [
        dataclasses.replace(r, ref=f"ISL{r.ref}") for r in make_booths(2, 12, 12, type="island", zone="Z")
    ]
    zones = zones_in_order(islands + make_booths(40, zone="Z"), 3)
    filler = HallFiller(site, zones, PlacedIndex(HALL.main_aisle, frozenset()), variant=variant)
    filler.fill(((run, True),))
    return filler.index.spots


def test_an_island_band_a_column_breaks_becomes_a_row_and_keeps_the_zone_together() -> None:
    default = _fill_beside_the_main_aisle(Variant())
    rows_first = _fill_beside_the_main_aisle(Variant(rows_for_broken_bands=True))
    assert len(default) == len(rows_first) == 42
    # the default band [6, 18] holds no island (the column leaves 11.5 m either side of it), only rows
    # at its south side, 9.5 m of aisle from the islands in the next band: the zone in two groups
    assert _splits(default, HALL.main_aisle) == 1
    assert {s.y0 for s in default if s.request.type == "island"} == {21.5}
    # double rows there instead, the column standing in the second, and the islands in the band after
    # them, an aisle apart: one group
    assert _splits(rows_first, HALL.main_aisle) == 0
    assert {s.y0 for s in rows_first if s.request.type == "island"} == {24}
    assert {(s.y0, s.y1) for s in rows_first if s.request.type == "standard"} >= {(6, 9), (9, 12), (15, 18)}


def test_a_hall_whose_default_fill_splits_a_zone_is_filled_with_the_variant_that_splits_fewer() -> None:
    layout = lay_out(Fair("One", (HALL,)), read_booth_list(DATA / "booths" / "fair-120.csv"))
    report = check(layout)
    figures = measure(layout, report)
    assert report.passed and layout.unplaced == ()
    # 2 with the default fill: 教育服务's wall rows, passed before its island band, sent it to the back
    # of the queue as a zone with no booths for this hall (`Variant.walls_stall`)
    assert figures["zones_split"]["count"] == 1
    assert "教育服务" not in {z["zone"] for z in figures["zones_split"]["zones"]}
    assert figures["types"]["honoured"] == figures["types"]["total"]
