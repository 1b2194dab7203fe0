"""One hall's printable sheet, drawn once as plain shapes and texts that plan/svg.py and plan/pdf.py
write out, so both formats carry the same content.

The sheet is a landscape page in millimetres, y down from its top-left corner. The hall is drawn at
the largest standard scale (1:100, 1:200, 1:250 …) that fits the drawing area; a side panel holds the
north arrow, the scale bar, the legend and the title block.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import shapely

from halllayout.model import Door, Hall, Layout, PlacedBooth, Point, Vacancy
from halllayout.palette import RGB, tint, zone_colours
from halllayout.plan.text import clean, fit_label, shorten, text_width

Anchor = Literal["start", "middle", "end"]

#: Landscape page sizes in millimetres (ISO 216).
PAGES: dict[str, tuple[float, float]] = {
    "A0": (1189.0, 841.0),
    "A1": (841.0, 594.0),
    "A2": (594.0, 420.0),
    "A3": (420.0, 297.0),
    "A4": (297.0, 210.0),
}
#: Scale denominators a plan may be drawn at, largest drawing first.
SCALES = (
    50,
    100,
    125,
    200,
    250,
    300,
    400,
    500,
    600,
    750,
    800,
    1000,
    1250,
    1500,
    2000,
    2500,
    3000,
    4000,
    5000,
    7500,
    10000,
    12500,
    15000,
    20000,
    25000,
    50000,
    100000,
)
MARGIN = 10.0
#: Free border around the hall outline for the door labels, in millimetres.
DOOR_ROOM = 9.0
#: Smallest and largest text in a booth, in millimetres on paper (1.2 mm is about 3.4 pt).
MIN_BOOTH_TEXT = 1.2
MAX_BOOTH_TEXT = 5.0

INK: RGB = (25, 25, 25)
GREY: RGB = (90, 90, 90)
FLOOR: RGB = (250, 250, 248)
WALL: RGB = (30, 30, 30)
BOOTH_EDGE: RGB = (70, 70, 70)
COLUMN: RGB = (60, 60, 60)
KEEP_CLEAR: RGB = (196, 48, 48)
ENTRANCE: RGB = (0, 84, 166)
EXIT: RGB = (0, 140, 70)
WHITE: RGB = (255, 255, 255)
#: A vacant booth spot's outline: white inside, like paper, to sell.
VACANT_EDGE: RGB = (120, 120, 120)
#: The word inside a vacant spot, under its number.
VACANT_WORD = "vacant"
#: How much lighter than its carpet colour a booth is filled, so its text stays readable in print.
BOOTH_TINT = 0.62
AISLE_FILLS: dict[str, RGB] = {
    "main": (214, 226, 240),
    "secondary": (228, 236, 245),
    "cross": (234, 232, 245),
    "perimeter": (236, 240, 246),
    "open": (244, 246, 248),
}


@dataclass(frozen=True)
class Style:
    """How a shape is painted; None leaves the fill or the outline out. `width` is the line width in mm."""

    fill: RGB | None
    stroke: RGB | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Rect:
    """An upright rectangle: top-left corner (x, y), size w × h; `title` a tooltip where formats have one."""

    x: float
    y: float
    w: float
    h: float
    style: Style
    title: str = ""


@dataclass(frozen=True)
class Shape:
    """A polygon (`closed`) or a polyline through `points`."""

    points: tuple[Point, ...]
    closed: bool
    style: Style


@dataclass(frozen=True)
class Text:
    """One line of text, its baseline through (x, y), `size` mm tall, turned `angle` degrees anticlockwise."""

    x: float
    y: float
    text: str
    size: float
    colour: RGB = INK
    anchor: Anchor = "start"
    angle: float = 0.0


Item = Rect | Shape | Text


@dataclass(frozen=True)
class Group:
    """Items drawn together, in order; `name` becomes an SVG group id."""

    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Sheet:
    """A page `width` × `height` mm of groups in drawing order, with a document `title`."""

    width: float
    height: float
    title: str
    page: str
    groups: tuple[Group, ...]


def find_hall(layout: Layout, hall_id: str) -> Hall:
    """The hall `hall_id` of the layout's fair; ValueError naming the halls there are."""
    for hall in layout.fair.halls:
        if hall.id == hall_id:
            return hall
    known = ", ".join(h.id for h in layout.fair.halls) or "none"
    raise ValueError(f'no hall "{hall_id}" in fair "{layout.fair.name}" (halls: {known})')


