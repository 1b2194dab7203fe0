"""Levels of detail: the product model as it is drawn near (full) and across the hall (far).

The rule, one place for the writer and the viewer to rely on:

- **full**: the model simplified to the budget (`budget_triangles`, 40k by default in the product
  budget); textures as the writer sizes them.
- **far**: the full model simplified to a tenth of its triangles, but never below `FAR_FLOOR` (500)
  triangles (a model already that small, or one whose parts resist collapse that far, is kept
  whole); each texture halved, to at most `FAR_TEXTURE_MAX` (512) px on its longer side.
"""

from __future__ import annotations

from dataclasses import replace

from PIL import Image

from halllayout.ingest.mesh import Material, ProductMesh
from halllayout.ingest.simplify import SimplifyError, simplify

FAR_SHARE = 10
"""The far model has at most 1/FAR_SHARE of the full model's triangles..."""
FAR_FLOOR = 500
"""...but is never simplified below this many triangles."""
FAR_TEXTURE_MAX = 512
"""The far model's textures: half the full model's, at most this many pixels on the longer side."""


def levels(mesh: ProductMesh, budget_triangles: int) -> list[ProductMesh]:
    """[full, far]: `mesh` within `budget_triangles`, and a far model by the rule above.

    >>> import numpy as np
    >>> from halllayout.ingest.mesh import Primitive
    >>> quad = Primitive(np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], np.float32),
    ...                  np.array([[0, 1, 2], [0, 2, 3]], np.uint32))
    >>> [level.triangles for level in levels(ProductMesh((quad,), (Material(),)), 40_000)]
    [2, 2]
    """
    if budget_triangles < 1:
        raise ValueError(f"budget_triangles: expected a positive number, got {budget_triangles}")
    full = simplify(mesh, budget_triangles)
    far_target = max(FAR_FLOOR, full.triangles // FAR_SHARE)
    far = full
    if full.triangles > far_target:
        try:
            far = simplify(full, far_target)
        except SimplifyError:  # the full model is within the budget already: it will do from afar
            far = full
    return [full, replace(far, materials=tuple(_far_material(m) for m in far.materials))]


def _far_material(material: Material) -> Material:
    """`material` with its texture halved (at most FAR_TEXTURE_MAX px), or as it is without one."""
    if material.texture is None:
        return material
    width, height = material.texture.size
    scale = min(0.5, FAR_TEXTURE_MAX / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return replace(material, texture=material.texture.resize(size, Image.Resampling.LANCZOS))
