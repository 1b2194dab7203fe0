"""Halls and fairs: a hall from its JSON file or DXF drawing, a fair of several halls, zones pinned to halls.

A fair file lists halls by id and file, the files relative to the fair file:

    {"name": "Autumn Trade Fair",
     "halls": [{"id": "A", "spec": "hall-a.json", "zones": ["Machinery"]}, {"id": "B", "spec": "b.dxf"}]}
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from halllayout.errors import InputError
from halllayout.model import BoothRequest, Fair, Hall
from halllayout.read.fields import JsonFile, key_path, show
from halllayout.read.hall_dxf import read_hall_dxf
from halllayout.read.hall_json import (
    HALL_ID_EXPECTED,
    check_keys,
    checked_hall_id,
    hall_from_json,
    optional,
    optional_text,
)
from halllayout.read.problems import Problems, raise_problems

#: Most zones of the booth list named in a message about a pinned zone.
MAX_ZONES_SHOWN = 8


def read_hall(path: Path, hall_id: str | None = None) -> Hall:
    """Read a hall: a JSON file, or a DXF drawing where the name ends .dxf; messages name it by `path.name`.

    See `halllayout.read.hall_json` for the JSON (required: `outline`, `height`, `entrances`; the id
    is `hall_id`, else the file's "id", else "A") and `read_hall_dxf` for the layers read from a
    drawing. Raises InputError naming the field and the bad value, InputErrors for several problems.
    """
    return _read_hall(path, path.name, hall_id)


def read_fair(path: Path) -> Fair:
    """Read a fair JSON file and the hall files it names, relative to its folder.

    Each hall entry is `{"id", "spec", "zones"?}`; ids are letters and digits, unique regardless of
    case; `spec` a hall JSON file or DXF drawing. `zones` pins zones to the hall (`Hall.zones`): each
    a non-empty text, listed once, in one hall only. The name defaults to the file's stem. Problems
    inside a hall file name that file; every problem of the fair and its halls is raised at once.
    """
    doc = JsonFile(path.name)
    spec = doc.mapping(doc.load(path), "", "a JSON object describing a fair")
    problems = Problems()
    check_keys(doc, spec, "", ("name", "halls"), problems)
    name = problems.attempt(optional_text, doc, spec, "name")
    entries = problems.attempt(doc.required, spec, "halls", "", "a list of halls")
    items = problems.attempt(doc.array, entries, "halls", "a list of halls") if entries is not None else None
    if items == []:
        problems.add(doc.error("halls", "at least one hall", items))
    halls: list[Hall] = []
    first_of_id: dict[str, tuple[int, str]] = {}
    zone_owner: dict[str, str] = {}
    for index, entry in enumerate(items or []):
        path_of_entry = key_path("halls", index)
        hall = problems.attempt(_fair_hall, doc, entry, path_of_entry, path.parent, problems)
        if hall is None:
            continue
        earlier, earlier_id = first_of_id.setdefault(hall.id.upper(), (index, hall.id))
        if earlier != index:
            expected = f"a hall id not used before (halls[{earlier}] has {earlier_id})"
            problems.add(doc.error(key_path(path_of_entry, "id"), expected, hall.id))
        zones = problems.attempt(_zones, doc, entry, path_of_entry, zone_owner)
        halls.append(dataclasses.replace(hall, zones=zones or ()))
    problems.raise_any()
    return Fair(name=name or path.stem, halls=tuple(halls), source=doc.source)


def single_hall_fair(hall: Hall) -> Fair:
    """A fair of one hall, named after it."""
    return Fair(name=hall.name, halls=(hall,), source=hall.source)


def check_zone_pins(fair: Fair, requests: Sequence[BoothRequest]) -> None:
    """Refuse a zone pinned to a hall that no booth request is in: a typo, or the wrong booth list.

    Zones match exactly; the message suggests a zone of the list differing only in case, width or
    spacing, else names the list's zones. Raises InputError naming the fair file, the hall and the
    zone (InputErrors for several).

    >>> from halllayout.model import Hall
    >>> hall = Hall("A", "Hall A", ((0, 0), (1, 0), (1, 1)), 8, (), (), (), (), 6, 3, zones=("Food",))
    >>> check_zone_pins(Fair("Fair", (hall,), "fair.json"), [BoothRequest("EX1", "Alpha", 3, 3, zone="food")])
    Traceback (most recent call last):
    ...
    halllayout.errors.InputError: fair.json, field halls[0].zones[0]: zone "Food" is pinned to hall A, \
but no booth in the list is in it (did you mean "food"?)
    """
    zones = list(dict.fromkeys(request.zone for request in requests if request.zone))
    by_key = {_zone_key(zone): zone for zone in reversed(zones)}
    problems: list[InputError] = []
    for hall_index, hall in enumerate(fair.halls):
        for zone_index, zone in enumerate(hall.zones):
            if zone in zones:
                continue
            message = f"zone {show(zone)} is pinned to hall {hall.id}, but no booth in the list is in it"
            near = by_key.get(_zone_key(zone))
            if near is not None:
                message += f" (did you mean {show(near)}?)"
            elif zones:
                shown = ", ".join(show(name) for name in zones[:MAX_ZONES_SHOWN])
                more = f" and {len(zones) - MAX_ZONES_SHOWN} more" if len(zones) > MAX_ZONES_SHOWN else ""
                message += f"; the list's zones are {shown}{more}"
            else:
                message += "; the list gives no zones"
            field = f"halls[{hall_index}].zones[{zone_index}]"
            problems.append(InputError(fair.source, message, field=field))
    raise_problems(problems)


def _zone_key(zone: str) -> str:
    return "".join(unicodedata.normalize("NFKC", zone).casefold().split())


def _read_hall(path: Path, source: str, hall_id: str | None) -> Hall:
    if path.suffix.lower() == ".dxf":
        return read_hall_dxf(path, hall_id, source=source)
    doc = JsonFile(source)
    return hall_from_json(doc, doc.load(path), hall_id)


def _fair_hall(doc: JsonFile, value: Any, path: str, folder: Path, problems: Problems) -> Hall:
    entry = doc.mapping(value, path, 'a hall such as {"id": "A", "spec": "hall-a.json"}')
    check_keys(doc, entry, path, ("id", "spec", "zones"), problems)
    hall_id = checked_hall_id(doc, doc.required(entry, "id", path, HALL_ID_EXPECTED), key_path(path, "id"))
    spec_path = key_path(path, "spec")
    spec = doc.text(doc.required(entry, "spec", path, "the hall file's path"), spec_path, "a file path")
    if not spec.strip():
        raise doc.error(spec_path, "a file path", spec)
    try:
        with (folder / spec).open("rb"):
            pass
    except OSError as error:
        message = f"cannot read {show(spec)}: {error.strerror or error}"
        raise InputError(doc.source, message, field=spec_path) from error
    return _read_hall(folder / spec, spec, hall_id)


def _zones(doc: JsonFile, entry: dict[str, Any], path: str, owner: dict[str, str]) -> tuple[str, ...]:
    """The zones pinned to a hall entry; each a text, listed once, pinned to no other hall."""
    zones_path = key_path(path, "zones")
    zones = doc.array(optional(entry, "zones", []), zones_path, "a list of zone names")
    problems: list[InputError] = []
    pinned: list[str] = []
    for index, zone in enumerate(zones):
        zone_path = key_path(zones_path, index)
        if not (isinstance(zone, str) and zone.strip()):
            problems.append(doc.error(zone_path, "a zone name", zone))
        elif zone.strip() in pinned:
            expected = f"a zone listed once ({zones_path}[{pinned.index(zone.strip())}] has it)"
            problems.append(doc.error(zone_path, expected, zone))
        elif owner.setdefault(zone.strip(), path) != path:
            expected = f"a zone not pinned to another hall ({owner[zone.strip()]} has it)"
            problems.append(doc.error(zone_path, expected, zone))
        pinned.append(zone.strip() if isinstance(zone, str) else "")
    raise_problems(problems)
    return tuple(pinned)
