"""The halllayout web service: the viewer, the fair manifest and the hall GLBs of one built fair.

Run `python app.py --fair-dir build/demo` (see the README), or use `create_app()` from a WSGI server.
The fair folder is what `halllayout build` writes: `layout.json` and `<hall id>.glb` per hall.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request, send_file, send_from_directory
from flask.typing import ResponseReturnValue
from werkzeug.security import safe_join

from halllayout.palette import hex_colour, zone_colours
from halllayout.pinyin import pinyin_key

ROOT = Path(__file__).resolve().parent
GLB_MIME = "model/gltf-binary"
#: Every response may be kept, but is checked against its ETag before each reuse.
REVALIDATE = "public, no-cache"


def _zone_colours(document: Mapping[str, Any]) -> dict[str, str]:
    """Each zone's `#rrggbb`, as on the 3D carpets and the printed plans: ranked by first appearance
    over the fair's booths, hall by hall (layout@2), or in the fair-wide booth list (layout@1)."""
    booths = [b for hall in document.get("halls", []) for b in hall.get("booths", [])]
    booths += document.get("booths", [])
    ranked = zone_colours([str(b.get("zone") or "") for b in booths])
    return {zone: hex_colour(colour) for zone, colour in ranked.items()}


class _FairFiles:
    """The built fair on disk. Content hashes and the parsed layout are cached by file size and mtime."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[Path, tuple[tuple[int, int], str]] = {}
        self._layout: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._models: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._manifest: tuple[tuple[tuple[int, int] | None, tuple[int, int] | None], bytes] | None = None

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int]:
        stat = path.stat()
        return (stat.st_size, stat.st_mtime_ns)

    def digest(self, path: Path) -> str:
        """SHA-256 of the file's content, as hex."""
        stamp = self._stamp(path)
        cached = self._hashes.get(path)
        if cached is None or cached[0] != stamp:
            with path.open("rb") as f:
                cached = (stamp, hashlib.file_digest(f, "sha256").hexdigest())
            self._hashes[path] = cached
        return cached[1]

    def manifest_body(
        self,
        document: dict[str, Any],
        models: dict[str, Any],
        make: Callable[[dict[str, Any], dict[str, Any]], bytes],
    ) -> bytes:
        """`make(document, models)`, made again only when layout.json or models.json changed (the
        pinyin of 25,000 exhibitor names is not worked out per request)."""
        key = (
            self._layout[0] if self._layout is not None else None,
            self._models[0] if self._models is not None and models else None,
        )
        if self._manifest is None or self._manifest[0] != key:
            self._manifest = (key, make(document, models))
        return self._manifest[1]

    def models(self) -> dict[str, Any]:
        """By product id, its web-ready model from `models.json` (`halllayout build --models`), with
        site-absolute URIs; empty when the fair has none.

        Raises ValueError naming the file when models.json is not valid JSON.
        """
        path = self.folder / "models.json"
        if not path.is_file():
            return {}
        stamp = self._stamp(path)
        if self._models is None or self._models[0] != stamp:
            try:
                document = json.loads(path.read_bytes().decode("utf-8"))
                products = document["products"]
                models = {
                    pid: {
                        key: f"/{value}" if key in ("model", "far", "thumbnail") else value
                        for key, value in entry.items()
                    }
                    for pid, entry in products.items()
                }
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                raise ValueError(f"{path} is not a valid models.json: {error}") from error
            self._models = (stamp, models)
        return self._models[1]

    def layout(self) -> dict[str, Any] | None:
        """The parsed layout.json (do not modify it), or None when the fair has not been built.

        Raises ValueError naming the file when layout.json is not valid JSON.
        """
        path = self.folder / "layout.json"
        if not path.is_file():
            return None
        stamp = self._stamp(path)
        if self._layout is None or self._layout[0] != stamp:
            try:
                document = json.loads(path.read_bytes().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise ValueError(f"{path} is not a valid layout.json: {error}") from error
            self._layout = (stamp, document)
        return self._layout[1]


def _manifest(document: dict[str, Any], models: dict[str, Any]) -> bytes:
    """The fair manifest: layout.json with each hall's GLB URL, each booth's pinyin search key
    (halllayout/pinyin.py), the product models and the zone colours, as JSON bytes."""
    halls = [{**hall, "glb": f"/halls/{hall['id']}.glb"} for hall in document.get("halls", [])]
    for hall in halls:
        if isinstance(hall.get("booths"), list):
            hall["booths"] = [{**b, "pinyin": pinyin_key(b.get("exhibitor") or "")} for b in hall["booths"]]
    manifest = {**document, "halls": halls, "models": models, "zone_colours": _zone_colours(document)}
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app serving the fair in `FAIR_DIR` (default: $HALLLAYOUT_FAIR_DIR or build/demo)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(
        FAIR_DIR=os.environ.get("HALLLAYOUT_FAIR_DIR", str(ROOT / "build" / "demo")),
        VIEWER_DIR=str(ROOT / "viewer"),
        FONTS_DIR=str(ROOT / "assets" / "fonts"),
    )
    if config:
        app.config.update(config)
    fair = _FairFiles(Path(app.config["FAIR_DIR"]))
    viewer = Path(app.config["VIEWER_DIR"])

    @app.get("/")
    def index() -> ResponseReturnValue:
        response = send_file(viewer / "index.html", mimetype="text/html", etag=True, max_age=0)
        response.cache_control.no_cache = True
        return response

    @app.get("/directory")
    def directory() -> ResponseReturnValue:
        """The booth directory: the fair as a searchable list, without WebGL."""
        response = send_file(viewer / "directory.html", mimetype="text/html", etag=True, max_age=0)
        response.cache_control.no_cache = True
        return response

    @app.get("/static/viewer/<path:name>")
    def viewer_file(name: str) -> ResponseReturnValue:
        return send_from_directory(viewer / "src", name, max_age=0)

    @app.get("/static/vendor/three/<path:name>")
    def three_file(name: str) -> ResponseReturnValue:
        return send_from_directory(viewer / "node_modules" / "three", name, max_age=3600)

    @app.get("/static/fonts/<path:name>")
    def font_file(name: str) -> ResponseReturnValue:
        return send_from_directory(app.config["FONTS_DIR"], name, max_age=86400)

    @app.get("/api/fair")
    def manifest() -> ResponseReturnValue:
        try:
            document = fair.layout()
            models = fair.models()
        except ValueError as error:
            return _json_error(503, str(error))
        if document is None:
            return _json_error(
                503,
                f"no fair built in {fair.folder}: run `halllayout build BOOTHS.csv --hall HALL.json -o DIR`",
            )
        body = fair.manifest_body(document, models, _manifest)
        response = Response(body, mimetype="application/json")
        response.add_etag()
        response.cache_control.public = True
        response.cache_control.no_cache = True
        return response.make_conditional(request)

    @app.get("/halls/<hall_id>.glb")
    def hall_glb(hall_id: str) -> ResponseReturnValue:
        try:
            document = fair.layout()
        except ValueError as error:
            return _json_error(503, str(error))
        known = {hall["id"] for hall in (document or {}).get("halls", [])}
        path = fair.folder / f"{hall_id}.glb"
        if hall_id not in known or not path.is_file():
            return _json_error(
                404, f"no hall {hall_id!r} in this fair (halls: {', '.join(sorted(known)) or 'none'})"
            )
        response = send_file(path, mimetype=GLB_MIME, etag=fair.digest(path), conditional=True)
        response.headers["Cache-Control"] = REVALIDATE
        return response

    @app.get("/models/<path:name>")
    def product_model(name: str) -> ResponseReturnValue:
        """A product's web-ready model, far model or thumbnail that `halllayout build --models` stored
        by content beside the halls (`models/<digest>.glb`, `.far.glb`, `.png`), as `models.json` and
        the hall GLBs name them. Content-addressed, so they may be cached for good."""
        folder = fair.folder / "models"
        path = safe_join(str(folder), name)
        mime = {".glb": GLB_MIME, ".png": "image/png"}.get(Path(name).suffix)
        if path is None or mime is None or not Path(path).is_file():
            return _json_error(404, f"no product model {name!r} in this fair")
        response = send_file(path, mimetype=mime, etag=fair.digest(Path(path)), conditional=True)
        response.headers["Cache-Control"] = REVALIDATE
        return response

    @app.errorhandler(404)
    def not_found(error: Exception) -> ResponseReturnValue:
        return _json_error(404, f"not found: {request.path}")

    @app.errorhandler(405)
    def not_allowed(error: Exception) -> ResponseReturnValue:
        return _json_error(405, f"method {request.method} not allowed on {request.path}")

    return app


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
