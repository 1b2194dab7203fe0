"""How three.js draws a GLB: serve it with the measuring page, open it in headless Chromium, read the figures.

`measure_glb(path)` starts a static server on 127.0.0.1 (a free port) that lays out the files as app.py
does (`/static/viewer/` = viewer/src, `/static/vendor/three/` = viewer/node_modules/three) plus
`/measure.html` and the GLB, opens `measure.html?glb=...` in Debian's Chromium (software WebGL through
SwiftShader, the browser tests' flags) with Playwright, waits for `window.measure` and returns it: draw
calls, triangles, instanced meshes and instances, texture bytes (total and signage), load and render ms,
errors. See viewer/src/measure.js for every field. The Flask app does not route `/measure.html`, hence
the server of its own here; it works on any GLB, whoever wrote it.

Usage: python benchmarks/scene_gpu.py HALL.glb [--chromium PATH] [--screenshot OUT.png]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parents[1]
VIEWER = ROOT / "viewer"
#: Chromium's flags here and in the browser tests: no GPU, no sandbox (containers), no network chatter.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT: ViewportSize = {"width": 960, "height": 600}
#: Software WebGL is slow: loading and drawing a big hall may take minutes on a small machine.
MEASURE_TIMEOUT_S = 300.0
#: URL prefix → folder, as app.py serves them.
FOLDERS = {
    "/static/viewer/": VIEWER / "src",
    "/static/vendor/three/": VIEWER / "node_modules" / "three",
}
GLB_URL = "/hall.glb"
MIME_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".glb": "model/gltf-binary",
}


class _Files(SimpleHTTPRequestHandler):
    """Serves the fixed `files` (URL → file) and `folders` (URL prefix → folder); 404 for anything else."""

    def __init__(self, *args: Any, files: dict[str, Path], folders: dict[str, Path], **kwargs: Any) -> None:
        self.files = files
        self.folders = folders
        self.extensions_map = {**self.extensions_map, **MIME_TYPES}
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        url = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if url in self.files:
            return str(self.files[url])
        for prefix, folder in self.folders.items():
            if url.startswith(prefix):
                target = (folder / url[len(prefix) :]).resolve()
                if target.is_relative_to(folder.resolve()) and target.is_file():
                    return str(target)
        return str(ROOT / ".missing")  # http.server answers 404

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the page reports what failed


@contextmanager
def serve(glb: Path) -> Iterator[str]:
    """The measuring page and `glb` on 127.0.0.1 at a free port; yields the page's URL for that GLB."""
    if not glb.is_file():
        raise FileNotFoundError(f"no GLB to measure at {glb}")
    files = {"/measure.html": VIEWER / "measure.html", GLB_URL: glb.resolve()}
    handler = partial(_Files, files=files, folders=FOLDERS)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="scene-gpu-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/measure.html?glb={GLB_URL}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def read_measure(page: Any, url: str, timeout_s: float = MEASURE_TIMEOUT_S) -> dict[str, Any]:
    """Open the measuring page `url` in a Playwright `page` and return `window.measure`.

    Console errors the page could not catch itself (a failed request, say) are added to its `errors`.
    """
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    page.goto(url)
    page.wait_for_function("() => window.measure !== undefined", timeout=timeout_s * 1000, polling=250)
    result: dict[str, Any] = page.evaluate("window.measure")
    result["errors"] += [text for text in seen if text not in result["errors"]]
    return result


def measure_glb(
    path: Path,
    chromium: str = "/usr/bin/chromium",
    *,
    screenshot: Path | None = None,
    timeout_s: float = MEASURE_TIMEOUT_S,
) -> dict[str, Any]:
    """The figures of `window.measure` (see viewer/src/measure.js) for the GLB at `path`.

    Launches `chromium` headless with CHROMIUM_ARGS; `screenshot`, if given, gets a PNG of the frame.
    Raises FileNotFoundError when the GLB or Chromium is missing.
    """
    if not Path(chromium).is_file():
        raise FileNotFoundError(f"Chromium not found at {chromium} (sudo apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with serve(path) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            result = read_measure(page, url, timeout_s)
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            return result
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Print how three.js draws a GLB (window.measure) as JSON.")
    parser.add_argument("glb", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure_glb(args.glb, args.chromium, screenshot=args.screenshot), indent=2))


if __name__ == "__main__":
    main()
