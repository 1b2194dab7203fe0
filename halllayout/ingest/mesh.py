"""The product model between the stages of ingestion: triangle primitives grouped by PBR material.

Coordinates are metres, +Y up, the model standing on y = 0 with its footprint centred on the origin
once normalised (`normalise.py`); a primitive's arrays are numpy, indices (m, 3) uint32.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from PIL import Image


@dataclass(frozen=True)
class Material:
    """A metallic-roughness material; `texture` is the base-colour image, if any."""

    name: str = ""
    base_color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    metallic: float = 0.0
    roughness: float = 0.9
    texture: Image.Image | None = field(default=None, compare=False)
    double_sided: bool = False
    alpha_mode: str = "OPAQUE"


@dataclass(frozen=True)
class Primitive:
    """Triangles drawn with one material: positions (n, 3) float32, optional normals (n, 3), uvs (n, 2)
    and colours (n, 4) float32, indices (m, 3) uint32, and the index of its material."""

    positions: NDArray[np.float32]
    indices: NDArray[np.uint32]
    material: int = 0
    normals: NDArray[np.float32] | None = None
    uvs: NDArray[np.float32] | None = None
    colors: NDArray[np.float32] | None = None

    @property
    def triangles(self) -> int:
        return len(self.indices)


@dataclass(frozen=True)
class ProductMesh:
    """A whole product: its primitives and the materials they index."""

    primitives: tuple[Primitive, ...]
    materials: tuple[Material, ...]

    @property
    def triangles(self) -> int:
        return sum(p.triangles for p in self.primitives)

    def bounds(self) -> NDArray[np.float64]:
        """[[min x, y, z], [max x, y, z]] over every primitive."""
        points = np.concatenate([p.positions for p in self.primitives]).astype(np.float64)
        return np.array([points.min(axis=0), points.max(axis=0)])
