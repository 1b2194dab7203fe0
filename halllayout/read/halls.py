"""Hall and fair descriptions: JSON files of outlines, doors, columns and keep-clear areas.

A hall file (metres, plan x east / y north):

    {"name": "Hall A", "outline": [[0, 0], [144, 0], [144, 90], [0, 90]], "height": 14,
     "entrances": [{"name": "South Gate", "at": [72, 0], "width": 12}],
     "exits": [{"at": [0, 30], "width": 3}],
     "columns": {"origin": [18, 18], "spacing": [36, 27], "size": 1.0},
     "keep_clear": [[[4, 36], [20, 36], [20, 48], [4, 48]]],
     "aisles": {"main": 6, "secondary": 3}}

A fair file lists halls by id and file, the files relative to the fair file:

    {"name": "Autumn Trade Fair", "halls": [{"id": "A", "spec": "hall-a.json", "zones": ["Machinery"]}]}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import shapely

from halllayout.errors import InputError
from halllayout.model import Column, Door, Fair, Hall
from halllayout.read.column_grid import MAX_GRID_POSITIONS, expand_column_grid, grid_positions
from halllayout.read.fields import JsonFile, key_path, show

#: The id of a hall read on its own, when neither the caller nor the file gives one.
DEFAULT_HALL_ID = "A"
#: Aisle widths in metres where the hall file gives none.
DEFAULT_MAIN_AISLE = 6.0
DEFAULT_SECONDARY_AISLE = 3.0
#: How far a door's centre may lie from the outline, in metres.
DOOR_TOLERANCE = 0.5
#: Hall ids prefix booth numbers: ASCII letters and digits only.
HALL_ID = re.compile(r"[A-Za-z0-9]+")
_HALL_ID_EXPECTED = "a hall id of letters A-Z and digits 0-9"
_DOOR_EXPECTED = 'a door such as {"at": [x, y], "width": 2}'
_COLUMNS_EXPECTED = (
    'a grid {"origin": [x, y], "spacing": [dx, dy], "size": s} or a list of {"at": [x, y], "size": s}'
)


def read_hall(path: Path, hall_id: str | None = None) -> Hall:
    """Read a hall JSON file; messages name the file by `path.name`.

    The id is `hall_id`, else the file's top-level "id", else "A"; the name is the file's "name",
    else "Hall <id>". Required: `outline` (a simple polygon of at least 3 points, either orientation;
    it is returned counter-clockwise), `height` (the wall height, metres: the walls need it, so there
    is no default) and `entrances` (at least one). Optional: `exits`, `columns` (a grid, expanded over
    the outline, or a list), `keep_clear` polygons and `aisles` (main 6 m, secondary 3 m by default).
    Door centres must lie within 0.5 m of the outline and are kept as given; columns must stand inside
    it. Unknown keys, and `rules`, are ignored. Raises InputError naming the field and the bad value.
    """
    return _read_hall(path, path.name, hall_id)


def read_fair(path: Path) -> Fair:
    """Read a fair JSON file and the hall files it names, relative to its folder.

    Each hall entry is `{"id", "spec", "zones"?}`; ids are letters and digits, unique regardless of
    case. The name defaults to the file's stem. `zones` are checked (texts, no zone in two halls)
    but not yet kept: the model has no place for them. Errors inside a hall file name that file.
    """
    doc = JsonFile(path.name)
    spec = doc.mapping(doc.load(path), "", "a JSON object describing a fair")
    name = _optional_text(doc, spec, "name") or path.stem
    entries = doc.array(doc.required(spec, "halls", "", "a list of halls"), "halls", "a list of halls")
    if not entries:
        raise doc.error("halls", "at least one hall", entries)
    halls: list[Hall] = []
    zone_owner: dict[str, str] = {}
    for index, entry in enumerate(entries):
        entry_path = key_path("halls", index)
        halls.append(_fair_hall(doc, entry, entry_path, path.parent, halls))
        _claim_zones(doc, entry, entry_path, zone_owner)
    return Fair(name=name, halls=tuple(halls))


def single_hall_fair(hall: Hall) -> Fair:
    """A fair of one hall, named after it."""
    return Fair(name=hall.name, halls=(hall,))


def _read_hall(path: Path, source: str, hall_id: str | None) -> Hall:
    doc = JsonFile(source)
    return _hall(doc, doc.load(path), hall_id)


def _fair_hall(doc: JsonFile, value: Any, path: str, folder: Path, earlier: list[Hall]) -> Hall:
    entry = doc.mapping(value, path, 'a hall such as {"id": "A", "spec": "hall-a.json"}')
    id_path = key_path(path, "id")
    hall_id = _hall_id(doc, doc.required(entry, "id", path, _HALL_ID_EXPECTED), id_path)
    for index, hall in enumerate(earlier):
        if hall.id.upper() == hall_id.upper():
            raise doc.error(id_path, f"a hall id not used before (halls[{index}] has {hall.id})", hall_id)
    spec_path = key_path(path, "spec")
    spec = doc.text(doc.required(entry, "spec", path, "the hall file's path"), spec_path, "a file path")
    if not spec.strip():
        raise doc.error(spec_path, "a file path", spec)
    hall_doc = JsonFile(spec)
    try:
        data = (folder / spec).read_bytes()
    except OSError as error:
        raise InputError(
            doc.source, f'cannot read "{spec}": {error.strerror or error}', field=spec_path
        ) from error
    return _hall(hall_doc, hall_doc.parse(data), hall_id)


def _claim_zones(doc: JsonFile, entry: dict[str, Any], path: str, owner: dict[str, str]) -> None:
    zones_path = key_path(path, "zones")
    zones = doc.array(_optional(entry, "zones", []), zones_path, "a list of zone names")
    for index, zone in enumerate(zones):
        zone_path = key_path(zones_path, index)
        if not (isinstance(zone, str) and zone.strip()):
            raise doc.error(zone_path, "a zone name", zone)
        if owner.setdefault(zone.strip(), path) != path:
            raise doc.error(
                zone_path, f"a zone not pinned to another hall ({owner[zone.strip()]} has it)", zone
            )


def _hall(doc: JsonFile, value: Any, hall_id: str | None) -> Hall:
    spec = doc.mapping(value, "", "a JSON object describing a hall")
    if hall_id is None:
        hall_id = _hall_id(doc, _optional(spec, "id", DEFAULT_HALL_ID), "id")
    elif not HALL_ID.fullmatch(hall_id):
        raise InputError(doc.source, f"expected {_HALL_ID_EXPECTED}, got {show(hall_id)}")
    outline_value = doc.required(spec, "outline", "", "the hall's inner wall, a list of [x, y] points")
    outline = doc.polygon(outline_value, "outline")
    shape = shapely.Polygon(outline)
    height = doc.required(spec, "height", "", "the wall height in metres")
    aisles = doc.mapping(_optional(spec, "aisles", {}), "aisles", '{"main": 6, "secondary": 3}')
    return Hall(
        id=hall_id,
        name=_optional_text(doc, spec, "name") or f"Hall {hall_id}",
        outline=outline,
        height=doc.number(height, "height", positive=True),
        entrances=_doors(doc, spec, "entrances", shape),
        exits=_doors(doc, spec, "exits", shape),
        columns=_columns(doc, _optional(spec, "columns", []), shape),
        keep_clear=_keep_clear(doc, _optional(spec, "keep_clear", [])),
        main_aisle=_aisle(doc, aisles, "main", DEFAULT_MAIN_AISLE),
        secondary_aisle=_aisle(doc, aisles, "secondary", DEFAULT_SECONDARY_AISLE),
        source=doc.source,
    )


def _optional(spec: dict[str, Any], key: str, default: Any) -> Any:
    value = spec.get(key)
    return default if value is None else value


def _optional_text(doc: JsonFile, spec: dict[str, Any], key: str, path: str = "") -> str:
    return doc.text(_optional(spec, key, ""), key_path(path, key)).strip()


def _hall_id(doc: JsonFile, value: Any, path: str) -> str:
    if not (isinstance(value, str) and HALL_ID.fullmatch(value)):
        raise doc.error(path, _HALL_ID_EXPECTED, value)
    return value


def _doors(doc: JsonFile, spec: dict[str, Any], key: str, shape: shapely.Polygon) -> tuple[Door, ...]:
    """The entrances (at least one) or exits."""
    entrances = key == "entrances"
    value = doc.required(spec, key, "", "a list of doors") if entrances else _optional(spec, key, [])
    items = doc.array(value, key, "a list of doors")
    if entrances and not items:
        raise doc.error(key, "at least one entrance", items)
    return tuple(_door(doc, item, key_path(key, index), shape) for index, item in enumerate(items))


def _door(doc: JsonFile, value: Any, path: str, shape: shapely.Polygon) -> Door:
    door = doc.mapping(value, path, _DOOR_EXPECTED)
    at_path = key_path(path, "at")
    at_value = doc.required(door, "at", path, "the door's centre [x, y] on the outline")
    at = doc.point(at_value, at_path)
    off = shape.exterior.distance(shapely.Point(at))
    if off > DOOR_TOLERANCE:
        raise InputError(
            doc.source,
            f"expected a point on the outline (within {DOOR_TOLERANCE:g} m), "
            f"got {show(at_value)}, {round(off, 2):g} m from it",
            field=at_path,
        )
    width = doc.required(door, "width", path, "the door's clear width in metres")
    return Door(
        at=at,
        width=doc.number(width, key_path(path, "width"), positive=True),
        name=_optional_text(doc, door, "name", path),
    )


def _columns(doc: JsonFile, value: Any, shape: shapely.Polygon) -> tuple[Column, ...]:
    if isinstance(value, dict):
        return _column_grid(doc, value, shape)
    items = doc.array(value, "columns", _COLUMNS_EXPECTED)
    return tuple(_column(doc, item, key_path("columns", index), shape) for index, item in enumerate(items))


def _column(doc: JsonFile, value: Any, path: str, shape: shapely.Polygon) -> Column:
    column = doc.mapping(value, path, 'a column such as {"at": [x, y], "size": 1}')
    at_value = doc.required(column, "at", path, "the column's centre [x, y]")
    at = doc.point(at_value, key_path(path, "at"))
    size = doc.number(
        doc.required(column, "size", path, "a side in metres"), key_path(path, "size"), positive=True
    )
    half = size / 2
    if not shape.covers(shapely.box(at[0] - half, at[1] - half, at[0] + half, at[1] + half)):
        raise doc.error(key_path(path, "at"), "a column standing inside the outline", at_value)
    return Column(at=at, size=size)


def _column_grid(doc: JsonFile, grid: dict[str, Any], shape: shapely.Polygon) -> tuple[Column, ...]:
    origin = doc.point(doc.required(grid, "origin", "columns", "[x, y] of one column"), "columns.origin")
    spacing_value = doc.required(grid, "spacing", "columns", "[dx, dy] in metres")
    spacing = doc.point(spacing_value, "columns.spacing", positive=True)
    size_value = doc.required(grid, "size", "columns", "a side in metres")
    size = doc.number(size_value, "columns.size", positive=True)
    if size >= min(spacing):
        raise doc.error("columns.size", f"a side less than the spacing {show(spacing_value)}", size_value)
    if grid_positions(origin, spacing, shape.bounds) > MAX_GRID_POSITIONS:
        raise doc.error(
            "columns.spacing", f"at most {MAX_GRID_POSITIONS} grid positions over the outline", spacing_value
        )
    return expand_column_grid(origin, spacing, size, shape)


def _keep_clear(doc: JsonFile, value: Any) -> tuple[tuple[tuple[float, float], ...], ...]:
    items = doc.array(value, "keep_clear", "a list of polygons")
    return tuple(doc.polygon(item, key_path("keep_clear", index)) for index, item in enumerate(items))


def _aisle(doc: JsonFile, aisles: dict[str, Any], key: str, default: float) -> float:
    value = aisles.get(key)
    return default if value is None else doc.number(value, key_path("aisles", key), positive=True)
