"""The sheet both SVG and PDF draw: scale, placement in millimetres, legend, doors and title block."""

from __future__ import annotations

import dataclasses
import doctest

import pytest

from halllayout.model import Door, Layout, Vacancy
from halllayout.palette import ZONE_CARPETS, tint
from halllayout.plan import sheet as sheet_module
from halllayout.plan.sheet import (
    BOOTH_TINT,
    VACANT_EDGE,
    WHITE,
    Rect,
    Shape,
    Style,
    Text,
    choose_scale,
    hall_sheet,
    hatch_lines,
    outward_normal,
    scale_bar_length,
)

CJK_NAME = "深圳市华为技术有限公司"  # booth A01 of the layout fixture (conftest.py)


def texts(layout: Layout, hall_id: str, group: str) -> list[str]:
    sheet = hall_sheet(layout, hall_id)
    (found,) = [g for g in sheet.groups if g.name == group]
    return [item.text for item in found.items if isinstance(item, Text)]


def items(layout: Layout, hall_id: str, group: str) -> tuple[Rect | Shape | Text, ...]:
    (found,) = [g for g in hall_sheet(layout, hall_id).groups if g.name == group]
    return found.items


def test_the_largest_standard_scale_that_fits_is_chosen() -> None:
    assert choose_scale(20, 12, 304, 259) == 100
    assert choose_scale(144, 90, 304, 259) == 500
    assert choose_scale(30.4, 10, 304, 259) == 100
    assert choose_scale(30.5, 10, 304, 259) == 125


def test_scale_bar_lengths_are_round() -> None:
    assert scale_bar_length(10, 60) == 5.0
    assert scale_bar_length(2, 60) == 20.0
    assert scale_bar_length(1, 49) == 20.0


def test_a_hall_of_20_by_12_m_is_drawn_at_1_to_100_centred_in_its_area(layout: Layout) -> None:
    # A3: drawing area 304 × 259 mm inside margins and door room, from (19, 19); 200 × 120 mm centred
    booths = items(layout, "A", "booths")
    assert [(b.x, b.y, b.w, b.h) for b in booths if isinstance(b, Rect)] == [
        (91.0, 158.5, 30.0, 30.0),
        (121.0, 158.5, 30.0, 30.0),
        (176.0, 108.5, 55.0, 40.0),
    ]
    (outline,) = items(layout, "A", "walls")
    assert isinstance(outline, Shape)
    assert outline.points == ((71.0, 208.5), (271.0, 208.5), (271.0, 88.5), (71.0, 88.5))


def test_booths_are_filled_with_their_zone_colour_the_same_in_every_hall(layout: Layout) -> None:
    food, tech, _ = items(layout, "A", "booths")
    (tech_in_b,) = items(layout, "B", "booths")
    assert isinstance(food, Rect) and isinstance(tech, Rect) and isinstance(tech_in_b, Rect)
    assert food.style.fill == tint(ZONE_CARPETS[0], BOOTH_TINT)
    assert tech.style.fill == tint(ZONE_CARPETS[1], BOOTH_TINT)
    # Tech is hall B's first zone, but the fair met Food first: it keeps the fair's second colour
    assert tech_in_b.style.fill == tech.style.fill
    assert food.title == f"A01 {CJK_NAME}"


def test_booth_labels_hold_every_number_and_the_names(layout: Layout) -> None:
    labels = texts(layout, "A", "booth-labels")
    assert {"A01", "A02", "A03"} <= set(labels)
    assert CJK_NAME in "".join(labels)
    assert "<img src=x" in " ".join(labels)


def test_the_legend_counts_this_halls_booths_per_zone(layout: Layout) -> None:
    legend = texts(layout, "A", "legend")
    assert legend[:7] == ["Zones", "Food", "2", "Tech", "1", "Entrance", "Exit"]
    assert legend[7:] == ["Column", "Keep clear", "Main aisle"]
    assert texts(layout, "B", "legend") == ["Zones", "Tech", "1", "Entrance"]


def test_the_title_block_names_fair_hall_count_and_scale(layout: Layout) -> None:
    assert texts(layout, "A", "title-block") == [
        "Spring Fair 春季展",
        "Hall A",
        "3 booths",
        "Scale 1:100 on A3 · metres",
    ]
    assert texts(layout, "B", "title-block")[2] == "1 booth"


