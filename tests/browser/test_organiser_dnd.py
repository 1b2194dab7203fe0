"""Moving, swapping and pinning booths on the organiser console's plan (viewer/src/planedit.js) in headless
Chromium, with the mouse and the keyboard, against the real server: the drop becomes an edit, the edits
a new version, and that version's layout.json has the booth where it was dropped and the swapped
exhibitors trading places."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_logged_page, serve_fair

EMAIL, PASSWORD = "plans@fair.example", "a long organiser password"
Rect = list[float]


def _add_organiser(app: Any) -> None:
    from halllayout.web import db
    from halllayout.web.accounts import add_organiser

    with app.app_context():
        add_organiser(db.session(), EMAIL, PASSWORD, name="Plan office")


@pytest.fixture(scope="module")
def console_url(fair_dir: Path) -> Iterator[str]:
    with serve_fair(fair_dir, setup=_add_organiser) as url:
        yield url


def _overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-3 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-3


def _box(polygon: list[list[float]]) -> Rect:
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    return [min(xs), min(ys), max(xs), max(ys)]


def _size(booth: dict[str, Any]) -> tuple[float, float]:
    x0, y0, x1, y1 = booth["rect"]
    return x1 - x0, y1 - y0


def _free_spot(hall: dict[str, Any], width: float, depth: float) -> Rect:
    """The first spot (scanning from the south-west, whole metres) of that size inside the rectangular
    hall, clear of every booth, column and aisle."""
    xs = [p[0] for p in hall["outline"]]
    ys = [p[1] for p in hall["outline"]]
    taken = [b["rect"] for b in hall["booths"]] + [_box(a["polygon"]) for a in hall["aisles"]]
    for column in hall["columns"]:
        (x, y), half = column["at"], column["size"] / 2
        taken.append([x - half, y - half, x + half, y + half])
    for y0, x0 in itertools.product(
        range(int(min(ys)), int(max(ys) - depth) + 1), range(int(min(xs)), int(max(xs) - width) + 1)
    ):
        rect = [float(x0), float(y0), x0 + width, y0 + depth]
        if not any(_overlap(rect, other) for other in taken):
            return rect
    raise AssertionError("the test fair has no free spot")


def _screen(page: Any, x: float, y: float) -> tuple[float, float]:
    """Plan point (m) → the page's viewport pixels, through the plan's own transform."""
    point = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('#console-plan-svg');
            const p = new DOMPoint(x, -y).matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        [x, y],
    )
    return float(point[0]), float(point[1])


def _centre(rect: Rect) -> tuple[float, float]:
    return (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2


def _layout(page: Any, url: str, number: int) -> dict[str, Any]:
    response = page.request.get(f"{url}/api/organiser/versions/{number}/files/layout.json")
    assert response.ok, response.text()
    document: dict[str, Any] = json.loads(response.body())
    return document


def test_an_organiser_drags_swaps_and_pins_booths_on_the_plan(
    browser: Any, console_url: str, fair_dir: Path
) -> None:
    layout = json.loads((fair_dir / "layout.json").read_text(encoding="utf-8"))
    hall = layout["halls"][0]
    booths = {b["number"]: b for b in hall["booths"]}
    small = sorted(n for n, b in booths.items() if _size(b) == (3, 3))
    wide = next(n for n, b in sorted(booths.items()) if _size(b) == (6, 3))
    mover, swap_a, swap_b, pinned = small[0], small[10], small[20], small[30]
    nudged, neighbour = next(
        (n, m)
        for n in small[40:]
        for m, other in booths.items()
        if other["rect"][0] == booths[n]["rect"][2] and other["rect"][1] == booths[n]["rect"][1]
    )
    spot = _free_spot(hall, 3, 3)

    with open_logged_page(browser, viewport={"width": 1200, "height": 900}) as page:
        page.goto(f"{console_url}/organiser?lang=en")
        page.fill("#console-email", EMAIL)
        page.fill("#console-password", PASSWORD)
        page.click("#console-sign-in-form button[type=submit]")
        page.locator("#console-versions tbody tr[data-version='1']").get_by_role(
            "button", name="Show"
        ).click()
        plan = page.locator("#console-plan-svg")
        expect(plan.locator("g.booth")).to_have_count(len(booths))
        plan.scroll_into_view_if_needed()
        note = page.locator("#console-plan-edit .plan-note")
        edits = page.locator("#console-plan-edit .plan-edits li")
        ghost = plan.locator("rect.ghost")

        # a drag: red out of the hall and over a booth of another size; dropped there, refused
        page.mouse.move(*_screen(page, *_centre(booths[mover]["rect"])))
        page.mouse.down()
        page.mouse.move(*_screen(page, -0.6, _centre(booths[mover]["rect"])[1]), steps=8)
        expect(ghost).to_have_class("ghost outside")
        page.mouse.move(*_screen(page, *_centre(booths[wide]["rect"])), steps=8)
        expect(ghost).to_have_class("ghost overlap")
        page.screenshot(path="/tmp/dnd.png")  # the live footprint, red
        page.mouse.up()
        expect(note).to_have_text(f"{mover} cannot stand there: it would overlap {wide}.")
        expect(edits).to_have_count(0)

        # a drag to a free spot: green while dragging, then a move
        page.mouse.move(*_screen(page, *_centre(booths[mover]["rect"])))
        page.mouse.down()
        page.mouse.move(*_screen(page, *_centre(spot)), steps=12)
        expect(ghost).to_have_class("ghost ok")
        page.mouse.up()
        expect(edits).to_have_count(1)
        expect(edits.first).to_contain_text(f"Move {mover} to ({spot[0]:g}, {spot[1]:g})")
        expect(plan.locator(f"g.booth[data-number='{mover}']")).to_have_class(re.compile(r"\bmoved\b"))

        # a drop on a booth of the same size: a swap
        page.mouse.move(*_screen(page, *_centre(booths[swap_a]["rect"])))
        page.mouse.down()
        page.mouse.move(*_screen(page, *_centre(booths[swap_b]["rect"])), steps=12)
        expect(ghost).to_have_class("ghost swap")
        page.mouse.up()
        expect(note).to_have_text(f"{swap_a} and {swap_b} will trade places.")
        expect(edits.nth(1)).to_contain_text(f"Swap {swap_a} and {swap_b}")

        # shift-click pins, the box unpins
        page.keyboard.down("Shift")
        plan.locator(f"g.booth[data-number='{pinned}']").click()
        page.keyboard.up("Shift")
        expect(page.locator("#console-plan-pin")).to_be_checked()
        expect(edits.nth(2)).to_contain_text(f"Pin {pinned}")
        page.locator("#console-plan-pin").uncheck()
        expect(edits).to_have_count(2)

        # the keyboard: an arrow moves the focused booth 0.5 m, here into its neighbour: red, and nothing is
        # sent until Escape takes the move back
        plan.locator(f"g.booth[data-number='{nudged}']").focus()
        page.keyboard.press("ArrowRight")
        expect(page.locator(f".plan-edits li[data-kind='move'][data-number='{nudged}']")).to_have_class("bad")
        expect(note).to_have_text(f"{nudged} cannot stand there: it would overlap {neighbour}.")
        expect(page.locator("#console-plan-apply")).to_be_disabled()
        page.keyboard.press("Escape")
        expect(edits).to_have_count(2)
        expect(page.locator("#console-plan-apply")).to_be_enabled()

        page.locator("#console-plan-apply").click()
        expect(page.locator("#console-plan-edit .status")).to_contain_text(
            "Version 2 is built", timeout=120_000
        )
        expect(page.locator("#console-version h2")).to_have_text("Version 2")
        expect(page.locator("#console-version .rules tbody tr").first).to_be_visible()
        expect(edits).to_have_count(0)  # the editor now holds version 2
        page.screenshot(path="/tmp/dnd-after.png", full_page=True)

        after = {b["ref"]: b for b in _layout(page, console_url, 2)["halls"][0]["booths"]}
        moved = after[booths[mover]["ref"]]
        assert (moved["number"], moved["rect"]) == (mover, spot)
        a, b = after[booths[swap_a]["ref"]], after[booths[swap_b]["ref"]]
        assert (a["number"], a["rect"]) == (swap_b, booths[swap_b]["rect"])
        assert (b["number"], b["rect"]) == (swap_a, booths[swap_a]["rect"])
        assert after[booths[nudged]["ref"]]["rect"] == booths[nudged]["rect"]

        # the typed form still works, and the editor speaks Chinese too
        page.fill("#console-swap", f"{small[1]} {small[2]}")
        page.click("#console-edit-form button[type=submit]")
        expect(page.locator("#console-edit-form .status")).to_contain_text(
            "Version 3 is built", timeout=120_000
        )
        expect(plan.locator("g.booth")).to_have_count(len(booths))
        page.click("#console-language")
        expect(page.locator("#console-plan-apply")).to_have_text("按这些修改重新布局")
        expect(page.locator("#console-plan-edit .hint").first).to_contain_text("拖动展位")
        assert page.log.errors() == []
