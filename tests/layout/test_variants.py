"""The variants a hall is filled with where the default fill splits a zone (`stacking.Variant`), and the
choice among them (`lay_out`)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import halllayout.layout
from halllayout.layout import _lay_out, _splits, lay_out
from halllayout.layout.numbering import open_sides
from halllayout.layout.placement import PlacedIndex, Spot
from halllayout.layout.queue import Zone, zones_in_order
from halllayout.layout.site import build_site
from halllayout.layout.stacking import VARIANTS, HallFiller, Variant, closed_sides
from halllayout.model import BoothRequest, Door, Fair, Layout
from halllayout.read import read_booth_list, read_fair, read_hall
from halllayout.rules import check
from halllayout.rules.metrics import measure
from tests.conftest import DATA, make_booths, make_hall

HALL = read_hall(DATA / "halls" / "hall-a-144x90.json")


def _big_then_small(count: int, size: float, kind: str, zone: str, small: int, small_zone: str) -> list[Zone]:
    """`count` booths `size` × `size` m of type `kind` in `zone` (refs BIG1…), then `small` 3 × 3 m booths
    of `small_zone`, as the zones the filler takes them from."""
    big = [
        dataclasses.replace(r, ref=f"BIG{r.ref}")
        for r in make_booths(count, size, size, type=kind, zone=zone)
    ]
    return zones_in_order(big + make_booths(small, zone=small_zone), 3)


def _fill_beside_the_main_aisle(variant: Variant) -> list[Spot]:
    """Two 12 × 12 m islands and forty 3 × 3 m booths of one zone, in the run east of hall A's main
    aisle from its south end: the column at (90, 18) stands in the first island band's far edge."""
    site = build_site(HALL, 3)
    run = next(r for r in site.runs if r.x0 == 75)
    zones = _big_then_small(2, 12, "island", "Z", 40, "Z")
    filler = HallFiller(site, zones, PlacedIndex(HALL.main_aisle, frozenset()), variant=variant)
    filler.fill((((run,), True),))
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
    # of the queue as a zone with no booths for this hall (`Variant.walls_stall`); the one left, 文旅服务's
    # tail, rejoins it across the cross aisle (`row_ends.rejoin`)
    assert figures["zones_split"]["count"] == 0
    assert figures["types"]["honoured"] == figures["types"]["total"]


def _short_zone_then_another(corners: int) -> list[BoothRequest]:
    """Zone X: `corners` corner booths and two inline ones, 3 × 3 m; then zone Y: thirty inline ones."""
    x = [dataclasses.replace(r, ref=f"XC{r.ref}") for r in make_booths(corners, type="corner", zone="X")]
    x += [dataclasses.replace(r, ref=f"XI{r.ref}") for r in make_booths(2, zone="X")]
    return x + [dataclasses.replace(r, ref=f"Y{r.ref}") for r in make_booths(30, zone="Y")]


def _where(spots: list[Spot], zone: str) -> set[tuple[float, float]]:
    return {(s.x0, s.y0) for s in spots if s.request.zone == zone}


def test_a_zone_short_of_a_double_rows_far_end_puts_its_last_corner_at_the_back_rows_near_end() -> None:
    # one run [6, 24] × [6, 34]: a double row at its south end, the 18 m rows open at both ends
    hall = make_hall(30, 40)
    site = build_site(hall, 3)
    filler = HallFiller(site, zones_in_order(_short_zone_then_another(2), 3), PlacedIndex(6, frozenset()))
    filler.pack_double(site.runs[0], 6, "S")
    # X: corner, two inline, then its second corner backs onto the first (before: at the first row's
    # far end, x 21, past 6 m of floor); Y fills the rest of both rows, from X's booths on
    assert _where(filler.index.spots, "X") == {(6, 6), (9, 6), (12, 6), (6, 9)}
    assert _where(filler.index.spots, "Y") == {(x, 6) for x in (15, 18, 21)} | {
        (x, 9) for x in range(9, 24, 3)
    }
    assert _splits(filler.index.spots, 6) == 0


