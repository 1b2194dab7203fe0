"""A fixed walk through a 700-booth hall with products (issue 6): what three.js draws stays within the
budget at every stop, products stream in by distance, far booths never load full models, and the debug
overlay reports the frame time.

The fair is `benchmarks/walk_fair.py`'s: hall A filled with ~700 seeded booths, each with one to four
products whose models are real third-party samples, built as `halllayout build --models` builds it.
`benchmarks/bench_walk.py` walks the same route and prints the figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.walk_fair import ROUTE, build_walk_fair, settle
from tests.browser.conftest import open_logged_page, serve_fair

MAX_DRAW_CALLS = 300
MAX_TRIANGLES = 1_000_000


@pytest.fixture(scope="module")
def walk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = build_walk_fair(tmp_path_factory.mktemp("walk-fair"), tmp_path_factory.mktemp("walk-uploads"))
    with serve_fair(folder) as url:
        yield url


@pytest.fixture(scope="module")
def walk(browser: Any, walk_url: str) -> dict[str, Any]:
    """Walks the route once (high quality, debug overlay on); the figures at every stop."""
    with open_logged_page(browser) as page:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{walk_url}/?quality=high&debug=1")
        page.wait_for_function("window.halllayoutViewer.state !== 'loading'", timeout=120_000)
        assert page.evaluate("window.halllayoutViewer.state") == "ready", page.evaluate(
            "window.halllayoutViewer.error"
        )
        stops = []
        for x, y, dx, dy in ROUTE:
            page.evaluate(f"window.halllayoutViewer.teleport({x}, {y}, [{dx}, {dy}])")
            stops.append(settle(page))
        overlay = page.get_by_test_id("debug").inner_text()
        return {"stops": stops, "errors": page.log.errors(), "requests": requests, "overlay": overlay}


def test_the_walk_runs_without_errors(walk: dict[str, Any]) -> None:
    assert walk["errors"] == []


def test_draw_calls_and_triangles_stay_within_budget_at_every_stop(walk: dict[str, Any]) -> None:
    figures = [(stop["debug"]["calls"], stop["debug"]["triangles"]) for stop in walk["stops"]]
    assert all(calls <= MAX_DRAW_CALLS for calls, _ in figures), figures
    assert all(triangles <= MAX_TRIANGLES for _, triangles in figures), figures


def test_products_are_drawn_near_the_walker_at_every_stop(walk: dict[str, Any]) -> None:
    for stop in walk["stops"]:
        products = stop["products"]
        assert products["levels"]["full"] > 0 and products["levels"]["far"] > 0, products["levels"]
        assert products["drawnInstances"] == products["levels"]["full"] + products["levels"]["far"]
        assert all(model["state"] == "ready" for model in products["models"]), products["models"]


def test_far_booths_never_load_full_models(walk: dict[str, Any]) -> None:
    last = walk["stops"][-1]["products"]
    near = last["settings"]["near"]
    full = [f for f in last["fetched"] if not f["url"].endswith(".far.glb")]
    assert full, "no full model was loaded at all"
    assert all(f["distance"] <= near for f in full), full
    # and most of the hall's products were never drawn in full: a tenth or fewer at any stop
    assert all(s["products"]["levels"]["full"] <= s["products"]["products"] / 10 for s in walk["stops"])


def test_each_model_is_fetched_once_however_many_booths_show_it(walk: dict[str, Any]) -> None:
    models = [url for url in walk["requests"] if "/models/" in url and url.endswith(".glb")]
    assert models and len(models) == len(set(models)), sorted(models)


def test_the_debug_overlay_reports_frame_time_draw_calls_and_triangles(walk: dict[str, Any]) -> None:
    stop = walk["stops"][-1]["debug"]
    assert stop["frameMs"] > 0 and stop["renderMs"] > 0
    assert "ms" in walk["overlay"] and str(stop["calls"]) in walk["overlay"]


def test_low_end_mode_is_chosen_on_software_webgl_and_switchable(page: Any, server_url: str) -> None:
    page.goto(server_url)
    page.wait_for_function("window.halllayoutViewer.state !== 'loading'", timeout=60_000)
    quality = page.evaluate("window.halllayoutViewer.quality()")
    assert quality["level"] == "low" and quality["chosen"] == "auto"
    assert any("software rendering" in reason or "CPU cores" in reason for reason in quality["reasons"])
    assert page.evaluate("window.halllayoutViewer.products().settings.near") == 7
    assert page.get_by_test_id("quality").get_attribute("aria-pressed") == "true"
    page.get_by_test_id("quality").click()
    page.wait_for_url("**quality=high**")
    page.wait_for_function("window.halllayoutViewer.state !== 'loading'", timeout=60_000)
    assert page.evaluate("window.halllayoutViewer.quality().level") == "high"
    # remembered for the next visit
    assert page.evaluate("window.localStorage.getItem('halllayout.quality')") == "high"
    assert page.log.errors() == []
