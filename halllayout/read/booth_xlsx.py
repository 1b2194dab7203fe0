"""Booth lists in Excel workbooks (.xlsx), read with openpyxl.

The booths are on the first sheet unless a sheet is named (or numbered from 1). The header is the
first row that names at least two booth-list fields (see `header_position`), so title rows and blank
rows above it are skipped; where no row does, the first non-blank row is taken as the header and its
missing columns are reported. Rows are numbered as Excel numbers them; blank rows are
skipped. Cells may hold text or numbers (3, 3.0 or "3"); formulas are read as the value Excel last
computed for them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl

from halllayout.errors import InputError, InputErrors
from halllayout.model import BoothRequest
from halllayout.read.booth_csv import table_record
from halllayout.read.booth_list import booths_from_records
from halllayout.read.fields import show
from halllayout.read.header import header_position, map_header
from halllayout.read.problems import Problems

Rows = list[tuple[int, list[object]]]
#: What openpyxl raises for a damaged workbook: not a zip, parts missing, bad XML or bad values.
_DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, ParseError)


def parse_booth_xlsx(data: bytes, source: str, sheet: str | int | None = None) -> tuple[BoothRequest, ...]:
    """Parse the booth list on one sheet of an XLSX workbook's bytes; `source` names it in messages.

    `sheet` is a sheet's name, or its number counting from 1 (a text of digits that is no sheet's
    name counts as a number too); None means the first sheet. Columns and cells are read as in a CSV
    booth list (see `parse_booth_csv`). Raises InputError for a workbook that cannot be read or an
    unknown sheet (naming the sheets there are), otherwise every bad cell at once. Where the first
    sheet holds no header and there are other sheets, that is said too.
    """
    title, rows, titles = _sheet_rows(data, source, sheet)
    where = f"{source} [{title}]" if sheet is not None else source
    position = header_position([cells for _, cells in rows])
    try:
        if not rows:
            raise InputError(
                where, f"sheet {show(title)} is empty; expected a header row and one row per booth"
            )
        header_row, header_cells = rows[position or 0]
        header = map_header([_header_text(cell) for cell in header_cells], where, header_row)
    except (InputError, InputErrors) as error:
        if position is None and sheet is None and len(titles) > 1:  # the booths may be on another sheet
            problems = Problems()
            problems.add(error)
            problems.add(InputError(where, f"the workbook has other sheets: {_listed(titles)}; choose one"))
            problems.raise_any()
        raise
    empty = InputError(where, "no booths: the sheet has a header row but no data rows", row=header_row)
    records = (table_record(cells, header, where, number) for number, cells in rows[(position or 0) + 1 :])
    return booths_from_records(records, empty)


def _sheet_rows(data: bytes, source: str, sheet: str | int | None) -> tuple[str, Rows, list[str]]:
    """The chosen sheet's title, its non-blank rows numbered as Excel numbers them, all sheets' titles."""
    _refuse_open_document(data, source)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _DAMAGED as error:
        raise InputError(source, f"not a readable XLSX workbook ({_reason(error)})") from error
    try:
        worksheet = _worksheet(workbook, source, sheet)
        worksheet.reset_dimensions()  # some writers record wrong dimensions; read every row there is
        try:
            rows = list(_non_blank(worksheet.iter_rows(values_only=True)))
        except _DAMAGED as error:
            message = f"sheet {show(worksheet.title)} cannot be read ({_reason(error)})"
            raise InputError(source, message) from error
        return worksheet.title, rows, [other.title for other in workbook.worksheets]
    finally:
        workbook.close()


def _refuse_open_document(data: bytes, source: str) -> None:
    """LibreOffice's .ods is a zip archive too; say so rather than that parts are missing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = archive.read("mimetype") if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says what is wrong
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise InputError(
            source,
            "an OpenDocument spreadsheet, not XLSX; save it as an .xlsx workbook or as "
            '"CSV UTF-8" and use that',
        )


def _reason(error: Exception) -> str:
    """What went wrong, without the quotes a KeyError puts around its message."""
    return str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)


def _worksheet(workbook: Any, source: str, sheet: str | int | None) -> Any:
    sheets = workbook.worksheets
    if not sheets:
        raise InputError(source, "the workbook has no worksheet")
    if sheet is None:
        return sheets[0]
    names = [worksheet.title for worksheet in sheets]
    if isinstance(sheet, str) and sheet in names:
        return sheets[names.index(sheet)]
    number = int(sheet) if isinstance(sheet, int) or sheet.strip().isdigit() else 0
    if 1 <= number <= len(sheets):
        return sheets[number - 1]
    raise InputError(source, f"no sheet {show(sheet)}; the workbook has {_listed(names)}")


def _listed(titles: list[str]) -> str:
    """Sheets by number and name: 1 "Notes", 2 "Booths"."""
    return ", ".join(f"{index} {show(title)}" for index, title in enumerate(titles, start=1))


def _non_blank(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, list[object]]]:
    for number, cells in enumerate(rows, start=1):
        if any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in cells):
            yield number, list(cells)


def _header_text(cell: object) -> str:
    return cell if isinstance(cell, str) else "" if cell is None else str(cell)
