"""One booth of a booth list (a table row or a JSON object) to a BoothRequest, checking every cell.

Cells are trimmed; a table row shorter than the header reads its missing cells as empty, cells beyond
the header are ignored. Cells may be text (CSV, or any spreadsheet cell) or numbers (XLSX, JSON).
Every problem names the row and column (or the JSON field) and the bad value, and all of a booth's
problems are reported, in the order ref, exhibitor, width and depth (or size, or area), type, zone,
country, tier, keep_apart, products, exhibitor_en, colour, description, website, live_stream and the
live window (live_from, live_until).

Website and live-stream addresses must be http:// or https:// URLs with a host (anything else, such
as a `javascript:` address, is refused); the live window's ends are ISO 8601 date-times, kept as
written, the end after the start where both are given.

Sizes come from width and depth where the row gives either; else from `size` ("6x3"); else from
`area` in m², as a booth of the standard depth, 3 m, and width area / 3 rounded *up* to the
centimetre, so that nobody gets less floor than they paid for: 18 m² is 6 × 3 m, 20 m² is
6.67 × 3 m. Where a row gives several of them they must agree (an area within 0.1 m²).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from halllayout.errors import InputError
from halllayout.model import BOOTH_TYPES, TIERS, BoothRequest, Source
from halllayout.read.fields import key_path, show
from halllayout.read.header import header_key

#: Longest booth side accepted, in metres; more is a typo (millimetres?) rather than a booth.
MAX_BOOTH_SIDE = 1000.0
#: The depth of a booth given only by its area, in metres: the shell-scheme standard.
STANDARD_DEPTH = 3.0
#: How far an area may differ from width × depth, in m² (areas are often rounded to 0.1 m²).
AREA_TOLERANCE = 0.1
#: Separators of the refs in keep_apart and of the names in products: ASCII or full-width semicolon.
LIST_SEPARATOR = re.compile("[;；]")
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_SIGNED_NUMBER = re.compile(f"[+-]?{_NUMBER}")
#: A size such as "6x3", "6×3", "6 X 3", "6*3" or "6m×3m": width by depth, in metres.
_SIZE = re.compile(rf"(?P<width>{_NUMBER})\s*(?:m|米)?\s*[xX×*]\s*(?P<depth>{_NUMBER})\s*(?:m|米)?")
_SIZE_EXAMPLE = '"6x3"'
#: Booth types and tiers as organisers' sheets also write them (matched like headers).
TYPE_ALIASES = {
    "shellscheme": "standard", "shell": "standard", "标准": "standard", "标准展位": "standard",
    "标摊": "standard", "标展": "standard", "角位": "corner", "转角": "corner", "双开口": "corner",
    "半岛": "peninsula", "三开口": "peninsula", "岛型": "island", "岛位": "island", "四开口": "island",
    "spaceonly": "raw", "rawspace": "raw", "光地": "raw",
}  # fmt: skip
TIER_ALIASES = {"none": "", "无": "", "金牌": "gold", "黄金": "gold", "白金": "platinum", "铂金": "platinum"}

_T = TypeVar("_T")


@dataclass(frozen=True)
class Record:
    """One booth as read: its cells by field, where each came from, and the problems found in it.

    `values` maps a field to its cell as read (text, a number, a list in JSON, None where empty);
    `names` a field to its header or key as written. `number` is the row as the file numbers it
    (the 1-based position in a JSON list); `path` the JSON object's path such as "booths[3]", empty
    for a table row. `problems` are those found in reading it (a JSON object giving a field twice).
    """

    values: Mapping[str, object]
    names: Mapping[str, str]
    source: str
    number: int
    path: str = ""
    problems: tuple[InputError, ...] = ()

    @property
    def label(self) -> str:
        """Where this booth is in its file, as a message says it: "row 4" or "booths[3]"."""
        return self.path or f"row {self.number}"

    def raw(self, field: str) -> object:
        """The cell of `field` as read; None where absent."""
        return self.values.get(field)

    def text(self, field: str) -> str:
        """The trimmed text of `field`'s cell; "" where empty or absent, numbers as written."""
        return cell_text(self.values.get(field))

    def error(self, field: str, message: str) -> InputError:
        """An InputError naming this booth and `field`'s column (or JSON field)."""
        name = self.names.get(field, field)
        if self.path:
            return InputError(self.source, message, field=key_path(self.path, name))
        return InputError(self.source, message, row=self.number, column=name)

    def bad_value(self, field: str, expected: str) -> InputError:
        """An InputError saying what `field` should hold and showing its cell."""
        value = self.raw(field)
        if self.path and value is None:
            return self.error(field, f"missing; {expected}")
        return self.error(field, f"{expected}, got {show('' if value is None else value)}")


