"""The organiser's API for the site's fair: upload the inputs, build versions in the background, look
at their rule reports and plans, edit and publish them (publishing an older one rolls back), and
invite the exhibitors. Every endpoint needs a signed-in organiser (and, for changes, the CSRF token).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from flask import current_app, send_file
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.security import safe_join

from halllayout.web import db
from halllayout.web.accounts import invite_exhibitor
from halllayout.web.builds import input_name_problem, version_folder
from halllayout.web.errors import ApiError
from halllayout.web.identity import current_organiser, organiser_required
from halllayout.web.jobs import submit
from halllayout.web.limits import limiter
from halllayout.web.models import Booth, Exhibitor, Fair, FairVersion, Input, utcnow
from halllayout.web.schemas import PageArgsSchema, page_schema, paginate
from halllayout.web.site import site_fair
from halllayout.web.store import current_store
from halllayout.web.versions import publish

bp = Blueprint(
    "organiser",
    __name__,
    url_prefix="/api/organiser",
    description="For organisers: inputs, builds, versions, publishing and invitations",
)

#: What may be uploaded to build from: booth lists, halls, fair files, pins.
INPUT_SUFFIXES = (".csv", ".xlsx", ".json", ".dxf")
#: What of a version's folder may be downloaded: the plans, the booth list back, layout.json.
FILE_SUFFIXES = {
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".dxf": "image/vnd.dxf",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
}

_DIGEST = fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$", error="not a SHA-256 in hex"))


class InputUploadSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "booth list (.csv/.xlsx/.json), hall (.json/.dxf), fair (.json), pins (.csv)"
        },
    )


class InputSchema(Schema):
    digest = fields.String(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)


class BuildSchema(Schema):
    booths = fields.String(required=True, validate=_DIGEST.validate, metadata={"description": "a digest"})
    halls = fields.List(
        fields.String(validate=_DIGEST.validate), load_default=list, validate=validate.Length(max=50)
    )
    fair = fields.String(load_default=None, allow_none=True, validate=_DIGEST.validate)
    previous = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))
    pins = fields.String(
        load_default=None,
        allow_none=True,
        validate=_DIGEST.validate,
        metadata={
            "description": "a digest: a pins CSV (ref, hall, x, y, front, number) fixing booths in place, "
            "over `previous` or a fresh layout"
        },
    )
    sheet = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    note = fields.String(load_default="", validate=validate.Length(max=500))

    @validates_schema
    def _halls_or_fair(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data.get("halls") and not data.get("fair"):
            raise ValidationError("give the hall files (halls) or a fair file (fair)", "halls")


class JobRefSchema(Schema):
    job = fields.String(required=True)
    url = fields.String(required=True)


class VersionSchema(Schema):
    number = fields.Integer(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    published = fields.Boolean(required=True)
    published_at = fields.DateTime(allow_none=True)
    note = fields.String(required=True)
    summary = fields.Dict(required=True)


class VersionDetailSchema(VersionSchema):
    report = fields.Dict(required=True, metadata={"description": "the rule report of layout.json"})
    metrics = fields.Dict(required=True, metadata={"description": "the metrics of layout.json"})
    files = fields.List(fields.String(), required=True, metadata={"description": "for .../files/<path>"})


class MoveSchema(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=32))
    rect = fields.List(fields.Float(), required=True, validate=validate.Length(equal=4))

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_kwargs: Any) -> None:
        x0, y0, x1, y1 = data["rect"]
        if not (x0 < x1 and y0 < y1):
            raise ValidationError(f"[x0, y0, x1, y1] with x0 < x1 and y0 < y1, got {data['rect']}", "rect")


class EditsSchema(Schema):
    moves = fields.List(fields.Nested(MoveSchema), load_default=list, validate=validate.Length(max=1000))
    swaps = fields.List(
        fields.List(fields.String(), validate=validate.Length(equal=2)),
        load_default=list,
        validate=validate.Length(max=1000),
    )
    pins = fields.List(fields.String(), load_default=list, validate=validate.Length(max=10000))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class ExhibitorRowSchema(Schema):
    ref = fields.String(required=True)
    name = fields.String(required=True)
    booths = fields.List(fields.String(), required=True, metadata={"description": "in the published version"})
    invited = fields.Boolean(required=True)


class InvitationSchema(Schema):
    ref = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "the exhibitor's sign-in link; shown once"})


def _organiser_id() -> int | None:
    organiser = current_organiser()
    return organiser.id if organiser else None


def _input(fair: Fair, digest: str, field: str) -> dict[str, str]:
    row = db.session().scalars(select(Input).where(Input.fair_id == fair.id, Input.digest == digest)).first()
    if row is None or not current_store().exists(digest):
        raise ApiError(422, f"{field}: no uploaded file {digest} (POST /api/organiser/inputs first)", field)
    return {"digest": digest, "name": row.name}


def _version(fair: Fair, number: int) -> FairVersion:
    version = (
        db.session()
        .scalars(select(FairVersion).where(FairVersion.fair_id == fair.id, FairVersion.number == number))
        .first()
    )
    if version is None:
        raise ApiError(404, f"fair {fair.slug!r} has no version {number}", "number")
    return version


def _version_row(fair: Fair, version: FairVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "status": version.status,
        "created_at": version.created_at,
        "published": fair.published_version_id == version.id,
        "published_at": version.published_at,
        "note": version.note,
        "summary": version.summary,
    }


def _job(job_id: str) -> dict[str, str]:
    return {"job": job_id, "url": f"/api/jobs/{job_id}"}


@bp.post("/inputs")
@limiter.limit("60 per minute")
@organiser_required
@bp.arguments(InputUploadSchema, location="files")
@bp.response(201, InputSchema)
def upload_input(files: dict[str, FileStorage]) -> dict[str, Any]:
    """Uploads a file to build from: a booth list (CSV, XLSX, JSON), a hall (JSON, DXF) or a fair file
    (JSON). At most `UPLOAD_LIMIT` bytes (413 past it); 60 uploads a minute. The file keeps its name, in
    any script (a fair file names its hall files by it); a name with a path separator, `..` or a control
    character, or of more than 255 bytes, is refused (422)."""
    upload = files["file"]
    name = unicodedata.normalize("NFC", upload.filename or "")  # as a fair file would spell it
    problem = input_name_problem(name)
    if problem is not None:
        raise ApiError(422, f"file: the name {name!r} {problem}", "file")
    if not name.lower().endswith(INPUT_SUFFIXES):
        raise ApiError(422, f"file: {name!r} is not a {', '.join(INPUT_SUFFIXES)} file", "file")
    store = current_store()
    digest = store.put(upload.stream)
    with store.open(digest) as f:
        size = f.seek(0, 2)
    fair = site_fair()
    session = db.session()
    row = session.scalars(select(Input).where(Input.fair_id == fair.id, Input.digest == digest)).first()
    if row is None:
        row = Input(fair_id=fair.id, digest=digest, name=name, size=size, created_by=_organiser_id())
        session.add(row)
    else:
        row.name, row.created_at = name, utcnow()
    session.commit()
    return {"digest": digest, "name": row.name, "size": size}


@bp.post("/builds")
@organiser_required
@bp.arguments(BuildSchema)
@bp.response(202, JobRefSchema)
def start_build(body: dict[str, Any]) -> dict[str, str]:
    """Builds a new version from uploaded inputs in the background (`previous`: keep the booths of that
    version where they are; `pins`: an uploaded pins CSV fixing booths in place, checked before the
    layout); follow the job at its `url`."""
    fair = site_fair()
    params: dict[str, Any] = {
        "fair_id": fair.id,
        "fair_name": fair.name,
        "organiser_id": _organiser_id(),
        "booths": _input(fair, body["booths"], "booths"),
        "halls": [_input(fair, digest, "halls") for digest in body["halls"]],
        "fair": _input(fair, body["fair"], "fair") if body["fair"] else None,
        "sheet": body["sheet"],
        "previous": body["previous"],
        "pins": _input(fair, body["pins"], "pins") if body["pins"] else None,
        "note": body["note"],
    }
    if body["previous"] is not None:
        _version(fair, body["previous"])
    names = [params["booths"]["name"]] + [h["name"] for h in params["halls"]]
    names += [params["fair"]["name"]] if params["fair"] else []
    names += [params["pins"]["name"]] if params["pins"] else []
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        field = "pins" if params["pins"] and params["pins"]["name"] in twice else "halls"
        raise ApiError(
            422, f"{field}: two of the files are named {twice[0]!r}; give each its own name", field
        )
    return _job(submit("layout", params, fair_id=fair.id))


@bp.get("/versions")
@organiser_required
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, page_schema(VersionSchema, "VersionPage"))
def list_versions(args: dict[str, int]) -> dict[str, Any]:
    """The fair's versions, newest first."""
    fair = site_fair()
    query = select(FairVersion).where(FairVersion.fair_id == fair.id).order_by(FairVersion.number.desc())
    page = paginate(db.session(), query, args)
    return {**page, "items": [_version_row(fair, v) for v in page["items"]]}


