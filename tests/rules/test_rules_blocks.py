"""halllayout.rules.blocks: row and block lengths, booths to keep apart."""

from __future__ import annotations

from rules_layouts import booth, geometry, hall

from halllayout.model import PlacedBooth, Rules
from halllayout.rules.blocks import keep_apart, keep_apart_pairs, row_length


def row(count: int, y0: float = 3, *, start: int = 1, x0: float = 0) -> list[PlacedBooth]:
    """`count` booths 3 × 3 m side by side from x0 east, numbered A<start>…"""
    return [booth(f"A{start + k}", x0 + 3 * k, y0, x0 + 3 * k + 3, y0 + 3) for k in range(count)]


def test_a_row_of_thirty_metres_passes() -> None:
    result = row_length(geometry(hall(40, 20), row(10)))
    assert result.passed
    assert (result.limit, result.measured) == (30, 30)


def test_a_row_of_thirty_three_metres_fails_with_all_its_booths() -> None:
    result = row_length(geometry(hall(40, 20), [*row(11), *row(2, 12, start=20)]))
    assert not result.passed
    assert result.measured == 33
    assert result.offenders == tuple(f"A{k}" for k in range(1, 12))
    assert result.detail == "1 block(s) longer than 30 m: A1… 33 m"


def test_a_double_row_is_one_block_measured_along_its_length() -> None:
    result = row_length(geometry(hall(40, 20), [*row(10), *row(10, 6, start=11)]))
    assert result.measured == 30 and result.passed


def test_booths_touching_only_at_a_corner_or_with_a_gap_are_separate_blocks() -> None:
    booths = [*row(6), *row(6, 6, start=7, x0=18), *row(6, 6, start=13, x0=36.5)]
    result = row_length(geometry(hall(60, 20), booths))
    assert result.passed and result.measured == 18


def test_a_block_turning_a_corner_is_measured_along_its_longer_axis() -> None:
    column = [booth(f"B{k}", 0, 6 + 3 * k, 3, 9 + 3 * k) for k in range(9)]
    result = row_length(geometry(hall(40, 40), [*row(4), *column]))
    assert result.measured == 30 and result.passed  # y 3..33


def test_the_row_limit_is_the_halls_own() -> None:
    result = row_length(geometry(hall(40, 20, rules=Rules(max_row_length=24)), row(9)))
    assert not result.passed and result.limit == 24


def test_keep_apart_pairs_are_named_from_either_side() -> None:
    booths = [
        booth("A1", 0, 0, 3, 3, keep_apart=("a3",)),
        booth("A2", 3, 0, 6, 3),
        booth("A3", 6, 0, 9, 3, keep_apart=("a1",)),
    ]
    assert keep_apart_pairs(geometry(hall(), booths)) == [(0, 2)]


def test_keep_apart_booths_side_by_side_fail() -> None:
    booths = [booth("A1", 0, 0, 3, 3, keep_apart=("a2",)), booth("A2", 3, 0, 6, 3)]
    result = keep_apart(geometry(hall(), booths))
    assert not result.passed
    assert (result.limit, result.measured, result.unit) == (0, 1, "pairs")
    assert result.offenders == ("A1", "A2")
    assert result.detail == "1 of 1 pair(s) to keep apart are neighbours: A1 – A2"


def test_keep_apart_booths_back_to_back_fail() -> None:
    booths = [booth("A1", 0, 0, 3, 3), booth("A2", 1, 3, 4, 6, keep_apart=("a1",))]
    assert not keep_apart(geometry(hall(), booths)).passed


def test_keep_apart_booths_facing_across_the_main_aisle_fail_and_further_pass() -> None:
    across = [booth("A1", 0, 0, 3, 3, keep_apart=("a2",)), booth("A2", 2, 9, 5, 12)]
    assert not keep_apart(geometry(hall(main=6), across)).passed
    further = [booth("A1", 0, 0, 3, 3, keep_apart=("a2",)), booth("A2", 2, 9.5, 5, 12.5)]
    assert keep_apart(geometry(hall(main=6), further)).passed


def test_keep_apart_booths_diagonally_across_an_aisle_pass() -> None:
    booths = [booth("A1", 0, 0, 3, 3, keep_apart=("a2",)), booth("A2", 3, 4, 6, 7)]
    result = keep_apart(geometry(hall(), booths))
    assert result.passed
    assert result.measured == 0
    assert result.detail == "all 1 pair(s) to keep apart are apart"
