"""A hall's plan as DXF for the venue's CAD, with ezdxf: model space in metres, plan x east / y north.

Layers: HALL (the outline), COLUMNS, KEEP_CLEAR (outline and hatch), DOORS (entrances and exits, with
their names), AISLES, BOOTHS (a closed LWPOLYLINE per booth in its zone colour, XDATA `HALLLAYOUT`:
number, ref, exhibitor, zone), BOOTH_NUMBERS (TEXT centred on the booth's vertical centre line,
above the name), EXHIBITORS (TEXT, the name broken into lines like the printed plan) and VACANT (a
closed LWPOLYLINE per vacant booth spot, XDATA its number, and a TEXT: the number and "vacant"). Text is
UTF-8 (DXF R2013), in the text style PLAN naming the shipped font.

The same layout gives the same bytes: the header's dates and GUIDs are written fixed.
"""

from __future__ import annotations

import io
import math
import threading

import ezdxf
from ezdxf.colors import rgb2int
from ezdxf.document import CONST_MARKER_STRING, CREATED_BY_EZDXF, Drawing
from ezdxf.enums import TextEntityAlignment
from ezdxf.layouts.layout import Modelspace

from halllayout.model import Hall, Layout, PlacedBooth, Polygon, Vacancy
from halllayout.palette import RGB
from halllayout.plan.sheet import (
    ENTRANCE,
    EXIT,
    VACANT_WORD,
    fair_zone_colours,
    find_hall,
    outward_normal,
)
from halllayout.plan.text import FONT_PATH, MIDDLE, clean, fit_label

#: AutoCAD unit code for metres ($INSUNITS).
METRES = 6
APP_ID = "HALLLAYOUT"
TEXT_STYLE = "PLAN"
#: A DXF text height is the height of a capital letter; this is that height in ems of the shipped font.
CAP_HEIGHT = 0.72
#: Booth text sizes in metres (ems): the smallest the name is set at, the largest the number.
MIN_TEXT = 0.2
MAX_TEXT = 1.5
DOOR_TEXT = 0.8
#: Longest XDATA string, in UTF-8 bytes.
MAX_XDATA_BYTES = 255

#: (name, ACI colour, lineweight in 1/100 mm) of each layer, in the order they are created.
LAYERS = (
    ("HALL", 7, 50),
    ("COLUMNS", 8, 25),
    ("KEEP_CLEAR", 1, 18),
    ("DOORS", 5, 35),
    ("AISLES", 9, 13),
    ("BOOTHS", 7, 18),
    ("BOOTH_NUMBERS", 7, 13),
    ("EXHIBITORS", 8, 13),
    ("VACANT", 8, 18),
)

_FIXED_METADATA = threading.Lock()


