"""A hall's printable floor plan as PDF, with reportlab: the sheet of plan/sheet.py on one landscape page.

Text is set in the shipped WenQuanYi Micro Hei, embedded as a subset, so Chinese names print on any
machine. Output is invariant (reportlab's `invariant=1`: fixed dates and document id).
"""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from halllayout.model import Layout
from halllayout.palette import RGB
from halllayout.plan.sheet import Rect, Shape, Sheet, Style, hall_sheet
from halllayout.plan.text import FONT_PATH

#: The name the shipped font is registered under with reportlab.
FONT_NAME = "WenQuanYiMicroHei"


def hall_pdf(layout: Layout, hall_id: str, page: str = "A3") -> bytes:
    """The floor plan of hall `hall_id` as a one-page PDF, `page` landscape (A0–A4), drawing fitted
    inside the margins at a standard scale.

    Example: `Path("A.pdf").write_bytes(hall_pdf(layout, "A", page="A1"))`.
    """
    return sheet_pdf(hall_sheet(layout, hall_id, page))


@lru_cache(maxsize=1)
def _register_font() -> str:
    if not FONT_PATH.is_file():
        raise FileNotFoundError(
            f"plan font missing: {FONT_PATH} (the assets/ folder must ship with the package)"
        )
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH)))
    return FONT_NAME


class _Painter:
    """Draws sheet items on a canvas, setting colours, line width and font only when they change."""

    def __init__(self, canvas: Canvas, page_height: float, font: str) -> None:
        self.canvas = canvas
        self.top = page_height
        self.font = font
        self.fill: RGB | None = None
        self.stroke: RGB | None = None
        self.width = -1.0
        self.size = -1.0

    def style(self, style: Style) -> tuple[bool, bool]:
        if style.fill is not None and style.fill != self.fill:
            self.canvas.setFillColorRGB(*(c / 255 for c in style.fill))
            self.fill = style.fill
        if style.stroke is not None:
            if style.stroke != self.stroke:
                self.canvas.setStrokeColorRGB(*(c / 255 for c in style.stroke))
                self.stroke = style.stroke
            if style.width != self.width:
                self.canvas.setLineWidth(style.width * mm)
                self.width = style.width
        return style.stroke is not None, style.fill is not None

    def rect(self, item: Rect) -> None:
        stroke, fill = self.style(item.style)
        self.canvas.rect(
            item.x * mm,
            (self.top - item.y - item.h) * mm,
            item.w * mm,
            item.h * mm,
            stroke=int(stroke),
            fill=int(fill),
        )

    def shape(self, item: Shape) -> None:
        stroke, fill = self.style(item.style)
        path = self.canvas.beginPath()
        (x, y), *rest = item.points
        path.moveTo(x * mm, (self.top - y) * mm)
        for x, y in rest:
            path.lineTo(x * mm, (self.top - y) * mm)
        if item.closed:
            path.close()
        self.canvas.drawPath(path, stroke=int(stroke), fill=int(fill and item.closed))

    def text(
        self, x: float, y: float, text: str, size: float, colour: RGB, anchor: str, angle: float
    ) -> None:
        if colour != self.fill:
            self.canvas.setFillColorRGB(*(c / 255 for c in colour))
            self.fill = colour
        if size != self.size:
            self.canvas.setFont(self.font, size * mm)
            self.size = size
        draw = {
            "start": self.canvas.drawString,
            "middle": self.canvas.drawCentredString,
            "end": self.canvas.drawRightString,
        }[anchor]
        if not angle:
            draw(x * mm, (self.top - y) * mm, text)
            return
        self.canvas.saveState()
        self.canvas.translate(x * mm, (self.top - y) * mm)
        self.canvas.rotate(angle)
        draw(0, 0, text)
        self.canvas.restoreState()
        # restoreState brings back the colours and font from before saveState: the same as ours


def sheet_pdf(sheet: Sheet) -> bytes:
    """The one-page PDF of a sheet."""
    font = _register_font()
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(sheet.width * mm, sheet.height * mm),
        invariant=1,
        pageCompression=1,
        initialFontName=font,  # not Helvetica: every font in the file is the embedded one
    )
    canvas.setTitle(sheet.title)
    canvas.setCreator("halllayout")
    canvas.setSubject(f"Floor plan, {sheet.page} landscape")
    painter = _Painter(canvas, sheet.height, font)
    for group in sheet.groups:
        for item in group.items:
            if isinstance(item, Rect):
                painter.rect(item)
            elif isinstance(item, Shape):
                painter.shape(item)
            elif item.text:
                painter.text(item.x, item.y, item.text, item.size, item.colour, item.anchor, item.angle)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
