"""Levels of detail: a full model within the budget and a far model a tenth of it, textures halved."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from halllayout.ingest.lod import FAR_FLOOR, levels
from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.thumbnail import thumbnail


def sphere(rows: int, columns: int) -> Primitive:
    v, u = np.meshgrid(np.linspace(0, 1, rows + 1), np.linspace(0, 1, columns + 1), indexing="ij")
    theta, phi = 2 * np.pi * u, np.pi * v
    xyz = np.stack([np.sin(phi) * np.cos(theta), np.cos(phi), np.sin(phi) * np.sin(theta)], -1)
    ids = np.arange((rows + 1) * (columns + 1)).reshape(rows + 1, columns + 1)
    a, b, c, d = ids[:-1, :-1], ids[:-1, 1:], ids[1:, :-1], ids[1:, 1:]
    faces = np.concatenate([np.stack([a, b, c], -1)[1:], np.stack([b, d, c], -1)[:-1]]).reshape(-1, 3)
    uvs = np.stack([u, v], -1).reshape(-1, 2)
    return Primitive(
        xyz.reshape(-1, 3).astype(np.float32), faces.astype(np.uint32), uvs=uvs.astype(np.float32)
    )


def test_full_within_budget_far_a_tenth_with_halved_textures() -> None:
    texture = Image.new("RGB", (600, 300), (10, 120, 200))
    mesh = ProductMesh((sphere(100, 200),), (Material("glaze", texture=texture),))
    full, far = levels(mesh, 10_000)
    assert 9_000 <= full.triangles <= 10_000
    assert FAR_FLOOR <= far.triangles <= full.triangles // 10
    assert full.materials[0].texture is texture
    far_texture = far.materials[0].texture
    assert far_texture is not None and far_texture.size == (300, 150)
    assert far.primitives[0].uvs is not None


def test_far_textures_are_at_most_512_px() -> None:
    texture = Image.new("RGB", (2048, 1024))
    mesh = ProductMesh((sphere(40, 80),), (Material(texture=texture),))
    far_texture = levels(mesh, 40_000)[1].materials[0].texture
    assert far_texture is not None and far_texture.size == (512, 256)


def test_far_model_never_below_the_floor() -> None:
    mesh = ProductMesh((sphere(40, 80),), (Material(),))
    full, far = levels(mesh, 2_000)
    assert full.triangles <= 2_000
    assert FAR_FLOOR * 0.9 <= far.triangles <= FAR_FLOOR


def test_a_small_model_is_its_own_far_model() -> None:
    mesh = ProductMesh((sphere(10, 20),), (Material(base_color=(1, 0, 0, 1)),))
    full, far = levels(mesh, 40_000)
    assert full.triangles == far.triangles == mesh.triangles == 360
    assert far.materials == mesh.materials


def test_a_budget_must_be_positive() -> None:
    mesh = ProductMesh((sphere(4, 8),), (Material(),))
    with pytest.raises(ValueError, match="budget_triangles: expected a positive number, got -1"):
        levels(mesh, -1)


GOOD = sorted((Path(__file__).resolve().parent.parent / "data" / "models" / "good").iterdir())


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_every_good_sample_gets_both_levels_and_a_thumbnail(path: Path) -> None:
    from halllayout.ingest.read import read_upload

    mesh = read_upload(path)
    full, far = levels(mesh, 2_000)
    assert full.triangles <= 2_000
    assert far.triangles <= max(FAR_FLOOR, full.triangles // 10) or far.triangles == full.triangles
    assert len(far.materials) == len(mesh.materials)
    pixels = np.asarray(Image.open(io.BytesIO(thumbnail(far, 64))))
    assert (pixels[..., 3] == 255).mean() > 0.05  # something is drawn
