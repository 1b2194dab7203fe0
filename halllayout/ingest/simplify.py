"""Fewer triangles, same look: quadric edge collapse that keeps UVs, normals, colours and materials.

`simplify(mesh, max_triangles)` shares the budget among the primitives by their share of the triangles
and simplifies each with fast-simplification (Fast Quadric Mesh Simplification, in C++). The steps for
one primitive:

1. **Normals**: a primitive without them gets area-weighted vertex normals, computed on the full-detail
   input (where they are most accurate), smooth unless faces meet at over `CREASE_ANGLE_DEGREES`,
   where the vertex is split: a cube stays a cube, a sphere smooth. Given normals are kept.
2. **Weld**: vertices equal in position, normal, UV and colour (quantised: 1e-6 of the model's
   diagonal, 1e-3, 1e-5 and 1/1024) become one; unused vertices and triangles welded flat are dropped.
3. **Collapse** edges by quadric error, open borders locked: UV seams and hard edges are borders of
   the welded mesh, so locking them keeps each UV island whole and free of cracks. Where locked
   borders leave more triangles than the target, borders are collapsed too.
4. **Attributes follow the surface**: a collapse moves the vertex it keeps to its quadric optimum; the
   vertex takes the UV, normal and colour of the input surface where it now lies (see
   `_attributes_at`), so the texture does not slide.

A primitive that stops short of its target (small disconnected parts resist collapse) keeps what it
reached and the others share the rest of the budget. Deterministic: no randomness anywhere.

`surface_distance(a, b)` measures how far the result strays from the input, both ways.
"""

from __future__ import annotations

from typing import Any

import fast_simplification
import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from halllayout.errors import HallLayoutError
from halllayout.ingest.mesh import Primitive, ProductMesh

CREASE_ANGLE_DEGREES = 45.0
"""Faces meeting at more than this share no normal: the edge between them is drawn sharp."""
AGGRESSIVENESS = 8.0
"""fast-simplification's `agg`: how fast its error threshold rises per pass (its default is 7; 8 takes a
third less time on the heavy benchmark model for the same surface distance)."""

_POSITION_QUANTUM = 1e-6  # of the model's bounding-box diagonal
_UV_QUANTUM = 1e-5
_COLOR_QUANTUM = 1.0 / 1024.0
_NORMAL_QUANTUM = 1e-3
_ATTEMPTS = 4
_CANDIDATES = 8  # input triangles, nearest by centre, searched for where a simplified vertex now lies
_MAX_SMOOTH_FAN = 256  # corners of one vertex compared pairwise for creases; larger fans are smoothed whole


class SimplifyError(HallLayoutError):
    """The mesh cannot be brought under the triangle budget."""


def simplify(mesh: ProductMesh, max_triangles: int) -> ProductMesh:
    """`mesh` with at most `max_triangles` triangles, its materials, UVs and colours kept.

    A mesh already within the budget is only welded and given crease normals where it has none.
    Deterministic: the same mesh and budget give the same arrays. Raises `SimplifyError` where the
    budget cannot be met (more primitives that resist collapse than it has room for).

    >>> from halllayout.ingest.mesh import Material
    >>> square = Primitive(
    ...     np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], np.float32),
    ...     np.array([[0, 1, 2], [0, 2, 3]], np.uint32))
    >>> simplify(ProductMesh((square,), (Material(),)), 2).triangles
    2
    """
    if max_triangles < 1:
        raise ValueError(f"max_triangles: expected a positive number, got {max_triangles}")
    if mesh.triangles == 0:
        raise SimplifyError("the model has no triangles to simplify")
    diagonal = float(np.linalg.norm(np.ptp(mesh.bounds(), axis=0))) or 1.0
    counts = [p.triangles for p in mesh.primitives]
    floors: dict[int, int] = {}  # primitives that stopped short of their target: what they reached
    for _ in range(_ATTEMPTS):
        targets = _share_budget(counts, max_triangles, floors)
        done = [
            _simplify_primitive(primitive, target, diagonal) if target > 0 else None
            for primitive, target in zip(mesh.primitives, targets, strict=True)
        ]
        result = ProductMesh(tuple(p for p in done if p is not None), mesh.materials)
        if result.triangles == 0:  # welded to nothing: a few vertices far off the rest stretch the tolerance
            raise SimplifyError(
                f"welding and simplifying left none of its {mesh.triangles:,} triangles "
                "(are some vertices far off the rest?)"
            )
        if result.triangles <= max_triangles:
            return result
        for index, (primitive, target) in enumerate(zip(done, targets, strict=True)):
            if primitive is not None and primitive.triangles > target:
                floors[index] = primitive.triangles
    raise SimplifyError(
        f"could not bring {mesh.triangles:,} triangles under {max_triangles:,}: {result.triangles:,} remain"
    )


