import io

import numpy as np
import pygltflib
import trimesh
from PIL import Image

from halllayout.scene.geometry import plan_box
from halllayout.scene.glb import Batch, Material, write_glb
from tests.conftest import validate_glb


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def test_a_tiny_document_has_exact_bounds_and_validates(tmp_path) -> None:
    batches = [
        Batch("plain", Material("grey"), plan_box(0, 0, 2, 1, 0, 3)),
        Batch("textured", Material("red", texture=_png()), plan_box(5, 5, 6, 6, 0, 1)),
        Batch("coloured", Material("white"), plan_box(-1, -1, 0, 0, 0, 1), np.full((24, 3), 0.5, np.float32)),
    ]
    data = write_glb("test", batches, {"halllayout": {"hall": "T"}})
    path = tmp_path / "t.glb"
    path.write_bytes(data)
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    gltf = pygltflib.GLTF2.load_binary(str(path))
    assert [n.name for n in gltf.nodes] == ["plain", "textured", "coloured", "test"]
    assert gltf.accessors[gltf.meshes[0].primitives[0].attributes.POSITION].max == [2, 3, 0]
    assert gltf.meshes[0].primitives[0].attributes.TEXCOORD_0 is None
    assert gltf.meshes[1].primitives[0].attributes.TEXCOORD_0 is not None
    assert gltf.meshes[2].primitives[0].attributes.COLOR_0 is not None
    scene = trimesh.load(path, force="scene")
    assert np.allclose(scene.bounds, [[-1, 0, -6], [6, 3, 1]])


def test_same_batches_give_the_same_bytes() -> None:
    batches = [Batch("b", Material("m", texture=_png()), plan_box(0, 0, 1, 1, 0, 1))]
    assert write_glb("s", batches) == write_glb("s", batches)
