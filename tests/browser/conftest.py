"""Fixtures for the browser tests: a fair built by the CLI, served by the Flask app, driven in Chromium.

Chromium is Debian's (`/usr/bin/chromium`, or `$HALLLAYOUT_CHROMIUM`), run with SwiftShader's software WebGL,
so the tests need no GPU and no browser download. A missing Chromium fails every browser test (FAILED, with
the command that installs it); it never skips them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def fair_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 120-booth sample fair, built by the CLI exactly as a user builds it."""
    folder = tmp_path_factory.mktemp("browser-fair")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "halllayout",
            "build",
            "tests/data/booths/fair-120.csv",
            "--hall",
            "tests/data/halls/hall-a-144x90.json",
            "-o",
            str(folder),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"halllayout build failed:\n{result.stdout}\n{result.stderr}"
    return folder


@pytest.fixture(scope="session")
def server_url(fair_dir: Path) -> Iterator[str]:
    """The Flask app over that fair, on a free local port, in a background thread."""
    from werkzeug.serving import make_server

    from app import create_app

    app = create_app({"FAIR_DIR": str(fair_dir)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="halllayout-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own context, 960 × 600) that records its console and page errors in `page.log`."""
    if browser is None:
        yield MissingChromium()
        return
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    new_page = context.new_page()
    log = PageLog()
    new_page.on("console", lambda message: log.console.append((message.type, message.text)))
    new_page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    new_page.log = log
    try:
        yield new_page
    finally:
        context.close()
