"""Write a glTF 2.0 binary (GLB) from meshes batched per material, with pygltflib.

A `Batch` is geometry merged under one material: one node, one mesh, one primitive, drawn in one call.
An `InstancedBatch` is one shared mesh drawn at many places with `EXT_mesh_gpu_instancing` (per-instance
TRANSLATION, ROTATION, SCALE and optional custom `_NAME` attributes); three.js's GLTFLoader makes it an
`InstancedMesh`, one draw call for all instances. A `Marker` is an empty node that carries a name,
a place and `extras` (what a booth or a product is, for tools that list nodes).

Primitives carry POSITION (with min/max), NORMAL, TEXCOORD_0 (textured materials only), optionally
COLOR_0 and custom attributes (names starting with `_`), and indices (unsigned short when they fit,
else unsigned int). Each accessor has its own tightly packed buffer view, 4-byte aligned, in one
binary chunk. The same batches always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pygltflib
from numpy.typing import NDArray

from halllayout.scene.geometry import Part

#: glTF constants, named as in the specification.
ARRAY_BUFFER = 34962
ELEMENT_ARRAY_BUFFER = 34963
FLOAT = 5126
UNSIGNED_BYTE = 5121
UNSIGNED_SHORT = 5123
UNSIGNED_INT = 5125
LINEAR = 9729
LINEAR_MIPMAP_LINEAR = 9987
CLAMP_TO_EDGE = 33071
REPEAT = 10497
INSTANCING = "EXT_mesh_gpu_instancing"

AlphaMode = Literal["OPAQUE", "BLEND", "MASK"]


@dataclass(frozen=True)
class Material:
    """A metallic-roughness PBR material; `texture` is an image (bytes, PNG unless `mime` says
    otherwise, e.g. "image/jpeg") used as base colour.

    `emissive` is the linear RGB light it gives off (lamp lenses, lit signs); `alpha_mode` BLEND for
    signage drawn over other surfaces.
    """

    name: str
    base_color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    metallic: float = 0.0
    roughness: float = 0.9
    texture: bytes | None = None
    repeat: bool = False
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    alpha_mode: AlphaMode = "OPAQUE"
    double_sided: bool = False
    mime: str = "image/png"


@dataclass(frozen=True)
class Batch:
    """Geometry drawn with one material; `colors` per vertex, (n, 3) float32 or (n, 4) uint8 (written as
    normalised bytes, a quarter of the size), or None. Without `normals` the GLB leaves NORMAL out and
    viewers shade the triangles flat (right for flat signage, and 12 bytes a vertex lighter).

    `attributes` are custom per-vertex attributes, each (n,) float32, named with a leading underscore
    (e.g. `_BOOTH`: the index of the booth each vertex belongs to).
    """

    name: str
    material: Material
    part: Part
    colors: NDArray[np.float32] | NDArray[np.uint8] | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    attributes: Mapping[str, NDArray[np.float32]] = field(default_factory=dict)
    normals: bool = True


@dataclass(frozen=True)
class InstancedBatch:
    """One mesh drawn at every transform: translations (k, 3), rotations (k, 4) as unit quaternions
    (x, y, z, w), scales (k, 3); `attributes` are custom per-instance attributes, each (k,) float32."""

    name: str
    material: Material
    part: Part
    translations: NDArray[np.float32]
    rotations: NDArray[np.float32]
    scales: NDArray[np.float32]
    extras: dict[str, Any] = field(default_factory=dict)
    attributes: Mapping[str, NDArray[np.float32]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        k = len(self.translations)
        if self.rotations.shape != (k, 4) or self.scales.shape != (k, 3) or self.translations.shape != (k, 3):
            raise ValueError(
                f"instanced batch {self.name!r}: translations {self.translations.shape}, "
                f"rotations {self.rotations.shape} and scales {self.scales.shape} disagree"
            )


@dataclass(frozen=True)
class Marker:
    """An empty node: a name, a glTF position and `extras`."""

    name: str
    translation: tuple[float, float, float]
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

    def accessor(
        self,
        array: NDArray[Any],
        kind: str,
        *,
        indices: bool = False,
        bounds: bool = False,
        target: int | None = ARRAY_BUFFER,
    ) -> int:
        normalized = None
        if array.dtype == np.uint8:
            component, normalized = UNSIGNED_BYTE, True
            array = np.ascontiguousarray(array)
        elif indices:
            component = UNSIGNED_SHORT if array.max(initial=0) < 65535 else UNSIGNED_INT
            array = array.astype(np.uint16 if component == UNSIGNED_SHORT else np.uint32).reshape(-1)
            target = ELEMENT_ARRAY_BUFFER
        else:
            component = FLOAT
            array = np.ascontiguousarray(array, dtype=np.float32)
        view = self.view(array.tobytes(), target)
        accessor = pygltflib.Accessor(
            bufferView=view, componentType=component, count=len(array), type=kind, normalized=normalized
        )
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
            pygltflib.Image(bufferView=chunk.view(material.texture, None), mimeType=material.mime)
        )
        gltf.textures.append(pygltflib.Texture(sampler=len(gltf.samplers) - 1, source=len(gltf.images) - 1))
        pbr.baseColorTexture = pygltflib.TextureInfo(index=len(gltf.textures) - 1)
    gltf_material = pygltflib.Material(name=material.name, pbrMetallicRoughness=pbr)
    if any(material.emissive):
        gltf_material.emissiveFactor = list(material.emissive)
    if material.alpha_mode != "OPAQUE":
        gltf_material.alphaMode = material.alpha_mode
    if material.double_sided:
        gltf_material.doubleSided = True
    gltf.materials.append(gltf_material)
    return len(gltf.materials) - 1


def _primitive(
    gltf: pygltflib.GLTF2,
    chunk: _BinaryChunk,
    material: int,
    textured: bool,
    part: Part,
    colors: NDArray[Any] | None,
    attributes: Mapping[str, NDArray[np.float32]],
    normals: bool = True,
) -> pygltflib.Primitive:
    accessors = pygltflib.Attributes(POSITION=chunk.accessor(part.positions, "VEC3", bounds=True))
    if normals:
        accessors.NORMAL = chunk.accessor(part.normals, "VEC3")
    if textured:
        accessors.TEXCOORD_0 = chunk.accessor(part.uvs, "VEC2")
    if colors is not None:
        accessors.COLOR_0 = chunk.accessor(colors, "VEC4" if colors.shape[1] == 4 else "VEC3")
    for name in sorted(attributes):
        if not name.startswith("_"):
            raise ValueError(f"custom attribute {name!r} must start with an underscore")
        setattr(accessors, name, chunk.accessor(attributes[name], "SCALAR"))
    return pygltflib.Primitive(
        attributes=accessors,
        indices=chunk.accessor(part.indices, "SCALAR", indices=True),
        material=material,
    )


def write_glb(
    scene_name: str,
    batches: Sequence[Batch | InstancedBatch],
    extras: dict[str, Any] | None = None,
    markers: Sequence[Marker] = (),
) -> bytes:
    """The GLB bytes of a scene: a root node named `scene_name` holding one node per batch, then one
    empty node per marker."""
    gltf = pygltflib.GLTF2(asset=pygltflib.Asset(version="2.0", generator="halllayout"))
    chunk = _BinaryChunk(gltf)
    materials: dict[Material, int] = {}
    children: list[int] = []
    instanced = False
    for batch in batches:
        if len(batch.part.indices) == 0:
            continue
        if isinstance(batch, InstancedBatch) and len(batch.translations) == 0:
            continue
        if batch.material not in materials:
            materials[batch.material] = _material(gltf, chunk, batch.material)
        textured = batch.material.texture is not None
        if isinstance(batch, InstancedBatch):
            primitive = _primitive(gltf, chunk, materials[batch.material], textured, batch.part, None, {})
            instance_attributes = {
                "TRANSLATION": chunk.accessor(batch.translations, "VEC3", target=None),
                "ROTATION": chunk.accessor(batch.rotations, "VEC4", target=None),
                "SCALE": chunk.accessor(batch.scales, "VEC3", target=None),
            }
            for name in sorted(batch.attributes):
                if not name.startswith("_"):
                    raise ValueError(f"custom attribute {name!r} must start with an underscore")
                instance_attributes[name] = chunk.accessor(batch.attributes[name], "SCALAR", target=None)
            node_extensions: dict[str, Any] = {INSTANCING: {"attributes": instance_attributes}}
            instanced = True
        else:
            primitive = _primitive(
                gltf,
                chunk,
                materials[batch.material],
                textured,
                batch.part,
                batch.colors,
                batch.attributes,
                batch.normals,
            )
            node_extensions = {}
        gltf.meshes.append(pygltflib.Mesh(name=batch.name, primitives=[primitive]))
        node = pygltflib.Node(name=batch.name, mesh=len(gltf.meshes) - 1, extras=batch.extras or {})
        if node_extensions:
            node.extensions = node_extensions
        gltf.nodes.append(node)
        children.append(len(gltf.nodes) - 1)
    for marker in markers:
        gltf.nodes.append(
            pygltflib.Node(name=marker.name, translation=list(marker.translation), extras=marker.extras)
        )
        children.append(len(gltf.nodes) - 1)
    gltf.nodes.append(pygltflib.Node(name=scene_name, children=children, extras=extras or {}))
    gltf.scenes.append(pygltflib.Scene(name=scene_name, nodes=[len(gltf.nodes) - 1]))
    gltf.scene = 0
    if instanced:
        gltf.extensionsUsed = [INSTANCING]
    chunk.data.extend(b"\x00" * (-len(chunk.data) % 4))
    gltf.buffers.append(pygltflib.Buffer(byteLength=len(chunk.data)))
    gltf.set_binary_blob(bytes(chunk.data))
    return bytes(b"".join(gltf.save_to_bytes()))
