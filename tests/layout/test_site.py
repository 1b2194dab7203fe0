from halllayout.layout.site import Run, WallRow, build_site, cut_at_keep_clear, free_spans, split_run
from halllayout.model import Aisle, Column, Door, Hall
from tests.conftest import make_hall


def _pavilion() -> Hall:
    return make_hall(40, 30, entrances=(Door((20, 0), 6),), main=4)


def test_runs_lie_between_the_perimeter_aisle_and_the_main_aisle() -> None:
    site = build_site(_pavilion(), 3)
    assert site.runs == (Run(0, 6, 6, 18, 24), Run(1, 22, 6, 34, 24))
    assert site.north_south_mains == ((18, 22),)


def test_wall_rows_back_onto_every_wall_and_leave_the_corners_to_the_side_walls() -> None:
    site = build_site(_pavilion(), 3)
    assert site.wall_rows == (
        WallRow(6, 0, 34, 3, "N", "x"),
        WallRow(37, 0, 40, 30, "W", "y"),
        WallRow(6, 27, 34, 30, "S", "x"),
        WallRow(0, 0, 3, 30, "E", "y"),
    )


def test_fixed_aisles_are_the_main_aisle_and_a_ring_inside_the_wall_rows() -> None:
    site = build_site(_pavilion(), 3)
    kinds = [(a.kind, a.x0, a.y0, a.x1, a.y1) for a in site.aisles]
    assert kinds[0] == ("main", 18, 0, 22, 30)
    assert sorted(kinds[1:]) == [
        ("perimeter", 3, 0, 6, 30),  # along the side walls, into the corners the wall rows leave
        ("perimeter", 3, 3, 37, 6),
        ("perimeter", 3, 24, 37, 27),
        ("perimeter", 34, 0, 37, 30),
    ]


def test_doors_facing_each_other_across_the_hall_share_one_main_aisle() -> None:
    doors = (Door((20, 0), 6), Door((20, 30), 6), Door((0, 15), 4))
    site = build_site(make_hall(40, 30, entrances=doors, main=4), 3)
    # the south and north doors' main aisles are the same: one, not two on top of each other
    assert [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "main"] == [
        (18, 0, 22, 30),
        (0, 13, 40, 17),
    ]
    assert site.north_south_mains == ((18, 22),) and site.east_west_mains == ((13, 17),)


def test_long_spans_get_cross_aisles_so_no_run_exceeds_the_rule() -> None:
    site = build_site(make_hall(144, 90, entrances=(Door((72, 0), 12),)), 3)
    assert [(r.x0, r.x1) for r in site.runs] == [(6, 36), (39, 69), (75, 105), (108, 138)]
    cross = [(a.x0, a.x1) for a in site.aisles if a.kind == "cross"]
    assert cross == [(36, 39), (105, 108)]


def test_split_run_keeps_pieces_under_the_limit() -> None:
    assert split_run(0, 63, 3, 30) == [(0, 30), (33, 63)]
    assert split_run(0, 70, 3, 30) == [
        (0, 21.333333333333332),
        (24.333333333333332, 45.666666666666664),
        (48.666666666666664, 70),
    ]


def test_free_spans_skip_columns_and_door_areas() -> None:
    hall = make_hall(40, 30, entrances=(Door((20, 0), 6),), main=4, columns=(Column((10, 12), 1),))
    site = build_site(hall, 3)
    assert free_spans(site, (6, 9, 18, 15), "x") == [(6, 9.5), (10.5, 18)]
    # the south wall row stops at the entrance's clear area (6 m wide, 4 m deep)
    assert free_spans(site, (6, 0, 34, 3), "x", interior=False) == [(6, 17), (23, 34)]


def test_l_shaped_hall_has_perimeter_aisles_meeting_at_the_inner_corner() -> None:
    hall = Hall(
        "B",
        "L",
        ((0, 0), (96, 0), (96, 48), (48, 48), (48, 84), (0, 84)),
        10,
        (Door((96, 24), 8),),
        (),
        (),
        (),
        5,
        3,
    )
    site = build_site(hall, 3)
    ring = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "perimeter"]
    # the aisle along the inner south-facing wall runs on past the corner to meet the one along x = 45
    assert (42, 42, 93, 45) in ring
    assert (42, 42, 45, 84) in ring


