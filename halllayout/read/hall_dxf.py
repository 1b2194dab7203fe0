"""Halls from CAD: the outline, columns, keep-clear areas and doors of a DXF drawing, read with ezdxf.

Venues send their floor plans as CAD files. Only the model space is read, by layer (names matched
case-insensitively, spaces, hyphens and underscores ignored; `LAYERS` lists the aliases):

- HALL or OUTLINE: the hall's inner wall, the largest closed LWPOLYLINE or POLYLINE there (arcs
  flattened to within 1 cm); where no such layer holds one, the largest closed polyline of the
  drawing. Its `thickness`, where set, is the wall height. A TEXT or MTEXT on the layer inside the
  outline names the hall.
- COLUMNS: closed polylines, CIRCLEs and block INSERTs, each a square column as large as its bounding
  box's longer side, centred on the box. Hatches and texts there are ignored.
- KEEP_CLEAR: closed polylines and circles where nothing may be built.
- ENTRANCES and EXITS: LINEs along the outline, one per door: its centre is the door's centre, its
  length the door's clear width. A TEXT or MTEXT on the same layer within 5 m of a door's centre
  names the door nearest to it.

Units come from the header's `$INSUNITS` (millimetres, centimetres, metres, inches, feet...); a
drawing without units (0) is taken as millimetres where the outline is larger than 5,000 units
across, else as metres. Coordinates are rounded to 0.1 mm. Anything else on these layers, such as
an open polyline on COLUMNS, is a problem named by its layer, type and handle, e.g.
`hall.dxf: layer COLUMNS, LINE #2F: expected a closed polyline, a circle or a block`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ezdxf
import ezdxf.bbox
import ezdxf.path
import ezdxf.units
import shapely
from ezdxf import recover
from ezdxf.enums import InsertUnits
from ezdxf.lldxf.const import DXFError

from halllayout.errors import InputError
from halllayout.model import Column, Door, Hall, Point, Polygon
from halllayout.read.fields import show
from halllayout.read.geometry import (
    DOOR_TOLERANCE,
    area_outside,
    column_outside,
    counter_clockwise,
    distance_off_wall,
    door_past_corner,
    polygon_problem,
)
from halllayout.read.hall_json import (
    DEFAULT_HALL_ID,
    DEFAULT_MAIN_AISLE,
    DEFAULT_SECONDARY_AISLE,
    HALL_ID,
    HALL_ID_EXPECTED,
)
from halllayout.read.problems import Problems

#: The layers read, by role, each with its aliases (matched by `layer_key`).
LAYERS: dict[str, tuple[str, ...]] = {
    "outline": ("HALL", "OUTLINE", "HALL_OUTLINE", "WALLS", "展厅", "轮廓"),
    "columns": ("COLUMNS", "COLUMN", "COLS", "S-COLS", "PILLARS", "柱", "柱子"),
    "keep_clear": ("KEEP_CLEAR", "NO_BUILD", "禁建区"),
    "entrances": ("ENTRANCES", "ENTRANCE", "ENTRIES", "入口"),
    "exits": ("EXITS", "EXIT", "EMERGENCY_EXITS", "FIRE_EXITS", "出口", "安全出口"),
}
#: The wall height where neither the caller nor the outline's thickness gives one, in metres.
DEFAULT_HEIGHT = 10.0
#: A drawing without units is in millimetres where its outline is larger than this many units.
UNITLESS_MM_ABOVE = 5000.0
#: A hall's outline spans between these many metres; outside, the drawing's units are wrong.
HALL_SPAN = (1.0, 5000.0)
#: How far from a door's centre its name may stand, in metres.
DOOR_NAME_DISTANCE = 5.0
#: Arcs in outlines and keep-clear areas are flattened to within this many metres.
FLATTENING = 0.01
#: Coordinates are rounded to this many decimals of a metre.
DECIMALS = 4
#: What may stand on a layer without being read: fills and notes.
_IGNORED = ("HATCH", "SOLID", "DIMENSION", "LEADER", "MULTILEADER")
_TEXTS = ("TEXT", "MTEXT")
_POLYLINES = ("LWPOLYLINE", "POLYLINE")


def layer_key(name: str) -> str:
    """A layer name as matched: case-folded, without spaces, hyphens and underscores.

    >>> layer_key("Keep-Clear"), layer_key("S-COLS")
    ('keepclear', 'scols')
    """
    return "".join(name.casefold().split()).replace("-", "").replace("_", "")


_ROLE_BY_KEY = {layer_key(name): role for role, names in LAYERS.items() for name in names}


def read_hall_dxf(
    path: Path,
    hall_id: str | None = None,
    *,
    main_aisle: float = DEFAULT_MAIN_AISLE,
    secondary_aisle: float = DEFAULT_SECONDARY_AISLE,
    height: float | None = None,
    source: str | None = None,
) -> Hall:
    """Read a hall from a DXF drawing (see the module's docstring); messages name it `source` or `path.name`.

    The id is `hall_id`, else "A"; the name a text on the outline's layer, else "Hall <id>"; the
    height `height`, else the outline's thickness, else DEFAULT_HEIGHT. Raises InputError (InputErrors
    for several problems) naming the layer, entity and bad value.
    """
    name = source or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot read the file: {error.strerror or error}") from error
    return parse_hall_dxf(
        data, name, hall_id, main_aisle=main_aisle, secondary_aisle=secondary_aisle, height=height
    )


def parse_hall_dxf(
    data: bytes,
    source: str,
    hall_id: str | None = None,
    *,
    main_aisle: float = DEFAULT_MAIN_AISLE,
    secondary_aisle: float = DEFAULT_SECONDARY_AISLE,
    height: float | None = None,
) -> Hall:
    """Read a hall from the bytes of a DXF drawing (ASCII or binary); see `read_hall_dxf`."""
    _check_arguments(source, hall_id, main_aisle, secondary_aisle, height)
    if not data.strip():
        raise InputError(source, "the file is empty; expected a DXF drawing")
    if data[:4] == b"AC10":
        raise InputError(source, "a DWG drawing, not DXF; save it from the CAD program as DXF")
    try:
        document, auditor = recover.read(io.BytesIO(data), errors="ignore")
    except (DXFError, ValueError, TypeError, KeyError, IndexError) as error:
        raise InputError(source, f"not a readable DXF drawing ({error})") from error
    if auditor.has_errors:
        count = len(auditor.errors)
        message = f"a damaged DXF drawing ({count} error{'s' if count > 1 else ''}, the first: "
        raise InputError(source, f"{message}{auditor.errors[0].message})")
    return _Drawing(source, document).hall(hall_id or DEFAULT_HALL_ID, main_aisle, secondary_aisle, height)


def _check_arguments(
    source: str, hall_id: str | None, main_aisle: float, secondary_aisle: float, height: float | None
) -> None:
    if hall_id is not None and not HALL_ID.fullmatch(hall_id):
        raise InputError(source, f"expected {HALL_ID_EXPECTED}, got {show(hall_id)}")
    for argument, value in (
        ("main_aisle", main_aisle),
        ("secondary_aisle", secondary_aisle),
        ("height", height),
    ):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(f"{argument} must be a positive number of metres, got {value!r}")


class _Drawing:
    """A DXF document's model space sorted by layer role, and the unit conversion to metres."""

    def __init__(self, source: str, document: Any) -> None:
        self.source = source
        self.problems = Problems()
        self.by_role: dict[str, list[Any]] = {role: [] for role in LAYERS}
        self.all: list[Any] = []
        for entity in document.modelspace():
            self.all.append(entity)
            role = _ROLE_BY_KEY.get(layer_key(entity.dxf.get("layer", "0")))
            if role is not None:
                self.by_role[role].append(entity)
        self.units_given = document.header.get("$INSUNITS", 0)
        self.units = self.units_given if isinstance(self.units_given, int) else -1
        self.factor = 1.0

    def hall(self, hall_id: str, main_aisle: float, secondary_aisle: float, height: float | None) -> Hall:
        outline_entity = self._outline_entity()
        self.factor = self._factor(outline_entity)
        self._check_span(outline_entity)
        outline = self._outline(outline_entity)
        shape = shapely.Polygon(outline)
        columns = self._columns(shape)
        keep_clear = self._keep_clear(shape)
        entrances = self._doors("entrances", shape)
        exits = self._doors("exits", shape)
        if not entrances and not any(e.dxftype() == "LINE" for e in self.by_role["entrances"]):
            self.problems.add(
                InputError(self.source, "no entrance: expected a LINE along the outline on layer ENTRANCES")
            )
        self.problems.raise_any()
        thickness = float(outline_entity.dxf.get("thickness", 0.0)) * self.factor
        return Hall(
            id=hall_id,
            name=self._hall_name(outline_entity, shape) or f"Hall {hall_id}",
            outline=outline,
            height=height or (round(thickness, DECIMALS) if thickness > 0 else DEFAULT_HEIGHT),
            entrances=entrances,
            exits=exits,
            columns=columns,
            keep_clear=keep_clear,
            main_aisle=main_aisle,
            secondary_aisle=secondary_aisle,
            source=self.source,
        )

    # --- where things are ---------------------------------------------------------------------

    def _where(self, entity: Any) -> str:
        return f"layer {entity.dxf.get('layer', '0')}, {entity.dxftype()} #{entity.dxf.handle}"

    def _problem(self, entity: Any, message: str) -> None:
        self.problems.add(InputError(self.source, f"{self._where(entity)}: {message}"))

    def _metres(self, x: float, y: float) -> Point:
        return (round(x * self.factor, DECIMALS) + 0.0, round(y * self.factor, DECIMALS) + 0.0)

    def _show(self, point: Point) -> str:
        return f"[{point[0]:g}, {point[1]:g}]"

    # --- outline and units --------------------------------------------------------------------

    def _outline_entity(self) -> Any:
        found = _largest(e for e in self.by_role["outline"] if _closed_polyline(e))
        found = found if found is not None else _largest(e for e in self.all if _closed_polyline(e))
        if found is None:
            raise InputError(
                self.source,
                "no hall outline: expected a closed polyline (the hall's inner wall) on layer HALL or "
                "OUTLINE, and found no closed polyline in the drawing",
            )
        return found

    def _factor(self, outline: Any) -> float:
        if self.units == 0:
            box = ezdxf.bbox.extents([outline])
            span = max(box.size.x, box.size.y)
            return 0.001 if span > UNITLESS_MM_ABOVE else 1.0
        try:
            return float(ezdxf.units.conversion_factor(InsertUnits(self.units), InsertUnits.Meters))
        except (ValueError, KeyError, IndexError) as error:
            raise InputError(
                self.source, f"header $INSUNITS: expected a unit of length, got {show(self.units_given)}"
            ) from error

    def _check_span(self, outline: Any) -> None:
        box = ezdxf.bbox.extents([outline])
        span = max(box.size.x, box.size.y) * self.factor
        low, high = HALL_SPAN
        if not low <= span <= high:
            unit = (
                ezdxf.units.unit_name(self.units)
                if self.units
                else "none, so " + ("millimetres" if self.factor == 0.001 else "metres")
            )
            raise InputError(
                self.source,
                f"header $INSUNITS: the outline is {span:g} m across with units {self.units} ({unit}); "
                f"expected a hall between {low:g} and {high:g} m: are the drawing's units right?",
            )

    def _outline(self, entity: Any) -> Polygon:
        points = self._ring(entity)
        problem = polygon_problem(points) if len(points) >= 3 else "expected at least 3 points"
        if problem is not None:
            raise InputError(self.source, f"{self._where(entity)} (the hall outline): {problem}")
        return counter_clockwise(points)

    def _ring(self, entity: Any) -> list[Point]:
        """The closed outline of a polyline or circle in metres, arcs flattened, without repeated points."""
        flat = ezdxf.path.make_path(entity).flattening(FLATTENING / self.factor)
        points: list[Point] = []
        for vertex in flat:
            point = self._metres(vertex.x, vertex.y)
            if not points or point != points[-1]:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        return points

    def _hall_name(self, outline: Any, shape: Any) -> str:
        layer = outline.dxf.get("layer", "0")
        for entity in self.all:
            if entity.dxftype() in _TEXTS and entity.dxf.get("layer", "0") == layer:
                x, y = self._metres(entity.dxf.insert.x, entity.dxf.insert.y)
                if shape.covers(shapely.Point(x, y)):
                    return _text(entity)
        return ""

    # --- columns and keep-clear areas ---------------------------------------------------------

    def _columns(self, shape: Any) -> tuple[Column, ...]:
        columns: dict[tuple[float, float, float], Column] = {}
        for entity in self.by_role["columns"]:
            kind = entity.dxftype()
            if kind in _IGNORED or kind in _TEXTS:
                continue
            if not (kind in ("CIRCLE", "INSERT") or _closed_polyline(entity)):
                self._problem(entity, "expected a closed polyline, a circle or a block for a column")
                continue
            box = ezdxf.bbox.extents([entity])
            if not box.has_data:
                self._problem(entity, "expected a column with a size, got an empty block")
                continue
            at = self._metres(box.center.x, box.center.y)
            size = round(max(box.size.x, box.size.y) * self.factor, DECIMALS)
            if size <= 0 or column_outside(shape, at, size):
                self._problem(
                    entity, f"expected a column standing inside the outline, got centre {self._show(at)}"
                )
                continue
            columns.setdefault((at[1], at[0], size), Column(at=at, size=size))
        return tuple(columns[key] for key in sorted(columns))

    def _keep_clear(self, shape: Any) -> tuple[Polygon, ...]:
        areas: list[Polygon] = []
        for entity in self.by_role["keep_clear"]:
            kind = entity.dxftype()
            if kind in _IGNORED or kind in _TEXTS:
                continue
            if not (kind == "CIRCLE" or _closed_polyline(entity)):
                self._problem(entity, "expected a closed polyline or a circle around a keep-clear area")
                continue
            points = self._ring(entity)
            problem = polygon_problem(points) if len(points) >= 3 else "expected at least 3 points"
            if problem is not None:
                self._problem(entity, problem)
                continue
            polygon = counter_clockwise(points)
            if area_outside(shape, polygon):
                self._problem(entity, "expected a keep-clear area inside the outline")
                continue
            areas.append(polygon)
        return tuple(areas)

    # --- doors --------------------------------------------------------------------------------

    def _doors(self, role: str, shape: Any) -> tuple[Door, ...]:
        lines: list[tuple[Any, Point, float]] = []
        texts: list[Any] = []
        for entity in self.by_role[role]:
            kind = entity.dxftype()
            if kind in _TEXTS:
                texts.append(entity)
            elif kind == "LINE":
                door = self._door(entity, shape)
                if door is not None:
                    lines.append((entity, *door))
            elif kind not in _IGNORED:
                self._problem(entity, "expected a LINE along the outline: the door's centre and width")
        names = self._door_names([at for _, at, _ in lines], texts)
        return tuple(
            Door(at=at, width=width, name=names.get(i, "")) for i, (_, at, width) in enumerate(lines)
        )

    def _door(self, entity: Any, shape: Any) -> tuple[Point, float] | None:
        start = self._metres(entity.dxf.start.x, entity.dxf.start.y)
        end = self._metres(entity.dxf.end.x, entity.dxf.end.y)
        at = self._metres(
            (entity.dxf.start.x + entity.dxf.end.x) / 2, (entity.dxf.start.y + entity.dxf.end.y) / 2
        )
        width = round(math.dist(start, end), DECIMALS)
        off = max((distance_off_wall(shape, point) or 0.0) for point in (start, at, end))
        if width <= 0 or off > 0:
            self._problem(
                entity,
                f"expected a door along the outline (within {DOOR_TOLERANCE:g} m), got a line from "
                f"{self._show(start)} to {self._show(end)}"
                + (f", {round(off, 2):g} m from it" if off else ""),
            )
            return None
        past = door_past_corner(shape, at, width)
        if past is not None:
            self._problem(entity, past)
            return None
        return at, width

    def _door_names(self, doors: list[Point], texts: list[Any]) -> dict[int, str]:
        """Each text names the door nearest to it within DOOR_NAME_DISTANCE; the nearest text wins."""
        best: dict[int, tuple[float, str]] = {}
        for entity in texts:
            where = self._metres(entity.dxf.insert.x, entity.dxf.insert.y)
            distances = [math.dist(where, at) for at in doors]
            if not distances:
                continue
            nearest = min(range(len(doors)), key=distances.__getitem__)
            if (
                distances[nearest] <= DOOR_NAME_DISTANCE
                and distances[nearest] < best.get(nearest, (math.inf, ""))[0]
            ):
                best[nearest] = (distances[nearest], _text(entity))
        return {index: name for index, (_, name) in best.items()}


