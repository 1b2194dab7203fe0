"""A `layout.json` written by `halllayout build` (format `halllayout/layout@2`), read back as a `Layout`.

For building the halls' scenes again without laying them out again: after an organiser edited the
layout, or once the exhibitors' product models have come in. Everything `layout_file` writes about a
hall, its aisles, booths and vacant booth spots, and the unplaced booths is read back (a file of an
earlier release, without vacant spots, reads as having none); the metrics, the rule report and
what is derived (`open_sides`, `footprint`, `spawn`) are not. Lengths were written to the millimetre.

The `format` is checked first: a file of another version is refused with one message saying which
version it is and what to do. Otherwise every problem is reported at once, each naming its field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from halllayout.errors import InputError
from halllayout.layout_file import FORMAT
from halllayout.model import (
    AISLE_KINDS,
    BOOTH_TYPES,
    RULE_FIELDS,
    SIDES,
    STEP_KINDS,
    TIERS,
    Aisle,
    BoothRequest,
    Column,
    Door,
    Fair,
    Hall,
    Layout,
    PlacedBooth,
    Rules,
    Side,
    Source,
    StepArea,
    Unplaced,
    Vacancy,
)
from halllayout.read.fields import JsonFile, key_path, show
from halllayout.read.hall_json import checked_hall_id, optional
from halllayout.read.problems import Problems
from halllayout.read.rows import is_web_address

_VERSIONED = re.compile(r"halllayout/layout@(\d+)")
_COLOUR = re.compile(r"(#[0-9a-f]{6})?")


def read_layout(path: Path) -> Layout:
    """Read a layout.json written by `halllayout build`; messages name it by `path.name`.

    Raises InputError for a file that is not a layout.json of the current format (one message), or
    InputError / InputErrors for the problems found in its halls, aisles and booths, all at once.
    """
    file = JsonFile(path.name)
    document = file.mapping(file.load(path), "", "a layout.json object")
    check_format(file, document)
    problems = Problems()
    fair = problems.attempt(file.mapping, document.get("fair"), "fair", 'the fair, {"name": ...}')
    name = problems.attempt(_text, file, fair, "name", "fair") if fair is not None else None
    halls: list[Hall] = []
    booths: list[PlacedBooth] = []
    aisles: list[Aisle] = []
    vacant: list[Vacancy] = []
    refs = Unique(file, problems, "ref")
    numbers = Unique(file, problems, "booth number")
    hall_ids = Unique(file, problems, "hall id")
    for where, value in each(file, document, "halls", "", problems, required=True):
        item = problems.attempt(file.mapping, value, where, "a hall")
        hall_id = problems.attempt(checked_hall_id, file, (item or {}).get("id"), key_path(where, "id"))
        if item is None or hall_id is None:
            continue
        hall_ids.first(hall_id, key_path(where, "id"), hall_id.upper())
        hall = _hall(file, item, where, hall_id, problems)
        if hall is not None:
            halls.append(hall)
        for at, value in each(file, item, "aisles", where, problems):
            aisle = problems.attempt(aisle_from_json, file, value, at, hall_id)
            if aisle is not None:
                aisles.append(aisle)
        for at, value in each(file, item, "booths", where, problems):
            booth = problems.attempt(_placed_booth, file, value, at, hall_id)
            if booth is None:
                continue
            unique = numbers.first(booth.number, key_path(at, "number"))
            if refs.first(booth.request.ref, at) and unique:
                booths.append(booth)
        for at, value in each(file, item, "vacant", where, problems):
            spot = problems.attempt(vacancy_from_json, file, value, at, hall_id)
            if spot is not None and (not spot.number or numbers.first(spot.number, key_path(at, "number"))):
                vacant.append(spot)
    unplaced: list[Unplaced] = []
    for at, value in each(file, document, "unplaced", "", problems):
        left = problems.attempt(_unplaced, file, value, at)
        if left is not None and refs.first(left.request.ref, at):
            unplaced.append(left)
    problems.raise_any()
    assert name is not None
    laid_out = Fair(name, tuple(halls), source=file.source)
    return Layout(laid_out, tuple(booths), tuple(aisles), tuple(unplaced), tuple(vacant))


def check_format(file: JsonFile, document: dict[str, Any]) -> None:
    """Refuse a document whose `format` is not FORMAT, saying which version it is and what to do.

    >>> check_format(JsonFile("old.json"), {"format": "halllayout/layout@1"})
    Traceback (most recent call last):
    ...
    halllayout.errors.InputError: old.json, field format: expected "halllayout/layout@2", got \
