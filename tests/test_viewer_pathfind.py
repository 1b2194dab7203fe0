"""The viewer's route finder (viewer/src/pathfind.js), run under node on small hand-made halls.

Plan coordinates: metres, x east, y north. Each scenario below is routed once in one node process
(the `routes` fixture); the tests check the routes' geometry in Python.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from typing import Any

import pytest

from halllayout.layout_file import hall_document
from halllayout.model import Door, StepArea
from tests.conftest import make_hall
from tests.viewer_node import module_specifier, run_node

Point = list[float]
Rect = list[float]


def box(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def booth(number: str, rect: Rect, front: str, open_sides: list[str] | None = None) -> dict[str, Any]:
    return {"number": number, "rect": rect, "front": front, "open": open_sides or [front]}


# a 20 x 12 m hall cut by a block of booths from the west wall to x = 14: the way round is on the east
DETOUR_BLOCK = booth("B1", [0, 4, 14, 6], "S")
DETOUR_TARGET = booth("T1", [2, 9, 5, 12], "S")
DETOUR = {
    "hall": {"outline": box(0, 0, 20, 12), "columns": [{"at": [17, 9], "size": 1}]},
    "booths": [DETOUR_BLOCK, DETOUR_TARGET],
}

# an island in the middle of an empty hall, open on all four sides, its front to the north
ISLAND = booth("I1", [8, 4, 12, 8], "N", ["N", "E", "S", "W"])
ISLAND_HALL = {"hall": {"outline": box(0, 0, 20, 12)}, "booths": [ISLAND]}

# a row of booths from y = 2 to 10 splits the hall; the south way past it has steps, the north way not
STEPS = box(8, 0, 12, 2)
SPLIT_ROW = booth("R1", [9, 2, 11, 10], "E")
SPLIT_TARGET = booth("T2", [16, 4, 19, 7], "W")


def split_hall(kind: str) -> dict[str, Any]:
    """The hall as the engine writes it into layout.json (and so the viewer's manifest gets it)."""
    hall = make_hall(20, 12, entrances=(Door((5, 0), 4),))
    hall = dataclasses.replace(hall, steps=(StepArea(kind, tuple((x, y) for x, y in STEPS)),))
    return {"hall": hall_document(hall), "booths": [SPLIT_ROW, SPLIT_TARGET]}


# a keep-clear strip across the whole hall: the far side cannot be reached
WALLED = {
    "hall": {"outline": box(0, 0, 20, 12), "keep_clear": [box(9, 0, 11, 12)]},
    "booths": [booth("T3", [15, 4, 18, 7], "W")],
}

SCENARIOS: dict[str, dict[str, Any]] = {
    "detour": {**DETOUR, "from": [3, 2], "to": "T1"},
    "detour_from_the_wall": {**DETOUR, "from": [0.1, 0.1], "to": "T1"},
    "island_from_the_east": {**ISLAND_HALL, "from": [18, 6], "to": "I1"},
    "island_from_the_north": {**ISLAND_HALL, "from": [10, 11], "to": "I1"},
    "island_from_the_east_front_only": {
        **ISLAND_HALL,
        "from": [18, 6],
        "to": "I1",
        "options": {"sidePenalty": 100},
    },
    "steps_any": {**split_hall("steps"), "from": [5, 1], "to": "T2"},
    "steps_step_free": {**split_hall("steps"), "from": [5, 1], "to": "T2", "options": {"stepFree": True}},
    "ramp_step_free": {**split_hall("ramp"), "from": [5, 1], "to": "T2", "options": {"stepFree": True}},
    "walled_off": {**WALLED, "from": [3, 6], "to": "T3"},
}

#: One node run: every scenario's route, a few grid probes, and the 700-booth timing.
SCRIPT = """
import { buildGrid, routeToBooth, walkableAt } from __MODULE__;
const scenarios = __SCENARIOS__;
const out = { routes: {}, probes: {} };
for ( const [ name, s ] of Object.entries( scenarios ) ) {
	const options = s.options || {};
	const grid = buildGrid( s.hall, s.booths, options );
	const target = s.booths.find( ( b ) => b.number === s.to );
	out.routes[ name ] = routeToBooth( grid, s.from, target, options );
}
// the hall spec's column grid form: 1 m columns every 10 m from (5, 5)
const grid = buildGrid( { outline: [ [ 0, 0 ], [ 20, 0 ], [ 20, 20 ], [ 0, 20 ] ],
	columns: { origin: [ 5, 5 ], spacing: [ 10, 10 ], size: 1 } }, [] );
for ( const p of [ [ 5, 5 ], [ 15, 15 ], [ 5.7, 5 ], [ 6.5, 5 ], [ 10, 10 ], [ 0.1, 10 ], [ 1, 10 ] ] ) {
	out.probes[ p.join( ',' ) ] = walkableAt( grid, p[ 0 ], p[ 1 ] );
}

// 700 booths of 3 x 3 m in double rows in a 144 x 90 m hall with a 36 x 27 m column grid
const hall = { outline: [ [ 0, 0 ], [ 144, 0 ], [ 144, 90 ], [ 0, 90 ] ],
	columns: { origin: [ 18, 18 ], spacing: [ 36, 27 ], size: 1 } };
const booths = [];
for ( let row = 0; row < 9 && booths.length < 700; row ++ ) {
	for ( let block = 0; block < 4; block ++ ) {
		for ( let k = 0; k < 20 && booths.length < 700; k ++ ) {
			const x = 6 + block * 33 + ( k % 10 ) * 3, y = 6 + row * 9 + ( k < 10 ? 0 : 3 );
			const front = k < 10 ? 'S' : 'N';
			booths.push( { number: `H${booths.length}`, rect: [ x, y, x + 3, y + 3 ], front } );
		}
	}
}
const t0 = performance.now();
const big = buildGrid( hall, booths );
const t1 = performance.now();
const times = [];
let found = 0;
for ( let i = 0; i < booths.length; i += 7 ) {
	const s = performance.now();
	if ( routeToBooth( big, [ 72, 2 ], booths[ i ] ) ) found ++;
	times.push( performance.now() - s );
}
times.sort( ( a, b ) => a - b );
out.big = { booths: booths.length, grid_ms: t1 - t0, routes: times.length, found,
	median_ms: times[ times.length >> 1 ], max_ms: times[ times.length - 1 ] };
console.log( JSON.stringify( out ) );
"""


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    script = SCRIPT.replace("__MODULE__", module_specifier("pathfind.js")).replace(
        "__SCENARIOS__", json.dumps(SCENARIOS)
    )
    parsed: dict[str, Any] = run_node(script, timeout=120)
    return parsed


def route_of(results: dict[str, Any], name: str) -> dict[str, Any]:
    route: dict[str, Any] | None = results["routes"][name]
    assert route is not None, f"no route in scenario {name!r}"
    return route


def samples(points: list[Point], step: float = 0.05) -> list[tuple[float, float]]:
    """Points every `step` m along the polyline, ends included."""
    out = [(points[0][0], points[0][1])]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        n = max(1, math.ceil(math.dist((ax, ay), (bx, by)) / step))
        out.extend((ax + (bx - ax) * k / n, ay + (by - ay) * k / n) for k in range(1, n + 1))
    return out


def distance_to_rect(rect: Rect, x: float, y: float) -> float:
    x0, y0, x1, y1 = rect
    return math.hypot(max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1))


