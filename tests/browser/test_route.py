""" "Take me there" (viewer/src/route.js): search a far booth, ask for the route from the entrance, walk it.

One page for the module (loading the hall is the slow part): the tests run in order on it. Plan
coordinates are metres, x east and y north; the world point of plan (x, y) at height h is (x, h, -y).
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import (
    READY_TIMEOUT_MS,
    SIDES,
    VIEWPORT,
    V,
    assert_no_errors,
    distance_to_rect,
    fetch_manifest,
    open_logged_page,
    plan_position,
)

pytestmark = pytest.mark.browser

#: Where the walker starts every route: the hall's south entrance, looking north.
START = (72.0, 4.0)


@pytest.fixture(scope="module")
def manifest(server_url: str) -> dict[str, Any]:
    return fetch_manifest(server_url)


@pytest.fixture(scope="module")
def viewer(browser: Any, server_url: str) -> Iterator[Any]:
    """The viewer on hall A, loaded once for the module."""
    with open_logged_page(browser) as page:
        if browser is not None:  # without Chromium, each test fails at its first use of the page
            page.goto(f"{server_url}/?lang=en")
            page.wait_for_function(f"() => {V} && {V}.state !== 'loading'", timeout=READY_TIMEOUT_MS)
            assert page.evaluate(f"[{V}.state, {V}.error]") == ["ready", None]
        yield page


@pytest.fixture(scope="module")
def target(manifest: dict[str, Any]) -> dict[str, Any]:
    """The booth open on its front only that is farthest from the entrance."""
    booths = [b for b in manifest["halls"][0]["booths"] if b["open"] == [b["front"]]]
    return max(booths, key=lambda b: math.dist(START, front_of(b)))


def front_of(booth: dict[str, Any]) -> tuple[float, float]:
    """The middle of the booth's front edge."""
    x0, y0, x1, y1 = booth["rect"]
    nx, ny = SIDES[booth["front"]]
    return (x0 + x1) / 2 + nx * (x1 - x0) / 2, (y0 + y1) / 2 + ny * (y1 - y0) / 2


def samples(points: list[list[float]], step: float = 0.05) -> list[tuple[float, float]]:
    out = [(points[0][0], points[0][1])]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        n = max(1, math.ceil(math.dist((ax, ay), (bx, by)) / step))
        out.extend((ax + (bx - ax) * k / n, ay + (by - ay) * k / n) for k in range(1, n + 1))
    return out


def orange_pixels_along_first_leg(page: Any, points: list[list[float]]) -> int:
    """How many of 8 spots 2-5 m along the route's first leg show the route's orange."""
    (ax, ay), (bx, by) = points[0], points[1]
    length = math.dist((ax, ay), (bx, by))
    image = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"), dtype=np.int32)
    found = 0
    for k in range(8):
        d = min(length, 2.0 + 3.0 * k / 7)
        x, y = ax + (bx - ax) * d / length, ay + (by - ay) * d / length
        screen = page.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 0.04)", [x, y])
        if screen is None:
            continue
        px, py = round(screen[0]), round(screen[1])
        if not (0 <= px < VIEWPORT["width"] and 0 <= py < VIEWPORT["height"]):
            continue
        r, g, b = image[py, px]
        found += int(r > 200 and 120 < g < 210 and b < 110)
    return found


def stand_at_the_entrance(page: Any, heading: tuple[float, float] = (0.0, 1.0)) -> None:
    page.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [*START, list(heading)])


def take_me_there(page: Any, target: dict[str, Any]) -> dict[str, Any]:
    page.get_by_test_id("take-me-there").click()
    page.wait_for_function(f"() => {V}.route() !== null", timeout=10_000)
    route: dict[str, Any] = page.evaluate(f"{V}.route()")
    assert route["booth"] == target["number"]
    return route


# tests (in order, on the one page)


def test_search_opens_the_booth_panel_with_take_me_there(viewer: Any, target: dict[str, Any]) -> None:
    viewer.get_by_test_id("search").fill(target["number"])
    viewer.get_by_test_id("search-results").get_by_role("option").filter(
        has_text=target["number"]
    ).first.click()
    panel = viewer.locator("#booth-panel")
    expect(panel).to_be_visible(timeout=15_000)
    expect(panel.locator("#booth-panel-number")).to_have_text(target["number"])
    # a direct child of the panel, whatever else the panel shows
    expect(viewer.locator("#booth-panel > .route-actions [data-testid=take-me-there]")).to_have_text(
        "Take me there"
    )


