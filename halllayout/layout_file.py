"""`layout.json`: the laid-out fair as one JSON document, read by the viewer and later stages.

Format `halllayout/layout@2`, described by `halllayout/schema/layout.schema.json`: the fair's name;
each hall with its outline, doors, columns, keep-clear areas, aisle widths, rule limits, a spawn point
for visitors, its aisles (polygons with their kind) and its booths (number, ref, exhibitor, zone, type,
the number of open sides and which, the footprint's four corners, the plan rectangle
[x0, y0, x1, y1], the side it faces and the request's other fields) and its vacant booth spots
(footprint, rectangle, the side each faces and the number its last booth had); then the booths that
could not be placed, each with its reason, and the layout's metrics and rule report when given.
Lengths are metres rounded to the millimetre; the same layout always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from halllayout.layout.doors import inward_normal
from halllayout.model import (
    RULE_FIELDS,
    Aisle,
    BoothRequest,
    Door,
    Hall,
    Layout,
    PlacedBooth,
    Unplaced,
    Vacancy,
)

FORMAT = "halllayout/layout@2"
#: How far inside the first entrance a visitor starts (metres).
SPAWN_DISTANCE = 4.0


def _mm(value: float) -> float:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _point(p: tuple[float, float]) -> list[float]:
    return [_mm(p[0]), _mm(p[1])]


def _door(door: Door) -> dict[str, Any]:
    return {"name": door.name, "at": _point(door.at), "width": _mm(door.width)}


def spawn(hall: Hall) -> dict[str, Any]:
    """Where a visitor starts: SPAWN_DISTANCE inside the first entrance (or exit), looking in."""
    doors = hall.entrances or hall.exits
    if not doors:
        xs = [p[0] for p in hall.outline]
        ys = [p[1] for p in hall.outline]
        return {"at": _point(((min(xs) + max(xs)) / 2, min(ys) + SPAWN_DISTANCE)), "heading": [0, 1]}
    nx, ny = inward_normal(hall.outline, doors[0])
    at = (doors[0].at[0] + nx * SPAWN_DISTANCE, doors[0].at[1] + ny * SPAWN_DISTANCE)
    return {"at": _point(at), "heading": [_mm(nx), _mm(ny)]}


def aisle_document(aisle: Aisle) -> dict[str, Any]:
    """One aisle: its kind, clear width and rectangle as a counter-clockwise polygon."""
    x0, y0, x1, y1 = aisle.x0, aisle.y0, aisle.x1, aisle.y1
    return {
        "kind": aisle.kind,
        "width": _mm(aisle.width),
        "polygon": [_point(p) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))],
    }


def hall_document(hall: Hall, layout: Layout | None = None) -> dict[str, Any]:
    """One hall as it appears in layout.json, with its aisles and booths when `layout` is given."""
    document = {
        "id": hall.id,
        "name": hall.name,
        "outline": [_point(p) for p in hall.outline],
        "height": _mm(hall.height),
        "entrances": [_door(d) for d in hall.entrances],
        "exits": [_door(d) for d in hall.exits],
        "columns": [{"at": _point(c.at), "size": _mm(c.size)} for c in hall.columns],
        "keep_clear": [[_point(p) for p in polygon] for polygon in hall.keep_clear],
        "steps": [{"kind": a.kind, "polygon": [_point(p) for p in a.polygon]} for a in hall.steps],
        "aisle_widths": {"main": _mm(hall.main_aisle), "secondary": _mm(hall.secondary_aisle)},
        "rules": {name: _mm(getattr(hall.rules, name)) for name in RULE_FIELDS},
        "zones": list(hall.zones),
        "spawn": spawn(hall),
    }
    if layout is not None:
        document["aisles"] = [aisle_document(a) for a in layout.aisles_in(hall.id)]
        document["booths"] = [booth_document(b) for b in layout.booths_in(hall.id)]
        document["vacant"] = [vacancy_document(v) for v in layout.vacant_in(hall.id)]
    return document


def booth_document(booth: PlacedBooth) -> dict[str, Any]:
    """One booth as it appears in layout.json."""
    r = booth.request
    x0, y0, x1, y1 = _mm(booth.x0), _mm(booth.y0), _mm(booth.x1), _mm(booth.y1)
    return {
        "number": booth.number,
        "ref": r.ref,
        "exhibitor": r.exhibitor,
        "hall": booth.hall_id,
        "zone": r.zone,
        "type": r.type,
        "open_sides": len(booth.open_sides),
        "open": list(booth.open_sides),
        "footprint": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
        "rect": [x0, y0, x1, y1],
        "front": booth.front,
        **_request_details(r),
    }


def vacancy_document(vacancy: Vacancy) -> dict[str, Any]:
    """One vacant booth spot as it appears in layout.json."""
    x0, y0, x1, y1 = _mm(vacancy.x0), _mm(vacancy.y0), _mm(vacancy.x1), _mm(vacancy.y1)
    return {
        "number": vacancy.number,
        "footprint": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
        "rect": [x0, y0, x1, y1],
        "front": vacancy.front,
    }


def _request_details(r: BoothRequest) -> dict[str, Any]:
    """What a booth request asked for beyond its ref, name, zone and type: placed or not, it is kept."""
    return {
        "width": _mm(r.width),
        "depth": _mm(r.depth),
        "country": r.country,
        "tier": r.tier,
        "keep_apart": list(r.keep_apart),
        "products": list(r.products),
        "exhibitor_en": r.exhibitor_en,
        "colour": r.colour,
        "description": r.description,
        "website": r.website,
        "live_stream": r.live_stream,
        "live_from": r.live_from,
        "live_until": r.live_until,
    }


def unplaced_document(item: Unplaced) -> dict[str, Any]:
    """A booth that found no room: its request as the list gave it, where it was asked for, and why."""
    r = item.request
    return {
        "ref": r.ref,
        "exhibitor": r.exhibitor,
        "zone": r.zone,
        "type": r.type,
        **_request_details(r),
        "source": {"file": r.source.file, "row": r.source.row},
        "reason": item.reason,
    }


def layout_document(
    layout: Layout, metrics: dict[str, Any] | None = None, report: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The whole layout as a JSON-ready dict, with the metrics and rule report when given."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "fair": {"name": layout.fair.name},
        "halls": [hall_document(h, layout) for h in layout.fair.halls],
        "unplaced": [unplaced_document(u) for u in layout.unplaced],
    }
    if metrics is not None:
        document["metrics"] = metrics
    if report is not None:
        document["report"] = report
    return document


def layout_json(
    layout: Layout, metrics: dict[str, Any] | None = None, report: dict[str, Any] | None = None
) -> bytes:
    """layout.json's bytes: UTF-8, Chinese kept readable, compact, one booth per line, newline-terminated.

    A fair of 60,000 booths makes a file of tens of megabytes, so booths and aisles are written one per
    line rather than fully indented.
    """
    return (_dump(layout_document(layout, metrics, report), 0) + "\n").encode("utf-8")


def _dump(value: Any, depth: int) -> str:
    """JSON with objects and lists of objects broken over lines down to booth level, leaves on one line."""
    if depth < 3 and isinstance(value, dict) and value:
        pad = "  " * (depth + 1)
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if depth < 4 and isinstance(value, list) and value and isinstance(value[0], dict):
        pad = "  " * (depth + 1)
        return "[\n" + ",\n".join(pad + _dump(v, depth + 1) for v in value) + "\n" + "  " * depth + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
