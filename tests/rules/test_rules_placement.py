"""halllayout.rules.placement: inside the outline, no overlaps, aisle widths, exit clear areas."""

from __future__ import annotations

import pytest
from rules_layouts import aisle, booth, geometry, hall

from halllayout.model import Column, Door, Rules
from halllayout.rules.placement import aisle_width, exit_clear_area, inside_outline, no_overlap

L_SHAPE = ((0, 0), (30, 0), (30, 10), (10, 10), (10, 30), (0, 30))


def test_booths_inside_the_walls_pass() -> None:
    result = inside_outline(geometry(hall(), [booth("A1", 0, 0, 3, 3), booth("A2", 17, 9, 20, 12)]))
    assert result.passed
    assert (result.limit, result.measured, result.offenders) == (0.0, 0.0, ())


def test_a_booth_through_the_wall_fails_with_the_area_outside() -> None:
    result = inside_outline(geometry(hall(20, 12), [booth("A1", 0, 0, 3, 3), booth("A2", 18, 0, 22, 3)]))
    assert not result.passed
    assert result.measured == pytest.approx(6.0)
    assert result.offenders == ("A2",)
    assert "A2" in result.detail


def test_half_a_millimetre_through_the_wall_is_tolerated_two_are_not() -> None:
    assert inside_outline(geometry(hall(20, 12), [booth("A1", 17.0005, 0, 20.0005, 3)])).passed
    result = inside_outline(geometry(hall(20, 12), [booth("A1", 17.002, 0, 20.002, 3)]))
    assert not result.passed
    assert result.measured == pytest.approx(0.006)


def test_a_booth_in_the_notch_of_an_l_shaped_hall_is_outside() -> None:
    h = hall(outline=L_SHAPE)
    assert inside_outline(geometry(h, [booth("A1", 2, 12, 8, 28)])).passed
    result = inside_outline(geometry(h, [booth("A1", 8, 8, 14, 14)]))
    assert result.offenders == ("A1",)
    assert result.measured == pytest.approx(16.0)


def test_a_booth_with_no_area_or_a_corner_not_a_number_fails_and_is_measured_no_further() -> None:
    booths = [
        booth("A1", 5, 5, 5, 8),
        booth("A2", 8, 8, 7, 9),
        booth("A3", float("nan"), 0, 3, 3),
        booth("A4", 0, 0, 3, 3),
    ]
    g = geometry(hall(), booths)
    assert g.numbers == ["A4"]
    result = inside_outline(g)
    assert not result.passed
    assert result.offenders == ("A1", "A2", "A3")
    assert result.measured == 0.0
    assert result.detail == "A1, A2, A3 not a rectangle of positive size"


def test_an_aisle_with_no_area_fails() -> None:
    result = aisle_width(geometry(hall(), [], [aisle(0, 0, 20, 3), aisle(5, 5, 5, 12)]))
    assert not result.passed
    assert result.offenders == ("secondary@5,5",)


def test_booths_side_by_side_do_not_overlap() -> None:
    result = no_overlap(
        geometry(hall(), [booth("A1", 0, 0, 3, 3), booth("A2", 3, 0, 6, 3), booth("A3", 0, 3, 3, 6)])
    )
    assert result.passed
    assert result.measured == 0.0


def test_overlapping_booths_fail_with_the_largest_overlap() -> None:
    booths = [
        booth("A1", 0, 0, 3, 3),
        booth("A2", 2, 0, 5, 3),
        booth("A3", 4.5, 0, 7.5, 3),
        booth("A4", 10, 0, 13, 3),
    ]
    result = no_overlap(geometry(hall(), booths))
    assert not result.passed
    assert result.measured == pytest.approx(3.0)
    assert result.offenders == ("A1", "A2", "A3")
    assert result.detail.startswith("2 overlap(s): A1 × A2 3.000 m²")


def test_a_booth_on_a_column_or_a_keep_clear_area_overlaps_it() -> None:
    h = hall(columns=(Column((5, 5), 1),), keep_clear=(((10, 0), (14, 0), (10, 4)),))
    result = no_overlap(geometry(h, [booth("A1", 4, 4, 7, 7), booth("A2", 11, 0, 14, 2)]))
    assert result.offenders == ("A1", "A2")
    assert result.measured == pytest.approx(4.0)  # A2's 3 × 2 m less the 2 m² beyond the slope x + y = 14
    assert "column at (5, 5)" in result.detail and "keep-clear area 1" in result.detail


def test_a_booth_against_a_column_does_not_overlap_it() -> None:
    h = hall(columns=(Column((5, 5), 1),))
    assert no_overlap(geometry(h, [booth("A1", 5.5, 4, 8.5, 7)])).passed


def test_aisles_as_wide_as_their_kind_pass_with_the_tightest_margin() -> None:
    aisles = [aisle(0, 0, 20, 3), aisle(7, 3, 13, 12, "main"), aisle(0, 9, 7, 12.5, "cross")]
    result = aisle_width(geometry(hall(main=6, secondary=3), [], aisles))
    assert result.passed
    assert (result.limit, result.measured) == (3, 3)