def test_the_route_runs_along_the_aisles_to_the_booth_front(
    viewer: Any, manifest: dict[str, Any], target: dict[str, Any]
) -> None:
    hall = manifest["halls"][0]
    stand_at_the_entrance(viewer)
    route = take_me_there(viewer, target)

    points = route["points"]
    assert len(points) >= 2
    assert math.dist(points[0], START) < 0.01
    assert route["distance"] == pytest.approx(sum(math.dist(a, b) for a, b in itertools.pairwise(points)))
    assert route["distance"] > math.dist(START, front_of(target)) - 2
    assert route["seconds"] == pytest.approx(route["distance"] / 1.2)
    assert route["side"] == target["front"]
    assert 0.8 < math.dist(points[-1], front_of(target)) < 2.0, f"the route ends at {points[-1]}"
    for x, y in samples(points):
        for booth in hall["booths"]:
            assert distance_to_rect(booth["rect"], x, y) > 0.25, (
                f"the route passes through or against booth {booth['number']} {booth['rect']} at {(x, y)}"
            )
        for column in hall["columns"]:
            assert (
                distance_to_rect(
                    [c - column["size"] / 2 for c in column["at"]]
                    + [c + column["size"] / 2 for c in column["at"]],
                    x,
                    y,
                )
                > 0.25
            )

    banner = viewer.get_by_test_id("route-banner")
    expect(banner).to_be_visible()
    expect(banner.locator(".route-number")).to_have_text(target["number"])
    expect(banner.locator(".route-exhibitor")).to_have_text(target["exhibitor"])
    summary = f"{round(route['distance'])} m · about "
    expect(viewer.get_by_test_id("route-summary")).to_contain_text(summary)

    # drawn on the floor: face along the first leg and look for the strip
    (ax, ay), (bx, by) = points[0], points[1]
    stand_at_the_entrance(viewer, (bx - ax, by - ay))
    viewer.wait_for_timeout(500)
    assert orange_pixels_along_first_leg(viewer, points) >= 4, "the route is not drawn on the floor"

    viewer.get_by_test_id("route-clear").click()
    assert viewer.evaluate(f"{V}.route()") is None
    expect(banner).to_be_hidden()
    viewer.wait_for_timeout(500)
    assert orange_pixels_along_first_leg(viewer, points) == 0, "the route is still drawn after Clear"
    assert_no_errors(viewer)


def test_walking_there_yourself_arrives_and_clears_the_route(viewer: Any, target: dict[str, Any]) -> None:
    viewer.evaluate(f"Object.assign({V}.routeSettings, {{ walkSpeed: 24, turnSpeed: 12, clearAfter: 500 }})")
    stand_at_the_entrance(viewer)
    route = take_me_there(viewer, target)
    assert not viewer.evaluate(f"{V}.route().arrived")
    (ex, ey), (fx, fy) = route["points"][-1], front_of(target)
    viewer.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [ex, ey, [fx - ex, fy - ey]])
    expect(viewer.get_by_test_id("route-banner").locator(".route-status")).to_have_text("You have arrived")
    viewer.wait_for_function(f"() => {V}.route() === null", timeout=10_000)
    expect(viewer.get_by_test_id("route-banner")).to_be_hidden()


def test_walk_there_stops_on_a_key_and_ends_facing_the_booth(viewer: Any, target: dict[str, Any]) -> None:
    stand_at_the_entrance(viewer)
    take_me_there(viewer, target)

    viewer.get_by_test_id("route-walk").click()
    viewer.wait_for_function(
        f"() => {{ const [x, , z] = {V}.position(); return Math.hypot(x - 72, -z - 4) > 3; }}"
    )
    viewer.keyboard.press("w")  # any movement key takes over
    viewer.wait_for_function(f"() => !{V}.route().walking", timeout=5_000)
    assert not viewer.evaluate(f"{V}.route().arrived")
    expect(viewer.get_by_test_id("route-walk")).to_be_visible()

    # on again, from where the walker stands now
    viewer.get_by_test_id("route-walk").click()
    viewer.wait_for_function(f"() => {V}.route() === null || {V}.route().arrived", timeout=30_000)
    expect(viewer.get_by_test_id("route-banner").locator(".route-status")).to_have_text("You have arrived")

    x, y = plan_position(viewer)
    fx, fy = front_of(target)
    assert math.dist((x, y), (fx, fy)) < 3, (
        f"ended at {(x, y)}, {math.dist((x, y), (fx, fy)):.2f} m from the front"
    )
    # facing the booth: its front's middle is straight ahead
    screen = viewer.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 1.0)", [fx, fy])
    assert screen is not None and abs(screen[0] - VIEWPORT["width"] / 2) < 30, (
        f"the booth front is at {screen}"
    )

    # cleared a moment after arriving
    viewer.wait_for_function(f"() => {V}.route() === null", timeout=10_000)
    expect(viewer.get_by_test_id("route-banner")).to_be_hidden()
    assert_no_errors(viewer)
