"""halllayout.layout.regroup: booths swapped among interchangeable spots to keep zones together and seat
sponsors on main aisles."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import halllayout.layout
from halllayout.layout import lay_out
from halllayout.layout.incremental import lay_out_again
from halllayout.layout.placement import Spot
from halllayout.layout.regroup import NEARER, main_aisle_spots, regroup
from halllayout.model import BoothRequest, Fair, Layout, PlacedBooth, PreviousBooth, PreviousLayout
from halllayout.read import read_booth_list, read_fair, read_hall
from halllayout.rules import check
from halllayout.rules.metrics import measure
from tests.conftest import DATA, four_hall_a


def _row(*booths: BoothRequest, y: float = 0) -> list[Spot]:
    """The booths side by side from x = 0 eastwards, 3 m deep, facing north."""
    spots = []
    x = 0.0
    for k, r in enumerate(booths):
        spots.append(Spot(r, x, y, x + r.width, y + 3, "N", 0, k))
        x += r.width
    return spots


def _booth(ref: str, zone: str, tier: str = "", keep_apart: tuple[str, ...] = ()) -> BoothRequest:
    return BoothRequest(ref, ref.upper(), 3, 3, zone=zone, tier=tier, keep_apart=keep_apart)


def _refs(spots: list[Spot]) -> list[str]:
    return [s.request.ref for s in spots]


def test_a_swap_reunites_a_zone_and_moves_no_rectangle() -> None:
    spots = _row(*(_booth(ref, ref[0].upper()) for ref in ("a1", "a2", "b1", "a3", "b2", "b3")))
    result = regroup(spots, 0, 3)  # reach 0: neighbours only when touching
    assert _refs(result) == ["a1", "a2", "a3", "b1", "b2", "b3"]
    assert [(s.x0, s.y0, s.x1, s.y1, s.front, s.order) for s in result] == [
        (s.x0, s.y0, s.x1, s.y1, s.front, s.order) for s in spots
    ]


def test_booths_of_different_sizes_or_types_never_swap() -> None:
    wide = BoothRequest("b1", "B1", 6, 3, zone="B")
    corner = BoothRequest("b2", "B2", 3, 3, type="corner", zone="B")
    spots = _row(_booth("a1", "A"), wide, _booth("a2", "A"), corner, _booth("a3", "A"))
    assert _refs(regroup(spots, 0, 3)) == ["a1", "b1", "a2", "b2", "a3"]


def test_a_swap_that_would_set_keep_apart_partners_side_by_side_is_refused() -> None:
    booths = [_booth(ref, ref[0].upper()) for ref in ("a1", "a2", "b1", "a3", "b2", "b3")]
    assert _refs(regroup(_row(*booths), 0, 3)) == ["a1", "a2", "a3", "b1", "b2", "b3"]
    booths[3] = _booth("a3", "A", keep_apart=("a2",))  # a3 must not stand beside a2
    assert _refs(regroup(_row(*booths), 0, 3)) == ["a1", "a2", "b1", "a3", "b2", "b3"]


def test_fixed_booths_never_move() -> None:
    spots = _row(*(_booth(ref, ref[0].upper()) for ref in ("a1", "b1", "a2", "b2")))
    assert _refs(regroup(spots, 0, 3)) == ["a1", "a2", "b1", "b2"]
    assert _refs(regroup(spots, 0, 3, fixed=frozenset({"b1"}))) == ["b2", "b1", "a1", "a2"]
    assert _refs(regroup(spots, 0, 3, fixed=frozenset({"b1", "b2"}))) == ["a1", "b1", "a2", "b2"]


def _grid(columns: list[str]) -> list[Spot]:
    """3 × 3 m booths touching in a grid, one string of zone letters per column from south to north;
    ref: zone letter, column, row (a stray "z" is named "zp")."""
    spots = []
    for c, zones in enumerate(columns):
        for row, zone in enumerate(zones):
            ref = "zp" if zone == "p" else f"{zone}{c}{row}"
            r = _booth(ref, "z" if zone == "p" else zone)
            spots.append(Spot(r, 3 * c, 3 * row, 3 * c + 3, 3 * row + 3, "N", 0, len(spots)))
    return spots


def test_a_stranded_booth_rotates_back_through_a_third_zone_where_no_swap_helps() -> None:
    # zp stands among the x booths, zone z's group touches only y booths: swapping zp with a y booth
    # strands that y booth among the x booths instead; rotating zp to the y spot beside z, the y booth to
    # an x spot beside y, and that x booth to zp's spot leaves every zone in one group
    spots = _grid(["zzz", "yyy", "yyy", "xxx", "xpx", "xxx"])
    result = regroup(spots, 0, 3)
    moved = {k: (spots[k].request.ref, s.request.ref) for k, s in enumerate(result) if s != spots[k]}
    assert moved == {3: ("y10", "zp"), 9: ("x30", "y10"), 13: ("zp", "x30")}


def test_sponsors_take_main_aisle_spots_nearest_an_entrance_platinum_first() -> None:
    aisle = (0.0, 3.0, 12.0, 9.0)  # a main aisle along the north side of the row at y 0..3
    front = _row(*(_booth(f"m{k}", "A") for k in range(4)))
    back = _row(_booth("gold", "A", tier="gold"), _booth("plat", "A", tier="platinum"), y=20)
    spots = front + [dataclasses.replace(s, order=4 + k) for k, s in enumerate(back)]
    assert main_aisle_spots(spots, [aisle]) == [True] * 4 + [False] * 2
    result = regroup(spots, 6, 3, main_aisles=[aisle], entrances=[(12.0, 3.0)])
    assert _refs(result) == ["m0", "m1", "gold", "plat", "m2", "m3"]


def test_a_sponsor_on_a_main_aisle_moves_nearer_an_entrance() -> None:
    aisle = (0.0, 3.0, 12.0, 9.0)
    spots = _row(_booth("m0", "A"), _booth("m1", "A"), _booth("gold", "A", tier="gold"), _booth("m3", "A"))
    result = regroup(spots, 6, 3, main_aisles=[aisle], entrances=[(0.0, 3.0)])
    assert _refs(result) == ["gold", "m1", "m0", "m3"]


def test_last_a_sponsor_off_the_main_aisles_takes_the_seat_of_its_shape_nearest_an_entrance() -> None:
    # no main aisle; the entrance at the east end of the row
    spots = _row(_booth("gold", "A", tier="gold"), *(_booth(f"a{k}", "A") for k in range(1, 5)))
    entrance = [(15.0, 1.5)]
    assert _refs(regroup(spots, 0, 3, entrances=entrance)) == _refs(spots)  # only in the last pass
    assert _refs(regroup(spots, 0, 3, entrances=entrance, near_entrances=True)) == [
        "a4",
        "a1",
        "a2",
        "a3",
        "gold",
    ]
    # a seat of another zone only where neither zone is left worse: either of b's booths at the east end
    # would stand apart from the other on the gold sponsor's spot, so the sponsor takes a's seat nearest
    # the entrance
    booths = [_booth("gold", "A", tier="gold"), _booth("a1", "A"), _booth("a2", "A")]
    spots = _row(*booths, _booth("b1", "B"), _booth("b2", "B"))
    assert _refs(regroup(spots, 0, 3, entrances=[(15.0, 1.5)], near_entrances=True)) == [
        "a2",
        "a1",
        "gold",
        "b1",
        "b2",
    ]
    # a lone booth of B is one group wherever it stands: it trades
    spots = _row(*booths, _booth("b1", "B"))
    assert _refs(regroup(spots, 0, 3, entrances=[(12.0, 1.5)], near_entrances=True))[3] == "gold"
    # a sponsor is no seat to take, and a seat less than `NEARER` metres nearer is not worth a move
    spots = _row(_booth("gold", "A", tier="gold"), _booth("plat", "A", tier="platinum"))
    assert _refs(regroup(spots, 0, 3, entrances=[(6.0, 1.5)], near_entrances=True)) == ["gold", "plat"]
    spots = _row(_booth("gold", "A", tier="gold"), _booth("a1", "A"))
    assert _refs(regroup(spots, 0, 3, entrances=[(3.0, 40.0)], near_entrances=True)) == ["gold", "a1"]


def test_a_sponsor_does_not_leave_its_zone_for_a_main_aisle() -> None:
    aisle = (0.0, 3.0, 6.0, 9.0)
    front = _row(_booth("b1", "B"), _booth("b2", "B"))
    back = _row(_booth("a1", "A"), _booth("gold", "A", tier="gold"), y=30)
    spots = front + [dataclasses.replace(s, order=2 + k) for k, s in enumerate(back)]
    result = regroup(spots, 6, 3, main_aisles=[aisle], entrances=[(0.0, 0.0)])
    assert _refs(result) == ["b1", "b2", "a1", "gold"]


def _corner(ref: str, zone: str, tier: str = "", width: float = 3) -> BoothRequest:
    return BoothRequest(ref, ref.upper(), width, 3, type="corner", zone=zone, tier=tier)


def test_a_corner_sponsor_takes_a_main_aisle_row_end_from_a_standard_booth_of_its_size() -> None:
    # the row x 0..12 faces north; a main aisle runs north-south along its east end (x 12..18)
    aisle = (12.0, -10.0, 18.0, 10.0)
    spots = _row(_corner("gold", "A", tier="gold"), _booth("a1", "A"), _booth("a2", "A"), _booth("end", "A"))
    result = regroup(spots, 6, 3, main_aisles=[aisle])
    assert _refs(result) == ["end", "a1", "a2", "gold"]
    assert main_aisle_spots(result, [aisle])[3]


def test_a_corner_sponsor_takes_no_spot_whose_only_side_on_the_main_aisle_is_its_front() -> None:
    # the main aisle runs along the row's north side, the booths' fronts: a spot there has one open side
    aisle = (0.0, 3.0, 12.0, 9.0)
    back = _row(_corner("gold", "A", tier="gold"), y=-3)
    back = [dataclasses.replace(s, front="S") for s in back]
    front = _row(_booth("a1", "A"), _booth("a2", "A"))
    spots = back + [dataclasses.replace(s, order=1 + k) for k, s in enumerate(front)]
    assert _refs(regroup(spots, 6, 3, main_aisles=[aisle])) == ["gold", "a1", "a2"]


def test_a_corner_sponsor_trades_only_with_a_one_sided_booth_of_its_size_and_no_sponsorship() -> None:
    aisle = (12.0, -10.0, 18.0, 10.0)
    for end in (
        BoothRequest("end", "END", 3, 3, zone="A", type="peninsula"),
        BoothRequest("end", "END", 3, 3, zone="A", type="island"),
        _booth("end", "A", tier="gold"),
    ):
        spots = _row(_corner("gold", "A", tier="gold"), _booth("a1", "A"), _booth("a2", "A"), end)
        assert _refs(regroup(spots, 6, 3, main_aisles=[aisle])) == ["gold", "a1", "a2", "end"]
    wide = _row(_corner("gold", "A", tier="gold", width=6), _booth("a1", "A"), _booth("end", "A"))
    assert _refs(regroup(wide, 6, 3, main_aisles=[aisle])) == ["gold", "a1", "end"]


def test_with_open_sides_a_standard_sponsor_takes_a_corner_booths_main_aisle_end_where_both_keep_theirs() -> (
    None
):
    # a single row x 0..12 open north and south; a main aisle along its east end (x 12..18): the end spot
    # is open on three sides, the others on two
    aisle = (12.0, -10.0, 18.0, 10.0)
    spots = _row(_booth("gold", "A", tier="gold"), _booth("a1", "A"), _booth("a2", "A"), _corner("end", "A"))
    open_sides = [2, 2, 2, 3]
    assert _refs(regroup(spots, 6, 3, main_aisles=[aisle])) == ["gold", "a1", "a2", "end"]  # types apart
    result = regroup(spots, 6, 3, main_aisles=[aisle], open_sides=open_sides)
    assert _refs(result) == ["end", "a1", "a2", "gold"]
    # where the sponsor's spot has one open side, the corner booth would lose one: no trade
    assert _refs(regroup(spots, 6, 3, main_aisles=[aisle], open_sides=[1, 1, 1, 3])) == _refs(spots)


def test_with_open_sides_a_corner_booth_short_of_a_side_trades_with_a_standard_booth_of_its_zone() -> None:
    # no main aisle, no split: only the corner booth on a spot with one open side calls for a move
    spots = _row(_booth("a1", "A"), _corner("c", "A"), _booth("a2", "A"), _booth("a3", "A"))
    assert _refs(regroup(spots, 0, 3, open_sides=[2, 1, 1, 2])) == ["c", "a1", "a2", "a3"]
    assert _refs(regroup(spots, 0, 3)) == _refs(spots)  # without open sides nothing is known to be wrong


def test_across_types_a_corner_booth_joins_its_zone_on_an_inline_spot_open_on_two_sides() -> None:
    # a single row open north and south (every spot open on two sides); reach 0, so c2 at the east end
    # is a second group of zone A, and the only spots beside A's first group hold standard booths of B
    spots = _row(
        _corner("c1", "A"), _booth("b1", "B"), _booth("b2", "B"), _booth("b3", "B"), _corner("c2", "A")
    )
    assert _refs(regroup(spots, 0, 3, open_sides=[2] * 5)) == _refs(spots)  # swaps are kind for kind
    assert _refs(regroup(spots, 0, 3, open_sides=[2] * 5, across_types=True)) == [
        "c1",
        "c2",
        "b2",
        "b3",
        "b1",
    ]
    # an inline spot with one open side (a back to back row) would leave the corner booth short of one
    short = [2, 1, 1, 1, 2]
    assert _refs(regroup(spots, 0, 3, open_sides=short, across_types=True)) == _refs(spots)


def test_a_sponsor_takes_the_main_aisle_spot_of_the_zone_next_door_by_moving_the_border() -> None:
    # zones a and b in a 3 × 3 grid, columns from west to east, rows from south to north; the main aisle
    # runs along the east column, whose south spot a platinum sponsor of a holds already:
    #     a b b        a's gold sponsor (south-west) cannot swap with b's main-aisle spot b21 (b would
    #     a a b        gain a group), but it takes it when b21's booth goes to a02, beside b's other
    #   gold a plat    booths, and a02's booth to the sponsor's old spot: two groups still
    aisle = (9.0, -10.0, 15.0, 20.0)
    spots = _grid(["aaa", "aab", "abb"])
    spots[0] = dataclasses.replace(spots[0], request=_booth("gold", "a", tier="gold"))
    spots[6] = dataclasses.replace(spots[6], request=_booth("plat", "a", tier="platinum"))
    result = regroup(spots, 0, 3, main_aisles=[aisle])
    moved = {k: (spots[k].request.ref, s.request.ref) for k, s in enumerate(result) if s != spots[k]}
    assert moved == {0: ("gold", "a02"), 2: ("a02", "b21"), 7: ("b21", "gold")}


def test_the_same_spots_give_the_same_result() -> None:
    refs = ("a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3", "b4", "a4")
    spots = _row(*(_booth(ref, ref[0].upper(), tier="gold" if ref == "c2" else "") for ref in refs))
    first = regroup(spots, 0, 3, main_aisles=[(0, 3, 9, 9)])
    assert first == regroup(list(spots), 0, 3, main_aisles=[(0, 3, 9, 9)])
    assert first != spots


# -- the real pipeline ----------------------------------------------------------------------------


def _hall_a() -> Fair:
    return Fair("One", (read_hall(DATA / "halls" / "hall-a-144x90.json"),))


def _three_halls() -> Fair:
    return read_fair(DATA / "halls" / "fair-3-halls.json")


def _figures(layout: Layout) -> dict[str, Any]:
    report = check(layout)
    assert report.passed and layout.unplaced == ()
    return measure(layout, report)


def _as_filled(spots: list[Spot], *args: object, **kwargs: object) -> list[Spot]:
    return list(spots)


def _as_left(hall: object, module: object, spots: list[Spot], *args: object) -> list[Spot]:
    return list(spots)


@pytest.mark.parametrize(
    ("booths", "fair", "before", "after"),
    [
        ("fair-120.csv", _hall_a, 2, 1),
        ("fair-400-zh-gbk.csv", _three_halls, 6, 2),
        # services: the zones each hall would only begin wait whole for the next (`_held_over`), a
        # zone's last booths join it (`last_booths`); filled as the snake leaves them, four zones are
        # split, regrouped and rejoined none
        ("services-fair-1212-zh.csv", four_hall_a, 4, 0),
    ],
    ids=["fair-120", "fair-400", "services-1212"],
)
def test_regrouping_a_sample_fair_splits_fewer_zones_and_keeps_every_rule(
    booths: str, fair: Callable[[], Fair], before: int, after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = read_booth_list(DATA / "booths" / booths)
    layout = lay_out(fair(), requests)
    regrouped = _figures(layout)
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout, "regroup_spots", _as_filled)
        patch.setattr(halllayout.layout, "rejoin", _as_left)
        patch.setattr(halllayout.layout, "ZONE_ORDERS", 1)  # the zones in the list's order, as filled
        filled = _figures(lay_out(fair(), requests))
    assert filled["zones_split"]["count"] == before
    assert regrouped["zones_split"]["count"] <= after
    assert regrouped["types"]["honoured"] >= filled["types"]["honoured"]
    assert regrouped["keep_apart"] == filled["keep_apart"]
    # sponsors seated as well, or zones kept together better (the order `lay_out` scores its trials in)
    assert (regrouped["zones_split"]["count"], -regrouped["sponsors"]["on_main_aisle"]) <= (
        filled["zones_split"]["count"],
        -filled["sponsors"]["on_main_aisle"],
    )
    assert sorted(b.request.ref for b in layout.booths) == sorted(r.ref for r in requests)


def _entrance_distance(booth: PlacedBooth, doors: Sequence[tuple[float, float]]) -> float:
    x, y = (booth.x0 + booth.x1) / 2, (booth.y0 + booth.y1) / 2
    return min(math.hypot(x - dx, y - dy) for dx, dy in doors)


def test_last_the_sponsors_off_the_main_aisles_take_the_seats_nearest_an_entrance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 150 booths in hall A: four sponsors' zones have no seat of their shape on the main aisle
    fair = _hall_a()
    requests = read_booth_list(DATA / "booths" / "generated-150-seed3.csv")
    layout = lay_out(fair, requests)
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout.regroup, "NEARER", math.inf)
        before = lay_out(fair, requests)
    figures, figures_before = _figures(layout), _figures(before)
    doors = [door.at for door in fair.halls[0].entrances]

    def off_main(laid: Layout, numbers: list[str]) -> list[PlacedBooth]:
        return [b for b in laid.booths if b.number in numbers]

    # booths trade spots, no spot moves; zones, types and main-aisle seats as before
    assert sorted((b.x0, b.y0, b.x1, b.y1) for b in layout.booths) == sorted(
        (b.x0, b.y0, b.x1, b.y1) for b in before.booths
    )
    for key in ("zones_split", "types", "keep_apart"):
        assert figures[key] == figures_before[key]
    assert figures["sponsors"]["on_main_aisle"] == figures_before["sponsors"]["on_main_aisle"] == 9
    seated = off_main(layout, figures["sponsors"]["elsewhere"])
    unseated = off_main(before, figures_before["sponsors"]["elsewhere"])
    assert len(seated) == len(unseated) == 4
    assert sum(_entrance_distance(b, doors) for b in seated) < 0.6 * sum(
        _entrance_distance(b, doors) for b in unseated
    )
    # none of them has a booth of its zone, type and size and of no sponsorship nearer an entrance
    for sponsor in seated:
        like = [
            b
            for b in layout.booths
            if (b.request.zone, b.request.type, b.request.width, b.request.depth, b.request.tier)
            == (sponsor.request.zone, sponsor.request.type, sponsor.request.width, sponsor.request.depth, "")
        ]
        near = _entrance_distance(sponsor, doors)
        assert all(_entrance_distance(b, doors) > near - NEARER for b in like)


def test_booths_new_to_a_re_layout_trade_freed_spots_to_rejoin_their_zones_and_kept_ones_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fair = _hall_a()
    requests = read_booth_list(DATA / "booths" / "fair-120.csv")
    with monkeypatch.context() as patch:  # a previous layout with zones split, that regrouping would change
        patch.setattr(halllayout.layout, "regroup_spots", _as_filled)
        first = lay_out(fair, requests)
    plain = [
        b for b in first.booths if (b.request.width, b.request.type, b.request.tier) == (3, "standard", "")
    ]
    zones = sorted({b.request.zone for b in plain})[:2]
    dropped = {zone: [b for b in plain if b.request.zone == zone][-2:] for zone in zones}
    # the zone whose freed spots come first gets its new booths last, so they land in the other's spots
    early, late = sorted(zones, key=lambda zone: min(b.number for b in dropped[zone]))
    gone = {b.request.ref for booths in dropped.values() for b in booths}
    added = [
        BoothRequest(f"NEW-{zone}-{k}", "New", 3, 3, zone=zone) for zone in (late, early) for k in (1, 2)
    ]
    previous = PreviousLayout(
        "layout.json",
        tuple(
            PreviousBooth(b.request.ref, b.number, b.hall_id, b.x0, b.y0, b.x1, b.y1, b.front)
            for b in first.booths
        ),
        first.aisles,
    )
    again, _ = lay_out_again(fair, [r for r in requests if r.ref not in gone] + added, previous)
    place = {b.request.ref: (b.number, b.x0, b.y0, b.x1, b.y1) for b in again.booths}
    assert all(
        place[b.request.ref] == (b.number, b.x0, b.y0, b.x1, b.y1)
        for b in first.booths
        if b.request.ref not in gone
    )
    for zone in zones:
        freed = {(b.number, b.x0, b.y0, b.x1, b.y1) for b in dropped[zone]}
        assert {place[f"NEW-{zone}-{k}"] for k in (1, 2)} == freed
    assert check(again).passed and again.unplaced == ()


def test_regrouped_layouts_are_deterministic() -> None:
    requests = read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv")
    first, second = (lay_out(four_hall_a(), requests) for _ in range(2))
    assert first.booths == second.booths
