import numpy as np
import pytest

from halllayout.scene.geometry import merge, plan_box, vertical_quad


def _face_normals(part) -> np.ndarray:
    v, t = part.positions, part.indices
    n = np.cross(v[t[:, 1]] - v[t[:, 0]], v[t[:, 2]] - v[t[:, 0]])
    return n / np.linalg.norm(n, axis=1)[:, None]


def test_plan_box_maps_plan_to_gltf_y_up() -> None:
    part = plan_box(1, 2, 4, 3, 0, 2.5)
    assert part.positions.min(axis=0).tolist() == [1, 0, -3]
    assert part.positions.max(axis=0).tolist() == [4, 2.5, -2]
    assert part.positions.shape == (24, 3) and part.indices.shape == (12, 3)


def test_plan_box_winds_counter_clockwise_seen_from_outside() -> None:
    part = plan_box(0, 0, 2, 1, 0, 3)
    assert np.allclose(_face_normals(part), part.normals[part.indices[:, 0]])


def test_plan_box_refuses_empty_extent() -> None:
    with pytest.raises(ValueError, match="x0 < x1"):
        plan_box(1, 0, 1, 1, 0, 1)


def test_vertical_quad_faces_right_of_its_segment() -> None:
    quad = vertical_quad((2, 0), (0, 0), 0, 1, (0, 0, 1, 1))  # westward segment: faces north, glTF -Z
    assert quad.normals[0].tolist() == [0, 0, -1]
    assert np.allclose(_face_normals(quad), quad.normals[:2])
    # u0 at a (the viewer's left), v0 at the top
    assert quad.uvs[0].tolist() == [0, 1] and quad.positions[0].tolist() == [2, 0, 0]


def test_merge_renumbers_indices() -> None:
    merged = merge([plan_box(0, 0, 1, 1, 0, 1), plan_box(2, 0, 3, 1, 0, 1)])
    assert merged.positions.shape == (48, 3)
    assert merged.indices.max() == 47 and merged.indices[12:].min() == 24