def fair_zone_colours(layout: Layout) -> dict[str, RGB]:
    """Each zone's colour, ranked by first appearance over the whole fair, so it is the same in every hall."""
    return zone_colours([b.request.zone for b in layout.booths])


def zone_label(zone: str) -> str:
    """How a zone is named in a legend; the empty zone is "(no zone)"."""
    return clean(zone) or "(no zone)"


def choose_scale(plan_width: float, plan_height: float, room_width: float, room_height: float) -> int:
    """The smallest SCALES denominator at which plan_width × plan_height metres fit room mm.

    >>> choose_scale(144, 90, 300, 250), choose_scale(1, 1, 300, 250)
    (500, 50)
    """
    for denominator in SCALES:
        k = 1000 / denominator
        if plan_width * k <= room_width and plan_height * k <= room_height:
            return denominator
    return SCALES[-1]


def scale_bar_length(mm_per_metre: float, room: float) -> float:
    """The longest round length (1, 2 or 5 × 10^n metres) whose bar is at most `room` mm.

    >>> scale_bar_length(2.5, 60), scale_bar_length(1.0, 60), scale_bar_length(10, 60)
    (20.0, 50.0, 5.0)
    """
    best = 0.0
    for exponent in range(-2, 7):
        for lead in (1, 2, 5):
            length = lead * 10.0**exponent
            if length * mm_per_metre <= room:
                best = length
    return best


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def outward_normal(outline: tuple[Point, ...], door: Door) -> tuple[Point, Point]:
    """The unit direction along the wall a door is on, and the unit normal pointing out of the hall.

    The wall is the outline edge nearest the door's centre.
    """
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(outline, outline[1:] + outline[:1], strict=True))
    best: tuple[float, Point, Point] | None = None
    for a, b in zip(outline, outline[1:] + outline[:1], strict=True):
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy)
        if length == 0:
            continue
        t = max(0.0, min(1.0, ((door.at[0] - a[0]) * dx + (door.at[1] - a[1]) * dy) / length**2))
        distance = math.hypot(a[0] + t * dx - door.at[0], a[1] + t * dy - door.at[1])
        if best is None or distance < best[0] - 1e-9:
            ux, uy = dx / length, dy / length
            # right of a→b is outside for an anticlockwise outline, left for a clockwise one
            normal = (uy, -ux) if area2 > 0 else (-uy, ux)
            best = (distance, (ux, uy), normal)
    if best is None:
        raise ValueError(f"hall outline has no edges: {outline}")
    return best[1], best[2]


class _Frame:
    """Plan metres to sheet millimetres: x' = left + (x − x_min)·k, y' = top + (y_max − y)·k."""

    def __init__(self, left: float, top: float, x_min: float, y_max: float, k: float) -> None:
        self.left, self.top, self.x_min, self.y_max, self.k = left, top, x_min, y_max, k

    def point(self, p: Point) -> Point:
        return (self.left + (p[0] - self.x_min) * self.k, self.top + (self.y_max - p[1]) * self.k)

    def rect(self, x0: float, y0: float, x1: float, y1: float, style: Style, title: str = "") -> Rect:
        return Rect(
            self.left + (x0 - self.x_min) * self.k,
            self.top + (self.y_max - y1) * self.k,
            (x1 - x0) * self.k,
            (y1 - y0) * self.k,
            style,
            title,
        )


