"""Merging plain materials so a product keeps to its draw-call budget (halllayout/ingest/materials.py)."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image

import halllayout.ingest.materials as materials
from halllayout.ingest import Budget, ingest
from halllayout.ingest.materials import merge_plain_materials
from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.scene import glb
from halllayout.scene.geometry import plan_box
from tests.scene.glb_read import Loaded

COLOURS = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1), (0.5, 0.5, 0.5), (1, 0.5, 0)]


def _cube(index: int, material: int) -> Primitive:
    mesh = trimesh.creation.box(extents=(0.1, 0.1, 0.1))
    mesh.apply_translation((0.15 * index, 0.05, 0))
    return Primitive(np.asarray(mesh.vertices, np.float32), np.asarray(mesh.faces, np.uint32), material)


def test_docstring_examples() -> None:
    result = doctest.testmod(materials)
    assert result.attempted > 0 and result.failed == 0


def test_an_upload_of_eight_coloured_parts_is_one_draw_call_with_its_colours_kept(tmp_path: Path) -> None:
    # a real GLB with eight materials, written as the halls are written
    batches = [
        glb.Batch(
            f"part {i}",
            glb.Material(f"paint {i}", (*rgb, 1.0), roughness=0.2 + 0.1 * i),
            plan_box(0.15 * i, 0, 0.15 * i + 0.1, 0.1, 0, 0.1),
        )
        for i, rgb in enumerate(COLOURS)
    ]
    upload = tmp_path / "eight.glb"
    upload.write_bytes(glb.write_glb("eight", batches))

    result = ingest(upload)

    assert result.report["output"]["draw_calls"] == 1 and result.report["budget"]["draw_calls"]["ok"]
    assert "8 materials reduced to 1 by merging the untextured ones" in " ".join(result.report["changes"])
    loaded = Loaded.of(result.glb)
    (primitive,) = loaded.gltf.meshes[0].primitives
    rgba = loaded.array(primitive.attributes.COLOR_0)  # normalised bytes
    colours = {tuple(round(c / 255 * 2) for c in row[:3]) for row in rgba}
    assert colours == {tuple(round(c * 2) for c in rgb) for rgb in COLOURS}


def test_within_the_budget_nothing_changes() -> None:
    mesh = ProductMesh((_cube(0, 0), _cube(1, 1)), (Material("a", (1, 0, 0, 1)), Material("b")))
    assert merge_plain_materials(mesh, 5) == (mesh, 0)


def test_textured_materials_stay_and_plain_ones_merge_by_alpha_mode() -> None:
    texture = Image.new("RGB", (4, 4), (10, 20, 30))
    mats = (
        Material("wood", texture=texture),
        Material("red", (1, 0, 0, 1), metallic=1.0),
        Material("green", (0, 1, 0, 1), metallic=0.0),
        Material("glass", (1, 1, 1, 0.3), alpha_mode="BLEND"),
        Material("smoke", (0, 0, 0, 0.5), alpha_mode="BLEND"),
        Material("unused", (0, 0, 1, 1)),
    )
    mesh = ProductMesh(tuple(_cube(i, m) for i, m in enumerate((0, 1, 2, 3, 4))), mats)
    merged, gone = merge_plain_materials(mesh, 2)
    assert gone == 2  # 5 in use → 3: wood, the opaque pair, the blended pair
    assert [m.name for m in merged.materials] == ["wood", "merged colours", "merged colours"]
    assert [m.alpha_mode for m in merged.materials] == ["OPAQUE", "OPAQUE", "BLEND"]
    assert merged.materials[1].metallic == 0.5  # the mean of the two, weighted by their triangles
    red = merged.primitives[1]
    assert red.material == 1 and np.allclose(red.colors, (1, 0, 0, 1))
    assert merged.primitives[0].colors is None and merged.primitives[0].material == 0
    glass = merged.primitives[3]
    assert glass.material == 2 and np.allclose(glass.colors, (1, 1, 1, 0.3))


def test_the_budget_of_draw_calls_is_a_setting() -> None:
    mesh = ProductMesh(
        tuple(_cube(i, i) for i in range(4)), tuple(Material(str(i), (*COLOURS[i], 1)) for i in range(4))
    )
    assert merge_plain_materials(mesh, 4)[1] == 0
    assert len(merge_plain_materials(mesh, 3)[0].materials) == 1
    assert Budget().draw_calls == 5
