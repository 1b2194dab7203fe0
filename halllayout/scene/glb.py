"""Write a glTF 2.0 binary (GLB) from meshes batched per material, with pygltflib.

Every batch becomes one node with one mesh of one primitive: POSITION (with min/max), NORMAL,
TEXCOORD_0 (textured materials only), optionally COLOR_0, and indices (unsigned short when they
fit, else unsigned int).
Each accessor has its own tightly packed buffer view, 4-byte aligned, in one binary chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygltflib
from numpy.typing import NDArray

from halllayout.scene.geometry import Part

#: glTF constants, named as in the specification.
ARRAY_BUFFER = 34962
ELEMENT_ARRAY_BUFFER = 34963
FLOAT = 5126
UNSIGNED_SHORT = 5123
UNSIGNED_INT = 5125
LINEAR = 9729
LINEAR_MIPMAP_LINEAR = 9987
CLAMP_TO_EDGE = 33071
REPEAT = 10497


@dataclass(frozen=True)
class Material:
    """A metallic-roughness PBR material; `texture` is a PNG image (bytes) used as base colour."""

    name: str
    base_color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    metallic: float = 0.0
    roughness: float = 0.9
    texture: bytes | None = None
    repeat: bool = False


@dataclass(frozen=True)
class Batch:
    """Geometry drawn with one material; `colors` (n, 3) float32 per vertex, or None."""

    name: str
    material: Material
    part: Part
    colors: NDArray[np.float32] | None = None
    extras: dict[str, Any] = field(default_factory=dict)


class _BinaryChunk:
    """Collects buffer views into one 4-byte aligned binary blob."""

    def __init__(self, gltf: pygltflib.GLTF2) -> None:
        self.gltf = gltf
        self.data = bytearray()

    def view(self, payload: bytes, target: int | None) -> int:
        self.data.extend(b"\x00" * (-len(self.data) % 4))
        self.gltf.bufferViews.append(
            pygltflib.BufferView(buffer=0, byteOffset=len(self.data), byteLength=len(payload), target=target)
        )
        self.data.extend(payload)
        return len(self.gltf.bufferViews) - 1

    def accessor(self, array: NDArray[Any], kind: str, *, indices: bool = False, bounds: bool = False) -> int:
        if indices:
            component = UNSIGNED_SHORT if array.max(initial=0) < 65535 else UNSIGNED_INT
            array = array.astype(np.uint16 if component == UNSIGNED_SHORT else np.uint32).reshape(-1)
        else:
            component = FLOAT
            array = np.ascontiguousarray(array, dtype=np.float32)
        view = self.view(array.tobytes(), ELEMENT_ARRAY_BUFFER if indices else ARRAY_BUFFER)
        accessor = pygltflib.Accessor(bufferView=view, componentType=component, count=len(array), type=kind)
        if bounds:
            accessor.min = [float(v) for v in array.min(axis=0)]
            accessor.max = [float(v) for v in array.max(axis=0)]
        self.gltf.accessors.append(accessor)
        return len(self.gltf.accessors) - 1


def _material(gltf: pygltflib.GLTF2, chunk: _BinaryChunk, material: Material) -> int:
    pbr = pygltflib.PbrMetallicRoughness(
        baseColorFactor=list(material.base_color),
        metallicFactor=material.metallic,
        roughnessFactor=material.roughness,
    )
    if material.texture is not None:
        wrap = REPEAT if material.repeat else CLAMP_TO_EDGE
        gltf.samplers.append(
            pygltflib.Sampler(magFilter=LINEAR, minFilter=LINEAR_MIPMAP_LINEAR, wrapS=wrap, wrapT=wrap)
        )
        gltf.images.append(
            pygltflib.Image(bufferView=chunk.view(material.texture, None), mimeType="image/png")
        )
        gltf.textures.append(pygltflib.Texture(sampler=len(gltf.samplers) - 1, source=len(gltf.images) - 1))
        pbr.baseColorTexture = pygltflib.TextureInfo(index=len(gltf.textures) - 1)
    gltf.materials.append(pygltflib.Material(name=material.name, pbrMetallicRoughness=pbr))
    return len(gltf.materials) - 1


def write_glb(scene_name: str, batches: Sequence[Batch], extras: dict[str, Any] | None = None) -> bytes:
    """The GLB bytes of a scene with one node per batch under a root node named `scene_name`."""
    gltf = pygltflib.GLTF2(asset=pygltflib.Asset(version="2.0", generator="halllayout"))
    chunk = _BinaryChunk(gltf)
    materials: dict[Material, int] = {}
    children: list[int] = []
    for batch in batches:
        if len(batch.part.indices) == 0:
            continue
        if batch.material not in materials:
            materials[batch.material] = _material(gltf, chunk, batch.material)
        attributes = pygltflib.Attributes(
            POSITION=chunk.accessor(batch.part.positions, "VEC3", bounds=True),
            NORMAL=chunk.accessor(batch.part.normals, "VEC3"),
        )
        if batch.material.texture is not None:
            attributes.TEXCOORD_0 = chunk.accessor(batch.part.uvs, "VEC2")
        if batch.colors is not None:
            attributes.COLOR_0 = chunk.accessor(batch.colors, "VEC3")
        primitive = pygltflib.Primitive(
            attributes=attributes,
            indices=chunk.accessor(batch.part.indices, "SCALAR", indices=True),
            material=materials[batch.material],
        )
        gltf.meshes.append(pygltflib.Mesh(name=batch.name, primitives=[primitive]))
        gltf.nodes.append(
            pygltflib.Node(name=batch.name, mesh=len(gltf.meshes) - 1, extras=batch.extras or {})
        )
        children.append(len(gltf.nodes) - 1)
    gltf.nodes.append(pygltflib.Node(name=scene_name, children=children, extras=extras or {}))
    gltf.scenes.append(pygltflib.Scene(name=scene_name, nodes=[len(gltf.nodes) - 1]))
    gltf.scene = 0
    chunk.data.extend(b"\x00" * (-len(chunk.data) % 4))
    gltf.buffers.append(pygltflib.Buffer(byteLength=len(chunk.data)))
    gltf.set_binary_blob(bytes(chunk.data))
    return bytes(b"".join(gltf.save_to_bytes()))
