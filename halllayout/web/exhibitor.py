"""The exhibitor's own: its company profile and logo, its booths, and the product models it uploads,
through ingestion to a preview and then live. Signed in with its invitation (identity.py); every call
is scoped to the signed-in exhibitor, and an upload id that is not its own is answered 404, the same
as one that does not exist.

An upload goes `queued` → `processing` → `ready` (or `refused`, with ingestion's one-line reason) in
an "ingest" job (jobs.py): the original, the web-ready model, its far level of detail and its thumbnail
are kept by content in the store (store.py). The exhibitor previews a `ready` one
(`/api/exhibitor/uploads/<id>/preview.glb`, `thumbnail.png`) and puts it `live`, marked new or not;
withdrawing it takes it back to `ready`.

How a live upload reaches visitors: the booth page of each of the exhibitor's booths
(`GET /api/booths/<number>`, booths.py) lists it after the layout's products, as the product
`upload/<id>` whose model, far model and thumbnail are public under `/api/uploads/<id>/...` while it
is live (404 otherwise); the fair manifest (`GET /api/fair`) carries them as `live_products`, by
exhibitor ref, and the profiles exhibitors filled in as `exhibitor_profiles`, spliced into its cached
bytes (live.py: each process reads them again at most every few seconds, at once after a
change it made itself). The hall GLBs are a built version's files and stay as built.
"""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from flask import Response, request, send_file
from flask import session as cookie
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from halllayout.errors import ModelRefused
from halllayout.ingest.isolated import ingest_isolated
from halllayout.ingest.read import FORMATS
from halllayout.web import db, jobs
from halllayout.web.engage import UtcDateTime
from halllayout.web.errors import ApiError
from halllayout.web.identity import current_exhibitor, exhibitor_required, fair_of
from halllayout.web.limits import limiter
from halllayout.web.live import forget_live, logo_url
from halllayout.web.models import Exhibitor, ExhibitorUpload, Job, utcnow
from halllayout.web.schemas import ErrorSchema, PageArgsSchema, page_schema, paginate
from halllayout.web.site import published_booths_of, site_fair
from halllayout.web.store import current_store

log = logging.getLogger(__name__)

bp = Blueprint(
    "exhibitor",
    __name__,
    url_prefix="/api",
    description="An exhibitor's own profile, logo, booths and product models (invitation sign-in)",
)

#: The longest company description, in characters.
MAX_DESCRIPTION = 4000
#: How many brand colours a profile keeps.
MAX_COLOURS = 2
#: A logo upload's size, its pixels at most (checked from its header, before it is decoded), the
#: formats taken, and the side of the PNG kept.
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4096 * 4096
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
LOGO_PX = 512
#: A model upload's size at most (ingestion's own limit), and the files taken: what ingestion reads,
#: and a zip of one (glTF with its .bin and images, OBJ with its MTL and textures).
MAX_MODEL_BYTES = 100_000_000
MODEL_SUFFIXES = (*FORMATS, ".zip")
#: Uploads one exhibitor may send a minute, and may have waiting or processing at once.
UPLOAD_LIMIT = "10 per minute"
MAX_PENDING = 3
#: An upload's states, and those whose processed model exists.
STATUSES = ("queued", "processing", "ready", "live", "refused")
PROCESSED = ("ready", "live")

GLB_MIME = "model/gltf-binary"
ANONYMOUS = "not signed in as an exhibitor"
NOT_YOURS = "no such upload of yours (another exhibitor's is answered the same)"


# schemas


def printable(text: str) -> None:
    """Refuses text holding a control character other than a line break or tab (PostgreSQL cannot
    keep NUL, and nobody types the others)."""
    bad = next((c for c in text if (ord(c) < 32 and c not in "\n\r\t") or ord(c) == 127), None)
    if bad is not None:
        raise ValidationError(f"holds the control character U+{ord(bad):04X}")


