"""A catalogue thumbnail of a product model, rendered in numpy: a PNG, three-quarter view.

The camera looks from the front-right, above (azimuth `AZIMUTH_DEGREES` from +Z towards +X, elevation
`ELEVATION_DEGREES`), orthographic, the model fitted to the image with a margin. Triangles are
rasterised at twice the size with a z-buffer, both sides drawn; each pixel is shaded Lambert plus
ambient from a light over the viewer's left shoulder, in the material's base colour times the vertex
colour times the base-colour texture at the pixel's UV; then the image is halved (2 × 2 supersampling)
onto a transparent background.

Rasterising is vectorised: triangles are grouped by the size of their pixel bounding box (powers of
two), and each group tests its boxes' pixels in chunks, so a 40k-triangle model takes a few tenths
of a second.
"""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from halllayout.ingest.mesh import Material, ProductMesh

AZIMUTH_DEGREES = 35.0
ELEVATION_DEGREES = 25.0
MARGIN = 0.06
"""Of the image's side, left clear on each side."""
AMBIENT = 0.35
SUPERSAMPLE = 2
_TEXTURE_SAMPLE_MAX = 256  # textures are sampled from a copy at most this large
_CHUNK_CANDIDATES = 1 << 21  # (triangle, pixel) pairs tested at once


def thumbnail(mesh: ProductMesh, size: int = 256) -> bytes:
    """A `size` × `size` RGBA PNG of `mesh`, its background transparent. Same mesh, same bytes."""
    if size < 8:
        raise ValueError(f"size: expected at least 8 pixels, got {size}")
    image = render(mesh, size)
    out = io.BytesIO()
    Image.fromarray(image, "RGBA").save(out, format="PNG", optimize=False)
    return out.getvalue()


def render(mesh: ProductMesh, size: int) -> NDArray[np.uint8]:
    """The thumbnail as an array (size, size, 4) uint8, RGBA, alpha 0 where no surface is."""
    full = size * SUPERSAMPLE
    positions, corners, material_of, normals, colors, uvs = _gather(mesh)
    right, up, forward = _camera()
    screen, depth = _project(positions, right, up, forward, full)
    triangle, weights = _rasterise(screen[corners], depth[corners], full)
    covered = triangle >= 0
    hit = triangle[covered]
    w = weights[covered]
    corner_ids = corners[hit]

    def at_pixels(values: NDArray[np.float64]) -> NDArray[np.float64]:
        result: NDArray[np.float64] = np.einsum("ij,ijk->ik", w, values[corner_ids])
        return result

    normal = at_pixels(normals)
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    normal = np.divide(normal, length, out=np.zeros_like(normal), where=length > 0)
    normal[np.einsum("ij,j->i", normal, forward) > 0] *= -1  # both sides lit as the side facing us
    light = forward * -1.0 + up * 0.8 - right * 0.5
    light /= np.linalg.norm(light)
    shade = AMBIENT + (1 - AMBIENT) * np.clip(normal @ light, 0.0, 1.0)
    rgba = at_pixels(colors)
    materials = material_of[hit]
    uv = at_pixels(uvs)
    for index, material in enumerate(mesh.materials):
        base = np.array(material.base_color, dtype=np.float64)
        chosen = materials == index
        rgba[chosen] *= base
        if material.texture is not None and chosen.any():
            rgba[chosen] *= _sample(material, uv[chosen])
    rgb = np.clip(rgba[:, :3] * shade[:, None], 0.0, 1.0) ** (1 / 2.2)  # linear to sRGB, roughly
    canvas = np.zeros((full * full, 4))
    canvas[covered, :3] = rgb
    canvas[covered, 3] = 1.0
    # halve: average the 2 × 2 blocks, colour weighted by coverage
    blocks = canvas.reshape(size, SUPERSAMPLE, size, SUPERSAMPLE, 4).transpose(0, 2, 1, 3, 4)
    blocks = blocks.reshape(size, size, SUPERSAMPLE * SUPERSAMPLE, 4)
    alpha = blocks[..., 3].mean(axis=2)
    colour = (blocks[..., :3] * blocks[..., 3:]).sum(axis=2) / np.maximum(blocks[..., 3:].sum(axis=2), 1e-9)
    image = np.concatenate([colour, alpha[..., None]], axis=2)
    result: NDArray[np.uint8] = np.round(image * 255).astype(np.uint8)
    return result


