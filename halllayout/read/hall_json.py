"""Hall descriptions in JSON: outline, doors, columns, keep-clear areas, aisles and rules.

A hall file (metres, plan x east / y north):

    {"name": "Hall A", "outline": [[0, 0], [144, 0], [144, 90], [0, 90]], "height": 14,
     "entrances": [{"name": "South Gate", "at": [72, 0], "width": 12}],
     "exits": [{"at": [0, 30], "width": 3}],
     "columns": {"origin": [18, 18], "spacing": [36, 27], "size": 1.0},
     "keep_clear": [[[4, 36], [20, 36], [20, 48], [4, 48]]],
     "steps": [{"kind": "ramp", "polygon": [[60, 40], [66, 40], [66, 44], [60, 44]]}],
     "aisles": {"main": 6, "secondary": 3},
     "rules": {"max_travel_distance": 45}}

Every problem is collected: each field, door, column and keep-clear polygon is checked on its own,
and a bad outline leaves out only the checks that need it (doors on it, columns and areas inside it).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import shapely

from halllayout.errors import InputError
from halllayout.model import RULE_FIELDS, STEP_KINDS, Column, Door, Hall, Polygon, Rules, StepArea
from halllayout.read.column_grid import MAX_GRID_POSITIONS, expand_column_grid, grid_positions
from halllayout.read.fields import JsonFile, key_path, show
from halllayout.read.geometry import (
    DOOR_TOLERANCE,
    area_outside,
    column_outside,
    distance_off_wall,
    door_past_corner,
)
from halllayout.read.problems import Problems

#: The id of a hall read on its own, when neither the caller nor the file gives one.
DEFAULT_HALL_ID = "A"
#: Aisle widths in metres where the hall file gives none.
DEFAULT_MAIN_AISLE = 6.0
DEFAULT_SECONDARY_AISLE = 3.0
#: Hall ids prefix booth numbers: ASCII letters and digits only.
HALL_ID = re.compile(r"[A-Za-z0-9]+")
HALL_ID_EXPECTED = "a hall id of letters A-Z and digits 0-9"
#: The members of a hall file. "comment", "notes", "description" and keys starting with "_" or "$"
#: are remarks and ignored; any other key is refused as a likely typo.
HALL_KEYS = (
    "id",
    "name",
    "outline",
    "height",
    "entrances",
    "exits",
    "columns",
    "keep_clear",
    "steps",
    "aisles",
    "rules",
)
REMARK_KEYS = ("comment", "notes", "description")
_DOOR_EXPECTED = 'a door such as {"at": [x, y], "width": 2}'
_COLUMNS_EXPECTED = (
    'a grid {"origin": [x, y], "spacing": [dx, dy], "size": s} or a list of {"at": [x, y], "size": s}'
)


def hall_from_json(doc: JsonFile, value: Any, hall_id: str | None) -> Hall:
    """The hall a parsed JSON document describes (see `halllayout.read.read_hall`); `doc` names the file.

    Raises InputError for one problem, InputErrors for several.
    """
    spec = doc.mapping(value, "", "a JSON object describing a hall")
    problems = Problems()
    check_keys(doc, spec, "", HALL_KEYS, problems)
    checked_id = problems.attempt(_checked_id, doc, spec, hall_id)
    name = problems.attempt(optional_text, doc, spec, "name")
    outline = problems.attempt(_outline, doc, spec)
    shape = shapely.Polygon(outline) if outline is not None else None
    height = problems.attempt(_height, doc, spec)
    entrances = _doors(doc, spec, "entrances", shape, problems)
    exits = _doors(doc, spec, "exits", shape, problems)
    columns = problems.attempt(_columns, doc, optional(spec, "columns", []), shape, problems)
    keep_clear = _keep_clear(doc, optional(spec, "keep_clear", []), shape, problems)
    steps = _steps(doc, optional(spec, "steps", []), shape, problems)
    aisles = problems.attempt(_aisles, doc, optional(spec, "aisles", {}), problems)
    rules = problems.attempt(_rules, doc, optional(spec, "rules", {}), problems)
    problems.raise_any()
    hall_id = checked_id or DEFAULT_HALL_ID
    main, secondary = aisles or (DEFAULT_MAIN_AISLE, DEFAULT_SECONDARY_AISLE)
    return Hall(
        id=hall_id,
        name=name or f"Hall {hall_id}",
        outline=outline or (),
        height=height or 0.0,
        entrances=entrances,
        exits=exits,
        columns=columns or (),
        keep_clear=keep_clear,
        main_aisle=main,
        secondary_aisle=secondary,
        source=doc.source,
        rules=rules or Rules(),
        steps=steps,
    )


def optional(spec: dict[str, Any], key: str, default: Any) -> Any:
    """The member `key` of `spec`, or `default` where it is absent or null."""
    value = spec.get(key)
    return default if value is None else value


def optional_text(doc: JsonFile, spec: dict[str, Any], key: str, path: str = "") -> str:
    """The trimmed text of an optional member, "" where absent."""
    return doc.text(optional(spec, key, ""), key_path(path, key)).strip()


def checked_hall_id(doc: JsonFile, value: Any, path: str) -> str:
    """A hall id: letters and digits."""
    if not (isinstance(value, str) and HALL_ID.fullmatch(value)):
        raise doc.error(path, HALL_ID_EXPECTED, value)
    return value


def check_keys(
    doc: JsonFile, spec: dict[str, Any], path: str, known: tuple[str, ...], problems: Problems
) -> None:
    """A problem for every member of `spec` that is neither known nor a remark."""
    for key in spec:
        if key in known or key in REMARK_KEYS or key.startswith(("_", "$")):
            continue
        message = f"unknown key {show(key)}; expected one of {', '.join(known)}"
        problems.add(InputError(doc.source, message, field=key_path(path, key)))


def _checked_id(doc: JsonFile, spec: dict[str, Any], hall_id: str | None) -> str:
    if hall_id is None:
        return checked_hall_id(doc, optional(spec, "id", DEFAULT_HALL_ID), "id")
    if not HALL_ID.fullmatch(hall_id):
        raise InputError(doc.source, f"expected {HALL_ID_EXPECTED}, got {show(hall_id)}")
    return hall_id


def _outline(doc: JsonFile, spec: dict[str, Any]) -> Polygon:
    value = doc.required(spec, "outline", "", "the hall's inner wall, a list of [x, y] points")
    return doc.polygon(value, "outline")


def _height(doc: JsonFile, spec: dict[str, Any]) -> float:
    return doc.number(doc.required(spec, "height", "", "the wall height in metres"), "height", positive=True)


def _doors(
    doc: JsonFile, spec: dict[str, Any], key: str, shape: shapely.Polygon | None, problems: Problems
) -> tuple[Door, ...]:
    """The entrances (at least one) or exits; a problem for each bad door."""
    if key == "entrances":
        value = problems.attempt(doc.required, spec, key, "", "a list of doors")
    else:
        value = optional(spec, key, [])
    items = problems.attempt(doc.array, value, key, "a list of doors") if value is not None else None
    if items is None:
        return ()
    if key == "entrances" and not items:
        problems.add(doc.error(key, "at least one entrance", items))
    doors = [
        problems.attempt(_door, doc, item, key_path(key, i), shape, problems) for i, item in enumerate(items)
    ]
    return tuple(door for door in doors if door is not None)


def _door(
    doc: JsonFile, value: Any, path: str, shape: shapely.Polygon | None, problems: Problems
) -> Door | None:
    door = doc.mapping(value, path, _DOOR_EXPECTED)
    check_keys(doc, door, path, ("at", "width", "name"), problems)
    at_path, width_path = key_path(path, "at"), key_path(path, "width")
    at_value = problems.attempt(doc.required, door, "at", path, "the door's centre [x, y] on the outline")
    at = problems.attempt(doc.point, at_value, at_path) if at_value is not None else None
    width_value = problems.attempt(doc.required, door, "width", path, "the door's clear width in metres")
    width = (
        problems.attempt(doc.number, width_value, width_path, positive=True)
        if width_value is not None
        else None
    )
    name = problems.attempt(optional_text, doc, door, "name", path)
    if at is None or shape is None:
        return None
    off = distance_off_wall(shape, at)
    if off is not None:
        message = (
            f"expected a point on the outline (within {DOOR_TOLERANCE:g} m), "
            f"got {show(at_value)}, {round(off, 2):g} m from it"
        )
        problems.add(InputError(doc.source, message, field=at_path))
        return None
    past = door_past_corner(shape, at, width) if width is not None else None
    if past is not None:
        problems.add(InputError(doc.source, past, field=width_path))
    if width is None or name is None or past is not None:
        return None
    return Door(at=at, width=width, name=name)


def _columns(
    doc: JsonFile, value: Any, shape: shapely.Polygon | None, problems: Problems
) -> tuple[Column, ...]:
    if isinstance(value, dict):
        return _column_grid(doc, value, shape, problems)
    items = doc.array(value, "columns", _COLUMNS_EXPECTED)
    columns = [
        problems.attempt(_column, doc, item, key_path("columns", i), shape) for i, item in enumerate(items)
    ]
    return tuple(column for column in columns if column is not None)


def _column(doc: JsonFile, value: Any, path: str, shape: shapely.Polygon | None) -> Column:
    column = doc.mapping(value, path, 'a column such as {"at": [x, y], "size": 1}')
    at_value = doc.required(column, "at", path, "the column's centre [x, y]")
    at = doc.point(at_value, key_path(path, "at"))
    size = doc.number(
        doc.required(column, "size", path, "a side in metres"), key_path(path, "size"), positive=True
    )
    if shape is not None and column_outside(shape, at, size):
        raise doc.error(key_path(path, "at"), "a column standing inside the outline", at_value)
    return Column(at=at, size=size)


def _column_grid(
    doc: JsonFile, grid: dict[str, Any], shape: shapely.Polygon | None, problems: Problems
) -> tuple[Column, ...]:
    check_keys(doc, grid, "columns", ("origin", "spacing", "size"), problems)
    origin = doc.point(doc.required(grid, "origin", "columns", "[x, y] of one column"), "columns.origin")
    spacing_value = doc.required(grid, "spacing", "columns", "[dx, dy] in metres")
    spacing = doc.point(spacing_value, "columns.spacing", positive=True)
    size_value = doc.required(grid, "size", "columns", "a side in metres")
    size = doc.number(size_value, "columns.size", positive=True)
    if size >= min(spacing):
        raise doc.error("columns.size", f"a side less than the spacing {show(spacing_value)}", size_value)
    if shape is None:
        return ()
    if grid_positions(origin, spacing, shape.bounds) > MAX_GRID_POSITIONS:
        raise doc.error(
            "columns.spacing", f"at most {MAX_GRID_POSITIONS} grid positions over the outline", spacing_value
        )
    return expand_column_grid(origin, spacing, size, shape)


def _keep_clear(
    doc: JsonFile, value: Any, shape: shapely.Polygon | None, problems: Problems
) -> tuple[Polygon, ...]:
    items = problems.attempt(doc.array, value, "keep_clear", "a list of polygons")
    areas: list[Polygon] = []
    for index, item in enumerate(items or []):
        path = key_path("keep_clear", index)
        polygon = problems.attempt(doc.polygon, item, path)
        if polygon is not None and shape is not None and area_outside(shape, polygon):
            problems.add(doc.error(path, "a polygon inside the outline", item))
        elif polygon is not None:
            areas.append(polygon)
    return tuple(areas)


def _steps(
    doc: JsonFile, value: Any, shape: shapely.Polygon | None, problems: Problems
) -> tuple[StepArea, ...]:
    """Changes of floor level: `[{"kind": "steps" | "ramp", "polygon": [[x, y], ...]}]`."""
    items = problems.attempt(
        doc.array, value, "steps", 'a list of {"kind": "steps" | "ramp", "polygon": [...]}'
    )
    areas: list[StepArea] = []
    for index, item in enumerate(items or []):
        path = key_path("steps", index)
        area = problems.attempt(
            doc.mapping, item, path, '{"kind": "steps" | "ramp", "polygon": [[x, y], ...]}'
        )
        if area is None:
            continue
        check_keys(doc, area, path, ("kind", "polygon", "name"), problems)
        kind = area.get("kind", "steps")
        if kind not in STEP_KINDS:
            problems.add(doc.error(key_path(path, "kind"), '"steps" or "ramp"', kind))
            continue
        polygon = problems.attempt(doc.polygon, area.get("polygon"), key_path(path, "polygon"))
        if polygon is not None and shape is not None and area_outside(shape, polygon):
            problems.add(
                doc.error(key_path(path, "polygon"), "a polygon inside the outline", area.get("polygon"))
            )
        elif polygon is not None:
            areas.append(StepArea(kind, polygon))
    return tuple(areas)


def _aisles(doc: JsonFile, value: Any, problems: Problems) -> tuple[float, float]:
    aisles = doc.mapping(value, "aisles", '{"main": 6, "secondary": 3}')
    check_keys(doc, aisles, "aisles", ("main", "secondary"), problems)
    main = problems.attempt(_positive, doc, aisles, "aisles", "main")
    secondary = problems.attempt(_positive, doc, aisles, "aisles", "secondary")
    return main or DEFAULT_MAIN_AISLE, secondary or DEFAULT_SECONDARY_AISLE


def _rules(doc: JsonFile, value: Any, problems: Problems) -> Rules:
    """`model.Rules` with the file's overrides, each a positive number; an unknown rule is a problem."""
    rules = doc.mapping(value, "rules", 'overrides of the rules\' limits in metres, e.g. {"max_dead_end": 5}')
    overrides: dict[str, float] = {}
    for key in rules:
        if key not in RULE_FIELDS:
            message = f"unknown rule {show(key)}; the rules are {', '.join(RULE_FIELDS)}"
            problems.add(InputError(doc.source, message, field=key_path("rules", key)))
            continue
        number = problems.attempt(_positive, doc, rules, "rules", key)
        if number is not None:
            overrides[key] = number
    return dataclasses.replace(Rules(), **overrides)


def _positive(doc: JsonFile, spec: dict[str, Any], path: str, key: str) -> float | None:
    """The positive number at `spec[key]`, None where absent or null."""
    value = spec.get(key)
    return None if value is None else doc.number(value, key_path(path, key), positive=True)