def hall_sheet(layout: Layout, hall_id: str, page: str = "A3") -> Sheet:
    """The sheet of hall `hall_id` on a landscape `page` (A0–A4)."""
    if page not in PAGES:
        raise ValueError(f'page must be one of {", ".join(PAGES)}, got "{page}"')
    hall = find_hall(layout, hall_id)
    booths = layout.booths_in(hall_id)
    width, height = PAGES[page]
    unit = min(1.6, max(0.8, width / 420))
    panel = round(72 * unit, 3)
    area_right = width - MARGIN - panel - 6 * unit
    room_w = area_right - MARGIN - 2 * DOOR_ROOM
    room_h = height - 2 * MARGIN - 2 * DOOR_ROOM
    xs = [p[0] for p in hall.outline]
    ys = [p[1] for p in hall.outline]
    plan_w, plan_h = max(xs) - min(xs), max(ys) - min(ys)
    denominator = choose_scale(plan_w, plan_h, room_w, room_h)
    k = 1000 / denominator
    frame = _Frame(
        MARGIN + DOOR_ROOM + (room_w - plan_w * k) / 2,
        MARGIN + DOOR_ROOM + (room_h - plan_h * k) / 2,
        min(xs),
        max(ys),
        k,
    )
    colours = fair_zone_colours(layout)
    counts = Counter(b.request.zone for b in booths)
    panel_x = width - MARGIN - panel
    title = f"{clean(layout.fair.name)} — {clean(hall.name)}"
    groups = (
        Group("floor", (Shape(tuple(frame.point(p) for p in hall.outline), True, Style(FLOOR)),)),
        Group("aisles", _aisles(layout, hall_id, frame)),
        Group("keep-clear", _keep_clear(hall, frame)),
        Group("booths", _booths(booths, colours, frame)),
        Group("vacant", _vacant(layout.vacant_in(hall_id), frame)),
        Group("columns", _columns(hall, frame)),
        Group("walls", (Shape(tuple(frame.point(p) for p in hall.outline), True, Style(None, WALL, 0.6)),)),
        Group("doors", _doors(hall, frame, unit)),
        Group("booth-labels", _booth_labels(booths, frame)),
        Group("vacant-labels", _vacant_labels(layout.vacant_in(hall_id), frame)),
        Group("north-arrow", _north_arrow(panel_x, MARGIN, unit)),
        Group("scale-bar", _scale_bar(panel_x, MARGIN + 22 * unit, panel, k, unit)),
        Group(
            "legend",
            _legend(
                layout,
                hall,
                [(z, colours[z], counts[z]) for z in colours if z in counts],
                panel_x,
                MARGIN + 40 * unit,
                panel,
                height - MARGIN - 40 * unit,
                unit,
            ),
        ),
        Group(
            "title-block",
            _title_block(layout, hall, len(booths), denominator, page, panel_x, height, panel, unit),
        ),
    )
    return Sheet(width, height, title, page, groups)


def _aisles(layout: Layout, hall_id: str, frame: _Frame) -> tuple[Item, ...]:
    styles = {kind: Style(fill) for kind, fill in AISLE_FILLS.items()}
    return tuple(frame.rect(a.x0, a.y0, a.x1, a.y1, styles[a.kind]) for a in layout.aisles_in(hall_id))


def _keep_clear(hall: Hall, frame: _Frame) -> tuple[Item, ...]:
    outline = Style(None, KEEP_CLEAR, 0.25)
    hatch = Style(None, KEEP_CLEAR, 0.15)
    items: list[Item] = []
    for polygon in hall.kept_clear():  # steps and ramps are kept clear of booths too
        points = tuple(frame.point(p) for p in polygon)
        items.append(Shape(points, True, outline))
        items.extend(Shape(line, False, hatch) for line in hatch_lines(points, 1.5))
    return tuple(items)


