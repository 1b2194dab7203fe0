"""The viewer's product streaming rules (viewer/src/products.js), run under node: which products are
drawn in full, far or not at all for a walker, and how a model is scaled onto its plinth."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.viewer_node import module_specifier, run_node


def run(body: str) -> Any:
    return run_node(
        f"const m = await import({module_specifier('products.js')});\n"
        f"const result = (() => {{ {body} }})();\n"
        "console.log(JSON.stringify(result));"
    )


@pytest.mark.parametrize(
    ("size", "fit", "scale"),
    [
        ([0.2, 0.3, 0.2], [0.45, 0.45, 0.6], 1),  # a kettle keeps its real size
        ([4.0, 2.0, 1.0], [0.45, 0.45, 0.6], 0.45 / 4.0),  # a truck shrinks to the plinth's width
        ([0.2, 1.2, 0.2], [0.45, 0.45, 0.6], 0.5),  # a floor lamp to its height
        ([0.1, 0.1, 0.9], [0.45, 0.45, 0.6], 0.5),  # depth counts as width: the product may be turned
    ],
)
def test_a_model_is_scaled_down_to_fit_its_plinth_never_up(
    size: list[float], fit: list[float], scale: float
) -> None:
    assert run(f"return m.fitScale({json.dumps(size)})({json.dumps(fit)});") == pytest.approx(scale)


PLAN = """
const streamer = new m.ProductStreamer(null, SETTINGS);
// a row of products 1 m apart along x, each model already known (failed: nothing is fetched)
for (let i = 0; i < 80; i++) {
  const slot = { id: `EX${i}/1`, x: i, y: 1, z: -2, turn: 0, fit: [0.45, 0.45, 0.6],
    urls: { full: `full${i % 4}`, far: `far${i % 4}` }, triangles: { full: 1000, far: 100 },
    level: null, distance: Infinity };
  streamer.slots.push(slot);
}
for (const url of ['full0', 'full1', 'full2', 'full3', 'far0', 'far1', 'far2', 'far3'])
  streamer.models.set(url, { state: 'failed', parts: [] });
streamer.plan(0, 2);
return streamer.slots.map((slot) => slot.level);
"""


def test_near_products_are_full_then_far_then_none() -> None:
    settings = {"near": 10, "far": 30, "fullTriangles": 1e9, "farTriangles": 1e9, "concurrent": 1}
    levels = run(PLAN.replace("SETTINGS", json.dumps(settings)))
    assert levels[:11] == ["full"] * 11  # 0–10 m
    assert levels[11:31] == ["far"] * 20  # 11–30 m
    assert levels[31:] == [None] * 49


def test_the_triangle_budgets_hold_nearest_first() -> None:
    settings = {"near": 10, "far": 30, "fullTriangles": 5000, "farTriangles": 1000, "concurrent": 1}
    levels = run(PLAN.replace("SETTINGS", json.dumps(settings)))
    assert levels[:5] == ["full"] * 5  # 5 × 1000 triangles
    assert levels[5:15] == ["far"] * 10  # then far models until their 1,000 are used
    assert levels[15:] == [None] * 65