class ProfileArgs(Schema):
    name = fields.String(validate=[validate.Length(min=1, max=300), printable])
    description = fields.String(
        validate=[validate.Length(max=MAX_DESCRIPTION, error="at most {max} characters"), printable]
    )
    website = fields.String(
        validate=[validate.Length(max=500), printable],
        metadata={"description": "an http(s) URL, or empty"},
    )
    live_stream = fields.String(
        validate=[validate.Length(max=500), printable],
        metadata={"description": "an http(s) URL of the live stream, or empty"},
    )
    colours = fields.List(
        fields.String(
            validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="{input!r} is not a #rrggbb colour")
        ),
        validate=validate.Length(max=MAX_COLOURS, error=f"at most {MAX_COLOURS} colours"),
        metadata={"description": "brand colours, #rrggbb, at most two"},
    )


class ExhibitorProfileSchema(Schema):
    id = fields.Integer(required=True)
    ref = fields.String(required=True)
    fair = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    website = fields.String(required=True)
    live_stream = fields.String(required=True)
    logo = fields.String(required=True, metadata={"description": "URL of the logo PNG, or empty"})
    colours = fields.List(fields.String(), required=True)
    updated_at = UtcDateTime(required=True)


class LogoFiles(Schema):
    logo = Upload(required=True, metadata={"description": "PNG, JPEG or WebP, at most 2 MB"})


class MyBoothSchema(Schema):
    number = fields.String(required=True)
    hall = fields.String(required=True)
    exhibitor = fields.String(required=True)
    exhibitor_en = fields.String(required=True)
    zone = fields.String(required=True)
    products = fields.List(fields.String(), required=True)
    page = fields.String(required=True, metadata={"description": "the booth page's API URL"})
    viewer = fields.String(required=True, metadata={"description": "the booth in the 3D hall"})


class ModelFiles(Schema):
    model = Upload(
        required=True,
        metadata={"description": "GLB, glTF or OBJ in a zip, OBJ, STL, PLY, 3MF or OFF; at most 100 MB"},
    )
    name = fields.String(
        metadata={"description": "the product's name (a form field; the file's name by default)"}
    )


class JobStateSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True)
    progress = fields.Float(required=True)
    message = fields.String(required=True)


class UploadSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    file = fields.String(required=True, metadata={"description": "the uploaded file's name"})
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    is_new = fields.Boolean(required=True)
    reason = fields.String(required=True, metadata={"description": "why it was refused, in one line"})
    job = fields.Nested(JobStateSchema, allow_none=True)
    preview = fields.String(required=True, metadata={"description": "the processed GLB, or empty"})
    thumbnail = fields.String(required=True, metadata={"description": "the processed thumbnail, or empty"})
    model = fields.String(required=True, metadata={"description": "the public GLB while live, or empty"})
    size_m = fields.List(fields.Float(), allow_none=True)
    report = fields.Dict(required=True, metadata={"description": "ingestion's report"})
    created_at = UtcDateTime(required=True)


class LiveArgs(Schema):
    is_new = fields.Boolean(load_default=False, metadata={"description": "marked as a new product"})


class UploadFilterArgs(PageArgsSchema):
    status = fields.String(validate=validate.OneOf(STATUSES))


UploadPage = page_schema(UploadSchema, "ExhibitorUploadPage")