def hatch_lines(points: tuple[Point, ...], spacing: float) -> list[tuple[Point, ...]]:
    """45° hatching of the polygon `points`, lines `spacing` apart, clipped to it.

    >>> hatch_lines(((0, 0), (2, 0), (2, 2), (0, 2)), 2.0)
    [((0.0, 2.0), (2.0, 0.0))]

    Each line runs from its west end; the lines are sorted.
    """
    polygon = shapely.Polygon(points)
    if polygon.is_empty or not polygon.is_valid:
        polygon = polygon.buffer(0)
    x0, y0, x1, y1 = polygon.bounds
    # lines x + y = c, from the top-left corner to the bottom-right one
    start = math.floor((x0 + y0) / spacing) + 1
    stop = math.ceil((x1 + y1) / spacing)
    cuts = [
        shapely.LineString([(c - y0, y0), (c - y1, y1)]) for c in (n * spacing for n in range(start, stop))
    ]
    pieces = shapely.intersection(shapely.GeometryCollection(cuts), polygon) if cuts else None
    lines: list[tuple[Point, ...]] = []
    for piece in getattr(pieces, "geoms", [pieces] if pieces is not None else []):
        for part in getattr(piece, "geoms", [piece]):
            if isinstance(part, shapely.LineString) and not part.is_empty:
                # west end first: the direction GEOS returns is not part of its contract
                points = tuple((float(x), float(y)) for x, y in part.coords)
                lines.append(points if points[0] <= points[-1] else points[::-1])
    lines.sort()
    return lines


def _booths(booths: tuple[PlacedBooth, ...], colours: dict[str, RGB], frame: _Frame) -> tuple[Item, ...]:
    styles = {zone: Style(tint(colour, BOOTH_TINT), BOOTH_EDGE, 0.12) for zone, colour in colours.items()}
    return tuple(
        frame.rect(
            b.x0, b.y0, b.x1, b.y1, styles[b.request.zone], f"{clean(b.number)} {clean(b.request.exhibitor)}"
        )
        for b in booths
    )


def _vacant(vacant: tuple[Vacancy, ...], frame: _Frame) -> tuple[Item, ...]:
    style = Style(WHITE, VACANT_EDGE, 0.2)
    return tuple(
        frame.rect(v.x0, v.y0, v.x1, v.y1, style, f"{clean(v.number)} {VACANT_WORD}".strip()) for v in vacant
    )


def _vacant_labels(vacant: tuple[Vacancy, ...], frame: _Frame) -> tuple[Item, ...]:
    return tuple(
        item
        for v in vacant
        for item in _label((v.x0, v.y0, v.x1, v.y1), v.number, VACANT_WORD, frame, (GREY, VACANT_EDGE))
    )


def _columns(hall: Hall, frame: _Frame) -> tuple[Item, ...]:
    style = Style(COLUMN)
    return tuple(
        frame.rect(
            c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2, style
        )
        for c in hall.columns
    )


def _booth_labels(booths: tuple[PlacedBooth, ...], frame: _Frame) -> tuple[Item, ...]:
    return tuple(
        item
        for b in booths
        for item in _label((b.x0, b.y0, b.x1, b.y1), b.number, b.request.exhibitor, frame, (INK, GREY))
    )


def _label(
    rect: tuple[float, float, float, float], number: str, name: str, frame: _Frame, colours: tuple[RGB, RGB]
) -> list[Item]:
    """The number and name fitted into the plan rectangle `rect` (`fit_label`), centred; `colours` the
    number's and the name's. Nothing for a rectangle of no size."""
    x0, y0, x1, y1 = rect
    w, h = (x1 - x0) * frame.k, (y1 - y0) * frame.k
    if w <= 0 or h <= 0:
        return []
    cx, cy = frame.point(((x0 + x1) / 2, (y0 + y1) / 2))
    label = fit_label(number, name, w, h, min_size=MIN_BOOTH_TEXT, max_size=MAX_BOOTH_TEXT)
    items: list[Item] = []
    if label.number:
        items.append(
            Text(cx, cy - label.number_baseline, label.number, label.number_size, colours[0], "middle")
        )
    items.extend(
        Text(cx, cy - baseline, line, label.name_size, colours[1], "middle")
        for line, baseline in zip(label.name_lines, label.name_baselines, strict=True)
    )
    return items


