"""Booth lists in JSON: a list of booth objects, or an object whose "booths" member is that list.

Keys are the booth-list headers and their aliases (`ref`, `exhibitor` or `company`, `width` and
`depth` or `size` or `area`, ...; see `halllayout.read.header`); other keys are ignored. Values are
texts or numbers; `keep_apart` and `products` may also be lists of texts. Problems are named by the
JSON path of the value, e.g. `booths.json, field booths[3].width`; a booth's source row is its
1-based position in the list.
"""

from __future__ import annotations

from typing import Any

from halllayout.errors import InputError
from halllayout.model import BoothRequest
from halllayout.read.booth_list import booths_from_records
from halllayout.read.fields import JsonFile, key_path
from halllayout.read.header import field_of
from halllayout.read.rows import Record

_LIST_EXPECTED = 'a list of booths, or {"booths": [...]}'
_BOOTH_EXPECTED = 'a booth such as {"ref": "EX1", "exhibitor": "Alpha Ltd", "width": 3, "depth": 3}'


def parse_booth_json(data: bytes, source: str) -> tuple[BoothRequest, ...]:
    """Parse a booth list's JSON bytes (UTF-8, a BOM allowed) into booth requests, in list order.

    Raises InputError for a file that is not such JSON, otherwise every bad value at once.

    >>> booth, = parse_booth_json(b'{"booths": [{"ref": 7, "company": "Alpha", "size": "6x3"}]}', "b.json")
    >>> booth.ref, booth.exhibitor, booth.width, booth.depth, str(booth.source)
    ('7', 'Alpha', 6.0, 3.0, 'b.json row 1')
    """
    doc = JsonFile(source)
    value = doc.parse(data)
    path = "booths" if isinstance(value, dict) else ""
    if isinstance(value, dict):
        value = doc.required(value, "booths", "", "the list of booths")
    items = doc.array(value, path, _LIST_EXPECTED)
    empty = InputError(source, "no booths: the list is empty", field=path or None)
    return booths_from_records(
        (_record(doc, item, key_path(path, index), index + 1) for index, item in enumerate(items)), empty
    )


def _record(doc: JsonFile, value: Any, path: str, number: int) -> Record | InputError:
    if not isinstance(value, dict):
        return doc.error(path, _BOOTH_EXPECTED, value)
    values: dict[str, object] = {}
    names: dict[str, str] = {}
    problems: list[InputError] = []
    for key, item in value.items():
        field = field_of(key)
        if field is None:
            continue
        if field in names:
            message = f'"{names[field]}" and "{key}" both give the {field}; expected one of them'
            problems.append(InputError(doc.source, message, field=key_path(path, key)))
            continue
        values[field] = item
        names[field] = key
    return Record(values, names, doc.source, number, path, tuple(problems))
