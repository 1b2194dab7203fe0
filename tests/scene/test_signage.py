import io

from PIL import Image

from halllayout.scene.signage import CELL_HEIGHT, CELL_WIDTH, PAGE_WIDTH, Sign, _font, build_atlas, draw_sign

CHINESE_NAME = "河北省邢台市广宗县铁牛自行车业有限公司"


def test_every_character_of_a_chinese_name_has_a_real_glyph() -> None:
    font = _font(48)
    missing = bytes(font.getmask("\ue000"))  # private use: the font's "no glyph" box
    for char in CHINESE_NAME + "A0123456789BC":
        mask = font.getmask(char)
        assert mask.getbbox() is not None, char
        assert bytes(mask) != missing, f"{char!r} renders as the missing-glyph box"


def test_sign_draws_number_and_name() -> None:
    image = draw_sign(Sign("A001", CHINESE_NAME))
    assert image.size == (CELL_WIDTH, CELL_HEIGHT)
    left, right = image.crop((0, 0, 100, CELL_HEIGHT)), image.crop((300, 0, CELL_WIDTH, CELL_HEIGHT))
    assert (0, 84, 166) in {c for _, c in left.getcolors(10000)}  # the number's blue tab
    assert len(right.getcolors(10000)) > 10  # anti-aliased ink, not a blank panel


def test_atlas_packs_cells_in_pages_and_is_deterministic() -> None:
    signs = [Sign(f"A{i:03d}", f"Exhibitor {i}") for i in range(1, 46)]
    atlas = build_atlas(signs)
    assert len(atlas.pages) == 2  # 42 cells a page (2 × 21)
    assert atlas.cells[0] == (0, (0.0, 0.0, 0.5, CELL_HEIGHT / 2048))
    assert atlas.cells[42][0] == 1
    page = Image.open(io.BytesIO(atlas.pages[1]))
    assert page.size == (PAGE_WIDTH, 256)  # 3 signs: 2 rows of 96 px, rounded up to a power of two
    assert build_atlas(signs) == atlas
