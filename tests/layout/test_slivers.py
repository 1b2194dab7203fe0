"""halllayout.layout.slivers: aisle strips narrower than their kind taken across the aisle beside them."""

from __future__ import annotations

from halllayout.layout.slivers import widened
from halllayout.model import Aisle


def test_a_strip_beside_a_wider_aisle_is_taken_across_it() -> None:
    strip = Aisle("A", "secondary", 20, 17, 26, 17.5)
    beside = Aisle("A", "secondary", 5, 17.5, 26, 20)
    assert widened([strip, beside], 5, 2.5) == [Aisle("A", "secondary", 20, 17, 26, 20), beside]


def test_a_north_south_strip_is_taken_across_the_aisle_east_or_west_of_it() -> None:
    strip = Aisle("A", "secondary", 21, 17, 23, 21)
    main = Aisle("A", "main", 17, 0, 21, 54)
    assert widened([strip, main], 4, 4)[0] == Aisle("A", "secondary", 17, 17, 23, 21)


def test_a_strip_the_aisle_beside_covers_only_in_part_stays() -> None:
    strip = Aisle("A", "secondary", 0, 17, 10, 17.5)
    beside = Aisle("A", "secondary", 4, 17.5, 30, 20)
    assert widened([strip, beside], 5, 2.5)[0] == strip


def test_open_floor_is_not_walked_across_and_wide_aisles_stay() -> None:
    strip = Aisle("A", "secondary", 0, 17, 10, 17.5)
    open_floor = Aisle("A", "open", 0, 17.5, 30, 27)
    wide = Aisle("A", "secondary", 0, 20, 30, 23)
    assert widened([strip, open_floor, wide], 5, 2.5) == [strip, open_floor, wide]


def test_the_first_aisle_that_makes_it_wide_enough_wins() -> None:
    strip = Aisle("A", "secondary", 0, 17, 10, 17.5)
    thin = Aisle("A", "secondary", 0, 16.5, 10, 17)  # 1 m together: not enough
    below = Aisle("A", "cross", 0, 14, 10, 17)
    above = Aisle("A", "secondary", 0, 17.5, 10, 20.5)
    assert widened([strip, thin, below, above], 5, 2.5)[0] == Aisle("A", "secondary", 0, 14, 10, 17.5)


def test_a_sliver_wholly_inside_another_aisle_is_left_out_unless_it_is_one_of_the_halls_fixed_aisles() -> (
    None
):
    ring = Aisle("A", "perimeter", 0, 45, 20, 48)
    sliver = Aisle("A", "secondary", 2, 45.3, 7, 48)  # 2.7 m of a 3 m aisle, within the ring
    assert widened([ring, sliver], main=5, secondary=3) == [ring]
    assert widened([sliver, ring], main=5, secondary=3, fixed=1) == [sliver, ring]
    # two alike with nothing else: one is kept
    assert widened([sliver, sliver], main=5, secondary=3) == [sliver]
