"""The DXF plan read back with ezdxf: metres, layers, a closed polyline and a number per booth."""

from __future__ import annotations

import dataclasses
import doctest
import io

import ezdxf
import pytest
from ezdxf.document import Drawing

from halllayout.model import Layout, Vacancy
from halllayout.plan import dxf as dxf_module
from halllayout.plan.dxf import APP_ID, LAYERS, hall_dxf

CJK_NAME = "深圳市华为技术有限公司"  # booth A01 of the layout fixture (conftest.py)


def read(data: bytes) -> Drawing:
    return ezdxf.read(io.StringIO(data.decode("utf-8")))


def on(doc: Drawing, layer: str, kind: str) -> list[ezdxf.entities.DXFGraphic]:
    return list(doc.modelspace().query(f'{kind}[layer=="{layer}"]'))


def test_units_are_metres_and_every_layer_is_there(layout: Layout) -> None:
    doc = read(hall_dxf(layout, "A"))
    assert doc.dxfversion == "AC1027"
    assert doc.header["$INSUNITS"] == 6
    assert doc.header["$MEASUREMENT"] == 1
    assert [name for name, _, _ in LAYERS] == [
        "HALL",
        "COLUMNS",
        "KEEP_CLEAR",
        "DOORS",
        "AISLES",
        "BOOTHS",
        "BOOTH_NUMBERS",
        "EXHIBITORS",
        "VACANT",
    ]
    assert all(name in doc.layers for name, _, _ in LAYERS)
    auditor = doc.audit()
    assert not auditor.has_errors


def test_each_booth_is_a_closed_polyline_carrying_its_number(layout: Layout) -> None:
    doc = read(hall_dxf(layout, "A"))
    booths = on(doc, "BOOTHS", "LWPOLYLINE")
    assert len(booths) == 3
    assert all(b.closed for b in booths)
    assert [[tuple(p) for p in b.get_points("xy")] for b in booths] == [
        [(2, 2), (5, 2), (5, 5), (2, 5)],
        [(5, 2), (8, 2), (8, 5), (5, 5)],
        [(10.5, 6), (16, 6), (16, 10), (10.5, 10)],
    ]
    xdata = [[value for _, value in b.get_xdata(APP_ID)] for b in booths]
    assert xdata[0] == ["A01", "REF-A01", CJK_NAME, "Food"]
    assert [x[0] for x in xdata] == ["A01", "A02", "A03"]


def test_each_vacant_booth_spot_is_a_closed_polyline_with_its_number_on_its_own_layer(layout: Layout) -> None:
    spots = (Vacancy("A", 12.0, 1.0, 15.0, 4.0, "S", "A05"), Vacancy("A", 15.0, 1.0, 18.0, 4.0, "S"))
    doc = read(hall_dxf(dataclasses.replace(layout, vacant=spots), "A"))
    drawn = on(doc, "VACANT", "LWPOLYLINE")
    assert [[tuple(p) for p in v.get_points("xy")] for v in drawn] == [
        [(12, 1), (15, 1), (15, 4), (12, 4)],
        [(15, 1), (18, 1), (18, 4), (15, 4)],
    ]
    assert all(v.closed for v in drawn)
    assert [[value for _, value in v.get_xdata(APP_ID)] for v in drawn] == [["A05"], [""]]
    assert [t.dxf.text for t in on(doc, "VACANT", "TEXT")] == ["A05 vacant", "vacant"]
    assert on(read(hall_dxf(layout, "A")), "VACANT", "LWPOLYLINE") == []


def test_numbers_and_chinese_names_are_text_in_the_booths(layout: Layout) -> None:
    doc = read(hall_dxf(layout, "A"))
    numbers = on(doc, "BOOTH_NUMBERS", "TEXT")
    assert [t.dxf.text for t in numbers] == ["A01", "A02", "A03"]
    first = numbers[0]
    assert first.dxf.align_point.x == pytest.approx(3.5)
    assert 2 < first.dxf.align_point.y < 5
    assert first.dxf.style == "PLAN"
    names = [t.dxf.text for t in on(doc, "EXHIBITORS", "TEXT")]
    assert CJK_NAME in "".join(names)
    assert "".join(names).count("<img") == 1


def test_hall_columns_keep_clear_doors_and_aisles_are_on_their_layers(layout: Layout) -> None:
    doc = read(hall_dxf(layout, "A"))
    (outline,) = on(doc, "HALL", "LWPOLYLINE")
    assert [tuple(p) for p in outline.get_points("xy")] == [(0, 0), (20, 0), (20, 12), (0, 12)]
    (column,) = on(doc, "COLUMNS", "LWPOLYLINE")
    assert [tuple(p) for p in column.get_points("xy")] == [(8.5, 8.5), (9.5, 8.5), (9.5, 9.5), (8.5, 9.5)]
    assert len(on(doc, "KEEP_CLEAR", "HATCH")) == 1
    lines = on(doc, "DOORS", "LINE")
    assert [(tuple(line.dxf.start)[:2], tuple(line.dxf.end)[:2]) for line in lines] == [
        ((8, 0), (12, 0)),
        ((20, 5), (20, 7)),
    ]
    assert [t.dxf.text for t in on(doc, "DOORS", "TEXT")] == ["South Gate", "Exit"]
    (aisle,) = on(doc, "AISLES", "LWPOLYLINE")
    assert [value for _, value in aisle.get_xdata(APP_ID)] == ["main"]


def test_special_characters_in_names_are_kept_literally(layout: Layout) -> None:
    first = layout.booths[0]
    renamed = dataclasses.replace(first, request=dataclasses.replace(first.request, exhibitor="100%%c\nX^J"))
    doc = read(hall_dxf(dataclasses.replace(layout, booths=(renamed,)), "A"))
    lines = on(doc, "EXHIBITORS", "TEXT")
    # "%%%" is one literal "%" in a DXF text, "^ " a literal caret
    assert [line.dxf.text for line in lines] == ["100%%%%%%c", "X^ J"]
    assert [line.plain_text() for line in lines] == ["100%%c", "X^J"]


def test_same_layout_same_bytes_with_fixed_dates_and_ids(layout: Layout) -> None:
    data = hall_dxf(layout, "A")
    assert data == hall_dxf(layout, "A")
    text = data.decode("utf-8")
    # as written (ezdxf.read sets some of them anew): 2000-01-01 as a Julian date, the null GUID
    for variable in ("$TDCREATE", "$TDUCREATE", "$TDUPDATE", "$TDUUPDATE"):
        assert f"{variable}\n 40\n2451545.0\n" in text
    for variable in ("$FINGERPRINTGUID", "$VERSIONGUID"):
        assert f"{variable}\n  2\n{{00000000-0000-0000-0000-000000000000}}\n" in text
    assert "0.0 @ 2000-01-01T00:00:00.000000+00:00" in text  # ezdxf's created/written-by marker
    assert "@ 20" not in text.replace("@ 2000-01-01", "")
    assert not ezdxf.options.write_fixed_meta_data_for_testing  # the option is put back


def test_unknown_hall_is_refused(layout: Layout) -> None:
    with pytest.raises(ValueError, match='no hall "Z"'):
        hall_dxf(layout, "Z")


def test_docstring_examples() -> None:
    result = doctest.testmod(dxf_module)
    assert result.attempted > 0
    assert result.failed == 0
