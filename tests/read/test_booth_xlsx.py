"""Reading booth lists from XLSX workbooks: workbooks built here with openpyxl, and the sample workbook."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import Counter
from contextlib import AbstractContextManager
from pathlib import Path

import openpyxl
import pytest

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.model import BoothRequest, Source
from halllayout.read import parse_booth_list, read_booth_list
from halllayout.read.booth_xlsx import parse_booth_xlsx

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "booths" / "fair-60-zh.xlsx"
HEADER = ["ref", "exhibitor", "width", "depth"]


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    """An XLSX workbook's bytes with the sheets given, each a title and its rows from row 1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parse(rows: list[list[object]], sheet: str | int | None = None) -> tuple[BoothRequest, ...]:
    return parse_booth_xlsx(workbook(("Booths", rows)), "booths.xlsx", sheet)


def refused(*messages: str) -> AbstractContextManager[pytest.ExceptionInfo[HallLayoutError]]:
    """Expect an InputError with the one message given, or InputErrors with exactly these, in order."""
    kind = InputError if len(messages) == 1 else InputErrors
    return pytest.raises(kind, match=f"^{re.escape(chr(10).join(messages))}$")


# --- layout of the sheet -----------------------------------------------------------------------


def test_title_and_blank_rows_above_the_header_rows_numbered_as_excel_does() -> None:
    rows: list[list[object]] = [
        ["Spring Fair 2026: exhibitors"],
        [],
        ["printed 2026-03-01", None, None],
        HEADER,
        ["EX1", "Alpha", 3, 3],
        [],
        ["EX2", "Beta", 6.0, "3"],
    ]
    alpha, beta = parse(rows)
    assert alpha == BoothRequest("EX1", "Alpha", 3.0, 3.0)
    assert (alpha.source, beta.source) == (Source("booths.xlsx", 5), Source("booths.xlsx", 7))
    assert (beta.width, beta.depth) == (6.0, 3.0)


def test_numbers_as_refs_and_texts_cells_of_any_type() -> None:
    rows: list[list[object]] = [
        ["展商编号", "公司名称", "面积", "展区", "国家"],
        [1001, "  Alpha  ", 18, 7, "de"],
        [1002.0, 2024, "9", None, None],
    ]
    alpha, beta = parse(rows)
    assert (alpha.ref, alpha.exhibitor, alpha.width, alpha.depth, alpha.zone, alpha.country) == (
        "1001",
        "Alpha",
        6.0,
        3.0,
        "7",
        "DE",
    )
    assert (beta.ref, beta.exhibitor, beta.width) == ("1002", "2024", 3.0)


def test_first_row_taken_as_header_where_none_names_two_fields() -> None:
    with refused(
        "booths.xlsx row 2: missing required columns ref/展商编号, width/宽(米) and depth/深(米) (or "
        'size/尺寸, or area/面积); found "Exhibitor", "Stand", "Hall"'
    ):
        parse([[], ["Exhibitor", "Stand", "Hall"], ["Alpha", "A12", "A"]])


def test_every_bad_cell_with_its_excel_row_and_header() -> None:
    rows: list[list[object]] = [
        ["Exhibitor list"],
        ["编号", "企业名称", "宽(米)", "深(米)", "类型"],
        ["EX1", "Alpha", -3, 3, "standard"],
        ["EX2", None, 3, "three", "kiosk"],
        ["EX1", "Gamma", 1e9, 3, None],
        ["EX4", "Delta", datetime.datetime(2026, 5, 1), True, None],
    ]
    with refused(
        "booths.xlsx row 3, column 宽(米): expected a positive number, got -3",
        'booths.xlsx row 4, column 企业名称: expected a non-empty exhibitor name, got ""',
        'booths.xlsx row 4, column 深(米): expected a positive number, got "three"',
        "booths.xlsx row 4, column 类型: expected one of standard, corner, peninsula, island, raw, "
        'got "kiosk"',
        'booths.xlsx row 5, column 编号: duplicate ref "EX1", already at row 3',
        "booths.xlsx row 5, column 宽(米): expected at most 1000 metres, got 1000000000",
        'booths.xlsx row 6, column 宽(米): expected a positive number, got "2026-05-01 00:00:00"',
        "booths.xlsx row 6, column 深(米): expected a positive number, got true",
    ):
        parse(rows)


def test_names_are_data() -> None:
    (booth,) = parse([HEADER, ["EX1", "<img src=x onerror=alert(1)>", 3, 3]])
    assert booth.exhibitor == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], 'booths.xlsx: sheet "Booths" is empty; expected a header row and one row per booth'),
        (
            [["title"], HEADER, [None, "  "]],
            "booths.xlsx row 2: no booths: the sheet has a header row but no data rows",
        ),
    ],
)
def test_empty_sheets(rows: list[list[object]], message: str) -> None:
    with refused(message):
        parse(rows)


