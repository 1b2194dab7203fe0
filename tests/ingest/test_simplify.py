"""Simplification keeps UVs, colours, normals and materials; surface distance measures the result."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.simplify import (
    SimplifyError,
    closest_point_on_triangles,
    simplify,
    surface_distance,
    weld,
    with_crease_normals,
)

DUCK = Path(__file__).resolve().parent.parent / "data" / "models" / "good" / "Duck.glb"


def uv_sphere(rows: int = 60, columns: int = 120, radius: float = 1.0, material: int = 0) -> Primitive:
    """A UV-mapped sphere with a seam at u = 0/1 (the seam's vertices doubled), no normals."""
    v, u = np.meshgrid(np.linspace(0, 1, rows + 1), np.linspace(0, 1, columns + 1), indexing="ij")
    theta, phi = 2 * np.pi * u, np.pi * v
    xyz = np.stack([np.sin(phi) * np.cos(theta), np.cos(phi), np.sin(phi) * np.sin(theta)], -1) * radius
    ids = np.arange((rows + 1) * (columns + 1)).reshape(rows + 1, columns + 1)
    a, b, c, d = ids[:-1, :-1], ids[:-1, 1:], ids[1:, :-1], ids[1:, 1:]
    faces = np.concatenate([np.stack([a, b, c], -1)[1:], np.stack([b, d, c], -1)[:-1]]).reshape(-1, 3)
    return Primitive(
        xyz.reshape(-1, 3).astype(np.float32),
        faces.astype(np.uint32),
        material=material,
        uvs=np.stack([u, v], -1).reshape(-1, 2).astype(np.float32),
    )


def cube(normals: bool = False) -> Primitive:
    """A unit cube of 8 corners and 12 triangles, or of 24 vertices with a normal per face."""
    corners = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], np.float32)
    quads = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    faces = np.array([[q[0], q[1], q[2]] for q in quads] + [[q[0], q[2], q[3]] for q in quads], np.uint32)
    if not normals:
        return Primitive(corners, faces)
    positions = corners[faces.ravel()]
    a, b, c = positions[0::3], positions[1::3], positions[2::3]
    face_normal = np.cross(b - a, c - a)
    face_normal /= np.linalg.norm(face_normal, axis=1, keepdims=True)
    return Primitive(
        positions, np.arange(36, dtype=np.uint32).reshape(-1, 3), normals=np.repeat(face_normal, 3, 0)
    )


def one(primitive: Primitive, material: Material | None = None) -> ProductMesh:
    return ProductMesh((primitive,), (material or Material(),))


def test_a_textured_sphere_keeps_its_uvs_under_the_target() -> None:
    sphere = uv_sphere()
    texture = Image.new("RGB", (8, 8), (200, 10, 10))
    result = simplify(one(sphere, Material("skin", texture=texture)), 1000)
    assert sphere.triangles == 14160
    assert 900 <= result.triangles <= 1000
    (primitive,) = result.primitives
    assert primitive.uvs is not None and primitive.normals is not None
    assert primitive.uvs.min() >= 0.0 and primitive.uvs.max() <= 1.0
    # the texture still spans the whole sphere: the seam and both poles are kept
    assert primitive.uvs[:, 0].min() == 0.0 and primitive.uvs[:, 0].max() == 1.0
    assert result.materials[0].texture is texture


def test_uvs_follow_the_surface() -> None:
    """Each simplified vertex's UV is the UV of the sphere where it now lies (u = longitude / 2π)."""
    (primitive,) = simplify(one(uv_sphere()), 1500).primitives
    assert primitive.uvs is not None
    p = primitive.positions.astype(np.float64)
    interior = (np.abs(p[:, 1]) < 0.95) & (primitive.uvs[:, 0] > 0.02) & (primitive.uvs[:, 0] < 0.98)
    longitude = np.mod(np.arctan2(p[interior, 2], p[interior, 0]), 2 * np.pi) / (2 * np.pi)
    assert np.abs(longitude - primitive.uvs[interior, 0]).max() < 0.01


