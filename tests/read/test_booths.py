"""Reading CSV booth lists: encodings, headers, cells, every problem at once, the samples in data/booths.

Also the dispatch of `read_booth_list` on the file's content and name; XLSX and JSON booth lists have
their own test modules.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.model import BoothRequest, Source
from halllayout.read import parse_booth_csv, read_booth_list

BOOTHS = Path(__file__).resolve().parents[1] / "data" / "booths"
HEADER = "ref,exhibitor,width,depth\n"
ZH_HEADER = "展商编号,展商名称,宽(米),深(米),展位类型,展区,国家/地区,赞助级别,避让展商,展品\n"


def parse(text: str, encoding: str = "utf-8") -> tuple[BoothRequest, ...]:
    return parse_booth_csv(text.encode(encoding), "booths.csv")


def refused(*messages: str) -> AbstractContextManager[pytest.ExceptionInfo[HallLayoutError]]:
    """Expect an InputError with the one message given, or InputErrors with exactly these, in order."""
    kind = InputError if len(messages) == 1 else InputErrors
    return pytest.raises(kind, match=f"^{re.escape(chr(10).join(messages))}$")


# --- cells -------------------------------------------------------------------------------------


def test_minimal_row_gives_defaults_and_source() -> None:
    (booth,) = parse(HEADER + "EX1,Alpha Ltd,3,2.5\n")
    assert booth == BoothRequest("EX1", "Alpha Ltd", 3.0, 2.5)
    assert booth.type == "standard"
    assert booth.source == Source("booths.csv", 2)


def test_every_column_trimmed_split_and_normalised() -> None:
    text = (
        "ref,exhibitor,width,depth,type,zone,country,tier,keep_apart,products\n"
        " EX1 ,  Alpha  Ltd ,6,3, Corner ,Machinery, de ,GOLD, EX2 ;；EX3;EX2;, Drill ；Saw;;\n"
        "EX2,Beta,3,3,,,,,,\n"
        "EX3,Gamma,3,3,island,,cn,platinum,,\n"
    )
    alpha, beta, gamma = parse(text)
    assert alpha == BoothRequest(
        ref="EX1",
        exhibitor="Alpha  Ltd",
        width=6.0,
        depth=3.0,
        type="corner",
        zone="Machinery",
        country="DE",
        tier="gold",
        keep_apart=("EX2", "EX3"),
        products=("Drill", "Saw"),
    )
    assert beta == BoothRequest("EX2", "Beta", 3.0, 3.0)
    assert (gamma.type, gamma.country, gamma.tier) == ("island", "CN", "platinum")


def test_exhibitor_name_is_kept_verbatim() -> None:
    (booth,) = parse(HEADER + 'EX1,"<img src=x onerror=alert(1)> & ""Co""",3,3\n')
    assert booth.exhibitor == '<img src=x onerror=alert(1)> & "Co"'


@pytest.mark.parametrize("cell", ["6x3", "6×3", "6X3", "6*3", " 6 x 3 ", "６＊３", "6.0x3.00"])
def test_size_column_gives_width_and_depth(cell: str) -> None:
    (booth,) = parse(f'ref,exhibitor,size\nEX1,Alpha,"{cell}"\n')
    assert (booth.width, booth.depth) == (6.0, 3.0)


@pytest.mark.parametrize("cell", ["6 X 3", "6m×3m", "6米×3米", "6 m x 3 m"])
def test_size_with_spaces_and_metres(cell: str) -> None:
    (booth,) = parse(f'ref,exhibitor,规格\nEX1,Alpha,"{cell}"\n')
    assert (booth.width, booth.depth) == (6.0, 3.0)


def test_area_gives_a_booth_of_standard_depth_its_width_rounded_up_to_the_centimetre() -> None:
    text = "展商编号,企业名称,面积（㎡）\nEX1,甲,18\nEX2,乙,20\nEX3,丙,9.9\nEX4,丁,4.5\n"
    assert [(b.width, b.depth) for b in parse(text)] == [(6.0, 3.0), (6.67, 3.0), (3.3, 3.0), (1.5, 3.0)]