def test_a_zone_short_of_a_rows_far_end_leaves_it_to_the_next_zone_with_leave_short_rows() -> None:
    hall = make_hall(30, 40)
    site = build_site(hall, 3)

    def filled(variant: Variant) -> list[Spot]:
        zones = zones_in_order(_short_zone_then_another(3), 3)
        filler = HallFiller(site, zones, PlacedIndex(6, frozenset()), variant=variant)
        filler.fill()
        # every corner booth keeps its two open sides
        sides = open_sides(filler.index.spots, closed_sides(filler), hall.secondary_aisle)
        assert all(
            len(o) >= 2 for s, o in zip(filler.index.spots, sides, strict=True) if s.request.type == "corner"
        )
        return filler.index.spots

    default = filled(Variant())
    leaving = filled(Variant(leave_short_rows=True))
    assert len(default) == len(leaving) == 35
    # the south wall row [6, 24] comes first: by default X's second corner stands at its far end, alone
    assert _where(default, "X") == {(6, 0), (9, 0), (12, 0), (21, 0), (6, 6)}
    # leaving it, X's corners take the near ends of the double row's two rows, and Y the wall row's rest
    assert _where(leaving, "X") == {(6, 0), (9, 0), (12, 0), (6, 6), (6, 9)}
    assert {(15, 0), (18, 0), (21, 0)} <= _where(leaving, "Y")


def _figures(layout: Layout) -> dict[str, Any]:
    report = check(layout)
    assert report.passed
    return measure(layout, report)


def test_a_hall_with_room_in_the_halls_after_it_chooses_its_trial_for_zones_kept_together() -> None:
    requests = read_booth_list(DATA / "booths" / "fair-400-zh-gbk.csv")
    fair = read_fair(DATA / "halls" / "fair-3-halls.json")
    chosen = lay_out(fair, requests)
    area_first = _lay_out(fair, requests, None, strict=True)
    assert chosen.unplaced == area_first.unplaced == ()
    # area first, hall A keeps the trial that places most, which leaves hall B more zones to split; its
    # strays rejoin their zones across an aisle (`row_ends.rejoin`) where they can, and booths of a zone
    # split still trade spots across types (`_polished`), which leaves 1 that way and none the way chosen
    # (2 before the trade across types; 4 and 2 while only row booths rejoined; 2 and 1 while the ways
    # were compared before their strays rejoined)
    assert _figures(area_first)["zones_split"]["count"] == 1
    assert _figures(chosen)["zones_split"]["count"] == 0


def test_a_short_list_stands_by_the_main_aisle_the_ways_compared_once_their_strays_rejoin() -> None:
    # 80 booths (1,575 m²) in hall A: every way beside the main aisle leaves strays that rejoin their
    # zones, so they were passed over for the way from the west wall, 3 to 5 splits against 2 before
    # rejoining, 0 each after: the booths stood 53 m from the main aisle on average, 77 of 80 beyond the
    # cross aisle, no sponsor on the main aisle
    layout = lay_out(Fair("One", (HALL,)), read_booth_list(DATA / "booths" / "generated-80-seed3.csv"))
    figures = _figures(layout)
    assert layout.unplaced == () and figures["zones_split"]["count"] == 0
    assert figures["sponsors"]["on_main_aisle"] >= 3
    x = HALL.entrances[0].at[0]  # the middle of the main aisle from the south gate, x = 72
    away = [abs((b.x0 + b.x1) / 2 - x) for b in layout.booths]
    assert sum(away) / len(away) < 25
    assert sum(a > 36 for a in away) <= 4


def test_a_fair_too_full_for_its_list_leaves_no_more_booths_over_than_area_first() -> None:
    requests = read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv")
    fair = Fair("Three", tuple(dataclasses.replace(HALL, id=i, name=f"Hall {i}") for i in "ABC"))
    chosen = lay_out(fair, requests)
    area_first = _lay_out(fair, requests, None, strict=True)
    assert 0 < len(chosen.unplaced) <= len(area_first.unplaced)
    assert {u.reason.split(":")[0] for u in chosen.unplaced} == {"no room left in the 3 halls"}
    assert {u.reason.split(":")[0] for u in area_first.unplaced} == {"no room left in the 3 halls"}


def test_the_ways_that_seat_more_sponsors_are_filled_in_their_variants_too() -> None:
    # 80 booths in hall A: the best way of filling from the west wall leaves 教育服务 in two groups and
    # no sponsor on the main aisle; ways beside the main aisle seat 2 or 3 but leave 2 or 3 zones split,
    # until filled in the variants (while only the best way was, its variants still left one split)
    layout = lay_out(Fair("One", (HALL,)), read_booth_list(DATA / "booths" / "generated-80-seed6.csv"))
    figures = _figures(layout)
    assert layout.unplaced == () and figures["zones_split"]["count"] == 0
    assert figures["sponsors"]["on_main_aisle"] >= 2


