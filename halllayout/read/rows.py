"""One data row of a booth list to a BoothRequest, checking each cell.

Cells are trimmed. A row shorter than the header reads its missing cells as empty; cells beyond the
header are ignored. Every error names the row, the column (its header as written) and the bad value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from halllayout.errors import InputError
from halllayout.model import BOOTH_TYPES, TIERS, BoothRequest, Source
from halllayout.read.header import Header

#: Longest booth side accepted, in metres; more is a typo (millimetres?) rather than a booth.
MAX_BOOTH_SIDE = 1000.0
#: Separators of the refs in keep_apart and of the names in products: ASCII or full-width semicolon.
LIST_SEPARATOR = re.compile("[;；]")
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_SIGNED_NUMBER = re.compile(f"[+-]?{_NUMBER}")
#: A size such as "6x3", "6×3", "6X3" or "6*3": width by depth.
_SIZE = re.compile(rf"(?P<width>{_NUMBER})\s*[xX×*]\s*(?P<depth>{_NUMBER})")
_SIZE_EXAMPLE = '"6x3"'

_T = TypeVar("_T")


@dataclass(frozen=True)
class Row:
    """A data row's cells with the header that names them; `number` is its line in the file."""

    cells: list[str]
    header: Header
    source: str
    number: int

    def text(self, field: str) -> str:
        """The trimmed cell of `field`, or "" where the column is absent or the row too short."""
        column = self.header.index.get(field)
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column].strip()

    def error(self, field: str, message: str) -> InputError:
        """An InputError naming this row and `field`'s column."""
        return InputError(self.source, message, row=self.number, column=self.header.name(field))

    def bad_value(self, field: str, expected: str) -> InputError:
        """An InputError saying what `field` should hold and quoting its cell."""
        return self.error(field, f'{expected}, got "{self.text(field)}"')


def booth_from_row(row: Row) -> BoothRequest:
    """The booth request of one data row.

    Raises InputError for the first bad cell, checked in the order ref, exhibitor, width and depth
    (or size), type, tier.
    """
    ref = _required_text(row, "ref", "expected a non-empty ref")
    exhibitor = _required_text(row, "exhibitor", "expected a non-empty exhibitor name")
    width, depth = _dimensions(row)
    return BoothRequest(
        ref=ref,
        exhibitor=exhibitor,
        width=width,
        depth=depth,
        type=_choice(row, "type", BOOTH_TYPES, default="standard"),
        zone=row.text("zone"),
        country=row.text("country").upper(),
        tier=_choice(row, "tier", TIERS, default=""),
        keep_apart=tuple(dict.fromkeys(split_list(row.text("keep_apart")))),
        products=split_list(row.text("products")),
        source=Source(row.source, row.number),
    )


def split_list(text: str) -> tuple[str, ...]:
    """Split a `;`- or `；`-separated cell, trimming each item and dropping empty ones.

    >>> split_list(" EX1; ；EX2 ;")
    ('EX1', 'EX2')
    """
    return tuple(item.strip() for item in LIST_SEPARATOR.split(text) if item.strip())


def metres(text: str) -> float:
    """A positive, finite length of at most MAX_BOOTH_SIDE metres; raises ValueError saying what was expected.

    Full-width digits are accepted; units, thousands separators and underscores are not.

    >>> metres("2.5"), metres("３")
    (2.5, 3.0)
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    number = float(normal) if _SIGNED_NUMBER.fullmatch(normal) else math.nan
    if not (math.isfinite(number) and number > 0):
        raise ValueError("expected a positive number")
    if number > MAX_BOOTH_SIDE:
        raise ValueError(f"expected at most {MAX_BOOTH_SIDE:g} metres")
    return number


def size(text: str) -> tuple[float, float]:
    """Width and depth from a size such as "6x3"; raises ValueError saying what was expected.

    >>> size("6×3"), size("4.5 * 3")
    ((6.0, 3.0), (4.5, 3.0))
    """
    match = _SIZE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValueError(f"expected width x depth such as {_SIZE_EXAMPLE}")
    return metres(match["width"]), metres(match["depth"])


def _required_text(row: Row, field: str, expected: str) -> str:
    text = row.text(field)
    if not text:
        raise row.bad_value(field, expected)
    return text


def _dimensions(row: Row) -> tuple[float, float]:
    """Width and depth from the width and depth cells, or from the size cell where those are empty."""
    size_text = row.text("size")
    if "width" not in row.header.index or (size_text and not row.text("width") and not row.text("depth")):
        return _checked(row, "size", size)
    width = _checked(row, "width", metres)
    depth = _checked(row, "depth", metres)
    if size_text and _checked(row, "size", size) != (width, depth):
        raise row.bad_value("size", f"expected the same size as width {width:g} and depth {depth:g}")
    return width, depth


def _checked(row: Row, field: str, parse: Callable[[str], _T]) -> _T:
    try:
        return parse(row.text(field))
    except ValueError as error:
        raise row.bad_value(field, str(error)) from None


def _choice(row: Row, field: str, allowed: tuple[str, ...], *, default: str) -> str:
    value = row.text(field).lower() or default
    if value not in allowed:
        options = ", ".join(option for option in allowed if option)
        prefix = "empty or " if "" in allowed else ""
        raise row.bad_value(field, f"expected {prefix}one of {options}")
    return value
