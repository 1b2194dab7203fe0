"""`layout.json`: the laid-out fair as one JSON document, read by the viewer and later stages.

Format `halllayout/layout@1`: the fair's name, each hall (outline, doors, columns, keep-clear areas,
aisle widths and a spawn point for visitors) and each booth (number, ref, exhibitor, hall, plan
rectangle [x0, y0, x1, y1], the side it faces, its open sides and the request's other fields).
Lengths are metres rounded to the millimetre; the same layout always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from halllayout.layout.floor import inward_normal
from halllayout.model import Door, Hall, Layout, PlacedBooth

FORMAT = "halllayout/layout@1"
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


def hall_document(hall: Hall) -> dict[str, Any]:
    """One hall as it appears in layout.json."""
    return {
        "id": hall.id,
        "name": hall.name,
        "outline": [_point(p) for p in hall.outline],
        "height": _mm(hall.height),
        "entrances": [_door(d) for d in hall.entrances],
        "exits": [_door(d) for d in hall.exits],
        "columns": [{"at": _point(c.at), "size": _mm(c.size)} for c in hall.columns],
        "keep_clear": [[_point(p) for p in polygon] for polygon in hall.keep_clear],
        "aisles": {"main": _mm(hall.main_aisle), "secondary": _mm(hall.secondary_aisle)},
        "spawn": spawn(hall),
    }


def booth_document(booth: PlacedBooth) -> dict[str, Any]:
    """One booth as it appears in layout.json."""
    r = booth.request
    return {
        "number": booth.number,
        "ref": r.ref,
        "exhibitor": r.exhibitor,
        "hall": booth.hall_id,
        "rect": [_mm(booth.x0), _mm(booth.y0), _mm(booth.x1), _mm(booth.y1)],
        "front": booth.front,
        "open_sides": list(booth.open_sides),
        "type": r.type,
        "zone": r.zone,
        "country": r.country,
        "tier": r.tier,
        "products": list(r.products),
    }


def layout_document(layout: Layout) -> dict[str, Any]:
    """The whole layout as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "fair": {"name": layout.fair.name},
        "halls": [hall_document(h) for h in layout.fair.halls],
        "booths": [booth_document(b) for b in layout.booths],
    }


def layout_json(layout: Layout) -> bytes:
    """layout.json's bytes: UTF-8, Chinese kept readable, two-space indented, newline-terminated."""
    return (json.dumps(layout_document(layout), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