def hall_dxf(layout: Layout, hall_id: str) -> bytes:
    """The plan of hall `hall_id` as DXF R2013 bytes (UTF-8, metres).

    Example: `Path("A.dxf").write_bytes(hall_dxf(layout, "A"))`.
    """
    hall = find_hall(layout, hall_id)
    doc = ezdxf.new("R2013", setup=False, units=METRES)
    doc.ezdxf_metadata()[CREATED_BY_EZDXF] = CONST_MARKER_STRING  # new() stamps the time of day
    doc.header["$MEASUREMENT"] = 1
    doc.header["$LUNITS"] = 2
    doc.appids.new(APP_ID)
    doc.styles.new(TEXT_STYLE, dxfattribs={"font": FONT_PATH.name})
    for name, colour, lineweight in LAYERS:
        doc.layers.add(name, color=colour, lineweight=lineweight)
    msp = doc.modelspace()
    _hall(msp, hall)
    for aisle in layout.aisles_in(hall_id):
        corners = _corners(aisle.x0, aisle.y0, aisle.x1, aisle.y1)
        polyline = msp.add_lwpolyline(corners, close=True, dxfattribs={"layer": "AISLES"})
        polyline.set_xdata(APP_ID, [(1000, aisle.kind)])
    _booths(msp, layout.booths_in(hall_id), fair_zone_colours(layout))
    _vacant(msp, layout.vacant_in(hall_id))
    xs = [p[0] for p in hall.outline]
    ys = [p[1] for p in hall.outline]
    doc.header["$EXTMIN"] = (min(xs), min(ys), 0)
    doc.header["$EXTMAX"] = (max(xs), max(ys), 0)
    doc.set_modelspace_vport(
        (max(ys) - min(ys)) * 1.15, center=((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    )
    return _write(doc)


def _write(doc: Drawing) -> bytes:
    """The document's bytes with fixed creation and update dates, GUIDs and "written by" marker.

    ezdxf offers these only as a process-wide option; it is switched on for the write alone, under a
    lock, and put back.
    """
    out = io.StringIO()
    with _FIXED_METADATA:
        before = ezdxf.options.write_fixed_meta_data_for_testing
        ezdxf.options.write_fixed_meta_data_for_testing = True
        try:
            doc.write(out)
        finally:
            ezdxf.options.write_fixed_meta_data_for_testing = before
    return doc.encode(out.getvalue())


def dxf_text(text: str) -> str:
    """`text` for a DXF TEXT, shown as written: on one line, "%%" (which starts a special character
    such as %%c, ⌀) written as "%%%%%%" (two "%%%", each a literal %), and a caret (which starts a
    control character, ^J a line feed) as "^ ".

    >>> dxf_text("50%% off\\n"), dxf_text("x^Jy")
    ('50%%%%%% off', 'x^ Jy')
    """
    return clean(text).replace("%%", "%%%%%%").replace("^", "^ ")


def _xdata_text(text: str) -> str:
    data = clean(text).encode("utf-8")[:MAX_XDATA_BYTES]
    return data.decode("utf-8", errors="ignore")


def _corners(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _hall(msp: Modelspace, hall: Hall) -> None:
    msp.add_lwpolyline(hall.outline, close=True, dxfattribs={"layer": "HALL"})
    for column in hall.columns:
        half = column.size / 2
        x, y = column.at
        corners = _corners(x - half, y - half, x + half, y + half)
        msp.add_lwpolyline(corners, close=True, dxfattribs={"layer": "COLUMNS"})
        hatch = msp.add_hatch(dxfattribs={"layer": "COLUMNS"})
        hatch.paths.add_polyline_path(corners, is_closed=True)
    for polygon in hall.kept_clear():  # steps and ramps are kept clear of booths too
        _keep_clear(msp, polygon)
    for doors, colour, word in ((hall.entrances, ENTRANCE, "Entrance"), (hall.exits, EXIT, "Exit")):
        for door in doors:
            (ux, uy), (nx, ny) = outward_normal(hall.outline, door)
            half = door.width / 2
            x, y = door.at
            attribs = {"layer": "DOORS", "true_color": rgb2int(colour)}
            msp.add_line((x - ux * half, y - uy * half), (x + ux * half, y + uy * half), dxfattribs=attribs)
            angle = math.degrees(math.atan2(uy, ux))
            if angle > 90.0 + 1e-9:
                angle -= 180.0
            elif angle <= -90.0 + 1e-9:
                angle += 180.0
            text = msp.add_text(
                dxf_text(door.name) or word,
                height=DOOR_TEXT * CAP_HEIGHT,
                rotation=angle,
                dxfattribs={**attribs, "style": TEXT_STYLE},
            )
            text.set_placement((x + nx * 1.5, y + ny * 1.5), align=TextEntityAlignment.MIDDLE_CENTER)


def _keep_clear(msp: Modelspace, polygon: Polygon) -> None:
    msp.add_lwpolyline(polygon, close=True, dxfattribs={"layer": "KEEP_CLEAR"})
    hatch = msp.add_hatch(dxfattribs={"layer": "KEEP_CLEAR"})
    hatch.set_pattern_fill("ANSI31", scale=0.3)
    hatch.paths.add_polyline_path(polygon, is_closed=True)


def _vacant(msp: Modelspace, vacant: tuple[Vacancy, ...]) -> None:
    attribs = {"layer": "VACANT", "style": TEXT_STYLE, "halign": 1, "valign": 2}
    for v in vacant:
        polyline = msp.add_lwpolyline(
            _corners(v.x0, v.y0, v.x1, v.y1), close=True, dxfattribs={"layer": "VACANT"}
        )
        polyline.set_xdata(APP_ID, [(1000, _xdata_text(v.number))])
        label = fit_label(
            v.number, VACANT_WORD, v.x1 - v.x0, v.y1 - v.y0, min_size=MIN_TEXT, max_size=MAX_TEXT
        )
        at = ((v.x0 + v.x1) / 2, (v.y0 + v.y1) / 2)
        text = f"{v.number} {VACANT_WORD}" if v.number else VACANT_WORD
        size = label.name_size or MIN_TEXT
        msp.add_text(
            dxf_text(text), height=size * CAP_HEIGHT, dxfattribs={**attribs, "insert": at, "align_point": at}
        )


def _booths(msp: Modelspace, booths: tuple[PlacedBooth, ...], colours: dict[str, RGB]) -> None:
    true_colours = {zone: rgb2int(colour) for zone, colour in colours.items()}
    # TEXT alignment codes: horizontal 1 = centre; vertical 2 = middle, 0 = baseline
    number_attribs = {"layer": "BOOTH_NUMBERS", "style": TEXT_STYLE, "halign": 1, "valign": 2}
    name_attribs = {"layer": "EXHIBITORS", "style": TEXT_STYLE, "halign": 1, "valign": 0}
    for b in booths:
        r = b.request
        polyline = msp.add_lwpolyline(
            _corners(b.x0, b.y0, b.x1, b.y1),
            close=True,
            dxfattribs={"layer": "BOOTHS", "true_color": true_colours[r.zone]},
        )
        polyline.set_xdata(
            APP_ID,
            [
                (1000, _xdata_text(b.number)),
                (1000, _xdata_text(r.ref)),
                (1000, _xdata_text(r.exhibitor)),
                (1000, _xdata_text(r.zone)),
            ],
        )
        width, depth = b.x1 - b.x0, b.y1 - b.y0
        if width <= 0 or depth <= 0:
            continue
        label = fit_label(b.number, r.exhibitor, width, depth, min_size=MIN_TEXT, max_size=MAX_TEXT)
        cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        middle = cy + label.number_baseline + label.number_size * MIDDLE
        # alignment set directly rather than with Text.set_placement: half the time for the same entity
        msp.add_text(
            dxf_text(label.number),
            height=label.number_size * CAP_HEIGHT,
            dxfattribs={**number_attribs, "insert": (cx, middle), "align_point": (cx, middle)},
        )
        for line, baseline in zip(label.name_lines, label.name_baselines, strict=True):
            at = (cx, cy + baseline)
            msp.add_text(
                dxf_text(line),
                height=label.name_size * CAP_HEIGHT,
                dxfattribs={**name_attribs, "insert": at, "align_point": at},
            )
