"""The minimap, the fair map and the bird's-eye view, in the viewer over a three-hall fair built by the CLI.

One page for the module (loading the 120-booth hall is the slow part): the tests run in file order and each
leaves the walker standing in hall A, except the last, which switches halls.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    READY_TIMEOUT_MS,
    V,
    build_fair_with_cli,
    fetch_manifest,
    open_logged_page,
    open_viewer,
    plan_position,
    serve_fair,
)

pytestmark = pytest.mark.browser

#: The you-are-here marker's fill (viewer/src/minimap.js COLOURS.marker).
MARKER = (0xFF, 0xB0, 0x20)


@pytest.fixture(scope="module")
def fair3_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The 120-booth sample fair over three halls (A: 144 × 90 m with every booth, B: L-shaped,
    C: a pavilion), built by the CLI and served by the Flask app."""
    folder = build_fair_with_cli(
        "tests/data/booths/fair-120.csv",
        "--fair",
        "tests/data/halls/fair-3-halls.json",
        out=tmp_path_factory.mktemp("fair-3-halls"),
    )
    with serve_fair(folder) as url:
        yield url


@pytest.fixture(scope="module")
def manifest(fair3_url: str) -> dict[str, Any]:
    return fetch_manifest(fair3_url)


@pytest.fixture(scope="module")
def viewer(browser: Any, fair3_url: str) -> Iterator[Any]:
    """One page on hall A of the three-hall fair, ready to walk, with its console in `page.log`."""
    with open_logged_page(browser) as page:
        open_viewer(page, f"{fair3_url}/?hall=A&lang=en")
        yield page