@bp.get("/versions/<int:number>")
@organiser_required
@bp.response(200, VersionDetailSchema)
def version_detail(number: int) -> dict[str, Any]:
    """A version with the rule report and metrics of its layout.json, and the files it offers."""
    fair = site_fair()
    version = _version(fair, number)
    folder = version_folder(version)
    try:
        document = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = {}
    files = (
        sorted(
            str(path.relative_to(folder))
            for path in folder.rglob("*")
            if path.is_file() and path.suffix in FILE_SUFFIXES and path.parent.name != "models"
        )
        if folder.is_dir()
        else []
    )
    return {
        **_version_row(fair, version),
        "report": document.get("report", {}),
        "metrics": document.get("metrics", {}),
        "files": files,
    }


@bp.route("/versions/<int:number>/files/<path:name>", methods=["GET"])
@organiser_required
@bp.doc(
    summary="A file of a version: a plan (plans/<hall>.svg|pdf|dxf), booths.csv|xlsx or layout.json",
    responses={"200": {"description": "the file"}, "404": {"description": "no such file"}},
)
def version_file(number: int, name: str) -> ResponseReturnValue:
    version = _version(site_fair(), number)
    path = safe_join(str(version_folder(version)), name)
    mime = FILE_SUFFIXES.get(Path(name).suffix.lower())
    if path is None or mime is None or not Path(path).is_file():
        raise ApiError(404, f"version {number} has no file {name!r}", "name")
    return send_file(path, mimetype=mime, as_attachment=Path(name).suffix in (".pdf", ".dxf", ".xlsx"))


