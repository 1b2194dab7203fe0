"""Pure geometry generators for the scene, in glTF coordinates (metres, +Y up).

A plan point (x, y) at height h is the glTF point (x, h, -y). Every generator returns a `Part`:
positions (n, 3) float32, normals (n, 3) float32, uvs (n, 2) float32 and triangle indices (m, 3) uint32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# The six faces of a unit box: outward normal, then the two axes spanning the face (u to the right,
# v up, seen from outside), so each face's corners wind counter-clockwise from outside.
_FACES = np.array(
    [
        [[1, 0, 0], [0, 0, -1], [0, 1, 0]],
        [[-1, 0, 0], [0, 0, 1], [0, 1, 0]],
        [[0, 1, 0], [1, 0, 0], [0, 0, -1]],
        [[0, -1, 0], [1, 0, 0], [0, 0, 1]],
        [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
        [[0, 0, -1], [-1, 0, 0], [0, 1, 0]],
    ],
    dtype=np.float32,
)
_CORNERS = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float32)
_QUAD = np.array([[0, 1, 2], [0, 2, 3]], dtype=np.uint32)


@dataclass(frozen=True)
class Part:
    """A piece of triangle mesh: positions (n, 3), normals (n, 3), uvs (n, 2), indices (m, 3)."""

    positions: NDArray[np.float32]
    normals: NDArray[np.float32]
    uvs: NDArray[np.float32]
    indices: NDArray[np.uint32]


def plan_box(x0: float, y0: float, x1: float, y1: float, z0: float, z1: float) -> Part:
    """A box over the plan rectangle [x0, x1] × [y0, y1], from height z0 to z1.

    UVs are in metres along each face, so a tiling texture keeps its scale.

    >>> part = plan_box(0, 0, 2, 1, 0, 3)
    >>> part.positions.min(axis=0).tolist(), part.positions.max(axis=0).tolist()
    ([0.0, 0.0, -1.0], [2.0, 3.0, 0.0])
    """
    if not (x1 > x0 and y1 > y0 and z1 > z0):
        raise ValueError(f"plan_box needs x0 < x1, y0 < y1, z0 < z1; got {(x0, y0, x1, y1, z0, z1)}")
    centre = np.array([(x0 + x1) / 2, (z0 + z1) / 2, -(y0 + y1) / 2], dtype=np.float32)
    half = np.array([(x1 - x0) / 2, (z1 - z0) / 2, (y1 - y0) / 2], dtype=np.float32)
    normal, u_axis, v_axis = _FACES[:, 0], _FACES[:, 1], _FACES[:, 2]
    # corners: (6 faces, 4 corners, 3)
    offsets = (
        normal[:, None, :]
        + _CORNERS[None, :, 0:1] * u_axis[:, None, :]
        + _CORNERS[None, :, 1:2] * v_axis[:, None, :]
    )
    positions = (centre + offsets * half).reshape(-1, 3)
    normals = np.repeat(normal, 4, axis=0)
    u_len = np.abs(u_axis * half).sum(axis=1) * 2
    v_len = np.abs(v_axis * half).sum(axis=1) * 2
    uvs = (_CORNERS[None, :, :] + 1) / 2 * np.stack([u_len, v_len], axis=1)[:, None, :]
    uvs[..., 1] = np.stack([v_len] * 4, axis=1) - uvs[..., 1]  # glTF v runs downwards
    indices = (_QUAD[None, :, :] + 4 * np.arange(6, dtype=np.uint32)[:, None, None]).reshape(-1, 3)
    return Part(positions.astype(np.float32), normals.astype(np.float32), uvs.reshape(-1, 2), indices)


def vertical_quad(
    a: tuple[float, float],
    b: tuple[float, float],
    z0: float,
    z1: float,
    uv_rect: tuple[float, float, float, float],
) -> Part:
    """A wall-like quad on the plan segment a→b from height z0 to z1, facing the right of a→b.

    Standing in front of it, a is on your left and b on your right. `uv_rect` is (u0, v0, u1, v1):
    u0 at a, u1 at b, v0 at the top edge and v1 at the bottom (glTF's v runs downwards).
    """
    (ax, ay), (bx, by) = a, b
    length = float(np.hypot(bx - ax, by - ay))
    if length == 0 or z1 <= z0:
        raise ValueError(
            f"vertical_quad needs a segment of positive length and z0 < z1; got {a}, {b}, {z0}, {z1}"
        )
    nx, ny = (by - ay) / length, -(bx - ax) / length
    corners = [(ax, ay, z0), (bx, by, z0), (bx, by, z1), (ax, ay, z1)]
    positions = np.array([[x, z, -y] for x, y, z in corners], dtype=np.float32)
    normals = np.tile(np.array([nx, 0, -ny], dtype=np.float32), (4, 1))
    u0, v0, u1, v1 = uv_rect
    uvs = np.array([[u0, v1], [u1, v1], [u1, v0], [u0, v0]], dtype=np.float32)
    return Part(positions, normals, uvs, _QUAD.copy())


def merge(parts: list[Part]) -> Part:
    """One part holding all of `parts`, indices renumbered."""
    if not parts:
        raise ValueError("merge needs at least one part")
    offsets = np.cumsum([0] + [len(p.positions) for p in parts[:-1]])
    return Part(
        np.concatenate([p.positions for p in parts]),
        np.concatenate([p.normals for p in parts]),
        np.concatenate([p.uvs for p in parts]),
        np.concatenate([p.indices + np.uint32(o) for p, o in zip(parts, offsets, strict=True)]),
    )
