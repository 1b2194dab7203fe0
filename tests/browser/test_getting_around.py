"""Getting around the hall: click the floor to walk there, drag to look, and on a phone the joystick, taps,
one-finger look and a pinch that leaves the page alone.

Each half shares one page (module-scoped): software WebGL is slow and loading the hall costs seconds.
Plan coordinates are metres, x east and y north; the world point of plan (x, y) at height h is (x, h, -y).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    V,
    assert_no_errors,
    distance_to_rect,
    fetch_manifest,
    inside_polygon,
    open_logged_page,
    open_viewer,
    plan_position,
    settle,
)
from tests.browser.test_viewer import depth_of, walk_in_booths

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def manifest(server_url: str) -> dict[str, Any]:
    return fetch_manifest(server_url)


@pytest.fixture(scope="module")
def hall(manifest: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = manifest["halls"][0]
    return first


@pytest.fixture(scope="module")
def desktop(browser: Any, server_url: str) -> Iterator[Any]:
    """One 960 × 600 desktop page on hall A for the desktop tests."""
    with open_logged_page(browser) as page:
        open_viewer(page, f"{server_url}/")
        yield page


@pytest.fixture(scope="module")
def phone(browser: Any, server_url: str) -> Iterator[Any]:
    """One 390 × 844 touch page (a phone held upright) on hall A for the touch tests."""
    with open_logged_page(
        browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    ) as page:
        open_viewer(page, f"{server_url}/")
        page.cdp = page.context.new_cdp_session(page)
        yield page


def clear_of_everything(hall: dict[str, Any], x: float, y: float, margin: float) -> bool:
    """Whether plan point (x, y) is at least `margin` m from every booth, column and the hall wall."""
    if any(distance_to_rect(booth["rect"], x, y) < margin for booth in hall["booths"]):
        return False
    if any(math.dist(c["at"], (x, y)) < c["size"] / 2 + margin for c in hall["columns"]):
        return False
    return all(
        inside_polygon(hall["outline"], x + dx, y + dy)
        for dx in (-margin, margin)
        for dy in (-margin, margin)
    )


def aisle_walk(
    hall: dict[str, Any], lengths: tuple[float, ...]
) -> tuple[tuple[float, float], list[float], float]:
    """A start on the floor, a plan heading and a length such that the straight walk ahead is clear aisle."""
    sx, sy = hall["spawn"]["at"]
    for angle in range(0, 360, 15):
        hx, hy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        for length in lengths:
            steps = int(length / 0.25) + 1
            if all(
                clear_of_everything(hall, sx + hx * i * 0.25, sy + hy * i * 0.25, 0.8) for i in range(steps)
            ):
                return (sx, sy), [hx, hy], length
    raise AssertionError("test set-up: no clear straight aisle from the spawn")


def stand(page: Any, at: tuple[float, float], heading: list[float]) -> None:
    page.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [at[0], at[1], heading])
    settle(page)


def heading_change(before: float, after: float) -> float:
    return (after - before + 180) % 360 - 180


# desktop


def test_a_click_on_the_aisle_floor_walks_there(desktop: Any, hall: dict[str, Any]) -> None:
    start, heading, length = aisle_walk(hall, (3.0, 2.5))
    stand(desktop, start, heading)
    goal = (start[0] + heading[0] * length, start[1] + heading[1] * length)
    screen = desktop.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 0)", list(goal))
    assert screen is not None and 0 < screen[0] < 960 and 60 < screen[1] < 560, f"goal off screen at {screen}"

    desktop.mouse.click(*screen)
    target = desktop.evaluate(f"{V}.walkTarget()")
    assert target is not None, "a click on the aisle floor should start a walk"
    assert math.dist(target, goal) < 0.5, f"walking to {target}, clicked at {goal}"
    assert desktop.locator("#booth-panel").is_hidden()

    desktop.wait_for_function(f"() => {V}.walkTarget() === null", timeout=20_000)
    settle(desktop)
    arrived = plan_position(desktop)
    assert math.dist(arrived, goal) < 1.0, f"clicked the floor at {goal}, ended at {arrived}"
    assert_no_errors(desktop)


def test_a_walk_to_a_point_behind_a_booth_wall_stops_at_the_wall(
    desktop: Any, manifest: dict[str, Any], hall: dict[str, Any]
) -> None:
    booth, (_, heading) = walk_in_booths(manifest, hall)[0]
    x0, y0, x1, y1 = booth["rect"]
    depth = depth_of(booth)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # just inside the open front
    stand(desktop, (cx - heading[0] * (depth / 2 - 0.5), cy - heading[1] * (depth / 2 - 0.5)), list(heading))
    # 2 m beyond the booth's back wall: the walker must stop at that wall and give up
    goal = (cx + heading[0] * (depth / 2 + 2.0), cy + heading[1] * (depth / 2 + 2.0))
    desktop.evaluate(f"([x, y]) => {V}.walkTo(x, y)", list(goal))

    desktop.wait_for_function(f"() => {V}.walkTarget() === null", timeout=20_000)
    settle(desktop)
    x, y = plan_position(desktop)
    back = (x - cx) * heading[0] + (y - cy) * heading[1]
    assert back < depth / 2 - 0.1, (
        f"walked through the back wall of {booth['number']} {booth['rect']}: {(x, y)}"
    )
    assert distance_to_rect(booth["rect"], x, y) == 0, (
        f"expected to stop inside {booth['number']}, at {(x, y)}"
    )
    assert_no_errors(desktop)


def test_dragging_turns_the_view_without_walking_or_picking(desktop: Any) -> None:
    start = plan_position(desktop)
    before = desktop.evaluate(f"{V}.heading()")

    desktop.mouse.move(480, 300)
    desktop.mouse.down()
    for step in range(1, 5):
        desktop.mouse.move(480 + step * 50, 300)
    desktop.mouse.up()

    turned = heading_change(before, desktop.evaluate(f"{V}.heading()"))
    # 200 px to the right at 0.005 rad/px: about 57° to the right (negative: positive turns left)
    assert -70 < turned < -40, f"a 200 px drag to the right turned the view by {turned:.1f}°"
    assert desktop.evaluate(f"{V}.walkTarget()") is None, "the drag's release must not walk"
    assert math.dist(plan_position(desktop), start) < 0.2
    assert_no_errors(desktop)


# phone


def touch(page: Any, kind: str, points: list[tuple[float, float]]) -> None:
    page.cdp.send(
        "Input.dispatchTouchEvent",
        {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
    )


def test_the_joystick_walks_forward(phone: Any, hall: dict[str, Any]) -> None:
    start, heading, _ = aisle_walk(hall, (6.0, 5.0))
    stand(phone, start, heading)
    stick = phone.locator("#joystick")
    expect(stick).to_be_visible()
    box = stick.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    touch(phone, "touchStart", [(cx, cy)])
    touch(phone, "touchMove", [(cx, cy - 20)])
    touch(phone, "touchMove", [(cx, cy - 30)])  # about two thirds of the way: walking, not running
    phone.wait_for_timeout(800)
    touch(phone, "touchEnd", [])
    settle(phone)

    x, y = plan_position(phone)
    along = (x - start[0]) * heading[0] + (y - start[1]) * heading[1]
    across = abs((x - start[0]) * heading[1] - (y - start[1]) * heading[0])
    assert 0.25 < along < 2.5, f"pushing the stick forward for 0.8 s walked {along:.2f} m ahead"
    assert across < 0.3 * along, f"the walk went sideways: {across:.2f} m across, {along:.2f} m ahead"
    assert_no_errors(phone)


def test_a_tap_on_the_floor_walks_there(phone: Any, hall: dict[str, Any]) -> None:
    start, heading, length = aisle_walk(hall, (5.0, 4.5))  # nearer is under the minimap on a phone
    stand(phone, start, heading)
    goal = (start[0] + heading[0] * length, start[1] + heading[1] * length)
    screen = phone.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 0)", list(goal))
    assert screen is not None and 0 < screen[0] < 390 and 80 < screen[1] < 700, f"goal off screen at {screen}"

    phone.touchscreen.tap(*screen)
    target = phone.evaluate(f"{V}.walkTarget()")
    assert target is not None, "a tap on the aisle floor should start a walk"
    assert math.dist(target, goal) < 0.5, f"walking to {target}, tapped at {goal}"
    assert phone.locator("#booth-panel").is_hidden()
    # on its way (the desktop test waits for the whole walk; a tap is the same click underneath)
    phone.wait_for_function(
        f"([x, y, d]) => {{ const p = {V}.position(); return Math.hypot(p[0] - x, -p[2] - y) > d; }}",
        arg=[start[0], start[1], 0.5],
        timeout=10_000,
    )
    x, y = plan_position(phone)
    assert math.dist((x, y), goal) < length - 0.4, f"walked away from the goal {goal}: at {(x, y)}"
    phone.evaluate(f"([x, y]) => {V}.teleport(x, y)", [x, y])  # ends the walk for the tests after this one
    assert phone.evaluate(f"{V}.walkTarget()") is None
    assert_no_errors(phone)


def test_a_one_finger_drag_turns_the_view(phone: Any) -> None:
    before = phone.evaluate(f"{V}.heading()")

    touch(phone, "touchStart", [(200, 400)])
    for step in range(1, 5):
        touch(phone, "touchMove", [(200 - step * 30, 400)])
    touch(phone, "touchEnd", [])

    turned = heading_change(before, phone.evaluate(f"{V}.heading()"))
    # 120 px to the left at 0.005 rad/px: about 34° to the left
    assert 20 < turned < 45, f"a 120 px drag to the left turned the view by {turned:.1f}°"
    assert phone.evaluate(f"{V}.walkTarget()") is None
    assert_no_errors(phone)


def test_a_pinch_neither_zooms_the_page_nor_turns_the_view(phone: Any) -> None:
    assert phone.evaluate("window.visualViewport.scale") == 1
    before = phone.evaluate(f"{V}.heading()")

    # two fingers on the 3D view moving apart (without `touch-action: none` on the canvas the page zooms)
    touch(phone, "touchStart", [(180, 400)])
    touch(phone, "touchStart", [(180, 400), (210, 440)])
    for step in range(1, 15):
        touch(phone, "touchMove", [(180 - step * 8, 400 - step * 8), (210 + step * 8, 440 + step * 8)])
    touch(phone, "touchEnd", [])

    assert phone.evaluate("window.visualViewport.scale") == 1, "a pinch on the 3D view zoomed the page"
    turned = heading_change(before, phone.evaluate(f"{V}.heading()"))
    assert abs(turned) < 1, f"a pinch turned the view by {turned:.1f}°"
    assert phone.evaluate(f"{V}.walkTarget()") is None
    assert_no_errors(phone)