def test_width_and_depth_then_size_then_area() -> None:
    text = (
        "ref,exhibitor,width,depth,size,area\n"
        "EX1,Alpha,4,2,,\n"
        "EX2,Beta,,,6x3,\n"
        "EX3,Gamma,,,,27\n"
        "EX4,Delta,3,3,3x3,9\n"
        "EX5,Eta,,,6x6,36\n"
        "EX6,Theta,3.33,3,,10\n"
    )
    assert [(b.width, b.depth) for b in parse(text)] == [
        (4.0, 2.0),
        (6.0, 3.0),
        (9.0, 3.0),
        (3.0, 3.0),
        (6.0, 6.0),
        (3.33, 3.0),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("EX1,A,3,3,,12", 'column area: expected the area of 3 × 3 m, 9 m², got "12"'),
        ("EX1,A,,,6x3,20", 'column area: expected the area of 6 × 3 m, 18 m², got "20"'),
        ("EX1,A,,,,-9", 'column area: expected a positive number of square metres, got "-9"'),
        ("EX1,A,,,,9 m²", 'column area: expected a positive number of square metres, got "9 m²"'),
        ("EX1,A,,,,3001", 'column area: expected at most 3000 square metres, got "3001"'),
        ("EX1,A,3,3,,x", 'column area: expected a positive number of square metres, got "x"'),
    ],
)
def test_area_errors(row: str, message: str) -> None:
    with refused(f"booths.csv row 2, {message}"):
        parse(f"ref,exhibitor,width,depth,size,area\n{row}\n")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("标摊,", ("standard", "")),
        ("标准展位,金牌", ("standard", "gold")),
        ("光地,白金", ("raw", "platinum")),
        ("Space Only,none", ("raw", "")),
        ("岛型,无", ("island", "")),
        ("半岛,", ("peninsula", "")),
        ("双开口,GOLD", ("corner", "gold")),
    ],
)
def test_type_and_tier_as_organisers_write_them(cells: str, expected: tuple[str, str]) -> None:
    (booth,) = parse(f"ref,exhibitor,size,类型,赞助级别\nEX1,Alpha,3x3,{cells}\n")
    assert (booth.type, booth.tier) == expected


def test_size_used_only_where_width_and_depth_are_empty() -> None:
    text = "ref,exhibitor,width,depth,size\nEX1,Alpha,4,2,\nEX2,Beta,,,6x3\nEX3,Gamma,3,3,3x3\n"
    assert [(b.width, b.depth) for b in parse(text)] == [(4.0, 2.0), (6.0, 3.0), (3.0, 3.0)]


@pytest.mark.parametrize(("cell", "value"), [("1000", 1000.0), ("1e2", 100.0), ("+2.5", 2.5), (".5", 0.5)])
def test_numbers_accepted(cell: str, value: float) -> None:
    (booth,) = parse(HEADER + f"EX1,Alpha,{cell},3\n")
    assert booth.width == value


def test_keep_apart_may_name_a_booth_further_down() -> None:
    first, _ = parse("ref,exhibitor,width,depth,keep_apart\nEX1,Alpha,3,3,EX2\nEX2,Beta,3,3,\n")
    assert first.keep_apart == ("EX2",)


# --- rows --------------------------------------------------------------------------------------


def test_title_rows_above_the_header_are_skipped() -> None:
    text = "2026 云上交易会 展商名单,,,\n,,,\n导出于 2026-03-01\n" + HEADER + "EX1,Alpha,3,3\n"
    (booth,) = parse(text)
    assert (booth.ref, booth.source.row) == ("EX1", 5)


