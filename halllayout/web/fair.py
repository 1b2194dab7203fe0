"""What visitors load: the viewer's pages and files, the fair manifest, the hall GLBs and the product
models of the published fair."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_file, send_from_directory
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint as ApiBlueprint
from werkzeug.security import safe_join

from halllayout.web.errors import ApiError
from halllayout.web.fairfiles import manifest_json
from halllayout.web.site import fair_files

GLB_MIME = "model/gltf-binary"
#: Every response may be kept, but is checked against its ETag before each reuse.
REVALIDATE = "public, no-cache"

pages = Blueprint("pages", __name__)
api = ApiBlueprint("fair", __name__, url_prefix="/", description="The published fair, as visitors see it")


def _binary(mime: str, what: str) -> dict[str, object]:
    return {
        "responses": {
            "200": {
                "description": what,
                "content": {mime: {"schema": {"type": "string", "format": "binary"}}},
            },
            "304": {"description": "not modified (If-None-Match)"},
            "404": {"description": "no such file", "content": {"application/json": {"schema": "Error"}}},
        }
    }


def _viewer_dir() -> Path:
    return Path(current_app.config["VIEWER_DIR"])


@pages.get("/")
def index() -> ResponseReturnValue:
    response = send_file(_viewer_dir() / "index.html", mimetype="text/html", etag=True, max_age=0)
    response.cache_control.no_cache = True
    return response


@pages.get("/directory")
def directory() -> ResponseReturnValue:
    """The booth directory: the fair as a searchable list, without WebGL."""
    response = send_file(_viewer_dir() / "directory.html", mimetype="text/html", etag=True, max_age=0)
    response.cache_control.no_cache = True
    return response


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
    "the product models and the zone colours. Sent with an ETag; answers 304 to If-None-Match.",
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
    fair = fair_files()
    try:
        document = fair.layout()
        models = fair.models()
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    if document is None:
        raise ApiError(
            503, f"no fair built in {fair.folder}: run `halllayout build BOOTHS.csv --hall HALL.json -o DIR`"
        )
    body = fair.manifest_body(document, models, manifest_json)
    response = Response(body, mimetype="application/json")
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


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
    response = send_file(path, mimetype=GLB_MIME, etag=fair.digest(path), conditional=True)
    response.headers["Cache-Control"] = REVALIDATE
    return response


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
    response = send_file(path, mimetype=mime, etag=fair.digest(Path(path)), conditional=True)
    response.headers["Cache-Control"] = REVALIDATE
    return response
