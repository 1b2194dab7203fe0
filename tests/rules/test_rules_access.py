"""halllayout.rules.access: booths on aisles, distance from booth points to the nearest aisle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rules_layouts import aisle, booth, geometry, hall

from halllayout.model import Rules
from halllayout.rules.access import booth_on_aisle, distance_to_aisle, farthest_from_aisles, sample_points


def test_a_booth_with_a_whole_side_on_an_aisle_passes() -> None:
    result = booth_on_aisle(geometry(hall(), [booth("A1", 0, 3, 3, 6)], [aisle(0, 0, 20, 3)]))
    assert result.passed
    assert (result.limit, result.measured) == (0.5, 1.0)


def test_a_booth_with_a_third_of_a_side_on_an_aisle_fails() -> None:
    booths = [booth("A1", 0, 3, 3, 6), booth("A2", 4, 3, 7, 6)]
    result = booth_on_aisle(geometry(hall(), booths, [aisle(0, 0, 5, 3)]))
    assert not result.passed
    assert result.measured == pytest.approx(1 / 3)
    assert result.offenders == ("A2",)


def test_a_booth_near_an_aisle_but_off_it_has_no_share() -> None:
    booths = [booth("A1", 0, 3, 3, 6), booth("A3", 10, 5, 13, 8)]
    result = booth_on_aisle(geometry(hall(), booths, [aisle(0, 0, 20, 3)]))
    assert result.offenders == ("A3",)
    assert result.measured == 0.0


def test_a_booth_is_on_an_aisle_pieced_from_two_rectangles() -> None:
    result = booth_on_aisle(
        geometry(hall(), [booth("A1", 0, 3, 4, 6)], [aisle(0, 0, 1.5, 3), aisle(1.5, 0, 10, 3)])
    )
    assert result.passed and result.measured == 1.0


def test_booths_in_a_hall_without_aisles_are_all_off_an_aisle() -> None:
    result = booth_on_aisle(geometry(hall(), [booth("A1", 0, 3, 3, 6)]))
    assert result.offenders == ("A1",) and result.measured == 0.0


def test_sample_points_cover_each_booth_at_most_a_metre_apart_with_its_corners() -> None:
    points, owner = sample_points(np.array([[0.0, 0.0, 2.5, 1.0], [5.0, 5.0, 6.0, 6.0]]))
    assert owner.tolist() == [0] * 8 + [1] * 4
    first = points[owner == 0]
    assert sorted(set(first[:, 0].tolist())) == pytest.approx([0, 2.5 / 3, 5 / 3, 2.5])
    assert sorted(set(first[:, 1].tolist())) == [0, 1]
    assert points[owner == 1].tolist() == [[5, 5], [6, 5], [5, 6], [6, 6]]


def test_the_farthest_point_of_a_deep_booth_sets_its_distance() -> None:
    g = geometry(hall(40, 40), [booth("A1", 0, 3, 3, 23), booth("A2", 10, 3, 13, 6)], [aisle(0, 0, 40, 3)])
    assert farthest_from_aisles(g).tolist() == pytest.approx([20.0, 3.0])


def test_the_nearest_of_several_aisles_counts() -> None:
    aisles = [aisle(0, 0, 40, 3), aisle(0, 19, 40, 22), aisle(30, 3, 33, 19)]
    g = geometry(hall(40, 40), [booth("A1", 0, 3, 6, 19), booth("A2", 24, 3, 30, 19)], aisles)
    assert farthest_from_aisles(g).tolist() == pytest.approx([8.0, 6.0])


def test_a_booth_far_off_in_a_corner_measures_to_the_corner_of_an_aisle() -> None:
    g = geometry(hall(40, 40), [booth("A1", 10, 10, 12, 12)], [aisle(0, 0, 6, 3)])
    assert farthest_from_aisles(g).tolist() == pytest.approx([math.hypot(6, 9)])


def test_a_booth_reaching_past_the_limit_fails() -> None:
    g = geometry(hall(40, 40), [booth("A1", 0, 3, 3, 23), booth("A2", 10, 3, 13, 18)], [aisle(0, 0, 40, 3)])
    result = distance_to_aisle(g)
    assert not result.passed
    assert result.limit == 15
    assert result.measured == pytest.approx(20.0)
    assert result.offenders == ("A1",)


def test_a_booth_reaching_exactly_the_limit_passes() -> None:
    g = geometry(hall(40, 40), [booth("A2", 10, 3, 13, 18)], [aisle(0, 0, 40, 3)])
    result = distance_to_aisle(g)
    assert result.passed and result.measured == pytest.approx(15.0)


def test_the_limit_is_the_halls_own() -> None:
    h = hall(40, 40, rules=Rules(max_distance_to_aisle=10))
    result = distance_to_aisle(geometry(h, [booth("A2", 10, 3, 13, 18)], [aisle(0, 0, 40, 3)]))
    assert not result.passed and result.limit == 10


def test_without_aisles_every_booth_is_infinitely_far() -> None:
    result = distance_to_aisle(geometry(hall(), [booth("A1", 0, 3, 3, 6)]))
    assert not result.passed and result.measured == math.inf


def test_measuring_only_the_nearby_aisles_agrees_with_measuring_them_all() -> None:
    rng = np.random.default_rng(7)
    corners = rng.uniform(0, 90, size=(40, 2))
    sizes = rng.uniform(1, 12, size=(40, 2))
    booths = [
        booth(f"A{k}", x, y, x + w, y + d)
        for k, ((x, y), (w, d)) in enumerate(zip(corners, sizes, strict=True))
    ]
    starts = rng.uniform(0, 90, size=(12, 2))
    aisles = [
        aisle(x, y, x + 20, y + 3) if k % 2 else aisle(x, y, x + 3, y + 20) for k, (x, y) in enumerate(starts)
    ]
    g = geometry(hall(100, 100), booths, aisles)
    points, owner = sample_points(g.rects)
    a = g.aisle_rects
    dx = np.maximum(np.maximum(a[None, :, 0] - points[:, :1], points[:, :1] - a[None, :, 2]), 0)
    dy = np.maximum(np.maximum(a[None, :, 1] - points[:, 1:], points[:, 1:] - a[None, :, 3]), 0)
    every = np.hypot(dx, dy).min(axis=1)
    expected = [every[owner == k].max() for k in range(len(booths))]
    assert farthest_from_aisles(g).tolist() == pytest.approx(expected)
