"""Analytics: the viewer sends what visitors do in batches (`POST /api/events`), kept one row per event;
organisers read the fair's figures per day or hour, per booth and as a heatmap of where visitors
walked, exhibitors those of their own booths; each also as CSV.

Visitors are counted by `visitor_key()`, a random id in the session cookie: nothing personal is stored
unless the visitor signs in, and an event carries no sign-in either way.

`POST /api/events` takes `navigator.sendBeacon`'s requests: no CSRF header (exempt in
`halllayout.web.create_app`, refused when an `Origin` header names another site) and any content type
(the body is parsed as JSON whatever it says). A batch is checked whole (events.py) and stored in one
multi-row INSERT and one transaction, and only then acknowledged (202). The first batch a process
stores after an hour closed queues the `analytics_rollup` job (rollup.py), which rolls up the closed
hours of the last day that are not yet; a report rolls up any it still finds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Response, current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import insert

from halllayout.web import db
from halllayout.web.analytics_report import (
    MAX_BUCKETS,
    MEASURES,
    STEP,
    Scope,
    booths,
    floor_time,
    position_grid,
    series,
    totals,
)
from halllayout.web.errors import ApiError
from halllayout.web.events import KINDS, MAX_BATCH, BadEvent, event_rows
from halllayout.web.heatmap import draw_heatmap, grid_for
from halllayout.web.identity import current_exhibitor, exhibitor_required, organiser_required, visitor_key
from halllayout.web.jobs import handler, submit
from halllayout.web.limits import limiter
from halllayout.web.models import Base, utcnow
from halllayout.web.rollup import closed_before, mark_late, roll_up
from halllayout.web.site import fair_files, site_fair

bp = Blueprint("analytics", __name__, url_prefix="/api", description="Analytics: events in, figures out")

#: Batches one address may send a minute (a viewer sends one every 10 s; many visitors share a NAT).
DEFAULT_EVENTS_LIMIT = "600 per minute"
#: The events table, for Core's executemany INSERT (no ORM object per event).
EVENTS = Base.metadata.tables["events"]
#: How many booths a report lists by default.
TOP_BOOTHS = 20
#: How many closed hours back the rollup job looks for hours not rolled up (or stale).
ROLLUP_JOB_HOURS = 24


# what comes in


class AnalyticsEventSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    at = fields.DateTime(required=True, metadata={"description": "when, with a time zone (ISO 8601)"})
    hall = fields.String(validate=validate.Length(max=32))
    booth = fields.String(validate=validate.Length(max=32), metadata={"description": "booth number"})
    product = fields.String(validate=validate.Length(max=200), metadata={"description": "product id"})
    value = fields.Float(metadata={"description": "booth_visit: dwell time (s)"})
    x = fields.Float(metadata={"description": "position: plan x (m, east)"})
    y = fields.Float(metadata={"description": "position: plan y (m, north)"})


class AnalyticsBatchSchema(Schema):
    events = fields.List(
        fields.Nested(AnalyticsEventSchema), required=True, validate=validate.Length(min=1, max=MAX_BATCH)
    )
    sent = fields.DateTime(metadata={"description": "the browser's clock when it sent the batch"})


class AnalyticsStoredSchema(Schema):
    stored = fields.Integer(required=True)


def _fair_id() -> int:
    """The site fair's id, looked up once per process (fairs are not deleted while a site serves one)."""
    cache: dict[str, int] = current_app.extensions.setdefault("halllayout.fair_ids", {})
    slug = current_app.config["FAIR_SLUG"]
    if slug not in cache:
        cache[slug] = site_fair().id
    return cache[slug]


def _same_site() -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise ApiError(403, f"events are taken only from this site's pages, not from {origin!r}", "Origin")


def _events_limit() -> str:
    return str(current_app.config.get("EVENTS_RATE_LIMIT", DEFAULT_EVENTS_LIMIT))


@bp.route("/events", methods=["POST"])
@limiter.limit(_events_limit)
@bp.doc(
    summary="A batch of analytics events from the viewer",
    description=f"At most {MAX_BATCH} events; all are stored or, when one is bad, none (422 naming "
    "`events.<i>.<field>` and its value). Any content type (navigator.sendBeacon sends text/plain); no "
    "CSRF token. `at` may be at most 5 minutes ahead and 1 day old, after shifting by the server's "
    "clock minus `sent`.",
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": AnalyticsBatchSchema},
            "text/plain": {"schema": AnalyticsBatchSchema},
        },
    },
)
@bp.response(202, AnalyticsStoredSchema)
@bp.alt_response(422, schema="Error", description="a bad event; nothing stored")
@bp.alt_response(429, schema="Error", description="too many batches from this address")
def post_events() -> dict[str, int]:
    _same_site()
    try:
        document = json.loads(request.get_data(cache=False))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(422, f"events: the body is not JSON: {error}", "events") from None
    try:
        now = utcnow()
        rows = event_rows(document, _fair_id(), visitor_key(), now)
    except BadEvent as error:
        raise ApiError(422, error.message, error.field) from None
    session = db.session()
    session.execute(insert(EVENTS), rows)  # one multi-row INSERT, no ORM object per event
    mark_late(session, rows[0]["fair_id"], (row["at"] for row in rows), now)  # hours rolled up: again
    session.commit()
    _queue_rollup(rows[0]["fair_id"], now)
    return {"stored": len(rows)}