def test_the_first_line_is_the_header_where_none_names_two_fields() -> None:
    with refused(
        "booths.csv row 1: missing required columns ref/展商编号, exhibitor/展商名称, width/宽(米) and "
        'depth/深(米) (or size/尺寸, or area/面积); found "Spring Fair"'
    ):
        parse("Spring Fair\nAlpha,3,3\n")


def test_short_and_long_rows_blank_lines_and_row_numbers() -> None:
    text = "ref,exhibitor,width,depth,zone\n\nEX1,Alpha,3,3\n,,,,\nEX2,Beta,3,3,Food,extra,cells\n"
    alpha, beta = parse(text)
    assert (alpha.zone, alpha.source.row) == ("", 3)
    assert (beta.zone, beta.source.row) == ("Food", 5)


def test_row_number_is_the_line_a_multiline_record_starts_on() -> None:
    text = HEADER + 'EX1,"Alpha\nLtd",3,3\r\nEX2,Beta,0,3\n'
    with refused('booths.csv row 4, column width: expected a positive number, got "0"'):
        parse(text)
    assert parse(HEADER + 'EX1,"Alpha\nLtd",3,3\n')[0].exhibitor == "Alpha\nLtd"


def test_every_problem_is_reported_in_file_order() -> None:
    text = "ref,exhibitor,width,depth,keep_apart\nEX1,Alpha,3,3,EX9\nEX2,Beta,x,3,\nEX3,,3,3,\n"
    with refused(
        'booths.csv row 2, column keep_apart: expected the ref of another booth in the list, got "EX9", '
        "which no booth has",
        'booths.csv row 3, column width: expected a positive number, got "x"',
        'booths.csv row 4, column exhibitor: expected a non-empty exhibitor name, got ""',
    ):
        parse(text)


def test_every_bad_cell_of_one_row_in_field_order() -> None:
    text = "tier,type,depth,width,exhibitor,ref,keep_apart\ndiamond,kiosk,0,-1,,,EX1\n"
    with refused(
        'booths.csv row 2, column ref: expected a non-empty ref, got ""',
        'booths.csv row 2, column exhibitor: expected a non-empty exhibitor name, got ""',
        'booths.csv row 2, column width: expected a positive number, got "-1"',
        'booths.csv row 2, column depth: expected a positive number, got "0"',
        "booths.csv row 2, column type: expected one of standard, corner, peninsula, island, raw, "
        'got "kiosk"',
        'booths.csv row 2, column tier: expected empty or one of gold, platinum, got "diamond"',
        'booths.csv row 2, column keep_apart: expected the ref of another booth in the list, got "EX1", '
        "which no booth has",
    ):
        parse(text)


def test_a_bad_value_stays_on_one_line() -> None:
    with refused('booths.csv row 2, column width: expected a positive number, got "3\\n\\"4\\""'):
        parse(HEADER + 'EX1,Alpha,"3\n""4""",3\n')


# --- headers -----------------------------------------------------------------------------------


def test_chinese_header() -> None:
    (booth,) = parse(ZH_HEADER + "EX1,甲公司,6,3,peninsula,食品,cn,gold,,茶叶；瓷器\n")
    assert booth == BoothRequest(
        "EX1", "甲公司", 6.0, 3.0, "peninsula", "食品", "CN", "gold", (), ("茶叶", "瓷器")
    )


@pytest.mark.parametrize(
    "header",
    [
        "REF, Exhibitor ,WIDTH,Depth",
        "id,company,width(m),depth(m)",
        "编号,公司名称,宽,深",
        "展商编号,展商,宽（米）,深（米）",
        "Id,展商名称,宽 (米),深(m)",
        "Exhibitor No.,Company Name,Width [m],Depth [m]",
        "exhibitor_id,exhibitor name,frontage,booth depth",
        "参展商编号,企业名称,宽度,进深",
        '展商编号,"参展商\n名称","宽度\n(米)",深度（m）',
    ],
)
def test_header_spellings(header: str) -> None:
    (booth,) = parse(f"{header},notes\nEX1,Alpha,3,2,anything\n")
    assert (booth.ref, booth.exhibitor, booth.width, booth.depth) == ("EX1", "Alpha", 3.0, 2.0)