def _share_budget(counts: list[int], budget: int, floors: dict[int, int] | None = None) -> list[int]:
    """Each primitive's target: the budget split by its share of the triangles, never above its own
    count. A primitive in `floors` gets what it could reach before and the others share the rest; the
    smallest may get 0 (left out) when the budget cannot give them a triangle.

    >>> _share_budget([900, 100], 100)
    [90, 10]
    >>> _share_budget([900, 100], 100, {1: 40})
    [60, 40]
    """
    floors = floors or {}
    if sum(counts) <= budget:
        return list(counts)
    rest = max(0, budget - sum(floors.values()))
    free = sum(c for i, c in enumerate(counts) if i not in floors)
    return [floors[i] if i in floors else min(c, rest * c // max(free, 1)) for i, c in enumerate(counts)]


def _simplify_primitive(primitive: Primitive, target: int, diagonal: float) -> Primitive:
    if primitive.normals is None:
        primitive = with_crease_normals(primitive, diagonal)
    welded = weld(primitive, diagonal)
    if welded.triangles <= target:
        return welded
    points, faces, survivors, root = _collapse(welded.positions, welded.indices, target)
    normals, uvs, colors = _attributes_at(points, survivors, root, welded)
    return Primitive(
        positions=points.astype(np.float32),
        indices=faces.astype(np.uint32),
        material=primitive.material,
        normals=normals,
        uvs=uvs,
        colors=colors,
    )


def _first_use_ids(key: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rows of `key` (n, k) numbered by first appearance: the number of each row (n,) and the index of
    the first row of each number (u,). Independent of how the keys sort, so output order follows input.

    Rows are hashed to one integer to sort fast; should two different rows share a hash, the rows are
    sorted whole instead."""
    key = np.ascontiguousarray(key)
    hashed = np.zeros(len(key), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in key.T:
            hashed = hashed * np.uint64(0x9E3779B97F4A7C15) + column.astype(np.uint64)
            hashed ^= hashed >> np.uint64(29)
    _, first, inverse = np.unique(hashed, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if not np.array_equal(key[first[inverse]], key):
        rows = key.view(np.dtype((np.void, key.dtype.itemsize * key.shape[1]))).ravel()
        _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse], first[order]


#: Quantised values are clipped to this, inside int64: a finite value far out (a UV of 1e38 in an
#: upload) then welds with its like instead of overflowing the cast.
_KEY_LIMIT = 2.0**62


def _quantised(values: NDArray[np.floating[Any]], quantum: float) -> NDArray[np.int64]:
    """`values` in whole steps of `quantum`, as weld keys."""
    steps = np.round(values.astype(np.float64) / quantum)
    return np.clip(steps, -_KEY_LIMIT, _KEY_LIMIT).astype(np.int64)


def _position_key(positions: NDArray[np.float32], diagonal: float) -> NDArray[np.int64]:
    return _quantised(positions, diagonal * _POSITION_QUANTUM)


def weld(primitive: Primitive, diagonal: float) -> Primitive:
    """`primitive` with vertices equal in position, normal, UV and colour (quantised) merged, unused ones
    dropped and degenerate triangles (two corners welded into one) dropped."""
    keys = [_position_key(primitive.positions, diagonal)]
    for values, quantum in (
        (primitive.normals, _NORMAL_QUANTUM),
        (primitive.uvs, _UV_QUANTUM),
        (primitive.colors, _COLOR_QUANTUM),
    ):
        if values is not None:
            keys.append(_quantised(values, quantum))
    key = np.concatenate(keys, axis=1)
    in_use = np.zeros(len(key), dtype=bool)
    in_use[primitive.indices.ravel()] = True
    used = np.flatnonzero(in_use)
    ids, first = _first_use_ids(key[used])
    source = used[first]
    remap = np.zeros(len(key), dtype=np.int64)
    remap[used] = ids
    indices = remap[primitive.indices.astype(np.int64)]
    keep = (
        (indices[:, 0] != indices[:, 1]) & (indices[:, 1] != indices[:, 2]) & (indices[:, 0] != indices[:, 2])
    )
    return Primitive(
        positions=primitive.positions[source],
        indices=indices[keep].astype(np.uint32),
        material=primitive.material,
        normals=None if primitive.normals is None else primitive.normals[source],
        uvs=None if primitive.uvs is None else primitive.uvs[source],
        colors=None if primitive.colors is None else primitive.colors[source],
    )


def _collapse(
    positions: NDArray[np.float32], indices: NDArray[np.uint32], target: int
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Quadric edge collapse to at most `target` triangles: the new points (p, 3) and faces (f, 3), for
    each point the index of the input vertex it is (moved), and for each input vertex (n,) the index of
    the input vertex it was collapsed into in the end (itself for those that are left)."""
    points = positions.astype(np.float64)
    faces = indices.astype(np.int32)
    for preserve_border in (True, False):
        new_points, new_faces, collapses = fast_simplification.simplify(
            points,
            faces,
            target_count=target,
            agg=AGGRESSIVENESS,
            return_collapses=True,
            preserve_border=preserve_border,
        )
        if len(new_faces) <= target:
            break
    pairs = np.asarray(collapses, dtype=np.int64).reshape(-1, 2)
    root = np.arange(len(points))
    root[pairs[:, 1]] = pairs[:, 0]  # each vertex is collapsed away once, into one that is left then
    while True:
        jumped = root[root]
        if np.array_equal(jumped, root):
            break
        root = jumped
    # fast-simplification keeps the vertices left in their input order: those never collapsed away
    # that a triangle still uses
    used = np.zeros(len(points), dtype=bool)
    used[indices.ravel()] = True
    survivors = np.flatnonzero(used & (root == np.arange(len(points))))
    if len(survivors) != len(new_points):  # a non-manifold corner left a vertex unused: match by place
        _, survivors = cKDTree(points).query(new_points)
    return new_points, np.asarray(new_faces, dtype=np.int64), np.asarray(survivors, dtype=np.int64), root


def _attributes_at(
    points: NDArray[np.float64], survivors: NDArray[np.int64], root: NDArray[np.int64], welded: Primitive
) -> tuple[NDArray[np.float32] | None, NDArray[np.float32] | None, NDArray[np.float32] | None]:
    """Normals, UVs and colours for the simplified points, interpolated where each point now lies.

    A collapse moves the vertex it keeps to the quadric optimum, often millimetres along the surface;
    its own UV would then slide the texture. So each point takes the attributes of the nearest point of
    the input surface, among the input triangles (the `_CANDIDATES` nearest by centre) that have a
    corner collapsed into it: those lie in its own UV island. A point with no such candidate keeps its
    vertex's attributes."""
    arrays = [welded.normals, welded.uvs, welded.colors]
    if all(a is None for a in arrays):
        return None, None, None
    faces = welded.indices.astype(np.int64)
    p = welded.positions
    centres = (p[faces[:, 0]] + p[faces[:, 1]] + p[faces[:, 2]]) / np.float32(3)
    k = min(_CANDIDATES, len(faces))
    _, nearest = cKDTree(centres, balanced_tree=False, compact_nodes=False).query(points, k=k)
    nearest = np.asarray(nearest).reshape(len(points), k)
    repeated = np.repeat(points, k, axis=0)
    tri = p.astype(np.float64)[faces[nearest.ravel()]]
    closest = closest_point_on_triangles(repeated, tri)
    distance = np.linalg.norm(closest - repeated, axis=1).reshape(-1, k)
    own_region = (root[faces[nearest]] == survivors[:, None, None]).any(axis=2)
    distance[~own_region] = np.inf
    best = np.argmin(distance, axis=1)
    found = np.isfinite(distance[np.arange(len(points)), best])
    pick = best + np.arange(len(points)) * k
    weights = barycentric(closest[pick], tri[pick])
    chosen = faces[nearest[np.arange(len(points)), best]]
    result: list[NDArray[np.float32] | None] = []
    for values in arrays:
        if values is None:
            result.append(None)
            continue
        interpolated = np.einsum("ij,ijk->ik", weights, values[chosen].astype(np.float64))
        interpolated[~found] = values[survivors[~found]]
        result.append(interpolated.astype(np.float32))
    if result[0] is not None:
        lengths = np.linalg.norm(result[0], axis=1, keepdims=True)
        result[0] = np.divide(result[0], lengths, out=np.zeros_like(result[0]), where=lengths > 0)
    return result[0], result[1], result[2]


def barycentric(p: NDArray[np.float64], tri: NDArray[np.float64]) -> NDArray[np.float64]:
    """The barycentric weights (n, 3) of points `p` (n, 3) in triangles `tri` (n, 3, 3); a degenerate
    triangle gives its first corner."""
    v0, v1, v2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0], p - tri[:, 0]
    d00, d01, d11 = _dot(v0, v0), _dot(v0, v1), _dot(v1, v1)
    d20, d21 = _dot(v2, v0), _dot(v2, v1)
    denom = d00 * d11 - d01 * d01
    ok = denom > 0
    safe = np.where(ok, denom, 1.0)
    v = np.where(ok, (d11 * d20 - d01 * d21) / safe, 0.0)
    w = np.where(ok, (d00 * d21 - d01 * d20) / safe, 0.0)
    weights: NDArray[np.float64] = np.clip(np.stack([1 - v - w, v, w], axis=1), 0.0, 1.0)
    weights /= weights.sum(axis=1, keepdims=True)
    return weights


def face_normals(positions: NDArray[np.float64], faces: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each face's normal (f, 3) scaled by twice its area (so sums weight by area)."""
    a, b, c = (positions[faces[:, k]] for k in range(3))
    result: NDArray[np.float64] = np.cross(b - a, c - a)
    return result


def with_crease_normals(primitive: Primitive, diagonal: float) -> Primitive:
    """`primitive` with area-weighted vertex normals, split at creases.

    Corners at one place (UV seams included) share their normal unless two of the faces there meet at
    more than the crease angle; then each corner gets the normal of the faces meeting its own face
    within the angle, and the vertex is split where its corners' normals differ. Vertices no triangle
    uses may be left over (`weld` drops them).
    """
    faces = primitive.indices.astype(np.int64)
    weighted = face_normals(primitive.positions.astype(np.float64), faces)
    lengths = np.linalg.norm(weighted, axis=1, keepdims=True)
    unit = np.divide(weighted, lengths, out=np.zeros_like(weighted), where=lengths > 0)
    place, _ = _first_use_ids(_position_key(primitive.positions, diagonal))
    corner_place = place[faces.ravel()]
    corner_face = np.repeat(np.arange(len(faces)), 3)
    # smooth normals per place; only places where a face strays more than half the crease angle from
    # that can hold a crease, and only their corners are compared face by face
    totals = np.stack(
        [np.bincount(corner_place, weights=weighted[corner_face, k]) for k in range(3)],
        axis=1,
    )
    totals_unit = totals / np.maximum(np.linalg.norm(totals, axis=1, keepdims=True), 1e-300)
    cos_half = np.cos(np.radians(CREASE_ANGLE_DEGREES / 2))
    candidate = np.zeros(len(totals), dtype=bool)
    for k in range(3):
        at = place[faces[:, k]]
        candidate[at[np.einsum("ij,ij->i", unit, totals_unit[at]) < cos_half]] = True
    vertex_of = np.arange(len(primitive.positions))
    vertex_normal = totals_unit[place]
    corner_out = faces.ravel().copy()
    subset = np.flatnonzero(candidate[corner_place])  # corners at a possible crease
    if len(subset):
        order = subset[np.lexsort((corner_face[subset], corner_place[subset]))]
        sorted_place = corner_place[order]
        starts = np.searchsorted(sorted_place, sorted_place, side="left")
        fan = np.searchsorted(sorted_place, sorted_place, side="right") - starts
        faces_sorted = corner_face[order]
        rows = np.flatnonzero(fan <= _MAX_SMOOTH_FAN)  # larger fans (a disc's centre) stay smooth
        cos_crease = np.cos(np.radians(CREASE_ANGLE_DEGREES))
        own = unit[faces_sorted[rows]]
        summed = np.zeros((len(rows), 3))
        creased = np.zeros(len(totals), dtype=bool)
        for offset in range(int(fan[rows].max(initial=0))):
            live = np.flatnonzero(offset < fan[rows])
            other = faces_sorted[starts[rows[live]] + offset]
            close = np.einsum("ij,ij->i", own[live], unit[other]) >= cos_crease
            summed[live[close]] += weighted[other[close]]
            creased[sorted_place[rows[live[~close]]]] = True
        at_crease = creased[sorted_place[rows]]
        if at_crease.any():
            # every corner at a crease gets a vertex of its own normal (shared by the corners of the
            # same vertex and normal); the vertices it replaces are left unused
            split = order[rows[at_crease]]
            normal = summed[at_crease]
            normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-300)
            key = np.concatenate(
                [corner_out[split, None], np.round(normal / _NORMAL_QUANTUM).astype(np.int64)], axis=1
            )
            ids, first = _first_use_ids(key)
            corner_out[split] = len(vertex_of) + ids
            vertex_of = np.concatenate([vertex_of, faces.ravel()[split[first]]])
            vertex_normal = np.concatenate([vertex_normal, normal[first]])
    return Primitive(
        positions=primitive.positions[vertex_of],
        indices=corner_out.reshape(-1, 3).astype(np.uint32),
        material=primitive.material,
        normals=vertex_normal.astype(np.float32),
        uvs=None if primitive.uvs is None else primitive.uvs[vertex_of],
        colors=None if primitive.colors is None else primitive.colors[vertex_of],
    )


def surface_distance(a: ProductMesh, b: ProductMesh, samples: int = 20000, seed: int = 0) -> dict[str, float]:
    """How far the surfaces of `a` and `b` lie apart, relative to the bounding-box diagonal of `a`.

    `samples` points are drawn uniformly (by area, seeded) on each surface and each is measured to the
    nearest point of the other surface (exactly, among the triangles nearest by centre); `mean` is the
    mean over both sets, `max` the largest (a sampled, symmetric Hausdorff distance), `diagonal` the
    diagonal in the model's units.
    """
    diagonal = float(np.linalg.norm(np.ptp(a.bounds(), axis=0))) or 1.0
    rng = np.random.default_rng(seed)
    tri_a, tri_b = _triangles(a), _triangles(b)
    a_to_b = _distance_to_triangles(_sample(tri_a, samples, rng), tri_b)
    b_to_a = _distance_to_triangles(_sample(tri_b, samples, rng), tri_a)
    both = np.concatenate([a_to_b, b_to_a])
    return {"mean": float(both.mean() / diagonal), "max": float(both.max() / diagonal), "diagonal": diagonal}


def _triangles(mesh: ProductMesh) -> NDArray[np.float64]:
    """Every triangle's corners, (t, 3, 3)."""
    return np.concatenate([p.positions.astype(np.float64)[p.indices] for p in mesh.primitives])


def _sample(triangles: NDArray[np.float64], count: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """`count` points (count, 3) uniform over the triangles' area."""
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    area = np.linalg.norm(np.cross(b - a, c - a), axis=1)
    which = rng.choice(len(triangles), size=count, p=area / area.sum())
    r1, r2 = rng.random(count), rng.random(count)
    flip = r1 + r2 > 1
    r1[flip], r2[flip] = 1 - r1[flip], 1 - r2[flip]
    picked: NDArray[np.float64] = a[which] + r1[:, None] * (b - a)[which] + r2[:, None] * (c - a)[which]
    return picked


def _distance_to_triangles(
    points: NDArray[np.float64], triangles: NDArray[np.float64], candidates: int = 16
) -> NDArray[np.float64]:
    """Each point's distance (n,) to the nearest of the `candidates` triangles whose centres lie nearest."""
    k = min(candidates, len(triangles))
    _, nearest = cKDTree(triangles.mean(axis=1)).query(points, k=k)
    nearest = np.asarray(nearest).reshape(len(points), k)
    repeated = np.repeat(points, k, axis=0)
    closest = closest_point_on_triangles(repeated, triangles[nearest.ravel()])
    result: NDArray[np.float64] = np.linalg.norm(closest - repeated, axis=1).reshape(-1, k).min(axis=1)
    return result


def closest_point_on_triangles(p: NDArray[np.float64], tri: NDArray[np.float64]) -> NDArray[np.float64]:
    """The point of triangle `tri[i]` (n, 3, 3) nearest `p[i]` (n, 3), by the regions of Ericson's
    *Real-Time Collision Detection* §5.1.5, vectorised."""
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = _dot(ab, ap), _dot(ac, ap)
    bp = p - b
    d3, d4 = _dot(ab, bp), _dot(ac, bp)
    cp = p - c
    d5, d6 = _dot(ab, cp), _dot(ac, cp)
    va, vb, vc = d3 * d6 - d5 * d4, d5 * d2 - d1 * d6, d1 * d4 - d3 * d2
    denom = va + vb + vc
    safe = np.where(denom == 0, 1.0, denom)
    v, w = vb / safe, vc / safe
    result = a + v[:, None] * ab + w[:, None] * ac  # inside the face
    bc_t = _ratio(d4 - d3, (d4 - d3) + (d5 - d6))
    regions = [  # later regions override earlier ones; the vertex regions are tested last
        ((va <= 0) & (d4 - d3 >= 0) & (d5 - d6 >= 0), b + bc_t[:, None] * (c - b)),
        ((vb <= 0) & (d2 >= 0) & (d6 <= 0), a + _ratio(d2, d2 - d6)[:, None] * ac),
        ((vc <= 0) & (d1 >= 0) & (d3 <= 0), a + _ratio(d1, d1 - d3)[:, None] * ab),
        ((d6 >= 0) & (d5 <= d6), c),
        ((d3 >= 0) & (d4 <= d3), b),
        ((d1 <= 0) & (d2 <= 0), a),
    ]
    for mask, point in regions:
        result[mask] = point[mask]
    return result


def _dot(u: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.einsum("ij,ij->i", u, v)
    return result


def _ratio(num: NDArray[np.float64], den: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.clip(num / np.where(den == 0, 1.0, den), 0.0, 1.0)
    return result
