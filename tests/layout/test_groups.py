"""halllayout.layout.groups: neighbours and zone groups as the metrics count them, kept right by swaps."""

from __future__ import annotations

import itertools
import random

import numpy as np

from halllayout.layout import lay_out
from halllayout.layout.groups import ZoneGroups, neighbour_pairs
from halllayout.model import BoothRequest, Fair
from halllayout.read import read_booth_list, read_fair
from halllayout.rules.check import hall_geometries
from halllayout.rules.geometry import facing
from halllayout.rules.metrics import zone_groups
from tests.conftest import DATA


def _random_rects(rng: random.Random, count: int) -> np.ndarray:
    """Up to `count` booths of random sizes on a 3 m grid, none overlapping another (as in a layout)."""
    rects: list[tuple[int, int, int, int]] = []
    for _ in range(count):
        x, y = rng.randrange(0, 60, 3), rng.randrange(0, 60, 3)
        w, d = rng.choice([(3, 3), (6, 3), (3, 6), (6, 6), (9, 9)])
        if all(x >= b[2] or x + w <= b[0] or y >= b[3] or y + d <= b[1] for b in rects):
            rects.append((x, y, x + w, y + d))
    return np.array(rects, dtype=float)


def test_neighbour_pairs_are_the_pairs_the_rule_checks_call_facing() -> None:
    rng = random.Random(3)
    for reach in (0.0, 3.0, 6.0):
        rects = _random_rects(rng, 120)
        assert len(rects) > 40
        every = np.array(list(itertools.combinations(range(len(rects)), 2)))
        near = facing(rects[every[:, 0]], rects[every[:, 1]], reach)
        expected = [tuple(pair) for pair in every[near].tolist()]
        i, j = neighbour_pairs(rects, reach)
        assert list(zip(i.tolist(), j.tolist(), strict=True)) == expected


def test_no_pairs_for_fewer_than_two_rectangles() -> None:
    for rects in (np.zeros((0, 4)), np.array([[0.0, 0.0, 3.0, 3.0]])):
        i, j = neighbour_pairs(rects, 6)
        assert len(i) == len(j) == 0


def _board(rng: random.Random, zones: str, columns: int = 6, rows: int = 5) -> ZoneGroups:
    """A grid of 3 × 3 m booths, touching, of random zones (a booth of zone "-" has none)."""
    requests = []
    rects = []
    for c in range(columns):
        for r in range(rows):
            zone = rng.choice(zones)
            requests.append(BoothRequest(f"{c}.{r}", "X", 3, 3, zone="" if zone == "-" else zone))
            rects.append((3 * c, 3 * r, 3 * c + 3, 3 * r + 3))
    n = len(requests)
    return ZoneGroups.of(
        requests, np.array(rects, dtype=float), 0, np.zeros(n, dtype=np.intp), np.ones(n, bool)
    )


def _fresh(board: ZoneGroups) -> dict[int, tuple[int, int]]:
    """Each zone's standing found afresh from who stands where."""
    for z in board.groups:
        board.relabel(z)
    return {z: board.standing(z) for z in board.groups}


def test_swap_gain_foretells_what_the_swap_does_and_swaps_keep_the_groups_right() -> None:
    rng = random.Random(11)
    foretold = 0
    for _ in range(40):
        board = _board(rng, "ABC-")
        for _ in range(30):
            p, s = rng.sample(range(len(board.requests)), 2)
            gain = board.swap_gain(p, s)
            if gain is None:
                continue
            zones = sorted({board.zone[p], board.zone[s]} - {-1})
            before = board.standing_of(zones)
            board.swap(p, s)
            kept = {z: board.standing(z) for z in board.groups}
            after = board.standing_of(zones)
            assert (after[0] - before[0], after[1] - before[1]) == gain
            assert _fresh(board) == kept
            foretold += 1
    assert foretold > 500


def test_groups_agree_with_the_metrics_on_a_sample_fair() -> None:
    fair: Fair = read_fair(DATA / "halls" / "fair-3-halls.json")
    layout = lay_out(fair, read_booth_list(DATA / "booths" / "fair-400-zh-gbk.csv"))
    for g in hall_geometries(layout)[0]:
        n = len(g.booths)
        board = ZoneGroups.of(
            [b.request for b in g.booths], g.rects, g.hall.main_aisle, np.zeros(n, np.intp), np.ones(n, bool)
        )
        names = {board.zone[k]: b.request.zone for k, b in enumerate(g.booths)}
        assert {names[z]: board.standing(z)[0] for z in board.groups} == zone_groups(g)
