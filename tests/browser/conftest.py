"""Fixtures and helpers for the browser tests: a fair built by the CLI, served by the Flask app, in Chromium.

Chromium is Debian's (`/usr/bin/chromium`, or `$HALLLAYOUT_CHROMIUM`), run with SwiftShader's software WebGL,
so the tests need no GPU and no browser download. A missing Chromium fails every browser test (FAILED, with
the command that installs it); it never skips them.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for `app`

from benchmarks.scene_gpu import CHROMIUM_ARGS  # noqa: E402 - one list of flags for tests and benchmarks

CHROMIUM = os.environ.get("HALLLAYOUT_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 960, "height": 600}
#: What the viewer exposes to the tests (state, hallId, booths, position(), teleport(), ...).
V = "window.halllayoutViewer"
#: Software WebGL on a small machine is slow: loading a hall may take this long (ms).
READY_TIMEOUT_MS = 60_000
#: The outward unit normal (plan x, y) of each side of a booth.
SIDES = {"N": (0.0, 1.0), "S": (0.0, -1.0), "E": (1.0, 0.0), "W": (-1.0, 0.0)}


def build_fair_with_cli(*args: str, out: Path) -> Path:
    """Runs `halllayout build ARGS -o OUT` from the repository root, as a user would; fails unless it exits 0.

    Returns `out`, the built fair's folder.
    """
    result = subprocess.run(
        [sys.executable, "-m", "halllayout", "build", *args, "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"halllayout build failed:\n{result.stdout}\n{result.stderr}"
    return out


@contextmanager
def serve_fair(folder: Path, setup: Callable[[Any], None] | None = None) -> Iterator[str]:
    """The Flask app over the fair built in `folder`, on a free loopback port in a background thread,
    with its own fresh database; `setup(app)` runs first (to add an organiser, invite an exhibitor...).

    Yields the server's URL (`http://127.0.0.1:PORT`); the server is shut down on exit.
    """
    from werkzeug.serving import make_server

    from app import create_app

    instance = tempfile.mkdtemp(prefix="halllayout-instance-")
    app = create_app({"FAIR_DIR": str(folder), "INSTANCE_DIR": instance})
    if setup is not None:
        setup(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="halllayout-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def fair_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 120-booth sample fair, built by the CLI exactly as a user builds it."""
    return build_fair_with_cli(
        "tests/data/booths/fair-120.csv",
        "--hall",
        "tests/data/halls/hall-a-144x90.json",
        out=tmp_path_factory.mktemp("browser-fair"),
    )


@pytest.fixture(scope="session")
def server_url(fair_dir: Path) -> Iterator[str]:
    """The Flask app over that fair, on a free local port, in a background thread."""
    with serve_fair(fair_dir) as url:
        yield url


CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: the browser tests need it. "
    "Install it with `sudo apt-get install chromium` (or set HALLLAYOUT_CHROMIUM=/path/to/chromium)."
)


class MissingChromium:
    """Stands in for the page when there is no Chromium: the first use fails the test with how to fix it."""

    def __getattr__(self, name: str) -> Any:
        pytest.fail(CHROMIUM_MISSING, pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (Playwright's own browser download is not used); None when it is missing."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        yield None
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class PageLog:
    """What the page said: console messages as (type, text) and uncaught exceptions."""

    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [f"console.{kind}: {text}" for kind, text in self.console if kind == "error"] + [
            f"pageerror: {error}" for error in self.page_errors
        ]


@contextmanager
def open_logged_page(browser: Any, **context_options: Any) -> Iterator[Any]:
    """A fresh page in its own context that records its console and page errors in `page.log`.

    The context is 960 × 600 at device scale 1 unless `context_options` (Playwright's `new_context`
    keywords) say otherwise, and is closed on exit. Without Chromium (`browser` is None) the page is a
    `MissingChromium`, which fails the test at its first use.
    """
    if browser is None:
        yield MissingChromium()
        return
    context = browser.new_context(**({"viewport": VIEWPORT, "device_scale_factor": 1} | context_options))
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda message: log.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.log = log
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own context, 960 × 600) that records its console and page errors in `page.log`."""
    with open_logged_page(browser) as new_page:
        yield new_page


def open_viewer(page: Any, url: str) -> None:
    """Opens the viewer at `url` and waits until it has loaded the hall; fails unless it got ready."""
    page.goto(url)
    page.wait_for_function(f"() => {V} && {V}.state !== 'loading'", timeout=READY_TIMEOUT_MS)
    state, error = page.evaluate(f"[{V}.state, {V}.error]")
    assert state == "ready", f"viewer did not get ready: {state}: {error}"


def plan_position(page: Any) -> tuple[float, float]:
    """Where the walker stands, in plan metres (x east, y north)."""
    x, _, z = page.evaluate(f"{V}.position()")
    return x, -z


def settle(page: Any) -> None:
    """Waits until the walker has stopped (two samples 250 ms apart within 1 mm)."""
    page.wait_for_function(
        f"""() => {{
            const p = {V}.position(), q = window.__lastPosition;
            window.__lastPosition = p;
            return q !== undefined && Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < 1e-3;
        }}""",
        polling=250,
        timeout=15_000,
    )


def assert_no_errors(page: Any) -> None:
    errors = page.log.errors()
    assert not errors, "the page reported errors:\n" + "\n".join(errors)


def distance_to_rect(rect: list[float], x: float, y: float) -> float:
    x0, y0, x1, y1 = rect
    return math.hypot(max(x0 - x, 0.0, x - x1), max(y0 - y, 0.0, y - y1))


def inside_polygon(polygon: list[list[float]], x: float, y: float) -> bool:
    inside = False
    for (xi, yi), (xj, yj) in zip(polygon, polygon[-1:] + polygon[:-1], strict=True):
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
    return inside


def approach(booth: dict[str, Any], manifest: dict[str, Any], hall: dict[str, Any], distance: float = 1.5):
    """A free aisle point `distance` m in front of the booth's open front and the plan heading into the booth,
    or None when something stands between that point and the booth."""
    x0, y0, x1, y1 = booth["rect"]
    nx, ny = SIDES[booth["front"]]
    front_x = (x0 + x1) / 2 + nx * (x1 - x0) / 2
    front_y = (y0 + y1) / 2 + ny * (y1 - y0) / 2
    others = [b["rect"] for b in hall["booths"] if b is not booth]
    for step in range(int(distance / 0.25) + 1):
        px, py = front_x + nx * step * 0.25, front_y + ny * step * 0.25
        if step > 0 and any(distance_to_rect(rect, px, py) < 0.6 for rect in others):
            return None
        if any(math.dist(c["at"], (px, py)) < c["size"] / 2 + 1.0 for c in hall["columns"]):
            return None
    start = (front_x + nx * distance, front_y + ny * distance)
    outline = hall["outline"]
    if not all(inside_polygon(outline, start[0] + dx, start[1] + dy) for dx in (-1, 1) for dy in (-1, 1)):
        return None
    return start, (-nx, -ny)


def fetch_manifest(url: str) -> dict[str, Any]:
    """The fair's manifest (`/api/fair`) from the server at `url`."""
    with urllib.request.urlopen(f"{url}/api/fair", timeout=30) as response:
        document: dict[str, Any] = json.load(response)
    return document
