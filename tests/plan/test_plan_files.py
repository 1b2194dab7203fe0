"""plan_files: every hall with booths gets its three plans, the fair its two booth lists."""

from __future__ import annotations

import csv
import dataclasses
import io
import xml.etree.ElementTree as ET

import ezdxf
import pytest

from halllayout.model import Layout
from halllayout.plan import booth_list_csv, booth_list_xlsx, hall_dxf, hall_pdf, hall_svg, plan_files


def csv_lines(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_three_plans_per_hall_with_booths_and_the_booth_lists(layout: Layout) -> None:
    files = plan_files(layout)
    assert list(files) == [
        "plans/A.svg",
        "plans/A.pdf",
        "plans/A.dxf",
        "plans/B.svg",
        "plans/B.pdf",
        "plans/B.dxf",
        "booths.csv",
        "booths.xlsx",
    ]


def test_the_files_are_what_each_writer_gives(layout: Layout) -> None:
    files = plan_files(layout)
    assert files["plans/B.svg"] == hall_svg(layout, "B")
    assert files["plans/B.pdf"] == hall_pdf(layout, "B")
    assert files["plans/B.dxf"] == hall_dxf(layout, "B")
    assert files["booths.csv"] == booth_list_csv(layout)
    assert files["booths.xlsx"] == booth_list_xlsx(layout)
    assert files["plans/A.svg"].startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert files["plans/A.pdf"].startswith(b"%PDF-")
    assert files["plans/A.dxf"].startswith(b"  0\nSECTION\n")


def test_a_page_size_applies_to_every_sheet(layout: Layout) -> None:
    files = plan_files(layout, page="A1")
    assert files["plans/A.svg"] == hall_svg(layout, "A", page="A1")
    assert b'width="841mm"' in files["plans/B.svg"]


@pytest.mark.parametrize(
    "name", ["😀 Smile Co.", "bad\ud800surrogate", "nul\x00x", "עברית شركة", "𠀀𪚥", "", "   ", "%%c^J"]
)
def test_any_name_gives_every_file(layout: Layout, name: str) -> None:
    first = layout.booths[0]
    request = dataclasses.replace(first.request, exhibitor=name, zone=name, ref=name)
    renamed = dataclasses.replace(
        layout, booths=(dataclasses.replace(first, request=request), *layout.booths[1:])
    )
    files = plan_files(renamed)
    root = ET.fromstring(files["plans/A.svg"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ezdxf.read(io.StringIO(files["plans/A.dxf"].decode("utf-8")))
    assert len(csv_lines(files["booths.csv"])) == 6
