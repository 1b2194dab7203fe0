"""Writing product GLBs: merged by material, unused data dropped, textures small, valid per Khronos."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pygltflib
from PIL import Image

from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.write import write_glb, write_product
from tests.conftest import validate_glb

TRIANGLE = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float32)
UP = np.tile(np.array([[0, 0, 1]], np.float32), (3, 1))


def _primitive(offset: float, material: int = 0, extra_vertex: bool = False) -> Primitive:
    positions = TRIANGLE + offset
    normals, uvs = UP, TRIANGLE[:, :2].copy()
    if extra_vertex:
        positions = np.vstack([positions, [[9, 9, 9]]]).astype(np.float32)
        normals, uvs = np.vstack([UP, UP[:1]]), np.vstack([uvs, [[0.5, 0.5]]]).astype(np.float32)
    return Primitive(positions, np.array([[0, 1, 2]], np.uint32), material, normals, uvs)


def _loaded(data: bytes, tmp_path: Path) -> tuple[pygltflib.GLTF2, dict[str, object]]:
    path = tmp_path / "product.glb"
    path.write_bytes(data)
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    return pygltflib.GLTF2.load_binary(str(path)), report


def test_primitives_of_one_material_are_one_draw_call_without_unused_vertices(tmp_path: Path) -> None:
    mesh = ProductMesh(
        (_primitive(0, 0, extra_vertex=True), _primitive(2, 1), _primitive(4, 0)),
        (Material("red", (1, 0, 0, 1)), Material("blue", (0, 0, 1, 1))),
    )
    written = write_product(mesh)
    assert (written.draw_calls, written.triangles) == (2, 3)
    gltf, _ = _loaded(written.glb, tmp_path)
    assert [m.name for m in gltf.materials] == ["red", "blue"]
    red = gltf.meshes[0].primitives[0]
    assert gltf.accessors[red.attributes.POSITION].count == 6  # the vertex at (9, 9, 9) is gone
    assert gltf.accessors[red.attributes.POSITION].max == [5, 5, 4]


def test_a_large_opaque_texture_becomes_a_1024_jpeg(tmp_path: Path) -> None:
    image = Image.new("RGB", (2048, 1024), (10, 200, 30))
    mesh = ProductMesh((_primitive(0),), (Material("skin", texture=image),))
    written = write_product(mesh, max_texture=1024)
    assert written.textures == ((1024, 512),)
    gltf, _ = _loaded(written.glb, tmp_path)
    assert gltf.images[0].mimeType == "image/jpeg"
    assert gltf.meshes[0].primitives[0].attributes.TEXCOORD_0 is not None


def test_a_texture_with_transparency_stays_png(tmp_path: Path) -> None:
    image = Image.new("RGBA", (300, 200), (10, 200, 30, 128))
    mesh = ProductMesh((_primitive(0),), (Material("glass", texture=image, alpha_mode="BLEND"),))
    written = write_product(mesh, max_texture=100)
    assert written.textures == ((100, 67),)
    gltf, _ = _loaded(written.glb, tmp_path)
    assert gltf.images[0].mimeType == "image/png"
    assert gltf.materials[0].alphaMode == "BLEND"
    blob = gltf.binary_blob()
    view = gltf.bufferViews[gltf.images[0].bufferView]
    with Image.open(io.BytesIO(blob[view.byteOffset : view.byteOffset + view.byteLength])) as png:
        assert (png.size, png.mode) == ((100, 67), "RGBA")


def test_vertex_colours_and_missing_normals(tmp_path: Path) -> None:
    colours = np.array([[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]], np.float32)
    mesh = ProductMesh(
        (Primitive(TRIANGLE, np.array([[0, 1, 2]], np.uint32), colors=colours),), (Material(),)
    )
    gltf, _ = _loaded(write_glb(mesh), tmp_path)
    attributes = gltf.meshes[0].primitives[0].attributes
    assert attributes.COLOR_0 is not None and attributes.NORMAL is not None


def test_same_mesh_same_bytes() -> None:
    image = Image.new("RGB", (64, 64), (1, 2, 3))
    mesh = ProductMesh((_primitive(0),), (Material("skin", texture=image),))
    assert write_glb(mesh) == write_glb(mesh)
