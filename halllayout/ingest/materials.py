"""Fewer materials, so a product keeps to its draw-call budget: plain materials merged into one.

A product model is drawn with one draw call per material (`write.py` merges primitives by material).
An upload with more materials than the budget allows (Khronos 3D Commerce: 5) has its plain ones,
those without a texture, merged into one material per alpha mode and sidedness: each primitive's
base colour moves into its vertex colours (times any it had), and the merged material is white with
the triangle-weighted mean of their metalness and roughness. Textured materials are left as they are
(merging those needs a texture atlas).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np

from halllayout.ingest.mesh import Material, ProductMesh


def merge_plain_materials(mesh: ProductMesh, max_draw_calls: int) -> tuple[ProductMesh, int]:
    """`mesh` with at most `max_draw_calls` materials in use where merging plain ones gets there (or as
    few as it can), and how many materials were merged away (0: unchanged).

    >>> import numpy as np
    >>> from halllayout.ingest.mesh import Primitive
    >>> tri = lambda m: Primitive(np.zeros((3, 3), np.float32), np.array([[0, 1, 2]], np.uint32), m)
    >>> mesh = ProductMesh(tuple(tri(m) for m in range(3)), tuple(Material(f"m{m}") for m in range(3)))
    >>> merged, gone = merge_plain_materials(mesh, 1)
    >>> len(merged.materials), gone, merged.primitives[0].colors.tolist()
    (1, 2, [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
    """
    used = sorted({p.material for p in mesh.primitives if p.triangles > 0})
    if len(used) <= max_draw_calls:
        return mesh, 0
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for index in used:
        material = mesh.materials[index]
        if material.texture is None:
            groups[(material.alpha_mode, material.double_sided)].append(index)
    merging = {key: members for key, members in groups.items() if len(members) > 1}
    if not merging:
        return mesh, 0

    materials: list[Material] = []
    new_index: dict[int, int] = {}
    for index in used:  # the materials kept, in their order
        if not any(index in members for members in merging.values()):
            new_index[index] = len(materials)
            materials.append(mesh.materials[index])
    weights: dict[int, int] = defaultdict(int)
    for p in mesh.primitives:
        weights[p.material] += p.triangles
    for (alpha_mode, double_sided), members in sorted(merging.items(), key=lambda item: min(item[1])):
        merged = Material(
            name="merged colours",
            metallic=_mean(mesh.materials, members, weights, "metallic"),
            roughness=_mean(mesh.materials, members, weights, "roughness"),
            double_sided=double_sided,
            alpha_mode=alpha_mode,
        )
        for m in members:
            new_index[m] = len(materials)
        materials.append(merged)

    primitives = []
    for p in mesh.primitives:
        if p.material not in new_index:
            continue  # a material no triangle uses
        if mesh.materials[p.material] is materials[new_index[p.material]]:
            primitives.append(replace(p, material=new_index[p.material]))
            continue
        colour = np.asarray(mesh.materials[p.material].base_color, np.float32)
        colours = (p.colors if p.colors is not None else np.ones((len(p.positions), 4), np.float32)) * colour
        primitives.append(replace(p, material=new_index[p.material], colors=colours.astype(np.float32)))
    return ProductMesh(tuple(primitives), tuple(materials)), len(used) - len(set(new_index.values()))


def _mean(
    materials: tuple[Material, ...], members: list[int], weights: dict[int, int], attribute: str
) -> float:
    """The triangle-weighted mean of a material attribute over `members`."""
    total = sum(weights[m] for m in members) or 1
    return round(sum(float(getattr(materials[m], attribute)) * weights[m] for m in members) / total, 4)


__all__ = ["merge_plain_materials"]
