"""halllayout.layout.row_ends: a booth new to a re-layout lengthens a row of its zone where the row's
block left floor free, keeping every rule the rows kept."""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.layout.numbering import open_sides
from halllayout.layout.placement import PlacedIndex, Spot, overlaps
from halllayout.layout.row_ends import lengthen_rows, rejoin, stand_across
from halllayout.model import Aisle, BoothRequest, Side
from tests.conftest import make_hall

HALL = make_hall(40, 20)
#: An aisle along the south wall in front of the row, and one along the west wall closing its west end.
AISLES = [Aisle("A", "secondary", 0, 0, 40, 3), Aisle("A", "perimeter", 0, 3, 3, 20)]


def _sides(spots: Sequence[Spot]) -> list[tuple[Side, ...]]:
    return open_sides(spots, {}, 3)


def _row(*booths: tuple[BoothRequest, float], involved: frozenset[str] = frozenset()) -> PlacedIndex:
    """A row facing south onto the aisle at y 0–3, booths standing from their x; `involved`: the refs in
    keep-apart pairs."""
    index = PlacedIndex(6, involved)
    for r, x in booths:
        index.add(Spot(r, x, 3, x + r.width, 3 + r.depth, "S", 0, len(index.spots)))
    return index


def _z(ref: str, width: float = 3, **fields: str) -> BoothRequest:
    return BoothRequest(ref, ref, width, 3, zone=fields.pop("zone", "Z"), **fields)  # type: ignore[arg-type]


def _where(spots: list[Spot]) -> list[tuple[str, float, float, float, float, str]]:
    return [(s.request.ref, s.x0, s.y0, s.x1, s.y1, s.front) for s in spots]


def test_a_new_booth_stands_at_the_free_end_of_its_zones_row_facing_its_aisle() -> None:
    index = _row((_z("z1"), 3), (_z("z2"), 6), (_z("y1", zone="Y"), 18))
    new = [_z("n1"), _z("n2", zone="Y"), _z("n3", zone="X")]
    made = lengthen_rows(HALL, 3, index, new, AISLES, [], _sides)
    # the west end is the perimeter aisle: z's row goes on east; y's row west; no row of zone X
    assert _where(made) == [("n1", 9, 3, 12, 6, "S"), ("n2", 15, 3, 18, 6, "S")]
    assert index.spots[-2:] == made


def _backed(index: PlacedIndex) -> PlacedIndex:
    """`index` with a row of zone Y back to back with the row, x 3–15, facing north."""
    for k in range(4):
        r = _z(f"back{k}", zone="Y")
        index.add(Spot(r, 3 + 3 * k, 6, 6 + 3 * k, 9, "N", 0, len(index.spots)))
    return index


def test_no_stretch_that_would_take_a_corner_booths_second_open_side() -> None:
    # the corner booth at the row's end is open to the south and east; a booth east of it would leave
    # it its front only
    index = _backed(_row((_z("z1"), 3), (_z("c", type="corner"), 6)))
    assert lengthen_rows(HALL, 3, index, [_z("n1")], AISLES, [], _sides) == []
    # a standard booth there needs its front only
    index = _backed(_row((_z("z1"), 3), (_z("z2"), 6)))
    assert _where(lengthen_rows(HALL, 3, index, [_z("n1")], AISLES, [], _sides)) == [("n1", 9, 3, 12, 6, "S")]
    # a corner booth new to the hall takes a stretch where it has two open sides: at x 9–12 its front and
    # its east end (the booth behind it and z2 close the others)
    index = _backed(_row((_z("z1"), 3), (_z("z2"), 6)))
    assert _where(lengthen_rows(HALL, 3, index, [_z("nc", type="corner")], AISLES, [], _sides)) == [
        ("nc", 9, 3, 12, 6, "S")
    ]