def _doors(hall: Hall, frame: _Frame, unit: float) -> tuple[Item, ...]:
    items: list[Item] = []
    size = 2.0 * unit
    for doors, colour, word, inward in (
        (hall.entrances, ENTRANCE, "Entrance", True),
        (hall.exits, EXIT, "Exit", False),
    ):
        for door in doors:
            (ux, uy), (nx, ny) = outward_normal(hall.outline, door)
            # on the sheet y runs down: flip the y of both directions
            ux, uy, nx, ny = ux, -uy, nx, -ny
            cx, cy = frame.point(door.at)
            half = door.width * frame.k / 2
            items.append(
                Shape(
                    ((cx - ux * half, cy - uy * half), (cx + ux * half, cy + uy * half)),
                    False,
                    Style(None, colour, 1.2),
                )
            )
            base, tip = (3.6 * unit, 1.0 * unit) if inward else (1.0 * unit, 3.6 * unit)
            wing = 1.3 * unit
            bx, by = cx + nx * base, cy + ny * base
            items.append(
                Shape(
                    (
                        (bx + ux * wing, by + uy * wing),
                        (cx + nx * tip, cy + ny * tip),
                        (bx - ux * wing, by - uy * wing),
                    ),
                    True,
                    Style(colour),
                )
            )
            angle = math.degrees(math.atan2(-uy, ux))
            if angle > 90.0 + 1e-9:
                angle -= 180.0
            elif angle <= -90.0 + 1e-9:
                angle += 180.0
            # the label's middle line runs parallel to the wall, 6 units out; its baseline sits below it
            lx, ly = cx + nx * 6.0 * unit, cy + ny * 6.0 * unit
            rad = math.radians(angle)
            down = (math.sin(rad), math.cos(rad))  # the text's own "down" on the sheet
            drop = size * 0.36
            items.append(
                Text(
                    lx + down[0] * drop,
                    ly + down[1] * drop,
                    clean(door.name) or word,
                    size,
                    colour,
                    "middle",
                    angle,
                )
            )
    return tuple(items)


def _north_arrow(x: float, y: float, unit: float) -> tuple[Item, ...]:
    cx, top = x + 6 * unit, y + 1 * unit
    bottom = top + 14 * unit
    half = 3.5 * unit
    return (
        Shape(((cx, top), (cx + half, bottom), (cx, bottom - 4 * unit)), True, Style(INK, INK, 0.2)),
        Shape(((cx, top), (cx - half, bottom), (cx, bottom - 4 * unit)), True, Style(WHITE, INK, 0.2)),
        Text(cx + half + 2 * unit, top + 6 * unit, "N", 5 * unit, INK, "start"),
    )


def _scale_bar(x: float, y: float, panel: float, k: float, unit: float) -> tuple[Item, ...]:
    length = scale_bar_length(k, panel - 14 * unit)
    if length <= 0:
        return ()
    lead = int(f"{length:e}"[0])
    segments = 4 if lead == 2 else 5
    step = length * k / segments
    bar = 1.6 * unit
    items: list[Item] = [
        Rect(x + i * step, y, step, bar, Style(INK if i % 2 == 0 else WHITE, INK, 0.15))
        for i in range(segments)
    ]
    size = 2.2 * unit
    marks = [(0, "0"), (segments, f"{_fmt(length)} m")]
    if segments == 4:
        marks.insert(1, (2, _fmt(length / 2)))
    for i, text in marks:
        items.append(
            Text(x + i * step, y + bar + size * 1.3, text, size, INK, "start" if i == 0 else "middle")
        )
    return tuple(items)


