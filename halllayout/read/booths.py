"""Booth lists: CSV, XLSX or JSON files of booth requests, English or Chinese headers.

Nothing is returned half-read: a file with any problem raises InputError (one problem) or
InputErrors (several, all of them, in file order), each naming the file, the row and column (or the
JSON field) and the bad value. A CSV file that is not valid CSV, a header with missing columns and
a workbook that cannot be opened stop at that one problem.
"""

from __future__ import annotations

from pathlib import Path

from halllayout.errors import InputError
from halllayout.model import BoothRequest
from halllayout.read.booth_csv import parse_booth_csv
from halllayout.read.booth_json import parse_booth_json
from halllayout.read.booth_xlsx import parse_booth_xlsx
from halllayout.read.encoding import XLS_REFUSED, looks_like

__all__ = ["parse_booth_csv", "parse_booth_json", "parse_booth_list", "parse_booth_xlsx", "read_booth_list"]

#: File name endings read as workbooks and as JSON; anything else is read as CSV.
XLSX_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)


def read_booth_list(path: Path, sheet: str | int | None = None) -> tuple[BoothRequest, ...]:
    """Read the booth requests of a CSV, XLSX or JSON file; messages name the file by `path.name`.

    See `parse_booth_list` for how the format is told and what `sheet` means.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path.name, f"cannot read the file: {error.strerror or error}") from error
    return parse_booth_list(data, path.name, sheet)


def parse_booth_list(data: bytes, source: str, sheet: str | int | None = None) -> tuple[BoothRequest, ...]:
    """Parse a booth list's bytes, the format told by the content and the name `source`.

    A zip archive is read as an XLSX workbook (`sheet`: a sheet's name or its number from 1; the
    first sheet where None) and an old binary Excel workbook (.xls) is refused, whatever the name
    says; a name ending .json is read as JSON, anything else as CSV. `sheet` is refused for a
    file that is not a workbook, rather than ignored.

    >>> [b.ref for b in parse_booth_list(b'[{"ref": "EX1", "company": "A", "area": 9}]', "b.json")]
    ['EX1']
    """
    kind = looks_like(data)
    if kind == "xls" or source.lower().endswith(".xls"):
        raise InputError(source, XLS_REFUSED)
    if kind == "xlsx":
        return parse_booth_xlsx(data, source, sheet)
    if sheet is not None:
        raise InputError(source, f"a sheet ({sheet}) was chosen, but this is not an XLSX workbook")
    if source.lower().endswith(XLSX_SUFFIXES):
        raise InputError(source, "not an XLSX workbook (not a zip archive); a damaged or renamed file?")
    if source.lower().endswith(JSON_SUFFIXES):
        return parse_booth_json(data, source)
    return parse_booth_csv(data, source)