def test_header_does_not_match_partial_names() -> None:
    with refused(
        'booths.csv row 1: missing required column exhibitor/展商名称; found "ref", "company_size", '
        '"width", "depth"'
    ):
        parse("ref,company_size,width,depth\nEX1,3,3,3\n")


def test_header_in_another_unit_is_not_read_as_metres() -> None:
    with refused(
        "booths.csv row 1: missing required column width/宽(米) and depth/深(米) (or size/尺寸, or "
        'area/面积); found "ref", "company", "宽(cm)", "深(cm)"'
    ):
        parse("ref,company,宽(cm),深(cm)\nEX1,Alpha,300,300\n")


def test_all_header_problems_at_once() -> None:
    with refused(
        'booths.csv row 1, column 公司名称: columns "company" and "公司名称" both give the exhibitor',
        'booths.csv row 1, column area: columns "面积(㎡)" and "area" both give the area',
        'booths.csv row 1: missing required column ref/展商编号; found "company", "公司名称", "面积(㎡)", '
        '"area"',
    ):
        parse("company,公司名称,面积(㎡),area\nAlpha,Alpha,9,9\n")


def test_multiline_header_cell_is_named_on_one_line() -> None:
    # rows are physical lines: the header takes lines 1 and 2
    with refused('booths.csv row 3, column 宽度 (米): expected a positive number, got "x"'):
        parse('ref,exhibitor,"宽度\n(米)",深(米)\nEX1,Alpha,x,3\n')


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "exhibitor,size",
            'booths.csv row 1: missing required column ref/展商编号; found "exhibitor", "size"',
        ),
        (
            "ref,exhibitor,zone",
            "booths.csv row 1: missing required column width/宽(米) and depth/深(米) (or size/尺寸, or "
            'area/面积); found "ref", "exhibitor", "zone"',
        ),
        (
            "ref,exhibitor,width,size",
            'booths.csv row 1: missing required column depth/深(米) (to go with width); found "ref", '
            '"exhibitor", "width", "size"',
        ),
        (
            "ref,exhibitor,width,depth,宽（米）",
            'booths.csv row 1, column 宽（米）: columns "width" and "宽（米）" both give the width',
        ),
    ],
)
def test_header_errors(header: str, message: str) -> None:
    with refused(message):
        parse(f"{header}\nEX1,Alpha,3,3,3\n")


# --- cell errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Alpha,3,3", 'booths.csv row 2, column ref: expected a non-empty ref, got ""'),
        ("EX1,  ,3,3", 'booths.csv row 2, column exhibitor: expected a non-empty exhibitor name, got "  "'),
        ("EX1,Alpha,-3,3", 'booths.csv row 2, column width: expected a positive number, got "-3"'),
        ("EX1,Alpha,3,0", 'booths.csv row 2, column depth: expected a positive number, got "0"'),
        ("EX1,Alpha,nan,3", 'booths.csv row 2, column width: expected a positive number, got "nan"'),
        ("EX1,Alpha,inf,3", 'booths.csv row 2, column width: expected a positive number, got "inf"'),
        ("EX1,Alpha,1e999,3", 'booths.csv row 2, column width: expected a positive number, got "1e999"'),
        ("EX1,Alpha,3_0,3", 'booths.csv row 2, column width: expected a positive number, got "3_0"'),
        ("EX1,Alpha,3m,3", 'booths.csv row 2, column width: expected a positive number, got "3m"'),
        ("EX1,Alpha,3,1000.5", 'booths.csv row 2, column depth: expected at most 1000 metres, got "1000.5"'),
    ],
)
def test_cell_errors(row: str, message: str) -> None:
    with refused(message):
        parse(HEADER + row + "\n")


