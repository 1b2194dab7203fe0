"""The organiser's booth list back, with where each booth went: CSV (UTF-8 with BOM, for Excel) and XLSX.

One row per placed booth in numbering order, then one per unplaced request with an empty number and
the reason. The request's columns carry the names the booth-list reader knows (ref, exhibitor, width,
depth …), so the file can be read back as a booth list; the placement adds number, hall, x and y (the
booth's south-west corner on the hall plan), x_size and y_size (its extent east and north, in
metres), front, open_sides and reason. The XLSX also lists each hall's figures (sheet "Halls") and the
vacant booth spots, space to sell (sheet "Vacant").
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from halllayout.model import BoothRequest, Layout, PlacedBooth, Vacancy
from halllayout.plan.text import valid

COLUMNS = (
    "number",
    "hall",
    "ref",
    "exhibitor",
    "width",
    "depth",
    "type",
    "zone",
    "country",
    "tier",
    "keep_apart",
    "products",
    "x",
    "y",
    "x_size",
    "y_size",
    "front",
    "open_sides",
    "reason",
)
#: Columns written as numbers in the XLSX (and as plain decimals in the CSV).
NUMERIC = frozenset({"width", "depth", "x", "y", "x_size", "y_size"})
#: Cell starts a spreadsheet reads as a formula (OWASP "CSV injection"); such text gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The created/modified time written into the XLSX document properties and zip entries.
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
#: Widest a column is set in the XLSX, in characters.
MAX_COLUMN_WIDTH = 50

Value = str | float


def _metres(value: float) -> float:
    """A length rounded to the millimetre, integral lengths as int-valued floats."""
    return round(value, 3) + 0.0


def _number_text(value: float) -> str:
    """A length as CSV text: "3", "2.5", "12.345".

    >>> _number_text(3.0), _number_text(2.5), _number_text(0.1 + 0.2)
    ('3', '2.5', '0.3')
    """
    return f"{_metres(value):.3f}".rstrip("0").rstrip(".")


def _request_values(r: BoothRequest) -> dict[str, Value]:
    return {
        "ref": r.ref,
        "exhibitor": r.exhibitor,
        "width": _metres(r.width),
        "depth": _metres(r.depth),
        "type": r.type,
        "zone": r.zone,
        "country": r.country,
        "tier": r.tier,
        "keep_apart": ";".join(r.keep_apart),
        "products": ";".join(r.products),
    }


def _booth_values(b: PlacedBooth) -> dict[str, Value]:
    return {
        "number": b.number,
        "hall": b.hall_id,
        **_request_values(b.request),
        "x": _metres(b.x0),
        "y": _metres(b.y0),
        "x_size": _metres(b.x1 - b.x0),
        "y_size": _metres(b.y1 - b.y0),
        "front": b.front,
        "open_sides": "".join(b.open_sides),
        "reason": "",
    }


def booth_rows(layout: Layout) -> list[dict[str, Value]]:
    """Every booth then every unplaced request, as column → value (numbers as floats, "" for none).

    Text is as given, except that lone surrogates (which no encoding can write) become U+FFFD.
    """
    rows = [_booth_values(b) for b in layout.booths]
    blank = dict.fromkeys(("number", "hall", "x", "y", "x_size", "y_size", "front", "open_sides"), "")
    rows.extend({**blank, **_request_values(u.request), "reason": u.reason} for u in layout.unplaced)
    return [
        {column: valid(value) if isinstance(value, str) else value for column, value in row.items()}
        for row in ({column: row[column] for column in COLUMNS} for row in rows)
    ]


def guard_formula(text: str) -> str:
    """`text` made safe to open in a spreadsheet: a leading =, +, -, @, tab or CR gets a ' before it.

    >>> guard_formula("=HYPERLINK(1)"), guard_formula("-3"), guard_formula("ACME")
    ("'=HYPERLINK(1)", "'-3", 'ACME')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def booth_list_csv(layout: Layout) -> bytes:
    """The booth list as CSV: UTF-8 with BOM, CRLF line ends, a header row of COLUMNS.

    Text cells are guarded against formula injection (guard_formula); numbers are plain decimals.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in booth_rows(layout):
        writer.writerow(
            _number_text(value) if isinstance(value, float) else guard_formula(value)
            for value in row.values()
        )
    return out.getvalue().encode("utf-8-sig")


def _display_width(value: Value) -> int:
    """Characters a value takes in a cell, about: Chinese characters count two.

    >>> _display_width("中国 AB"), _display_width(2.5)
    (7, 3)
    """
    text = _number_text(value) if isinstance(value, float) else value
    # CJK characters take three bytes in UTF-8 and two columns; ASCII one byte and one column
    return len(text) + (len(text.encode("utf-8", errors="replace")) - len(text)) // 2


def _sheet_text(text: str) -> str:
    """Text a worksheet cell can hold: characters XML forbids dropped."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _write_rows(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Value]]) -> None:
    """Header in bold and frozen, an autofilter, rows below, each column as wide as its widest value."""
    bold = Font(bold=True)
    widths = [len(name) for name in header]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = bold
    for row_index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, float):
                sheet.cell(row=row_index, column=column, value=int(value) if value.is_integer() else value)
            elif value:
                cell = sheet.cell(row=row_index, column=column, value=_sheet_text(value))
                cell.data_type = "s"  # text, always: openpyxl would take "=…" for a formula
            widths[column - 1] = max(widths[column - 1], _display_width(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_COLUMN_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def _hall_rows(layout: Layout) -> list[list[Value]]:
    counts = Counter(b.hall_id for b in layout.booths)
    areas = dict.fromkeys(counts, 0.0)
    for b in layout.booths:
        areas[b.hall_id] += (b.x1 - b.x0) * (b.y1 - b.y0)
    rows: list[list[Value]] = []
    for hall in layout.fair.halls:
        outline = hall.outline
        floor = (
            abs(
                sum(
                    a[0] * b[1] - b[0] * a[1] for a, b in zip(outline, outline[1:] + outline[:1], strict=True)
                )
            )
            / 2
        )
        booth_area = _metres(areas.get(hall.id, 0.0))
        share = round(booth_area / floor, 3) + 0.0 if floor else 0.0
        rows.append([hall.id, hall.name, float(counts[hall.id]), booth_area, _metres(floor), share])
    return rows


#: The columns of the XLSX's sheet "Vacant": where each vacant booth spot is, as the booths' columns say.
VACANT_COLUMNS = ("number", "hall", "x", "y", "x_size", "y_size", "front", "area_m2")


def _vacant_row(v: Vacancy) -> list[Value]:
    x_size, y_size = _metres(v.x1 - v.x0), _metres(v.y1 - v.y0)
    return [
        v.number,
        v.hall_id,
        _metres(v.x0),
        _metres(v.y0),
        x_size,
        y_size,
        v.front,
        _metres(x_size * y_size),
    ]


def booth_list_xlsx(layout: Layout) -> bytes:
    """The booth list as an Excel workbook: sheet "Booths" (COLUMNS, bold frozen header, filter, widths
    set; text stays text, numbers numbers), sheet "Halls" (booths, booth area, floor area and the
    share of the floor booths take per hall) and sheet "Vacant" (VACANT_COLUMNS: each vacant booth
    spot, hall by hall; the header alone where there is none).

    Deterministic: document properties and zip entry times are FIXED_TIME.
    """
    workbook = Workbook()
    booths = workbook.active
    booths.title = "Booths"
    _write_rows(booths, COLUMNS, [list(row.values()) for row in booth_rows(layout)])
    halls = workbook.create_sheet("Halls")
    header = ("hall", "name", "booths", "booth_area_m2", "floor_area_m2", "booth_share")
    _write_rows(halls, header, _hall_rows(layout))
    vacant = workbook.create_sheet("Vacant")
    spots = [v for hall in layout.fair.halls for v in layout.vacant_in(hall.id)]
    _write_rows(vacant, VACANT_COLUMNS, [_vacant_row(v) for v in spots])
    workbook.properties.creator = "halllayout"
    workbook.properties.title = f"{layout.fair.name} booth list"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the modified time with the clock
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _fixed_zip_times(raw.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The zip archive `data` with every entry dated FIXED_TIME and marked as made on Unix."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