def cell_text(value: object) -> str:
    """A cell's text: trimmed; "" for None; whole floats without ".0"; raises ValueError for lists.

    >>> cell_text(" EX1 "), cell_text(1001.0), cell_text(2.5), cell_text(None)
    ('EX1', '1001', '2.5', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | list | dict):
        raise ValueError("expected a text")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def booth_from_record(record: Record, problems: list[InputError]) -> BoothRequest | None:
    """The booth request of one record, or None where any cell is wrong (each problem added)."""
    before = len(problems)
    check = _Checker(record, problems)
    ref = check.required_text("ref", "expected a non-empty ref")
    exhibitor = check.required_text("exhibitor", "expected a non-empty exhibitor name")
    dimensions = check.dimensions()
    booth_type = check.choice("type", BOOTH_TYPES, TYPE_ALIASES, default="standard")
    zone = check.text("zone")
    country = check.text("country").upper()
    tier = check.choice("tier", TIERS, TIER_ALIASES, default="")
    keep_apart = tuple(dict.fromkeys(check.items("keep_apart")))
    products = check.items("products")
    exhibitor_en = check.text("exhibitor_en")
    colour = check.colour("colour")
    description = check.text("description")
    website = check.web_address("website")
    live_stream = check.web_address("live_stream")
    live_from, live_until = check.live_window()
    if len(problems) > before or dimensions is None:
        return None
    return BoothRequest(
        ref=ref,
        exhibitor=exhibitor,
        width=dimensions[0],
        depth=dimensions[1],
        type=booth_type,
        zone=zone,
        country=country,
        tier=tier,
        keep_apart=keep_apart,
        products=products,
        exhibitor_en=exhibitor_en,
        colour=colour,
        description=description,
        website=website,
        live_stream=live_stream,
        live_from=live_from,
        live_until=live_until,
        source=Source(record.source, record.number),
    )


def keep_apart_refs(record: Record) -> tuple[str, ...]:
    """The refs of a record's keep_apart cell, () where it cannot be read."""
    try:
        return tuple(dict.fromkeys(list_items(record.raw("keep_apart"))))
    except ValueError:
        return ()


def split_list(text: str) -> tuple[str, ...]:
    """Split a `;`- or `；`-separated cell, trimming each item and dropping empty ones.

    >>> split_list(" EX1; ；EX2 ;")
    ('EX1', 'EX2')
    """
    return tuple(item.strip() for item in LIST_SEPARATOR.split(text) if item.strip())


def list_items(value: object) -> tuple[str, ...]:
    """The items of a `;`-separated cell or of a JSON list of texts; raises ValueError otherwise.

    >>> list_items("EX1;EX2"), list_items([" EX1 ", "EX2", ""]), list_items(7)
    (('EX1', 'EX2'), ('EX1', 'EX2'), ('7',))
    """
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise ValueError('expected a text or a list of texts such as ["EX1", "EX2"]')
        return tuple(item.strip() for item in value if item.strip())
    try:
        return split_list(cell_text(value))
    except ValueError:
        raise ValueError('expected a text or a list of texts such as ["EX1", "EX2"]') from None