def inside(polygon: list[Point], x: float, y: float) -> bool:
    result = False
    for (xi, yi), (xj, yj) in zip(polygon, polygon[-1:] + polygon[:-1], strict=True):
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            result = not result
    return result


def length(points: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


# routes


def test_the_route_goes_round_the_booths_and_ends_in_front_of_the_target(results: dict[str, Any]) -> None:
    route = route_of(results, "detour")
    points = route["points"]
    assert points[0] == [3, 2]
    assert points[-1] == pytest.approx([3.5, 9 - 1.2])  # 1.2 m out from the middle of the south front
    assert (route["side"], route["front"], route["facing"]) == ("S", [3.5, 9], [0, 1])
    assert route["distance"] == pytest.approx(length(points))
    # round the east end of the block (x = 14), not through it
    assert max(x for x, _ in points) > 14.3
    for x, y in samples(points):
        for rect in (DETOUR_BLOCK["rect"], DETOUR_TARGET["rect"]):
            assert distance_to_rect(rect, x, y) > 0.3, f"the route passes {rect} at {(x, y)}"
        assert math.dist((x, y), (17, 9)) > 0.5 + 0.3, f"the route passes the column at {(x, y)}"
        assert 0.3 < x < 19.7 and 0.3 < y < 11.7, f"the route leaves the hall at {(x, y)}"
    # smoothed into a few straight legs, and not much longer than the shortest way round the corner (14, 6)
    assert len(points) <= 5
    shortest = (
        math.dist((3, 2), (14.4, 3.6))
        + math.dist((14.4, 3.6), (14.4, 6.4))
        + math.dist((14.4, 6.4), (3.5, 7.8))
    )
    assert route["distance"] < shortest * 1.1  # the grid's 0.5 m cells keep it a little wider


def test_a_walker_standing_against_the_wall_still_gets_a_route(results: dict[str, Any]) -> None:
    route = route_of(results, "detour_from_the_wall")
    assert route["points"][0] == [0.1, 0.1]
    assert route["points"][-1] == pytest.approx([3.5, 7.8])


def test_an_island_is_approached_from_its_nearest_open_side(results: dict[str, Any]) -> None:
    east = route_of(results, "island_from_the_east")
    assert (east["side"], east["facing"]) == ("E", [-1, 0])
    assert east["points"] == [[18, 6], pytest.approx([13.2, 6])]
    assert east["distance"] == pytest.approx(4.8)
    north = route_of(results, "island_from_the_north")
    assert (north["side"], north["points"][-1]) == ("N", pytest.approx([10, 9.2]))


def test_the_front_wins_over_a_side_by_the_side_penalty(results: dict[str, Any]) -> None:
    route = route_of(results, "island_from_the_east_front_only")
    assert route["side"] == "N"
    assert route["points"][-1] == pytest.approx([10, 9.2])
    for x, y in samples(route["points"]):
        assert distance_to_rect(ISLAND["rect"], x, y) > 0.3


def test_a_step_free_route_avoids_steps_and_takes_the_long_way(results: dict[str, Any]) -> None:
    any_way = route_of(results, "steps_any")
    step_free = route_of(results, "steps_step_free")
    assert any(inside(STEPS, x, y) for x, y in samples(any_way["points"])), "the short way is over the steps"
    assert not any(inside(STEPS, x, y) for x, y in samples(step_free["points"]))
    assert max(y for _, y in step_free["points"]) > 10, "the step-free way is round the north end of the row"
    assert step_free["distance"] > any_way["distance"] + 4
    for route in (any_way, step_free):
        assert route["points"][-1] == pytest.approx([16 - 1.2, 5.5])
        for x, y in samples(route["points"]):
            assert distance_to_rect(SPLIT_ROW["rect"], x, y) > 0.3


def test_a_ramp_is_step_free(results: dict[str, Any]) -> None:
    ramp, steps = route_of(results, "ramp_step_free"), route_of(results, "steps_any")
    assert ramp["distance"] == pytest.approx(steps["distance"])


def test_an_unreachable_booth_has_no_route(results: dict[str, Any]) -> None:
    assert results["routes"]["walled_off"] is None


# grid


def test_columns_in_the_grid_form_are_obstacles(results: dict[str, Any]) -> None:
    assert results["probes"] == {
        "5,5": False,  # a column
        "15,15": False,
        "5.7,5": False,  # 0.2 m from its face: within the clearance
        "6.5,5": True,
        "10,10": True,
        "0.1,10": False,  # against the hall's wall
        "1,10": True,
    }


def test_a_700_booth_hall_routes_every_booth(results: dict[str, Any]) -> None:
    big = results["big"]
    assert big["booths"] == 700
    assert big["found"] == big["routes"] == 100
    # figures for the record (run with -s): no timed assertion
    print(
        f"\n700-booth 144 x 90 m hall: grid {big['grid_ms']:.1f} ms, "
        f"route median {big['median_ms']:.1f} ms, slowest {big['max_ms']:.1f} ms"
    )