def _errors(**statuses: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Documents the error replies (`e401="why"`, ...) in the OpenAPI document."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        for name, description in statuses.items():
            view = bp.alt_response(int(name[1:]), schema=ErrorSchema, description=description)(view)
        return view

    return decorate


def _binary(mime: str, what: str, *, signed_in: bool) -> dict[str, Any]:
    """The OpenAPI responses of a route that sends a stored file."""
    error = {"content": {"application/json": {"schema": "Error"}}}
    responses: dict[str, Any] = {
        "200": {"description": what, "content": {mime: {"schema": {"type": "string", "format": "binary"}}}},
        "304": {"description": "not modified (If-None-Match)"},
        "404": {"description": "no such file", **error},
    }
    if signed_in:
        responses["401"] = {"description": ANONYMOUS, **error}
    return {"responses": responses}


# the profile


def _me() -> Exhibitor:
    exhibitor = current_exhibitor()
    assert exhibitor is not None  # exhibitor_required
    return exhibitor


def _web_address(field: str, value: str) -> str:
    """`value` stripped, when empty or an http(s) URL with a host; else 422 naming the field."""
    value = value.strip()
    if not value:
        return ""
    try:
        validate.URL(schemes={"http", "https"}, require_tld=False)(value)
    except ValidationError:
        raise ApiError(422, f"{field}: {value!r} is not an http:// or https:// address", field) from None
    return value


def _profile(exhibitor: Exhibitor) -> dict[str, Any]:
    return {
        "id": exhibitor.id,
        "ref": exhibitor.ref,
        "fair": fair_of(exhibitor).slug,
        "name": exhibitor.name,
        "description": exhibitor.description,
        "website": exhibitor.website,
        "live_stream": exhibitor.live_stream,
        "logo": logo_url(exhibitor.ref, exhibitor.logo),
        "colours": list(exhibitor.colours or []),
        "updated_at": exhibitor.updated_at,
    }


@bp.get("/exhibitor/profile")
@exhibitor_required
@bp.response(200, ExhibitorProfileSchema)
@_errors(e401=ANONYMOUS)
def get_profile() -> dict[str, Any]:
    """The signed-in exhibitor's company profile."""
    return _profile(_me())


@bp.patch("/exhibitor/profile")
@exhibitor_required
@bp.arguments(ProfileArgs)
@bp.response(200, ExhibitorProfileSchema)
@_errors(e401=ANONYMOUS)
def edit_profile(body: dict[str, Any]) -> dict[str, Any]:
    """Changes the fields sent (each optional); a bad one is 422 naming the field and the value."""
    exhibitor = _me()
    if "name" in body:
        name = body["name"].strip()
        if not name:
            raise ApiError(422, "name: the company name is empty", "name")
        exhibitor.name = name
    if "description" in body:
        exhibitor.description = body["description"].strip()
    for field in ("website", "live_stream"):
        if field in body:
            setattr(exhibitor, field, _web_address(field, body[field]))
    if "colours" in body:
        exhibitor.colours = [colour.lower() for colour in body["colours"]]
    exhibitor.updated_at = utcnow()
    db.session().commit()
    forget_live()
    return _profile(exhibitor)


def _read_limited(upload: FileStorage, limit: int, what: str) -> bytes:
    """The upload's bytes; 413 naming the limit when there are more than `limit`."""
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, f"{what}: more than {limit:,} bytes; the limit is {limit:,}", what)
    return data