def test_a_narrow_aisle_fails_with_its_width_and_limit() -> None:
    aisles = [aisle(0, 0, 20, 3), aisle(8, 3, 13, 12, "main")]
    result = aisle_width(geometry(hall(main=6, secondary=3), [], aisles))
    assert not result.passed
    assert (result.limit, result.measured) == (6, 5)
    assert result.offenders == ("main@8,3",)


def test_a_narrow_aisle_names_the_walls_and_areas_that_keep_it_narrow() -> None:
    # bench hall 164: a keep-clear area 6 m from the wall of a leg 15 m wide leaves 6 m of the 8 m the
    # main aisle from the leg's entrance asks; no layout can keep the rule, and the report says why
    h = hall(15, 90, main=8, keep_clear=(((6, 69), (12, 69), (12, 75), (6, 75)),))
    result = aisle_width(geometry(h, [], [aisle(0, 0, 6, 90, "main")]))
    assert not result.passed
    assert result.detail.endswith(
        "main@0,0 clear 6 m of 8 m (widened by 2 m either way it would meet keep-clear area 1 to its E; "
        "the wall to its W)"
    )
    # in open floor nothing fixed keeps it narrow: the layout could have made it wider
    result = aisle_width(geometry(hall(40, 90, main=8), [], [aisle(10, 0, 16, 90, "main")]))
    assert result.detail.endswith("main@10,0 clear 6 m of 8 m")


def test_a_booth_standing_in_an_aisle_narrows_it_and_fails() -> None:
    aisles = [aisle(0, 3, 20, 7)]  # 4 m where 3 are needed
    result = aisle_width(geometry(hall(), [booth("A1", 5, 0, 8, 3), booth("A2", 10, 6, 13, 9)], aisles))
    assert not result.passed  # A2 stands 1 m into it: still 3 m clear, but nothing may stand in an aisle
    assert result.measured == pytest.approx(3.0)
    assert result.offenders == ("secondary@0,3", "A2")
    assert "A2 in it" in result.detail


def test_a_column_in_the_middle_of_an_aisle_leaves_the_wider_side() -> None:
    h = hall(40, 12, columns=(Column((20, 6), 1),), main=6)
    result = aisle_width(geometry(h, [], [aisle(0, 3, 40, 9, "main")]))
    assert result.measured == pytest.approx(2.5)
    assert result.offenders == ("main@0,3",)
    assert "column at (20, 6)" in result.detail


def test_a_column_at_the_edge_of_a_wide_enough_aisle_passes_and_a_booth_there_does_not() -> None:
    h = hall(40, 12, columns=(Column((12.5, 6), 1),), main=6)
    result = aisle_width(geometry(h, [], [aisle(12, 0, 20, 12, "main")]))
    assert result.passed
    assert result.measured == pytest.approx(7.0)
    with_booth = aisle_width(
        geometry(hall(40, 12, main=6), [booth("A1", 9, 5, 13, 8)], [aisle(12, 0, 20, 12, "main")])
    )
    assert not with_booth.passed
    assert with_booth.measured == pytest.approx(7.0)


def test_booths_on_both_sides_of_a_north_south_aisle_leave_the_gap_between() -> None:
    booths = [booth("A1", 2, 0, 5.5, 3), booth("A2", 7.5, 2, 10, 5)]
    result = aisle_width(geometry(hall(), booths, [aisle(5, 0, 8, 12)]))
    assert result.measured == pytest.approx(2.0)
    assert result.offenders == ("secondary@5,0", "A1", "A2")


def test_a_hall_without_aisles_has_nothing_to_measure() -> None:
    result = aisle_width(geometry(hall()))
    assert result.passed and result.measured is None


def test_the_area_in_front_of_a_door_held_by_a_booth_fails() -> None:
    h = hall(exits=(Door((10, 0), 2, "South"),))
    result = exit_clear_area(geometry(h, [booth("A1", 10, 3, 13, 6), booth("A2", 14, 0, 17, 3)]))
    assert not result.passed
    assert result.measured == pytest.approx(1.0)
    assert result.offenders == ("A1",)
    assert result.detail == "exit South blocked by A1"


def test_a_booth_beside_the_clear_area_passes() -> None:
    h = hall(entrances=(Door((0, 6), 2),), exits=(Door((10, 0), 2),))
    booths = [booth("A1", 11, 0, 14, 3), booth("A2", 0, 7, 3, 10), booth("A3", 4, 5, 7, 8)]
    result = exit_clear_area(geometry(h, booths))
    assert result.passed
    assert result.measured == 0.0


def test_the_clear_depth_is_the_halls_own() -> None:
    h = hall(exits=(Door((10, 0), 2),), rules=Rules(exit_clear_depth=2))
    assert exit_clear_area(geometry(h, [booth("A1", 9, 2, 12, 5)])).passed
    deeper = hall(exits=(Door((10, 0), 2),))
    assert not exit_clear_area(geometry(deeper, [booth("A1", 9, 2, 12, 5)])).passed
