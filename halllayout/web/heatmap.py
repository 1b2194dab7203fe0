"""The heatmap of where visitors walked: counts on a grid over a hall, drawn with Pillow over a simple
floor plan (the hall's outline and the booths' footprints), as PNG bytes.

Plan coordinates are metres, x east and y north; image rows go down, so plan y is flipped: the plan
point (x, y) is the pixel ((x − x0)·scale, (y1 − y)·scale) with (x0, y0, x1, y1) the outline's bounds.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

#: The longer side of the image (px).
IMAGE_SIZE = 1200
#: The grid's cell (m).
CELL = 1.0
#: The most cells along a side (a larger hall gets larger cells).
MAX_CELLS = 400

BACKGROUND = (255, 255, 255, 255)
BOOTH_FILL = (222, 222, 222, 255)
BOOTH_EDGE = (160, 160, 160, 255)
OUTLINE = (40, 40, 40, 255)


@dataclass(frozen=True)
class Grid:
    """The heatmap's grid over a hall: its south-west corner (m), cells along x and y, cell size (m)."""

    origin: tuple[float, float]
    cells: tuple[int, int]
    cell: float

    @property
    def extent(self) -> tuple[float, float, float, float]:
        x0, y0 = self.origin
        return (x0, y0, x0 + self.cells[0] * self.cell, y0 + self.cells[1] * self.cell)


def hall_bounds(hall: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a layout.json hall's outline; raises ValueError naming the hall without one."""
    outline = hall.get("outline") or []
    try:
        xs = [float(p[0]) for p in outline]
        ys = [float(p[1]) for p in outline]
    except (TypeError, ValueError, IndexError) as error:
        raise ValueError(f"hall {hall.get('id')!r}: outline is not a list of [x, y]: {error}") from None
    if len(xs) < 3 or max(xs) <= min(xs) or max(ys) <= min(ys):
        raise ValueError(f"hall {hall.get('id')!r} has no outline with an area")
    return (min(xs), min(ys), max(xs), max(ys))


def grid_for(hall: Mapping[str, Any]) -> Grid:
    """A grid of CELL-metre cells over the hall's bounds (larger cells, of whole CELLs, when there would
    be too many). Its origin is on a multiple of CELL at or south-west of the outline's corner, so each
    of its cells is made of whole cells of the hourly rollup (rollup.py).

    >>> grid_for({"outline": [[0.5, 0], [30, 0], [30, 20], [0.5, 20]]})
    Grid(origin=(0.0, 0.0), cells=(30, 20), cell=1.0)
    """
    x0, y0, x1, y1 = hall_bounds(hall)
    cell = CELL * max(1, int(np.ceil(max(x1 - x0, y1 - y0) / MAX_CELLS / CELL - 1e-9)))
    gx0, gy0 = float(np.floor(x0 / CELL) * CELL), float(np.floor(y0 / CELL) * CELL)
    nx = max(1, int(np.ceil((x1 - gx0) / cell - 1e-9)))
    ny = max(1, int(np.ceil((y1 - gy0) / cell - 1e-9)))
    return Grid((gx0, gy0), (nx, ny), cell)


def _colours(heat: np.ndarray) -> np.ndarray:
    """(ny, nx, 4) uint8 RGBA of heat in [0, 1]: clear where 0, yellow to red, more opaque when hotter."""
    rgba = np.zeros((*heat.shape, 4), dtype=np.float64)
    rgba[..., 0] = 255.0
    rgba[..., 1] = 230.0 * (1.0 - heat)
    rgba[..., 2] = 40.0 * (1.0 - heat)
    rgba[..., 3] = np.where(heat > 0, 70.0 + 170.0 * heat, 0.0)
    return rgba.round().astype(np.uint8)


def draw_heatmap(hall: Mapping[str, Any], grid: Grid, counts: Mapping[tuple[int, int], int]) -> bytes:
    """The PNG of the hall's floor plan with `counts` ({(column, row): events}, row 0 the southmost)
    laid over it, its width to height the hall's."""
    x0, y0, x1, y1 = hall_bounds(hall)
    scale = IMAGE_SIZE / max(x1 - x0, y1 - y0)
    width, height = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))

    def pixel(point: Sequence[Any]) -> tuple[float, float]:
        return ((float(point[0]) - x0) * scale, (y1 - float(point[1])) * scale)

    plan = Image.new("RGBA", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(plan)
    for booth in hall.get("booths") or []:
        footprint = booth.get("footprint") or []
        if len(footprint) >= 3:
            draw.polygon([pixel(p) for p in footprint], fill=BOOTH_FILL, outline=BOOTH_EDGE)

    nx, ny = grid.cells
    heat = np.zeros((ny, nx), dtype=np.float64)
    for (i, j), n in counts.items():
        heat[ny - 1 - j, i] = n  # row 0 of the image is the north
    hottest, total = int(heat.max()), int(heat.sum())
    if hottest > 0:
        heat = np.sqrt(heat / heat.max())  # a few busy cells do not wash out the rest
        layer = Image.fromarray(_colours(heat), "RGBA")
        gx0, gy0, gx1, gy1 = grid.extent
        size = (max(1, round((gx1 - gx0) * scale)), max(1, round((gy1 - gy0) * scale)))
        layer = layer.resize(size, Image.Resampling.BILINEAR)
        layer = layer.filter(ImageFilter.GaussianBlur(radius=max(1.0, grid.cell * scale / 2)))
        overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        # the grid starts at or south-west of the outline's south-west corner (whole rollup cells)
        overlay.paste(layer, (round((gx0 - x0) * scale), round((y1 - gy1) * scale)))
        plan = Image.alpha_composite(plan, overlay)

    draw = ImageDraw.Draw(plan)
    outline = hall.get("outline") or []
    draw.line([pixel(p) for p in [*outline, outline[0]]], fill=OUTLINE, width=3)
    legend = f"{total} positions, at most {hottest} in a {grid.cell:g} m cell"
    draw.text((8, height - 8), legend, fill=OUTLINE, anchor="ld")
    out = io.BytesIO()
    plan.convert("RGB").save(out, format="PNG", compress_level=1)  # 5× faster than the default 6
    return out.getvalue()
