"""The hall shell: floor, walls with the doors cut out as openings, door frames, the apron outside each
door, columns, roof trusses and the aisle carpets.

Walls are single quads facing into the hall; an entrance is an opening 4 m high (an exit 2.5 m) with a
lintel above, a dark frame around it and a glass door in it. Trusses span the hall north to south every
TRUSS_SPACING metres, clipped to the outline, as top and bottom chords with verticals. Main aisles get a
coloured carpet, the other aisles a grey one; open floor stays bare.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
import trimesh
from numpy.typing import NDArray
from shapely import Polygon as ShapelyPolygon
from shapely.geometry.base import BaseGeometry

from halllayout.layout.doors import inward_normal
from halllayout.model import Aisle, Door, Hall, Point
from halllayout.scene.geometry import Part, merge, vertical_quad
from halllayout.scene.glb import Material
from halllayout.scene.instancing import Instances

ENTRANCE_HEIGHT = 4.0
EXIT_HEIGHT = 2.5
DOOR_FRAME = 0.12
APRON_DEPTH = 4.0
TRUSS_SPACING = 12.0
TRUSS_DEPTH = 1.0
TRUSS_CHORD = 0.12
TRUSS_STRUT_SPACING = 2.0
#: Heights of the aisle carpets above the hall floor (main above the others where they cross).
MAIN_CARPET = 0.006
AISLE_CARPET = 0.004


@dataclass(frozen=True)
class DoorOpening:
    """A door as the scene draws it: kind, the door, its inward normal, opening height."""

    kind: str
    door: Door
    normal: tuple[float, float]
    height: float


def openings(hall: Hall) -> list[DoorOpening]:
    """Every entrance and exit with its inward normal and the height of its opening."""
    top = hall.height - 0.5
    return [
        DoorOpening(kind, door, inward_normal(hall.outline, door), min(height, top))
        for kind, doors, height in (
            ("entrance", hall.entrances, ENTRANCE_HEIGHT),
            ("exit", hall.exits, EXIT_HEIGHT),
        )
        for door in doors
    ]


def polygon_part(polygon: BaseGeometry, height: float) -> Part | None:
    """The (multi)polygon triangulated (earcut, holes kept) as a floor-like surface facing up at
    `height`, UVs in metres; None when it is empty."""
    pieces = [
        g for g in getattr(polygon, "geoms", [polygon]) if isinstance(g, ShapelyPolygon) and not g.is_empty
    ]
    parts = []
    for piece in pieces:
        if piece.area < 1e-6:
            continue
        plan_vertices, triangles = trimesh.creation.triangulate_polygon(piece, engine="earcut")
        vertices: NDArray[np.float32] = np.asarray(plan_vertices, dtype=np.float32)
        faces: NDArray[np.uint32] = np.asarray(triangles, dtype=np.uint32).reshape(-1, 3)
        if len(faces) == 0:
            continue
        # In plan, counter-clockwise triangles face up (+z); after (x, y) → (x, h, -y) they face +Y.
        e1 = vertices[faces[:, 1]] - vertices[faces[:, 0]]
        e2 = vertices[faces[:, 2]] - vertices[faces[:, 0]]
        clockwise = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0] < 0
        faces[clockwise] = faces[clockwise][:, ::-1]
        positions = np.column_stack([vertices[:, 0], np.full(len(vertices), height), -vertices[:, 1]]).astype(
            np.float32
        )
        normals = np.tile(np.array([0, 1, 0], dtype=np.float32), (len(vertices), 1))
        parts.append(Part(positions, normals, vertices.copy(), faces))
    return merge(parts) if parts else None


def floor_part(outline: Sequence[Point]) -> Part:
    """The hall floor: the outline polygon triangulated, facing up, UVs in metres."""
    part = polygon_part(ShapelyPolygon(outline), 0.0)
    if part is None:
        raise ValueError("the hall outline encloses no area")
    return part


def _edge_openings(a: Point, b: Point, doors: Sequence[DoorOpening]) -> list[tuple[float, float, float]]:
    """(start, end, height) along the edge a→b of each door that stands on it, sorted, clipped."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    ex, ey = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    found = []
    for d in doors:
        px, py = d.door.at[0] - a[0], d.door.at[1] - a[1]
        along, off = px * ex + py * ey, abs(-px * ey + py * ex)
        if off <= 0.5 and -d.door.width / 2 < along < length + d.door.width / 2:
            found.append(
                (max(0.0, along - d.door.width / 2), min(length, along + d.door.width / 2), d.height)
            )
    return sorted(found)


def wall_parts(hall: Hall) -> list[Part]:
    """Quads facing into the hall along every outline edge, with the doors left open below a lintel."""
    doors = openings(hall)
    outline = hall.outline
    parts = []
    for a, b in zip(outline, outline[1:] + outline[:1], strict=True):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        if length == 0:
            continue

        def at(s: float, a: Point = a, b: Point = b, length: float = length) -> Point:
            return (a[0] + (b[0] - a[0]) * s / length, a[1] + (b[1] - a[1]) * s / length)

        cursor = 0.0
        # the inside lies left of a→b (counter-clockwise outline); a quad from q to p faces right of q→p
        for start, end, height in _edge_openings(a, b, doors):
            if start > cursor:
                parts.append(
                    vertical_quad(at(start), at(cursor), 0.0, hall.height, (cursor, 0, start, hall.height))
                )
            if end > start and hall.height > height:
                parts.append(
                    vertical_quad(
                        at(end), at(start), height, hall.height, (start, 0, end, hall.height - height)
                    )
                )
            cursor = max(cursor, end)
        if cursor < length:
            parts.append(
                vertical_quad(at(length), at(cursor), 0.0, hall.height, (cursor, 0, length, hall.height))
            )
    return parts


