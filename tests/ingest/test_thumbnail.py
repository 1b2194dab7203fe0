"""Thumbnails are rendered: the model fills the middle, its silhouette and shading are as drawn."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.thumbnail import MARGIN, render, thumbnail

DUCK = Path(__file__).resolve().parent.parent / "data" / "models" / "good" / "Duck.glb"


def icosphere(subdivisions: int = 4) -> Primitive:
    import trimesh

    mesh = trimesh.creation.icosphere(subdivisions)
    return Primitive(np.asarray(mesh.vertices, np.float32), np.asarray(mesh.faces, np.uint32))


def box() -> Primitive:
    import trimesh

    mesh = trimesh.creation.box((1.0, 1.0, 1.0))
    return Primitive(np.asarray(mesh.vertices, np.float32), np.asarray(mesh.faces, np.uint32))


def decoded(png: bytes) -> NDArray[np.uint8]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGBA"
    return np.asarray(image)


def test_a_sphere_fills_the_middle_with_a_round_silhouette() -> None:
    red = ProductMesh((icosphere(),), (Material(base_color=(0.8, 0.1, 0.1, 1.0)),))
    pixels = decoded(thumbnail(red, 128))
    assert pixels.shape == (128, 128, 4)
    assert pixels[64, 64, 3] == 255
    assert pixels[0, 0, 3] == pixels[127, 127, 3] == 0  # transparent background
    coverage = pixels[..., 3].sum() / 255 / 128**2
    assert coverage == pytest.approx(np.pi / 4 * (1 - 2 * MARGIN) ** 2, rel=0.03)
    opaque = pixels[pixels[..., 3] == 255]
    assert (opaque[:, 0] > opaque[:, 1]).all()  # red everywhere
    assert opaque[:, 0].std() > 15  # shaded, not flat


def test_a_cube_shows_three_faces_in_three_shades() -> None:
    pixels = decoded(thumbnail(ProductMesh((box(),), (Material(base_color=(0.2, 0.4, 0.9, 1.0)),)), 128))
    opaque = pixels[pixels[..., 3] == 255][:, :3]
    shades, counts = np.unique(opaque, axis=0, return_counts=True)
    faces = shades[counts > 500]  # the antialiased edges are few pixels each
    assert len(faces) == 3
    assert len({tuple(face) for face in faces}) == 3


def test_the_texture_is_drawn() -> None:
    """A square textured half red, half green, seen from the front: both colours show."""
    square = Primitive(
        np.array([[-1, 0, 0], [1, 0, 0], [1, 2, 0], [-1, 2, 0]], np.float32),
        np.array([[0, 1, 2], [0, 2, 3]], np.uint32),
        uvs=np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32),
    )
    texture = Image.new("RGB", (64, 64), (255, 0, 0))
    texture.paste((0, 255, 0), (32, 0, 64, 64))
    pixels = decoded(thumbnail(ProductMesh((square,), (Material(texture=texture),)), 64))
    opaque = pixels[pixels[..., 3] == 255][:, :3].astype(int)
    reddish = (opaque[:, 0] > 2 * opaque[:, 1]).sum()
    greenish = (opaque[:, 1] > 2 * opaque[:, 0]).sum()
    assert reddish > 200 and greenish > 200


def test_same_mesh_same_bytes() -> None:
    mesh = ProductMesh((icosphere(3),), (Material(),))
    assert thumbnail(mesh) == thumbnail(mesh)


def test_render_size_and_supersampled_edges() -> None:
    pixels = render(ProductMesh((icosphere(3),), (Material(),)), 64)
    assert pixels.shape == (64, 64, 4) and pixels.dtype == np.uint8
    alpha = set(np.unique(pixels[..., 3]).tolist())
    assert {0, 255} <= alpha and alpha & {64, 128, 191}  # partly covered edge pixels


def test_the_duck_is_yellow() -> None:
    from halllayout.ingest.read import read_upload

    pixels = decoded(thumbnail(read_upload(DUCK)))
    opaque = pixels[pixels[..., 3] == 255][:, :3].astype(int)
    assert len(opaque) > 0.3 * 256 * 256
    yellow = (opaque[:, 0] > 150) & (opaque[:, 1] > 120) & (opaque[:, 2] < 80)
    assert yellow.mean() > 0.6


def test_a_tiny_size_is_refused() -> None:
    with pytest.raises(ValueError, match="size: expected at least 8 pixels, got 4"):
        thumbnail(ProductMesh((icosphere(1),), (Material(),)), 4)