"halllayout/layout@1": the file was written by an older halllayout; rebuild it with `halllayout build`
    """
    found = document.get("format")
    if found == FORMAT:
        return
    expected = f'"{FORMAT}" (a layout.json written by halllayout build)'
    if found is None:
        raise InputError(file.source, f"missing; expected {expected}", field="format")
    version = _VERSIONED.fullmatch(found) if isinstance(found, str) else None
    current = _VERSIONED.fullmatch(FORMAT)
    assert current is not None
    if version is None:
        raise file.error("format", expected, found)
    if int(version[1]) < int(current[1]):
        advice = "the file was written by an older halllayout; rebuild it with `halllayout build`"
    else:
        advice = "the file was written by a newer halllayout; read it with that version"
    raise InputError(file.source, f'expected "{FORMAT}", got {show(found)}: {advice}', field="format")


def each(
    file: JsonFile, parent: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = False
) -> Iterator[tuple[str, Any]]:
    """The field path and value of every item of the list `parent[key]` (absent: none, unless `required`);
    a problem where it is not a list."""
    where = key_path(path, key)
    value = parent.get(key)
    if value is None and not required:
        return
    if value is None:
        problems.add(InputError(file.source, "missing; expected a list", field=where))
        return
    for index, item in enumerate(problems.attempt(file.array, value, where) or []):
        yield key_path(where, index), item


class Unique:
    """Values that must be unique (booth refs, numbers, hall ids), met so far and where."""

    def __init__(self, file: JsonFile, problems: Problems, what: str) -> None:
        self.file = file
        self.problems = problems
        self.what = what
        self.seen: dict[str, str] = {}

    def first(self, value: str, path: str, key: str | None = None) -> bool:
        """Whether `value` (compared as `key`, by default itself) is met for the first time at `path`;
        if not, the problem is kept."""
        key = value if key is None else key
        if key in self.seen:
            message = f"{self.what} {show(value)} appears twice, also at {self.seen[key]}"
            self.problems.add(InputError(self.file.source, message, field=path))
            return False
        self.seen[key] = path
        return True


def plan_rect(file: JsonFile, value: Any, path: str) -> tuple[float, float, float, float]:
    """A booth's plan rectangle [x0, y0, x1, y1], x0 < x1 and y0 < y1."""
    items = file.array(value, path, "[x0, y0, x1, y1] numbers")
    if len(items) != 4:
        raise file.error(path, "[x0, y0, x1, y1] numbers", value)
    x0, y0, x1, y1 = (file.number(v, key_path(path, i)) for i, v in enumerate(items))
    if x1 <= x0 or y1 <= y0:
        raise file.error(path, "x0 < x1 and y0 < y1", value)
    return (x0, y0, x1, y1)


def front_side(file: JsonFile, item: dict[str, Any], path: str) -> Side:
    """The side a booth faces, "S" where not given."""
    return _side(file, optional(item, "front", "S"), key_path(path, "front"))


def _side(file: JsonFile, value: Any, path: str) -> Side:
    side = next((s for s in SIDES if s == value), None)
    if side is None:
        raise file.error(path, "one of N, E, S, W", value)
    return side


def aisle_from_json(file: JsonFile, value: Any, path: str, hall_id: str) -> Aisle:
    """An aisle of layout.json: its kind and its polygon, an axis-aligned rectangle."""
    item = file.mapping(value, path, "an aisle")
    kind = next((k for k in AISLE_KINDS if k == item.get("kind")), None)
    if kind is None:
        raise file.error(key_path(path, "kind"), "one of " + ", ".join(AISLE_KINDS), item.get("kind"))
    polygon = file.polygon(
        file.required(item, "polygon", path, "the aisle's corners"), key_path(path, "polygon")
    )
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    if len(polygon) != 4 or len(set(xs)) != 2 or len(set(ys)) != 2:
        raise file.error(key_path(path, "polygon"), "an axis-aligned rectangle of 4 corners", item["polygon"])
    return Aisle(hall_id, kind, min(xs), min(ys), max(xs), max(ys))


def vacancy_from_json(file: JsonFile, value: Any, path: str, hall_id: str) -> Vacancy:
    """A vacant booth spot of layout.json: its plan rectangle, the side it faces and its number ("" for
    none)."""
    item = file.mapping(value, path, "a vacant booth spot")
    rect = plan_rect(file, file.required(item, "rect", path, "[x0, y0, x1, y1]"), key_path(path, "rect"))
    number = _optional_text(file, item, "number", path)
    return Vacancy(hall_id, *rect, front=front_side(file, item, path), number=number)