def test_no_stretch_past_the_row_length_rule_off_an_aisle_or_on_an_obstacle() -> None:
    row = tuple((_z(f"z{k}"), 3 + 3 * k) for k in range(9))  # x 3–30: 27 m
    index = _row(*row)
    assert lengthen_rows(HALL, 3, index, [_z("wide", width=6)], AISLES, [], _sides) == []
    assert _where(lengthen_rows(HALL, 3, index, [_z("n1")], AISLES, [], _sides)) == [
        ("n1", 30, 3, 33, 6, "S")
    ]
    # the aisle in front reaches only x 10: the stretch at x 9–12 would face a wall of booths' backs
    short = [Aisle("A", "secondary", 0, 0, 10, 3), AISLES[1]]
    assert lengthen_rows(HALL, 3, _row((_z("z1"), 3), (_z("z2"), 6)), [_z("n1")], short, [], _sides) == []
    # a column stands in the stretch
    index = _row((_z("z1"), 3), (_z("z2"), 6))
    assert lengthen_rows(HALL, 3, index, [_z("n1")], AISLES, [(10, 4, 11, 5)], _sides) == []


def test_no_stretch_beside_a_keep_apart_partner_and_none_for_a_booth_two_rows_deep() -> None:
    shy = BoothRequest("shy", "Shy", 3, 3, zone="Z", keep_apart=("p",))
    index = _row((_z("z1"), 3), (_z("z2"), 6), (_z("p", zone="Y"), 12), involved=frozenset({"shy", "p"}))
    assert lengthen_rows(HALL, 3, index, [shy], AISLES, [], _sides) == []
    index = _row((_z("z1"), 3), (_z("z2"), 6), (_z("q", zone="Y"), 12), involved=frozenset({"shy", "p"}))
    assert len(lengthen_rows(HALL, 3, index, [shy], AISLES, [], _sides)) == 1
    deep = BoothRequest("deep", "Deep", 6, 6, zone="Z", type="peninsula")
    assert lengthen_rows(HALL, 3, _row((_z("z1"), 3)), [deep], AISLES, [], _sides) == []


def _spots(index: PlacedIndex) -> list[Spot]:
    return list(index.spots)


def test_a_zones_stray_booths_move_whole_to_the_free_end_of_its_largest_groups_row() -> None:
    # zone Z: a row of three at x 3–12 and two strays at x 30–36, past zone Y's booth at x 21–24
    index = _row(
        (_z("z1"), 3), (_z("z2"), 6), (_z("z3"), 9), (_z("y1", zone="Y"), 21), (_z("s1"), 30), (_z("s2"), 33)
    )
    spots = _spots(index)
    moved = rejoin(HALL, 3, spots, AISLES, [], _sides)
    assert [s.request.ref for s in moved] == [s.request.ref for s in spots]  # same order
    assert _where(moved)[:4] == _where(spots)[:4]
    assert {(s.request.ref, s.x0, s.x1) for s in moved[4:]} == {("s1", 12, 15), ("s2", 15, 18)}


def test_a_stray_group_that_cannot_move_whole_stays() -> None:
    # room for one booth only between z's row and zone Y's booth at x 15–18, and zone Y's row backing
    # onto it: no floor to back onto the row either
    index = _backed(
        _row(
            (_z("z1"), 3),
            (_z("z2"), 6),
            (_z("z3"), 9),
            (_z("y1", zone="Y"), 15),
            (_z("s1"), 30),
            (_z("s2"), 33),
        )
    )
    spots = _spots(index)
    # the strays stay; the larger group moves to them instead, taking the free floor on either side of
    # their row (only Z's booths are looked at: Y's booth at x 15–18 touches Y's row at a corner only, so
    # it is a stray of Y's that may move)
    moved = _where(rejoin(HALL, 3, spots, AISLES, [], _sides))
    assert moved[4:6] == _where(spots)[4:6]
    assert sorted(x0 for _, x0, *_ in moved[:3]) == [24, 27, 36]
    # nor does a group holding a booth two rows deep, which lengthens no row, with no floor across an
    # aisle from the zone (the aisles here lead to the walls); and where zone Y's booths close both ends
    # of the strays' row, the larger group finds no room beside them either
    deep = BoothRequest("s2", "S2", 3, 6, zone="Z")
    closed = ((_z("y1", zone="Y"), 27), (_z("s1"), 30), (deep, 33), (_z("y2", zone="Y"), 36))
    spots = _spots(_row((_z("z1"), 3), (_z("z2"), 6), (_z("z3"), 9), *closed))
    assert rejoin(HALL, 3, spots, AISLES, [], _sides) == spots


