"""Booth lists: CSV files of booth requests, English or Chinese headers, UTF-8 or GBK.

Rows are physical line numbers, the header being row 1 (the first non-blank line); blank rows, or
rows of empty cells as spreadsheets leave at the end, are skipped. The first problem found raises
InputError and nothing is returned: rows are checked one by one (a repeated ref first, then the
cells), then the keep_apart refs of all rows, which may name booths listed further down.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from halllayout.errors import InputError
from halllayout.model import BoothRequest
from halllayout.read.encoding import decode_booth_text
from halllayout.read.header import Header, map_header
from halllayout.read.rows import Row, booth_from_row


def read_booth_list(path: Path) -> tuple[BoothRequest, ...]:
    """Read the booth requests of a CSV file; messages name the file by `path.name`.

    Raises InputError where the file cannot be read or any row is wrong (see `parse_booth_csv`).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path.name, f"cannot read the file: {error.strerror or error}") from error
    return parse_booth_csv(data, path.name)


def parse_booth_csv(data: bytes, source: str) -> tuple[BoothRequest, ...]:
    """Parse a booth list's CSV bytes into booth requests, in file order.

    `source` is the file name shown in messages, e.g. "booths.csv". The bytes may be UTF-8 (with or
    without BOM) or GBK/GB18030; the header English (`ref, exhibitor, width, depth, size, type, zone,
    country, tier, keep_apart, products`) or Chinese (`展商编号, 展商名称, 宽(米), 深(米), ...`).
    Required: ref, exhibitor, and width and depth or size (e.g. "6x3"). Empty type means standard.

    >>> booth, = parse_booth_csv(b"ref,exhibitor,size,country\\nEX1,Alpha Ltd,6x3,de\\n", "b.csv")
    >>> booth.ref, booth.width, booth.depth, booth.country, booth.type, str(booth.source)
    ('EX1', 6.0, 3.0, 'DE', 'standard', 'b.csv row 2')
    """
    records = _records(decode_booth_text(data, source), source)
    first = next(records, None)
    if first is None:
        raise InputError(source, "the file is empty; expected a header row and one row per booth")
    header = map_header(first[1], source, row=first[0])
    booths = _booths(records, header, source)
    _check_keep_apart(booths, header, source)
    return booths


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank CSV records of `text`, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(source, f"not valid CSV ({error})", row=start) from error


def _booths(
    records: Iterator[tuple[int, list[str]]], header: Header, source: str
) -> tuple[BoothRequest, ...]:
    booths: list[BoothRequest] = []
    row_of_ref: dict[str, int] = {}
    for number, cells in records:
        row = Row(cells, header, source, number)
        ref = row.text("ref")
        if ref in row_of_ref:
            raise row.error("ref", f'duplicate ref "{ref}", already at row {row_of_ref[ref]}')
        booth = booth_from_row(row)
        row_of_ref[ref] = number
        booths.append(booth)
    if not booths:
        raise InputError(source, "no booths: the file has a header row but no data rows", row=header.row)
    return tuple(booths)


def _check_keep_apart(booths: tuple[BoothRequest, ...], header: Header, source: str) -> None:
    """Every keep_apart ref must be another booth of the list."""
    refs = {booth.ref for booth in booths}
    for booth in booths:
        for ref in booth.keep_apart:
            if ref == booth.ref or ref not in refs:
                problem = "this booth's own ref" if ref == booth.ref else "which no booth has"
                raise InputError(
                    source,
                    f'expected the ref of another booth in the list, got "{ref}", {problem}',
                    row=booth.source.row,
                    column=header.name("keep_apart"),
                )