def _text(file: JsonFile, item: dict[str, Any], key: str, path: str, expected: str = "a text") -> str:
    return file.text(file.required(item, key, path, expected), key_path(path, key))


def _optional_text(file: JsonFile, item: dict[str, Any], key: str, path: str) -> str:
    return file.text(optional(item, key, ""), key_path(path, key))


def _step_area(file: JsonFile, value: Any, path: str) -> StepArea:
    area = file.mapping(value, path, '{"kind": "steps" | "ramp", "polygon": [[x, y], ...]}')
    kind = area.get("kind")
    if kind not in STEP_KINDS:
        raise file.error(key_path(path, "kind"), '"steps" or "ramp"', kind)
    return StepArea(kind, file.polygon(area.get("polygon"), key_path(path, "polygon")))


def _texts(file: JsonFile, item: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    where = key_path(path, key)
    values = file.array(optional(item, key, []), where, "a list of texts")
    return tuple(file.text(v, key_path(where, i)) for i, v in enumerate(values))


def _choice(file: JsonFile, item: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
    value = optional(item, key, choices[0])
    if value not in choices:
        raise file.error(key_path(path, key), "one of " + ", ".join(f'"{c}"' for c in choices), value)
    return str(value)


def _positive(file: JsonFile, item: dict[str, Any], key: str, path: str, expected: str) -> float:
    return file.number(file.required(item, key, path, expected), key_path(path, key), positive=True)


def _hall(file: JsonFile, item: dict[str, Any], path: str, hall_id: str, problems: Problems) -> Hall | None:
    """A hall of layout.json with its doors, columns, keep-clear areas, aisle widths and rules; None
    where a problem (kept in `problems`) leaves it incomplete."""
    name = problems.attempt(_text, file, item, "name", path, "the hall's name")
    outline_value = problems.attempt(file.required, item, "outline", path, "the hall's inner wall")
    outline = (
        problems.attempt(file.polygon, outline_value, key_path(path, "outline"))
        if outline_value is not None
        else None
    )
    height = problems.attempt(_positive, file, item, "height", path, "the wall height in metres")
    entrances = [
        problems.attempt(_door, file, v, at) for at, v in each(file, item, "entrances", path, problems)
    ]
    exits = [problems.attempt(_door, file, v, at) for at, v in each(file, item, "exits", path, problems)]
    columns = [
        problems.attempt(_column, file, v, at) for at, v in each(file, item, "columns", path, problems)
    ]
    keep_clear = [
        problems.attempt(file.polygon, v, at) for at, v in each(file, item, "keep_clear", path, problems)
    ]
    steps = [problems.attempt(_step_area, file, v, at) for at, v in each(file, item, "steps", path, problems)]
    widths = problems.attempt(_aisle_widths, file, item, path)
    rules = problems.attempt(_rules, file, item, path, problems)
    zones = problems.attempt(_texts, file, item, "zones", path)
    if (
        name is None
        or outline is None
        or height is None
        or widths is None
        or rules is None
        or zones is None
        or None in entrances
        or None in exits
        or None in columns
        or None in keep_clear
        or None in steps
    ):
        return None
    return Hall(
        id=hall_id,
        name=name,
        outline=outline,
        height=height,
        entrances=tuple(d for d in entrances if d is not None),
        exits=tuple(d for d in exits if d is not None),
        columns=tuple(c for c in columns if c is not None),
        keep_clear=tuple(p for p in keep_clear if p is not None),
        main_aisle=widths[0],
        secondary_aisle=widths[1],
        source=file.source,
        zones=zones,
        rules=rules,
        steps=tuple(a for a in steps if a is not None),
    )


def _door(file: JsonFile, value: Any, path: str) -> Door:
    item = file.mapping(value, path, 'a door such as {"name": "", "at": [x, y], "width": 2}')
    at = file.point(file.required(item, "at", path, "the door's centre [x, y]"), key_path(path, "at"))
    width = _positive(file, item, "width", path, "the door's clear width in metres")
    return Door(at=at, width=width, name=_optional_text(file, item, "name", path))


def _column(file: JsonFile, value: Any, path: str) -> Column:
    item = file.mapping(value, path, 'a column such as {"at": [x, y], "size": 1}')
    at = file.point(file.required(item, "at", path, "the column's centre [x, y]"), key_path(path, "at"))
    return Column(at=at, size=_positive(file, item, "size", path, "a side in metres"))


def _aisle_widths(file: JsonFile, item: dict[str, Any], path: str) -> tuple[float, float]:
    where = key_path(path, "aisle_widths")
    widths = file.mapping(
        file.required(item, "aisle_widths", path, '{"main": 6, "secondary": 3}'),
        where,
        '{"main": 6, "secondary": 3}',
    )
    return (
        _positive(file, widths, "main", where, "the main aisles' width in metres"),
        _positive(file, widths, "secondary", where, "the other aisles' width in metres"),
    )


def _rules(file: JsonFile, item: dict[str, Any], path: str, problems: Problems) -> Rules:
    where = key_path(path, "rules")
    limits = file.mapping(optional(item, "rules", {}), where, "the rules' limits in metres")
    given: dict[str, float] = {}
    for key in RULE_FIELDS:
        if limits.get(key) is not None:
            number = problems.attempt(file.number, limits[key], key_path(where, key), positive=True)
            if number is not None:
                given[key] = number
    return Rules(**given)


def _request(
    file: JsonFile, item: dict[str, Any], path: str, size: tuple[float, float] | None
) -> BoothRequest:
    """The booth request a booth of layout.json was placed for; `size` (width, depth) where the
    document may leave them out (a placed booth's rectangle gives them)."""
    ref = _text(file, item, "ref", path, "the booth's ref")
    exhibitor = _text(file, item, "exhibitor", path, "the exhibitor's name")
    if size is None or item.get("width") is not None or item.get("depth") is not None:
        size = (
            _positive(file, item, "width", path, "the booth's frontage in metres"),
            _positive(file, item, "depth", path, "the booth's depth in metres"),
        )
    colour = _optional_text(file, item, "colour", path)
    if not _COLOUR.fullmatch(colour):
        raise file.error(key_path(path, "colour"), 'a colour "#rrggbb" in lower case, or ""', colour)
    return BoothRequest(
        ref,
        exhibitor,
        size[0],
        size[1],
        type=_choice(file, item, "type", path, BOOTH_TYPES),
        zone=_optional_text(file, item, "zone", path),
        country=_optional_text(file, item, "country", path),
        tier=_choice(file, item, "tier", path, TIERS),
        keep_apart=_texts(file, item, "keep_apart", path),
        products=_texts(file, item, "products", path),
        exhibitor_en=_optional_text(file, item, "exhibitor_en", path),
        colour=colour,
        description=_optional_text(file, item, "description", path),
        website=_web_address(file, item, "website", path),
        live_stream=_web_address(file, item, "live_stream", path),
        live_from=_optional_text(file, item, "live_from", path),
        live_until=_optional_text(file, item, "live_until", path),
        source=Source(file.source, 0),
    )


def _web_address(file: JsonFile, item: dict[str, Any], key: str, path: str) -> str:
    """An optional http(s) URL (the viewer links it): "" where absent."""
    text = _optional_text(file, item, key, path)
    if text and not is_web_address(text):
        raise file.error(key_path(path, key), 'an http(s) address such as "https://example.com", or ""', text)
    return text


def _placed_booth(file: JsonFile, value: Any, path: str, hall_id: str) -> PlacedBooth:
    item = file.mapping(value, path, "a booth")
    number = _text(file, item, "number", path, "the booth number")
    x0, y0, x1, y1 = plan_rect(
        file, file.required(item, "rect", path, "[x0, y0, x1, y1]"), key_path(path, "rect")
    )
    front = front_side(file, item, path)
    size = (x1 - x0, y1 - y0) if front in ("N", "S") else (y1 - y0, x1 - x0)
    request = _request(file, item, path, size)
    where = key_path(path, "open")
    listed = file.array(optional(item, "open", []), where, "a list of sides N, E, S, W")
    open_sides = tuple(_side(file, side, key_path(where, i)) for i, side in enumerate(listed))
    return PlacedBooth(number, request, hall_id, x0, y0, x1, y1, front, open_sides)


def _unplaced(file: JsonFile, value: Any, path: str) -> Unplaced:
    item = file.mapping(value, path, "an unplaced booth")
    request = _request(file, item, path, None)
    reason = _text(file, item, "reason", path, "why the booth found no room")
    source = optional(item, "source", {})
    if isinstance(source, dict) and isinstance(source.get("file"), str) and type(source.get("row")) is int:
        request = dataclasses.replace(request, source=Source(source["file"], source["row"]))
    return Unplaced(request, reason)
