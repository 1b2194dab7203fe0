"""Frozen dataclasses the stages pass along: booth requests, halls, fairs and the laid-out result.

Units are metres; plan coordinates have x to the east and y to the north.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Point = tuple[float, float]
Polygon = tuple[Point, ...]
Side = Literal["N", "S", "E", "W"]
#: The four sides of a booth, clockwise from north.
SIDES: tuple[Side, ...] = ("N", "E", "S", "W")

BOOTH_TYPES = ("standard", "corner", "peninsula", "island", "raw")
TIERS = ("", "gold", "platinum")


@dataclass(frozen=True)
class Source:
    """Where a record came from: a file name and its 1-based row (the header is row 1 in a CSV)."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file} row {self.row}"


@dataclass(frozen=True)
class BoothRequest:
    """One exhibitor's booth request, as the organiser's list gives it. `width` is the frontage."""

    ref: str
    exhibitor: str
    width: float
    depth: float
    type: str = "standard"
    zone: str = ""
    country: str = ""
    tier: str = ""
    keep_apart: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    source: Source = field(default=Source("<memory>", 0), compare=False)


@dataclass(frozen=True)
class Door:
    """An entrance or emergency exit on the hall outline: `at` is its centre, `width` its clear width."""

    at: Point
    width: float
    name: str = ""


@dataclass(frozen=True)
class Column:
    """A square structural column centred at `at`, `size` metres on each side."""

    at: Point
    size: float


@dataclass(frozen=True)
class Hall:
    """A hall: the counter-clockwise `outline` of its inner wall, doors, columns, keep-clear areas, aisles."""

    id: str
    name: str
    outline: Polygon
    height: float
    entrances: tuple[Door, ...]
    exits: tuple[Door, ...]
    columns: tuple[Column, ...]
    keep_clear: tuple[Polygon, ...]
    main_aisle: float
    secondary_aisle: float
    source: str = "<memory>"


@dataclass(frozen=True)
class Fair:
    """Several halls under one name; a single hall is a fair of one."""

    name: str
    halls: tuple[Hall, ...]


@dataclass(frozen=True)
class PlacedBooth:
    """A booth on the plan: its request, number, hall and rectangle [x0, x1] × [y0, y1].

    `front` is the side facing the aisle visitors come from; `open_sides` every side with no
    neighbouring booth against it.
    """

    number: str
    request: BoothRequest
    hall_id: str
    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    open_sides: tuple[Side, ...]


@dataclass(frozen=True)
class Layout:
    """The laid-out fair: the halls and every booth placed in them."""

    fair: Fair
    booths: tuple[PlacedBooth, ...]

    def booths_in(self, hall_id: str) -> tuple[PlacedBooth, ...]:
        """The booths of one hall, in numbering order."""
        return tuple(b for b in self.booths if b.hall_id == hall_id)
