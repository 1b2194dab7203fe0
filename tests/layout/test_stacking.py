"""Filling one hall (`stacking`): the sides a hall's walls and columns close, and the rows of island bands."""

from __future__ import annotations

import dataclasses

from halllayout.layout import lay_out
from halllayout.layout.numbering import open_sides
from halllayout.layout.placement import PlacedIndex, Spot
from halllayout.layout.queue import zones_in_order
from halllayout.layout.site import build_site
from halllayout.layout.stacking import HallFiller, Variant, backing_sides, closed_sides
from halllayout.model import BoothRequest, Column, Fair, PlacedBooth
from halllayout.read import read_booth_list, read_hall
from halllayout.rules import check
from halllayout.rules.geometry import HallGeometry, Walls
from halllayout.rules.metrics import OPEN_SIDES_NEEDED, measure
from halllayout.rules.metrics import open_sides as counted_open_sides
from tests.conftest import DATA, make_booths, make_hall

HALL = read_hall(DATA / "halls" / "hall-a-144x90.json")


def test_the_sides_a_column_or_wall_closes_are_those_the_metrics_count_closed() -> None:
    # a column 0.5 m off a booth's side closes it in the metrics (COLUMN_REACH, 1 m): the engine
    # used to look 0.3 m out only, and wrote such a peninsula into layout.json with three open
    # sides where the report counted two
    hall = make_hall(40, 20, columns=(Column((10, 10), 1),))
    r = BoothRequest("r", "R", 3, 3)
    spots = [
        Spot(r, 11, 8, 14, 11, "S", 0, 0),  # its west side 0.5 m from the column
        Spot(r, 21.5, 8, 24.5, 11, "S", 0, 1),  # clear of everything
        Spot(r, 30, 8, 33, 11, "S", 0, 2),
        Spot(r, 1, 8, 4, 11, "S", 0, 3),  # its west side 1 m from the wall
    ]
    closed = backing_sides(spots, Walls(hall), hall.secondary_aisle)
    assert closed == {0: {"W"}, 3: {"W"}}
    booths = [
        PlacedBooth(f"A{k}", s.request, "A", s.x0, s.y0, s.x1, s.y1, s.front, ("N",))
        for k, s in enumerate(spots)
    ]
    g = HallGeometry(hall, booths, [])
    assert counted_open_sides(g).tolist() == [4 - len(closed.get(k, ())) for k in range(len(spots))]


def _fill_band_past_a_column(variant: Variant) -> HallFiller:
    """One 6 × 12 m island, eight corner booths and twenty 3 × 3 m booths of one zone, in the run east of
    hall A's main aisle from its south end: the band [6, 18] the island asks for has the column at
    (90, 18) in its north edge, beyond the double row beside the island."""
    site = build_site(HALL, 3)
    run = next(r for r in site.runs if r.x0 == 75)
    island = [dataclasses.replace(r, ref=f"I{r.ref}") for r in make_booths(1, 6, 12, type="island", zone="Z")]
    corners = [dataclasses.replace(r, ref=f"C{r.ref}") for r in make_booths(8, type="corner", zone="Z")]
    zones = zones_in_order(island + corners + make_booths(20, zone="Z"), 3)
    filler = HallFiller(site, zones, PlacedIndex(HALL.main_aisle, frozenset()), variant=variant)
    filler.fill((((run,), True),))
    return filler


def _short(filler: HallFiller) -> list[tuple[float, float]]:
    sides = open_sides(filler.index.spots, closed_sides(filler), HALL.secondary_aisle)
    return [
        (s.x0, s.y0)
        for s, open in zip(filler.index.spots, sides, strict=True)
        if len(open) < OPEN_SIDES_NEEDED[s.request.type]
    ]


def _rows(filler: HallFiller) -> set[tuple[float, float, float, float, str]]:
    return {
        (s.x0, s.y0, s.x1, s.y1, s.request.type)
        for s in filler.index.spots
        if 6 <= s.y0 < 12 and s.request.type != "island"
    }


def test_the_rows_beside_a_bands_islands_run_on_past_a_column_that_cuts_the_band_beyond_them() -> None:
    default = _fill_band_past_a_column(Variant())
    running_on = _fill_band_past_a_column(Variant(rows_run_on=True))
    # by default the column cuts the band's rows too: the rows [84, 89.5] and [90.5, 105] end face to
    # face across 1 m of floor, and the corner booths at x 90.5 have one open side (the services fair's
    # hall B had two such)
    assert _short(default) == [(90.5, 6), (90.5, 9)]
    assert _short(running_on) == []
    # running on, the double row reaches from the aisle past the island to the run's east end, a corner
    # booth at each end of each row, and the aisle behind it runs past the column (5.5 m clear beside it)
    rows = _rows(running_on)
    assert {(84, 6, 87, 9, "corner"), (102, 6, 105, 9, "corner")} <= rows
    assert {(84, 9, 87, 12, "corner"), (102, 9, 105, 12, "corner")} <= rows
    assert sorted(s[0] for s in rows if s[1] == 6) == list(range(84, 105, 3))
    assert (84, 12, 105, 18) in {(a.x0, a.y0, a.x1, a.y1) for a in running_on.aisles}
    for filler in (default, running_on):
        assert len(filler.index.spots) == 29


def test_a_hall_whose_chosen_fill_leaves_a_stand_short_of_open_sides_is_filled_again_with_rows_run_on() -> (
    None
):
    # the services fair in four of hall A: hall B's chosen fill left two corner booths with one open
    # side each, at rows ending face to face across a column's gap (`_fill_hall`)
    hall = HALL
    fair = Fair("Four", tuple(dataclasses.replace(hall, id=i, name=f"Hall {i}") for i in "ABCD"))
    layout = lay_out(fair, read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv"))
    report = check(layout)
    figures = measure(layout, report)
    assert report.passed and layout.unplaced == ()
    assert figures["types"]["honoured"] == figures["types"]["total"] == 1212


def test_a_wall_row_piece_facing_the_next_across_less_than_an_aisle_has_no_open_end_there() -> None:
    # the L-shaped hall's exits are 2.4 m wide: the wall row breaks for each exit's clear area, and the
    # booths at the two pieces' ends face each other across it, within the 3 m the metrics look out.
    # Its corner booths stood there, with one open side each (2 of this list's)
    hall = read_hall(DATA / "halls" / "hall-l-shaped.json")
    layout = lay_out(Fair("L", (hall,)), read_booth_list(DATA / "booths" / "generated-150-seed6.csv"))
    report = check(layout)
    figures = measure(layout, report)
    assert report.passed
    assert figures["types"]["failures"] == []
    # no corner booth on the south wall row beside the exit at (60, 0)
    assert not [
        b.number for b in layout.booths if b.request.type == "corner" and b.y0 == 0 and 55 <= b.x0 <= 62
    ]
