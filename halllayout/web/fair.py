"""What browsers load: the pages (viewer, directory, organiser console, exhibitor portal), the
viewer's files, and the published fair's manifest, hall GLBs and product models."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_file, send_from_directory
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint as ApiBlueprint
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.security import safe_join

from halllayout.web.errors import ApiError, json_error
from halllayout.web.fairfiles import manifest_json
from halllayout.web.hot import HOT, HotState, file_stamp
from halllayout.web.limits import limiter
from halllayout.web.live import live_view, with_live_products
from halllayout.web.site import fair_files, published

GLB_MIME = "model/gltf-binary"
#: Every response may be kept, but is checked against its ETag before each reuse.
REVALIDATE = "public, no-cache"

pages = Blueprint("pages", __name__)
api = ApiBlueprint("fair", __name__, url_prefix="/", description="The published fair, as visitors see it")


@limiter.request_filter
def _not_limited() -> bool:
    """Visitors' reads of the published fair have no rate limit: the limiter is skipped for them, as
    its checks would cost a third of such a request."""
    return request.endpoint in ("fair.manifest", "fair.hall_glb", "fair.product_model")


def _binary(mime: str, what: str) -> dict[str, object]:
    return {
        "responses": {
            "200": {
                "description": what,
                "content": {mime: {"schema": {"type": "string", "format": "binary"}}},
            },
            "206": {
                "description": "the bytes asked for (Range), with Content-Range",
                "content": {mime: {"schema": {"type": "string", "format": "binary"}}},
            },
            "304": {"description": "not modified (If-None-Match)"},
            "404": {"description": "no such file", "content": {"application/json": {"schema": "Error"}}},
            "416": {
                "description": "a range past the end; Content-Range gives the length",
                "content": {"application/json": {"schema": "Error"}},
            },
        }
    }


def _viewer_dir() -> Path:
    return Path(current_app.config["VIEWER_DIR"])


def viewer_page(name: str) -> Response:
    """The page `viewer/<name>`: HTML that gets everything it shows from the JSON API, revalidated on
    every load (ETag)."""
    response = send_file(_viewer_dir() / name, mimetype="text/html", etag=True, max_age=0)
    response.cache_control.no_cache = True
    return response


@pages.get("/")
def index() -> ResponseReturnValue:
    """The 3D viewer."""
    return viewer_page("index.html")


@pages.get("/directory")
def directory() -> ResponseReturnValue:
    """The booth directory: the fair as a searchable list, without WebGL."""
    return viewer_page("directory.html")


@pages.get("/organiser")
def organiser_console() -> ResponseReturnValue:
    """The organiser console (viewer/organiser.html, viewer/src/organiser.js)."""
    return viewer_page("organiser.html")


@pages.get("/exhibitor")
def exhibitor_portal() -> ResponseReturnValue:
    """The exhibitor portal (viewer/exhibitor.html, viewer/src/exhibitor.js)."""
    return viewer_page("exhibitor.html")


@pages.get("/static/viewer/<path:name>")
def viewer_file(name: str) -> ResponseReturnValue:
    return send_from_directory(_viewer_dir() / "src", name, max_age=0)


@pages.get("/static/vendor/three/<path:name>")
def three_file(name: str) -> ResponseReturnValue:
    return send_from_directory(_viewer_dir() / "node_modules" / "three", name, max_age=3600)


@pages.get("/static/fonts/<path:name>")
def font_file(name: str) -> ResponseReturnValue:
    return send_from_directory(current_app.config["FONTS_DIR"], name, max_age=86400)


@api.route("/api/fair", methods=["GET"])
@api.doc(
    summary="The fair manifest",
    description="layout.json of the published fair with each hall's GLB URL, each booth's pinyin, "
    "the product models and the zone colours. Sent with an ETag, gzipped when the browser accepts it; "
    "answers 304 to If-None-Match.",
    responses={
        "200": {
            "description": "the manifest",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        "304": {"description": "not modified"},
        "503": {"description": "no fair built yet", "content": {"application/json": {"schema": "Error"}}},
    },
)
def manifest() -> ResponseReturnValue:
    site, view = published(), live_view()
    fair = fair_files(site)
    # stamped before they are read: a folder built again while this runs is read again next time
    files = tuple(
        (path, file_stamp(path)) for path in (fair.folder / "layout.json", fair.folder / "models.json")
    )
    try:
        document = fair.layout()
        models = fair.models()
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    if document is None:
        raise ApiError(
            503, f"no fair built in {fair.folder}: run `halllayout build BOOTHS.csv --hall HALL.json -o DIR`"
        )
    # the exhibitors' live uploads are spliced in (exhibitor.py): the same bytes while none changed
    sent = _encoded(with_live_products(fair.manifest_body(document, models, manifest_json), view))
    if request.accept_encodings["gzip"]:
        response = Response(sent.gzip, mimetype="application/json")
        response.content_encoding = "gzip"
        response.set_etag(f"{sent.etag}-gzip")
    else:
        response = Response(sent.body, mimetype="application/json")
        response.set_etag(sent.etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.no_cache = True
    if site.version_id is not None:  # the same answer while all three stay (hot.py)
        request.environ[HOT] = HotState(site.key, view, files)
    return response.make_conditional(request)


def _send_revalidated(path: Path, mime: str, etag: str) -> Response:
    """The file with its content ETag, answering If-None-Match (304) and Range (206), revalidated before
    each reuse; a range past the end is a 416 giving the length in Content-Range (RFC 9110 15.5.17)."""
    try:
        response = send_file(path, mimetype=mime, etag=etag, conditional=True)
    except RequestedRangeNotSatisfiable as error:
        response = json_error(416, f"range not satisfiable: {path.name} is {error.length} bytes")
        response.headers["Content-Range"] = f"bytes */{error.length}"
        return response
    response.headers["Cache-Control"] = REVALIDATE
    return response


@dataclass(frozen=True)
class _Manifest:
    body: bytes
    etag: str
    gzip: bytes


def _encoded(body: bytes) -> _Manifest:
    """The manifest with its ETag and gzipped (a tenth of the bytes), made again only when the manifest
    is (it is cached, so the same bytes object, while layout.json and models.json stay the same):
    hashing and compressing 1 MB per request would cost more than the rest of the request."""
    cached: _Manifest | None = current_app.extensions.get("halllayout.manifest_sent")
    if cached is None or cached.body is not body:
        cached = _Manifest(body, hashlib.sha1(body).hexdigest(), gzip.compress(body, 6, mtime=0))
        current_app.extensions["halllayout.manifest_sent"] = cached
    return cached


@api.route("/halls/<hall_id>.glb", methods=["GET"])
@api.doc(summary="A hall's 3D scene (GLB); ETag, 304 and range requests", **_binary(GLB_MIME, "the GLB"))
def hall_glb(hall_id: str) -> ResponseReturnValue:
    fair = fair_files()
    try:
        document = fair.layout()
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    known = {hall["id"] for hall in (document or {}).get("halls", [])}
    path = fair.folder / f"{hall_id}.glb"
    if hall_id not in known or not path.is_file():
        raise ApiError(404, f"no hall {hall_id!r} in this fair (halls: {', '.join(sorted(known)) or 'none'})")
    return _send_revalidated(path, GLB_MIME, fair.digest(path))


@api.route("/models/<path:name>", methods=["GET"])
@api.doc(
    summary="A product's model, far model or thumbnail, stored by content", **_binary(GLB_MIME, "GLB or PNG")
)
def product_model(name: str) -> ResponseReturnValue:
    """A product's web-ready model, far model or thumbnail that `halllayout build --models` stored by
    content beside the halls (`models/<digest>.glb`, `.far.glb`, `.png`), as `models.json` and the hall
    GLBs name them."""
    fair = fair_files()
    folder = fair.folder / "models"
    path = safe_join(str(folder), name)
    mime = {".glb": GLB_MIME, ".png": "image/png"}.get(Path(name).suffix)
    if path is None or mime is None or not Path(path).is_file():
        raise ApiError(404, f"no product model {name!r} in this fair")
    return _send_revalidated(Path(path), mime, fair.digest(Path(path)))