def test_sphere_simplified_tenfold_stays_close() -> None:
    sphere = one(uv_sphere())
    result = simplify(sphere, sphere.triangles // 10)
    distance = surface_distance(sphere, result)
    assert distance["mean"] < 0.002
    assert distance["max"] < 0.01
    assert distance["diagonal"] == pytest.approx(np.sqrt(12), rel=1e-3)


def test_same_input_same_output() -> None:
    sphere = one(uv_sphere())
    first, second = simplify(sphere, 800), simplify(sphere, 800)
    for a, b in zip(first.primitives, second.primitives, strict=True):
        assert np.array_equal(a.positions, b.positions)
        assert np.array_equal(a.indices, b.indices)
        assert a.uvs is not None and b.uvs is not None and np.array_equal(a.uvs, b.uvs)


def test_budget_is_shared_by_triangles_and_materials_are_kept() -> None:
    big, small = uv_sphere(60, 120, material=0), uv_sphere(20, 40, 0.3, material=1)
    mesh = ProductMesh((big, small), (Material("red"), Material("blue")))
    result = simplify(mesh, 1000)
    assert result.triangles <= 1000
    assert [p.material for p in result.primitives] == [0, 1]
    assert result.materials == mesh.materials
    share = result.primitives[0].triangles / result.triangles
    assert share == pytest.approx(big.triangles / mesh.triangles, abs=0.05)


def test_vertex_colours_are_kept() -> None:
    sphere = uv_sphere()
    red_above = np.where(sphere.positions[:, 1:2] > 0, [[1, 0, 0, 1]], [[0, 0, 1, 1]]).astype(np.float32)
    coloured = Primitive(sphere.positions, sphere.indices, colors=red_above)
    (primitive,) = simplify(one(coloured), 1000).primitives
    assert primitive.colors is not None
    top = primitive.positions[:, 1] > 0.2
    assert np.allclose(primitive.colors[top], [1, 0, 0, 1], atol=1e-6)
    assert np.allclose(primitive.colors[primitive.positions[:, 1] < -0.2], [0, 0, 1, 1], atol=1e-6)


def test_a_mesh_within_budget_is_only_welded() -> None:
    cube_soup = Primitive(
        cube().positions[cube().indices.ravel()], np.arange(36, dtype=np.uint32).reshape(-1, 3)
    )
    (primitive,) = simplify(one(cube_soup), 100).primitives
    assert primitive.triangles == 12
    assert len(primitive.positions) == 24  # 8 corners, each split into 3 by its faces' normals


def test_crease_normals_split_a_cube_and_not_a_sphere() -> None:
    hard = with_crease_normals(cube(), 1.0)
    welded = weld(hard, 1.0)
    assert len(welded.positions) == 24
    assert welded.normals is not None
    assert np.allclose(np.abs(welded.normals).max(axis=1), 1.0)  # axis-aligned
    sphere = weld(uv_sphere(), 2.0)
    smooth = weld(with_crease_normals(sphere, 2.0), 2.0)
    assert len(smooth.positions) == len(sphere.positions)
    assert smooth.normals is not None
    assert np.allclose(smooth.normals, smooth.positions, atol=0.01)  # a unit sphere's normal is its point


def test_given_normals_are_kept_and_hard_edges_stay() -> None:
    (primitive,) = simplify(one(cube(normals=True)), 12).primitives
    assert len(primitive.positions) == 24
    assert primitive.normals is not None and np.allclose(np.abs(primitive.normals).max(axis=1), 1.0)


def test_weld_merges_equal_vertices_and_drops_unused_and_degenerate() -> None:
    positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [5, 5, 5], [0, 0, 0]], np.float32)
    indices = np.array([[0, 1, 2], [2, 3, 5], [0, 3, 5]], np.uint32)  # the last one degenerate once welded
    welded = weld(Primitive(positions, indices), 1.0)
    assert welded.positions.tolist() == [[0, 0, 0], [1, 0, 0], [0, 1, 0]]
    assert welded.indices.tolist() == [[0, 1, 2], [2, 1, 0]]


def test_weld_keys_values_far_out_without_overflow() -> None:
    # an upload's UVs of 3e38 (finite float32) overflowed the int64 weld keys ("invalid value
    # encountered in cast"); they now weld with their like and apart from the rest
    positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]], np.float32)
    uvs = np.array([[0, 0], [3e38, 0], [0, 1], [3e38, 0]], np.float32)
    indices = np.array([[0, 1, 2], [0, 3, 2]], np.uint32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        welded = weld(Primitive(positions, indices, uvs=uvs), 1.0)
    assert len(welded.positions) == 3
    assert welded.uvs is not None and welded.uvs[:, 0].tolist() == [0, np.float32(3e38), 0]


def test_surface_distance_of_a_plane_moved_up() -> None:
    square = Primitive(
        np.array([[0, 0, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1]], np.float32),
        np.array([[0, 2, 1], [0, 3, 2]], np.uint32),
    )
    moved = Primitive(square.positions + np.float32([0, 0.1, 0]), square.indices)
    distance = surface_distance(one(square), one(moved), samples=500)
    assert distance["diagonal"] == pytest.approx(np.sqrt(2))
    assert distance["mean"] == pytest.approx(0.1 / np.sqrt(2), rel=1e-5)
    assert distance["max"] == pytest.approx(0.1 / np.sqrt(2), rel=1e-5)
    assert surface_distance(one(square), one(square))["max"] < 1e-12


def test_closest_point_on_a_triangle_in_each_region() -> None:
    triangle = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float64)
    points = np.array(
        [[0.2, 0.2, 3], [-1, -1, 0], [2, -0.5, 0], [1, 1, 0], [0.5, -2, 1], [-3, 0.5, 0]], np.float64
    )
    closest = closest_point_on_triangles(points, np.repeat(triangle[None], len(points), axis=0))
    expected = [[0.2, 0.2, 0], [0, 0, 0], [1, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0], [0, 0.5, 0]]
    assert np.allclose(closest, expected)


def test_bad_budgets_are_refused() -> None:
    with pytest.raises(ValueError, match="max_triangles: expected a positive number, got 0"):
        simplify(one(cube()), 0)
    empty = Primitive(np.zeros((3, 3), np.float32), np.zeros((0, 3), np.uint32))
    with pytest.raises(SimplifyError, match="no triangles"):
        simplify(ProductMesh((empty,), (Material(),)), 10)


def test_the_duck_keeps_its_texture_coordinates() -> None:
    from halllayout.ingest.read import read_upload

    duck = read_upload(DUCK)
    result = simplify(duck, 1000)
    assert result.triangles <= 1000
    before = np.concatenate([p.uvs for p in duck.primitives if p.uvs is not None])
    after = np.concatenate([p.uvs for p in result.primitives if p.uvs is not None])
    assert before.min() - 1e-6 <= after.min() and after.max() <= before.max() + 1e-6
    assert surface_distance(duck, result)["mean"] < 0.005
    assert result.materials[0].texture is not None
