"""Normalising: units detected or given, Z-up turned to Y-up, standing on the origin, fit to a box."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from halllayout.ingest import normalise as normalise_module
from halllayout.ingest.mesh import Primitive, ProductMesh
from halllayout.ingest.normalise import detect_units, normalise


def _mesh(*points: tuple[float, float, float], normals: bool = False) -> ProductMesh:
    positions = np.array(points, np.float32)
    indices = np.arange(len(points) - len(points) % 3, dtype=np.uint32).reshape(-1, 3)
    n = np.tile(np.array([[0, 0, 1]], np.float32), (len(points), 1)) if normals else None
    return ProductMesh((Primitive(positions, indices, normals=n),), ())


def test_doctests() -> None:
    assert doctest.testmod(normalise_module).failed == 0


def test_a_kettle_in_millimetres_arrives_at_its_real_size() -> None:
    kettle = _mesh((0, 0, 0), (200, 0, 0), (0, 400, 150))
    result = normalise(kettle, "glb")
    assert (result.units, result.units_detected, result.up) == ("mm", True, "y")
    assert result.size == (0.2, 0.4, 0.15)
    assert np.allclose(result.mesh.bounds(), [[-0.1, 0, -0.075], [0.1, 0.4, 0.075]], atol=1e-6)


def test_units_rule() -> None:
    assert [detect_units(e, "glb") for e in (0.5, 4.9, 12, 60)] == ["m", "m", "m", "mm"]
    assert [detect_units(e, "stl") for e in (0.5, 4.9, 12, 60)] == ["m", "m", "cm", "mm"]


def test_given_units_and_up_win() -> None:
    part = _mesh((0, 0, 0), (10, 0, 0), (0, 20, 30))
    result = normalise(part, "stl", units="in", up="y")
    assert (result.units, result.units_detected, result.up, result.up_detected) == ("in", False, "y", False)
    assert result.size == pytest.approx((0.254, 0.508, 0.762))


def test_z_up_is_turned_to_y_up_normals_too() -> None:
    result = normalise(_mesh((0, 0, 0), (1, 0, 0), (0, 1, 2), normals=True), "stl")
    assert result.up == "z" and "turned from +Z up to +Y up" in result.changes
    assert result.size == (1.0, 2.0, 1.0)
    (primitive,) = result.mesh.primitives
    assert primitive.normals is not None
    assert primitive.normals[0].tolist() == pytest.approx([0, 1, 0])


def test_fit_scales_uniformly_into_the_box() -> None:
    result = normalise(_mesh((0, 0, 0), (2, 0, 0), (0, 1, 0.5)), "glb", fit=(1, 1, 1))
    assert result.fit_scale == 0.5
    assert result.size == (2.0, 1.0, 0.5)  # the real size, before fitting
    assert np.allclose(result.mesh.bounds(), [[-0.5, 0, -0.125], [0.5, 0.5, 0.125]], atol=1e-6)


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="units must be one of"):
        normalise(_mesh((0, 0, 0), (1, 0, 0), (0, 1, 0)), "glb", units="yd")
    with pytest.raises(ValueError, match="fit must be three positive sizes"):
        normalise(_mesh((0, 0, 0), (1, 0, 0), (0, 1, 0)), "glb", fit=(1, 0, 1))
