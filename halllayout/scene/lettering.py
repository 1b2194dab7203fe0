"""Lettering for signs: a glyph atlas of the characters a hall's signs use, and text set as quads.

Every sign in a hall (fascias, hanging signs, zone banners, door signs) is drawn from one atlas: each
distinct character is rasterised once with Pillow at GLYPH_PX pixels to the em (CJK included, from the
WenQuanYi Micro Hei font in assets/) and packed into greyscale + alpha PNG pages. A line of text is then
one quad per character, so texture memory grows with the number of distinct characters, not of booths:
700 booths of Chinese and English names fit one 2048 px page. A white cell in the atlas gives solid
panels (number tabs, banner cloth) under the same material, so all of a hall's signage is one draw call
per page. Quads carry the ink colour per vertex (COLOR_0) and the booth index (`_BOOTH`).

At GLYPH_PX = 40 a 0.14 m fascia letter gets 3.5 mm per texel: about one texel per screen pixel at 3 m
on a 1080p screen with a 70° field of view.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from halllayout.scene.geometry import Part

#: The Latin + CJK font shipped in assets/ (WenQuanYi Micro Hei, Apache-2.0).
FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttf"
#: Pixels to the em in the atlas.
GLYPH_PX = 40
#: Empty pixels around each glyph, so mipmaps do not bleed one glyph into the next.
PADDING = 3
PAGE_WIDTH = 2048
MAX_PAGE_HEIGHT = 2048
#: Side of the solid white cell used for panels drawn under the signage material.
SOLID_PX = 16
#: How far in front of the surface below each layer of signage lies (metres): panels, then glyphs.
LIFT = 0.004
#: Quads per signage mesh at most, so its indices fit in unsigned shorts (4 vertices a quad).
QUADS_PER_MESH = 65535 // 4  # 65535 itself is the primitive restart value

Rgb = tuple[float, float, float]
PlanPoint = tuple[float, float]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    if not FONT_PATH.is_file():
        raise FileNotFoundError(
            f"signage font missing: {FONT_PATH} (the assets/ folder must ship with the package)"
        )
    return ImageFont.truetype(str(FONT_PATH), size)


@dataclass(frozen=True)
class Glyph:
    """A character in the atlas: its page, UV box (u0, v0, u1, v1; v down), its padded ink box in em
    units relative to the pen on the baseline (x right, y up), and its advance in em."""

    page: int
    uv: tuple[float, float, float, float]
    box: tuple[float, float, float, float]
    advance: float


@dataclass(frozen=True)
class GlyphAtlas:
    """PNG pages (greyscale + alpha) and where each character is; `solid` is a UV point inside the
    white cell of page 0."""

    pages: tuple[bytes, ...]
    sizes: tuple[tuple[int, int], ...]
    glyphs: dict[str, Glyph]
    solid: tuple[float, float]

    def glyph(self, c: str) -> Glyph:
        """The glyph of `c`; a character the atlas was not built with sets as a space."""
        return self.glyphs.get(c) or self.glyphs[" "]

    def width(self, text: str) -> float:
        """Advance width of `text` in em."""
        return sum(self.glyph(c).advance for c in text)


def _page_height(needed: int) -> int:
    return 1 << max(6, math.ceil(math.log2(max(needed, 1))))


def build_atlas(texts: Iterable[str]) -> GlyphAtlas:
    """Rasterise every distinct character of `texts` and pack them in pages; deterministic."""
    font = _font(GLYPH_PX)
    chars = sorted({c for text in texts for c in text if not c.isspace()} | {" "})
    boxes: dict[str, tuple[int, int, int, int]] = {}
    for c in chars:
        left, top, right, bottom = font.getbbox(c, anchor="ls")
        if right <= left or bottom <= top:
            left, top, right, bottom = 0, 0, 0, 0
        boxes[c] = (int(left), int(top), int(right), int(bottom))
    # shelf packing, tallest first so shelves stay full; ties by character for determinism
    order = sorted(chars, key=lambda c: (-(boxes[c][3] - boxes[c][1]), c))
    placed: dict[str, tuple[int, int, int]] = {}  # char -> (page, x, y) of its padded cell
    page, x, y, shelf = 0, SOLID_PX + PADDING, 0, SOLID_PX + PADDING
    heights: list[int] = []
    for c in order:
        left, top, right, bottom = boxes[c]
        if right == left:
            continue
        w, h = right - left + 2 * PADDING, bottom - top + 2 * PADDING
        if x + w > PAGE_WIDTH:
            x, y, shelf = 0, y + shelf, 0
        if y + h > MAX_PAGE_HEIGHT:
            heights.append(y + shelf)
            page, x, y, shelf = page + 1, 0, 0, 0
        placed[c] = (page, x, y)
        x += w
        shelf = max(shelf, h)
    heights.append(y + shelf)
    sizes = tuple((PAGE_WIDTH, _page_height(h)) for h in heights)
    images = [Image.new("LA", size, (255, 0)) for size in sizes]
    images[0].paste((255, 255), (0, 0, SOLID_PX, SOLID_PX))
    draws = [ImageDraw.Draw(image) for image in images]
    glyphs: dict[str, Glyph] = {}
    for c in chars:
        left, top, right, bottom = boxes[c]
        advance = font.getlength(c) / GLYPH_PX
        if c not in placed:
            glyphs[c] = Glyph(0, (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), advance)
            continue
        p, px, py = placed[c]
        draws[p].text((px + PADDING - left, py + PADDING - top), c, font=font, fill=(255, 255), anchor="ls")
        w, h = right - left + 2 * PADDING, bottom - top + 2 * PADDING
        pw, ph = sizes[p]
        glyphs[c] = Glyph(
            p,
            (px / pw, py / ph, (px + w) / pw, (py + h) / ph),
            (
                (left - PADDING) / GLYPH_PX,
                -(bottom + PADDING) / GLYPH_PX,
                (right + PADDING) / GLYPH_PX,
                -(top - PADDING) / GLYPH_PX,
            ),
            advance,
        )
    pages = []
    for image in images:
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=6)
        pages.append(out.getvalue())
    solid = (SOLID_PX / 2 / sizes[0][0], SOLID_PX / 2 / sizes[0][1])
    return GlyphAtlas(tuple(pages), sizes, glyphs, solid)


@dataclass
class _Quads:
    positions: list[NDArray[np.float32]] = field(default_factory=list)
    normals: list[NDArray[np.float32]] = field(default_factory=list)
    uvs: list[NDArray[np.float32]] = field(default_factory=list)
    colors: list[NDArray[np.float32]] = field(default_factory=list)
    booths: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Face:
    """A vertical surface to write on: `centre` in plan, `right` the plan unit vector to the reader's
    right, heights in metres. The face looks at whoever stands in front of it, towards
    (right.y, -right.x)."""

    centre: PlanPoint
    right: PlanPoint

    @property
    def normal(self) -> PlanPoint:
        return (self.right[1], -self.right[0])

    def point(self, across: float, lift: float) -> PlanPoint:
        """The plan point `across` metres right of the centre, `lift` metres in front of the face."""
        (cx, cy), (rx, ry), (nx, ny) = self.centre, self.right, self.normal
        return (cx + rx * across + nx * lift, cy + ry * across + ny * lift)


class Lettering:
    """Collects signage quads for one hall, then hands them over as one `Part` per atlas page."""

    def __init__(self, atlas: GlyphAtlas) -> None:
        self.atlas = atlas
        self._pages = [_Quads() for _ in atlas.pages]

    def _quad(
        self,
        page: int,
        face: Face,
        x0: float,
        x1: float,
        z0: float,
        z1: float,
        uv: tuple[float, float, float, float],
        colour: Rgb,
        booth: int,
        lift: float,
    ) -> None:
        a, b = face.point(x0, lift), face.point(x1, lift)
        q = self._pages[page]
        q.positions.append(
            np.array(
                [[a[0], z0, -a[1]], [b[0], z0, -b[1]], [b[0], z1, -b[1]], [a[0], z1, -a[1]]], dtype=np.float32
            )
        )
        nx, ny = face.normal
        q.normals.append(np.tile(np.array([nx, 0.0, -ny], dtype=np.float32), (4, 1)))
        u0, v0, u1, v1 = uv
        q.uvs.append(np.array([[u0, v1], [u1, v1], [u1, v0], [u0, v0]], dtype=np.float32))
        q.colors.append(np.tile(np.array(colour, dtype=np.float32), (4, 1)))
        q.booths.append(float(booth))

    def panel(
        self,
        face: Face,
        x0: float,
        x1: float,
        z0: float,
        z1: float,
        colour: Rgb,
        booth: int = -1,
        lift: float = LIFT,
    ) -> None:
        """A solid rectangle on `face`, from x0 to x1 metres across and z0 to z1 high, `lift` metres in
        front of it (below the glyphs, which stand at 2 × LIFT)."""
        u, v = self.atlas.solid
        self._quad(0, face, x0, x1, z0, z1, (u, v, u, v), colour, booth, lift)

    def fit(self, text: str, em: float, max_width: float, min_em: float = 0.0) -> float:
        """The em size at most `em` at which `text` is at most `max_width` metres wide (never below
        `min_em`)."""
        width = self.atlas.width(text)
        if width * em <= max_width or width == 0:
            return em
        return max(max_width / width, min_em)

    def line(
        self,
        face: Face,
        text: str,
        *,
        across: float,
        baseline: float,
        em: float,
        colour: Rgb,
        booth: int = -1,
        align: str = "centre",
    ) -> float:
        """Set `text` on `face` with its baseline at height `baseline`, `em` metres to the em, centred
        on (or, with align "left", starting at) `across` metres right of the face's centre. Returns the
        width set, in metres."""
        width = self.atlas.width(text) * em
        pen = across - width / 2 if align == "centre" else across
        for c in text:
            glyph = self.atlas.glyph(c)
            if glyph.box[2] > glyph.box[0]:
                gx0, gy0, gx1, gy1 = glyph.box
                self._quad(
                    glyph.page,
                    face,
                    pen + gx0 * em,
                    pen + gx1 * em,
                    baseline + gy0 * em,
                    baseline + gy1 * em,
                    glyph.uv,
                    colour,
                    booth,
                    2 * LIFT,
                )
            pen += glyph.advance * em
        return width

    def parts(self) -> list[tuple[int, Part, NDArray[np.uint8]]]:
        """Per atlas page, in meshes of at most QUADS_PER_MESH quads: (page, part, per-vertex colours as
        RGBA bytes)."""
        out = []
        quad = np.array([[0, 1, 2], [0, 2, 3]], dtype=np.uint32)
        for page, q in enumerate(self._pages):
            for start in range(0, len(q.positions), QUADS_PER_MESH):
                stop = min(start + QUADS_PER_MESH, len(q.positions))
                n = stop - start
                indices = (quad[None, :, :] + 4 * np.arange(n, dtype=np.uint32)[:, None, None]).reshape(-1, 3)
                part = Part(
                    np.concatenate(q.positions[start:stop]),
                    np.concatenate(q.normals[start:stop]),
                    np.concatenate(q.uvs[start:stop]),
                    indices,
                )
                colours = np.concatenate(q.colors[start:stop])
                rgba = np.empty((len(colours), 4), dtype=np.uint8)
                rgba[:, :3] = np.round(np.clip(colours, 0, 1) * 255)
                rgba[:, 3] = 255
                out.append((page, part, rgba))
        return out
