"""A small hand-made fair for the plan tests: exact coordinates, Chinese and hostile names.

Hall A (20 × 12 m): booths A01 "Food", A02 "Tech", A03 "Food"; an entrance, an exit, a column, a
keep-clear area and a main aisle. Hall B (10 × 10 m): booth B01 "Tech". Hall C: no booths. One
request did not fit.
"""

from __future__ import annotations

import pytest

from halllayout.model import (
    Aisle,
    BoothRequest,
    Column,
    Door,
    Fair,
    Hall,
    Layout,
    PlacedBooth,
    Side,
    Unplaced,
)

CJK_NAME = "深圳市华为技术有限公司"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
FORMULA_NAME = '=HYPERLINK("http://x","y")'


def rect_hall(
    hall_id: str,
    width: float,
    depth: float,
    *,
    entrances: tuple[Door, ...] = (),
    exits: tuple[Door, ...] = (),
    columns: tuple[Column, ...] = (),
    keep_clear: tuple[tuple[tuple[float, float], ...], ...] = (),
) -> Hall:
    """A rectangular hall [0, width] × [0, depth] named "Hall <id>"."""
    return Hall(
        id=hall_id,
        name=f"Hall {hall_id}",
        outline=((0, 0), (width, 0), (width, depth), (0, depth)),
        height=8,
        entrances=entrances,
        exits=exits,
        columns=columns,
        keep_clear=keep_clear,
        main_aisle=6,
        secondary_aisle=3,
    )


def placed(
    number: str,
    hall_id: str,
    rect: tuple[float, float, float, float],
    exhibitor: str,
    zone: str,
    *,
    front: Side = "S",
    open_sides: tuple[Side, ...] = ("S",),
    country: str = "",
    keep_apart: tuple[str, ...] = (),
    products: tuple[str, ...] = (),
) -> PlacedBooth:
    """A booth of `zone` placed on `rect` (x0, y0, x1, y1); its request is "REF-<number>", as large."""
    x0, y0, x1, y1 = rect
    request = BoothRequest(
        f"REF-{number}",
        exhibitor,
        x1 - x0,
        y1 - y0,
        zone=zone,
        country=country,
        keep_apart=keep_apart,
        products=products,
    )
    return PlacedBooth(number, request, hall_id, x0, y0, x1, y1, front, open_sides)


def small_layout() -> Layout:
    hall_a = rect_hall(
        "A",
        20,
        12,
        entrances=(Door((10, 0), 4, "South Gate"),),
        exits=(Door((20, 6), 2),),
        columns=(Column((9, 9), 1),),
        keep_clear=(((16, 8), (19, 8), (19, 11), (16, 11)),),
    )
    hall_b = rect_hall("B", 10, 10, entrances=(Door((0, 5), 3, "West"),))
    hall_c = rect_hall("C", 10, 10)
    booths = (
        placed("A01", "A", (2, 2, 5, 5), CJK_NAME, "Food", country="CN", products=("茶", "Tea")),
        placed("A02", "A", (5, 2, 8, 5), HOSTILE_NAME, "Tech", open_sides=("S", "E")),
        placed("A03", "A", (10.5, 6, 16, 10), FORMULA_NAME, "Food", front="W", open_sides=("N", "W")),
        placed("B01", "B", (2, 2, 5, 4.5), "Acme Trading Co., Ltd.", "Tech", keep_apart=("REF-A01",)),
    )
    aisles = (Aisle("A", "main", 8, 0, 10.5, 12),)
    unplaced = (
        Unplaced(BoothRequest("REF-X", "-Too Big GmbH", 30, 30, zone="Tech"), "larger than every hall"),
    )
    return Layout(Fair("Spring Fair 春季展", (hall_a, hall_b, hall_c)), booths, aisles, unplaced)


@pytest.fixture
def layout() -> Layout:
    return small_layout()
