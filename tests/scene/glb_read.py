"""Reading a hall GLB back for the scene tests: meshes, instances with their world boxes, markers."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pygltflib

COMPONENTS = {5126: np.float32, 5121: np.uint8, 5123: np.uint16, 5125: np.uint32}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}


@dataclass
class Loaded:
    gltf: pygltflib.GLTF2
    blob: bytes

    @classmethod
    def of(cls, data: bytes | Path) -> Loaded:
        if isinstance(data, Path):
            data = data.read_bytes()
        gltf = pygltflib.GLTF2.load_from_bytes(data)
        return cls(gltf, gltf.binary_blob())

    def array(self, index: int) -> np.ndarray:
        accessor = self.gltf.accessors[index]
        view = self.gltf.bufferViews[accessor.bufferView]
        dtype = COMPONENTS[accessor.componentType]
        width = WIDTHS[accessor.type]
        start = view.byteOffset + (accessor.byteOffset or 0)
        raw = np.frombuffer(self.blob, dtype=dtype, count=accessor.count * width, offset=start)
        return raw.reshape(accessor.count, width) if width > 1 else raw

    def node(self, name: str) -> pygltflib.Node:
        return next(n for n in self.gltf.nodes if n.name == name)

    def mesh_nodes(self) -> list[pygltflib.Node]:
        return [n for n in self.gltf.nodes if n.mesh is not None]

    def material_of(self, node: pygltflib.Node) -> str:
        primitive = self.gltf.meshes[node.mesh].primitives[0]
        return str(self.gltf.materials[primitive.material].name)

    def root_extras(self) -> dict[str, Any]:
        root = self.gltf.nodes[self.gltf.scenes[0].nodes[0]]
        return dict(root.extras["halllayout"])

    def markers(self, kind: str) -> list[dict[str, Any]]:
        return [
            n.extras["halllayout"]
            for n in self.gltf.nodes
            if n.mesh is None and n.extras and n.extras.get("halllayout", {}).get("kind") == kind
        ]

    def instances(self, material: str) -> tuple[np.ndarray, np.ndarray]:
        """World AABBs (k, 2, 3) of every instance of the instanced node with `material`, and their
        `_BOOTH` values."""
        node = next(n for n in self.mesh_nodes() if self.material_of(n) == material and n.extensions)
        attributes = node.extensions["EXT_mesh_gpu_instancing"]["attributes"]
        t = self.array(attributes["TRANSLATION"])
        r = self.array(attributes["ROTATION"])
        s = self.array(attributes["SCALE"])
        primitive = self.gltf.meshes[node.mesh].primitives[0]
        positions = self.array(primitive.attributes.POSITION)
        lo, hi = positions.min(axis=0), positions.max(axis=0)
        corners = np.array(
            [[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
        )
        boxes = np.zeros((len(t), 2, 3))
        for k in range(len(t)):
            m = _rotation(r[k])
            world = (m @ (corners * s[k]).T).T + t[k]
            boxes[k] = [world.min(axis=0), world.max(axis=0)]
        return boxes, self.array(attributes["_BOOTH"])

    def draw_calls(self) -> int:
        return sum(len(self.gltf.meshes[n.mesh].primitives) for n in self.mesh_nodes())


def _rotation(q: np.ndarray) -> np.ndarray:
    x, y, z, w = (float(v) for v in q)
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def plan_rect(box: np.ndarray) -> tuple[float, float, float, float]:
    """The plan rectangle (x0, y0, x1, y1) under a world AABB (glTF z is -plan y)."""
    return (float(box[0][0]), float(-box[1][2]), float(box[1][0]), float(-box[0][2]))


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height
