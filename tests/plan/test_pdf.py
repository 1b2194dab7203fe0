"""The PDF plan: one A3 landscape page, Chinese text embedded and extractable, same bytes every run."""

from __future__ import annotations

import io
import subprocess
import sys

import pypdf
import pytest

from halllayout.model import Layout
from halllayout.plan.pdf import hall_pdf


def page_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_one_landscape_page_of_the_size_asked_for(layout: Layout) -> None:
    a3 = pypdf.PdfReader(io.BytesIO(hall_pdf(layout, "A"))).pages[0].mediabox
    assert (float(a3.width), float(a3.height)) == pytest.approx((420 / 25.4 * 72, 297 / 25.4 * 72))
    a1 = pypdf.PdfReader(io.BytesIO(hall_pdf(layout, "A", page="A1"))).pages[0].mediabox
    assert (float(a1.width), float(a1.height)) == pytest.approx((841 / 25.4 * 72, 594 / 25.4 * 72))


def test_booth_numbers_and_chinese_names_are_text(layout: Layout) -> None:
    text = page_text(hall_pdf(layout, "A"))
    squeezed = "".join(text.split())
    for number in ("A01", "A02", "A03"):
        assert number in squeezed
    assert "深圳市华为技术有限公司" in squeezed
    assert "<imgsrc=x" in squeezed
    assert "SpringFair春季展" in squeezed
    assert "SouthGate" in squeezed


def test_the_shipped_font_is_embedded(layout: Layout) -> None:
    reader = pypdf.PdfReader(io.BytesIO(hall_pdf(layout, "A")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names and all("WenQuanYiMicroHei" in name for name in names)
    descriptor = next(iter(fonts.values())).get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor


def test_metadata_is_fixed(layout: Layout) -> None:
    reader = pypdf.PdfReader(io.BytesIO(hall_pdf(layout, "A")))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Spring Fair 春季展 — Hall A"
    assert meta["/CreationDate"] == "D:20000101000000+00'00'"


def test_same_layout_same_bytes_in_another_process(layout: Layout) -> None:
    here = hall_pdf(layout, "A")
    assert here == hall_pdf(layout, "A")
    script = (
        "import sys, conftest; from halllayout.plan.pdf import hall_pdf; "
        "sys.stdout.buffer.write(hall_pdf(conftest.small_layout(), 'A'))"
    )
    there = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=True, cwd=__file__.rsplit("/", 1)[0]
    ).stdout
    assert there == here
