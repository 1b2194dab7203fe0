"""Exhibitors' product models made web-ready: read what they upload, normalise, simplify, write GLB.

`ingest(path)` reads an upload (`read.py`: GLB, glTF, OBJ, STL, PLY, 3MF, OFF or a zip of one;
refused with `ModelRefused` where broken, empty, hostile or over a `Limits`), puts it in metres, +Y
up, standing on the origin (`normalise.py`), simplifies it to the `Budget`'s triangles keeping UVs
(`simplify.py`), and writes one GLB, one draw call per material, textures at most the budget's pixels
(`write.py`), a far model (`lod.py`) and a rendered thumbnail (`thumbnail.py`), with a report of what
came in, what went out and what changed.

>>> Budget().triangles, Budget().bytes
(40000, 1000000)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halllayout.errors import ModelRefused
from halllayout.ingest.atlas import pack_atlas
from halllayout.ingest.lod import levels
from halllayout.ingest.materials import merge_plain_materials
from halllayout.ingest.normalise import normalise as normalise_mesh
from halllayout.ingest.read import DEFAULT_LIMITS, Limits, read_model
from halllayout.ingest.simplify import SimplifyError
from halllayout.ingest.thumbnail import thumbnail
from halllayout.ingest.write import write_product

#: Side of the catalogue thumbnail (pixels).
THUMBNAIL_PX = 256

__all__ = ["Budget", "Ingested", "Limits", "ingest"]


@dataclass(frozen=True)
class Budget:
    """What one product model may cost in a hall (Khronos 3D Commerce's "multi-item" target)."""

    triangles: int = 40_000
    draw_calls: int = 5
    texture_px: int = 1024
    bytes: int = 1_000_000


@dataclass(frozen=True)
class Ingested:
    """The web-ready GLB and the report on it (JSON-ready)."""

    glb: bytes
    report: dict[str, Any] = field(default_factory=dict)
    #: The far level of detail (a tenth of the triangles, half the texture size) and a PNG thumbnail.
    far_glb: bytes = b""
    thumbnail: bytes = b""

    @property
    def within_budget(self) -> bool:
        return bool(self.report.get("within_budget", False))


def ingest(
    path: Path,
    *,
    units: str | None = None,
    up: str | None = None,
    fit: tuple[float, float, float] | None = None,
    budget: Budget = Budget(),
    limits: Limits = DEFAULT_LIMITS,
) -> Ingested:
    """The upload at `path` as a web-ready GLB with its report; raises `ModelRefused` if it cannot be."""
    upload = read_model(path, limits)
    placed = normalise_mesh(upload.mesh, upload.format, units=units, up=up, fit=fit)
    mesh = placed.mesh
    changes = list(placed.changes)
    in_use = len({p.material for p in mesh.primitives if p.triangles > 0})
    mesh, merged = merge_plain_materials(mesh, budget.draw_calls)
    if merged:
        changes.append(
            f"{in_use} materials reduced to {in_use - merged} by merging the untextured ones "
            "(their colours kept per vertex), for the draw-call budget"
        )
    in_use -= merged
    mesh, packed = pack_atlas(mesh, budget.draw_calls, budget.texture_px)
    if packed:
        changes.append(
            f"{in_use} materials reduced to {in_use - packed} by packing textured ones into a "
            f"{budget.texture_px} px texture atlas, for the draw-call budget"
        )
    simplified = mesh.triangles > budget.triangles
    before = mesh.triangles
    try:
        mesh, far = levels(mesh, budget.triangles)
    except SimplifyError as error:
        raise ModelRefused(path.name, f"cannot be brought within the product budget: {error}") from error
    if simplified:
        changes.append(f"simplified from {before:,} to {mesh.triangles:,} triangles")
    written = write_product(mesh, max_texture=budget.texture_px)
    far_written = write_product(far, max_texture=max(1, budget.texture_px // 2))
    picture = thumbnail(mesh, THUMBNAIL_PX)
    if len(mesh.primitives) > written.draw_calls:
        changes.append(f"merged {len(mesh.primitives)} primitives into {written.draw_calls} by material")
    resized = [(a, b) for a, b in zip(upload.textures, written.textures, strict=False) if a != b]
    for before_size, after_size in resized:
        changes.append(
            f"texture resized from {before_size[0]}×{before_size[1]} to {after_size[0]}×{after_size[1]}"
        )
    if written.textures:
        changes.append("textures recompressed (JPEG where opaque, PNG where transparent)")
    low, high = mesh.bounds()
    size = [round(float(v), 4) for v in high - low]
    checks = {
        "triangles": (budget.triangles, written.triangles),
        "draw_calls": (budget.draw_calls, written.draw_calls),
        "texture_px": (budget.texture_px, max((max(t) for t in written.textures), default=0)),
        "bytes": (budget.bytes, len(written.glb)),
    }
    report: dict[str, Any] = {
        "input": {
            "file": path.name,
            "format": upload.format,
            "bytes": upload.bytes,
            "triangles": upload.mesh.triangles,
            "primitives": len(upload.mesh.primitives),
            "materials": len(upload.mesh.materials),
            "textures": [list(t) for t in upload.textures],
        },
        "output": {
            "bytes": len(written.glb),
            "triangles": written.triangles,
            "draw_calls": written.draw_calls,
            "textures": [list(t) for t in written.textures],
        },
        "size_m": {"x": size[0], "y": size[1], "z": size[2]},
        "real_size_m": {"x": placed.size[0], "y": placed.size[1], "z": placed.size[2]},
        "units": {"used": placed.units, "detected": placed.units_detected},
        "up": {"axis": placed.up, "detected": placed.up_detected},
        "fit_scale": placed.fit_scale,
        "simplified": simplified,
        "far": {
            "bytes": len(far_written.glb),
            "triangles": far_written.triangles,
            "textures": [list(t) for t in far_written.textures],
        },
        "thumbnail_px": THUMBNAIL_PX,
        "changes": changes,
        "budget": {
            name: {"limit": limit, "value": value, "ok": value <= limit}
            for name, (limit, value) in checks.items()
        },
    }
    report["within_budget"] = all(check["ok"] for check in report["budget"].values())
    return Ingested(written.glb, report, far_written.glb, picture)
