"""Round trip GLB → three.js: a real hall built by the scene builder, drawn by GLTFLoader in Chromium.

The measuring page (viewer/measure.html, served by benchmarks/scene_gpu.py) draws the whole hall in one
frame; its `renderer.info` must agree with what the GLB's JSON says three.js will draw:

- one draw call per primitive of every mesh node in the scene; a node with EXT_mesh_gpu_instancing is
  still one call per primitive, for all its instances; a primitive whose material is alpha-blended and
  double-sided is two (three.js draws its back faces, then its front faces);
- triangles: index count (vertex count when not indexed) / 3 per primitive, × the node's instances.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pygltflib
import pytest
from PIL import Image

from benchmarks.scene_gpu import read_measure, serve
from halllayout.layout import lay_out
from halllayout.read import read_booth_list, read_hall, single_hall_fair
from halllayout.scene.hall import build_hall_glb

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"
INSTANCING = "EXT_mesh_gpu_instancing"
TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN = 4, 5, 6
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER, UNSIGNED_SHORT, FLOAT = 34962, 34963, 5123, 5126
#: Loading and drawing the 120-booth hall with software WebGL takes seconds; allow for a slow machine.
MEASURE_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Expected:
    """What three.js should draw for a GLB, from its JSON alone."""

    calls: int
    triangles: int
    instanced_nodes: int
    instances: int


def _scene_nodes(gltf: pygltflib.GLTF2) -> Iterator[pygltflib.Node]:
    """Every node of the default scene, depth first."""
    stack = list(reversed(gltf.scenes[gltf.scene or 0].nodes))
    while stack:
        node = gltf.nodes[stack.pop()]
        yield node
        stack += reversed(node.children or [])


def _triangles(gltf: pygltflib.GLTF2, primitive: pygltflib.Primitive) -> int:
    mode = TRIANGLES if primitive.mode is None else primitive.mode
    accessor = primitive.indices if primitive.indices is not None else primitive.attributes.POSITION
    count = int(gltf.accessors[accessor].count)
    if mode == TRIANGLES:
        return count // 3
    if mode in (TRIANGLE_STRIP, TRIANGLE_FAN):
        return max(count - 2, 0)
    return 0  # points and lines


def expected_draw(gltf: pygltflib.GLTF2) -> Expected:
    """Draw calls, triangles and instances three.js should report for the whole scene of `gltf`."""
    calls = triangles = instanced_nodes = instances = 0
    for node in _scene_nodes(gltf):
        if node.mesh is None:
            continue
        extension = (node.extensions or {}).get(INSTANCING)
        copies = 1
        if extension is not None:
            copies = int(gltf.accessors[next(iter(extension["attributes"].values()))].count)
            instanced_nodes += 1
            instances += copies
        for primitive in gltf.meshes[node.mesh].primitives:
            material = gltf.materials[primitive.material] if primitive.material is not None else None
            two_pass = material is not None and material.alphaMode == "BLEND" and bool(material.doubleSided)
            calls += 2 if two_pass else 1
            triangles += _triangles(gltf, primitive) * copies * (2 if two_pass else 1)
    return Expected(calls, triangles, instanced_nodes, instances)


class _NoChromium(dict[str, Any]):
    """Stands in for the figures when there is no Chromium: the first look fails the test (never skips)."""

    def __getitem__(self, key: str) -> Any:
        pytest.fail(
            "Chromium not found: the browser tests need it. Install it with `sudo apt-get install chromium` "
            "(or set HALLLAYOUT_CHROMIUM=/path/to/chromium).",
            pytrace=False,
        )


def _measure(browser: Any, glb: Path) -> dict[str, Any]:
    """`window.measure` of the measuring page for `glb`; a stand-in that fails the test without Chromium."""
    if browser is None:
        return _NoChromium()
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=1)
    try:
        with serve(glb) as url:
            return read_measure(context.new_page(), url, MEASURE_TIMEOUT_S)
    finally:
        context.close()


def _view(chunk: bytearray, gltf: pygltflib.GLTF2, payload: bytes, target: int | None) -> int:
    chunk.extend(b"\x00" * (-len(chunk) % 4))
    gltf.bufferViews.append(
        pygltflib.BufferView(buffer=0, byteOffset=len(chunk), byteLength=len(payload), target=target)
    )
    chunk.extend(payload)
    return len(gltf.bufferViews) - 1


def _accessor(
    chunk: bytearray, gltf: pygltflib.GLTF2, array: np.ndarray, kind: str, target: int | None = ARRAY_BUFFER
) -> int:
    """An accessor of float32 vertex data, or of uint16 indices; POSITION-like VEC3 get min and max."""
    indices = array.dtype == np.uint16
    view = _view(chunk, gltf, array.tobytes(), ELEMENT_ARRAY_BUFFER if indices else target)
    accessor = pygltflib.Accessor(
        bufferView=view, componentType=UNSIGNED_SHORT if indices else FLOAT, count=len(array), type=kind
    )
    if kind == "VEC3" and target is not None:
        accessor.min = array.min(axis=0).tolist()
        accessor.max = array.max(axis=0).tolist()
    gltf.accessors.append(accessor)
    return len(gltf.accessors) - 1


def tiny_glb() -> bytes:
    """A hand-made GLB that uses what three.js draws differently (see the module doc):

    - "boxes": a box (12 triangles) with EXT_mesh_gpu_instancing, 5 instances: 1 call, 60 triangles;
    - "booth": one mesh of two primitives, a box and a textured quad (material "fascia sign", a 64 × 32
      PNG): 2 calls, 14 triangles; its child "post", the box again: 1 call, 12 triangles;
    - "glass": a quad, alpha-blended and double-sided: 2 calls, 4 triangles;
    - "spare": a mesh node outside the scene: drawn by nobody.
    """
    box = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], dtype=np.float32)
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    box_indices = np.array([[a, b, c, a, c, d] for a, b, c, d in faces], dtype=np.uint16).reshape(-1)
    quad = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], dtype=np.float32)
    quad_uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], dtype=np.float32)
    quad_indices = np.array([0, 1, 2, 0, 2, 3], dtype=np.uint16)
    png = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 30, 30)).save(png, format="PNG")

    gltf = pygltflib.GLTF2(asset=pygltflib.Asset(version="2.0"))
    chunk = bytearray()
    box_attributes = pygltflib.Attributes(POSITION=_accessor(chunk, gltf, box, "VEC3"))
    box_primitive = pygltflib.Primitive(
        attributes=box_attributes, indices=_accessor(chunk, gltf, box_indices, "SCALAR"), material=0
    )
    quad_position = _accessor(chunk, gltf, quad, "VEC3")
    quad_index = _accessor(chunk, gltf, quad_indices, "SCALAR")
    sign_quad = pygltflib.Primitive(
        attributes=pygltflib.Attributes(
            POSITION=quad_position, TEXCOORD_0=_accessor(chunk, gltf, quad_uv, "VEC2")
        ),
        indices=quad_index,
        material=1,
    )
    glass_quad = pygltflib.Primitive(
        attributes=pygltflib.Attributes(POSITION=quad_position), indices=quad_index, material=2
    )
    image_view = _view(chunk, gltf, png.getvalue(), None)
    gltf.images.append(pygltflib.Image(bufferView=image_view, mimeType="image/png"))
    gltf.textures.append(pygltflib.Texture(source=0))
    gltf.materials += [
        pygltflib.Material(name="frame"),
        pygltflib.Material(
            name="fascia sign",
            pbrMetallicRoughness=pygltflib.PbrMetallicRoughness(
                baseColorTexture=pygltflib.TextureInfo(index=0)
            ),
        ),
        pygltflib.Material(name="glass", alphaMode="BLEND", doubleSided=True),
    ]
    gltf.meshes += [
        pygltflib.Mesh(name="box", primitives=[box_primitive]),
        pygltflib.Mesh(name="booth", primitives=[box_primitive, sign_quad]),
        pygltflib.Mesh(name="glass", primitives=[glass_quad]),
    ]
    offsets = np.array([[3 * i, 0, 0] for i in range(5)], dtype=np.float32)
    instancing = {"attributes": {"TRANSLATION": _accessor(chunk, gltf, offsets, "VEC3", None)}}
    gltf.nodes += [
        pygltflib.Node(name="boxes", mesh=0, extensions={INSTANCING: instancing}),
        pygltflib.Node(name="booth", mesh=1, children=[2], translation=[0, 0, 5]),
        pygltflib.Node(name="post", mesh=0, translation=[2, 0, 0]),
        pygltflib.Node(name="glass", mesh=2, translation=[0, 0, -5]),
        pygltflib.Node(name="spare", mesh=0),
    ]
    gltf.scenes.append(pygltflib.Scene(nodes=[0, 1, 3]))
    gltf.scene = 0
    gltf.extensionsUsed = [INSTANCING]
    chunk.extend(b"\x00" * (-len(chunk) % 4))
    gltf.buffers.append(pygltflib.Buffer(byteLength=len(chunk)))
    gltf.set_binary_blob(bytes(chunk))
    return b"".join(gltf.save_to_bytes())


#: What tiny_glb draws, counted by hand; the 64 × 32 RGBA8 sign texture with its mip chain down to 1 × 1.
TINY = Expected(calls=6, triangles=90, instanced_nodes=1, instances=5)
TINY_TEXTURE_BYTES = 4 * (64 * 32 + 32 * 16 + 16 * 8 + 8 * 4 + 4 * 2 + 2 * 1 + 1 * 1)


@pytest.fixture(scope="module")
def hall_glb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 120-booth sample list laid out in hall A and built into its GLB by the project's own functions."""
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    layout = lay_out(single_hall_fair(hall), read_booth_list(DATA / "booths" / "fair-120.csv"))
    assert len(layout.booths_in(hall.id)) > 100
    path = tmp_path_factory.mktemp("scene-render") / f"{hall.id}.glb"
    path.write_bytes(build_hall_glb(hall, layout.booths_in(hall.id)))
    return path


