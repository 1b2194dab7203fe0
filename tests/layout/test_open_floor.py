"""halllayout.layout.open_floor: the open floor a layout leaves, cut round booths that come to stand on it."""

from __future__ import annotations

from halllayout.layout.open_floor import _beyond_backs, open_floor_around
from halllayout.layout.site import Run
from halllayout.model import Aisle


def _boxes(aisles: list[Aisle]) -> list[tuple[str, float, float, float, float]]:
    return [(a.kind, a.x0, a.y0, a.x1, a.y1) for a in aisles]


def test_open_bands_are_cut_round_booths_standing_on_them_and_the_rest_kept() -> None:
    cross = Aisle("A", "cross", 21, 0, 24, 20)
    bands = [Aisle("A", "open", 3, 3, 21, 9), Aisle("A", "open", 3, 9, 21, 15)]
    # a row of two booths along the band's east end, x 18–21, y 3–9; one booth inside the second band
    booths = [(18, 3, 21, 6), (18, 6, 21, 9), (9, 10, 12, 13)]
    cut = open_floor_around([cross, *bands], booths, 3)
    assert _boxes(cut) == [
        ("cross", 21, 0, 24, 20),
        ("open", 3, 3, 18, 9),  # the first band less the row
        ("open", 3, 9, 9, 15),  # the second: west of the booth
        ("open", 12, 9, 21, 15),  # east of it; the strips north and south of it narrower than an aisle
    ]
    # nothing standing on open floor: the aisles as they were
    assert open_floor_around([cross, *bands], [(30, 0, 33, 3)], 3) == [cross, *bands]


def test_the_aisle_beyond_booths_standing_in_an_open_run_goes_on_past_a_column_in_it() -> None:
    # a booth stands along the west side of the open run x 61.2–90, its back at x 70.2; the aisle beyond
    # it (3 m) would have a 0.8 m column at x 71.6–72.4 in it, 1.4 m clear beside it: the aisle goes on
    # to an aisle's width clear past the column, and the run starts there
    run = Run(4, 61.2, 6, 90, 84)
    column = (71.6, 23.6, 72.4, 24.4)
    narrowed = _beyond_backs(run, [(61.2, 9.6, 70.2, 18.6)], 3, 6, [column])
    assert narrowed is not None
    rest, strip, beside = narrowed
    assert strip == (70.2, 6, 75.4, 84) and (rest.x0, rest.x1) == (75.4, 90)
    assert beside == (61.2, 6, 70.2, 84)
    # booths along the east side, a column in the aisle west of their backs: mirrored
    rest, strip, _ = _beyond_backs(run, [(80, 30, 90, 36)], 3, 6, [(76.6, 40, 77.4, 40.8)]) or (run, (), ())
    assert strip == (73.6, 6, 80, 84) and (rest.x0, rest.x1) == (61.2, 73.6)
    # no column in it: an aisle's width
    assert _beyond_backs(run, [(61.2, 9.6, 70.2, 18.6)], 3, 6, [(80, 40, 81, 41)]) == (
        Run(4, 73.2, 6, 90, 84),
        (70.2, 6, 73.2, 84),
        (61.2, 6, 70.2, 84),
    )
