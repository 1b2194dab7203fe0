import pytest

from halllayout.layout.doors import exit_clear_area, inward_normal
from halllayout.model import Door
from tests.conftest import make_hall


@pytest.mark.parametrize(
    ("at", "normal"), [((10, 0), (0, 1)), ((20, 6), (-1, 0)), ((10, 12), (0, -1)), ((0, 6), (1, 0))]
)
def test_inward_normal_points_into_the_hall_from_each_wall(at, normal) -> None:
    hall = make_hall(20, 12)
    assert inward_normal(hall.outline, Door(at, 2)) == pytest.approx(normal)


def test_exit_clear_area_is_the_door_wide_and_the_given_depth_deep() -> None:
    hall = make_hall(20, 12)
    area = exit_clear_area(hall, Door((0, 6), 3), 4)
    assert area.bounds == pytest.approx((0, 4.5, 4, 7.5))
    assert area.area == pytest.approx(12)