def is_web_address(text: str) -> bool:
    """Whether `text` is an http:// or https:// URL with a host.

    >>> is_web_address("https://a.cn/x"), is_web_address("javascript:alert(1)"), is_web_address("www.a.cn")
    (True, False, False)
    """
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in text)
    )


def date_time(value: object) -> tuple[str, datetime | None]:
    """An ISO 8601 date-time as written and parsed; ("", None) where empty; raises ValueError otherwise.

    >>> date_time("2026-11-24T09:30+08:00")[0], date_time(None)
    ('2026-11-24T09:30+08:00', ('', None))
    """
    if isinstance(value, datetime):  # a spreadsheet's date cell
        return value.isoformat(), value
    text = cell_text(value)
    if not text:
        return "", None
    try:
        return text, datetime.fromisoformat(text)
    except ValueError:
        raise ValueError('expected an ISO 8601 date-time such as "2026-11-24T09:30+08:00"') from None


def metres(value: object) -> float:
    """A positive, finite length of at most MAX_BOOTH_SIDE metres; raises ValueError saying what was expected.

    Text or a number; full-width digits are accepted; units, thousands separators and underscores
    are not.

    >>> metres("2.5"), metres("３"), metres(4), metres(4.5)
    (2.5, 3.0, 4.0, 4.5)
    """
    number = _positive(value, "expected a positive number")
    if number > MAX_BOOTH_SIDE:
        raise ValueError(f"expected at most {MAX_BOOTH_SIDE:g} metres")
    return number


def _positive(value: object, expected: str) -> float:
    """A positive, finite number from a number or its text; raises ValueError(expected) otherwise."""
    number = math.nan
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            number = math.inf
    elif isinstance(value, str):
        normal = unicodedata.normalize("NFKC", value).strip()
        number = float(normal) if _SIGNED_NUMBER.fullmatch(normal) else math.nan
    if not (math.isfinite(number) and number > 0):
        raise ValueError(expected)
    return number


def size(value: object) -> tuple[float, float]:
    """Width and depth from a size such as "6x3"; raises ValueError saying what was expected.

    >>> size("6×3"), size("4.5 * 3"), size("6 X 3"), size("6m×3m")
    ((6.0, 3.0), (4.5, 3.0), (6.0, 3.0), (6.0, 3.0))
    """
    text = value if isinstance(value, str) else ""
    match = _SIZE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValueError(f"expected width x depth such as {_SIZE_EXAMPLE}")
    return metres(match["width"]), metres(match["depth"])


def square_metres(value: object) -> float:
    """A positive, finite area in m²; raises ValueError saying what was expected.

    >>> square_metres("20"), square_metres(9)
    (20.0, 9.0)
    """
    return _positive(value, "expected a positive number of square metres")


def area(value: object) -> tuple[float, float]:
    """Width and depth of a booth of STANDARD_DEPTH given its area in m² (see the module's docstring).

    >>> area("18"), area(20), area(9.9)
    ((6.0, 3.0), (6.67, 3.0), (3.3, 3.0))
    """
    width = math.ceil(round(square_metres(value) / STANDARD_DEPTH * 100, 6)) / 100
    if width > MAX_BOOTH_SIDE:
        raise ValueError(f"expected at most {MAX_BOOTH_SIDE * STANDARD_DEPTH:g} square metres")
    return width, STANDARD_DEPTH