def door_frames(kit: Instances, material: Material, glass: Material, hall: Hall) -> None:
    """A dark frame around each door opening (two jambs and a head, just inside the wall) and a pane of
    glass in it: the door reads as an opening onto the paving outside, and visitors stay in the hall."""
    for d in openings(hall):
        nx, ny = d.normal
        tx, ty = -ny, nx
        cx, cy = d.door.at
        half = d.door.width / 2
        turn = math.atan2(ty, tx)
        for offset, width, z0, z1 in (
            (-half - DOOR_FRAME / 2, DOOR_FRAME, 0.0, d.height + DOOR_FRAME),
            (half + DOOR_FRAME / 2, DOOR_FRAME, 0.0, d.height + DOOR_FRAME),
            (0.0, d.door.width, d.height, d.height + DOOR_FRAME),
        ):
            x = cx + tx * offset + nx * 0.05
            y = cy + ty * offset + ny * 0.05
            kit.add("box", material, (x, (z0 + z1) / 2, -y), turn, (width, z1 - z0, 0.1))
        kit.add(
            "box",
            glass,
            (cx + nx * 0.05, d.height / 2, -(cy + ny * 0.05)),
            turn,
            (d.door.width, d.height, 0.02),
        )


def apron(hall: Hall) -> Part | None:
    """Paving outside each door, so an opening looks out onto ground rather than into the void."""
    pieces = []
    for d in openings(hall):
        nx, ny = d.normal
        tx, ty = -ny, nx
        cx, cy = d.door.at
        half = d.door.width / 2 + 1.0
        corners = [
            (cx + tx * half, cy + ty * half),
            (cx - tx * half, cy - ty * half),
            (cx - tx * half - nx * APRON_DEPTH, cy - ty * half - ny * APRON_DEPTH),
            (cx + tx * half - nx * APRON_DEPTH, cy + ty * half - ny * APRON_DEPTH),
        ]
        pieces.append(ShapelyPolygon(corners).buffer(0))
    if not pieces:
        return None
    outside = shapely.difference(shapely.union_all(pieces), ShapelyPolygon(hall.outline))
    return polygon_part(outside, -0.01)


def columns(kit: Instances, material: Material, hall: Hall) -> None:
    """Square columns from floor to roof."""
    for c in hall.columns:
        h = c.size / 2
        kit.box(material, c.at[0] - h, c.at[1] - h, c.at[0] + h, c.at[1] + h, 0.0, hall.height)


def trusses(kit: Instances, material: Material, hall: Hall) -> None:
    """Roof trusses north to south every TRUSS_SPACING metres: top and bottom chords and verticals."""
    outline = ShapelyPolygon(hall.outline)
    x0, y0, x1, y1 = outline.bounds
    if hall.height < TRUSS_DEPTH + 3.5:
        return
    top = hall.height - 0.05
    bottom = top - TRUSS_DEPTH
    count = max(1, math.floor((x1 - x0) / TRUSS_SPACING))
    margin = (x1 - x0 - (count - 1) * TRUSS_SPACING) / 2
    c = TRUSS_CHORD
    for k in range(count):
        x = x0 + margin + k * TRUSS_SPACING
        line = shapely.intersection(outline, shapely.LineString([(x, y0 - 1), (x, y1 + 1)]))
        for segment in getattr(line, "geoms", [line]):
            if segment.is_empty or segment.length < 1:
                continue
            ys = [p[1] for p in segment.coords]
            s0, s1 = min(ys), max(ys)
            for z in (bottom, top - c):
                kit.box(material, x - c / 2, s0, x + c / 2, s1, z, z + c)
            struts = max(1, round((s1 - s0) / TRUSS_STRUT_SPACING))
            for j in range(struts + 1):
                y = min(max(s0 + (s1 - s0) * j / struts, s0 + c / 2), s1 - c / 2)
                kit.box(material, x - c / 4, y - c / 4, x + c / 4, y + c / 4, bottom + c, top - c)


def aisle_carpets(hall: Hall, aisles: Sequence[Aisle]) -> tuple[Part | None, Part | None]:
    """Carpet over the main aisles, and over the other aisles (not open floor), clipped to the hall."""
    outline = ShapelyPolygon(hall.outline)
    main = shapely.union_all([shapely.box(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind == "main"])
    rest = shapely.union_all(
        [shapely.box(a.x0, a.y0, a.x1, a.y1) for a in aisles if a.kind not in ("main", "open")]
    )
    main = shapely.intersection(main, outline)
    rest = shapely.difference(shapely.intersection(rest, outline), main)
    return polygon_part(main, MAIN_CARPET), polygon_part(rest, AISLE_CARPET)
