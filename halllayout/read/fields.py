"""Checking a parsed JSON document field by field.

Each check returns the typed value or raises InputError naming the file, the field path (such as
`entrances[0].at`) and the bad value as JSON, e.g. `hall.json, field outline[2]: expected [x, y]
numbers, got "abc"`. Optional fields may be absent or null.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from halllayout.errors import InputError
from halllayout.model import Point, Polygon
from halllayout.read.geometry import counter_clockwise, polygon_problem

UTF8_BOM = b"\xef\xbb\xbf"
#: Longest rendering of a bad value in a message, in characters.
MAX_SHOWN = 80


def show(value: Any) -> str:
    r"""A bad value as it would appear in the JSON, shortened to MAX_SHOWN characters.

    Quotes and line breaks inside texts are escaped, so a message stays on one line; values JSON
    cannot hold (a spreadsheet's dates) are shown as their text.

    >>> show("abc"), show([1, 2.5]), show(True)
    ('"abc"', '[1, 2.5]', 'true')
    >>> import datetime
    >>> print(show('say "hi"\n'), show(datetime.date(2024, 5, 1)))
    "say \"hi\"\n" "2024-05-01"
    """
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 3] + "..."


def key_path(path: str, key: str | int) -> str:
    """The path of a member or item of the field at `path`.

    >>> key_path("doors", 0), key_path("doors[0]", "at"), key_path("", "height")
    ('doors[0]', 'doors[0].at', 'height')
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@dataclass(frozen=True)
class JsonFile:
    """A JSON file being checked; `source` is its name as shown in messages."""

    source: str

    def load(self, path: Path) -> Any:
        """Read and parse the file at `path` (UTF-8, a BOM allowed); refuses duplicate keys."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(self.source, f"cannot read the file: {error.strerror or error}") from error
        return self.parse(data)

    def parse(self, data: bytes) -> Any:
        """Parse JSON bytes; syntax errors give their line and column."""
        body = data.removeprefix(UTF8_BOM)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            offset = len(data) - len(body) + error.start
            raise InputError(
                self.source, f"not UTF-8 text (byte 0x{data[offset]:02X} at offset {offset})"
            ) from error
        try:
            return json.loads(text, object_pairs_hook=self._object)
        except json.JSONDecodeError as error:
            raise InputError(
                self.source, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from error
        except RecursionError as error:
            raise InputError(self.source, "invalid JSON: lists or objects nested too deeply") from error
        except ValueError as error:  # an integer of thousands of digits
            raise InputError(self.source, f"invalid JSON: {error}") from error

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise InputError(self.source, f'invalid JSON: the key "{key}" appears twice in one object')
            result[key] = value
        return result

    def error(self, path: str, expected: str, value: Any) -> InputError:
        """An InputError saying what the field at `path` should hold and showing its value."""
        return InputError(self.source, f"expected {expected}, got {show(value)}", field=path or None)

    def mapping(self, value: Any, path: str, expected: str = "an object") -> dict[str, Any]:
        """A JSON object."""
        if not isinstance(value, dict):
            raise self.error(path, expected, value)
        return value

    def array(self, value: Any, path: str, expected: str = "a list") -> list[Any]:
        """A JSON array."""
        if not isinstance(value, list):
            raise self.error(path, expected, value)
        return value

    def required(self, parent: dict[str, Any], key: str, path: str, expected: str) -> Any:
        """The member `key` of `parent`, which must be present and not null."""
        value = parent.get(key)
        if value is None:
            raise InputError(self.source, f"missing; expected {expected}", field=key_path(path, key))
        return value

    def text(self, value: Any, path: str, expected: str = "a text") -> str:
        """A JSON string."""
        if not isinstance(value, str):
            raise self.error(path, expected, value)
        return value

    def number(self, value: Any, path: str, *, positive: bool = False) -> float:
        """A finite JSON number (not a boolean), greater than zero where `positive`."""
        expected = "a positive number" if positive else "a number"
        if not _is_number(value) or (positive and value <= 0):
            raise self.error(path, expected, value)
        return float(value)

    def point(self, value: Any, path: str, *, positive: bool = False) -> Point:
        """An [x, y] pair of numbers, both greater than zero where `positive`."""
        pair = isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)
        if not pair or (positive and min(value) <= 0):
            raise self.error(path, "[x, y] positive numbers" if positive else "[x, y] numbers", value)
        return (float(value[0]), float(value[1]))

    def polygon(self, value: Any, path: str) -> Polygon:
        """A simple polygon of positive area, returned counter-clockwise from the same first point.

        A last point repeating the first (a closed ring) is dropped.
        """
        items = self.array(value, path, "a list of [x, y] points")
        points = [self.point(item, key_path(path, i)) for i, item in enumerate(items)]
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            raise self.error(path, "at least 3 [x, y] points", value)
        for i in range(1, len(points)):
            if points[i] == points[i - 1]:
                raise self.error(key_path(path, i), "a point different from the one before", items[i])
        problem = polygon_problem(points)
        if problem is not None:
            raise InputError(self.source, problem, field=path)
        return counter_clockwise(points)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False