def test_wrong_dimensions_recorded_in_the_file_do_not_hide_rows() -> None:
    data = workbook(("Booths", [HEADER, ["EX1", "Alpha", 3, 3], ["EX2", "Beta", 3, 3]]))
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(patched, "w") as copy:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # `<dimension ref="A1:D3" />`, or without the space when openpyxl writes with lxml
                content, found = re.subn(
                    rb'<dimension ref="A1:D3"\s*/>', b'<dimension ref="A1:D2"/>', content
                )
                assert found == 1
            copy.writestr(item, content)
    assert [b.ref for b in parse_booth_xlsx(patched.getvalue(), "booths.xlsx")] == ["EX1", "EX2"]


# --- sheets ------------------------------------------------------------------------------------


def two_sheets() -> bytes:
    return workbook(("Notes", [["read me"]]), ("展商", [HEADER, ["EX1", "Alpha", 3, 3]]))


@pytest.mark.parametrize("sheet", ["展商", "2", 2])
def test_sheet_by_name_or_number(sheet: str | int) -> None:
    (booth,) = parse_booth_xlsx(two_sheets(), "fair.xlsx", sheet)
    assert (booth.ref, booth.source.file) == ("EX1", "fair.xlsx [展商]")


@pytest.mark.parametrize("sheet", ["Booths", "3", 0, "0"])
def test_unknown_sheet_lists_the_sheets(sheet: str | int) -> None:
    shown = f'"{sheet}"' if isinstance(sheet, str) else str(sheet)
    with refused(f'fair.xlsx: no sheet {shown}; the workbook has 1 "Notes", 2 "展商"'):
        parse_booth_xlsx(two_sheets(), "fair.xlsx", sheet)


def test_messages_name_a_chosen_sheet() -> None:
    data = workbook(("Notes", []), ("Booths", [HEADER, ["EX1", "Alpha", 0, 3]]))
    with refused("fair.xlsx [Booths] row 2, column width: expected a positive number, got 0"):
        parse_booth_xlsx(data, "fair.xlsx", "Booths")


def test_first_sheet_by_default_and_a_hint_where_it_holds_no_booths() -> None:
    with refused(
        "fair.xlsx row 1: missing required columns ref/展商编号, exhibitor/展商名称, width/宽(米) and "
        'depth/深(米) (or size/尺寸, or area/面积); found "read me"',
        'fair.xlsx: the workbook has other sheets: 1 "Notes", 2 "展商"; choose one',
    ):
        parse_booth_list(two_sheets(), "fair.xlsx")
    with refused(
        'fair.xlsx: sheet "Notes" is empty; expected a header row and one row per booth',
        'fair.xlsx: the workbook has other sheets: 1 "Notes", 2 "展商"; choose one',
    ):
        parse_booth_list(workbook(("Notes", []), ("展商", [HEADER])), "fair.xlsx")


def test_damaged_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with refused(
        "fair.xlsx: an OpenDocument spreadsheet, not XLSX; save it as an .xlsx workbook or as "
        '"CSV UTF-8" and use that'
    ):
        parse_booth_list(buffer.getvalue(), "fair.xlsx")
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with refused("fair.xlsx: not a readable XLSX workbook (File contains no valid workbook part)"):
        parse_booth_list(buffer.getvalue().replace(b"opendocument", b"something!!"), "fair.xlsx")
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with refused(
        "fair.xlsx: not a readable XLSX workbook (There is no item named '[Content_Types].xml' in the "
        "archive)"
    ):
        parse_booth_list(empty.getvalue(), "fair.xlsx")
    with refused("fair.xlsx: not a readable XLSX workbook (File is not a zip file)"):
        parse_booth_list(b"PK\x03\x04 and then nothing", "fair.xlsx")


# --- the sample workbook -----------------------------------------------------------------------


def test_fair_60_chinese_workbook() -> None:
    booths = read_booth_list(SAMPLE)
    assert len(booths) == 60
    assert booths[0] == BoothRequest(
        "EX000001",
        "杭州东方雨虹防水技术科技有限公司",
        3.0,
        3.0,
        "standard",
        "电信、计算机和信息服务",
        "CN",
        "",
        (),
        ("Espresso Machine", "Electric Kettle", "移动冰毯"),
    )
    assert booths[0].source == Source("fair-60-zh.xlsx", 4)  # title row 1, blank row 2, header row 3
    assert booths[1].width == 9.0 and booths[1].type == "island"
    assert booths[3].keep_apart == ("EX000038",)
    assert (booths[-1].ref, booths[-1].source.row) == ("EX000060", 63)
    assert Counter(b.tier for b in booths) == {"": 57, "gold": 3}


def test_fair_60_notes_sheet_is_not_a_booth_list() -> None:
    with refused(
        "fair-60-zh.xlsx [说明] row 1: missing required columns ref/展商编号, exhibitor/展商名称, "
        'width/宽(米) and depth/深(米) (or size/尺寸, or area/面积); found "宽/深单位为米。展位类型: '
        'standard/corner/peninsula/island/raw"'
    ):
        read_booth_list(SAMPLE, "说明")