def test_empty_width_and_depth_are_two_problems() -> None:
    with refused(
        'booths.csv row 2, column width: expected a positive number, got ""',
        'booths.csv row 2, column depth: expected a positive number, got ""',
    ):
        parse(HEADER + "EX1,Alpha\n")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "EX1,A,3,3,kiosk,",
            'column type: expected one of standard, corner, peninsula, island, raw, got "kiosk"',
        ),
        ("EX1,A,3,3,,silver", 'column tier: expected empty or one of gold, platinum, got "silver"'),
        ("EX1,A,,,,,6 by 3", 'column size: expected width x depth such as "6x3", got "6 by 3"'),
        ("EX1,A,,,,,6x-3", 'column size: expected width x depth such as "6x3", got "6x-3"'),
        ("EX1,A,,,,,6x0", 'column size: expected a positive number, got "6x0"'),
        ("EX1,A,3,3,,,6x3", 'column size: expected the same size as width 3 and depth 3, got "6x3"'),
    ],
)
def test_type_tier_and_size_errors(row: str, message: str) -> None:
    with refused(f"booths.csv row 2, {message}"):
        parse(f"ref,exhibitor,width,depth,type,tier,size\n{row}\n")


def test_duplicate_ref_names_the_first_row() -> None:
    with refused(
        'booths.csv row 4, column ref: duplicate ref "EX1", already at row 2',
        'booths.csv row 4, column width: expected a positive number, got "-1"',
        'booths.csv row 5, column ref: duplicate ref "EX1", already at row 2',
    ):
        parse(HEADER + "EX1,Alpha,3,3\nEX2,Beta,3,3\nEX1,Gamma,-1,3\nEX1,Delta,3,3\n")


def test_keep_apart_errors() -> None:
    header = "ref,exhibitor,width,depth,避让展商\n"
    with refused(
        'booths.csv row 3, column 避让展商: expected the ref of another booth in the list, got "EX2", '
        "this booth's own ref"
    ):
        parse(header + "EX1,Alpha,3,3,\nEX2,Beta,3,3,EX1;EX2\n")
    with refused(
        'booths.csv row 2, column 避让展商: expected the ref of another booth in the list, got "ex2", '
        'which no booth has (did you mean "EX2"?)'
    ):
        parse(header + "EX1,Alpha,3,3,ex2\nEX2,Beta,3,3,\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "booths.csv: the file is empty; expected a header row and one row per booth"),
        (" \r\n\n,,\n", "booths.csv: the file is empty; expected a header row and one row per booth"),
        (HEADER + ",,,\n", "booths.csv row 1: no booths: the file has a header row but no data rows"),
        (HEADER + 'EX1,"Alpha,3,3\n', "booths.csv row 2: not valid CSV (unexpected end of data)"),
        (HEADER + 'EX1,"Alpha" Ltd,3,3\n', "booths.csv row 2: not valid CSV (',' expected after '\"')"),
    ],
)
def test_file_level_errors(text: str, message: str) -> None:
    with refused(message):
        parse(text)


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_read_the_same(encoding: str) -> None:
    text = ZH_HEADER + "EX1,北京华夏展览有限公司,3,3,,机械,CN,,,数控机床；刀具\r\n"
    (booth,) = parse(text, encoding)
    assert booth.exhibitor == "北京华夏展览有限公司"
    assert booth.products == ("数控机床", "刀具")


