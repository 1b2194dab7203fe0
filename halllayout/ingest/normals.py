"""Vertex normals from triangles, and making normals unit length, vectorised for million-triangle scans.

>>> positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float32)
>>> smooth_normals(positions, np.array([[0, 1, 2]], np.uint32)).tolist()
[[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
>>> unit_normals(np.array([[0, 0, 2], [0, 0, 0], [np.nan, 0, 0]])).tolist()
[[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def smooth_normals(positions: NDArray[np.floating], indices: NDArray[np.integer]) -> NDArray[np.float32]:
    """Unit normals (n, 3) of `positions` (n, 3), each the area-weighted mean of its triangles' (m, 3)."""
    corners = positions[indices].astype(np.float64)
    face = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])  # length: twice the area
    flat = indices.reshape(-1)
    summed = np.stack(
        [np.bincount(flat, np.repeat(face[:, axis], 3), minlength=len(positions)) for axis in range(3)],
        axis=1,
    )
    return unit_normals(summed.astype(np.float64))


def unit_normals(normals: NDArray[np.floating]) -> NDArray[np.float32]:
    """`normals` (n, 3) scaled to unit length; zero or non-finite ones become +Y."""
    normals = np.where(np.isfinite(normals), normals, 0.0).astype(np.float64)
    length = np.linalg.norm(normals, axis=1)
    bad = length < 1e-12
    normals[bad] = (0.0, 1.0, 0.0)
    length[bad] = 1.0
    unit: NDArray[np.float32] = (normals / length[:, None]).astype(np.float32)
    return unit
