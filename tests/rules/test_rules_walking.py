import math

import pytest
from rules_layouts import aisle, booth, geometry, hall

from halllayout.model import Door
from halllayout.rules.walking import walking_distances

WEST = Door((0, 1.5), 2, "West")


def test_a_straight_walk_along_one_aisle() -> None:
    g = geometry(hall(100, 20, exits=(WEST,)), [booth("A1", 50, 3, 53, 6)], [aisle(0, 0, 100, 3)])
    # from the middle of the front (51.5, 3) to the door at the west wall
    assert walking_distances(g).tolist() == pytest.approx([51.5], abs=0.6)


def test_a_turn_into_another_aisle_cuts_the_corner() -> None:
    h = hall(40, 40, entrances=(Door((1.5, 0), 2, "South"),))
    g = geometry(h, [booth("A1", 30, 20, 33, 23, front="W")], [aisle(0, 0, 30, 3), aisle(27, 0, 30, 30)])
    # along the centre lines it is 50 m; walking, the corner at (28.5, 1.5) is cut: at most the
    # straight legs from the door to the corner and on to the booth, and no shorter than a line
    walked = walking_distances(g)[0]
    assert walked < 50
    assert walked >= math.hypot(30 - 1.5, 21.5) - 0.5
    assert walked <= 28.5 + 21.5 + 1.5


def test_a_booth_behind_a_wall_of_booths_has_no_walk() -> None:
    g = geometry(
        hall(30, 20, exits=(WEST,)),
        [booth("A1", 10, 0, 13, 3), booth("A2", 20, 5, 23, 8)],
        [aisle(0, 0, 10, 3), aisle(13, 0, 30, 3)],  # A1 stands across the only aisle
    )
    assert walking_distances(g)[1] == math.inf
