"""The 700-booth fair the walk-through benchmark and browser test walk: hall A filled as in
bench_scene.py (same seeded booths), every booth showing one to four products whose models are the
demo's real third-party samples (assets/demo/product_folder.py), built with `build_fair` exactly as
`halllayout build --models` builds it. Also the fixed route walked through it."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_scene, as the scripts import it

from bench_scene import HALL, booths

from assets.demo.product_folder import product_folder
from halllayout.build import build_fair
from halllayout.output import write_outputs
from halllayout.read import read_hall, single_hall_fair

PRODUCTS = [
    "Espresso Machine", "咖啡机", "Office Chair", "办公椅", "Smart Speaker", "智能音箱", "Ceramic Vase",
    "陶瓷花瓶", "Electric Kettle", "电水壶", "Desk Lamp", "台灯", "Toy Truck", "玩具卡车", "Rubber Duck",
    "橡皮鸭", "Gift Box", "礼品盒", "Sculpture", "雕塑", "Teapot", "茶壶", "Drone", "无人机",
]  # fmt: skip

#: The fixed route (plan x, y, heading dx, dy): in by the south gate, up the main aisle, along cross
#: aisles and rows of booths, out to the north gate; where a visitor stands and looks.
ROUTE: list[tuple[float, float, float, float]] = [
    (72, 3, 0, 1),
    (72, 14, 0, 1),
    (72, 26, -1, 0.4),
    (72, 38, 1, 0.2),
    (72, 50, 0, 1),
    (72, 62, -1, -0.3),
    (72, 74, 1, 0.5),
    (72, 86, 0, -1),
]


def build_walk_fair(out: Path, models: Path, count: int = 700, seed: int = 4) -> Path:
    """Write the fair into `out` (its product uploads into `models`); returns `out`."""
    rng = random.Random(seed)
    requests = [
        replace(r, products=tuple(rng.sample(PRODUCTS, rng.randint(1, 4)))) for r in booths(count, seed)
    ]
    product_folder(((r.ref, r.products) for r in requests), models)
    fair = single_hall_fair(read_hall(HALL))
    build = build_fair(fair, requests, models=models, plans=False)
    write_outputs(out, build.files)
    return out


def settle(page: Any, timeout_ms: int = 120_000) -> dict[str, Any]:
    """At a stop of the route: waits until no product is loading and two frames more are drawn (the
    viewer must be open with `?debug=1`); the debug overlay's figures and the product streamer's."""
    page.wait_for_function("window.halllayoutViewer.products().loading === 0", timeout=timeout_ms)
    frames = page.evaluate("window.halllayoutViewer.debug().frames")
    page.wait_for_function(f"window.halllayoutViewer.debug().frames > {frames + 2}", timeout=timeout_ms)
    figures: dict[str, Any] = page.evaluate(
        "({ debug: window.halllayoutViewer.debug(), products: window.halllayoutViewer.products() })"
    )
    return figures