def test_a_perimeter_aisle_with_columns_in_it_widens_inwards_past_them() -> None:
    # a column line 6 m from the west wall: the column stands half a metre into the aisle [3, 6], which
    # leaves 2.5 m clear beside it; the aisle runs on to 3 m clear beyond it, and the runs begin there
    columns = tuple(Column((6, y), 1) for y in (9, 21))
    site = build_site(make_hall(40, 30, entrances=(Door((20, 0), 6),), main=4, columns=columns), 3)
    ring = sorted((a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "perimeter")
    assert (3, 0, 9.5, 30) in ring
    assert min(run.x0 for run in site.runs) == 9.5
    # the south and north wall rows stop short of it
    assert all(piece.x0 >= 9.5 for piece in site.wall_pieces if piece.along == "x")


def test_a_column_in_the_aisle_round_a_keep_clear_area_widens_that_side_away_from_it() -> None:
    hall = make_hall(
        60,
        40,
        entrances=(Door((30, 0), 6),),
        keep_clear=(((10, 15), (20, 15), (20, 25), (10, 25)),),
        columns=(Column((14, 13), 1),),
    )
    site = build_site(hall, 3)
    ring = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "perimeter"]
    # the south side [12, 15] has the column at [12.5, 13.5]: 1.5 m clear beside it, so 3 m below it
    assert (7, 9.5, 23, 15) in ring


def test_a_run_narrower_than_a_booth_is_no_run() -> None:
    # the main aisle [8.5, 12.5] leaves 2.5 m of interior beside the perimeter aisle: no run there, nor
    # aisles across it
    site = build_site(make_hall(40, 30, entrances=(Door((10.5, 0), 6),), main=4), 3)
    assert [(run.x0, run.x1) for run in site.runs] == [(12.5, 34)]


def test_a_cross_aisle_with_a_column_line_in_it_widens_past_the_columns_the_shorter_way() -> None:
    # columns at x = 37 stand in the cross aisle [36, 39], 1.5 m clear beside them: the aisle runs on to
    # 3 m clear east of them (1.5 m more; west of them would take 2.5 m more), and the run beyond shrinks
    columns = tuple(Column((37, y), 1) for y in (18, 45, 72))
    site = build_site(make_hall(144, 90, entrances=(Door((72, 0), 12),), columns=columns), 3)
    cross = [(a.x0, a.x1) for a in site.aisles if a.kind == "cross"]
    assert cross == [(36, 40.5), (105, 108)]
    assert [(r.x0, r.x1) for r in site.runs] == [(6, 36), (40.5, 69), (75, 105), (108, 138)]


def test_a_keep_clear_area_across_a_main_or_cross_aisles_way_cuts_it_and_the_ring_joins_the_pieces() -> None:
    stage = ((26, 20), (34, 20), (34, 28), (26, 28))
    site = build_site(make_hall(60, 40, entrances=(Door((30, 0), 6),), keep_clear=(stage,)), 3)
    mains = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "main"]
    assert mains == [(27, 0, 33, 20), (27, 28, 33, 40)]
    ring = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "perimeter"]
    assert (23, 17, 37, 20) in ring and (23, 28, 37, 31) in ring
    # a stage across a cross aisle's way: [36, 39] in a 144 m hall
    hall = make_hall(
        144, 90, entrances=(Door((72, 0), 12),), keep_clear=(((34, 40), (42, 40), (42, 50), (34, 50)),)
    )
    cross = [(a.x0, a.y0, a.x1, a.y1) for a in build_site(hall, 3).aisles if a.kind == "cross"]
    assert cross[:2] == [(36, 6, 39, 40), (36, 50, 39, 84)]


def test_a_main_aisle_stops_where_the_hall_grows_too_narrow_for_it() -> None:
    # a T-shaped hall: the door in the north wall at x = 70 lines the aisle up over the stem's east wall
    # (x = 70); it crosses the bar at full width and stops there, rather than run on down the stem as a
    # 2.5 m strip beside the wall to a 30 m dead end
    outline = ((25, 0), (70, 0), (70, 30), (96, 30), (96, 66), (0, 66), (0, 30), (25, 30))
    hall = Hall("A", "T", outline, 10, (Door((70, 66), 4),), (), (), (), 5, 2.5)
    mains = [(a.x0, a.y0, a.x1, a.y1) for a in build_site(hall, 3).aisles if a.kind == "main"]
    assert mains == [(67.5, 30, 72.5, 66)]


