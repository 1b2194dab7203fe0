"""The plan editor's geometry (viewer/src/planedit.js, with plansnap.js's snapping that it re-exports), run
under node: snapping to the grid and to edges, overlaps, rects in a hall's outline, and what a booth's new
spot means (refused, on an aisle, or fine)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.viewer_node import module_specifier, run_node

#: An L-shaped hall: 20 × 10 m with the north-east 10 × 5 m cut away; a column at (5, 5), an aisle x 12..14.
HALL = {
    "outline": [[0, 0], [20, 0], [20, 5], [10, 5], [10, 10], [0, 10]],
    "columns": [{"at": [5, 5], "size": 1}],
    "aisles": [{"kind": "main", "polygon": [[12, 0], [14, 0], [14, 5], [12, 5]]}],
}
OTHERS = [{"number": "A0102", "rect": [0, 0, 3, 3]}]


def run(expression: str) -> Any:
    script = (
        f"import * as m from {module_specifier('planedit.js')};\n"
        f"const HALL = {HALL!r}; const OTHERS = {OTHERS!r};\n"
        f"console.log(JSON.stringify({expression}));"
    ).replace("'", '"')
    return run_node(script)


def test_snap_and_moved_rect_keep_the_size_on_the_half_metre_grid() -> None:
    assert run("[m.snap(1.26), m.snap(1.24), m.snap(-0.3)]") == [1.5, 1.0, -0.5]
    assert run("m.movedRect([63, 81, 66, 84], 2.3, -1.1)") == [65.5, 80, 68.5, 83]


def test_rects_that_touch_do_not_overlap() -> None:
    assert run("[m.rectsOverlap([0,0,3,3],[3,0,6,3]), m.rectsOverlap([0,0,3,3],[2.5,2.5,6,6])]") == [
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("rect", "inside"),
    [
        ([0, 0, 3, 3], True),  # in the corner, touching two walls
        ([7, 7, 10, 10], True),  # touching the inner corner's walls
        ([9, 4, 12, 7], False),  # one corner in the cut-away part
        ([8, 3, 11, 6], False),  # the inner corner (10, 5) pokes into it
        ([18, 0, 21, 3], False),  # through the east wall
    ],
)
def test_rect_in_polygon_sees_walls_and_the_inner_corner(rect: list[float], inside: bool) -> None:
    assert run(f"m.rectInPolygon({rect}, HALL.outline)") is inside


@pytest.mark.parametrize(
    ("rect", "code"),
    [
        ([0, 3, 3, 6], {"code": "ok"}),
        ([2, 2, 5, 5], {"code": "overlap", "with": "A0102"}),
        ([4, 4, 7, 7], {"code": "column"}),
        ([11, 0, 14, 3], {"code": "aisle"}),
        ([15, 4, 18, 7], {"code": "outside"}),
        ([14, 0, 17, 3], {"code": "ok"}),  # beside the aisle
    ],
)
def test_check_placement(rect: list[float], code: dict[str, str]) -> None:
    assert run(f"m.checkPlacement({rect}, HALL, OTHERS)") == code


def test_same_size_either_way_round() -> None:
    assert run("[m.sameSize([0,0,3,6],[10,10,16,13]), m.sameSize([0,0,3,3],[0,0,3,4])]") == [True, False]


#: Edges to snap to: a booth at x 10..13, y 0..3, and a 20 × 10 m hall's walls.
EDGES = "m.edgesOf([[10, 0, 13, 3]], [[[0, 0], [20, 0], [20, 10], [0, 10]]])"


def test_edges_of_rects_and_polygons_leave_out_slanted_edges() -> None:
    assert run("m.edgesOf([[1, 2, 4, 5]], [[[0, 0], [6, 0], [3, 4]]])") == {
        "xs": [[1, 2, 5], [4, 2, 5]],
        "ys": [[2, 1, 4], [5, 1, 4], [0, 0, 6]],
    }


@pytest.mark.parametrize(
    ("dx", "dy", "rect"),
    [
        (6.8, 0.1, [7, 0, 10, 3]),  # east side 0.2 m short of the booth: touches it; south onto the wall
        (9.7, 0.2, [10, 0, 13, 3]),  # west side 0.3 m short of the booth's west side: lined up with it
        (16.7, 7.2, [17, 7, 20, 10]),  # into the north-east corner, both sides onto the walls
        (5.2, 5.1, [5, 5, 8, 8]),  # 2 m north of the booth: not beside it, so the 0.5 m grid
        (6.45, 4.0, [6.5, 4, 9.5, 7]),  # 1 m north of it: beyond 0.4 m, the grid too
    ],
)
def test_snapped_rect_takes_the_nearest_edge_beside_it_else_the_grid(
    dx: float, dy: float, rect: list[float]
) -> None:
    assert run(f"m.snappedRect([0, 0, 3, 3], {dx}, {dy}, {EDGES})") == rect


def test_snapped_rect_edge_nearer_than_the_grid_point_wins() -> None:
    # a neighbour's side at x = 10.2 (off the grid): a side 0.15 m from it snaps there, not to 10.0 or 10.5
    edges = "m.edgesOf([[10.2, 0, 13.2, 3]])"
    assert run(f"m.snappedRect([0, 0, 3, 3], 7.05, 0, {edges})") == [7.2, 0, 10.2, 3]
    assert run(f"m.snappedRect([0, 0, 3, 3], 7.05, 0, {edges}, 0.1)") == [7, 0, 10, 3]