@bp.post("/versions/<int:number>/publish")
@organiser_required
@bp.response(200, VersionSchema)
def publish_version(number: int) -> dict[str, Any]:
    """Visitors see this version from their next request on; publishing an older one rolls back."""
    fair = site_fair()
    version = _version(fair, number)
    publish(db.session(), fair, version)
    current_app.logger.info("fair %s: version %d published", fair.slug, number)
    return _version_row(fair, version)


@bp.post("/versions/<int:number>/edits")
@organiser_required
@bp.arguments(EditsSchema)
@bp.response(202, JobRefSchema)
def edit_version(body: dict[str, Any], number: int) -> dict[str, str]:
    """Lays this version out again with booths moved (`moves`: number and rect [x0, y0, x1, y1] in
    metres), swapped (`swaps`: pairs of numbers; the exhibitors trade places) and, with `pins`, only
    the pinned, moved and swapped booths kept where they are (else every booth stays that can). Makes
    a new version; the job's result says what moved."""
    fair = site_fair()
    version = _version(fair, number)
    if version.status != "ready":
        raise ApiError(409, f"version {number} is {version.status}, not ready", "number")
    known = set(db.session().scalars(select(Booth.number).where(Booth.version_id == version.id)))
    named = [m["number"] for m in body["moves"]] + [n for pair in body["swaps"] for n in pair] + body["pins"]
    unknown = sorted(set(named) - known)
    if unknown:
        raise ApiError(422, f"version {number} has no booth {', '.join(unknown[:10])}", "number")
    edits = {"moves": body["moves"], "swaps": body["swaps"], "pins": body["pins"]}
    params = {
        "fair_id": fair.id,
        "organiser_id": _organiser_id(),
        "base": number,
        "edits": edits,
        "note": body["note"] or f"edits of version {number}",
    }
    return _job(submit("layout", params, fair_id=fair.id))


@bp.get("/exhibitors")
@organiser_required
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, page_schema(ExhibitorRowSchema, "ExhibitorRowPage"))
def list_exhibitors(args: dict[str, int]) -> dict[str, Any]:
    """The exhibitors: every ref with a booth in the published version, and every invited one, by ref."""
    fair = site_fair()
    session = db.session()
    rows: dict[str, dict[str, Any]] = {}
    if fair.published_version_id is not None:
        booths = session.scalars(
            select(Booth).where(Booth.version_id == fair.published_version_id).order_by(Booth.number)
        )
        for booth in booths:
            if booth.ref:
                row = rows.setdefault(
                    booth.ref, {"ref": booth.ref, "name": booth.exhibitor, "booths": [], "invited": False}
                )
                row["booths"].append(booth.number)
    for exhibitor in session.scalars(select(Exhibitor).where(Exhibitor.fair_id == fair.id)):
        row = rows.setdefault(
            exhibitor.ref, {"ref": exhibitor.ref, "name": exhibitor.name, "booths": [], "invited": False}
        )
        row["invited"] = exhibitor.token_hash is not None
        row["name"] = row["name"] or exhibitor.name
    items = [rows[ref] for ref in sorted(rows)]
    page, per_page = args["page"], args["per_page"]
    return {
        "items": items[(page - 1) * per_page : page * per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }


@bp.post("/exhibitors/<ref>/invitation")
@organiser_required
@bp.response(201, InvitationSchema)
def invite(ref: str) -> dict[str, str]:
    """A new invitation link for the exhibitor `ref` (its earlier link stops working). Only the link's
    digest is kept, so this reply is the only place it appears."""
    fair = site_fair()
    session = db.session()
    booth = None
    if fair.published_version_id is not None:
        booth = session.scalars(
            select(Booth).where(Booth.version_id == fair.published_version_id, Booth.ref == ref)
        ).first()
    known = session.scalars(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.ref == ref)
    ).first()
    if booth is None and known is None:
        raise ApiError(404, f"no exhibitor {ref!r} in fair {fair.slug!r}", "ref")
    _exhibitor, token = invite_exhibitor(session, fair, ref, booth.exhibitor if booth else "")
    return {"ref": ref, "url": f"/api/session/invitation/{token}"}