@dataclass(frozen=True)
class _Checker:
    """Reads the cells of one record, adding a problem for each bad one."""

    record: Record
    problems: list[InputError]

    def text(self, field: str) -> str:
        try:
            return self.record.text(field)
        except ValueError as error:
            self.problems.append(self.record.bad_value(field, str(error)))
            return ""

    def required_text(self, field: str, expected: str) -> str:
        try:
            text = self.record.text(field)
        except ValueError:
            text = ""
        if not text:
            self.problems.append(self.record.bad_value(field, expected))
        return text

    def items(self, field: str) -> tuple[str, ...]:
        return self.parsed(field, list_items) or ()

    def parsed(self, field: str, parse: Callable[[object], _T]) -> _T | None:
        try:
            return parse(self.record.values.get(field))
        except ValueError as error:
            self.problems.append(self.record.bad_value(field, str(error)))
            return None

    def colour(self, field: str) -> str:
        """A "#rrggbb" colour (also "rrggbb" or "#rgb"), lower case; "" where empty."""
        text = self.text(field)
        if not text:
            return ""
        digits = text.removeprefix("#").lower()
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) != 6 or any(c not in "0123456789abcdef" for c in digits):
            self.problems.append(self.record.bad_value(field, 'expected a colour such as "#c8102e"'))
            return ""
        return "#" + digits

    def web_address(self, field: str) -> str:
        """An http(s) URL with a host; "" where empty."""
        text = self.text(field)
        if text and not is_web_address(text):
            self.problems.append(
                self.record.bad_value(field, 'expected an http(s) address such as "https://example.com"')
            )
            return ""
        return text

    def live_window(self) -> tuple[str, str]:
        """live_from and live_until: ISO 8601 date-times, the end after the start; "" where empty."""
        ends = {field: self.parsed(field, date_time) for field in ("live_from", "live_until")}
        start, end = ends["live_from"], ends["live_until"]
        if start is not None and end is not None and start[1] is not None and end[1] is not None:
            try:
                later = end[1] > start[1]
            except TypeError:  # one with a time zone and one without
                later = True
            if not later:
                self.problems.append(
                    self.record.bad_value("live_until", f"expected a time after live_from {start[0]}")
                )
        return (start[0] if start else ""), (end[0] if end else "")

    def choice(self, field: str, allowed: tuple[str, ...], aliases: dict[str, str], *, default: str) -> str:
        text = self.text(field)
        value = text.lower() if text else default
        if value not in allowed:
            value = aliases.get(header_key(text), value)
        if value not in allowed:
            options = ", ".join(option for option in allowed if option)
            prefix = "empty or " if "" in allowed else ""
            self.problems.append(self.record.bad_value(field, f"expected {prefix}one of {options}"))
        return value

    def dimensions(self) -> tuple[float, float] | None:
        """Width and depth from the width and depth cells, else the size cell, else the area cell."""
        values, names = self.record.values, self.record.names
        given = {field: _given(values.get(field)) for field in ("width", "depth", "size", "area")}
        if "width" in names and (given["width"] or given["depth"] or not (given["size"] or given["area"])):
            width, depth = self.parsed("width", metres), self.parsed("depth", metres)
            if width is None or depth is None:
                return None
            self._same_size((width, depth), given["size"])
            self._same_area((width, depth), given["area"])
            return width, depth
        if given["size"] or ("size" in names and not given["area"]):
            found = self.parsed("size", size)
            if found is not None:
                self._same_area(found, given["area"])
            return found
        if "area" in names:
            return self.parsed("area", area)
        self.problems.append(
            self.record.bad_value("width", "expected the width and depth in metres, or the size, or the area")
        )
        return None

    def _same_size(self, dimensions: tuple[float, float], given: bool) -> None:
        found = self.parsed("size", size) if given else None
        if found is not None and found != dimensions:
            expected = f"expected the same size as width {dimensions[0]:g} and depth {dimensions[1]:g}"
            self.problems.append(self.record.bad_value("size", expected))

    def _same_area(self, dimensions: tuple[float, float], given: bool) -> None:
        found = self.parsed("area", square_metres) if given else None
        width, depth = dimensions
        if found is not None and abs(found - width * depth) > AREA_TOLERANCE:
            expected = f"expected the area of {width:g} × {depth:g} m, {round(width * depth, 2):g} m²"
            self.problems.append(self.record.bad_value("area", expected))


def _given(value: object) -> bool:
    """Whether a cell holds anything: not None, not blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())
