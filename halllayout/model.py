"""Frozen dataclasses the stages pass along: booth requests, halls, fairs and the laid-out result.

Units are metres; plan coordinates have x to the east and y to the north.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

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
    #: The company's name in English where the list gives it beside a Chinese one (fascias show both).
    exhibitor_en: str = ""
    #: The exhibitor's brand colour, "#rrggbb", for its fascia; "" for the standard white board.
    colour: str = ""
    #: What the exhibitor says about itself, shown in the viewer's booth panel as plain text.
    description: str = ""
    #: The exhibitor's website, an http(s) URL; "" for none.
    website: str = ""
    #: The exhibitor's live stream, an http(s) URL; "" for none.
    live_stream: str = ""
    #: When the live stream is on: ISO 8601 date-times as written (with a time zone where the list gives
    #: one); "" for an open end.
    live_from: str = ""
    live_until: str = ""
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


#: What a change of floor level is: steps (not step-free) or a ramp (step-free).
STEP_KINDS = ("steps", "ramp")


@dataclass(frozen=True)
class StepArea:
    """Where the floor changes level: `kind` "steps" or "ramp" over `polygon`. No booth stands on one;
    a step-free route avoids "steps" and may take a "ramp"."""

    kind: str
    polygon: Polygon


@dataclass(frozen=True)
class Rules:
    """The limits of the layout rule set, in metres; a hall file's `rules` overrides any of them.

    Aisle widths are the hall's own `main_aisle` and `secondary_aisle`.
    """

    #: Depth of the clear area in front of every entrance and exit.
    exit_clear_depth: float = 4.0
    #: No point inside a booth farther than this from an aisle.
    max_distance_to_aisle: float = 15.0
    #: Travel distance along aisles from any booth front to the nearest exit (NFPA 101, assembly).
    max_travel_distance: float = 61.0
    #: Longest dead-end aisle.
    max_dead_end: float = 6.0
    #: Longest run of booths along a row without a cross aisle.
    max_row_length: float = 30.0


RULE_FIELDS = (
    "exit_clear_depth",
    "max_distance_to_aisle",
    "max_travel_distance",
    "max_dead_end",
    "max_row_length",
)


@dataclass(frozen=True)
class Hall:
    """A hall: the counter-clockwise `outline` of its inner wall, doors, columns, keep-clear areas, aisles.

    `zones` are the zones the fair file pins to this hall; `rules` the limits the layout must keep.
    """

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
    zones: tuple[str, ...] = ()
    rules: Rules = Rules()
    steps: tuple[StepArea, ...] = ()

    def kept_clear(self) -> tuple[Polygon, ...]:
        """The areas no booth may stand on: the keep-clear areas, then the steps and ramps."""
        return self.keep_clear + tuple(area.polygon for area in self.steps)


@dataclass(frozen=True)
class Fair:
    """Several halls under one name; a single hall is a fair of one.

    `source` names the fair file (the hall file for a fair of one) in messages.
    """

    name: str
    halls: tuple[Hall, ...]
    source: str = field(default="<memory>", compare=False)


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


AisleKind = Literal["main", "secondary", "cross", "perimeter", "open"]
#: main: from an entrance across the hall; secondary: between double rows; cross: breaking rows into
#: runs of at most `Rules.max_row_length`; perimeter: along the walls; open: floor no booth was given,
#: left open to walk across (a hall the list does not fill).
AISLE_KINDS: tuple[AisleKind, ...] = ("main", "secondary", "cross", "perimeter", "open")


@dataclass(frozen=True)
class Aisle:
    """A stretch of aisle in one hall: the axis-aligned rectangle [x0, x1] × [y0, y1] kept clear for visitors.

    Its clear width is the shorter side; it must be at least the hall's `main_aisle` for kind "main"
    and its `secondary_aisle` otherwise. Aisles may overlap where they cross.
    """

    hall_id: str
    kind: AisleKind
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """The clear width: the shorter side of the rectangle."""
        return min(self.x1 - self.x0, self.y1 - self.y0)


@dataclass(frozen=True)
class Unplaced:
    """A requested booth the layout could not place, and why, in words for the organiser."""

    request: BoothRequest
    reason: str


@dataclass(frozen=True)
class Vacancy:
    """A booth spot on the plan that no booth holds, [x0, x1] × [y0, y1] facing `front`: floor a layout
    laid out for booths and then left (a zone held over for the next hall, a stray that rejoined its
    zone), or that a re-layout freed and did not fill (a booth that left the list). Space to sell: a
    re-layout fills it before the open floor. `number` is the one its last booth had ("" for a spot
    never numbered)."""

    hall_id: str
    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    number: str = ""


@dataclass(frozen=True)
class Layout:
    """The laid-out fair: the halls, every booth placed in them, their aisles, what did not fit and the
    booth spots left vacant."""

    fair: Fair
    booths: tuple[PlacedBooth, ...]
    aisles: tuple[Aisle, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    vacant: tuple[Vacancy, ...] = ()

    def booths_in(self, hall_id: str) -> tuple[PlacedBooth, ...]:
        """The booths of one hall, in numbering order."""
        return self._booths_by_hall.get(hall_id, ())

    def aisles_in(self, hall_id: str) -> tuple[Aisle, ...]:
        """The aisles of one hall."""
        return self._aisles_by_hall.get(hall_id, ())

    def vacant_in(self, hall_id: str) -> tuple[Vacancy, ...]:
        """The vacant booth spots of one hall."""
        return self._vacant_by_hall.get(hall_id, ())

    # grouped once: asked hall by hall, a scan of every booth each time took 2 s at 60,000 booths in
    # 200 halls (the fields are frozen, so the grouping holds)
    @functools.cached_property
    def _booths_by_hall(self) -> dict[str, tuple[PlacedBooth, ...]]:
        return _by_hall(self.booths)

    @functools.cached_property
    def _aisles_by_hall(self) -> dict[str, tuple[Aisle, ...]]:
        return _by_hall(self.aisles)

    @functools.cached_property
    def _vacant_by_hall(self) -> dict[str, tuple[Vacancy, ...]]:
        return _by_hall(self.vacant)


class _HasHall(Protocol):
    @property
    def hall_id(self) -> str: ...


_InHall = TypeVar("_InHall", bound=_HasHall)


def _by_hall(items: Sequence[_InHall]) -> dict[str, tuple[_InHall, ...]]:
    """`items` grouped by hall id, each group in the order given."""
    groups: dict[str, list[_InHall]] = {}
    for item in items:
        groups.setdefault(item.hall_id, []).append(item)
    return {hall_id: tuple(group) for hall_id, group in groups.items()}


@dataclass(frozen=True)
class Pin:
    """A booth the organiser pins: its south-west corner (x, y) in hall `hall_id`, the side `front` it
    opens onto (its width runs along that side), and the number it must have, if any."""

    ref: str
    hall_id: str
    x: float
    y: float
    front: Side
    number: str | None
    source: Source

    def rect(self, width: float, depth: float) -> tuple[float, float, float, float]:
        """The plan rectangle of a booth `width` × `depth` m standing here.

        >>> Pin("EX1", "A", 10, 20, "E", None, Source("pins.csv", 2)).rect(6, 3)
        (10, 20, 13, 26)
        """
        if self.front in ("N", "S"):
            return (self.x, self.y, self.x + width, self.y + depth)
        return (self.x, self.y, self.x + depth, self.y + width)


@dataclass(frozen=True)
class PreviousBooth:
    """A booth as the previous layout placed it: rectangle [x0, x1] × [y0, y1] in its hall."""

    ref: str
    number: str
    hall_id: str
    x0: float
    y0: float
    x1: float
    y1: float
    front: Side


@dataclass(frozen=True)
class PreviousLayout:
    """The booths and aisles of a previous layout, by hall; `source` names its file in messages."""

    source: str
    booths: tuple[PreviousBooth, ...]
    aisles: tuple[Aisle, ...]
    vacant: tuple[Vacancy, ...] = ()
