"""A previous `layout.json` (format `halllayout/layout@2`), read back for an incremental re-layout.

Only what re-laying out needs: each hall's booths (ref, number, rectangle, facing) and aisles. An
organiser who moves or renumbers a booth by editing its `number` and `rect` pins it there: the next
run keeps it exactly so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from halllayout.errors import InputError
from halllayout.layout_file import FORMAT
from halllayout.model import AISLE_KINDS, SIDES, Aisle, PreviousBooth, PreviousLayout
from halllayout.read.fields import JsonFile, key_path
from halllayout.read.problems import Problems


def read_previous_layout(path: Path) -> PreviousLayout:
    """Read a layout.json written by `halllayout build`; every problem is reported at once."""
    file = JsonFile(path.name)
    document = file.mapping(file.load(path), "", "a layout.json object")
    if document.get("format") != FORMAT:
        raise file.error(
            "format", f'"{FORMAT}" (a layout.json written by halllayout build)', document.get("format")
        )
    problems = Problems()
    booths: list[PreviousBooth] = []
    aisles: list[Aisle] = []
    seen: dict[str, str] = {}
    halls = file.array(file.required(document, "halls", "", "a list of halls"), "halls")
    for h, hall in enumerate(halls):
        where = key_path("halls", h)
        hall = problems.attempt(file.mapping, hall, where)
        if hall is None:
            continue
        hall_id = problems.attempt(file.text, hall.get("id"), key_path(where, "id"), "a hall id")
        if hall_id is None:
            continue
        for b, item in enumerate(
            problems.attempt(file.array, hall.get("booths", []), key_path(where, "booths")) or []
        ):
            booth = problems.attempt(_booth, file, item, key_path(key_path(where, "booths"), b), hall_id)
            if booth is None:
                continue
            if booth.ref in seen:
                problems.add(
                    InputError(
                        file.source,
                        f'ref "{booth.ref}" appears twice, also at {seen[booth.ref]}',
                        field=key_path(key_path(where, "booths"), b),
                    )
                )
                continue
            seen[booth.ref] = key_path(key_path(where, "booths"), b)
            booths.append(booth)
        for a, item in enumerate(
            problems.attempt(file.array, hall.get("aisles", []), key_path(where, "aisles")) or []
        ):
            aisle = problems.attempt(_aisle, file, item, key_path(key_path(where, "aisles"), a), hall_id)
            if aisle is not None:
                aisles.append(aisle)
    problems.raise_any()
    return PreviousLayout(file.source, tuple(booths), tuple(aisles))


def _rect(file: JsonFile, value: Any, path: str) -> tuple[float, float, float, float]:
    items = file.array(value, path, "[x0, y0, x1, y1] numbers")
    if len(items) != 4:
        raise file.error(path, "[x0, y0, x1, y1] numbers", value)
    x0, y0, x1, y1 = (file.number(v, key_path(path, i)) for i, v in enumerate(items))
    if x1 <= x0 or y1 <= y0:
        raise file.error(path, "x0 < x1 and y0 < y1", value)
    return (x0, y0, x1, y1)


def _booth(file: JsonFile, value: Any, path: str, hall_id: str) -> PreviousBooth:
    item = file.mapping(value, path, "a booth")
    ref = file.text(file.required(item, "ref", path, "the booth's ref"), key_path(path, "ref"))
    number = file.text(file.required(item, "number", path, "the booth number"), key_path(path, "number"))
    rect = _rect(file, file.required(item, "rect", path, "[x0, y0, x1, y1]"), key_path(path, "rect"))
    front = item.get("front", "S")
    if front not in SIDES:
        raise file.error(key_path(path, "front"), "one of N, E, S, W", front)
    return PreviousBooth(ref, number, hall_id, *rect, front=front)


def _aisle(file: JsonFile, value: Any, path: str, hall_id: str) -> Aisle:
    item = file.mapping(value, path, "an aisle")
    kind = item.get("kind")
    if kind not in AISLE_KINDS:
        raise file.error(key_path(path, "kind"), "one of " + ", ".join(AISLE_KINDS), kind)
    polygon = file.polygon(
        file.required(item, "polygon", path, "the aisle's corners"), key_path(path, "polygon")
    )
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    if len(polygon) != 4 or len(set(xs)) != 2 or len(set(ys)) != 2:
        raise file.error(key_path(path, "polygon"), "an axis-aligned rectangle of 4 corners", item["polygon"])
    return Aisle(hall_id, kind, min(xs), min(ys), max(xs), max(ys))
