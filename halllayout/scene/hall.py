"""Scene v0 of one hall: floor, walls with door panels, columns, and every booth as a shell-scheme
stand (carpet, back and side wall panels 2.5 m high, corner posts, a fascia with its sign).

Geometry is merged per material, so a hall is a dozen draw calls whatever its booth count.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from numpy.typing import NDArray
from shapely import Polygon as ShapelyPolygon

from halllayout.layout.doors import inward_normal
from halllayout.model import SIDES, Door, Hall, PlacedBooth, Side
from halllayout.palette import ZONE_CARPETS
from halllayout.scene.geometry import Part, merge, plan_box, vertical_quad
from halllayout.scene.glb import Batch, Material, write_glb
from halllayout.scene.signage import CELL_HEIGHT, CELL_WIDTH, MAX_SIGN_WIDTH, Sign, build_atlas

PANEL_HEIGHT = 2.5
PANEL_THICKNESS = 0.05
POST_SIZE = 0.05
CARPET_HEIGHT = 0.02
FASCIA_BOTTOM = 2.45
FASCIA_TOP = 2.75
FASCIA_THICKNESS = 0.04
SIGN_OFFSET = 0.005
DOOR_HEIGHT = 4.0
WALL_OFFSET = 0.02

FLOOR = Material("hall floor", (0.62, 0.62, 0.60, 1.0), roughness=0.8)
WALL = Material("hall wall", (0.86, 0.86, 0.84, 1.0), roughness=0.95)
COLUMN = Material("column", (0.70, 0.70, 0.72, 1.0), roughness=0.7)
ENTRANCE = Material("entrance", (0.10, 0.22, 0.40, 1.0), roughness=0.6)
EXIT = Material("emergency exit", (0.05, 0.55, 0.25, 1.0), roughness=0.6)
CARPET = Material("carpet", (1.0, 1.0, 1.0, 1.0), roughness=1.0)
PANEL = Material("shell panel", (0.96, 0.96, 0.95, 1.0), roughness=0.6)
FRAME = Material("aluminium frame", (0.80, 0.81, 0.83, 1.0), metallic=1.0, roughness=0.35)
FASCIA = Material("fascia board", (0.98, 0.98, 0.98, 1.0), roughness=0.5)

_OUTWARD: dict[Side, tuple[float, float]] = {"N": (0, 1), "S": (0, -1), "E": (1, 0), "W": (-1, 0)}
_OPPOSITE: dict[Side, Side] = {"N": "S", "S": "N", "E": "W", "W": "E"}


def _srgb_to_linear(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    c = np.array(rgb, dtype=np.float64) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return (float(lin[0]), float(lin[1]), float(lin[2]))


def floor_part(outline: Sequence[tuple[float, float]]) -> Part:
    """The hall floor: the outline polygon triangulated (earcut), facing up, UVs in metres."""
    plan_vertices, triangles = trimesh.creation.triangulate_polygon(ShapelyPolygon(outline), engine="earcut")
    vertices: NDArray[np.float32] = np.asarray(plan_vertices, dtype=np.float32)
    faces: NDArray[np.uint32] = np.asarray(triangles, dtype=np.uint32)
    # In plan, counter-clockwise triangles face up (+z); after (x, y) → (x, 0, -y) they face +Y.
    e1 = vertices[faces[:, 1]] - vertices[faces[:, 0]]
    e2 = vertices[faces[:, 2]] - vertices[faces[:, 0]]
    clockwise = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0] < 0
    faces[clockwise] = faces[clockwise][:, ::-1]
    positions = np.column_stack([vertices[:, 0], np.zeros(len(vertices)), -vertices[:, 1]]).astype(np.float32)
    normals = np.tile(np.array([0, 1, 0], dtype=np.float32), (len(vertices), 1))
    return Part(positions, normals, vertices.copy(), faces)


def wall_parts(hall: Hall) -> list[Part]:
    """One quad per outline edge, facing into the hall, as high as the hall."""
    outline = hall.outline
    parts = []
    for a, b in zip(outline, outline[1:] + outline[:1], strict=True):
        if a != b:
            # the inside lies left of a→b (counter-clockwise outline); the quad faces right of b→a
            length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
            parts.append(vertical_quad(b, a, 0.0, hall.height, (0.0, 0.0, length, hall.height)))
    return parts


def door_part(hall: Hall, door: Door) -> Part:
    """A door panel on the wall at `door`, just inside the wall, facing into the hall."""
    nx, ny = inward_normal(hall.outline, door)
    rx, ry = -ny, nx  # right, seen from inside looking at the wall (along -n)
    cx, cy = door.at[0] + nx * WALL_OFFSET, door.at[1] + ny * WALL_OFFSET
    half = door.width / 2
    a = (cx + rx * half, cy + ry * half)
    b = (cx - rx * half, cy - ry * half)
    return vertical_quad(b, a, 0.0, min(DOOR_HEIGHT, hall.height), (0.0, 0.0, door.width, DOOR_HEIGHT))


def column_parts(hall: Hall) -> list[Part]:
    """Square columns from floor to roof."""
    return [
        plan_box(
            c.at[0] - c.size / 2,
            c.at[1] - c.size / 2,
            c.at[0] + c.size / 2,
            c.at[1] + c.size / 2,
            0,
            hall.height,
        )
        for c in hall.columns
    ]


def walled_sides(booth: PlacedBooth) -> tuple[Side, ...]:
    """The sides of a booth that get shell-scheme wall panels, by its requested type.

    Standard: back and both sides. Corner: back, and each side only where a neighbour stands.
    Peninsula: back only. Island and raw space: none.
    """
    back = _OPPOSITE[booth.front]
    kind = booth.request.type
    if kind in ("island", "raw"):
        return ()
    if kind == "peninsula":
        return (back,)
    sides = tuple(s for s in SIDES if s not in (booth.front, back))
    if kind == "corner":
        sides = tuple(s for s in sides if s not in booth.open_sides)
    return (back, *sides)


def _panel(booth: PlacedBooth, side: Side, depth: float, z0: float, z1: float) -> Part:
    """A board `depth` thick inside the booth along `side`, from height z0 to z1."""
    x0, y0, x1, y1 = booth.x0, booth.y0, booth.x1, booth.y1
    if side == "N":
        return plan_box(x0, y1 - depth, x1, y1, z0, z1)
    if side == "S":
        return plan_box(x0, y0, x1, y0 + depth, z0, z1)
    if side == "E":
        return plan_box(x1 - depth, y0, x1, y1, z0, z1)
    return plan_box(x0, y0, x0 + depth, y1, z0, z1)


def _front_corners(booth: PlacedBooth) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two ends of the front edge: left then right, as seen by a visitor facing the booth."""
    corners: dict[Side, tuple[tuple[float, float], tuple[float, float]]] = {
        "S": ((booth.x0, booth.y0), (booth.x1, booth.y0)),
        "N": ((booth.x1, booth.y1), (booth.x0, booth.y1)),
        "E": ((booth.x1, booth.y0), (booth.x1, booth.y1)),
        "W": ((booth.x0, booth.y1), (booth.x0, booth.y0)),
    }
    return corners[booth.front]


