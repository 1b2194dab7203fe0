"""Put a product mesh in the scene's frame: metres, +Y up, standing on y = 0, centred on the origin.

Units, where not given: glTF says metres, so a GLB or glTF stays in metres unless its largest extent
is over `MILLIMETRE_ABOVE` (50) units, no product on a stand being 50 m long: then it was written in
millimetres. The other formats carry no unit: over 50 units they are read as millimetres (CAD's
default), over `CENTIMETRE_ABOVE` (5) as centimetres, else as metres. So a 0.4 m kettle in mm
(400 units) arrives as 0.4 m, not 400 m.

Up axis, where not given: glTF is +Y up by its specification; STL and 3MF are read as +Z up (CAD and
3D-printing tools write them so, and 3MF's specification says so) and turned to +Y up, (x, y, z) →
(x, z, −y); OBJ, PLY and OFF as +Y up (Blender's OBJ default, scanners' PLY). `up="z"` or `"y"`
overrides the rule.

`fit` (width x, depth z, height y, metres) scales the model uniformly, up or down, to fit the box.

>>> from halllayout.ingest.mesh import Primitive, ProductMesh
>>> box = ProductMesh((Primitive(np.array([[0, 0, 0], [400, 0, 0], [0, 200, 300]], np.float32),
...                              np.array([[0, 1, 2]], np.uint32)),), ())
>>> result = normalise(box, "stl")
>>> result.units, result.up, result.size
('mm', 'z', (0.4, 0.3, 0.2))
>>> result.mesh.bounds().round(3).tolist()
[[-0.2, 0.0, -0.1], [0.2, 0.3, 0.1]]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from halllayout.ingest.mesh import ProductMesh

Units = Literal["mm", "cm", "m", "in", "ft"]
Up = Literal["y", "z"]

#: Metres per unit.
UNITS: dict[str, float] = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
MILLIMETRE_ABOVE = 50.0
CENTIMETRE_ABOVE = 5.0
#: Formats whose files are +Z up unless told otherwise.
Z_UP_FORMATS = frozenset({"stl", "3mf"})
#: Formats whose unit is metres by their specification.
METRE_FORMATS = frozenset({"glb", "gltf"})
#: glTF's +Y up from +Z up: (x, y, z) → (x, z, −y).
Z_TO_Y_UP = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])


@dataclass(frozen=True)
class Normalised:
    """The mesh in the scene's frame and what was done: the units and up axis used (and whether they
    were detected), the real size in metres (x, y, z) before `fit`, the scale `fit` applied, and a
    sentence per change."""

    mesh: ProductMesh
    units: str
    units_detected: bool
    up: str
    up_detected: bool
    size: tuple[float, float, float]
    fit_scale: float
    changes: tuple[str, ...]


def detect_units(extent: float, file_format: str) -> str:
    """The unit a file of `file_format` was most likely written in, from its largest extent.

    >>> detect_units(1.6, "glb"), detect_units(400, "glb"), detect_units(12, "obj"), detect_units(0.3, "ply")
    ('m', 'mm', 'cm', 'm')
    """
    if extent > MILLIMETRE_ABOVE:
        return "mm"
    if file_format not in METRE_FORMATS and extent > CENTIMETRE_ABOVE:
        return "cm"
    return "m"


def normalise(
    mesh: ProductMesh,
    file_format: str,
    *,
    units: str | None = None,
    up: str | None = None,
    fit: tuple[float, float, float] | None = None,
) -> Normalised:
    """`mesh` in metres, +Y up, its base centred on the origin; see the module's rules."""
    if units is not None and units not in UNITS:
        raise ValueError(f"units must be one of {', '.join(UNITS)}; got {units!r}")
    if up is not None and up not in ("y", "z"):
        raise ValueError(f"up must be y or z; got {up!r}")
    if fit is not None and (len(fit) != 3 or not all(np.isfinite(v) and v > 0 for v in fit)):
        raise ValueError(f"fit must be three positive sizes (width, depth, height); got {fit!r}")
    changes: list[str] = []
    extent = float(np.ptp(mesh.bounds(), axis=0).max())
    used_units = units or detect_units(extent, file_format)
    scale = UNITS[used_units]
    if scale != 1.0:
        changes.append(f"scaled from {used_units} to metres (× {scale:g})")
    used_up = up or ("z" if file_format in Z_UP_FORMATS else "y")
    rotation = Z_TO_Y_UP if used_up == "z" else np.eye(3)
    if used_up == "z":
        changes.append("turned from +Z up to +Y up")
    linear = rotation * scale
    # the bounds turn with the box's corners (the rotation only swaps axes), so one pass moves every vertex
    low, high = mesh.bounds()
    corners = np.array(
        [[x, y, z] for x in (low[0], high[0]) for y in (low[1], high[1]) for z in (low[2], high[2])]
    )
    corners = corners @ linear.T
    low, high = corners.min(axis=0), corners.max(axis=0)
    size = tuple(float(v) for v in high - low)
    offset = np.array([-(low[0] + high[0]) / 2, -low[1], -(low[2] + high[2]) / 2])
    fit_scale = 1.0
    if fit is not None:
        width, depth, height = fit
        ratios = [
            limit / extent
            for limit, extent in ((width, size[0]), (depth, size[2]), (height, size[1]))
            if extent > 0
        ]
        fit_scale = float(min(ratios)) if ratios else 1.0
        changes.append(f"scaled × {fit_scale:.4g} to fit {width:g} × {depth:g} × {height:g} m")
    if np.abs(offset).max() > 1e-6:
        changes.append("moved to stand on the origin (base centre at 0, 0, 0)")
    affine, shift = linear * fit_scale, offset * fit_scale
    primitives = tuple(
        replace(
            p,
            positions=(p.positions.astype(np.float64) @ affine.T + shift).astype(np.float32),
            normals=None if p.normals is None else (p.normals @ rotation.T.astype(np.float32)),
        )
        for p in mesh.primitives
    )
    final = ProductMesh(primitives, mesh.materials)
    return Normalised(
        mesh=final,
        units=used_units,
        units_detected=units is None,
        up=used_up,
        up_detected=up is None,
        size=(round(size[0], 4), round(size[1], 4), round(size[2], 4)),
        fit_scale=fit_scale,
        changes=tuple(changes),
    )