def _queue_rollup(fair_id: int, now: dt.datetime) -> None:
    """Queues the rollup job the first time this process stores events after an hour closed, so
    reports seldom have an hour to roll up themselves (several processes may each queue it: the rollup
    does each hour once)."""
    queued: dict[int, int] = current_app.extensions.setdefault("halllayout.rollup_queued", {})
    hour = closed_before(now)
    if queued.get(fair_id) != hour:
        queued[fair_id] = hour
        submit("analytics_rollup", {"fair_id": fair_id}, fair_id=fair_id)


@handler("analytics_rollup", retries=1)
def _roll_up_job(params: dict[str, Any], progress: Callable[[float, str], None]) -> dict[str, Any]:
    """Rolls up the fair's last ROLLUP_JOB_HOURS closed hours that are not rolled up yet (or stale)."""
    end = closed_before(utcnow())
    progress(0.0, "rolling up analytics")
    return {"hours": roll_up(db.session(), int(params["fair_id"]), end - ROLLUP_JOB_HOURS, end)}


def record_event(kind: str, booth: str = "", product: str = "", hall: str = "") -> None:
    """Adds an event the server itself sees (a meeting request, in engage.py) to this request's
    database session, stored by the caller's commit, for this browser's visitor key."""
    if kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    row = {"fair_id": _fair_id(), "kind": kind, "at": utcnow(), "visitor_key": visitor_key()}
    row |= {"hall": hall, "booth_number": booth, "product_id": product, "value": 0.0}
    db.session().execute(insert(EVENTS), [row])


# what goes out


class AnalyticsArgsSchema(Schema):
    start = fields.DateTime(
        data_key="from",
        metadata={"description": "from (ISO 8601, UTC when no zone); default: 7 days, or 24 hours"},
    )
    end = fields.DateTime(
        data_key="to", metadata={"description": "until, exclusive; default: the bucket after now"}
    )
    by = fields.String(load_default="day", validate=validate.OneOf(["day", "hour"]))
    top = fields.Integer(load_default=TOP_BOOTHS, validate=validate.Range(min=1, max=1000))

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and _utc(start) >= _utc(end):
            raise ValidationError(f"from {start.isoformat()} is not before to {end.isoformat()}", "from")


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


class AnalyticsMeasuresSchema(Schema):
    visitors = fields.Integer(
        metadata={
            "description": "distinct visitors (random browser ids) who started a visit or did something "
            "at a booth in the period"
        }
    )
    visits = fields.Integer(allow_none=True, metadata={"description": "viewer visits; null for an exhibitor"})
    booth_visits = fields.Integer()
    dwell_seconds = fields.Float(metadata={"description": "time spent at booths (s)"})
    product_views = fields.Integer()
    new_product_views = fields.Integer()
    meeting_requests = fields.Integer()


class AnalyticsBucketSchema(AnalyticsMeasuresSchema):
    start = fields.DateTime(metadata={"description": "the UTC day or hour"})


class AnalyticsBoothSchema(AnalyticsMeasuresSchema):
    class Meta:
        exclude = ("visits",)

    booth = fields.String()
    mean_dwell_seconds = fields.Float()


class AnalyticsReportSchema(Schema):
    start = fields.DateTime(data_key="from")
    end = fields.DateTime(data_key="to")
    by = fields.String()
    booth_numbers = fields.List(fields.String(), allow_none=True, metadata={"description": "an exhibitor's"})
    totals = fields.Nested(AnalyticsMeasuresSchema)
    series = fields.List(fields.Nested(AnalyticsBucketSchema))
    booths = fields.List(
        fields.Nested(AnalyticsBoothSchema), metadata={"description": "most booth visits first"}
    )


