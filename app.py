"""The halllayout web service: the viewer, the fair manifest and the hall GLBs of one built fair.

Run `python app.py --fair-dir build/demo` (see the README), or use `create_app()` from a WSGI server.
The fair folder is what `halllayout build` writes: `layout.json` and `<hall id>.glb` per hall.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from halllayout.web import create_app as _create_app
from halllayout.web.fair import GLB_MIME, REVALIDATE

ROOT = Path(__file__).resolve().parent

__all__ = ["GLB_MIME", "REVALIDATE", "create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The platform app (halllayout/web), with the viewer and default folders of this repository:
    the fair in `FAIR_DIR` ($HALLLAYOUT_FAIR_DIR or build/demo), the database and files in
    `INSTANCE_DIR` ($HALLLAYOUT_INSTANCE or instance/)."""
    return _create_app(config, root=ROOT)


def main() -> None:
    """Serve a built fair: `python app.py --fair-dir build/demo --port 8000`."""
    parser = argparse.ArgumentParser(description="Serve a fair built by `halllayout build`.")
    parser.add_argument(
        "--fair-dir", default=os.environ.get("HALLLAYOUT_FAIR_DIR", str(ROOT / "build" / "demo"))
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    app = create_app({"FAIR_DIR": args.fair_dir})
    print(f"Serving the fair in {args.fair_dir} at http://{args.host}:{args.port}/")
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