def test_the_largest_group_moves_to_a_smaller_one_that_cannot_move_to_it() -> None:
    # zone Z's strays hold a booth two rows deep, which lengthens no row and finds no floor across an
    # aisle from the row of three (the aisles lead to the walls): the row of three moves instead, to the
    # free end of the strays' row
    deep = BoothRequest("s2", "S2", 3, 6, zone="Z")
    spots = _spots(_row((_z("z1"), 3), (_z("z2"), 6), (_z("z3"), 9), (_z("s1"), 30), (deep, 33)))
    moved = rejoin(HALL, 3, spots, AISLES, [], _sides)
    assert _where(moved) == [
        ("z1", 27, 3, 30, 6, "S"),
        ("z2", 24, 3, 27, 6, "S"),
        ("z3", 21, 3, 24, 6, "S"),
        *_where(spots)[3:],
    ]


def _across_a_cross_aisle(cross_from: float) -> tuple[list[Spot], list[Aisle]]:
    """Zone Z's row at x 24–33 facing the south aisle, zone Y's booth closing its east end, a cross
    aisle from `cross_from` to x 24 closing its west end, open floor west of that; two strays of Z far
    off in the north-west corner."""
    spots = [
        Spot(_z(ref, zone=zone), x, 3, x + 3, 6, "S", 1, k)
        for k, (ref, zone, x) in enumerate(
            [("z1", "Z", 24), ("z2", "Z", 27), ("z3", "Z", 30), ("y1", "Y", 33)]
        )
    ]
    spots += [
        Spot(_z(ref), x, 17, x + 3, 20, "S", 0, 4 + k) for k, (ref, x) in enumerate([("s1", 3), ("s2", 6)])
    ]
    aisles = [
        *AISLES,
        Aisle("A", "cross", cross_from, 0, 24, 20),
        Aisle("A", "open", 3, 3, cross_from, 12),
    ]
    return spots, aisles


def test_strays_with_no_free_row_end_stand_across_the_aisle_from_their_zone_on_open_floor() -> None:
    spots, aisles = _across_a_cross_aisle(21)
    moved = rejoin(HALL, 3, spots, aisles, [], _sides)
    assert _where(moved)[:4] == _where(spots)[:4]
    # the first faces z1 across the cross aisle, flush with its south end; the second lengthens that row
    assert _where(moved)[4:] == [("s1", 18, 3, 21, 6, "E"), ("s2", 18, 6, 21, 9, "E")]
    # an aisle wider than a main aisle (7 m) leaves them no neighbour of their zone across it: they
    # stand with their backs to the row instead, on the floor north of it (`_backed`), facing that aisle
    spots, aisles = _across_a_cross_aisle(17)
    moved = rejoin(HALL, 3, spots, aisles, [], _sides)
    assert not any(s.x1 <= 17 for s in moved[4:])
    assert _where(moved)[4:] == [("s1", 24, 6, 27, 9, "W"), ("s2", 24, 9, 27, 12, "W")]


