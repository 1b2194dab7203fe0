"""The viewer end to end: the real fair, the Flask app, the page in headless Chromium with software WebGL.

The page exposes `window.halllayoutViewer` (state, hallId, booths, frames, position(), projectPlanPoint(),
teleport()) for these tests. Plan coordinates are metres, x east and y north; the world point of plan
(x, y) at height h is (x, h, -y).
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import (
    V,
    approach,
    assert_no_errors,
    distance_to_rect,
    fetch_manifest,
    inside_polygon,
    open_viewer,
    plan_position,
    settle,
)

pytestmark = pytest.mark.browser

OPPOSITE = {"N": "S", "S": "N", "E": "W", "W": "E"}
#: The part of the 960 × 600 page with no HUD on it (the top bar and help line overlap the canvas).
SCENE_CLIP = {"x": 0, "y": 60, "width": 960, "height": 480}


# helpers


@pytest.fixture(scope="module")
def manifest(server_url: str) -> dict[str, Any]:
    return fetch_manifest(server_url)


def scene_pixels(page: Any) -> np.ndarray:
    png = page.screenshot(clip=SCENE_CLIP)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float64)


def hold(page: Any, keys: list[str], seconds: float) -> None:
    for key in keys:
        page.keyboard.down(key)
    page.wait_for_timeout(seconds * 1000)
    for key in reversed(keys):
        page.keyboard.up(key)


def depth_of(booth: dict[str, Any]) -> float:
    """How deep the booth is from its front (m)."""
    x0, y0, x1, y1 = booth["rect"]
    return x1 - x0 if booth["front"] in ("E", "W") else y1 - y0


def walk_in_booths(manifest: dict[str, Any], hall: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """Booths with an open front and a closed back, reachable from the aisle, shallowest first."""
    found = []
    for booth in hall["booths"]:
        if booth["front"] not in booth["open"]:
            continue
        if OPPOSITE[booth["front"]] in booth["open"]:
            continue
        way = approach(booth, manifest, hall)
        if way is not None:
            found.append((booth, way))
    found.sort(key=lambda item: depth_of(item[0]))
    assert found, "no booth in the sample fair has an open front, a closed back and a free aisle in front"
    return found


# tests


def test_the_hall_renders_without_errors(page: Any, server_url: str) -> None:
    open_viewer(page, f"{server_url}/")
    assert page.evaluate(f"{V}.hallId") == "A"
    assert page.evaluate(f"{V}.booths.length") == 120
    assert page.evaluate(f"{V}.frames") >= 1
    pixels = scene_pixels(page)
    # a blank or single-colour canvas has (nearly) zero spread; the hall's walls, booths and signs do not
    spread = pixels.std(axis=(0, 1)).max()
    colours = len(np.unique(pixels.reshape(-1, 3), axis=0))
    assert spread > 12, f"the scene looks blank: largest channel standard deviation {spread:.1f}"
    assert colours > 64, f"the scene looks blank: only {colours} distinct colours"
    assert page.locator("#overlay").is_hidden()
    assert_no_errors(page)


def test_w_walks_forward(page: Any, server_url: str, manifest: dict[str, Any]) -> None:
    open_viewer(page, f"{server_url}/")
    hall = manifest["halls"][0]
    heading = hall["spawn"]["heading"]
    before_xy = plan_position(page)
    before_px = scene_pixels(page)

    hold(page, ["w"], 1.5)
    settle(page)

    after_xy = plan_position(page)
    moved = math.dist(before_xy, after_xy)
    assert 0.5 < moved < 5, f"walked {moved:.2f} m in 1.5 s at ~1.4 m/s"
    dx, dy = after_xy[0] - before_xy[0], after_xy[1] - before_xy[1]
    along = (dx * heading[0] + dy * heading[1]) / math.hypot(*heading)
    assert along > 0.9 * moved, f"W should walk along the spawn heading {heading}: {before_xy} -> {after_xy}"
    difference = np.abs(scene_pixels(page) - before_px).mean()
    assert difference > 1.0, f"the view did not change after walking (mean pixel difference {difference:.2f})"
    assert_no_errors(page)


def test_the_hall_wall_stops_the_walker(page: Any, server_url: str, manifest: dict[str, Any]) -> None:
    open_viewer(page, f"{server_url}/")
    hall = manifest["halls"][0]
    spawn_x, spawn_y = hall["spawn"]["at"]
    hx, hy = hall["spawn"]["heading"]
    # walking backwards from the spawn: how far until the outline, and how far 3 s of running would go
    to_wall = _exit_distance(hall["outline"], spawn_x, spawn_y, -hx, -hy)
    assert to_wall is not None, "test set-up: the spawn heading should point away from a wall"
    seconds = 3.0
    assert 3.0 * seconds > to_wall + 2, "test set-up: without walls, the run must leave the hall"

    hold(page, ["Shift", "s"], seconds)
    settle(page)

    x, y = plan_position(page)
    xs = [p[0] for p in hall["outline"]]
    ys = [p[1] for p in hall["outline"]]
    assert min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys), f"walked through the wall to {(x, y)}"
    assert inside_polygon(hall["outline"], x, y), f"walked out of the hall to {(x, y)}"
    walked = math.dist((spawn_x, spawn_y), (x, y))
    assert walked > to_wall - 1.0, f"only walked {walked:.2f} m of the {to_wall:.2f} m to the wall"
    assert_no_errors(page)


def test_booth_walls_stop_the_walker(page: Any, server_url: str, manifest: dict[str, Any]) -> None:
    open_viewer(page, f"{server_url}/")
    hall = manifest["halls"][0]
    booth, ((sx, sy), heading) = walk_in_booths(manifest, hall)[0]
    x0, y0, x1, y1 = booth["rect"]
    depth = depth_of(booth)
    page.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [sx, sy, list(heading)])
    settle(page)

    # without walls this walk would end 2 m behind the booth's back wall
    hold(page, ["w"], (1.5 + depth + 2.0) / 1.4 + 0.5)
    settle(page)

    x, y = plan_position(page)
    back = (x - (x0 + x1) / 2) * heading[0] + (y - (y0 + y1) / 2) * heading[1]
    assert back < depth / 2 - 0.1, (
        f"walked through the back wall of {booth['number']} {booth['rect']}: {(x, y)}"
    )
    assert distance_to_rect(booth["rect"], x, y) == 0, (
        f"expected to stand inside booth {booth['number']} {booth['rect']} against its back wall, at {(x, y)}"
    )
    assert_no_errors(page)


def test_clicking_a_booth_shows_its_number_and_exhibitor(
    page: Any, server_url: str, manifest: dict[str, Any]
) -> None:
    hall = manifest["halls"][0]
    candidates = walk_in_booths(manifest, hall)
    # prefer a Chinese exhibitor name: it must come through as text, not boxes or mojibake
    booth, ((sx, sy), heading) = next(
        (c for c in candidates if any("\u4e00" <= ch <= "\u9fff" for ch in c[0]["exhibitor"])), candidates[0]
    )
    # exhibitor names come from spreadsheets: serve this one with markup in it, which must stay text
    hostile = f'<img src=x onerror="window.__xss = 1">{booth["exhibitor"]} & <b>Co.</b>'

    def with_hostile_name(route: Any) -> None:
        response = route.fetch()
        document = response.json()
        for room in document["halls"]:
            for item in room["booths"]:
                if item["number"] == booth["number"] and item["hall"] == booth["hall"]:
                    item["exhibitor"] = hostile
        route.fulfill(response=response, json=document)

    page.route(f"{server_url}/api/fair", with_hostile_name)
    open_viewer(page, f"{server_url}/")
    page.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [sx, sy, list(heading)])
    settle(page)

    x0, y0, x1, y1 = booth["rect"]
    screen = page.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 0)", [(x0 + x1) / 2, (y0 + y1) / 2])
    assert screen is not None, "the booth's centre is behind the camera"
    sx_px, sy_px = screen
    assert 0 < sx_px < 960 and 60 < sy_px < 540, f"the booth's centre is off screen at {screen}"

    page.mouse.move(sx_px, sy_px)
    label = page.locator("#booth-label")
    expect(label.locator(".booth-number")).to_have_text(booth["number"], timeout=15_000)
    expect(label.locator(".booth-exhibitor")).to_have_text(hostile)

    page.mouse.click(sx_px, sy_px)
    panel = page.locator("#booth-panel")
    expect(panel).to_be_visible(timeout=15_000)
    expect(panel.locator("#booth-panel-number")).to_have_text(booth["number"])
    expect(panel.locator("#booth-panel-exhibitor")).to_have_text(hostile)
    expect(panel.locator("[data-field=zone]")).to_have_text(booth["zone"] or "—")
    expect(panel.locator("[data-field=type]")).to_have_text(booth["type"])
    assert page.locator("#booth-panel img, #booth-label img, #booth-panel b").count() == 0
    assert page.evaluate("window.__xss") is None
    assert_no_errors(page)


def _exit_distance(polygon: list[list[float]], x: float, y: float, dx: float, dy: float) -> float | None:
    """How far from (x, y) along (dx, dy) the ray leaves the polygon (m); None if it crosses no edge."""
    length = math.hypot(dx, dy)
    dx, dy = dx / length, dy / length
    best = None
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        ex, ey = bx - ax, by - ay
        denominator = dx * ey - dy * ex
        if abs(denominator) < 1e-12:
            continue
        t = ((ax - x) * ey - (ay - y) * ex) / denominator
        u = ((ax - x) * dy - (ay - y) * dx) / denominator
        if t > 0 and 0 <= u <= 1 and (best is None or t < best):
            best = t
    return best