def logo_png(data: bytes, name: str = "logo") -> bytes:
    """The logo image in `data` (PNG, JPEG or WebP) as a PNG at most LOGO_PX a side, turned upright.

    Raises ApiError (422) naming the file when it is not such an image, or has more than
    MAX_LOGO_PIXELS (read from its header, before it is decoded: a decompression bomb is never
    unpacked)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in LOGO_FORMATS:
                    raise ApiError(
                        422,
                        f"logo: {name} is {image.format or 'an unknown format'}, not PNG, JPEG or WebP",
                        "logo",
                    )
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise ApiError(
                        422,
                        f"logo: {name} is {width} × {height} px, more than {MAX_LOGO_PIXELS:,} pixels",
                        "logo",
                    )
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ApiError(
            422, f"logo: {name} has too many pixels to be decoded safely ({error})", "logo"
        ) from None
    except UnidentifiedImageError:
        raise ApiError(422, f"logo: {name} is not a PNG, JPEG or WebP image", "logo") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ApiError(422, f"logo: {name} is not a readable image ({error})", "logo") from None
    picture.thumbnail((LOGO_PX, LOGO_PX), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


@bp.post("/exhibitor/logo")
@exhibitor_required
@limiter.limit(UPLOAD_LIMIT, key_func=lambda: f"exhibitor:{cookie.get('exhibitor_id')}")
@bp.arguments(LogoFiles, location="files")
@bp.response(200, ExhibitorProfileSchema)
@_errors(
    e401=ANONYMOUS,
    e413="larger than 2 MB",
    e422="not a PNG, JPEG or WebP image, or too many pixels",
    e429=f"more than {UPLOAD_LIMIT} uploads",
)
def upload_logo(files: dict[str, FileStorage]) -> dict[str, Any]:
    """Sets the company logo: a PNG, JPEG or WebP image of at most 2 MB and 16 megapixels, kept as a
    PNG at most 512 px a side."""
    upload = files["logo"]
    name = secure_filename(upload.filename or "") or "logo"
    png = logo_png(_read_limited(upload, MAX_LOGO_BYTES, "logo"), name)
    exhibitor = _me()
    exhibitor.logo = current_store().put(io.BytesIO(png))
    exhibitor.updated_at = utcnow()
    db.session().commit()
    forget_live()
    return _profile(exhibitor)


@bp.route("/exhibitors/<ref>/logo.png", methods=["GET"])
@bp.doc(summary="An exhibitor's logo (PNG, public)", **_binary("image/png", "the logo", signed_in=False))
def public_logo(ref: str) -> ResponseReturnValue:
    exhibitor = (
        db.session()
        .scalars(select(Exhibitor).where(Exhibitor.fair_id == site_fair().id, Exhibitor.ref == ref))
        .first()
    )
    if exhibitor is None or not exhibitor.logo:
        raise ApiError(404, f"exhibitor {ref!r} has no logo", "ref")
    return _stored(exhibitor.logo, "image/png", public=True)


def _stored(digest: str, mime: str, *, public: bool) -> Response:
    """The stored file `digest`, with its digest as ETag (304 to If-None-Match)."""
    store = current_store()
    if not store.exists(digest):
        raise ApiError(404, f"the stored file {digest} is missing", "digest")
    response = send_file(store.path(digest), mimetype=mime, etag=digest, conditional=True)
    response.headers["Cache-Control"] = "public, no-cache" if public else "private, no-cache"
    return response


# the booths


@bp.get("/exhibitor/booths")
@exhibitor_required
@bp.response(200, MyBoothSchema(many=True))
@_errors(e401=ANONYMOUS)
def my_booths() -> list[dict[str, Any]]:
    """The exhibitor's booths in the published layout (those whose ref is its own)."""
    exhibitor = _me()
    if exhibitor.fair_id != site_fair().id:
        return []
    try:
        booths = published_booths_of(exhibitor.ref)
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    return [
        {
            "number": str(b["number"]),
            "hall": str(b.get("hall") or ""),
            "exhibitor": str(b.get("exhibitor") or ""),
            "exhibitor_en": str(b.get("exhibitor_en") or ""),
            "zone": str(b.get("zone") or ""),
            "products": [str(p) for p in b.get("products") or []],
            "page": f"/api/booths/{b['number']}",
            "viewer": f"/?hall={b.get('hall') or ''}&booth={b['number']}",
        }
        for b in booths
    ]


# product models


def _file_name(upload: ExhibitorUpload) -> str:
    return str(upload.report.get("file") or "model")


def _job_of(upload: ExhibitorUpload) -> Job | None:
    return db.session().get(Job, upload.job_id) if upload.job_id else None