def test_gb18030_four_byte_character() -> None:
    (booth,) = parse(HEADER + "EX1,𠮷野家餐饮管理有限公司,3,3\n", "gb18030")
    assert booth.exhibitor == "𠮷野家餐饮管理有限公司"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ref,exhibitor\x00,width", "booths.csv: a binary file, not CSV text (NUL byte at offset 13)"),
        (
            (HEADER + "EX1,Alpha,3,3\nEX2,Be\x03ta,3,3\n").encode(),
            "booths.csv row 3: control character U+0003 in the text; a binary file or a damaged export?",
        ),
        (
            (HEADER + "EX1,Alpha\u0085,3,3\n").encode(),
            "booths.csv row 2: control character U+0085 in the text; a binary file or a damaged export?",
        ),
        (
            HEADER.encode() + b"EX1,\xff\xfe\xfa,3,3\n",
            "booths.csv row 2: not a text file in UTF-8 or GBK/GB18030 (byte 0xFF); save it from the "
            'spreadsheet as "CSV UTF-8" (or CSV)',
        ),
        (
            (HEADER + "EX1,Müller GmbH,3,3\n").encode("cp1252"),
            "booths.csv row 2: not a text file in UTF-8 or GBK/GB18030: it is not UTF-8, and read as GBK "
            'it gives unlikely characters such as "黮" (a Western code page?); save it from the '
            'spreadsheet as "CSV UTF-8" (or CSV)',
        ),
        (
            b"\xef\xbb\xbf" + HEADER.encode() + "EX1,北京,3,3\n".encode("gbk"),
            "booths.csv row 2: starts with a UTF-8 byte order mark but is not UTF-8 (byte 0xB1)",
        ),
        (
            (HEADER + "EX1,Alpha,3,3\n").encode("utf-16"),
            'booths.csv: UTF-16 text is not read, save it from the spreadsheet as "CSV UTF-8" (or CSV)',
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "booths.csv: an XLS workbook (Excel 97-2003); XLS is not read, save it from Excel as an .xlsx "
            'workbook or as "CSV UTF-8" and use that',
        ),
        (
            b"PK\x03\x04" + bytes(100),
            "booths.csv: an XLSX workbook (zip archive), not CSV text; give the file the extension .xlsx",
        ),
    ],
)
def test_encoding_errors(data: bytes, message: str) -> None:
    with refused(message):
        parse_booth_csv(data, "booths.csv")


# --- formats by content and name -------------------------------------------------------------


