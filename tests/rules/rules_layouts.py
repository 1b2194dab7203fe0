"""Small hand-made halls, booths and aisles for the rule tests, with exact coordinates."""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.model import (
    Aisle,
    AisleKind,
    BoothRequest,
    Column,
    Door,
    Fair,
    Hall,
    Layout,
    PlacedBooth,
    Point,
    Rules,
    Side,
    Unplaced,
)
from halllayout.rules.geometry import HallGeometry

FRONTS: dict[float, Side] = {3: "S", 6: "N", 12: "S"}


def hall(
    width: float = 20,
    depth: float = 12,
    *,
    hall_id: str = "A",
    outline: tuple[Point, ...] | None = None,
    entrances: tuple[Door, ...] = (),
    exits: tuple[Door, ...] = (),
    columns: tuple[Column, ...] = (),
    keep_clear: tuple[tuple[Point, ...], ...] = (),
    main: float = 6,
    secondary: float = 3,
    rules: Rules | None = None,
) -> Hall:
    """A hall [0, width] × [0, depth] (or the `outline` given) with what the test asks for."""
    return Hall(
        id=hall_id,
        name=f"Hall {hall_id}",
        outline=outline or ((0, 0), (width, 0), (width, depth), (0, depth)),
        height=8,
        entrances=entrances,
        exits=exits,
        columns=columns,
        keep_clear=keep_clear,
        main_aisle=main,
        secondary_aisle=secondary,
        rules=rules or Rules(),
    )


def booth(
    number: str,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    *,
    hall_id: str = "A",
    front: Side = "S",
    type: str = "standard",
    zone: str = "",
    tier: str = "",
    keep_apart: tuple[str, ...] = (),
) -> PlacedBooth:
    """Booth `number` on [x0, x1] × [y0, y1]; its request's ref is `number` lower-cased."""
    request = BoothRequest(
        number.lower(), f"Exhibitor {number}", x1 - x0, y1 - y0, type, zone, tier=tier, keep_apart=keep_apart
    )
    return PlacedBooth(number, request, hall_id, x0, y0, x1, y1, front, ())


def aisle(
    x0: float, y0: float, x1: float, y1: float, kind: AisleKind = "secondary", hall_id: str = "A"
) -> Aisle:
    """An aisle rectangle."""
    return Aisle(hall_id, kind, x0, y0, x1, y1)


def layout(
    halls: Hall | Sequence[Hall],
    booths: Sequence[PlacedBooth] = (),
    aisles: Sequence[Aisle] = (),
    unplaced: Sequence[Unplaced] = (),
) -> Layout:
    """A layout of one hall or several."""
    chosen = (halls,) if isinstance(halls, Hall) else tuple(halls)
    return Layout(Fair("Test Fair", chosen), tuple(booths), tuple(aisles), tuple(unplaced))


def geometry(h: Hall, booths: Sequence[PlacedBooth] = (), aisles: Sequence[Aisle] = ()) -> HallGeometry:
    """The rules' view of one hall."""
    return HallGeometry(h, booths, aisles)


def small_hall(hall_id: str = "A") -> tuple[Hall, list[PlacedBooth], list[Aisle]]:
    """A 30 × 18 m hall laid out by hand, keeping every rule.

    Perimeter aisles 3 m wide, a main aisle x 12..18 from the south entrance, a secondary aisle
    y 9..12 from the west exit; west and east of the main aisle a double row (y 3..6 facing south,
    6..9 facing north) and a single row (y 12..15), three 3 × 3 m booths each: A1..A9 west, A10..A18 east.
    """
    h = hall(
        30,
        18,
        hall_id=hall_id,
        entrances=(Door((15, 0), 6, "South"),),
        exits=(Door((0, 10.5), 2, "West"),),
    )
    booths: list[PlacedBooth] = []
    for x0 in (3, 18):
        for y0, front in FRONTS.items():
            for k in range(3):
                number = f"{hall_id}{len(booths) + 1}"
                x = x0 + 3 * k
                booths.append(booth(number, x, y0, x + 3, y0 + 3, hall_id=hall_id, front=front))
    aisles = [
        aisle(0, 0, 30, 3, "perimeter", hall_id),
        aisle(0, 15, 30, 18, "perimeter", hall_id),
        aisle(0, 0, 3, 18, "perimeter", hall_id),
        aisle(27, 0, 30, 18, "perimeter", hall_id),
        aisle(12, 0, 18, 18, "main", hall_id),
        aisle(3, 9, 27, 12, "secondary", hall_id),
    ]
    return h, booths, aisles