def _upload(upload: ExhibitorUpload, job: Job | None = None) -> dict[str, Any]:
    """The upload as the API gives it, with its job (`_job_of(upload)` unless given)."""
    job = job or _job_of(upload)
    processed = upload.status in PROCESSED
    base = f"/api/exhibitor/uploads/{upload.id}"
    size = upload.report.get("size_m")
    return {
        "id": upload.id,
        "name": upload.name,
        "file": _file_name(upload),
        "status": upload.status,
        "is_new": upload.is_new,
        "reason": str(upload.report.get("refused") or ""),
        "job": (
            {"id": job.id, "status": job.status, "progress": job.progress, "message": job.message}
            if job is not None
            else None
        ),
        "preview": f"{base}/preview.glb" if processed else "",
        "thumbnail": f"{base}/thumbnail.png" if processed and upload.thumbnail else "",
        "model": f"/api/uploads/{upload.id}/model.glb" if upload.status == "live" else "",
        "size_m": [size["x"], size["y"], size["z"]] if isinstance(size, dict) else None,
        "report": upload.report,
        "created_at": upload.created_at,
    }


def _my_upload(upload_id: int) -> ExhibitorUpload:
    upload = db.session().get(ExhibitorUpload, upload_id)
    if upload is None or upload.exhibitor_id != _me().id:
        raise ApiError(404, f"you have no upload {upload_id}", "upload_id")
    return upload


@bp.post("/exhibitor/uploads")
@exhibitor_required
@limiter.limit(UPLOAD_LIMIT, key_func=lambda: f"exhibitor:{cookie.get('exhibitor_id')}")
@bp.arguments(ModelFiles, location="files")
@bp.response(202, UploadSchema)
@_errors(
    e401=ANONYMOUS,
    e413="larger than 100 MB",
    e422="not a model file ingestion reads",
    e429=f"more than {UPLOAD_LIMIT} uploads, or {MAX_PENDING} still being processed",
)
def upload_model(files: dict[str, FileStorage]) -> dict[str, Any]:
    """Uploads a product model; an "ingest" job makes it web-ready (poll this upload, or
    `GET /api/jobs/<job.id>`), or refuses it with a one-line reason."""
    exhibitor, session = _me(), db.session()
    upload = files["model"]
    file = secure_filename(upload.filename or "")
    suffix = PurePath(file).suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        raise ApiError(
            422,
            f"model: {upload.filename or '(no name)'!r} is not one of {', '.join(MODEL_SUFFIXES)}",
            "model",
        )
    name = request.form.get("name", "").strip() or PurePath(file).stem
    if len(name) > 300:
        raise ApiError(422, f"name: at most 300 characters, got {len(name)}", "name")
    try:
        printable(name)
    except ValidationError as error:
        raise ApiError(422, f"name: {name[:40]!r} {error.messages[0]}", "name") from None
    pending = session.scalar(
        select(func.count())
        .select_from(ExhibitorUpload)
        .where(
            ExhibitorUpload.exhibitor_id == exhibitor.id,
            ExhibitorUpload.status.in_(("queued", "processing")),
        )
    )
    if (pending or 0) >= MAX_PENDING:
        raise ApiError(429, f"{pending} of your uploads are still being processed; wait for them", "model")
    try:
        original = current_store().put(upload.stream, limit=MAX_MODEL_BYTES)
    except ApiError as error:
        raise ApiError(error.status, f"model: {file}: {error.message}", "model") from None
    row = ExhibitorUpload(
        exhibitor_id=exhibitor.id,
        name=name,
        original=original,
        status="queued",
        report={"file": file},
    )
    session.add(row)
    session.commit()
    row.job_id = jobs.submit(
        "ingest", {"upload_id": row.id}, fair_id=exhibitor.fair_id, exhibitor_id=exhibitor.id
    )
    session.commit()
    return _upload(row)


