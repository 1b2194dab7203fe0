"""Walking distances over the aisles: the natural path a visitor takes, corners cut, on a fine grid.

Fire codes measure travel distance "along the centreline of the natural path of travel", curving round
corners (NFPA 101, 7.6): a person crossing from one aisle into another cuts the corner rather than
walking to the middle of the first aisle and turning square. This measures it on a grid of
`CELL`-metre cells over the declared aisles and the clear areas in front of the doors, with moves to
the 16 nearest cells (straight, diagonal and knight's moves), which follows any direction within about
3 %; a move may not cut across a cell that is not walkable. Distances start at the doors.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from halllayout.rules.geometry import FloatArray, HallGeometry

#: Grid cell, metres.
CELL = 0.5
#: Moves (di, dj) and the cells they must not cross, relative to the start.
_MOVES: list[tuple[int, int, list[tuple[int, int]]]] = [
    (1, 0, []),
    (0, 1, []),
    (1, 1, [(1, 0), (0, 1)]),
    (1, -1, [(1, 0), (0, -1)]),
    (2, 1, [(1, 0), (1, 1)]),
    (2, -1, [(1, 0), (1, -1)]),
    (1, 2, [(0, 1), (1, 1)]),
    (-1, 2, [(0, 1), (-1, 1)]),
]


def _cells(
    rect: tuple[float, float, float, float], x0: float, y0: float, nx: int, ny: int
) -> tuple[slice, slice]:
    """The rows and columns of the cells whose centres lie in `rect`."""
    i0 = max(0, math.ceil((rect[0] - x0) / CELL - 0.5))
    i1 = min(nx, math.floor((rect[2] - x0) / CELL - 0.5) + 1)
    j0 = max(0, math.ceil((rect[1] - y0) / CELL - 0.5))
    j1 = min(ny, math.floor((rect[3] - y0) / CELL - 0.5) + 1)
    return slice(j0, max(j0, j1)), slice(i0, max(i0, i1))


def walking_distances(g: HallGeometry) -> FloatArray:
    """For each booth `(n,)`: the walk from the middle of its best side on an aisle to the nearest door,
    in metres; infinite when no walkable path reaches a door."""
    n = len(g.booths)
    result = np.full(n, math.inf)
    if n == 0 or not g.doors or not len(g.aisle_rects):
        return result
    minx, miny, maxx, maxy = g.outline.bounds
    x0, y0 = minx - CELL, miny - CELL
    nx = math.ceil((maxx - minx) / CELL) + 2
    ny = math.ceil((maxy - miny) / CELL) + 2
    free = np.zeros((ny, nx), dtype=bool)
    for rect in g.aisle_rects.tolist():
        free[_cells(rect, x0, y0, nx, ny)] = True
    door_areas = [shapely.bounds(area).tolist() for area in g.door_clear]
    for rect in door_areas:
        free[_cells(rect, x0, y0, nx, ny)] = True
    for rect in g.rects.tolist():
        free[_cells(rect, x0, y0, nx, ny)] = False
    for obstacle in g.obstacles:
        free[_cells(shapely.bounds(obstacle).tolist(), x0, y0, nx, ny)] = False

    index = np.full(free.shape, -1, dtype=np.int64)
    nodes = np.flatnonzero(free)
    index.flat[nodes] = np.arange(len(nodes))
    rows, cols, costs = [], [], []
    padded = np.zeros((ny + 4, nx + 4), dtype=bool)
    padded[2:-2, 2:-2] = free
    for di, dj, through in _MOVES:
        ok = free & padded[2 + dj : 2 + dj + ny, 2 + di : 2 + di + nx]
        for ti, tj in through:
            ok &= padded[2 + tj : 2 + tj + ny, 2 + ti : 2 + ti + nx]
        j, i = np.nonzero(ok)
        rows.append(index[j, i])
        cols.append(index[j + dj, i + di])
        costs.append(np.full(len(j), CELL * math.hypot(di, dj)))
    graph = csr_matrix(
        (np.concatenate(costs), (np.concatenate(rows), np.concatenate(cols))), shape=(len(nodes), len(nodes))
    )

    sources: list[int] = []
    for door in g.doors:
        reach = door.width / 2
        for rect in ([door.at[0] - reach, door.at[1] - reach, door.at[0] + reach, door.at[1] + reach],):
            rs, cs = _cells(tuple(rect), x0, y0, nx, ny)  # type: ignore[arg-type]
            block = index[rs, cs]
            sources.extend(block[block >= 0].tolist())
    if not sources:
        return result
    field = dijkstra(graph, directed=False, indices=sorted(set(sources)), min_only=True)

    r = g.rects
    middles = {
        "N": ((r[:, 0] + r[:, 2]) / 2, r[:, 3] + CELL / 2),
        "S": ((r[:, 0] + r[:, 2]) / 2, r[:, 1] - CELL / 2),
        "E": (r[:, 2] + CELL / 2, (r[:, 1] + r[:, 3]) / 2),
        "W": (r[:, 0] - CELL / 2, (r[:, 1] + r[:, 3]) / 2),
    }
    for mx, my in middles.values():
        i = np.clip(np.floor((mx - x0) / CELL).astype(np.int64), 0, nx - 1)
        j = np.clip(np.floor((my - y0) / CELL).astype(np.int64), 0, ny - 1)
        node = index[j, i]
        here = np.where(node >= 0, field[np.maximum(node, 0)], math.inf) + CELL / 2
        result = np.minimum(result, here)
    return result