def test_a_hall_that_takes_every_booth_is_filled_in_other_zone_orders_where_the_lists_splits_a_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 80 booths in the L-shaped hall: in the list's order of zones the best way leaves 1 zone split (3
    # before the wall rows could be filled early, `Variant.walls_early`, 2 before a zone's largest group
    # could move to a smaller one, `row_ends.rejoin`); shuffled orders (`ZONE_ORDERS`), each placing
    # every booth, leave none
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-l-shaped.json"),))
    requests = read_booth_list(DATA / "booths" / "generated-80-seed6.csv")
    reordered = lay_out(fair, requests)
    assert lay_out(fair, requests) == reordered  # the orders are the same each time
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout, "ZONE_ORDERS", 1)
        in_list_order = lay_out(fair, requests)
    assert reordered.unplaced == in_list_order.unplaced == ()
    assert _figures(in_list_order)["zones_split"]["count"] == 1
    after = _figures(reordered)
    assert after["zones_split"]["count"] == 0
    assert after["types"]["honoured"] == len(requests)


def test_a_hall_that_leaves_booths_for_the_halls_after_is_filled_in_other_zone_orders_judged_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 150 booths: the L-shaped hall leaves booths for hall A, which takes the rest. In the list's order
    # of zones L splits 2 zones; other orders, each judged with what it leaves hall A (the look-ahead),
    # split 1, with every booth placed and type honoured
    halls = (read_hall(DATA / "halls" / "hall-l-shaped.json", "L"), dataclasses.replace(HALL, id="A"))
    fair, requests = Fair("Two", halls), read_booth_list(DATA / "booths" / "generated-150-seed6.csv")
    reordered = lay_out(fair, requests)
    assert lay_out(fair, requests) == reordered
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout, "ZONE_ORDERS", 1)
        in_list_order = lay_out(fair, requests)
    before, after = _figures(in_list_order), _figures(reordered)
    assert {z["hall"] for z in before["zones_split"]["zones"]} == {"L"}
    assert before["zones_split"]["count"] == 2 and after["zones_split"]["count"] == 1
    assert reordered.unplaced == in_list_order.unplaced == ()
    assert after["types"]["honoured"] == len(requests)
    # L sends booths on in either: another order leaves hall A other zones to take
    assert 0 < sum(b.hall_id == "A" for b in reordered.booths) < len(requests)