@bp.get("/exhibitor/uploads")
@exhibitor_required
@bp.arguments(UploadFilterArgs, location="query")
@bp.response(200, UploadPage)
@_errors(e401=ANONYMOUS)
def my_uploads(args: dict[str, Any]) -> dict[str, Any]:
    """The exhibitor's uploads, newest first (`?status=` for one state)."""
    query = select(ExhibitorUpload).where(ExhibitorUpload.exhibitor_id == _me().id)
    if "status" in args:
        query = query.where(ExhibitorUpload.status == args["status"])
    session = db.session()
    page = paginate(session, query.order_by(ExhibitorUpload.id.desc()), args)
    ids = [u.job_id for u in page["items"] if u.job_id]
    jobs_by_id = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(ids)))} if ids else {}
    return {**page, "items": [_upload(u, jobs_by_id.get(u.job_id or "")) for u in page["items"]]}


@bp.get("/exhibitor/uploads/<int:upload_id>")
@exhibitor_required
@bp.response(200, UploadSchema)
@_errors(e401=ANONYMOUS, e404=NOT_YOURS)
def my_upload(upload_id: int) -> dict[str, Any]:
    """One of the exhibitor's uploads: its state, its job's progress while processed, its report."""
    return _upload(_my_upload(upload_id))


def _processed(upload: ExhibitorUpload, what: str) -> str:
    digest = {"model": upload.model, "far": upload.far, "thumbnail": upload.thumbnail}[what]
    if upload.status not in PROCESSED or not digest:
        raise ApiError(404, f"upload {upload.id} is {upload.status}: it has no {what} yet", "upload_id")
    return digest


@bp.route("/exhibitor/uploads/<int:upload_id>/preview.glb", methods=["GET"])
@exhibitor_required
@bp.doc(
    summary="The processed model of one of the exhibitor's uploads, to preview before it goes live",
    **_binary(GLB_MIME, "the GLB", signed_in=True),
)
def preview(upload_id: int) -> ResponseReturnValue:
    return _stored(_processed(_my_upload(upload_id), "model"), GLB_MIME, public=False)


@bp.route("/exhibitor/uploads/<int:upload_id>/thumbnail.png", methods=["GET"])
@exhibitor_required
@bp.doc(
    summary="The thumbnail of one of the exhibitor's processed uploads",
    **_binary("image/png", "the PNG", signed_in=True),
)
def preview_thumbnail(upload_id: int) -> ResponseReturnValue:
    return _stored(_processed(_my_upload(upload_id), "thumbnail"), "image/png", public=False)


@bp.post("/exhibitor/uploads/<int:upload_id>/live")
@exhibitor_required
@bp.arguments(LiveArgs)
@bp.response(200, UploadSchema)
@_errors(e401=ANONYMOUS, e404=NOT_YOURS, e409="not processed (queued, processing or refused)")
def go_live(body: dict[str, Any], upload_id: int) -> dict[str, Any]:
    """Puts a `ready` upload live at the exhibitor's booths, marked new or not (on a live one, changes
    only the mark)."""
    upload = _my_upload(upload_id)
    if upload.status not in PROCESSED:
        raise ApiError(
            409, f"upload {upload_id} is {upload.status}: only a ready one can go live", "upload_id"
        )
    upload.status, upload.is_new = "live", body["is_new"]
    db.session().commit()
    forget_live()
    return _upload(upload)


@bp.post("/exhibitor/uploads/<int:upload_id>/withdraw")
@exhibitor_required
@bp.response(200, UploadSchema)
@_errors(e401=ANONYMOUS, e404=NOT_YOURS, e409="not live or ready")
def withdraw(upload_id: int) -> dict[str, Any]:
    """Takes a live upload off the booths, back to `ready` (withdrawing a ready one changes nothing)."""
    upload = _my_upload(upload_id)
    if upload.status not in PROCESSED:
        raise ApiError(409, f"upload {upload_id} is {upload.status}: it is not live", "upload_id")
    upload.status = "ready"
    db.session().commit()
    forget_live()
    return _upload(upload)


# live uploads, for visitors