def booth_structure(booth: PlacedBooth) -> tuple[list[Part], list[Part], Part]:
    """Wall panels, corner posts and the fascia board of one booth."""
    panels = [_panel(booth, side, PANEL_THICKNESS, 0, PANEL_HEIGHT) for side in walled_sides(booth)]
    posts = []
    for x, y in _front_corners(booth):
        px = min(max(x, booth.x0 + POST_SIZE / 2), booth.x1 - POST_SIZE / 2)
        py = min(max(y, booth.y0 + POST_SIZE / 2), booth.y1 - POST_SIZE / 2)
        posts.append(
            plan_box(
                px - POST_SIZE / 2, py - POST_SIZE / 2, px + POST_SIZE / 2, py + POST_SIZE / 2, 0, FASCIA_TOP
            )
        )
    fascia = _panel(booth, booth.front, FASCIA_THICKNESS, FASCIA_BOTTOM, FASCIA_TOP)
    return panels, posts, fascia


def sign_part(booth: PlacedBooth, uv_rect: tuple[float, float, float, float]) -> Part:
    """The sign quad on the front face of the fascia, centred, at most MAX_SIGN_WIDTH wide."""
    (lx, ly), (rx, ry) = _front_corners(booth)
    frontage = float(np.hypot(rx - lx, ry - ly))
    width = min(frontage - 2 * POST_SIZE, MAX_SIGN_WIDTH)
    height = min(width * CELL_HEIGHT / CELL_WIDTH, FASCIA_TOP - FASCIA_BOTTOM)
    width = height * CELL_WIDTH / CELL_HEIGHT
    nx, ny = _OUTWARD[booth.front]
    tx, ty = (rx - lx) / frontage, (ry - ly) / frontage
    cx = (lx + rx) / 2 + nx * SIGN_OFFSET
    cy = (ly + ry) / 2 + ny * SIGN_OFFSET
    a = (cx - tx * width / 2, cy - ty * width / 2)
    b = (cx + tx * width / 2, cy + ty * width / 2)
    middle = (FASCIA_BOTTOM + FASCIA_TOP) / 2
    return vertical_quad(a, b, middle - height / 2, middle + height / 2, uv_rect)


