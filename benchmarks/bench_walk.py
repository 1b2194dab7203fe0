"""Benchmark of the visitor viewer (issue 6): a 700-booth hall with products, loaded and walked.

Builds `walk_fair.py`'s fair (hall A, ~700 seeded booths, each with one to four real product models),
serves it with the app on loopback and drives Debian's Chromium (software WebGL, as in CI; a machine
with a GPU is much faster). Prints, beside each target:

- how long after the hall is asked for its shell is drawn (target ≤ 2 s on localhost) and when it is
  walkable, best of `--loads` fresh page loads;
- along the fixed route (`walk_fair.ROUTE`), at every stop once products have streamed in: draw calls
  (≤ 300) and triangles (≤ 1M) of the frame, from three.js's `renderer.info`, frame time from the
  debug overlay, and how many products are drawn in full and far;
- which models were fetched and from how far (far booths must never load full models).

Usage: python benchmarks/bench_walk.py [--chromium PATH] [--loads N] [--quality high|low] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scene_gpu import CHROMIUM_ARGS  # noqa: E402
from benchmarks.walk_fair import ROUTE, build_walk_fair, settle  # noqa: E402

TARGET_SHELL_S, TARGET_CALLS, TARGET_TRIANGLES = 2.0, 300, 1_000_000


def line(label: str, value: str, target: str = "", over: bool | None = None) -> None:
    verdict = "" if over is None else ("  OVER" if over else "  ok")
    print(f"  {label:<30} {value:<36} {target}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--chromium", default=os.environ.get("HALLLAYOUT_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--loads", type=int, default=3, help="fresh page loads timed; the best is shown")
    parser.add_argument("--quality", choices=("high", "low"), default="high")
    parser.add_argument("--keep", type=Path, help="build the fair in this folder instead of a temporary one")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from app import create_app

    with tempfile.TemporaryDirectory(prefix="halllayout-walk-") as scratch:
        folder = args.keep or Path(scratch) / "fair"
        started = time.perf_counter()
        build_walk_fair(folder, Path(scratch) / "uploads")
        print(f"walk fair: hall A, 700 booths with products, built in {time.perf_counter() - started:.1f} s")
        server = make_server(
            "127.0.0.1",
            0,
            create_app({"FAIR_DIR": str(folder), "INSTANCE_DIR": str(Path(scratch) / "instance")}),
            threaded=True,
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/?quality={args.quality}&debug=1"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            timings = []
            for _ in range(args.loads):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                page = context.new_page()
                page.goto(url)
                page.wait_for_function("window.halllayoutViewer.state !== 'loading'", timeout=180_000)
                timings.append(page.evaluate("window.halllayoutViewer.timings"))
                context.close()
            best = min(timings, key=lambda t: t["shellVisible"])
            print(f"loading the hall ({args.quality} quality), best of {args.loads}:")
            line("GLB loaded", f"{best['loaded'] / 1000:.2f} s")
            line(
                "shell drawn", f"{best['shellVisible'] / 1000:.2f} s", f"≤ {TARGET_SHELL_S:g} s",
                best["shellVisible"] / 1000 > TARGET_SHELL_S,
            )  # fmt: skip
            line("walkable (collision built)", f"{best['ready'] / 1000:.2f} s")

            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("window.halllayoutViewer.state !== 'loading'", timeout=180_000)
            print("walking the route (plan x, y → heading):")
            print(f"  {'stop':<22} {'calls':>6} {'triangles':>10} {'frame ms':>9} {'full':>5} {'far':>5}")
            worst_calls = worst_triangles = 0
            stops = []
            for x, y, dx, dy in ROUTE:
                page.evaluate(f"window.halllayoutViewer.teleport({x}, {y}, [{dx}, {dy}])")
                stop = settle(page)
                stops.append(stop)
                d, p = stop["debug"], stop["products"]
                worst_calls = max(worst_calls, d["calls"])
                worst_triangles = max(worst_triangles, d["triangles"])
                where = f"({x:g}, {y:g}) → ({dx:g}, {dy:g})"
                print(
                    f"  {where:<22} {d['calls']:>6} {d['triangles']:>10,} "
                    f"{d['frameMs']:>9.0f} {p['levels']['full']:>5} {p['levels']['far']:>5}"
                )
            last = stops[-1]["products"]
            near = last["settings"]["near"]
            full = [f for f in last["fetched"] if not f["url"].endswith(".far.glb")]
            line("worst draw calls", f"{worst_calls}", f"≤ {TARGET_CALLS}", worst_calls > TARGET_CALLS)
            line(
                "worst triangles", f"{worst_triangles:,}", f"≤ {TARGET_TRIANGLES:,}",
                worst_triangles > TARGET_TRIANGLES,
            )  # fmt: skip
            line("products in the hall", f"{last['products']:,}")
            line("models fetched (full / far)", f"{len(full)} / {len(last['fetched']) - len(full)}")
            farthest = max((f["distance"] for f in full), default=0)
            line(
                "farthest full model asked", f"{farthest:.1f} m", f"≤ near ({near} m)", farthest > near
            )  # fmt: skip
            context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
