"""Zooming and panning the organiser console's plan (viewer/src/planview.js) in headless Chromium: the wheel
zooms about the pointer and booth labels become readable, dragging the floor pans, a booth dragged at
that zoom lands where it was dropped (the new version's layout.json has it there), and the plan is one
Tab stop that ] walks through."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_logged_page, serve_fair
from tests.browser.plan_helpers import centre, free_spots, organiser_setup, screen, show_plan

EMAIL, PASSWORD = "zoom@fair.example", "a long organiser password"


@pytest.fixture(scope="module")
def zoom_console_url(fair_dir: Path) -> Iterator[str]:
    with serve_fair(fair_dir, setup=organiser_setup(EMAIL, PASSWORD)) as url:
        yield url


def _width_px(page: Any, number: str) -> float:
    box = page.locator(f"#console-plan-svg g.booth[data-number='{number}'] rect").bounding_box()
    return float(box["width"])


def _plan_point(page: Any, x: float, y: float) -> tuple[float, float]:
    """The plan point (m) at the page's viewport pixel (x, y): `screen`'s inverse."""
    point = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('#console-plan-svg');
            const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
            return [p.x, -p.y];
        }""",
        [x, y],
    )
    return float(point[0]), float(point[1])


def test_an_organiser_zooms_pans_and_drags_a_booth_at_that_zoom(
    browser: Any, zoom_console_url: str, fair_dir: Path
) -> None:
    url = zoom_console_url
    layout = json.loads((fair_dir / "layout.json").read_text(encoding="utf-8"))
    hall = layout["halls"][0]
    small = [
        b for b in hall["booths"] if (b["rect"][2] - b["rect"][0], b["rect"][3] - b["rect"][1]) == (3, 3)
    ]
    # the free spot nearest to a 3 × 3 booth: both in sight once zoomed in on the middle of the two
    mover, spot = min(
        itertools.product(small, free_spots(hall, 3, 3, spare=1)),
        key=lambda pair: math.dist(centre(pair[0]["rect"]), centre(pair[1])),
    )
    number = mover["number"]
    assert math.dist(centre(mover["rect"]), centre(spot)) < 10
    numbers = sorted((b["number"] for b in hall["booths"]), key=lambda n: (len(n), n))

    with open_logged_page(browser, viewport={"width": 1200, "height": 900}) as page:
        plan = show_plan(page, url, EMAIL, PASSWORD, len(hall["booths"]))
        booth = plan.locator(f"g.booth[data-number='{number}']")
        label = booth.locator("text")
        fitted = plan.get_attribute("viewBox")

        # the whole 144 m hall: a 3 m booth is some 24 px, too small for its number, which is hidden
        before = _width_px(page, number)
        assert 15 < before < 35
        expect(label).to_have_attribute("visibility", "hidden")

        # the wheel zooms about the pointer: the booth grows, the point under the pointer stays put.
        # Mouse events carry whole pixels, so the pointer goes to the pixel nearest the middle of the
        # two and the point under it is the plan point at that pixel (the middle itself is a fraction
        # of a pixel off it, and that fraction grows with the zoom: 2.8 px once)
        middle = centre([*centre(mover["rect"]), *centre(spot)])
        pointer = tuple(float(round(v)) for v in screen(page, *middle))
        middle = _plan_point(page, *pointer)
        page.mouse.move(*pointer)
        for _ in range(3):
            page.mouse.wheel(0, -250)
        expect(plan).not_to_have_attribute("viewBox", fitted)
        page.wait_for_function(
            f"document.querySelector('#console-plan-svg g.booth[data-number=\"{number}\"] rect')"
            f".getBoundingClientRect().width > {4 * before}"
        )
        assert screen(page, *middle) == pytest.approx(pointer, abs=1.5)
        # the label, now shown, is drawn 13 px high whatever the zoom
        expect(label).to_have_attribute("visibility", "visible")
        text_height = float(label.bounding_box()["height"])
        assert 10 < text_height < 20

        # dragging the floor pans: everything moves with the pointer
        floor = screen(page, *centre(spot))
        booth_at = screen(page, *centre(mover["rect"]))
        page.mouse.move(*floor)
        page.mouse.down()
        page.mouse.move(floor[0] - 60, floor[1] + 40, steps=6)
        page.mouse.up()
        assert screen(page, *centre(mover["rect"])) == pytest.approx(
            (booth_at[0] - 60, booth_at[1] + 40), abs=1
        )

        # a booth dragged at this zoom lands on the spot it is dropped on
        page.mouse.move(*screen(page, *centre(mover["rect"])))
        page.mouse.down()
        page.mouse.move(*screen(page, *centre(spot)), steps=12)
        expect(plan.locator("rect.ghost")).to_have_class("ghost ok")
        page.screenshot(path="/tmp/zoom.png")  # zoomed in, labels readable, the live footprint green
        page.mouse.up()
        edits = page.locator("#console-plan-edit .plan-edits li")
        expect(edits).to_have_count(1)
        expect(edits.first).to_contain_text(f"Move {number} to ({spot[0]:g}, {spot[1]:g})")

        # the plan is one Tab stop: ] goes to the next booth, Tab leaves the plan
        assert plan.locator("g.booth[tabindex='0']").count() == 1
        booth.focus()
        page.keyboard.press("]")
        following = numbers[(numbers.index(number) + 1) % len(numbers)]
        expect(plan.locator(f"g.booth[data-number='{following}']")).to_be_focused()
        expect(plan.locator("g.booth[tabindex='0']")).to_have_attribute("data-number", following)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#console-plan-svg') === null")
        # and 0 fits the whole hall again
        plan.locator(f"g.booth[data-number='{following}']").focus()
        page.keyboard.press("0")
        expect(plan).to_have_attribute("viewBox", fitted)

        page.locator("#console-plan-apply").click()
        expect(page.locator("#console-plan-edit .status")).to_contain_text(
            "Version 2 is built", timeout=120_000
        )
        response = page.request.get(f"{url}/api/organiser/versions/2/files/layout.json")
        assert response.ok, response.text()
        after = {b["ref"]: b for b in json.loads(response.body())["halls"][0]["booths"]}
        assert (after[mover["ref"]]["number"], after[mover["ref"]]["rect"]) == (number, spot)
        assert page.log.errors() == []


