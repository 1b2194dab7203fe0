"""Booth lists in CSV: English or Chinese headers, UTF-8 (with or without BOM) or GBK/GB18030.

Rows are physical line numbers. The header is the first non-blank line, or the first of the first
MAX_TITLE_ROWS + 1 that names two booth-list fields, so a title row above it, as a CSV saved from a
spreadsheet has, is skipped. Blank rows, or rows of empty cells as spreadsheets leave at the end,
are skipped.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Sequence

from halllayout.errors import InputError
from halllayout.model import BoothRequest
from halllayout.read.booth_list import booths_from_records
from halllayout.read.encoding import decode_booth_text
from halllayout.read.header import MAX_TITLE_ROWS, Header, header_position, map_header
from halllayout.read.rows import Record


def parse_booth_csv(data: bytes, source: str) -> tuple[BoothRequest, ...]:
    """Parse a booth list's CSV bytes into booth requests, in file order.

    `source` is the file name shown in messages, e.g. "booths.csv". The bytes may be UTF-8 (with or
    without BOM) or GBK/GB18030; the header English (`ref, exhibitor, width, depth, size, area, type,
    zone, country, tier, keep_apart, products`), Chinese (`展商编号, 展商名称, 宽(米), 深(米), ...`)
    or one of their aliases (see `halllayout.read.header`). Required: ref, exhibitor, and width and
    depth, or size (e.g. "6x3"), or area in m². Empty type means standard.

    Raises InputError for a file that cannot be read as CSV text or a bad header; otherwise every
    bad cell of every row at once (InputErrors where there are several).

    >>> booth, = parse_booth_csv(b"ref,exhibitor,size,country\\nEX1,Alpha Ltd,6x3,de\\n", "b.csv")
    >>> booth.ref, booth.width, booth.depth, booth.country, booth.type, str(booth.source)
    ('EX1', 6.0, 3.0, 'DE', 'standard', 'b.csv row 2')
    """
    lines = _lines(decode_booth_text(data, source), source)
    top = list(itertools.islice(lines, MAX_TITLE_ROWS + 1))
    if not top:
        raise InputError(source, "the file is empty; expected a header row and one row per booth")
    position = header_position([cells for _, cells in top]) or 0
    header = map_header(top[position][1], source, row=top[position][0])
    empty = InputError(source, "no booths: the file has a header row but no data rows", row=header.row)
    rows = itertools.chain(top[position + 1 :], lines)
    return booths_from_records((table_record(cells, header, source, row) for row, cells in rows), empty)


def table_record(cells: Sequence[object], header: Header, source: str, row: int) -> Record:
    """The record of one data row of a table (CSV or spreadsheet) under `header`."""
    values = {field: cells[column] for field, column in header.index.items() if column < len(cells)}
    return Record(values, header.field_names, source, row)


def _lines(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank CSV records of `text`, each with the line it starts on.

    A CSV syntax error is raised at once (InputError): the rows after it cannot be told apart.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(source, f"not valid CSV ({error})", row=start) from error
