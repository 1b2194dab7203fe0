"""halllayout.layout.caps: a cap on a main aisle trades places with row booths at an open end of another
double row of its zone (or, for raw space, in the middle of one), so that the zone's sponsors find row
ends on the main aisle."""

from __future__ import annotations

import dataclasses

from halllayout.layout.caps import trade_caps
from halllayout.layout.placement import Spot
from halllayout.layout.regroup import main_aisle_spots, regroup
from halllayout.model import BoothRequest, Side

#: A north-south main aisle east of x = 30.
MAIN = (30.0, -10.0, 36.0, 40.0)


def _always_open(probe: tuple[float, float, float, float]) -> bool:
    return True


def _hall(block: list[BoothRequest]) -> list[Spot]:
    """A cap 6 × 6 m on the main aisle (x 24–30, y 0–6), a gold sponsor off it (x 0–3, y 20–23), and the
    west end of another double row (x 0–6, y 9–15) holding `block`: south row first, west to east."""
    cap = BoothRequest("cap", "Cap", 6, 6, type="peninsula", zone="Z")
    gold = BoothRequest("gold", "Gold", 3, 3, zone="Z", tier="gold")
    spots = [Spot(cap, 24, 0, 30, 6, "S", 0, 0), Spot(gold, 0, 20, 3, 23, "S", 1, 1)]
    places = [(0, 9), (3, 9), (0, 12), (3, 12)]
    sides: list[Side] = ["S", "S", "N", "N"]
    for k, (r, (x, y), front) in enumerate(zip(block, places, sides, strict=True)):
        spots.append(Spot(r, x, y, x + r.width, y + 3, front, 1, 2 + k))
    return spots


def _rows() -> list[BoothRequest]:
    return [BoothRequest(f"r{k}", f"R{k}", 3, 3, zone="Z") for k in range(4)]


def _where(spots: list[Spot]) -> dict[str, tuple[float, float, float, float]]:
    return {s.request.ref: (s.x0, s.y0, s.x1, s.y1) for s in spots}


def test_a_cap_on_a_main_aisle_trades_places_with_row_booths_at_an_open_end() -> None:
    spots = _hall(_rows())
    moved = trade_caps(spots, [MAIN], 3, 3, _always_open)
    assert _where(moved) == {
        "cap": (0, 9, 6, 15),
        "gold": (0, 20, 3, 23),
        # the booths at the open end stand on the main aisle, the others behind them
        "r0": (27, 0, 30, 3),
        "r1": (24, 0, 27, 3),
        "r2": (27, 3, 30, 6),
        "r3": (24, 3, 27, 6),
    }
    assert [s.front for s in moved] == [s.front for s in spots] and [s.order for s in moved] == list(range(6))
    assert [s.run for s in moved] == [1, 1, 0, 0, 0, 0]
    # then regrouping seats the sponsor on a main-aisle row end
    seated = regroup(moved, 6, 3, main_aisles=[MAIN])
    assert main_aisle_spots(seated, [MAIN])[[s.request.ref for s in seated].index("gold")]


def test_no_trade_without_a_sponsor_waiting_or_with_the_sponsor_seated_already() -> None:
    spots = _hall(_rows())
    plain = [dataclasses.replace(s, request=dataclasses.replace(s.request, tier="")) for s in spots]
    assert trade_caps(plain, [MAIN], 3, 3, _always_open) == plain
    spots[1] = dataclasses.replace(spots[1], x0=27, x1=30)  # the sponsor on the main aisle already
    assert trade_caps(spots, [MAIN], 3, 3, _always_open) == spots


def test_no_trade_where_the_end_is_closed_or_a_booth_stands_within_an_aisle_of_it() -> None:
    spots = _hall(_rows())
    assert trade_caps(spots, [MAIN], 3, 3, lambda probe: False) == spots
    near = [BoothRequest(f"near{k}", "Near", 3, 3, zone="Z") for k in range(2)]
    # 1.5 m past either end of the double row x 0–6
    crowded = [
        *spots,
        Spot(near[0], -4.5, 9, -1.5, 12, "S", 1, 6),
        Spot(near[1], 7.5, 12, 10.5, 15, "N", 1, 7),
    ]
    assert trade_caps(crowded, [MAIN], 3, 3, _always_open) == crowded


