"""The plan editor's geometry (viewer/src/planedit.js), run under node: snapping, overlaps, rects in a
hall's outline, and what a booth's new spot means (refused, on an aisle, or fine)."""

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
