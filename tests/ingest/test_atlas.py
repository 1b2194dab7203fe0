"""Packing textured materials into one atlas for the draw-call budget (halllayout/ingest/atlas.py)."""

from __future__ import annotations

import doctest
import io
from pathlib import Path

import numpy as np
from PIL import Image

import halllayout.ingest.atlas as atlas
from halllayout.ingest import ingest
from halllayout.ingest.atlas import pack_atlas
from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.scene import glb
from halllayout.scene.geometry import plan_box
from tests.conftest import validate_glb
from tests.scene.glb_read import Loaded

COLOURS = [
    (230, 20, 20),
    (20, 200, 20),
    (20, 20, 230),
    (230, 230, 20),
    (230, 20, 230),
    (20, 230, 230),
    (128, 128, 128),
    (250, 130, 0),
]


def _png(rgb: tuple[int, int, int], size: int = 64) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), rgb).save(out, format="PNG")
    return out.getvalue()


def _upload(tmp_path: Path, tiled: frozenset[int] = frozenset()) -> Path:
    """A real GLB of eight 0.5 m boxes, each with its own texture (a 2 m box tiles its texture)."""
    batches = []
    for i, rgb in enumerate(COLOURS):
        side = 2.0 if i in tiled else 0.5
        batches.append(
            glb.Batch(
                f"part {i}",
                glb.Material(f"print {i}", texture=_png(rgb), repeat=True, roughness=0.5),
                plan_box(3.0 * i, 0, 3.0 * i + side, side, 0, side),
            )
        )
    path = tmp_path / "eight-textures.glb"
    path.write_bytes(glb.write_glb("eight textures", batches))
    return path


def _sample(image: Image.Image, uvs: np.ndarray) -> np.ndarray:
    pixels = np.asarray(image.convert("RGB"), np.float64)
    x = np.clip((uvs[:, 0] * image.width).astype(int), 0, image.width - 1)
    y = np.clip((uvs[:, 1] * image.height).astype(int), 0, image.height - 1)
    return pixels[y, x]


def test_docstring_examples() -> None:
    result = doctest.testmod(atlas)
    assert result.attempted > 0 and result.failed == 0


def test_eight_textured_materials_become_one_draw_call_each_part_keeping_its_picture(tmp_path: Path) -> None:
    result = ingest(_upload(tmp_path))

    assert result.report["output"]["draw_calls"] == 1 and result.report["budget"]["draw_calls"]["ok"]
    assert "8 materials reduced to 1 by packing textured ones into a 1024 px texture atlas" in " ".join(
        result.report["changes"]
    )
    out = tmp_path / "out.glb"
    out.write_bytes(result.glb)
    report = validate_glb(out)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]

    loaded = Loaded.of(result.glb)
    (primitive,) = loaded.gltf.meshes[0].primitives
    positions = loaded.array(primitive.attributes.POSITION)
    uvs = loaded.array(primitive.attributes.TEXCOORD_0)
    view = loaded.gltf.bufferViews[loaded.gltf.images[0].bufferView]
    image = Image.open(io.BytesIO(loaded.blob[view.byteOffset : view.byteOffset + view.byteLength]))
    assert max(image.size) <= 1024
    seen = _sample(image, uvs)
    # part i stands at x = 3 i m, so sorting the vertices along x groups them by part
    order = np.argsort(positions[:, 0])
    per_part = np.array_split(order, len(COLOURS))
    for i, vertices in enumerate(per_part):
        assert np.abs(seen[vertices] - np.array(COLOURS[i])).max() <= 32, f"part {i}"  # JPEG-compressed


def test_a_tiled_texture_keeps_its_own_material(tmp_path: Path) -> None:
    result = ingest(_upload(tmp_path, tiled=frozenset({7})))
    assert result.report["output"]["draw_calls"] == 2
    assert "8 materials reduced to 2 by packing textured ones" in " ".join(result.report["changes"])


def test_within_the_budget_nothing_changes() -> None:
    quad = Primitive(
        np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0]], np.float32),
        np.array([[0, 1, 2]], np.uint32),
        0,
        uvs=np.array([[0, 0], [1, 0], [1, 1]], np.float32),
    )
    mesh = ProductMesh((quad,), (Material("a", texture=Image.new("RGB", (4, 4))),))
    assert pack_atlas(mesh, 5) == (mesh, 0)


def test_base_colour_factors_move_into_vertex_colours() -> None:
    def tri(material: int) -> Primitive:
        return Primitive(
            np.zeros((3, 3), np.float32),
            np.array([[0, 1, 2]], np.uint32),
            material,
            uvs=np.array([[0, 0], [1, 0], [1, 1]], np.float32),
        )

    mesh = ProductMesh(
        (tri(0), tri(1)),
        (
            Material("tinted", base_color=(0.5, 1.0, 1.0, 1.0), texture=Image.new("RGB", (4, 4), "white")),
            Material("plain", base_color=(0.0, 0.0, 1.0, 1.0), roughness=0.1),
        ),
    )
    packed, gone = pack_atlas(mesh, 1, atlas_px=32)
    assert gone == 1 and len(packed.materials) == 1
    assert packed.primitives[0].colors.tolist()[0] == [0.5, 1.0, 1.0, 1.0]
    assert packed.primitives[1].colors.tolist()[0] == [0.0, 0.0, 1.0, 1.0]
    assert packed.materials[0].roughness == 0.5  # (0.9 + 0.1) / 2, one triangle each
