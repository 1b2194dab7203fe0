"""halllayout.rules.geometry: normals, clear areas, intervals, components, contacts, booth pairs."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from rules_layouts import aisle, booth, geometry, hall

from halllayout.model import Column, Door
from halllayout.rules.geometry import (
    Walls,
    clear_area,
    components,
    covered_length,
    facing,
    inward_normal,
    number_key,
    pairs_within,
)

L_SHAPE = ((0, 0), (96, 0), (96, 48), (48, 48), (48, 84), (0, 84))


def test_inward_normal_points_into_the_hall_from_each_wall() -> None:
    outline = hall(20, 12).outline
    assert inward_normal(outline, (10, 0)) == (0, 1)
    assert inward_normal(outline, (10, 12)) == (0, -1)
    assert inward_normal(outline, (0, 6)) == (1, 0)
    assert inward_normal(outline, (20, 6)) == (-1, 0)


def test_inward_normal_on_the_inner_walls_of_an_l_shaped_hall() -> None:
    assert inward_normal(L_SHAPE, (72, 48)) == (0, -1)
    assert inward_normal(L_SHAPE, (48, 66)) == (-1, 0)


def test_inward_normal_refuses_an_outline_without_edges() -> None:
    with pytest.raises(ValueError, match="no edge of positive length"):
        inward_normal(((1, 1), (1, 1)), (1, 1))


def test_clear_area_is_the_door_wide_and_the_depth_deep() -> None:
    outline = hall(20, 12).outline
    assert clear_area(outline, Door((10, 0), 2), 4).bounds == (9, 0, 11, 4)
    assert clear_area(outline, Door((20, 6), 3), 2.5).bounds == (17.5, 4.5, 20, 7.5)


def test_covered_length_counts_overlapping_intervals_once_per_group() -> None:
    group = np.array([0, 0, 0, 2])
    lo = np.array([0.0, 1.0, 5.0, 3.0])
    hi = np.array([2.0, 1.5, 6.0, 4.0])
    assert covered_length(group, lo, hi, 3).tolist() == [3.0, 0.0, 1.0]
    assert covered_length(np.empty(0, dtype=np.intp), np.empty(0), np.empty(0), 2).tolist() == [0.0, 0.0]


def test_components_join_chains_and_leave_loners_alone() -> None:
    labels = components(6, np.array([4, 3, 2]), np.array([5, 4, 0]))
    assert labels.tolist() == [0, 1, 0, 2, 2, 2]
    assert components(3, np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)).tolist() == [0, 1, 2]


def test_pairs_within_finds_rectangles_touching_or_close() -> None:
    a = np.array([[0.0, 0.0, 3.0, 3.0], [10.0, 0.0, 13.0, 3.0]])
    b = np.array([[3.0, 0.0, 6.0, 3.0], [3.5, 0.0, 6.0, 3.0]])
    assert [x.tolist() for x in pairs_within(a, b, 0.001)] == [[0], [0]]
    assert [x.tolist() for x in pairs_within(a, b, 0.5)] == [[0, 0], [0, 1]]


def test_facing_needs_an_overlap_of_the_projections() -> None:
    a = np.array([[0.0, 0.0, 3.0, 3.0]] * 5)
    b = np.array(
        [
            [0.0, 9.0, 3.0, 12.0],  # straight across 6 m
            [0.0, 9.5, 3.0, 12.5],  # 6.5 m
            [3.0, 9.0, 6.0, 12.0],  # 6 m, but only a corner in line
            [3.0, 1.0, 6.0, 2.0],  # side by side
            [1.0, 3.5, 4.0, 6.5],  # half a metre across
        ]
    )
    assert facing(a, b, 6).tolist() == [True, False, False, True, True]
    assert facing(a, b, 0).tolist() == [False, False, False, True, False]


def test_number_key_sorts_booth_numbers_naturally() -> None:
    assert sorted(["A10", "B1", "A9", "A100"], key=number_key) == ["A9", "A10", "A100", "B1"]


def test_contacts_measure_each_side_along_the_aisles() -> None:
    g = geometry(
        hall(),
        [booth("A1", 0, 3, 3, 6)],
        [aisle(0, 0, 1, 3), aisle(0.5, 0, 2, 3), aisle(3, 3, 4.5, 4.5), aisle(-3, 3, 0, 6)],
    )
    covered = g.contacts.covered.reshape(-1, 4)[0]
    assert covered.tolist() == [0.0, 1.5, 2.0, 3.0]  # N E S W
    assert g.contacts.on_aisle.tolist() == [False, True, True, True]


def test_contacts_allow_a_millimetre_of_gap_and_no_more() -> None:
    g = geometry(
        hall(),
        [booth("A1", 0, 3, 3, 6), booth("A2", 5, 3, 8, 6)],
        [aisle(0, 0, 3, 2.9995), aisle(5, 0, 8, 2.998)],
    )
    assert g.contacts.on_aisle.reshape(-1, 4)[:, 2].tolist() == [True, False]


def test_edge_pairs_share_an_edge_not_a_corner() -> None:
    g = geometry(
        hall(),
        [
            booth("A1", 0, 0, 3, 3),
            booth("A2", 3, 0, 6, 3),  # side by side with A1
            booth("A3", 6, 3, 9, 6),  # corner to corner with A2
            booth("A4", 0, 3, 3, 6),  # back to back with A1
            booth("A5", 20, 0, 23, 3),
            booth("A6", 20, 3.5, 23, 6.5),  # half a metre north of A5
            booth("A7", 23.5, 0, 26.5, 3),  # half a metre east of A5
        ],
    )
    i, j = g.edge_pairs
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1), (0, 3)]


def test_neighbour_pairs_reach_across_an_aisle() -> None:
    g = geometry(hall(), [booth("A1", 0, 0, 3, 3), booth("A2", 0, 9, 3, 12), booth("A3", 10, 0, 13, 3)])
    i, j = g.neighbour_pairs(6)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1)]


def _walls_in_shapely(walls: Walls) -> Walls:
    """`walls` with every test done by shapely: no rectangle left to numpy."""
    general = copy.copy(walls)
    general._obstacle_rects = np.empty((0, 4))
    general._shapes = walls.obstacles
    general._shape_tree = walls.obstacle_tree
    general._box = None
    return general


@pytest.mark.parametrize("outline", [None, L_SHAPE], ids=["rectangle", "l-shape"])
def test_walls_close_the_same_sides_tested_in_numpy_as_in_shapely(outline: tuple | None) -> None:
    # columns and a rectangular keep-clear area go to numpy (and a rectangular outline), a triangle to
    # shapely; the booths lie everywhere, some against or across the walls and obstacles
    walls = Walls(
        hall(
            96,
            84,
            outline=outline,
            columns=(Column((10, 10), 1), Column((30.5, 20), 0.8)),
            keep_clear=(((50, 5), (60, 5), (60, 12), (50, 12)), ((70, 30), (80, 30), (75, 38))),
        )
    )
    assert len(walls._obstacle_rects) == 3 and len(walls._shapes) == 1
    assert (walls._box is None) == (outline is not None)
    rng = np.random.default_rng(7)
    x0 = rng.uniform(-2, 95, 400).round(1)
    y0 = rng.uniform(-2, 83, 400).round(1)
    rects = np.stack([x0, y0, x0 + rng.choice([3, 6]), y0 + rng.choice([3, 6])], axis=1)
    rects = np.concatenate([rects, [[11, 8, 14, 11], [10.5, 8, 13.5, 11], [60, 6, 63, 9], [1, 1, 4, 4]]])
    closed = walls.closed(rects, 3)
    assert closed.any() and not closed.all()
    assert (closed == _walls_in_shapely(walls).closed(rects, 3)).all()