def _carpets(booths: Sequence[PlacedBooth]) -> tuple[Part, NDArray[np.float32]]:
    zones: dict[str, int] = {}
    parts, colours = [], []
    for booth in booths:
        rank = zones.setdefault(booth.request.zone, len(zones))
        part = plan_box(booth.x0, booth.y0, booth.x1, booth.y1, 0, CARPET_HEIGHT)
        parts.append(part)
        colour = _srgb_to_linear(ZONE_CARPETS[rank % len(ZONE_CARPETS)])
        colours.append(np.tile(np.array(colour, dtype=np.float32), (len(part.positions), 1)))
    return merge(parts), np.concatenate(colours)


def build_hall_glb(hall: Hall, booths: Sequence[PlacedBooth]) -> bytes:
    """The GLB of one hall with its booths, deterministic for the same input."""
    batches = [
        Batch("floor", FLOOR, floor_part(hall.outline)),
        Batch("walls", WALL, merge(wall_parts(hall))),
    ]
    if hall.columns:
        batches.append(Batch("columns", COLUMN, merge(column_parts(hall))))
    if hall.entrances:
        batches.append(Batch("entrances", ENTRANCE, merge([door_part(hall, d) for d in hall.entrances])))
    if hall.exits:
        batches.append(Batch("exits", EXIT, merge([door_part(hall, d) for d in hall.exits])))
    if booths:
        carpets, colours = _carpets(booths)
        batches.append(Batch("booth carpets", CARPET, carpets, colours))
        panels: list[Part] = []
        posts: list[Part] = []
        fascias: list[Part] = []
        for booth in booths:
            booth_panels, booth_posts, fascia = booth_structure(booth)
            panels += booth_panels
            posts += booth_posts
            fascias.append(fascia)
        if panels:
            batches.append(Batch("booth wall panels", PANEL, merge(panels)))
        batches.append(Batch("booth frames", FRAME, merge(posts)))
        batches.append(Batch("fascia boards", FASCIA, merge(fascias)))
        atlas = build_atlas([Sign(b.number, b.request.exhibitor) for b in booths])
        for page_index, page in enumerate(atlas.pages):
            material = Material(f"fascia signs {page_index + 1}", roughness=0.6, texture=page)
            signs = [
                sign_part(booth, uv)
                for booth, (page_of, uv) in zip(booths, atlas.cells, strict=True)
                if page_of == page_index
            ]
            batches.append(Batch(f"fascia signs {page_index + 1}", material, merge(signs)))
    extras = {"halllayout": {"hall": hall.id, "name": hall.name, "booths": len(booths)}}
    return write_glb(f"hall {hall.id}", batches, extras)
