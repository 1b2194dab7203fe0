"""halllayout.rules.network: travel distance along the aisles to the nearest door, dead ends."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from rules_layouts import aisle, booth, geometry, hall

from halllayout.model import Door, Rules
from halllayout.rules.network import dead_end, dead_ends, travel, travel_distance

WEST = Door((0, 1.5), 2, "West")


def test_travel_runs_along_the_centre_line_from_the_front_to_the_door() -> None:
    g = geometry(
        hall(100, 20, exits=(WEST,)),
        [booth("A1", 50, 3, 53, 6), booth("A2", 90, 3, 93, 6)],
        [aisle(0, 0, 100, 3)],
    )
    assert travel(g).distance.tolist() == pytest.approx([53.0, 93.0])
    result = travel_distance(g)
    assert not result.passed
    assert result.limit == 61
    # the rule walks the natural path: straight along the aisle from the front to the door, ≈ 91.5 m
    assert result.measured == pytest.approx(91.5, abs=0.5)
    assert result.offenders == ("A2",)
    assert result.detail == f"longest A2 {result.measured:.1f} m; 1 booth(s) beyond 61 m"


def test_travel_turns_at_a_junction() -> None:
    h = hall(40, 40, entrances=(Door((1.5, 0), 2, "South"),))
    g = geometry(h, [booth("A1", 30, 20, 33, 23, front="W")], [aisle(0, 0, 30, 3), aisle(27, 0, 30, 30)])
    # 1.5 door to centre line, 27 east, 20 north, 1.5 to the booth's west side
    assert travel(g).distance.tolist() == pytest.approx([50.0])
    assert travel_distance(g).passed


def test_travel_goes_to_the_nearest_of_several_doors() -> None:
    h = hall(40, 40, entrances=(Door((1.5, 0), 2, "South"),), exits=(Door((28.5, 40), 2, "North"),))
    g = geometry(h, [booth("A1", 30, 20, 33, 23)], [aisle(0, 0, 30, 3), aisle(27, 0, 30, 40)])
    assert travel(g).distance.tolist() == pytest.approx([20.0])


def test_travel_leaves_by_the_best_side_of_a_corner_booth() -> None:
    h = hall(40, 40, exits=(Door((0, 1.5), 2),))
    aisles = [aisle(0, 0, 40, 3), aisle(27, 0, 30, 30)]
    g = geometry(h, [booth("A1", 30, 3, 33, 6)], aisles)  # south side on the first aisle, west on the second
    assert travel(g).distance.tolist() == pytest.approx([1.5 + 31.5])


def test_the_limit_is_the_halls_own() -> None:
    h = hall(100, 20, exits=(WEST,), rules=Rules(max_travel_distance=40))
    result = travel_distance(geometry(h, [booth("A1", 50, 3, 53, 6)], [aisle(0, 0, 100, 3)]))
    assert not result.passed and result.limit == 40


def test_a_booth_on_an_aisle_no_door_opens_onto_has_no_path() -> None:
    h = hall(40, 40, exits=(WEST,))
    booths = [booth("A1", 10, 3, 13, 6), booth("A2", 10, 23, 13, 26)]
    g = geometry(h, booths, [aisle(0, 0, 40, 3), aisle(10, 20, 20, 23)])
    assert travel(g).distance.tolist() == pytest.approx([13.0, math.inf])
    result = travel_distance(g)
    assert result.measured == math.inf
    assert result.offenders == ("A2",)
    assert result.detail == "longest A2 no path; 1 booth(s) with no path to a door"


def test_a_booth_off_every_aisle_has_no_path() -> None:
    g = geometry(hall(40, 40, exits=(WEST,)), [booth("A1", 10, 10, 13, 13)], [aisle(0, 0, 40, 3)])
    assert travel_distance(g).offenders == ("A1",)


def test_aisles_touching_only_at_a_corner_give_no_path() -> None:
    g = geometry(
        hall(30, 20, exits=(WEST,)), [booth("A1", 13, 5, 16, 8)], [aisle(0, 0, 10, 3), aisle(10, 3, 13, 13)]
    )
    assert travel(g).distance.tolist() == [math.inf]


def test_a_door_opening_onto_no_aisle_is_reported() -> None:
    h = hall(40, 40, entrances=(Door((1.5, 0), 2, "South"),), exits=(Door((28.5, 40), 2, "North"),))
    g = geometry(h, [booth("A1", 30, 20, 33, 23)], [aisle(0, 0, 30, 3), aisle(27, 0, 30, 30)])
    result = travel_distance(g)
    assert not result.passed
    assert result.offenders == ("exit North",)
    assert "exit North open(s) onto no aisle" in result.detail


def test_a_hall_without_doors_fails() -> None:
    result = travel_distance(geometry(hall(), [booth("A1", 0, 3, 3, 6)], [aisle(0, 0, 20, 3)]))
    assert not result.passed
    assert result.detail.startswith("the hall has no entrance or exit")


def test_an_empty_hall_with_its_doors_on_aisles_passes() -> None:
    result = travel_distance(geometry(hall(exits=(WEST,)), [], [aisle(0, 0, 20, 3)]))
    assert result.passed and result.measured is None


SIDE_DOORS = (Door((0, 1.5), 2, "West"), Door((30, 1.5), 2, "East"))


def test_an_aisle_ending_in_the_open_is_a_dead_end_from_its_last_junction() -> None:
    g = geometry(hall(30, 20, exits=SIDE_DOORS), [], [aisle(0, 0, 30, 3), aisle(10, 3, 13, 20)])
    assert dead_ends(g).tolist() == [0.0, 17.0]
    result = dead_end(g)
    assert not result.passed
    assert (result.limit, result.measured) == (6, 17)
    assert result.offenders == ("secondary@10,3",)


def test_a_short_dead_end_passes() -> None:
    result = dead_end(geometry(hall(30, 20, exits=SIDE_DOORS), [], [aisle(0, 0, 30, 3), aisle(10, 0, 13, 8)]))
    assert result.passed
    assert result.measured == 5


def test_an_aisle_that_runs_past_its_last_crossing_has_a_dead_end() -> None:
    aisles = [aisle(0, 0, 40, 3), aisle(0, 0, 3, 20), aisle(0, 17, 40, 20), aisle(30, 0, 33, 20)]
    assert dead_ends(geometry(hall(40, 20), [], aisles)).tolist() == [7.0, 0.0, 7.0, 0.0]


def test_an_aisle_ending_at_a_door_is_open_there() -> None:
    h = hall(30, 20, exits=(*SIDE_DOORS, Door((11.5, 20), 2, "North")))
    assert dead_end(geometry(h, [], [aisle(0, 0, 30, 3), aisle(10, 3, 13, 20)])).measured == 0


def test_an_aisle_meeting_nothing_is_a_dead_end_all_along() -> None:
    assert dead_ends(geometry(hall(30, 20), [], [aisle(5, 5, 25, 8)])).tolist() == [20.0]


def test_aisles_meeting_only_at_a_corner_are_not_joined() -> None:
    assert dead_ends(geometry(hall(30, 20), [], [aisle(0, 0, 10, 3), aisle(10, 3, 13, 13)])).tolist() == [
        10,
        10,
    ]


def test_nodes_a_hair_out_of_order_along_an_aisle_do_not_stall_the_search() -> None:
    # two nodes of one aisle that rounding sorted a hair out of order: a step of -2e-16 each way was a
    # cycle of negative length that the search went round for ever (a 78 x 48 m L-shaped hall hung the
    # rule check so). Run apart, so that a regression fails the test rather than hangs the suite
    code = (
        "import numpy as np\n"
        "from halllayout.rules.network import _shortest\n"
        "d = _shortest(np.array([0, 0, 0]), np.array([0.30000000000000004, 0.3, 5.0]), [], {0: 0.0})\n"
        "print(d.tolist())\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the search did not finish within 60 s")
    assert json.loads(done.stdout) == pytest.approx([0.0, 0.0, 4.7])
