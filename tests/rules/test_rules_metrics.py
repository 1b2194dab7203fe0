"""halllayout.rules.metrics: the organiser's figures, measured from the geometry."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rules_layouts import aisle, booth, geometry, hall, layout, small_hall

from halllayout.model import BoothRequest, Column, Layout, PlacedBooth, Unplaced, Vacancy
from halllayout.rules import check
from halllayout.rules.metrics import measure, open_sides, zone_groups


def with_request(b: PlacedBooth, **fields: Any) -> PlacedBooth:
    """`b` with its request changed."""
    return replace(b, request=replace(b.request, **fields))


def figures(lay: Layout) -> dict[str, Any]:
    return measure(lay, check(lay))


def test_booths_placed_and_requested_count_the_unplaced() -> None:
    h, booths, aisles = small_hall()
    lost = [Unplaced(BoothRequest("x", "X", 30, 30), "too large for every hall")] * 2
    assert figures(layout(h, booths, aisles, lost))["booths"] == {
        "placed": 18,
        "requested": 20,
        "unplaced": 2,
    }


def test_net_and_gross_area_per_hall_and_for_the_fair() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    result = figures(layout([a, b], [*booths_a, *booths_b[:6]], [*aisles_a, *aisles_b]))
    assert result["area"] == {"net": 216.0, "gross": 1080.0, "net_to_gross": 0.2}
    halls = result["halls"]
    assert isinstance(halls, list)
    assert [(h["hall"], h["booths"], h["net_area"], h["gross_area"], h["net_to_gross"]) for h in halls] == [
        ("A", 18, 162.0, 540.0, 0.3),
        ("B", 6, 54.0, 540.0, 0.1),
    ]


def test_vacant_booth_spots_are_counted_with_their_area_for_the_fair_and_by_hall() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    # two booths of hall A's south row gone, their spots left vacant, one with its number
    gone = booths_a[1:3]
    vacant = (
        Vacancy("A", gone[0].x0, gone[0].y0, gone[0].x1, gone[0].y1, "S", gone[0].number),
        Vacancy("A", gone[1].x0, gone[1].y0, gone[1].x1 + 1.5, gone[1].y1, "S"),
    )
    plan = replace(
        layout([a, b], [booths_a[0], *booths_a[3:], *booths_b], [*aisles_a, *aisles_b]), vacant=vacant
    )
    result = figures(plan)
    assert result["vacant"] == {"spots": 2, "area": 22.5}
    assert [(h["hall"], h["vacant"]) for h in result["halls"]] == [("A", 2), ("B", 0)]


def test_the_worst_travel_distance_of_each_hall_comes_from_the_report() -> None:
    h, booths, aisles = small_hall()
    plan = layout(h, booths, aisles)
    halls = figures(plan)["halls"]
    assert isinstance(halls, list)
    travel = next(r for r in check(plan).results if r.rule == "travel_distance")
    assert travel.measured is not None
    assert halls[0]["worst_travel_distance"] == round(travel.measured, 3)
    assert 15 < halls[0]["worst_travel_distance"] < 22.5  # the natural path cuts the centre line's corners


def test_a_zone_in_two_places_counts_once_split() -> None:
    h, booths, aisles = small_hall()
    zones = {0: "Food", 17: "Food", 1: "Tech", 2: "Tech", 4: "Tech"}  # A1 west, A18 far east; A2 A3 A5
    booths = [with_request(b, zone=zones.get(k, "")) for k, b in enumerate(booths)]
    assert zone_groups(geometry(h, booths, aisles)) == {"Food": 2, "Tech": 1}
    assert figures(layout(h, booths, aisles))["zones_split"] == {
        "count": 1,
        "zones": [{"hall": "A", "zone": "Food", "groups": 2}],
    }


def test_a_zone_in_two_halls_counts_the_halls_beyond_the_first_with_its_booths_in_each() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    zones = {0: "Food", 1: "Food", 2: "Tech", 18: "Food", 19: "Wood", 20: "Wood"}  # A1 A2, A3, B1, B2 B3
    booths = [with_request(x, zone=zones.get(k, "")) for k, x in enumerate([*booths_a, *booths_b])]
    result = figures(layout([a, b], booths, [*aisles_a, *aisles_b]))
    assert result["zones_across_halls"] == {
        "count": 1,
        "zones": [{"zone": "Food", "halls": {"A": 2, "B": 1}}],
    }
    assert result["zones_split"]["count"] == 0  # one group in each hall


def test_a_zone_across_an_aisle_is_one_group() -> None:
    h, booths, aisles = small_hall()
    booths = [
        with_request(b, zone="Food" if k in (3, 6) else "") for k, b in enumerate(booths)
    ]  # A4 faces A7
    assert zone_groups(geometry(h, booths, aisles)) == {"Food": 1}


def test_open_sides_are_free_strips_inside_the_walls() -> None:
    h, booths, aisles = small_hall()
    # A1 corner of a double row; A2 between A1 and A3; A8 mid single row; A10 beside the main aisle
    assert open_sides(geometry(h, booths, aisles))[[0, 1, 7, 9]].tolist() == [2, 1, 2, 2]


def test_a_column_or_the_wall_closes_a_side() -> None:
    h = hall(20, 12, columns=(Column((10, 2.5), 1), Column((16, 0.5), 1)))
    booths = [
        booth("A1", 0, 3, 3, 6),
        booth("A2", 9, 3, 12, 6),
        booth("A3", 12, 8, 15, 11),
        booth("A4", 15.5, 3, 17, 6),
    ]
    assert open_sides(geometry(h, booths, [aisle(0, 0, 20, 3)])).tolist() == [3, 3, 3, 4]
    # A1: west is the wall; A2: a column stands against its south side; A3: north strip runs 2 m
    # through the wall; A4: the column 2 m across the aisle in front of it leaves its south side open


def test_booth_types_missing_open_sides_are_listed() -> None:
    h, booths, aisles = small_hall()
    types = {0: "corner", 1: "corner", 7: "island", 9: "peninsula", 4: "raw"}
    booths = [with_request(b, type=types.get(k, "standard")) for k, b in enumerate(booths)]
    assert figures(layout(h, booths, aisles))["types"] == {
        "honoured": 15,
        "total": 18,
        "failures": [
            {"booth": "A2", "type": "corner", "open_sides": 1, "needs": 2},
            {"booth": "A8", "type": "island", "open_sides": 2, "needs": 4},
            {"booth": "A10", "type": "peninsula", "open_sides": 2, "needs": 3},
        ],
    }


def test_keep_apart_pairs_honoured_across_the_fair() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    booths_a = [
        with_request(booths_a[0], keep_apart=("a2", "a18", "b1")),  # A2 beside; A18 far; B1 in hall B
        with_request(booths_a[1], keep_apart=("a1",)),  # the same pair named back
        *booths_a[2:],
    ]
    result = figures(layout([a, b], [*booths_a, *booths_b], [*aisles_a, *aisles_b]))
    assert result["keep_apart"] == {"honoured": 2, "total": 3}


def test_sponsors_facing_a_main_aisle_are_counted() -> None:
    h, booths, aisles = small_hall()
    tiers = {0: "gold", 2: "platinum", 9: "gold", 4: "silver"}  # A3 and A10 stand on the main aisle
    booths = [with_request(b, tier=tiers.get(k, "")) for k, b in enumerate(booths)]
    assert figures(layout(h, booths, aisles))["sponsors"] == {
        "on_main_aisle": 2,
        "total": 3,
        "elsewhere": ["A1"],
    }


def test_the_figures_are_plain_json() -> None:
    import json

    h, booths, aisles = small_hall()
    result = figures(layout(h, booths, aisles))
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert list(result) == [
        "booths",
        "area",
        "vacant",
        "zones_split",
        "zones_across_halls",
        "types",
        "keep_apart",
        "sponsors",
        "halls",
    ]


@pytest.mark.parametrize("count", [0, 1])
def test_an_empty_hall_measures_without_error(count: int) -> None:
    h, booths, aisles = small_hall()
    result = figures(layout(h, booths[:count], aisles))
    assert result["booths"] == {"placed": count, "requested": count, "unplaced": 0}
