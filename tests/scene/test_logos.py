import io

import numpy as np
from PIL import Image

from halllayout.layout import lay_out
from halllayout.model import BoothRequest, Door, Fair, Source
from halllayout.scene.hall import build_hall_glb
from halllayout.scene.kit import walled_sides
from halllayout.scene.logos import LOGO_BOTTOM, LOGO_PX, build_logo_atlas, logo_parts, logo_texture_bytes
from tests.conftest import make_booths, make_hall, validate_glb
from tests.scene.glb_read import Loaded

OUTWARD = {"N": (0, 1), "S": (0, -1), "E": (1, 0), "W": (-1, 0)}


def _logo(
    width: int = 300, height: int = 150, colour: tuple[int, int, int, int] = (200, 16, 46, 255)
) -> Image.Image:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste(colour, (0, 0, width // 2, height))
    return image


def test_atlas_keeps_aspect_and_order_and_is_deterministic() -> None:
    logos = {"B": _logo(300, 150), "A": _logo(100, 400)}
    atlas = build_logo_atlas(logos, ["A", "C", "B"])
    assert list(atlas.cells) == ["A", "B"]  # C has no logo
    assert atlas.cells["A"][2] == LOGO_PX // 4 / LOGO_PX and atlas.cells["B"][2] == 2.0
    assert build_logo_atlas(logos, ["A", "C", "B"]) == atlas
    page = Image.open(io.BytesIO(atlas.pages[0]))
    u0, v0, _u1, _v1 = atlas.cells["B"][1]
    x, y = round(u0 * page.size[0]) + 2, round(v0 * page.size[1]) + 2
    assert page.getpixel((x, y)) == (200, 16, 46)  # the left half of B, painted red


def test_seven_hundred_logos_fit_two_pages_under_64_mb() -> None:
    logos = {f"EX{i}": _logo() for i in range(700)}
    atlas = build_logo_atlas(logos, list(logos))
    assert len(atlas.pages) == 2
    assert logo_texture_bytes(atlas) <= 48 * 2**20


def test_logos_hang_on_back_walls_facing_the_aisle(tmp_path) -> None:
    hall = make_hall(40, 30, entrances=(Door((20, 0), 6),))
    requests = [
        *make_booths(10),
        BoothRequest("ISL", "Island Co", 6, 6, type="island", source=Source("b.csv", 20)),
    ]
    booths = lay_out(Fair("T", (hall,)), requests).booths
    logos = {b.request.ref: _logo() for b in booths}
    parts = logo_parts(build_logo_atlas(logos, [b.request.ref for b in booths]), booths)
    quads = np.concatenate([p.positions for _, p in parts]).reshape(-1, 4, 3)
    normals = np.concatenate([p.normals for _, p in parts]).reshape(-1, 4, 3)[:, 0]
    with_wall = [b for b in booths if "back" in walled_sides(b)]
    assert len(quads) == len(with_wall) == len(booths) - 1  # the island has no back wall
    for b in with_wall:
        centre = ((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2)
        mine = [
            k
            for k, q in enumerate(quads)
            if b.x0 <= q[:, 0].min()
            and q[:, 0].max() <= b.x1
            and b.y0 <= -q[:, 2].max()
            and -q[:, 2].min() <= b.y1
        ]
        assert len(mine) == 1, b.number
        q, n = quads[mine[0]], normals[mine[0]]
        assert (round(float(n[0])), round(float(-n[2]))) == OUTWARD[b.front]
        assert q[:, 1].min() == np.float32(LOGO_BOTTOM)
        # it stands at the back: farther from the front than the booth's centre
        dx, dy = OUTWARD[b.front]
        assert (q[:, 0].mean() - centre[0]) * dx + (-q[:, 2].mean() - centre[1]) * dy < -1.0
    path = tmp_path / "A.glb"
    path.write_bytes(build_hall_glb(hall, booths, logos=logos))
    report = validate_glb(path)
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    assert [m.name for m in Loaded.of(path).gltf.materials if "logo" in m.name] == ["logo signage 1"]
