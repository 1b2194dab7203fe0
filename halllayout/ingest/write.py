"""Write a product mesh as a web-ready GLB: one draw call per material, textures small and compressed.

Primitives sharing a material are merged into one; vertices no triangle uses are dropped; each
base-colour texture is resized (Pillow's LANCZOS) so its longer side is at most `max_texture` pixels
and recompressed, as JPEG (quality `JPEG_QUALITY`) where it is opaque, as PNG where it has
transparency. The GLB is written by `halllayout.scene.glb`, as the halls are: a root node named
after the product with one node per material.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.normals import smooth_normals, unit_normals
from halllayout.scene import glb
from halllayout.scene.geometry import Part

JPEG_QUALITY = 85


@dataclass(frozen=True)
class Written:
    """The GLB bytes and what is in them: draw calls, triangles, textures' (width, height)."""

    glb: bytes
    draw_calls: int
    triangles: int
    textures: tuple[tuple[int, int], ...]


def write_glb(mesh: ProductMesh, *, max_texture: int = 1024, name: str = "product") -> bytes:
    """The GLB bytes of `mesh`, merged by material, textures at most `max_texture` px."""
    return write_product(mesh, max_texture=max_texture, name=name).glb


def write_product(mesh: ProductMesh, *, max_texture: int = 1024, name: str = "product") -> Written:
    """`write_glb` with a summary of what was written."""
    if max_texture < 1:
        raise ValueError(f"max_texture must be at least 1 pixel; got {max_texture}")
    batches: list[glb.Batch] = []
    textures: list[tuple[int, int]] = []
    triangles = 0
    for index, material in enumerate(mesh.materials):
        group = [p for p in mesh.primitives if p.material == index and p.triangles > 0]
        if not group:
            continue
        image = None if material.texture is None else _texture(material.texture, max_texture)
        if image is not None:
            textures.append(image[2])
        part, colors = _merge(group, textured=image is not None)
        triangles += len(part.indices)
        batches.append(
            glb.Batch(
                name=material.name or f"material {index}",
                material=glb.Material(
                    name=material.name or f"material {index}",
                    base_color=material.base_color,
                    metallic=material.metallic,
                    roughness=material.roughness,
                    texture=None if image is None else image[0],
                    mime="image/png" if image is None else image[1],
                    repeat=True,
                    alpha_mode=_alpha_mode(material),
                    double_sided=material.double_sided,
                ),
                part=part,
                colors=colors,
            )
        )
    if not batches:
        raise ValueError("the mesh has no triangles to write")
    data = glb.write_glb(name, batches)
    return Written(data, len(batches), triangles, tuple(textures))


def _alpha_mode(material: Material) -> glb.AlphaMode:
    if material.alpha_mode == "BLEND":
        return "BLEND"
    if material.alpha_mode == "MASK":
        return "MASK"
    return "OPAQUE"


def _merge(group: list[Primitive], *, textured: bool) -> tuple[Part, NDArray[np.uint8] | None]:
    """One part from the primitives of a material, unused vertices dropped; colours (n, 4) uint8."""
    with_colors = any(p.colors is not None for p in group)
    positions, normals, uvs, colors, indices = [], [], [], [], []
    offset = 0
    for p in group:
        used, remap = np.unique(p.indices.reshape(-1), return_inverse=True)
        n = len(used)
        positions.append(p.positions[used])
        normals.append(_normals(p)[used])
        uvs.append(p.uvs[used] if p.uvs is not None else np.zeros((n, 2), np.float32))
        if with_colors:
            colors.append(p.colors[used] if p.colors is not None else np.ones((n, 4), np.float32))
        indices.append(remap.reshape(-1, 3).astype(np.uint32) + offset)
        offset += n
    part = Part(
        positions=np.concatenate(positions).astype(np.float32),
        normals=np.concatenate(normals).astype(np.float32),
        uvs=np.concatenate(uvs).astype(np.float32) if textured else np.zeros((offset, 2), np.float32),
        indices=np.concatenate(indices),
    )
    rgba = None
    if with_colors:
        rgba = np.clip(np.round(np.concatenate(colors) * 255), 0, 255).astype(np.uint8)
    return part, rgba


def _normals(p: Primitive) -> NDArray[np.float32]:
    """The primitive's unit normals, or smooth ones from its triangles where it has none."""
    if p.normals is not None:
        return unit_normals(p.normals)
    return smooth_normals(p.positions, p.indices)


def _texture(image: Image.Image, max_texture: int) -> tuple[bytes, str, tuple[int, int]]:
    """The image at most `max_texture` px on its longer side: (bytes, MIME type, (width, height))."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and image.getchannel("A").getextrema()[0] == 255:
        image, has_alpha = image.convert("RGB"), False
    if max(image.size) > max_texture:
        scale = max_texture / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if has_alpha:
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png", image.size
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), "image/jpeg", image.size
