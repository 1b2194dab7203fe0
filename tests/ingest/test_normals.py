"""Vertex normals from triangles."""

from __future__ import annotations

import doctest

import numpy as np

from halllayout.ingest import normals
from halllayout.ingest.normals import smooth_normals


def test_doctests() -> None:
    assert doctest.testmod(normals).failed == 0


def test_a_vertex_shared_by_two_faces_leans_to_the_larger() -> None:
    positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, -3]], np.float32)
    result = smooth_normals(positions, np.array([[0, 1, 2], [0, 3, 1]], np.uint32))
    assert np.allclose(result[2], [0, 0, 1]) and np.allclose(result[3], [0, -1, 0])
    assert np.allclose(result[0], np.array([0, -3, 1]) / np.sqrt(10))
