"""halllayout.layout.open_floor: the open floor a layout leaves, cut round booths that come to stand on it."""

from __future__ import annotations

from halllayout.layout.open_floor import open_floor_around
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
