"""The booth list back: CSV for Excel (BOM, formula guard) and XLSX, read back cell by cell."""

from __future__ import annotations

import csv
import dataclasses
import doctest
import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from halllayout.model import Layout, Vacancy
from halllayout.plan import booth_list
from halllayout.plan.booth_list import COLUMNS, booth_list_csv, booth_list_xlsx

FORMULA_NAME = '=HYPERLINK("http://x","y")'  # booth A03 of the layout fixture (conftest.py)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_the_header_then_booths_in_number_order_then_unplaced(layout: Layout) -> None:
    data = booth_list_csv(layout)
    assert data.decode("utf-8-sig").split("\r\n")[0] == ",".join(COLUMNS)
    rows = csv_rows(data)
    assert [r["number"] for r in rows] == ["A01", "A02", "A03", "B01", ""]
    assert rows[0] == {
        "number": "A01",
        "hall": "A",
        "ref": "REF-A01",
        "exhibitor": "深圳市华为技术有限公司",
        "width": "3",
        "depth": "3",
        "type": "standard",
        "zone": "Food",
        "country": "CN",
        "tier": "",
        "keep_apart": "",
        "products": "茶;Tea",
        "x": "2",
        "y": "2",
        "x_size": "3",
        "y_size": "3",
        "front": "S",
        "open_sides": "S",
        "reason": "",
    }
    assert (rows[2]["x"], rows[2]["width"], rows[2]["front"], rows[2]["open_sides"]) == (
        "10.5",
        "5.5",
        "W",
        "NW",
    )
    assert (rows[3]["y_size"], rows[3]["keep_apart"]) == ("2.5", "REF-A01")


def test_unplaced_requests_come_last_with_the_reason(layout: Layout) -> None:
    last = csv_rows(booth_list_csv(layout))[-1]
    assert (last["number"], last["hall"], last["x"], last["open_sides"]) == ("", "", "", "")
    assert (last["ref"], last["width"], last["reason"]) == ("REF-X", "30", "larger than every hall")


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(layout: Layout) -> None:
    rows = csv_rows(booth_list_csv(layout))
    assert rows[2]["exhibitor"] == "'" + FORMULA_NAME
    assert rows[4]["exhibitor"] == "'-Too Big GmbH"
    assert rows[1]["exhibitor"] == "<img src=x onerror=alert(1)>"


def test_xlsx_booths_sheet_reads_back_with_text_as_text_and_numbers_as_numbers(layout: Layout) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(booth_list_xlsx(layout)))
    assert workbook.sheetnames == ["Booths", "Halls", "Vacant"]
    sheet = workbook["Booths"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][:6] == ("A01", "A", "REF-A01", "深圳市华为技术有限公司", 3, 3)
    assert rows[3][3] == FORMULA_NAME  # kept exactly, as text
    assert sheet["D4"].data_type == "s"
    assert rows[3][12:16] == (10.5, 6, 5.5, 4)
    assert rows[5][0] is None and rows[5][-1] == "larger than every hall"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S6"
    assert sheet.column_dimensions["D"].width == 30  # the longest name, 28 characters, + 2
    assert sheet.column_dimensions["A"].width == 8


def test_xlsx_halls_sheet_sums_each_hall(layout: Layout) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(booth_list_xlsx(layout)))["Halls"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("hall", "name", "booths", "booth_area_m2", "floor_area_m2", "booth_share"),
        ("A", "Hall A", 3, 40, 240, 0.167),
        ("B", "Hall B", 1, 7.5, 100, 0.075),
        ("C", "Hall C", 0, 0, 100, 0),
    ]


def test_xlsx_vacant_sheet_lists_the_spots_to_sell_hall_by_hall(layout: Layout) -> None:
    spots = (Vacancy("B", 5.0, 2.0, 8.0, 4.5, "S"), Vacancy("A", 12.0, 1.0, 15.0, 4.0, "S", "A05"))
    workbook = openpyxl.load_workbook(io.BytesIO(booth_list_xlsx(dataclasses.replace(layout, vacant=spots))))
    assert list(workbook["Vacant"].iter_rows(values_only=True)) == [
        ("number", "hall", "x", "y", "x_size", "y_size", "front", "area_m2"),
        ("A05", "A", 12, 1, 3, 3, "S", 9),
        (None, "B", 5, 2, 3, 2.5, "S", 7.5),
    ]
    none = openpyxl.load_workbook(io.BytesIO(booth_list_xlsx(layout)))["Vacant"]
    assert list(none.iter_rows(values_only=True)) == [
        ("number", "hall", "x", "y", "x_size", "y_size", "front", "area_m2")
    ]


def test_xlsx_is_the_same_bytes_every_time_with_fixed_dates(layout: Layout) -> None:
    data = booth_list_xlsx(layout)
    assert data == booth_list_xlsx(layout)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.properties.created == datetime(2000, 1, 1)
    assert workbook.properties.modified == datetime(2000, 1, 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_control_characters_do_not_break_the_workbook(layout: Layout) -> None:
    first = layout.booths[0]
    renamed = dataclasses.replace(first, request=dataclasses.replace(first.request, exhibitor="A\x00B\x1fC"))
    workbook = openpyxl.load_workbook(
        io.BytesIO(booth_list_xlsx(dataclasses.replace(layout, booths=(renamed,))))
    )
    assert workbook["Booths"]["D2"].value == "ABC"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_guard_formula(text: str) -> None:
    assert booth_list.guard_formula(text) == "'" + text


def test_docstring_examples() -> None:
    result = doctest.testmod(booth_list)
    assert result.attempted > 0
    assert result.failed == 0
