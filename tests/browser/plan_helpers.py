"""What the organiser console's plan tests share (test_organiser_dnd.py, test_organiser_zoom.py):
rectangles in plan metres, free spots in the test fair's hall, and plan points on the screen."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

#: [x0, y0, x1, y1] in plan metres
Rect = list[float]


def organiser_setup(email: str, password: str) -> Callable[[Any], None]:
    """A `serve_fair` set-up that adds an organiser account to the served app."""

    def setup(app: Any) -> None:
        from halllayout.web import db
        from halllayout.web.accounts import add_organiser

        with app.app_context():
            add_organiser(db.session(), email, password, name="Plan office")

    return setup


def overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-3 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-3


def box(polygon: list[list[float]]) -> Rect:
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    return [min(xs), min(ys), max(xs), max(ys)]


def centre(rect: Rect) -> tuple[float, float]:
    return (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2


def free_spots(hall: dict[str, Any], width: float, depth: float, spare: int = 0) -> Iterator[Rect]:
    """Every spot (whole metres, from the south-west) of that size inside the rectangular hall, clear
    of every booth, column and aisle by `spare` metres."""
    xs = [p[0] for p in hall["outline"]]
    ys = [p[1] for p in hall["outline"]]
    taken = [b["rect"] for b in hall["booths"]] + [box(a["polygon"]) for a in hall["aisles"]]
    for column in hall["columns"]:
        (x, y), half = column["at"], column["size"] / 2
        taken.append([x - half, y - half, x + half, y + half])
    for y0, x0 in itertools.product(
        range(int(min(ys)) + spare, int(max(ys) - depth) + 1 - spare),
        range(int(min(xs)) + spare, int(max(xs) - width) + 1 - spare),
    ):
        rect = [float(x0), float(y0), x0 + width, y0 + depth]
        around = [x0 - spare, y0 - spare, x0 + width + spare, y0 + depth + spare]
        if not any(overlap(around, other) for other in taken):
            yield rect


def screen(page: Any, x: float, y: float) -> tuple[float, float]:
    """Plan point (m) → the page's viewport pixels, through the browser's own transform of the plan."""
    point = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('#console-plan-svg');
            const p = new DOMPoint(x, -y).matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        [x, y],
    )
    return float(point[0]), float(point[1])


def show_plan(page: Any, url: str, email: str, password: str, booths: int) -> Any:
    """Signs in to the console at `url` and shows version 1's plan, with its `booths` booths drawn;
    the plan's SVG locator, scrolled into view."""
    from playwright.sync_api import expect

    page.goto(f"{url}/organiser?lang=en")
    page.fill("#console-email", email)
    page.fill("#console-password", password)
    page.click("#console-sign-in-form button[type=submit]")
    page.locator("#console-versions tbody tr[data-version='1']").get_by_role("button", name="Show").click()
    plan = page.locator("#console-plan-svg")
    expect(plan.locator("g.booth")).to_have_count(booths)
    plan.scroll_into_view_if_needed()
    return plan