def _closed_polyline(entity: Any) -> bool:
    kind = entity.dxftype()
    if kind == "LWPOLYLINE":
        return bool(entity.closed) or _ends_meet(_vertices(entity))
    if kind == "POLYLINE" and entity.is_2d_polyline:
        return bool(entity.is_closed) or _ends_meet(_vertices(entity))
    return False


def _ends_meet(points: list[tuple[float, float]]) -> bool:
    return (
        len(points) > 3
        and math.isclose(points[0][0], points[-1][0])
        and math.isclose(points[0][1], points[-1][1])
    )


def _largest(entities: Iterable[Any]) -> Any | None:
    """The closed polyline of the largest area (arcs taken as chords), the first of equals."""
    best, best_area = None, -1.0
    for entity in entities:
        points = _vertices(entity)
        area = shapely.Polygon(points).area if len(points) >= 3 else 0.0
        if area > best_area:
            best, best_area = entity, area
    return best


def _vertices(entity: Any) -> list[tuple[float, float]]:
    if entity.dxftype() == "LWPOLYLINE":
        return [(x, y) for x, y in entity.get_points("xy")]
    return [(vertex.x, vertex.y) for vertex in entity.points()]


def _text(entity: Any) -> str:
    text = entity.plain_text() if entity.dxftype() == "MTEXT" else entity.dxf.get("text", "")
    return " ".join(str(text).split())
