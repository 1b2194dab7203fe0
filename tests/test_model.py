"""halllayout.model: the layout's booths and aisles hall by hall."""

from __future__ import annotations

import dataclasses

from halllayout.model import Aisle, BoothRequest, Fair, Layout, PlacedBooth
from tests.conftest import make_hall


def _booth(ref: str, hall_id: str, x: float) -> PlacedBooth:
    return PlacedBooth(f"{hall_id}{ref}", BoothRequest(ref, ref, 3, 3), hall_id, x, 0, x + 3, 3, "N", ("N",))


def test_booths_and_aisles_of_a_hall_in_the_order_the_layout_holds_them() -> None:
    fair = Fair(
        "F", (dataclasses.replace(make_hall(30, 20), id="A"), dataclasses.replace(make_hall(30, 20), id="B"))
    )
    booths = (_booth("1", "A", 0), _booth("2", "B", 0), _booth("3", "A", 6), _booth("4", "B", 3))
    aisles = (Aisle("B", "main", 0, 3, 30, 9), Aisle("A", "secondary", 0, 3, 30, 6))
    layout = Layout(fair, booths, aisles)
    assert [b.request.ref for b in layout.booths_in("A")] == ["1", "3"]
    assert [b.request.ref for b in layout.booths_in("B")] == ["2", "4"]
    assert layout.booths_in("C") == () and layout.aisles_in("C") == ()
    assert layout.aisles_in("A") == (aisles[1],)
    # a layout made from another groups its own booths
    fewer = dataclasses.replace(layout, booths=booths[:2])
    assert [b.request.ref for b in fewer.booths_in("A")] == ["1"]
    assert [b.request.ref for b in layout.booths_in("A")] == ["1", "3"]
    # the grouping is no field: layouts with the same fields stay equal
    assert layout == Layout(fair, booths, aisles)
