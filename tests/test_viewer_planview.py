"""The plan editor's view (viewer/src/planview.js), run under node: the screen ↔ plan transform of a zoomed
viewBox, zooming about a point, keeping the hall in sight, and the size of booth labels on screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.viewer_node import module_specifier, run_node

#: A 40 × 20 m hall (plan y north): its fitted view with a 1 m margin, SVG y = −plan y.
OUTLINE = [[0, 0], [40, 0], [40, 20], [0, 20]]
FIT = [-1, -21, 42, 22]


def run(expression: str) -> Any:
    script = (
        f"import * as m from {module_specifier('planview.js')};\n"
        f"const FIT = {FIT!r};\n"
        f"console.log(JSON.stringify({expression}));"
    ).replace("'", '"')
    return run_node(script)


def test_fit_box_is_the_outline_and_its_margin_in_svg_units() -> None:
    assert run(f"m.fitBox({OUTLINE})") == FIT


def test_screen_and_plan_go_both_ways_letterboxed() -> None:
    # 840 × 880 px: 20 px per metre across, 440 px tall drawing centred vertically (220 px above and below)
    assert run("m.meetTransform(FIT, [840, 880])") == {"scale": 20, "dx": 20, "dy": 640}
    assert run("m.screenToPlan(FIT, [840, 880], [20, 640])") == [0, 0]
    assert run("m.screenToPlan(FIT, [840, 880], [820, 240])") == [40, 20]
    assert run("m.planToScreen(FIT, [840, 880], [10, 5])") == [220, 540]


def test_screen_and_plan_at_a_zoom() -> None:
    box = [9, -16, 10.5, 5.5]  # 4 × zoomed in on (14.25, 13.25)
    assert run(f"m.screenToPlan({box}, [840, 440], [420, 220])") == [14.25, 13.25]
    assert run(f"m.planToScreen({box}, [840, 440], [10, 10])") == [80, 480]


def test_zoom_keeps_the_point_under_the_pointer() -> None:
    assert run("m.zoomBox(FIT, 2, [10, 5], FIT)") == [4.5, -13, 21, 11]
    # the point keeps its screen spot: the same px before and after
    before = run("m.planToScreen(FIT, [840, 440], [10, 5])")
    after = run("m.planToScreen(m.zoomBox(FIT, 2, [10, 5], FIT), [840, 440], [10, 5])")
    assert after == pytest.approx(before)


def test_zoom_stops_at_the_narrowest_view_and_at_the_whole_hall() -> None:
    assert run("m.zoomBox(FIT, 1000, [20, 10], FIT)[2]") == pytest.approx(6)  # MIN_VIEW_M
    assert run("m.zoomBox([10, -15, 21, 11], 0.1, [20, 10], FIT)") == FIT


def test_clamp_keeps_the_view_centre_on_the_hall() -> None:
    assert run("m.clampBox([100, -11, 21, 11], FIT)") == [30.5, -11, 21, 11]
    assert run("m.showRect([0, -21, 21, 11], [3, 12, 6, 15], FIT)") == [0, -21, 21, 11]  # already in sight
    assert run("m.showRect([0, -21, 21, 11], [30, 0, 33, 3], FIT)") == [21, -7, 21, 11]  # centred on it


@pytest.mark.parametrize(
    ("width", "depth", "px"),
    [
        (200, 100, 13),  # room to spare: the full size
        (40, 100, 40 * 0.9 / (0.62 * 5)),  # narrow: smaller
        (20, 100, 0),  # too narrow to read: hidden
        (200, 12, 0),  # too shallow: hidden
    ],
)
def test_label_px(width: float, depth: float, px: float) -> None:
    assert run(f"m.labelPx(5, {width}, {depth})") == pytest.approx(px)


def test_pan_moves_the_view_against_the_drag() -> None:
    # dragging 40 px right and 20 px down at 20 px per metre shows what was 2 m west and 1 m north
    assert run("m.panBox([10, -15, 21, 11], 40, 20, 20)") == [8, -16, 21, 11]
