"""The GLB of one hall: shell, booth kits, signage, product placeholders, and what identifies each part.

Draw calls stay flat as booths grow: every repeated part (panels, uprights, beams, fascia boards,
counters, tables, chairs, spotlights, plinths, trusses, columns) is one shared mesh drawn with
`EXT_mesh_gpu_instancing`, booth carpets and the hall's surfaces are merged per material, and all
signage is one mesh per glyph-atlas page. A 700-booth hall is a few dozen draw calls.

How to tell what was clicked, from the GLB alone (format `halllayout/scene@1`):
- every booth has an empty node named `booth <number>` at its centre whose `extras` give number, ref,
  exhibitor, zone, type, tier, country and footprint; every product slot has a node named
  `product <ref>/<n>` with the product's id, name, booth and the box it must fit, and, when the
  product has a web-ready model, the URIs of the model, its far level and thumbnail and its size in
  metres (the viewer loads them by distance; without a model a placeholder box stands on the plinth);
- the booth carpets and the instanced meshes carry a `_BOOTH` attribute (per vertex, or per instance
  in `EXT_mesh_gpu_instancing`): the index into the root node's `extras.halllayout.booths` list of
  numbers, -1 for the hall itself (signage lettering does not: it lies on the fascia board or hanging
  sign that does, and leaves NORMAL and the attribute out to stay light);
- the root node's `extras.halllayout` also holds the walkable area (floor polygons with holes, plan
  metres) and the entrances and exits (centre, width, inward normal) for the viewer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from halllayout.model import Aisle, Hall, PlacedBooth
from halllayout.palette import RGB, linear, zone_colours
from halllayout.scene.geometry import Part, merge, plan_box
from halllayout.scene.glb import Batch, InstancedBatch, Marker, Material, write_glb
from halllayout.scene.instancing import UNIT_BOX, Instances
from halllayout.scene.kit import CARPET_HEIGHT, PLATFORM_HEIGHT, Kits, Materials, booth_kit
from halllayout.scene.lettering import Lettering, build_atlas
from halllayout.scene.logos import build_logo_atlas, logo_parts
from halllayout.scene.shell import (
    aisle_carpets,
    apron,
    columns,
    door_frames,
    floor_part,
    openings,
    trusses,
    wall_parts,
)
from halllayout.scene.signs import ZONE_BANNER_HEIGHT, SignWriter, sign_texts, zone_spots
from halllayout.scene.walkable import walkable_area

if TYPE_CHECKING:
    from halllayout.products import ProductModel

SCENE_FORMAT = "halllayout/scene@1"

FLOOR = Material("hall floor", (0.50, 0.50, 0.49, 1.0), roughness=0.85)
WALL = Material("hall wall", (0.80, 0.80, 0.78, 1.0), roughness=0.95)
COLUMN = Material("column", (0.70, 0.70, 0.72, 1.0), roughness=0.7)
STEEL = Material("roof truss", (0.55, 0.57, 0.60, 1.0), metallic=0.8, roughness=0.45)
DOOR_FRAME = Material("door frame", (0.12, 0.13, 0.15, 1.0), metallic=0.6, roughness=0.4)
GLASS = Material(
    "door glass", (0.75, 0.85, 0.9, 0.22), metallic=0.0, roughness=0.05, alpha_mode="BLEND", double_sided=True
)
PAVING = Material("paving outside", (0.36, 0.36, 0.35, 1.0), roughness=0.95)
MAIN_CARPET = Material("main aisle carpet", (*linear((122, 34, 40)), 1.0), roughness=1.0)
AISLE_CARPET = Material("aisle carpet", (*linear((120, 124, 130)), 1.0), roughness=1.0)
CARPET = Material("booth carpet", roughness=1.0)
KIT = Materials(
    panel=Material("shell panel", (0.93, 0.93, 0.92, 1.0), roughness=0.6),
    frame=Material("aluminium frame", (0.80, 0.81, 0.83, 1.0), metallic=1.0, roughness=0.35),
    fascia=Material("fascia board", (0.97, 0.97, 0.97, 1.0), roughness=0.5),
    platform=Material("raised floor", (0.30, 0.30, 0.32, 1.0), roughness=0.7),
    counter=Material("counter", (0.92, 0.92, 0.92, 1.0), roughness=0.4),
    counter_top=Material("counter top", (*linear((120, 86, 56)), 1.0), roughness=0.5),
    furniture=Material("table top", (0.85, 0.85, 0.83, 1.0), roughness=0.4),
    chair=Material("chair", (0.06, 0.06, 0.07, 1.0), roughness=0.6),
    lamp=Material("spotlight", (0.08, 0.08, 0.09, 1.0), metallic=0.7, roughness=0.4),
    lamp_lens=Material("spotlight lens", (1.0, 0.97, 0.9, 1.0), emissive=(1.0, 0.95, 0.85)),
    plinth=Material("plinth", (0.96, 0.96, 0.96, 1.0), roughness=0.5),
    product=Material("product placeholder", (*linear((90, 130, 170)), 1.0), roughness=0.5),
    hanging_sign=Material("hanging sign", (0.97, 0.97, 0.97, 1.0), roughness=0.6),
)
BANNER_FRAME = Material("zone banner frame", (0.72, 0.72, 0.74, 1.0), metallic=0.3, roughness=0.5)


def _chair_mesh() -> Part:
    """A chair in the unit cube: seat at 0.45 m, backrest on the -X side, one pedestal (0.45 × 0.85 ×
    0.45 m when scaled), facing +X."""
    w, h = 0.45, 0.85

    def box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> Part:
        # metres → unit cube; plan y is glTF -z, symmetric here
        return plan_box(x0 / w, z0 / w, x1 / w, z1 / w, y0 / h - 0.5, y1 / h - 0.5)

    half = w / 2
    return merge(
        [
            box(-half, half, 0.42, 0.46, -half, half),
            box(-half, -half + 0.03, 0.46, h, -half, half),
            box(-0.02, 0.02, 0.0, 0.42, -0.02, 0.02),
        ]
    )


MESHES: dict[str, Part] = {"box": UNIT_BOX, "chair": _chair_mesh()}


def _carpets(
    booths: Sequence[PlacedBooth], colours: Mapping[str, RGB]
) -> tuple[Part, NDArray[np.float32], NDArray[np.float32]]:
    """The carpet of every booth in its zone's colour (on the raised floor for islands): one quad a
    booth, its top only (1 cm of edge is not worth five more faces), merged."""
    n = len(booths)
    rects = np.array([(b.x0, b.y0, b.x1, b.y1) for b in booths], dtype=np.float64)
    heights = np.array(
        [(PLATFORM_HEIGHT if b.request.type in ("island", "raw") else 0.0) + CARPET_HEIGHT for b in booths]
    )
    x = rects[:, [0, 2, 2, 0]]
    y = rects[:, [1, 1, 3, 3]]
    positions = np.stack([x, np.repeat(heights[:, None], 4, axis=1), -y], axis=2).reshape(-1, 3)
    normals = np.tile(np.array([0, 1, 0], dtype=np.float32), (4 * n, 1))
    uvs = np.stack([x, y], axis=2).reshape(-1, 2).astype(np.float32)
    quad = np.array([[0, 1, 2], [0, 2, 3]], dtype=np.uint32)
    indices = (quad[None, :, :] + 4 * np.arange(n, dtype=np.uint32)[:, None, None]).reshape(-1, 3)
    tint = np.array([linear(colours.get(b.request.zone, (128, 128, 128))) for b in booths], dtype=np.float32)
    part = Part(positions.astype(np.float32), normals, uvs, indices)
    return part, np.repeat(tint, 4, axis=0), np.repeat(np.arange(n, dtype=np.float32), 4)


def _booth_extras(booth: PlacedBooth) -> dict[str, Any]:
    r = booth.request
    return {
        "halllayout": {
            "kind": "booth",
            "number": booth.number,
            "ref": r.ref,
            "exhibitor": r.exhibitor,
            "exhibitor_en": r.exhibitor_en,
            "zone": r.zone,
            "type": r.type,
            "tier": r.tier,
            "country": r.country,
            "footprint": [booth.x0, booth.y0, booth.x1, booth.y1],
        }
    }


def build_hall_glb(
    hall: Hall,
    booths: Sequence[PlacedBooth],
    *,
    aisles: Sequence[Aisle] = (),
    colours: Mapping[str, RGB] | None = None,
    models: Mapping[str, ProductModel] | None = None,
    logos: Mapping[str, Image.Image] | None = None,
) -> bytes:
    """The GLB of one hall with its booths, deterministic for the same input.

    `aisles` get carpets; `colours` gives each zone's carpet and banner colour (by default the order
    of first appearance among `booths`; pass the fair's so every hall and plan agree). `models` maps a
    product id (`<ref>/<n>`, n from 1 in the booth's product list) to its web-ready model, whose URIs
    (full, far, thumbnail) and size the product's node names in `extras.halllayout` for the viewer to
    load by distance, scaled to fit the plinth's box (`fit`: width, depth, height); a product without a
    model has a placeholder box on its plinth instead. `logos` (RGBA images by ref) go on the back
    walls of their booths.
    """
    zone_colour = dict(colours) if colours is not None else zone_colours([b.request.zone for b in booths])
    kit = Instances(MESHES)
    batches: list[Batch | InstancedBatch] = [
        Batch("floor", FLOOR, floor_part(hall.outline)),
        Batch("walls", WALL, merge(wall_parts(hall))),
    ]
    outside = apron(hall)
    if outside is not None:
        batches.append(Batch("paving outside", PAVING, outside))
    main, rest = aisle_carpets(hall, aisles)
    if main is not None:
        batches.append(Batch("main aisle carpet", MAIN_CARPET, main))
    if rest is not None:
        batches.append(Batch("aisle carpet", AISLE_CARPET, rest))
    columns(kit, COLUMN, hall)
    trusses(kit, STEEL, hall)
    door_frames(kit, DOOR_FRAME, GLASS, hall)

    kits: list[Kits] = []
    if booths:
        carpets, tints, owners = _carpets(booths, zone_colour)
        batches.append(Batch("booth carpets", CARPET, carpets, tints, attributes={"_BOOTH": owners}))
        walls: set[tuple[float, ...]] = set()
        kits = [booth_kit(kit, KIT, booth, index, hall.height, walls) for index, booth in enumerate(booths)]

    spots = zone_spots(booths)
    atlas = build_atlas(sign_texts(booths, hall, [s.zone for s in spots]))
    lettering = Lettering(atlas)
    writer = SignWriter(lettering)
    for booth, booth_kits in zip(booths, kits, strict=True):
        for fascia in booth_kits.fascias:
            writer.fascia(fascia, booth)
        for sign in booth_kits.hanging:
            writer.hanging(sign, booth)
    banner_top = hall.height - 1.3
    if banner_top - ZONE_BANNER_HEIGHT >= 5.6:
        for spot in spots:
            side = writer.zone_banner(
                spot.zone, spot.centre, zone_colour.get(spot.zone, (128, 128, 128)), banner_top
            )
            cx, cy, h = spot.centre[0], spot.centre[1], side / 2
            bottom = banner_top - ZONE_BANNER_HEIGHT
            for z0, z1 in ((banner_top, banner_top + 0.05), (bottom - 0.05, bottom)):  # top and bottom rails
                kit.box(BANNER_FRAME, cx - h, cy - h, cx + h, cy + h, z0, z1)
    doors = openings(hall)
    for opening in doors:
        writer.door(hall, opening)

    markers: list[Marker] = []
    for booth in booths:
        cx, cy = (booth.x0 + booth.x1) / 2, (booth.y0 + booth.y1) / 2
        markers.append(Marker(f"booth {booth.number}", (cx, 0.0, -cy), _booth_extras(booth)))
    for booth_kits in kits:
        for slot in booth_kits.slots:
            booth = booths[slot.booth]
            pid = f"{booth.request.ref}/{slot.index + 1}"
            model = (models or {}).get(pid)
            if model is None:
                bw, bd, bh = slot.box
                size = min(bw, bd, bh) * 0.8
                x, y, z = slot.top
                kit.add("box", KIT.product, (x, y + size / 2, z), slot.turn, (size, size, size), slot.booth)
            extras: dict[str, Any] = {
                "kind": "product",
                "product": pid,
                "name": booth.request.products[slot.index],
                "booth": booth.number,
                "fit": list(slot.box),
                "turn": round(slot.turn, 6),
                "model": None,
            }
            if model is not None:
                extras.update(model.extras())
            markers.append(Marker(f"product {pid}", slot.top, {"halllayout": extras}))

    batches += kit.batches()
    for chunk, (page, part, inks) in enumerate(lettering.parts()):
        material = Material(
            f"signage {page + 1}", roughness=0.6, texture=atlas.pages[page], alpha_mode="BLEND"
        )
        batches.append(Batch(f"signage {chunk + 1}", material, part, inks, normals=False))

    if logos:
        logo_atlas = build_logo_atlas(logos, [b.request.ref for b in booths])
        for page, part in logo_parts(logo_atlas, booths):
            material = Material(f"logo signage {page + 1}", roughness=0.6, texture=logo_atlas.pages[page])
            batches.append(Batch(f"logos {page + 1}", material, part))

    root = {
        "halllayout": {
            "format": SCENE_FORMAT,
            "hall": hall.id,
            "name": hall.name,
            "booths": [b.number for b in booths],
            "walkable": walkable_area(hall, booths),
            "doors": [
                {
                    "kind": o.kind,
                    "name": o.door.name,
                    "at": [o.door.at[0], o.door.at[1]],
                    "width": o.door.width,
                    "inward": [round(o.normal[0], 6), round(o.normal[1], 6)],
                }
                for o in doors
            ],
        }
    }
    return write_glb(f"hall {hall.id}", batches, root, markers)
