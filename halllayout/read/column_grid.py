"""A hall's column grid expanded into the columns standing inside its outline."""

from __future__ import annotations

import math

import numpy as np
import shapely

from halllayout.model import Column, Point

#: Most grid positions a hall's bounding box may hold; more means a spacing typo, not a hall.
MAX_GRID_POSITIONS = 250_000


def grid_positions(
    origin: Point, spacing: tuple[float, float], bounds: tuple[float, float, float, float]
) -> int:
    """How many grid positions `expand_column_grid` tries over `bounds` (minx, miny, maxx, maxy)."""
    first_i, last_i = _step_range(origin[0], spacing[0], bounds[0], bounds[2])
    first_j, last_j = _step_range(origin[1], spacing[1], bounds[1], bounds[3])
    return (last_i - first_i + 1) * (last_j - first_j + 1)


def expand_column_grid(
    origin: Point, spacing: tuple[float, float], size: float, outline: shapely.Polygon
) -> tuple[Column, ...]:
    """The columns at origin + (i·dx, j·dy), for all integers i and j, whose square lies inside `outline`.

    A square touching the wall counts as inside. Columns are ordered by y, then x.

    >>> [c.at for c in expand_column_grid((1, 1), (2, 2), 0.5, shapely.box(0, 0, 4, 2))]
    [(1.0, 1.0), (3.0, 1.0)]
    """
    minx, miny, maxx, maxy = outline.bounds
    xs = origin[0] + _steps(origin[0], spacing[0], minx, maxx) * spacing[0] + 0.0
    ys = origin[1] + _steps(origin[1], spacing[1], miny, maxy) * spacing[1] + 0.0
    grid_x, grid_y = (axis.ravel() for axis in np.meshgrid(xs, ys))  # (n,) each, y-major
    half = size / 2
    squares = shapely.box(grid_x - half, grid_y - half, grid_x + half, grid_y + half)
    shapely.prepare(outline)
    inside = shapely.covers(outline, squares)
    return tuple(
        Column(at=(float(x), float(y)), size=size)
        for x, y in zip(grid_x[inside], grid_y[inside], strict=True)
    )


def _steps(origin: float, step: float, low: float, high: float) -> np.ndarray:
    """The integers k, in order, with origin + k·step within [low, high] (one more each side for rounding)."""
    first, last = _step_range(origin, step, low, high)
    return np.arange(first, last + 1)


def _step_range(origin: float, step: float, low: float, high: float) -> tuple[int, int]:
    return math.floor((low - origin) / step) - 1, math.ceil((high - origin) / step) + 1