def test_strays_kept_off_the_open_floor_stand_elsewhere_or_stay() -> None:
    spots, aisles = _across_a_cross_aisle(21)
    moved = rejoin(HALL, 3, spots, aisles, [], _sides, onto_open_floor=False)
    open_floor = [(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind == "open"]
    assert _where(moved) != _where(rejoin(HALL, 3, spots, aisles, [], _sides))
    assert not any(overlaps((s.x0, s.y0, s.x1, s.y1), band) for s in moved for band in open_floor)


def test_a_stray_two_rows_deep_stands_across_the_aisle_with_the_open_sides_its_type_needs() -> None:
    spots, aisles = _across_a_cross_aisle(21)
    peninsula = BoothRequest("p1", "P1", 6, 6, type="peninsula", zone="Z")
    spots = [*spots[:4], Spot(peninsula, 3, 14, 9, 20, "S", 0, 4)]
    moved = rejoin(HALL, 3, spots, aisles, [], _sides)
    # facing z1 across the cross aisle, open on all four sides there (it needs three)
    assert _where(moved)[4] == ("p1", 15, 3, 21, 9, "E")
    assert len(_sides(moved)[4]) == 4


def test_a_stray_slides_along_the_booth_it_faces_past_what_stands_at_the_flush_spots() -> None:
    spots, aisles = _across_a_cross_aisle(21)
    peninsula = BoothRequest("p1", "P1", 6, 6, type="peninsula", zone="Z")
    spots = [*spots[:4], Spot(peninsula, 3, 14, 9, 20, "S", 0, 4)]
    # a column where both spots flush with z1's ends would stand (x 15–21, y 0–6 and 3–9)
    column = (15.5, 3.5, 16.0, 4.0)
    moved = rejoin(HALL, 3, spots, aisles, [column], _sides)
    # slid north a metre at a time until clear of it, still facing z1 over two metres
    assert _where(moved)[4] == ("p1", 15, 4, 21, 10, "E")
    assert _where(moved)[:4] == _where(spots)[:4]


def test_a_stray_with_no_room_by_its_zones_largest_group_joins_another_group_of_the_zone() -> None:
    # zone Z: its largest group at x 3–12, closed by zone Y's booth at x 12–15, the west aisle and zone
    # Y's row backing onto it; a second group at x 21–27; a lone booth at x 36–39
    index = _backed(
        _row(
            (_z("z1"), 3),
            (_z("z2"), 6),
            (_z("z3"), 9),
            (_z("y1", zone="Y"), 12),
            (_z("s1"), 21),
            (_z("s2"), 24),
        )
    )
    index.add(Spot(_z("t1"), 36, 3, 39, 6, "S", 0, len(index.spots)))
    spots = _spots(index)
    moved = rejoin(HALL, 3, spots, AISLES, [], _sides)
    # the lone booth lengthens the second group's row at its west end: one group fewer; then that group,
    # as large as the first now, finds no room beside it, and the first moves to it instead: one row,
    # x 15–33; zone Y's booths stay
    assert _where(moved)[10] == ("t1", 18, 3, 21, 6, "S")
    assert _where(moved)[3:10] == _where(spots)[3:10]
    assert sorted(s.x0 for s in moved if s.request.zone == "Z") == [15, 18, 21, 24, 27, 30]


def test_a_stray_with_no_free_row_end_or_floor_across_an_aisle_backs_onto_its_zones_booths() -> None:
    # room for one booth only between z's row and zone Y's booth at x 15–18; the aisles lead to the walls
    index = _row(
        (_z("z1"), 3), (_z("z2"), 6), (_z("z3"), 9), (_z("y1", zone="Y"), 15), (_z("s1"), 30), (_z("s2"), 33)
    )
    spots = _spots(index)
    moved = rejoin(HALL, 3, spots, AISLES, [], _sides)
    # the first lengthens the row; the second stands on the floor behind it, its back to z1 and its
    # front on the west aisle (a booth north of the row facing north would face no aisle)
    assert _where(moved)[:4] == _where(spots)[:4]
    assert _where(moved)[4:] == [("s1", 12, 3, 15, 6, "S"), ("s2", 3, 6, 6, 9, "W")]
    assert all(len(sides) >= 1 for sides in _sides(moved))


def test_new_booths_stand_across_the_aisle_from_their_zone_two_rows_deep_first() -> None:
    spots, aisles = _across_a_cross_aisle(21)
    index = PlacedIndex(6, frozenset())
    for spot in spots[:4]:
        index.add(spot)
    row_booth, peninsula = _z("n1"), BoothRequest("p1", "P1", 6, 6, type="peninsula", zone="Z")
    lone = _z("n2", zone="New")  # a zone with no booth in the hall: left for the open floor
    made = stand_across(HALL, 3, index, [row_booth, lone, peninsula], aisles, [], _sides)
    # the peninsula first, across the cross aisle from z1 flush with its south end; then the row
    # booth, across the cross aisle from the peninsula, on the free floor behind z1
    assert _where(made) == [("p1", 15, 3, 21, 9, "E"), ("n1", 24, 6, 27, 9, "W")]
    assert index.spots[-2:] == made
    assert len(_sides(index.spots)[4]) == 4