def _legend(
    layout: Layout,
    hall: Hall,
    zones: list[tuple[str, RGB, int]],
    x: float,
    top: float,
    panel: float,
    bottom: float,
    unit: float,
) -> tuple[Item, ...]:
    symbols: list[tuple[str, Style, str]] = []
    if hall.entrances:
        symbols.append(("Entrance", Style(ENTRANCE), "bar"))
    if hall.exits:
        symbols.append(("Exit", Style(EXIT), "bar"))
    if hall.columns:
        symbols.append(("Column", Style(COLUMN), "square"))
    if hall.kept_clear():
        label = "Keep clear (steps, ramps)" if hall.steps else "Keep clear"
        symbols.append((label, Style(None, KEEP_CLEAR, 0.25), "hatch"))
    kinds = sorted({a.kind for a in layout.aisles_in(hall.id)}, key=list(AISLE_FILLS).index)
    symbols.extend((f"{kind.capitalize()} aisle", Style(AISLE_FILLS[kind], None, 0), "box") for kind in kinds)
    if layout.vacant_in(hall.id):
        symbols.append(("Vacant booth spot", Style(WHITE, VACANT_EDGE, 0.2), "vacant"))
    rows = 1 + len(zones) + (1 + len(symbols) if symbols else 0)
    row = min(5.0 * unit, (bottom - top) / max(rows, 1))
    size = min(2.4 * unit, row * 0.62)
    swatch_w, swatch_h = 7 * unit, row * 0.64
    items: list[Item] = [Text(x, top + row * 0.7, "Zones", size * 1.15, INK)]
    text_x = x + swatch_w + 2.5 * unit
    count_room = text_width("0000") * size
    y = top + row
    for zone, colour, count in zones:
        items.append(
            Rect(
                x,
                y + (row - swatch_h) / 2,
                swatch_w,
                swatch_h,
                Style(tint(colour, BOOTH_TINT), BOOTH_EDGE, 0.12),
            )
        )
        name = shorten(zone_label(zone), (x + panel - count_room - 1.5 * unit - text_x) / size)
        items.append(Text(text_x, y + row / 2 + size * 0.36, name, size, INK))
        items.append(Text(x + panel, y + row / 2 + size * 0.36, str(count), size, INK, "end"))
        y += row
    if symbols:
        y += row * 0.3
        for name, style, kind in symbols:
            sy = y + (row - swatch_h) / 2
            if kind == "bar":
                items.append(Rect(x, y + row / 2 - 0.6, swatch_w, 1.2, style))
            elif kind == "square":
                items.append(Rect(x + swatch_w / 2 - swatch_h / 2, sy, swatch_h, swatch_h, style))
            elif kind == "hatch":
                corners = ((x, sy), (x + swatch_w, sy), (x + swatch_w, sy + swatch_h), (x, sy + swatch_h))
                items.append(Shape(corners, True, style))
                items.extend(
                    Shape(line, False, Style(None, KEEP_CLEAR, 0.15)) for line in hatch_lines(corners, 1.2)
                )
            elif kind == "vacant":
                items.append(Rect(x, sy, swatch_w, swatch_h, style))
            else:
                items.append(Rect(x, sy, swatch_w, swatch_h, Style(style.fill, BOOTH_EDGE, 0.08)))
            items.append(Text(text_x, y + row / 2 + size * 0.36, name, size, INK))
            y += row
    return tuple(items)


def _title_block(
    layout: Layout,
    hall: Hall,
    booth_count: int,
    denominator: int,
    page: str,
    x: float,
    page_height: float,
    panel: float,
    unit: float,
) -> tuple[Item, ...]:
    box_h = 34 * unit
    top = page_height - MARGIN - box_h
    pad = 3 * unit
    room = panel - 2 * pad
    lines = [
        (shorten(clean(layout.fair.name), room / (4.2 * unit)), 4.2 * unit, INK),
        (
            shorten(
                clean(hall.name) + (f" ({clean(hall.id)})" if hall.id not in hall.name else ""),
                room / (3.4 * unit),
            ),
            3.4 * unit,
            INK,
        ),
        (f"{booth_count} booth{'' if booth_count == 1 else 's'}", 2.6 * unit, GREY),
        (f"Scale 1:{denominator} on {page} · metres", 2.3 * unit, GREY),
    ]
    items: list[Item] = [
        Rect(x, top, panel, box_h, Style(WHITE, INK, 0.35)),
        Shape(((x, top + 16 * unit), (x + panel, top + 16 * unit)), False, Style(None, INK, 0.2)),
    ]
    baselines = [top + 7.2 * unit, top + 13.0 * unit, top + 23.0 * unit, top + 29.5 * unit]
    for (text, size, colour), baseline in zip(lines, baselines, strict=True):
        items.append(Text(x + pad, baseline, text, size, colour))
    return tuple(items)