def test_no_trade_for_a_block_that_holds_a_corner_a_sponsor_or_another_zones_booth() -> None:
    for block in (
        [BoothRequest("r0", "R0", 3, 3, type="corner", zone="Z"), *_rows()[1:]],
        [BoothRequest("r0", "R0", 3, 3, tier="gold", zone="Z"), *_rows()[1:]],
        [*_rows()[:3], BoothRequest("r3", "R3", 3, 3, zone="Y")],
    ):
        spots = _hall(block)
        assert trade_caps(spots, [MAIN], 3, 3, _always_open) == spots


def test_booths_in_a_keep_apart_pair_never_move() -> None:
    spots = _hall(_rows())
    other = BoothRequest("far", "Far", 3, 3, zone="Y", keep_apart=("r1",))
    named = [*spots, Spot(other, 100, 100, 103, 103, "S", 2, 6)]
    assert trade_caps(named, [MAIN], 3, 3, _always_open) == named
    spots[0] = dataclasses.replace(
        spots[0], request=dataclasses.replace(spots[0].request, keep_apart=("far",))
    )
    assert trade_caps(spots, [MAIN], 3, 3, _always_open) == spots


def test_a_block_that_does_not_tile_the_caps_width_is_not_taken() -> None:
    wide = BoothRequest("w", "W", 4.5, 3, zone="Z")
    spots = _hall(_rows())
    # the block's south row is one 4.5 m booth: a 6 m cap would cut through the row east of it
    spots[2] = dataclasses.replace(spots[2], request=wide, x1=4.5)
    spots[3] = dataclasses.replace(spots[3], x0=4.5, x1=7.5)
    assert trade_caps(spots, [MAIN], 3, 3, _always_open) == spots


def _middle(cap_type: str) -> list[Spot]:
    """A 6 × 6 m cap of `cap_type` on the main aisle (x 24–30, y 0–6), a gold sponsor off it, and a double
    row x 0–12, y 9–15 closed at both ends by corner booths, four standard booths between them."""
    cap = BoothRequest("cap", "Cap", 6, 6, type=cap_type, zone="Z")
    gold = BoothRequest("gold", "Gold", 3, 3, zone="Z", tier="gold")
    spots = [Spot(cap, 24, 0, 30, 6, "S", 0, 0), Spot(gold, 40, 20, 43, 23, "S", 1, 1)]
    rows = [
        (BoothRequest("cw", "CW", 3, 3, type="corner", zone="Z"), 0, 9, "S"),
        (BoothRequest("m0", "M0", 3, 3, zone="Z"), 3, 9, "S"),
        (BoothRequest("m1", "M1", 3, 3, zone="Z"), 6, 9, "S"),
        (BoothRequest("ce", "CE", 3, 3, type="corner", zone="Z"), 9, 9, "S"),
        (BoothRequest("nw", "NW", 3, 3, type="corner", zone="Z"), 0, 12, "N"),
        (BoothRequest("m2", "M2", 3, 3, zone="Z"), 3, 12, "N"),
        (BoothRequest("m3", "M3", 3, 3, zone="Z"), 6, 12, "N"),
        (BoothRequest("ne", "NE", 3, 3, type="corner", zone="Z"), 9, 12, "N"),
    ]
    for k, (r, x, y, front) in enumerate(rows):
        spots.append(Spot(r, x, y, x + 3, y + 3, front, 1, 2 + k))
    return spots


def test_a_cap_that_needs_two_open_sides_at_most_takes_a_block_in_the_middle_of_a_double_row() -> None:
    # both ends of the double row hold corner booths: no open end has a block of row booths
    spots = _middle("raw")
    moved = trade_caps(spots, [MAIN], 3, 3, _always_open)
    where = _where(moved)
    # the raw stand, open on both fronts, stands between the corner booths; their row booths on the
    # main aisle, the west ones of the block nearest it
    assert where["cap"] == (3, 9, 9, 15)
    assert {where[ref] for ref in ("m0", "m1", "m2", "m3")} == {
        (27, 0, 30, 3),
        (24, 0, 27, 3),
        (27, 3, 30, 6),
        (24, 3, 27, 6),
    }
    assert where["cw"] == (0, 9, 3, 12) and where["ne"] == (9, 12, 12, 15)
    seated = regroup(moved, 6, 3, main_aisles=[MAIN])
    assert main_aisle_spots(seated, [MAIN])[[s.request.ref for s in seated].index("gold")]


def test_a_peninsula_never_takes_a_block_in_the_middle_of_a_row() -> None:
    # in the middle of a double row it would have two open sides, and it needs three
    spots = _middle("peninsula")
    assert trade_caps(spots, [MAIN], 3, 3, _always_open) == spots