def _scope(args: dict[str, Any], booth_numbers: list[str] | None) -> Scope:
    by = args["by"]
    end = _utc(args["end"]) if args.get("end") else floor_time(utcnow(), by) + STEP[by]
    default_span = STEP["day"] * 7 if by == "day" else STEP["day"]
    start = _utc(args["start"]) if args.get("start") else end - default_span
    if start >= end:
        raise ApiError(422, f"from: {start.isoformat()} is not before to {end.isoformat()}", "from")
    if (end - floor_time(start, by)) / STEP[by] > MAX_BUCKETS:
        raise ApiError(422, f"to: at most {MAX_BUCKETS} buckets of one {by} in a report", "to")
    return Scope(_fair_id(), start, end, booth_numbers)


def _report(args: dict[str, Any], booth_numbers: list[str] | None) -> dict[str, Any]:
    scope = _scope(args, booth_numbers)
    session = db.session()
    report = {
        "start": scope.start,
        "end": scope.end,
        "by": args["by"],
        "booth_numbers": booth_numbers,
        "totals": totals(session, scope),
        "series": series(session, scope, args["by"]),
        "booths": booths(session, scope, args["top"]),
    }
    if booth_numbers is not None:  # an exhibitor sees its booths, not the fair's visits
        for measures in (report["totals"], *report["series"]):
            measures["visits"] = None
    return report


def _exhibitor_booths() -> list[str]:
    """The numbers of the signed-in exhibitor's booths in the published layout (none at another fair)."""
    exhibitor = current_exhibitor()
    assert exhibitor is not None  # exhibitor_required
    if exhibitor.fair_id != _fair_id():
        return []
    try:
        document = fair_files().layout() or {}
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    return sorted(
        str(booth["number"])
        for hall in document.get("halls", [])
        for booth in hall.get("booths", [])
        if booth.get("ref") == exhibitor.ref and booth.get("number")
    )


def _csv(report: dict[str, Any], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["start", *MEASURES])
    for bucket in report["series"]:
        start = bucket["start"].isoformat().replace("+00:00", "Z")
        writer.writerow([start, *("" if bucket[m] is None else bucket[m] for m in MEASURES)])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{report["by"]}.csv"'
    return response


CSV_DOC = {
    "responses": {
        "200": {
            "description": "one row per bucket: start, " + ", ".join(MEASURES),
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@bp.route("/organiser/analytics", methods=["GET"])
@organiser_required
@bp.arguments(AnalyticsArgsSchema, location="query")
@bp.response(200, AnalyticsReportSchema)
def organiser_report(args: dict[str, Any]) -> dict[str, Any]:
    """The fair's figures: totals, per UTC day or hour, and the booths with the most visits."""
    return _report(args, None)


@bp.route("/organiser/analytics.csv", methods=["GET"])
@organiser_required
@bp.arguments(AnalyticsArgsSchema, location="query")
@bp.doc(summary="The fair's figures per day or hour, as CSV", **CSV_DOC)
def organiser_csv(args: dict[str, Any]) -> Response:
    return _csv(_report(args, None), "analytics")


@bp.route("/exhibitor/analytics", methods=["GET"])
@exhibitor_required
@bp.arguments(AnalyticsArgsSchema, location="query")
@bp.response(200, AnalyticsReportSchema)
def exhibitor_report(args: dict[str, Any]) -> dict[str, Any]:
    """The figures of the signed-in exhibitor's own booths."""
    return _report(args, _exhibitor_booths())


@bp.route("/exhibitor/analytics.csv", methods=["GET"])
@exhibitor_required
@bp.arguments(AnalyticsArgsSchema, location="query")
@bp.doc(summary="The exhibitor's own booths' figures per day or hour, as CSV", **CSV_DOC)
def exhibitor_csv(args: dict[str, Any]) -> Response:
    return _csv(_report(args, _exhibitor_booths()), "booth-analytics")


@bp.route("/organiser/heatmap/<hall_id>.png", methods=["GET"])
@organiser_required
@bp.arguments(AnalyticsArgsSchema, location="query")
@bp.doc(
    summary="Where visitors walked in a hall, as a heatmap over its floor plan (PNG)",
    responses={
        "200": {"description": "the heatmap", "content": {"image/png": {"schema": {"type": "string"}}}},
        "404": {"description": "no such hall", "content": {"application/json": {"schema": "Error"}}},
    },
)
def heatmap(args: dict[str, Any], hall_id: str) -> Response:
    try:
        document = fair_files().layout() or {}
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    halls = {str(hall.get("id")): hall for hall in document.get("halls", [])}
    hall = halls.get(hall_id)
    if hall is None:
        raise ApiError(404, f"no hall {hall_id!r} in this fair (halls: {', '.join(sorted(halls)) or 'none'})")
    try:
        grid = grid_for(hall)
    except ValueError as error:
        raise ApiError(503, str(error)) from error
    counts = position_grid(db.session(), _scope(args, None), hall_id, grid)
    response = Response(draw_heatmap(hall, grid, counts), mimetype="image/png")
    response.cache_control.no_store = True
    return response