def test_keep_clear_areas_too_close_to_walk_between_get_one_aisle_round_them_both() -> None:
    # 1 m apart, with 3 m aisles: the ring round the one would run through the other
    areas = (((20, 10), (26, 10), (26, 16), (20, 16)), ((27, 12), (33, 12), (33, 20), (27, 20)))
    site = build_site(make_hall(60, 40, entrances=(Door((45, 0), 6),), keep_clear=areas), 3)
    ring = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "perimeter" and 10 < a.x0 < 40]
    assert ring == [(17, 7, 36, 10), (17, 20, 36, 23), (17, 7, 20, 23), (33, 7, 36, 23)]


def test_an_aisle_ends_at_a_keep_clear_area_that_leaves_too_little_room_beside_it() -> None:
    hall = make_hall(60, 40, keep_clear=(((20, 10), (26, 10), (26, 16), (20, 16)),))
    across = Aisle("A", "secondary", 6, 14, 40, 17)  # 1 m of it clear beside the area: cut
    beside = Aisle("A", "secondary", 6, 16, 40, 19)  # clear of it
    past = Aisle("A", "secondary", 6, 7, 40, 12)  # 3 m clear below it, as wide as a secondary aisle
    assert cut_at_keep_clear(build_site(hall, 3), [across, beside, past]) == [
        Aisle("A", "secondary", 6, 14, 20, 17),
        Aisle("A", "secondary", 26, 14, 40, 17),
        beside,
        past,
    ]


def test_a_main_aisle_with_no_way_past_the_columns_in_front_of_its_door_widens_past_them() -> None:
    # column lines at x = 27 and 33 across the way from a 4 m door at x = 30: a 6 m aisle fits beside
    # neither within the door's reach, so it widens west (6.5 m more; east would take as much) to 6 m
    # clear beside them
    columns = tuple(Column((x, y), 1) for x in (27, 33) for y in (12, 24))
    site = build_site(make_hall(60, 40, entrances=(Door((30, 0), 4),), columns=columns), 3)
    mains = [(a.x0, a.y0, a.x1, a.y1) for a in site.aisles if a.kind == "main"]
    assert mains == [(20.5, 0, 33, 40)]


def test_a_perimeter_aisle_stub_between_a_wall_corner_and_a_keep_clear_area_is_the_rings() -> None:
    # an area 2 m from the west and south perimeter aisles: the south one, cut at the area, leaves
    # [3, 5] × [3, 6] by the corner, 2 m long and as narrow; the ring's west side [2, 5] takes it in
    hall = make_hall(
        30, 42, entrances=(Door((22, 0), 6),), keep_clear=(((5, 5), (11, 5), (11, 13), (5, 13)),)
    )
    site = build_site(hall, 3)
    aisles = [(a.kind, a.x0, a.y0, a.x1, a.y1) for a in site.aisles]
    assert ("perimeter", 3, 3, 5, 6) not in aisles
    assert ("perimeter", 2, 2, 5, 16) in aisles


def _two_gates(
    first: Door, second: Door, columns: tuple[Column, ...] = ()
) -> tuple[tuple[float, float], ...]:
    hall = make_hall(138, 60, entrances=(first, second), columns=columns, main=4)
    return build_site(hall, 3).east_west_mains


def test_main_aisles_too_close_for_a_double_row_move_apart_to_hold_one() -> None:
    # bench hall 136: two 10 m gates in the east wall; their 4 m main aisles left 5 m between them
    # across the hall, which held no row. The second moves 1 m north, still in front of its gate
    assert _two_gates(Door((138, 20), 10), Door((138, 29), 10)) == ((18, 22), (28, 32))


def test_main_aisles_that_cannot_move_apart_and_hold_no_row_between_them_meet() -> None:
    # 4 m gates: neither aisle can move 5 m and stay in front of its gate; 1 m between them is lost floor
    assert _two_gates(Door((138, 20), 4), Door((138, 25), 4)) == ((18, 22), (22, 26))


def test_main_aisles_a_single_row_apart_that_columns_keep_from_moving_stay() -> None:
    columns = (Column((60, 31), 1), Column((60, 17), 1))  # in the way of either moving 2 m apart
    assert _two_gates(Door((138, 20), 4), Door((138, 28), 4), columns) == ((18, 22), (26, 30))
