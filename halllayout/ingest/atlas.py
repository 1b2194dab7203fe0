"""Textured materials packed into one texture atlas, so a product keeps to its draw-call budget.

When merging the plain materials (`materials.py`) still leaves more materials than the budget's draw
calls, the materials of one alpha mode and sidedness whose UVs stay inside the texture (0 ≤ u, v ≤ 1:
no tiling) are drawn from one atlas: each texture is resized into a cell of a square grid at most
`atlas_px` wide, with a gutter of its own edge pixels against bleeding, and its primitives' UVs are
mapped into that cell. A plain member gets a white cell. What differed between the members moves into
vertex colours (each member's base-colour factor, times any vertex colours it had: glTF multiplies
factor, texture and COLOR_0), and the merged material takes the triangle-weighted mean metalness and
roughness. A tiled texture cannot share an atlas and keeps its own material.

UVs follow glTF: (0, 0) is the image's top-left corner, v grows downwards.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import numpy as np
from PIL import Image

from halllayout.ingest.mesh import Material, ProductMesh

#: How far UVs may stray outside [0, 1] (rounding in exporters) and still count as untiled.
UV_TOLERANCE = 1e-3
#: Gutter around each cell, in atlas pixels, filled with the cell's edge pixels.
GUTTER = 2


def pack_atlas(mesh: ProductMesh, max_draw_calls: int, atlas_px: int = 1024) -> tuple[ProductMesh, int]:
    """`mesh` with textured materials sharing atlases where that brings it within `max_draw_calls`
    (or as close as the untiled ones allow), and how many materials were merged away (0: unchanged).

    >>> from halllayout.ingest.mesh import Primitive
    >>> quad = lambda m: Primitive(
    ...     np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0]], np.float32), np.array([[0, 1, 2]], np.uint32), m,
    ...     uvs=np.array([[0, 0], [1, 0], [1, 1]], np.float32))
    >>> red, blue = Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")
    >>> mesh = ProductMesh((quad(0), quad(1)), (Material("a", texture=red), Material("b", texture=blue)))
    >>> packed, gone = pack_atlas(mesh, 1, atlas_px=64)
    >>> len(packed.materials), gone, packed.materials[0].texture.size
    (1, 1, (64, 64))
    >>> packed.primitives[1].uvs.tolist()  # the second cell, right of the first, inside its gutter
    [[0.53125, 0.03125], [0.96875, 0.03125], [0.96875, 0.46875]]
    """
    used = sorted({p.material for p in mesh.primitives if p.triangles > 0})
    if len(used) <= max_draw_calls:
        return mesh, 0
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for index in used:
        material = mesh.materials[index]
        if _untiled(mesh, index):
            groups[(material.alpha_mode, material.double_sided)].append(index)
    # only groups with a texture need an atlas; plain-only groups are materials.py's to merge
    merging = {
        key: members
        for key, members in groups.items()
        if len(members) > 1 and any(mesh.materials[m].texture is not None for m in members)
    }
    if not merging:
        return mesh, 0

    weights: dict[int, int] = defaultdict(int)
    for p in mesh.primitives:
        weights[p.material] += p.triangles
    materials: list[Material] = []
    new_index: dict[int, int] = {}
    cells: dict[int, tuple[float, float, float, float]] = {}  # member → (u0, v0, u1, v1) in the atlas
    for index in used:
        if not any(index in members for members in merging.values()):
            new_index[index] = len(materials)
            materials.append(mesh.materials[index])
    for (alpha_mode, double_sided), members in sorted(merging.items(), key=lambda item: min(item[1])):
        image, member_cells = _atlas([mesh.materials[m] for m in members], atlas_px, alpha_mode != "OPAQUE")
        total = sum(weights[m] for m in members) or 1
        materials.append(
            Material(
                name="atlas",
                metallic=round(sum(mesh.materials[m].metallic * weights[m] for m in members) / total, 4),
                roughness=round(sum(mesh.materials[m].roughness * weights[m] for m in members) / total, 4),
                texture=image,
                double_sided=double_sided,
                alpha_mode=alpha_mode,
            )
        )
        for m, cell in zip(members, member_cells, strict=True):
            new_index[m] = len(materials) - 1
            cells[m] = cell

    primitives = []
    for p in mesh.primitives:
        if p.material not in new_index:
            continue  # a material no triangle uses
        if p.material not in cells:
            primitives.append(replace(p, material=new_index[p.material]))
            continue
        u0, v0, u1, v1 = cells[p.material]
        uvs = p.uvs if p.uvs is not None else np.full((len(p.positions), 2), 0.5, np.float32)
        uvs = np.clip(uvs, 0.0, 1.0)
        mapped = np.column_stack([u0 + uvs[:, 0] * (u1 - u0), v0 + uvs[:, 1] * (v1 - v0)]).astype(np.float32)
        factor = np.asarray(mesh.materials[p.material].base_color, np.float32)
        colours = (p.colors if p.colors is not None else np.ones((len(p.positions), 4), np.float32)) * factor
        primitives.append(
            replace(p, material=new_index[p.material], uvs=mapped, colors=colours.astype(np.float32))
        )
    return ProductMesh(tuple(primitives), tuple(materials)), len(used) - len(set(new_index.values()))


def _untiled(mesh: ProductMesh, material: int) -> bool:
    """Whether every primitive of `material` keeps its UVs inside the texture (a plain one always)."""
    if mesh.materials[material].texture is None:
        return True
    for p in mesh.primitives:
        if p.material != material or p.triangles == 0:
            continue
        if p.uvs is None:
            return False
        used = p.uvs[np.unique(p.indices.reshape(-1))]
        if used.size and (used.min() < -UV_TOLERANCE or used.max() > 1 + UV_TOLERANCE):
            return False
    return True


def _atlas(
    members: list[Material], atlas_px: int, alpha: bool
) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    """The atlas image of the members' textures (white for a plain member) on a k × k grid, and each
    member's cell as (u0, v0, u1, v1) inside its gutter."""
    k = math.ceil(math.sqrt(len(members)))
    cell = max(1, atlas_px // k)
    gutter = min(GUTTER, max(0, (cell - 1) // 4))
    inner = cell - 2 * gutter
    mode = "RGBA" if alpha else "RGB"
    atlas = Image.new(mode, (cell * k, cell * k), "white")
    size = float(cell * k)
    cells = []
    for i, material in enumerate(members):
        x0, y0 = (i % k) * cell, (i // k) * cell
        source = (
            material.texture.convert(mode)
            if material.texture is not None
            else Image.new(mode, (1, 1), "white")
        )
        tile = source.resize((inner, inner), Image.Resampling.LANCZOS)
        padded = Image.new(mode, (cell, cell))
        padded.paste(tile, (gutter, gutter))
        if gutter:
            _extend_edges(padded, tile, gutter)
        atlas.paste(padded, (x0, y0))
        cells.append(
            (
                (x0 + gutter) / size,
                (y0 + gutter) / size,
                (x0 + gutter + inner) / size,
                (y0 + gutter + inner) / size,
            )
        )
    return atlas, cells


def _extend_edges(padded: Image.Image, tile: Image.Image, gutter: int) -> None:
    """Fills the gutter around `tile` (pasted at (gutter, gutter) in `padded`) with its edge pixels."""
    array = np.asarray(padded).copy()
    inner = tile.width
    body = array[gutter : gutter + inner, gutter : gutter + inner]
    array[:gutter, gutter : gutter + inner] = body[:1]
    array[gutter + inner :, gutter : gutter + inner] = body[-1:]
    array[:, :gutter] = array[:, gutter : gutter + 1]
    array[:, gutter + inner :] = array[:, gutter + inner - 1 : gutter + inner]
    padded.paste(Image.fromarray(array))


__all__ = ["pack_atlas"]
