"""VR in headless Chromium through the `iwer` WebXR emulation runtime (npm, dev only).

An emulated Meta Quest 3 is installed before the viewer loads; the tests enter an immersive-vr session with
the Enter VR button, teleport with the right controller's ray and trigger, snap-turn with its thumbstick, and
exit back to walking.

One page for the whole file (module-scoped): the steps follow on from each other, as a visitor's would.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    V,
    assert_no_errors,
    fetch_manifest,
    open_logged_page,
    open_viewer,
    plan_position,
)
from tests.browser.test_getting_around import aisle_walk, heading_change, stand

pytestmark = pytest.mark.browser

IWER = Path(__file__).resolve().parents[2] / "viewer" / "node_modules" / "iwer" / "build" / "iwer.min.js"

#: Runs before the viewer's scripts: an emulated Quest 3 takes the place of the browser's WebXR.
#: iwer 2.5.0's XRReferenceSpace.getOffsetReferenceSpace(originOffset) keeps the XRRigidTransform itself as
#: the new space's offset matrix instead of `originOffset.matrix`, so offset spaces (teleport, snap turn) do
#: not move the poses at all; the patch hands it the matrix, as the WebXR spec has it.
INSTALL_DEVICE = """
const offsetSpace = IWER.XRReferenceSpace.prototype.getOffsetReferenceSpace;
IWER.XRReferenceSpace.prototype.getOffsetReferenceSpace = function (originOffset) {
    return offsetSpace.call(this, originOffset.matrix);
};
window.__xrDevice = new IWER.XRDevice(IWER.metaQuest3);
window.__xrDevice.installRuntime({ forceInstall: true });
"""

#: Right controller 20 cm right, 1.2 m up, 30 cm ahead of the headset's floor origin, tilted `pitch`° down.
AIM = """(pitch) => {
    const right = window.__xrDevice.controllers.right;
    const angle = -pitch * Math.PI / 180;
    right.position.set(0.2, 1.2, -0.3);
    right.quaternion.set(Math.sin(angle / 2), 0, 0, Math.cos(angle / 2));
}"""


@pytest.fixture(scope="module")
def hall(server_url: str) -> dict[str, Any]:
    first: dict[str, Any] = fetch_manifest(server_url)["halls"][0]
    return first


@pytest.fixture(scope="module")
def vr(browser: Any, server_url: str) -> Iterator[Any]:
    """A 960 × 600 page on hall A with the emulated headset installed."""
    assert IWER.is_file(), f"{IWER} is missing: run `npm ci` in viewer/"
    with open_logged_page(browser) as page:
        page.add_init_script(path=str(IWER))
        page.add_init_script(script=INSTALL_DEVICE)
        open_viewer(page, f"{server_url}/")
        yield page


def presenting(page: Any) -> bool:
    return bool(page.evaluate(f"{V}.xr.isPresenting()"))


def test_enter_vr_starts_an_immersive_session(vr: Any, hall: dict[str, Any]) -> None:
    start, heading, _ = aisle_walk(hall, (7.0, 6.0))
    stand(vr, start, heading)
    button = vr.get_by_test_id("enter-vr")
    expect(button).to_be_visible(timeout=10_000)
    assert not presenting(vr)

    button.click()
    vr.wait_for_function(f"() => {V}.xr.isPresenting()", timeout=15_000)

    # the headset's pose is on top of the walker's floor position (eye height from the headset: 1.6 m)
    vr.wait_for_function(f"() => {V}.frames > 0 && Math.abs({V}.position()[1] - 1.6) < 0.2", timeout=10_000)
    x, y = plan_position(vr)
    assert math.dist((x, y), start) < 0.5, f"entered VR at {(x, y)}, the walker stood at {start}"
    assert_no_errors(vr)


def test_the_controller_ray_teleports_to_the_floor(vr: Any) -> None:
    assert presenting(vr), "needs the session of the test before"
    before = plan_position(vr)
    vr.evaluate(AIM, 20)
    vr.wait_for_function(f"() => {V}.xr.marker() !== null", timeout=10_000)
    marker = vr.evaluate(f"{V}.xr.marker()")
    # 1.2 m up, 20° down: the ray meets the floor about 3.3 m ahead of the controller
    assert 2.5 < math.dist(marker, before) < 4.5, f"teleport marker at {marker}, standing at {before}"

    vr.evaluate("window.__xrDevice.controllers.right.updateButtonValue('trigger', 1)")
    vr.wait_for_timeout(300)
    vr.evaluate("window.__xrDevice.controllers.right.updateButtonValue('trigger', 0)")

    vr.wait_for_function(
        f"([x, y]) => {{ const p = {V}.position(); return Math.hypot(p[0] - x, -p[2] - y) < 0.5; }}",
        arg=marker,
        timeout=10_000,
    )
    assert_no_errors(vr)


def test_the_thumbstick_snaps_30_degrees(vr: Any) -> None:
    assert presenting(vr), "needs the session of the test before"
    before_heading = vr.evaluate(f"{V}.heading()")
    before_xy = plan_position(vr)

    vr.evaluate("window.__xrDevice.controllers.right.updateAxes('thumbstick', 1, 0)")
    vr.wait_for_timeout(500)  # held: still one snap, not a smooth turn
    vr.evaluate("window.__xrDevice.controllers.right.updateAxes('thumbstick', 0, 0)")
    vr.wait_for_timeout(200)

    turned = heading_change(before_heading, vr.evaluate(f"{V}.heading()"))
    assert abs(turned + 30) < 1, f"a push to the right turned the view by {turned:.1f}°, not 30° right"
    assert math.dist(plan_position(vr), before_xy) < 0.05, "a snap turn must turn about the head"
    assert_no_errors(vr)


def test_exit_vr_returns_to_walking_at_the_same_place(vr: Any) -> None:
    assert presenting(vr), "needs the session of the test before"
    where = plan_position(vr)
    heading = vr.evaluate(f"{V}.heading()")

    vr.evaluate(f"{V}.xr.exit()")
    vr.wait_for_function(f"() => !{V}.xr.isPresenting()", timeout=10_000)

    assert math.dist(plan_position(vr), where) < 0.5, f"left VR at {where}, walking on at {plan_position(vr)}"
    assert abs(heading_change(heading, vr.evaluate(f"{V}.heading()"))) < 2
    before = plan_position(vr)
    vr.keyboard.down("w")
    vr.wait_for_timeout(800)
    vr.keyboard.up("w")
    assert math.dist(plan_position(vr), before) > 0.3, "W does not walk after leaving VR"
    assert_no_errors(vr)