def test_a_hall_that_leaves_booths_no_hall_takes_keeps_the_lists_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 150 booths in the L-shaped hall alone: 7 find no room (17 before the booths left over took the
    # floor the fill left free, 8 before a standard stand stood on the free floor) and 4 zones are
    # split. Another order of zones would leave other exhibitors out, and no hall after it could say
    # which is better
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-l-shaped.json", "L"),))
    requests = read_booth_list(DATA / "booths" / "generated-150-seed6.csv")
    orders: list[int] = []
    real = halllayout.layout._fill_hall

    def counted(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("reorder") is False:  # an order `_reordered` fills
            orders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(halllayout.layout, "_fill_hall", counted)
    layout = lay_out(fair, requests)
    assert len(layout.unplaced) == 7 and _figures(layout)["zones_split"]["count"] == 4
    assert orders == []


def test_a_wall_row_piece_goes_to_the_zone_whose_block_comes_within_an_aisle_of_it_with_walls_early() -> None:
    # one run [6, 24] × [6, 54], the west wall row in two pieces either side of an exit at (0, 30)
    hall = make_hall(30, 60, exits=(Door((0, 30), 2.4),))
    site = build_site(hall, 3)
    assert any(p.x0 == 0 and (p.y0, p.y1) == (0, 28.8) for p in site.wall_pieces)

    def zone_x(variant: Variant) -> set[tuple[float, float]]:
        x = [dataclasses.replace(r, ref=f"X{r.ref}") for r in make_booths(14, zone="X")]
        y = [dataclasses.replace(r, ref=f"Y{r.ref}") for r in make_booths(80, zone="Y")]
        filler = HallFiller(site, zones_in_order(x + y, 3), PlacedIndex(6, frozenset()), variant=variant)
        filler.fill()
        assert "walls_early" in filler.consulted and _splits(filler.index.spots, 6) == 0
        return _where(filler.index.spots, "X")

    south_wall = {(x, 0) for x in range(6, 24, 3)}
    # by default the piece waits for a block's middle to pass its own (y 14.4): X has filled the south
    # wall row and its first double row by then, and Y takes the piece
    assert zone_x(Variant()) == south_wall | {(x, 6) for x in range(6, 24, 3)} | {(6, 9), (9, 9)}
    # early, the first block [6, 12] comes within an aisle of the piece's south end: X takes the piece
    assert zone_x(Variant(walls_early=True)) == south_wall | {(0, y) for y in range(0, 24, 3)}


def test_a_hall_filled_with_its_wall_rows_early_where_that_splits_fewer_zones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-l-shaped.json"),))
    requests = read_booth_list(DATA / "booths" / "generated-150-seed2.csv")

    def splits_and_placed() -> tuple[int, int]:
        layout = lay_out(fair, requests)
        figures = _figures(layout)
        return figures["zones_split"]["count"], len(layout.booths)

    # the fill alone: the booths it leaves over then take the floor it left free (`_leftovers_placed`),
    # and the zones with only caps or islands left giving way to others fill it otherwise (`GIVING_WAY`)
    monkeypatch.setattr(halllayout.layout, "_leftovers_placed", lambda filler, spots, *_: spots)
    monkeypatch.setattr(halllayout.layout, "_stood_free", lambda filler, spots, *_: spots)
    monkeypatch.setattr(halllayout.layout, "GIVING_WAY", ())
    early = splits_and_placed()
    monkeypatch.setattr(halllayout.layout, "VARIANTS", tuple(v for v in VARIANTS if not v.walls_early))
    # the L-shaped hall's fill holds 123 of the 150 booths either way; 5 zones split without the variant
    assert early == (3, 123) and splits_and_placed() == (5, 123)


def _fill_before_an_east_west_main_aisle(variant: Variant) -> HallFiller:
    """Two 12 × 12 m islands of zone I, then thirty 3 × 3 m booths of zone R, stacked north along the
    west run of a 60 × 48 m hall from its south end: the main aisle from the west door at y 15.5-20.5
    leaves room for a double row before it, not an island band."""
    hall = make_hall(
        60,
        48,
        entrances=(Door((0, 18), 6),),
        exits=(Door((60, 30), 3),),
        main=5,
        secondary=3,
    )
    site = build_site(hall, 3)
    zones = _big_then_small(2, 12, "island", "I", 30, "R")
    filler = HallFiller(site, zones, PlacedIndex(hall.main_aisle, frozenset()), variant=variant)
    filler.fill_stack((site.runs[0],), True, [])
    return filler


def test_a_zone_with_only_islands_left_gives_up_a_row_block_to_the_zone_after_it() -> None:
    default = _fill_before_an_east_west_main_aisle(Variant())
    waiting = _fill_before_an_east_west_main_aisle(Variant(islands_wait=True))
    assert "islands_wait" in default.consulted
    # by default the double row [9.5, 15.5] before the main aisle is laid for zone I and holds nothing;
    # zone I keeps the run, and R finds no room in it
    assert not any(s.y0 < 15.5 for s in default.index.spots)
    assert {s.request.zone for s in default.index.spots} == {"I"}
    # with the variant, zone I waits at once and zone R takes that double row, and the run
    assert {(s.request.zone, s.y0) for s in waiting.index.spots if s.y1 <= 15.5} == {("R", 9.5), ("R", 12.5)}
    assert len([s for s in waiting.index.spots if s.request.zone == "R"]) == 30
    assert [z.name for z in waiting.zones if z.left] == ["I"]


def _fill_with_caps_first(variant: Variant) -> HallFiller:
    """Four 6 × 6 m peninsulas of zone C, then twenty 3 × 3 m booths of zone R, stacked north along the
    run east of hall A's main aisle from its south end."""
    site = build_site(HALL, 3)
    run = next(r for r in site.runs if r.x0 == 75)
    zones = _big_then_small(4, 6, "peninsula", "C", 20, "R")
    filler = HallFiller(site, zones, PlacedIndex(HALL.main_aisle, frozenset()), variant=variant)
    filler.fill_stack((run,), True, [])
    return filler


def test_the_rest_of_a_row_that_a_zone_has_only_caps_for_goes_to_the_zone_after_it() -> None:
    default = _fill_with_caps_first(Variant())
    shared = _fill_with_caps_first(Variant(rows_shared=True))
    assert "rows_shared" in default.consulted
    assert len(default.index.spots) == len(shared.index.spots) == 24

    def first_double_row(filler: HallFiller) -> list[tuple[str, float, float]]:
        return sorted((s.request.zone, s.x0, s.y0) for s in filler.index.spots if s.y1 <= 12)

    # by default the first double row [6, 12] holds C's caps at its ends and nothing between them
    assert first_double_row(default) == [("C", 75, 6), ("C", 99, 6)]
    # shared, R's booths stand between them, and the run's blocks end sooner
    assert first_double_row(shared) == [
        ("C", 75, 6),
        ("C", 99, 6),
        *sorted(("R", x, y) for x in range(81, 99, 3) for y in (6, 9)),
    ]
    assert max(s.y1 for s in shared.index.spots) < max(s.y1 for s in default.index.spots)
