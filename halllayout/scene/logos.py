"""Exhibitors' logos on their booths' back walls, from one atlas per hall.

Each logo is scaled to fit a LOGO_PX square (aspect kept), set on the shell panel's white (so a
transparent logo reads as printed on the wall) and packed into RGB pages of at most 2048 × 2048;
700 logos take two pages, about 45 MB of GPU memory with mipmaps. On the wall the logo hangs centred
above the products, LOGO_HEIGHT high at most, facing the aisle the booth opens on.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PIL import Image

from halllayout.model import PlacedBooth
from halllayout.scene.geometry import Part, merge, vertical_quad
from halllayout.scene.instancing import Frame
from halllayout.scene.kit import PANEL_THICKNESS, walled_sides

LOGO_PX = 96
PADDING = 2
PAGE = 2048
#: The logo's box on the back wall: bottom and top heights (m), widest it may be (m).
LOGO_BOTTOM = 1.55
LOGO_HEIGHT = 0.7
LOGO_MAX_WIDTH = 1.2
#: The logo's ground: the shell panel's white (its linear 0.93 in sRGB), so the print blends in.
GROUND = (247, 247, 246)
#: How far in front of the back wall's inner face the logo stands (m).
LOGO_LIFT = 0.005


@dataclass(frozen=True)
class LogoAtlas:
    """PNG pages and, by ref, (page, (u0, v0, u1, v1), width / height of the logo)."""

    pages: tuple[bytes, ...]
    cells: dict[str, tuple[int, tuple[float, float, float, float], float]]


def build_logo_atlas(logos: Mapping[str, Image.Image], refs: Sequence[str]) -> LogoAtlas:
    """Pack the logos of `refs` that have one, in the order of `refs`; deterministic."""
    wanted = [ref for ref in dict.fromkeys(refs) if ref in logos]
    cell = LOGO_PX + 2 * PADDING
    per_row = PAGE // cell
    per_page = per_row * per_row
    pages: list[bytes] = []
    cells: dict[str, tuple[int, tuple[float, float, float, float], float]] = {}
    for start in range(0, len(wanted), per_page):
        chunk = wanted[start : start + per_page]
        rows = math.ceil(len(chunk) / per_row)
        height = 1 << max(6, math.ceil(math.log2(rows * cell)))
        page = Image.new("RGB", (PAGE, height), GROUND)
        for i, ref in enumerate(chunk):
            image = logos[ref]
            scale = LOGO_PX / max(image.size)
            size = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
            resized = image.resize(size, Image.Resampling.LANCZOS)
            x = (i % per_row) * cell + PADDING
            y = (i // per_row) * cell + PADDING
            page.paste(resized, (x, y), resized)
            cells[ref] = (
                len(pages),
                (x / PAGE, y / height, (x + size[0]) / PAGE, (y + size[1]) / height),
                size[0] / size[1],
            )
        out = io.BytesIO()
        page.save(out, format="PNG", compress_level=6)
        pages.append(out.getvalue())
    return LogoAtlas(tuple(pages), cells)


def logo_parts(atlas: LogoAtlas, booths: Sequence[PlacedBooth]) -> list[tuple[int, Part]]:
    """Per atlas page, the logo quads of the booths that have a logo and a back wall."""
    quads: dict[int, list[Part]] = {}
    for booth in booths:
        cell = atlas.cells.get(booth.request.ref)
        if cell is None or "back" not in walled_sides(booth):
            continue
        page, uv, aspect = cell
        frame = Frame.of(booth)
        width = min(LOGO_HEIGHT * aspect, LOGO_MAX_WIDTH, frame.frontage - 0.4)
        height = width / aspect
        w = frame.depth - 0.005 - PANEL_THICKNESS - LOGO_LIFT
        # seen from the aisle, the booth's left is u = 0: a quad from left to right faces the visitor
        a = frame.plan(frame.frontage / 2 - width / 2, w)
        b = frame.plan(frame.frontage / 2 + width / 2, w)
        quads.setdefault(page, []).append(vertical_quad(a, b, LOGO_BOTTOM, LOGO_BOTTOM + height, uv))
    return [(page, merge(parts)) for page, parts in sorted(quads.items())]


def logo_texture_bytes(atlas: LogoAtlas) -> int:
    """GPU memory of the pages once uploaded (RGBA8, full mipmap chain)."""
    total = 0
    for page in atlas.pages:
        with Image.open(io.BytesIO(page)) as image:
            total += math.ceil(image.size[0] * image.size[1] * 4 * 4 / 3)
    return total


__all__ = ["LogoAtlas", "build_logo_atlas", "logo_parts", "logo_texture_bytes"]
