"""A previous `layout.json` (format `halllayout/layout@2`), read back for an incremental re-layout.

Only what re-laying out needs: each hall's booths (ref, number, rectangle, facing), aisles and vacant
booth spots (rectangle, facing, number; none in files of earlier releases). An
organiser who moves or renumbers a booth by editing its `number` and `rect` pins it there: the next
run keeps it exactly so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from halllayout.model import Aisle, PreviousBooth, PreviousLayout, Vacancy
from halllayout.read.fields import JsonFile, key_path
from halllayout.read.layout_json import (
    Unique,
    aisle_from_json,
    check_format,
    each,
    front_side,
    plan_rect,
    vacancy_from_json,
)
from halllayout.read.problems import Problems


def read_previous_layout(path: Path) -> PreviousLayout:
    """Read a layout.json written by `halllayout build`; every problem is reported at once."""
    file = JsonFile(path.name)
    document = file.mapping(file.load(path), "", "a layout.json object")
    check_format(file, document)
    problems = Problems()
    booths: list[PreviousBooth] = []
    aisles: list[Aisle] = []
    vacant: list[Vacancy] = []
    refs = Unique(file, problems, "ref")
    for where, value in each(file, document, "halls", "", problems, required=True):
        hall = problems.attempt(file.mapping, value, where)
        if hall is None:
            continue
        hall_id = problems.attempt(file.text, hall.get("id"), key_path(where, "id"), "a hall id")
        if hall_id is None:
            continue
        for at, item in each(file, hall, "booths", where, problems):
            booth = problems.attempt(_booth, file, item, at, hall_id)
            if booth is not None and refs.first(booth.ref, at):
                booths.append(booth)
        for at, item in each(file, hall, "aisles", where, problems):
            aisle = problems.attempt(aisle_from_json, file, item, at, hall_id)
            if aisle is not None:
                aisles.append(aisle)
        for at, item in each(file, hall, "vacant", where, problems):
            spot = problems.attempt(vacancy_from_json, file, item, at, hall_id)
            if spot is not None:
                vacant.append(spot)
    problems.raise_any()
    return PreviousLayout(file.source, tuple(booths), tuple(aisles), tuple(vacant))


def _booth(file: JsonFile, value: Any, path: str, hall_id: str) -> PreviousBooth:
    item = file.mapping(value, path, "a booth")
    ref = file.text(file.required(item, "ref", path, "the booth's ref"), key_path(path, "ref"))
    number = file.text(file.required(item, "number", path, "the booth number"), key_path(path, "number"))
    rect = plan_rect(file, file.required(item, "rect", path, "[x0, y0, x1, y1]"), key_path(path, "rect"))
    return PreviousBooth(ref, number, hall_id, *rect, front=front_side(file, item, path))