@pytest.fixture(scope="module")
def measured(hall_glb: Path, browser: Any) -> dict[str, Any]:
    """`window.measure` for the hall."""
    return _measure(browser, hall_glb)


@pytest.fixture(scope="module")
def tiny_measured(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> dict[str, Any]:
    """`window.measure` for tiny_glb."""
    path = tmp_path_factory.mktemp("scene-render-tiny") / "tiny.glb"
    path.write_bytes(tiny_glb())
    return _measure(browser, path)


# the measuring instrument on a document whose figures are known


def test_the_expected_figures_of_a_hand_made_glb_are_counted_right() -> None:
    assert expected_draw(pygltflib.GLTF2.load_from_bytes(tiny_glb())) == TINY


def test_three_draws_the_hand_made_glb_as_counted(tiny_measured: dict[str, Any]) -> None:
    assert tiny_measured["errors"] == []
    figures = (
        tiny_measured["calls"],
        tiny_measured["triangles"],
        tiny_measured["instancedMeshes"],
        tiny_measured["instances"],
    )
    assert figures == (TINY.calls, TINY.triangles, TINY.instanced_nodes, TINY.instances)


def test_texture_memory_counts_the_mip_chain_and_the_signage(tiny_measured: dict[str, Any]) -> None:
    assert tiny_measured["textureBytes"] == {"total": TINY_TEXTURE_BYTES, "signage": TINY_TEXTURE_BYTES}


# the scene builder's hall, round trip


def test_the_hall_loads_and_draws_without_errors(measured: dict[str, Any]) -> None:
    assert measured["errors"] == []
    assert measured["ok"] is True
    assert measured["calls"] > 0
    assert measured["triangles"] > 0


def test_draw_calls_are_what_the_glb_says(measured: dict[str, Any], hall_glb: Path) -> None:
    expected = expected_draw(pygltflib.GLTF2.load_binary(str(hall_glb)))
    assert measured["calls"] == expected.calls


def test_instances_are_what_the_glb_says(measured: dict[str, Any], hall_glb: Path) -> None:
    expected = expected_draw(pygltflib.GLTF2.load_binary(str(hall_glb)))
    assert (measured["instancedMeshes"], measured["instances"]) == (
        expected.instanced_nodes,
        expected.instances,
    )


def test_triangles_are_what_the_glb_says(measured: dict[str, Any], hall_glb: Path) -> None:
    expected = expected_draw(pygltflib.GLTF2.load_binary(str(hall_glb)))
    assert measured["triangles"] == expected.triangles


def test_every_texture_is_counted_in_gpu_memory(measured: dict[str, Any]) -> None:
    # the signs are textures of materials named "... sign ..."; each is some GPU memory, never more than all
    assert 0 < measured["textureBytes"]["signage"] <= measured["textureBytes"]["total"]