def hall(manifest: dict[str, Any], hall_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(h for h in manifest["halls"] if h["id"] == hall_id)
    return found


def minimap_pixel(page: Any, u: float, v: float) -> tuple[int, int, int, int]:
    """RGBA of the minimap canvas at (u, v) CSS px from its top-left corner."""
    rgba: list[int] = page.evaluate(
        """([u, v]) => {
            const canvas = document.querySelector('[data-testid="minimap"]');
            const ratio = canvas.width / canvas.clientWidth;
            const x = Math.round(u * ratio), y = Math.round(v * ratio);
            return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
        }""",
        [u, v],
    )
    r, g, b, a = rgba
    return r, g, b, a


def area(booth: dict[str, Any]) -> float:
    x0, y0, x1, y1 = booth["rect"]
    return float((x1 - x0) * (y1 - y0))


def is_marker(pixel: tuple[int, int, int, int]) -> bool:
    return all(abs(c - m) <= 40 for c, m in zip(pixel[:3], MARKER, strict=True))


def redrawn(page: Any) -> None:
    """Waits for two more frames of the viewer (the minimap redraws once per frame when the walker moved)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_minimap_draws_the_plan_with_booths_in_their_zone_colours(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    minimap = viewer.get_by_test_id("minimap")
    expect(minimap).to_be_visible()
    assert minimap.get_attribute("tabindex") == "0"
    assert "Hall A" in (minimap.get_attribute("aria-label") or "")
    box = minimap.bounding_box()
    assert 150 <= box["width"] <= 220 and box["height"] <= 220
    # a corner, clear of the middle of the view
    assert box["x"] + box["width"] < 960 / 2 and box["y"] > 600 / 2

    colours = manifest["zone_colours"]
    a = hall(manifest, "A")
    # the biggest booths, well away from the marker, are filled with their zone's colour
    for booth in sorted(a["booths"], key=area, reverse=True)[:3]:
        x0, y0, x1, y1 = booth["rect"]
        page_x, page_y = viewer.evaluate(f"{V}.minimapPoint({(x0 + x1) / 2}, {(y0 + y1) / 2})")
        r, g, b, _ = minimap_pixel(viewer, page_x - box["x"], page_y - box["y"])
        want = colours[booth["zone"]]
        assert (r, g, b) == tuple(int(want[i : i + 2], 16) for i in (1, 3, 5)), booth["number"]


def test_you_are_here_marker_follows_the_walker_and_shows_the_heading(viewer: Any) -> None:
    places = [((30.0, 45.0), (1.0, 0.0)), ((110.0, 60.0), (0.0, -1.0)), ((72.0, 20.0), (0.0, 1.0))]
    seen = []
    for (x, y), (dx, dy) in places:
        viewer.evaluate(f"{V}.teleport({x}, {y}, [{dx}, {dy}])")
        redrawn(viewer)
        u, v, du, dv = viewer.evaluate(f"{V}.minimapMarker()")
        seen.append((u, v))
        # the arrow points along the heading (the canvas's v axis points south)
        assert math.isclose(du, dx, abs_tol=1e-6) and math.isclose(dv, -dy, abs_tol=1e-6), (du, dv)
        assert is_marker(minimap_pixel(viewer, u, v)), f"no marker drawn at {(u, v)} for plan {(x, y)}"
        assert is_marker(minimap_pixel(viewer, u + 3 * dx, v - 3 * dy))
        assert not is_marker(minimap_pixel(viewer, u - 5 * dx, v + 5 * dy))
    (u0, v0), (u1, v1), (u2, v2) = seen
    assert u1 > u0 + 50 and v1 < v0  # east and north on the plan: right and up on the minimap
    assert abs(u2 - (u0 + u1) / 2) < 30 and v2 > v0 + 10


def test_clicking_an_aisle_on_the_minimap_takes_the_walker_there(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    viewer.evaluate(f"{V}.teleport(72, 20, [0, 1])")
    page_x, page_y = viewer.evaluate(f"{V}.minimapPoint(72, 60)")  # the main aisle, between columns
    viewer.mouse.click(page_x, page_y)
    x, y = plan_position(viewer)
    assert math.dist((x, y), (72, 60)) < 1.0, (x, y)
    redrawn(viewer)
    u, v, du, dv = viewer.evaluate(f"{V}.minimapMarker()")
    assert (round(du, 6), round(dv, 6)) == (0, -1), "the heading (north) was kept"
    assert is_marker(minimap_pixel(viewer, u, v - 3))

    # a booth is not somewhere to stand: nothing moves and the visitor is told why
    x0, y0, x1, y1 = hall(manifest, "A")["booths"][0]["rect"]
    page_x, page_y = viewer.evaluate(f"{V}.minimapPoint({(x0 + x1) / 2}, {(y0 + y1) / 2})")
    viewer.mouse.click(page_x, page_y)
    assert math.dist(plan_position(viewer), (72, 60)) < 1.0
    expect(viewer.locator("#minimap-status")).to_contain_text("aisle")


def test_birds_eye_flies_up_opens_booths_and_comes_back_to_the_same_spot(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    viewer.evaluate(f"{V}.teleport(72, 20, [0, 1])")
    before = viewer.evaluate(f"{V}.position()")
    viewer.keyboard.press("KeyB")
    viewer.wait_for_function(f"{V}.birdsEye() === 'overview'", timeout=10_000)
    up = viewer.evaluate(f"{V}.position()")
    assert up[1] > 30, f"not up over the hall: {up}"
    expect(viewer.locator("#birds-eye")).to_have_attribute("aria-pressed", "true")
    # walking keys do nothing up here
    viewer.keyboard.down("KeyW")
    redrawn(viewer)
    viewer.keyboard.up("KeyW")
    assert viewer.evaluate(f"{V}.position()") == up

    # a click on a booth (seen from above; the biggest not under the minimap or the bars) opens its panel
    for booth in sorted(hall(manifest, "A")["booths"], key=area, reverse=True):
        x0, y0, x1, y1 = booth["rect"]
        point = viewer.evaluate(f"{V}.projectPlanPoint({(x0 + x1) / 2}, {(y0 + y1) / 2}, 0)")
        if point is not None and viewer.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).id === 'birds-eye-layer'", point
        ):
            break
    else:
        pytest.fail("no booth in sight from above")
    viewer.mouse.click(*point)
    panel = viewer.locator("#booth-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(booth["number"])
    viewer.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert viewer.evaluate(f"{V}.birdsEye()") == "overview"

    viewer.get_by_role("button", name="Walk").click()
    viewer.wait_for_function(f"{V}.birdsEye() === 'walk'", timeout=10_000)
    after = viewer.evaluate(f"{V}.position()")
    # the same spot (the walker may still have been settling the last few mm onto the floor)
    assert math.dist(before[::2], after[::2]) < 1e-3 and abs(before[1] - after[1]) < 0.02, (before, after)
    # walking again
    viewer.keyboard.down("KeyW")
    viewer.wait_for_function(f"{V}.position()[2] < {before[2] - 0.2}", timeout=10_000)
    viewer.keyboard.up("KeyW")


def test_fair_map_shows_every_hall_and_switches_hall(viewer: Any, manifest: dict[str, Any]) -> None:
    # keyboard: Enter on the minimap opens the fair map with the focus on the hall on show
    viewer.get_by_test_id("minimap").focus()
    viewer.keyboard.press("Enter")
    dialog = viewer.get_by_role("dialog", name="Fair map")
    expect(dialog).to_be_visible()
    halls = dialog.locator("button.fair-map-hall")
    expect(halls).to_have_count(3)
    for index, h in enumerate(manifest["halls"]):
        expect(halls.nth(index)).to_contain_text(h["name"])
        expect(halls.nth(index)).to_contain_text(f"{len(h['booths'])} booths")
    current = dialog.locator('button[aria-current="true"]')
    expect(current).to_have_attribute("data-hall", "A")
    expect(current).to_be_focused()
    # the halls are drawn at one scale: A (144 m wide) is 3.6 times as wide as C (40 m)
    width_a = halls.nth(0).locator("svg").bounding_box()["width"]
    width_c = halls.nth(2).locator("svg").bounding_box()["width"]
    assert abs(width_a / width_c - 144 / 40) < 0.2
    viewer.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(viewer.get_by_test_id("minimap")).to_be_focused()

    viewer.locator("#fair-map-open").click()
    dialog.locator('button[data-hall="C"]').click()
    viewer.wait_for_function(f"{V}.hallId === 'C' && {V}.state === 'ready'", timeout=READY_TIMEOUT_MS)
    expect(viewer.locator("#minimap-title")).to_have_text(hall(manifest, "C")["name"])
    redrawn(viewer)
    u, v, _, _ = viewer.evaluate(f"{V}.minimapMarker()")
    assert is_marker(minimap_pixel(viewer, u, v))
    errors = viewer.log.errors()
    assert not errors, "the page reported errors:\n" + "\n".join(errors)