def _live_file(upload_id: int, what: str, mime: str) -> Response:
    upload = db.session().get(ExhibitorUpload, upload_id)
    exhibitor = db.session().get(Exhibitor, upload.exhibitor_id) if upload is not None else None
    if upload is None or exhibitor is None or upload.status != "live" or exhibitor.fair_id != site_fair().id:
        raise ApiError(404, f"no live product upload {upload_id}", "upload_id")
    return _stored(_processed(upload, what), mime, public=True)


@bp.route("/uploads/<int:upload_id>/model.glb", methods=["GET"])
@bp.doc(
    summary="A live product upload's model (public while it is live)",
    **_binary(GLB_MIME, "the GLB", signed_in=False),
)
def live_model(upload_id: int) -> ResponseReturnValue:
    return _live_file(upload_id, "model", GLB_MIME)


@bp.route("/uploads/<int:upload_id>/far.glb", methods=["GET"])
@bp.doc(
    summary="A live product upload's far level of detail (public while it is live)",
    **_binary(GLB_MIME, "the GLB", signed_in=False),
)
def live_far(upload_id: int) -> ResponseReturnValue:
    return _live_file(upload_id, "far", GLB_MIME)


@bp.route("/uploads/<int:upload_id>/thumbnail.png", methods=["GET"])
@bp.doc(
    summary="A live product upload's thumbnail (public while it is live)",
    **_binary("image/png", "the PNG", signed_in=False),
)
def live_thumbnail(upload_id: int) -> ResponseReturnValue:
    return _live_file(upload_id, "thumbnail", "image/png")


# the ingest job


def _put(data: bytes) -> str:
    return current_store().put(io.BytesIO(data), limit=len(data))


@jobs.handler("ingest", retries=1)
def run_ingest(params: dict[str, Any], progress: Callable[[float, str], None]) -> dict[str, Any]:
    """Makes upload `params["upload_id"]` web-ready with the real ingestion (in a child process held
    to a time and memory ceiling), or marks it refused with ingestion's one-line reason."""
    session = db.session()
    upload = session.get(ExhibitorUpload, int(params["upload_id"]))
    if upload is None:
        return {"status": "gone", "reason": f"upload {params['upload_id']} was deleted"}
    upload.status = "processing"
    session.commit()
    file = _file_name(upload)
    progress(0.1, f"processing {file}")
    try:
        with tempfile.TemporaryDirectory(prefix="halllayout-upload-") as scratch:
            path = Path(scratch) / file  # ingestion reads by the file's suffix
            with current_store().open(upload.original) as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
            ingested = ingest_isolated(path)
        progress(0.9, "storing the processed model")
        upload.model, upload.far = _put(ingested.glb), _put(ingested.far_glb)
        upload.thumbnail = _put(ingested.thumbnail) if ingested.thumbnail else ""
        upload.report = {"file": file, **ingested.report}
        upload.status = "ready"
        session.commit()
        log.info("upload %d (%s): ready", upload.id, file)
        return {"status": "ready", "upload_id": upload.id}
    except ModelRefused as refusal:
        reason = str(refusal).strip().splitlines()[0] if str(refusal).strip() else f"{file}: refused"
        upload.report, upload.status = {"file": file, "refused": reason}, "refused"
        session.commit()
        log.info("upload %d refused: %s", upload.id, reason)
        return {"status": "refused", "upload_id": upload.id, "reason": reason}
    except Exception:
        session.rollback()
        upload.report = {"file": file, "refused": f"{file}: could not be processed (an error on our side)"}
        upload.status = "refused"
        session.commit()
        raise


@jobs.interrupted("ingest")
def ingest_interrupted(params: dict[str, Any]) -> None:
    """An upload whose processing the server's stopping cut short twice is refused, saying so."""
    upload = db.session().get(ExhibitorUpload, int(params["upload_id"]))
    if upload is not None and upload.status in ("queued", "processing"):
        reason = f"{_file_name(upload)}: processing stopped twice when the server restarted; upload it again"
        upload.report, upload.status = {**upload.report, "refused": reason}, "refused"
