"""Moving, swapping and pinning booths on the organiser console's plan (viewer/src/planedit.js) in headless
Chromium, with the mouse and the keyboard, against the real server: the drop becomes an edit, the edits
a new version, and that version's layout.json has the booth where it was dropped and the swapped
exhibitors trading places."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_logged_page, serve_fair
from tests.browser.plan_helpers import centre, free_spots, organiser_setup, screen, show_plan

EMAIL, PASSWORD = "plans@fair.example", "a long organiser password"


@pytest.fixture(scope="module")
def console_url(fair_dir: Path) -> Iterator[str]:
    with serve_fair(fair_dir, setup=organiser_setup(EMAIL, PASSWORD)) as url:
        yield url


def _size(booth: dict[str, Any]) -> tuple[float, float]:
    x0, y0, x1, y1 = booth["rect"]
    return x1 - x0, y1 - y0


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
    spot = next(free_spots(hall, 3, 3))

    with open_logged_page(browser, viewport={"width": 1200, "height": 900}) as page:
        plan = show_plan(page, console_url, EMAIL, PASSWORD, len(booths))
        # the floor strays left when they rejoined their zones: dashed booth spots to sell
        assert hall["vacant"]
        vacant = plan.locator("polygon.vacant")
        expect(vacant).to_have_count(len(hall["vacant"]))
        words = f"vacant booth spot {hall['vacant'][0]['number']}".strip()
        expect(vacant.first.locator("title")).to_have_text(words)
        note = page.locator("#console-plan-edit .plan-note")
        edits = page.locator("#console-plan-edit .plan-edits li")
        ghost = plan.locator("rect.ghost")

        # a drag: red out of the hall and over a booth of another size; dropped there, refused
        page.mouse.move(*screen(page, *centre(booths[mover]["rect"])))
        page.mouse.down()
        page.mouse.move(*screen(page, -0.6, centre(booths[mover]["rect"])[1]), steps=8)
        expect(ghost).to_have_class("ghost outside")
        page.mouse.move(*screen(page, *centre(booths[wide]["rect"])), steps=8)
        expect(ghost).to_have_class("ghost overlap")
        page.screenshot(path="/tmp/dnd.png")  # the live footprint, red
        page.mouse.up()
        expect(note).to_have_text(f"{mover} cannot stand there: it would overlap {wide}.")
        expect(edits).to_have_count(0)

        # a drag to a free spot: green while dragging, then a move
        page.mouse.move(*screen(page, *centre(booths[mover]["rect"])))
        page.mouse.down()
        page.mouse.move(*screen(page, *centre(spot)), steps=12)
        expect(ghost).to_have_class("ghost ok")
        page.mouse.up()
        expect(edits).to_have_count(1)
        expect(edits.first).to_contain_text(f"Move {mover} to ({spot[0]:g}, {spot[1]:g})")
        expect(plan.locator(f"g.booth[data-number='{mover}']")).to_have_class(re.compile(r"\bmoved\b"))

        # a drop on a booth of the same size: a swap
        page.mouse.move(*screen(page, *centre(booths[swap_a]["rect"])))
        page.mouse.down()
        page.mouse.move(*screen(page, *centre(booths[swap_b]["rect"])), steps=12)
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
