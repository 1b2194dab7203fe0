from halllayout.layout.floor import MAX_ROW_LENGTH, free_intervals, hall_floor, inward_normal
from halllayout.model import Column, Door
from tests.conftest import make_hall


def test_usable_floor_is_the_outline_less_a_perimeter_aisle() -> None:
    floor = hall_floor(make_hall(20, 12))
    assert floor.usable.bounds == (3, 3, 17, 9)
    assert floor.bands == ((3, 9),)


def test_inward_normal_points_into_the_hall_from_each_wall() -> None:
    hall = make_hall(20, 12)
    assert inward_normal(hall.outline, Door((10, 0), 2)) == (0, 1)
    assert inward_normal(hall.outline, Door((10, 12), 2)) == (0, -1)
    assert inward_normal(hall.outline, Door((0, 6), 2)) == (1, 0)
    assert inward_normal(hall.outline, Door((20, 6), 2)) == (-1, 0)


def test_entrance_in_south_wall_cuts_a_north_south_main_aisle_as_wide_as_the_door() -> None:
    floor = hall_floor(make_hall(40, 20, entrances=(Door((20, 0), 8),), main=6))
    assert free_intervals(floor, 6, 9) == [(3, 16), (24, 37)]


def test_entrance_in_east_wall_splits_the_bands() -> None:
    floor = hall_floor(make_hall(40, 30, entrances=(Door((40, 15), 4),), main=6))
    assert floor.bands == ((3, 12), (18, 27))


def test_long_runs_are_broken_by_cross_aisles() -> None:
    floor = hall_floor(make_hall(100, 20))
    gaps = free_intervals(floor, 4, 7)
    assert all(b - a <= MAX_ROW_LENGTH + 1e-9 for a, b in gaps)
    assert len(gaps) == 3
    assert gaps[0][0] == 3 and gaps[-1][1] == 97


def test_columns_and_exit_areas_are_not_usable() -> None:
    hall = make_hall(20, 20, columns=(Column((10, 10), 1),), exits=(Door((0, 10), 2),))
    floor = hall_floor(hall)
    assert free_intervals(floor, 9, 11) == [(4, 9.5), (10.5, 17)]
