"""A hall's printable floor plan as SVG: the sheet of plan/sheet.py, one `<g>` per group, in millimetres.

Every name is data: text and attribute values are XML-escaped and characters XML 1.0 does not allow
are dropped, so whatever an exhibitor is called, the file holds only the elements written here.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from halllayout.model import Layout
from halllayout.palette import hex_colour
from halllayout.plan.sheet import INK, Item, Rect, Shape, Sheet, Style, hall_sheet
from halllayout.plan.text import FONT_FAMILY

#: Characters not allowed in XML 1.0 (C0 controls other than tab/newline/return, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def hall_svg(layout: Layout, hall_id: str, page: str = "A3") -> bytes:
    """The floor plan of hall `hall_id` as an SVG sheet of size `page` (landscape, A0–A4), UTF-8.

    Example: `Path("A.svg").write_bytes(hall_svg(layout, "A"))`.
    """
    return sheet_svg(hall_sheet(layout, hall_id, page))


def _n(value: float) -> str:
    """A length in mm to 0.01 mm, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _paint(style: Style) -> str:
    fill = hex_colour(style.fill) if style.fill is not None else "none"
    if style.stroke is None:
        return f' fill="{fill}"'
    return f' fill="{fill}" stroke="{hex_colour(style.stroke)}" stroke-width="{_n(style.width)}"'


def _item(item: Item) -> str:
    if isinstance(item, Rect):
        attrs = f'x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" height="{_n(item.h)}"'
        attrs += _paint(item.style)
        if item.title:
            return f"<rect {attrs}><title>{_text(item.title)}</title></rect>"
        return f"<rect {attrs}/>"
    if isinstance(item, Shape):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
        tag = "polygon" if item.closed else "polyline"
        return f'<{tag} points="{points}"{_paint(item.style)}/>'
    attrs = f'x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}"'
    if item.colour != INK:
        attrs += f' fill="{hex_colour(item.colour)}"'
    if item.anchor != "start":
        attrs += f' text-anchor="{item.anchor}"'
    if item.angle:
        attrs += f' transform="rotate({_n(-item.angle)} {_n(item.x)} {_n(item.y)})"'
    return f"<text {attrs}>{_text(item.text)}</text>"


def sheet_svg(sheet: Sheet) -> bytes:
    """The SVG bytes of a sheet: width and height in mm, user units of 1 mm."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(sheet.width)}mm" height="{_n(sheet.height)}mm" '
        f'viewBox="0 0 {_n(sheet.width)} {_n(sheet.height)}" font-family={_attr(FONT_FAMILY)} '
        f'fill="{hex_colour(INK)}" stroke-linejoin="miter">\n',
        f"<title>{_text(sheet.title)}</title>\n",
        f'<rect width="{_n(sheet.width)}" height="{_n(sheet.height)}" fill="#ffffff"/>\n',
    ]
    for group in sheet.groups:
        if not group.items:
            continue
        parts.append(f'<g id="{group.name}">\n')
        parts.extend(_item(item) + "\n" for item in group.items)
        parts.append("</g>\n")
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")