def _gather(
    mesh: ProductMesh,
) -> tuple[
    NDArray[np.float64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]:
    """Every primitive in one set of arrays: positions (n, 3), triangles' corners (t, 3), material per
    triangle (t,), normals (n, 3) (per corner of its face where the primitive has none: zeros, filled
    by face normals below), colours (n, 4), UVs (n, 2)."""
    positions, corners, materials, normals, colors, uvs = [], [], [], [], [], []
    offset = 0
    for primitive in mesh.primitives:
        p = primitive.positions.astype(np.float64)
        faces = primitive.indices.astype(np.int64)
        n = len(p)
        if primitive.normals is None:  # flat: each corner its own vertex with its face's normal
            p = p[faces.ravel()]
            a, b, c = p[0::3], p[1::3], p[2::3]
            face = np.cross(b - a, c - a)
            normals.append(np.repeat(face, 3, axis=0))
            vertex_of = faces.ravel()
            faces = np.arange(len(p)).reshape(-1, 3)
            n = len(p)
        else:
            normals.append(primitive.normals.astype(np.float64))
            vertex_of = np.arange(n)
        positions.append(p)
        corners.append(faces + offset)
        materials.append(np.full(len(faces), primitive.material, dtype=np.int64))
        colors.append(
            np.ones((n, 4)) if primitive.colors is None else primitive.colors.astype(np.float64)[vertex_of]
        )
        uvs.append(np.zeros((n, 2)) if primitive.uvs is None else primitive.uvs.astype(np.float64)[vertex_of])
        offset += n
    return (
        np.concatenate(positions),
        np.concatenate(corners),
        np.concatenate(materials),
        np.concatenate(normals),
        np.concatenate(colors),
        np.concatenate(uvs),
    )


def _camera() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The camera's right, up and forward (into the picture) unit vectors."""
    azimuth, elevation = np.radians(AZIMUTH_DEGREES), np.radians(ELEVATION_DEGREES)
    towards_camera = np.array(
        [np.sin(azimuth) * np.cos(elevation), np.sin(elevation), np.cos(azimuth) * np.cos(elevation)]
    )
    forward = -towards_camera
    right = np.cross(forward, [0.0, 1.0, 0.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    return right, up, forward


def _project(
    positions: NDArray[np.float64],
    right: NDArray[np.float64],
    up: NDArray[np.float64],
    forward: NDArray[np.float64],
    size: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Pixel coordinates (n, 2) (x right, y down, the model centred and fitted) and depth (n,)."""
    x, y = positions @ right, positions @ up
    low, high = np.array([x.min(), y.min()]), np.array([x.max(), y.max()])
    extent = float(max(high - low)) or 1.0
    scale = size * (1 - 2 * MARGIN) / extent
    centre = (low + high) / 2
    screen = np.stack([(x - centre[0]) * scale + size / 2, size / 2 - (y - centre[1]) * scale], axis=1)
    return screen, positions @ forward


def _rasterise(
    tri: NDArray[np.float64], depth: NDArray[np.float64], size: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """For each pixel (size², row-major) the nearest triangle covering its centre (-1 for none) and its
    barycentric weights there (size², 3). `tri` (t, 3, 2) pixel coordinates, `depth` (t, 3)."""
    x0, y0, x1, y1, x2, y2 = (tri[:, k // 2, k % 2] for k in range(6))
    area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
    start_x = np.clip(np.ceil(tri[:, :, 0].min(axis=1) - 0.5), 0, size).astype(np.int64)
    end_x = np.clip(np.floor(tri[:, :, 0].max(axis=1) - 0.5), -1, size - 1).astype(np.int64)
    start_y = np.clip(np.ceil(tri[:, :, 1].min(axis=1) - 0.5), 0, size).astype(np.int64)
    end_y = np.clip(np.floor(tri[:, :, 1].max(axis=1) - 0.5), -1, size - 1).astype(np.int64)
    width, height = end_x - start_x + 1, end_y - start_y + 1
    drawn = (np.abs(area) > 1e-12) & (width > 0) & (height > 0)
    span = np.maximum(width, height)
    bucket = np.where(drawn, np.ceil(np.log2(np.maximum(span, 1))).astype(np.int64), -1)
    best_depth = np.full(size * size, np.inf)
    best_triangle = np.full(size * size, -1, dtype=np.int64)
    best_weights = np.zeros((size * size, 3))
    for level in np.unique(bucket[bucket >= 0]):
        side = 1 << int(level)
        oy, ox = (a.ravel() for a in np.mgrid[0:side, 0:side])
        members = np.flatnonzero(bucket == level)
        step = max(1, _CHUNK_CANDIDATES // (side * side))
        for begin in range(0, len(members), step):
            t = members[begin : begin + step]
            inside = (ox[None, :] < width[t, None]) & (oy[None, :] < height[t, None])
            which, slot = np.nonzero(inside)
            tri_id = t[which]
            px = start_x[tri_id] + ox[slot] + 0.5
            py = start_y[tri_id] + oy[slot] + 0.5
            a = area[tri_id]
            w0 = ((x1[tri_id] - px) * (y2[tri_id] - py) - (x2[tri_id] - px) * (y1[tri_id] - py)) / a
            w1 = ((x2[tri_id] - px) * (y0[tri_id] - py) - (x0[tri_id] - px) * (y2[tri_id] - py)) / a
            w2 = 1.0 - w0 - w1
            keep = (w0 >= -1e-9) & (w1 >= -1e-9) & (w2 >= -1e-9)
            tri_id, w0, w1, w2 = tri_id[keep], w0[keep], w1[keep], w2[keep]
            pixel = (py[keep] - 0.5).astype(np.int64) * size + (px[keep] - 0.5).astype(np.int64)
            z = w0 * depth[tri_id, 0] + w1 * depth[tri_id, 1] + w2 * depth[tri_id, 2]
            # nearest per pixel in this chunk (ties to the lower triangle index), then against the buffer
            order = np.lexsort((tri_id, z, pixel))
            first = np.ones(len(order), dtype=bool)
            first[1:] = pixel[order][1:] != pixel[order][:-1]
            win = order[first]
            nearer = z[win] < best_depth[pixel[win]]
            win = win[nearer]
            best_depth[pixel[win]] = z[win]
            best_triangle[pixel[win]] = tri_id[win]
            best_weights[pixel[win]] = np.stack([w0[win], w1[win], w2[win]], axis=1)
    return best_triangle, best_weights


def _sample(material: Material, uv: NDArray[np.float64]) -> NDArray[np.float64]:
    """The material's texture at `uv` (n, 2), nearest texel, repeating, linear RGBA (n, 4)."""
    assert material.texture is not None
    texture = material.texture
    if texture.mode not in ("RGB", "RGBA"):
        texture = texture.convert("RGBA")
    factor = -(-max(texture.size) // _TEXTURE_SAMPLE_MAX)
    if factor > 1:
        texture = texture.reduce(factor)
    texels = np.asarray(texture.convert("RGBA"), dtype=np.float64) / 255.0
    texels[..., :3] **= 2.2  # sRGB to linear, roughly
    height, width = texels.shape[:2]
    column = np.floor(np.mod(uv[:, 0], 1.0) * width).astype(np.int64).clip(0, width - 1)
    row = np.floor(np.mod(uv[:, 1], 1.0) * height).astype(np.int64).clip(0, height - 1)
    result: NDArray[np.float64] = texels[row, column]
    return result