def test_a_zip_is_read_as_a_workbook_whatever_its_name(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
    path = tmp_path / "booths.csv"
    path.write_bytes(buffer.getvalue())
    with refused("booths.csv: not a readable XLSX workbook (File contains no valid workbook part)"):
        read_booth_list(path)


@pytest.mark.parametrize(
    ("name", "data", "sheet", "message"),
    [
        (
            "booths.xls",
            HEADER.encode(),
            None,
            "booths.xls: an XLS workbook (Excel 97-2003); XLS is not read, save it from Excel as an .xlsx "
            'workbook or as "CSV UTF-8" and use that',
        ),
        (
            "booths.xlsx",
            HEADER.encode(),
            None,
            "booths.xlsx: not an XLSX workbook (not a zip archive); a damaged or renamed file?",
        ),
        (
            "booths.csv",
            HEADER.encode(),
            "2",
            "booths.csv: a sheet (2) was chosen, but this is not an XLSX workbook",
        ),
    ],
)
def test_format_refusals(tmp_path: Path, name: str, data: bytes, sheet: str | None, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with refused(message):
        read_booth_list(path, sheet)


def test_any_other_name_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "booths.txt"
    path.write_text(HEADER + "EX1,Alpha,3,3\n", encoding="utf-8")
    assert [b.ref for b in read_booth_list(path)] == ["EX1"]


def test_missing_file_is_named_without_its_folder(tmp_path: Path) -> None:
    with refused("nope.csv: cannot read the file: No such file or directory"):
        read_booth_list(tmp_path / "nope.csv")


# --- sample files ------------------------------------------------------------------------------


def test_fair_120_english_utf8() -> None:
    booths = read_booth_list(BOOTHS / "fair-120.csv")
    assert len(booths) == 120
    assert booths[0] == BoothRequest(
        "EX000001",
        "邢台生物医药有限公司",
        3.0,
        3.0,
        "standard",
        "供应链及商务服务",
        "CN",
        "",
        (),
        ("Ceramic Vase",),
    )
    assert booths[0].source == Source("fair-120.csv", 2)
    assert (booths[-1].ref, booths[-1].tier, booths[-1].source.row) == ("EX000120", "gold", 121)
    assert Counter(b.tier for b in booths) == {"": 108, "gold": 10, "platinum": 2}


def test_fair_400_chinese_gbk() -> None:
    booths = read_booth_list(BOOTHS / "fair-400-zh-gbk.csv")
    assert len(booths) == 400
    assert booths[0].exhibitor == "苏州智能制造科技有限公司"
    assert booths[0].zone == "文旅服务"
    assert booths[0].products == ("Drone", "Electric Kettle", "便携式ECMO", "移动冰毯")
    assert (booths[-1].ref, booths[-1].width, booths[-1].depth, booths[-1].type) == (
        "EX000400",
        9.0,
        6.0,
        "raw",
    )
    assert len({b.zone for b in booths}) == 8


def test_services_fair_1212_chinese_utf8_bom() -> None:
    booths = read_booth_list(BOOTHS / "services-fair-1212-zh.csv")
    assert len(booths) == 1212
    assert booths[0].ref == "EX000001"  # the BOM is not part of the first header or cell
    assert booths[0].exhibitor == "苏州健康扫描设备股份有限公司"
    assert (booths[0].width, booths[0].depth, booths[0].type) == (6.0, 6.0, "peninsula")
    assert booths[1].keep_apart == ("EX000086", "EX000321")
    assert booths[-1].exhibitor == "邢台区块链股份有限公司 (2)"
    assert len({b.zone for b in booths}) == 8


BAD_SAMPLES = {
    "bad-numbers.csv": 'bad-numbers.csv row 3, column width: expected a positive number, got "-3"\n'
    'bad-numbers.csv row 4, column width: expected a positive number, got "three"',
    "duplicate-ref.csv": 'duplicate-ref.csv row 3, column ref: duplicate ref "EX1", already at row 2',
    "empty.csv": "empty.csv: the file is empty; expected a header row and one row per booth",
    "garbage.csv": "garbage.csv: a binary file, not CSV text (NUL byte at offset 60)",
    "no-exhibitor-column.csv": "no-exhibitor-column.csv row 1: missing required columns exhibitor/展商名称, "
    'width/宽(米) and depth/深(米) (or size/尺寸, or area/面积); found "ref", "company_size"',
    "unknown-ref-and-html-name.csv": "unknown-ref-and-html-name.csv row 2, column keep_apart: "
    'expected the ref of another booth in the list, got "EX9", which no booth has',
}


@pytest.mark.parametrize(("name", "message"), sorted(BAD_SAMPLES.items()))
def test_bad_samples_are_refused(name: str, message: str) -> None:
    with refused(*message.split("\n")):
        read_booth_list(BOOTHS / "bad" / name)


def test_every_bad_sample_is_checked() -> None:
    names = {path.name for path in (BOOTHS / "bad").iterdir()}
    assert names == set(BAD_SAMPLES) | {"booth-larger-than-hall.csv"}


def test_booth_larger_than_hall_is_a_valid_list() -> None:
    huge, normal = read_booth_list(BOOTHS / "bad" / "booth-larger-than-hall.csv")
    assert (huge.ref, huge.exhibitor, huge.width, huge.depth) == ("EX1", "Huge Pavilion", 300.0, 300.0)
    assert (normal.ref, normal.width) == ("EX2", 3.0)


def test_html_name_sample_reads_once_its_ref_is_fixed() -> None:
    data = (BOOTHS / "bad" / "unknown-ref-and-html-name.csv").read_bytes().replace(b"EX9", b"EX2")
    _, html = parse_booth_csv(data, "unknown-ref-and-html-name.csv")
    assert html.exhibitor == "<img src=x onerror=alert(1)>"