def test_doors_are_labelled_outside_the_wall_along_it(layout: Layout) -> None:
    labels = [i for i in items(layout, "A", "doors") if isinstance(i, Text)]
    assert [(t.text, t.angle) for t in labels] == [("South Gate", 0.0), ("Exit", 90.0)]
    south, east = labels
    assert south.x == pytest.approx(171.0)
    assert south.y > 208.5  # below the south wall
    assert east.x > 271.0  # right of the east wall


def test_outward_normal_of_each_wall() -> None:
    ccw = ((0.0, 0.0), (10.0, 0.0), (10.0, 6.0), (0.0, 6.0))
    assert outward_normal(ccw, Door((5, 0), 2)) == ((1.0, 0.0), (0.0, -1.0))
    assert outward_normal(ccw, Door((10, 3), 2)) == ((0.0, 1.0), (1.0, -0.0))
    assert outward_normal(ccw, Door((0, 3), 2))[1] == (-1.0, 0.0)
    cw = tuple(reversed(ccw))
    assert outward_normal(cw, Door((5, 0), 2))[1] == (-0.0, -1.0)


def test_keep_clear_areas_are_outlined_and_hatched_inside(layout: Layout) -> None:
    outline, *hatch = items(layout, "A", "keep-clear")
    assert isinstance(outline, Shape) and outline.closed
    assert hatch and all(isinstance(h, Shape) and not h.closed for h in hatch)
    xs = [x for h in hatch if isinstance(h, Shape) for x, _ in h.points]
    assert min(xs) >= 231.0 - 1e-9 and max(xs) <= 261.0 + 1e-9


def test_hatch_lines_are_clipped_to_the_polygon() -> None:
    lines = hatch_lines(((0, 0), (4, 0), (4, 4), (0, 4)), 2.0)
    assert lines == [((0.0, 2.0), (2.0, 0.0)), ((0.0, 4.0), (4.0, 0.0)), ((2.0, 4.0), (4.0, 2.0))]


def test_pages_scale_the_same_drawing(layout: Layout) -> None:
    a4 = hall_sheet(layout, "A", "A4")
    a1 = hall_sheet(layout, "A", "A1")
    assert (a4.width, a4.height) == (297.0, 210.0)
    assert (a1.width, a1.height) == (841.0, 594.0)
    (a4_title,) = [g for g in a4.groups if g.name == "title-block"]
    assert [i.text for i in a4_title.items if isinstance(i, Text)][3] == "Scale 1:125 on A4 · metres"


def test_unknown_hall_and_page_are_refused(layout: Layout) -> None:
    with pytest.raises(ValueError, match='no hall "Z" in fair "Spring Fair 春季展" \\(halls: A, B, C\\)'):
        hall_sheet(layout, "Z")
    with pytest.raises(ValueError, match='page must be one of A0, A1, A2, A3, A4, got "Letter"'):
        hall_sheet(layout, "A", "Letter")


def test_docstring_examples() -> None:
    result = doctest.testmod(sheet_module)
    assert result.attempted > 0
    assert result.failed == 0


def test_vacant_booth_spots_are_drawn_white_outlined_and_labelled_with_a_legend_entry(layout: Layout) -> None:
    spots = (Vacancy("A", 12.0, 1.0, 15.0, 4.0, "S", "A05"), Vacancy("A", 15.0, 1.0, 18.0, 4.0, "S"))
    plan = dataclasses.replace(layout, vacant=spots)
    drawn = items(plan, "A", "vacant")
    assert all(isinstance(r, Rect) and r.style == Style(WHITE, VACANT_EDGE, 0.2) for r in drawn)
    # 1:100 from (71, 88.5) at (0, 12): 10 mm a metre, y down
    assert [(r.x, r.y, r.w, r.h, r.title) for r in drawn if isinstance(r, Rect)] == [
        (191.0, 168.5, 30.0, 30.0, "A05 vacant"),
        (221.0, 168.5, 30.0, 30.0, "vacant"),
    ]
    assert texts(plan, "A", "vacant-labels") == ["A05", "vacant", "vacant"]
    assert texts(plan, "A", "legend")[-1] == "Vacant booth spot"
    # hall B has none: neither spots nor the legend entry
    assert items(plan, "B", "vacant") == () and "Vacant booth spot" not in texts(plan, "B", "legend")
