"""A pins file: booths an organiser fixes in place, with their numbers, before laying out.

CSV (UTF-8, UTF-8 with BOM or GBK, like a booth list), one row per booth, header first:

- `ref` (or `booth_ref`, `编号`): the booth's ref on the booth list;
- `hall` (`展馆`): the hall's id;
- `x`, `y`: the booth's south-west corner in plan metres (as in layout.json's `rect`);
- `front` (`朝向`, optional, default `S`): the side it opens onto, N, S, E or W; its width runs along it;
- `number` (`展位号`, optional): the booth number it must have.

`read_pins` reads the rows (every problem at once); `check_pins` checks them against the fair and
the booth list: the ref on the list and pinned once, the hall in the fair, the booth inside the hall
and clear of its columns, keep-clear areas and the other pins, the number unique.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from shapely import Polygon as ShapelyPolygon
from shapely import box

from halllayout.errors import InputError
from halllayout.layout.site import solid_obstacles
from halllayout.model import SIDES, BoothRequest, Fair, Pin, Side, Source
from halllayout.read.encoding import decode_booth_text
from halllayout.read.fields import show
from halllayout.read.problems import Problems, raise_problems

__all__ = ["check_pins", "parse_pins", "read_pins"]

#: Header names for each column, lower case.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "booth_ref", "编号"),
    "hall": ("hall", "hall_id", "展馆"),
    "x": ("x",),
    "y": ("y",),
    "front": ("front", "朝向"),
    "number": ("number", "booth_number", "展位号"),
}
REQUIRED = ("ref", "hall", "x", "y")


def read_pins(path: Path) -> tuple[Pin, ...]:
    """The pins of the CSV file at `path`; InputError(s) name the file, row and column."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path.name, f"cannot read the file: {error.strerror or error}") from error
    return parse_pins(data, path.name)


def parse_pins(data: bytes, source: str) -> tuple[Pin, ...]:
    """The pins of a pins CSV's bytes.

    >>> [pin] = parse_pins(b"ref,hall,x,y,front,number\\nEX1,A,10,20,E,A0101\\n", "pins.csv")
    >>> pin.ref, pin.hall_id, pin.x, pin.y, pin.front, pin.number, str(pin.source)
    ('EX1', 'A', 10.0, 20.0, 'E', 'A0101', 'pins.csv row 2')
    >>> parse_pins(b"ref,hall,x\\nEX1,A,ten\\n", "pins.csv")
    Traceback (most recent call last):
    ...
    halllayout.errors.InputErrors: pins.csv row 1: no column y (the booth's south-west corner, in metres)
    pins.csv row 2, column x: "ten" is not a number of metres
    """
    rows = list(csv.reader(io.StringIO(decode_booth_text(data, source))))
    if not rows:
        raise InputError(source, "empty: a pins file needs a header row (ref, hall, x, y[, front, number])")
    header = [cell.strip().lstrip("\ufeff").lower() for cell in rows[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        found = next((k for k, cell in enumerate(header) if cell in names), None)
        if found is not None:
            where[key] = found
    problems = Problems()
    meaning = {
        "ref": "the booth's ref",
        "hall": "the hall's id",
        "x": "the booth's south-west corner, in metres",
    }
    meaning["y"] = meaning["x"]
    for key in REQUIRED:
        if key not in where:
            problems.add(InputError(source, f"no column {key} ({meaning[key]})", row=1))
    problems.raise_any()
    pins: list[Pin] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        pin = problems.attempt(_pin, cells, where, Source(source, number), rows[0])
        if pin is not None:
            pins.append(pin)
    problems.raise_any()
    return tuple(pins)


def _pin(cells: list[str], where: dict[str, int], source: Source, header: list[str]) -> Pin:
    def cell(key: str) -> str:
        k = where.get(key)
        return cells[k].strip() if k is not None and k < len(cells) else ""

    def error(key: str, message: str) -> InputError:
        return InputError(source.file, message, row=source.row, column=header[where[key]].strip() or key)

    problems = Problems()
    for key in ("ref", "hall"):
        if not cell(key):
            problems.add(error(key, f"empty: every pin needs {'a ref' if key == 'ref' else 'a hall id'}"))
    at: dict[str, float] = {}
    for key in ("x", "y"):
        try:
            at[key] = float(cell(key))
        except ValueError:
            problems.add(error(key, f"{show(cell(key))} is not a number of metres"))
    front = cell("front").upper() or "S"
    if front not in SIDES:
        problems.add(error("front", f"{show(cell('front'))} is not a side: N, S, E or W"))
    problems.raise_any()
    side: Side = "S" if front not in SIDES else front
    return Pin(cell("ref"), cell("hall"), at["x"], at["y"], side, cell("number") or None, source)


def check_pins(pins: Sequence[Pin], fair: Fair, requests: Sequence[BoothRequest]) -> None:
    """Refuse pins that cannot hold, all at once: a ref not on the list or pinned twice, a hall not in
    the fair, a booth outside its hall or on a column, keep-clear area or another pin, a number given
    twice or without its hall's id in front."""
    by_ref = {r.ref: r for r in requests}
    halls = {h.id: h for h in fair.halls}
    problems: list[InputError] = []
    seen: dict[str, Pin] = {}
    numbers: dict[str, Pin] = {}
    placed: list[tuple[Pin, tuple[float, float, float, float]]] = []

    def refuse(pin: Pin, column: str, message: str) -> None:
        problems.append(InputError(pin.source.file, message, row=pin.source.row, column=column))

    for pin in pins:
        request = by_ref.get(pin.ref)
        hall = halls.get(pin.hall_id)
        if request is None:
            refuse(pin, "ref", f"booth {show(pin.ref)} is not on the booth list")
        elif pin.ref in seen:
            refuse(pin, "ref", f"booth {show(pin.ref)} is pinned twice (also row {seen[pin.ref].source.row})")
        seen.setdefault(pin.ref, pin)
        if hall is None:
            refuse(pin, "hall", f"hall {show(pin.hall_id)} is not in the fair ({', '.join(halls)})")
        if pin.number is not None:
            if pin.number in numbers:
                refuse(
                    pin,
                    "number",
                    f"number {show(pin.number)} is given twice (also row {numbers[pin.number].source.row})",
                )
            elif not pin.number.startswith(pin.hall_id):
                refuse(
                    pin,
                    "number",
                    f"number {show(pin.number)} does not begin with its hall's id {pin.hall_id}",
                )
            numbers.setdefault(pin.number, pin)
        if request is None or hall is None:
            continue
        rect = pin.rect(request.width, request.depth)
        shape = box(*rect)
        size = f"{rect[2] - rect[0]:g} × {rect[3] - rect[1]:g} m at ({pin.x:g}, {pin.y:g})"
        if not ShapelyPolygon(hall.outline).buffer(1e-6).contains(shape):
            refuse(pin, "x", f"booth {show(pin.ref)} ({size}) does not lie inside hall {hall.id}")
        elif any(box(*solid).intersection(shape).area > 1e-6 for solid in solid_obstacles(hall)):
            refuse(
                pin,
                "x",
                f"booth {show(pin.ref)} ({size}) stands on a column or keep-clear area of hall {hall.id}",
            )
        other = next(
            (p for p, r in placed if p.hall_id == pin.hall_id and box(*r).intersection(shape).area > 1e-6),
            None,
        )
        if other is not None:
            refuse(
                pin,
                "x",
                f"booth {show(pin.ref)} ({size}) overlaps booth {show(other.ref)} "
                f"pinned in row {other.source.row}",
            )
        placed.append((pin, rect))
    raise_problems(problems)