def test_two_fingers_pinch_the_plan_larger(browser: Any, zoom_console_url: str, fair_dir: Path) -> None:
    hall = json.loads((fair_dir / "layout.json").read_text(encoding="utf-8"))["halls"][0]
    spot = next(free_spots(hall, 3, 3, spare=1))
    with open_logged_page(browser, viewport={"width": 1200, "height": 900}, has_touch=True) as page:
        plan = show_plan(page, zoom_console_url, EMAIL, PASSWORD, len(hall["booths"]))
        fitted = [float(v) for v in (plan.get_attribute("viewBox") or "").split()]
        x, y = screen(page, *centre(spot))
        cdp = page.context.new_cdp_session(page)

        def touch(kind: str, spread: float) -> None:
            points = [] if kind == "touchEnd" else [(x, y - spread), (x, y + spread)]
            cdp.send(
                "Input.dispatchTouchEvent",
                {
                    "type": kind,
                    "touchPoints": [{"x": px, "y": py, "id": i} for i, (px, py) in enumerate(points)],
                },
            )

        # two fingers 20 px apart on the floor, spread to 80 px: four times larger, about their middle
        touch("touchStart", 10)
        for spread in (20, 30, 40):
            touch("touchMove", spread)
        touch("touchEnd", 0)
        box = [float(v) for v in (plan.get_attribute("viewBox") or "").split()]
        assert box[2] == pytest.approx(fitted[2] / 4, rel=1e-3)
        assert screen(page, *centre(spot)) == pytest.approx((x, y), abs=1.5)
        assert page.log.errors() == []
