"""Fascia signs: booth number and exhibitor name drawn with Pillow into texture atlas pages.

Every sign is a cell of CELL_WIDTH × CELL_HEIGHT pixels, the label's aspect on the fascia. Cells are
packed row by row into square-ish power-of-two pages no wider than PAGE_WIDTH.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: The Latin + CJK font shipped in assets/ (WenQuanYi Micro Hei, Apache-2.0).
FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttf"
CELL_WIDTH = 1024
CELL_HEIGHT = 96
PAGE_WIDTH = 2048
MAX_PAGE_HEIGHT = 2048
#: Width of a sign on the fascia in metres at most; its height follows the cell's aspect.
MAX_SIGN_WIDTH = 3.2
INK = (24, 32, 48)
NUMBER_INK = (255, 255, 255)
NUMBER_BACKGROUND = (0, 84, 166)
PAPER = (255, 255, 255)


@dataclass(frozen=True)
class Sign:
    """What one fascia says."""

    number: str
    name: str


@dataclass(frozen=True)
class SignAtlas:
    """Atlas pages as PNG bytes and, per sign, (page index, (u0, v0, u1, v1)) in glTF UV space."""

    pages: tuple[bytes, ...]
    cells: tuple[tuple[int, tuple[float, float, float, float]], ...]


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    if not FONT_PATH.is_file():
        raise FileNotFoundError(
            f"signage font missing: {FONT_PATH} (the assets/ folder must ship with the package)"
        )
    return ImageFont.truetype(str(FONT_PATH), size)


def _fitted_font(
    draw: ImageDraw.ImageDraw, text: str, max_width: int, max_size: int
) -> ImageFont.FreeTypeFont:
    """The largest font size ≤ max_size at which `text` is at most max_width pixels wide."""
    size = max_size
    while size > 10:
        font = _font(size)
        if draw.textlength(text, font=font) <= max_width:
            return font
        size -= 2
    return _font(size)


def draw_sign(sign: Sign) -> Image.Image:
    """One fascia sign: the booth number on a blue tab at the left, the exhibitor name beside it."""
    image = Image.new("RGB", (CELL_WIDTH, CELL_HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    margin = CELL_HEIGHT // 8
    number_font = _fitted_font(draw, sign.number, CELL_WIDTH // 4, CELL_HEIGHT * 5 // 8)
    tab_width = int(draw.textlength(sign.number, font=number_font)) + 2 * margin
    draw.rectangle((0, 0, tab_width, CELL_HEIGHT), fill=NUMBER_BACKGROUND)
    draw.text((tab_width / 2, CELL_HEIGHT / 2), sign.number, font=number_font, fill=NUMBER_INK, anchor="mm")
    name_width = CELL_WIDTH - tab_width - 2 * margin
    name_font = _fitted_font(draw, sign.name, name_width, CELL_HEIGHT * 5 // 8)
    centre_x = tab_width + margin + name_width / 2
    draw.text((centre_x, CELL_HEIGHT / 2), sign.name, font=name_font, fill=INK, anchor="mm")
    return image


def _page_height(cell_rows: int) -> int:
    height = 64
    while height < cell_rows * CELL_HEIGHT:
        height *= 2
    return height


def build_atlas(signs: Sequence[Sign]) -> SignAtlas:
    """Draw every sign and pack them into PNG atlas pages; deterministic for the same signs."""
    columns = PAGE_WIDTH // CELL_WIDTH
    per_page = columns * (MAX_PAGE_HEIGHT // CELL_HEIGHT)
    pages: list[bytes] = []
    cells: list[tuple[int, tuple[float, float, float, float]]] = []
    for start in range(0, len(signs), per_page):
        chunk = signs[start : start + per_page]
        height = _page_height(-(-len(chunk) // columns))
        page = Image.new("RGB", (PAGE_WIDTH, height), PAPER)
        for i, sign in enumerate(chunk):
            col, row = i % columns, i // columns
            x, y = col * CELL_WIDTH, row * CELL_HEIGHT
            page.paste(draw_sign(sign), (x, y))
            cells.append(
                (
                    len(pages),
                    (x / PAGE_WIDTH, y / height, (x + CELL_WIDTH) / PAGE_WIDTH, (y + CELL_HEIGHT) / height),
                )
            )
        out = io.BytesIO()
        page.save(out, format="PNG", compress_level=6)
        pages.append(out.getvalue())
    return SignAtlas(tuple(pages), tuple(cells))
