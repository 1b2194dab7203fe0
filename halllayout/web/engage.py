"""Visitors meeting exhibitors: meeting requests, messages, business cards and bookmarks at the booths
of the published fair, and each side's view of them.

Visitors (signed in with name, company and email) post to `/api/booths/<number>/...` and read their
own rows under `/api/me/...`. Exhibitors (signed in with their invitation) read and answer what was
left at their own booths, the published booths whose `ref` is theirs, under `/api/exhibitor/...`.

Access: without the role's sign-in every call is 401. A meeting id, visitor or booth that is not the
caller's is answered 404 with the same message as one that does not exist, so nobody learns what
others have. Times come in as ISO 8601 with an offset and go out in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from flask import request
from flask import session as cookie
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import Select, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from halllayout.web import db
from halllayout.web.analytics import record_event
from halllayout.web.errors import ApiError
from halllayout.web.identity import (
    current_exhibitor,
    current_visitor,
    exhibitor_required,
    visitor_required,
)
from halllayout.web.limits import limiter
from halllayout.web.models import Bookmark, CardExchange, MeetingRequest, Message, Visitor, utcnow
from halllayout.web.schemas import ErrorSchema, PageArgsSchema, VisitorSchema, page_schema, paginate
from halllayout.web.site import published_booth, published_booths_of, site_fair

P = ParamSpec("P")
R = TypeVar("R")

bp = Blueprint(
    "engage",
    __name__,
    url_prefix="/api",
    description="Visitors meeting exhibitors: meeting requests, messages, business cards, bookmarks",
)

#: The length of a meeting slot, and how far ahead one may be asked for.
SLOT = dt.timedelta(minutes=30)
FURTHEST_AHEAD = dt.timedelta(days=366)
#: The longest meeting note and message, in characters.
MAX_NOTE = 2000
MAX_MESSAGE = 2000
#: How many meeting requests and messages one visitor (or exhibitor) may post a minute.
POST_LIMIT = "30 per minute"
#: A meeting's states, and which an action may leave from (reaching its own state again is a no-op).
STATUSES = ("requested", "accepted", "declined", "cancelled")
FROM = {
    "accepted": ("requested", "declined"),
    "declined": ("requested", "accepted"),
    "cancelled": ("requested", "accepted"),
}


# schemas


class UtcDateTime(fields.DateTime):
    """A date-time written in UTC with its offset (SQLite gives times back without one: they are UTC)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class MeetingRequestArgs(Schema):
    start = fields.AwareDateTime(
        required=True, metadata={"description": "ISO 8601 with offset: 2026-11-25T10:30:00+08:00"}
    )
    end = fields.AwareDateTime(required=True, metadata={"description": "start + 30 minutes"})
    time_zone = fields.String(
        load_default="",
        validate=validate.Length(max=64),
        metadata={"description": "the visitor's IANA time zone, e.g. Asia/Shanghai"},
    )
    note = fields.String(load_default="", validate=validate.Length(max=MAX_NOTE))

    @validates_schema
    def _a_slot(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data["start"], data["end"]
        if end <= start:
            raise ValidationError(f"{end.isoformat()} is not after the start {start.isoformat()}", "end")
        if end - start != SLOT:
            minutes = (end - start).total_seconds() / 60
            raise ValidationError(f"a meeting is a 30-minute slot, this one is {minutes:g} minutes", "end")
        if start.minute not in (0, 30) or start.second or start.microsecond:
            raise ValidationError(f"{start.isoformat()}: slots start on the hour or half hour", "start")
        now = utcnow()
        if start <= now:
            raise ValidationError(f"{start.isoformat()} is in the past", "start")
        if start > now + FURTHEST_AHEAD:
            raise ValidationError(f"{start.isoformat()} is more than a year ahead", "start")


class MeetingSchema(Schema):
    id = fields.Integer(required=True)
    booth = fields.String(required=True, attribute="booth_number")
    start = UtcDateTime(required=True)
    end = UtcDateTime(required=True)
    time_zone = fields.String(required=True)
    note = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    created_at = UtcDateTime(required=True)


class ExhibitorMeetingSchema(MeetingSchema):
    visitor = fields.Nested(VisitorSchema, required=True)


class MessageArgs(Schema):
    message = fields.String(required=True, validate=validate.Length(min=1, max=MAX_MESSAGE))


class ReplyArgs(MessageArgs):
    visitor_id = fields.Integer(required=True)
    booth = fields.String(required=True, validate=validate.Length(min=1, max=32))


class MessageSchema(Schema):
    id = fields.Integer(required=True)
    booth = fields.String(required=True, attribute="booth_number")
    visitor_id = fields.Integer(required=True)
    sender = fields.String(required=True, metadata={"enum": ["visitor", "exhibitor"]})
    message = fields.String(required=True, attribute="body")
    created_at = UtcDateTime(required=True)


class ExhibitorMessageSchema(MessageSchema):
    visitor = fields.Nested(VisitorSchema, required=True)


class CardArgs(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    company = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))


class CardSchema(Schema):
    id = fields.Integer(required=True)
    booth = fields.String(required=True, attribute="booth_number")
    visitor_id = fields.Integer(required=True)
    name = fields.String(required=True)
    company = fields.String(required=True)
    email = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class BookmarkSchema(Schema):
    id = fields.Integer(required=True)
    booth = fields.String(required=True, attribute="booth_number")
    created_at = UtcDateTime(required=True)


class EmptySchema(Schema):
    pass


class BoothFilterArgs(PageArgsSchema):
    booth = fields.String(validate=validate.Length(min=1, max=32))


class MeetingFilterArgs(BoothFilterArgs):
    status = fields.String(validate=validate.OneOf(STATUSES))


class MessageFilterArgs(BoothFilterArgs):
    visitor = fields.Integer(metadata={"description": "only the conversation with this visitor id"})


MeetingPage = page_schema(MeetingSchema, "MeetingPage")
ExhibitorMeetingPage = page_schema(ExhibitorMeetingSchema, "ExhibitorMeetingPage")
MessagePage = page_schema(MessageSchema, "MessagePage")
ExhibitorMessagePage = page_schema(ExhibitorMessageSchema, "ExhibitorMessagePage")
CardPage = page_schema(CardSchema, "CardPage")
BookmarkPage = page_schema(BookmarkSchema, "BookmarkPage")


# documenting and guarding


def _errors(**statuses: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Documents the error replies (`e401="why"`, ...) in the OpenAPI document."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        for name, description in statuses.items():
            view = bp.alt_response(int(name[1:]), schema=ErrorSchema, description=description)(view)
        return view

    return decorate


ANONYMOUS_VISITOR = "not signed in as a visitor"
ANONYMOUS_EXHIBITOR = "not signed in as an exhibitor"
NO_BOOTH = "no such booth in the published fair"
NOT_YOURS = "no such meeting, booth or visitor of yours (another's is answered the same)"


def _poster() -> str:
    """The rate limit's key: the signed-in visitor or exhibitor, else the address."""
    for role in ("visitor_id", "exhibitor_id"):
        if isinstance(cookie.get(role), int):
            return f"{role}:{cookie[role]}"
    return f"address:{request.remote_addr}"


def _visitor() -> Visitor:
    visitor = current_visitor()
    assert visitor is not None  # visitor_required
    return visitor


def _booth(number: str) -> str:
    """`number`, when it is a booth of the published fair; else 404 naming it."""
    if published_booth(number) is None:
        raise ApiError(404, f"no booth {number!r} in this fair", "number")
    return number


def _my_booths() -> list[str]:
    """The numbers of the signed-in exhibitor's booths in the published fair."""
    exhibitor = current_exhibitor()
    assert exhibitor is not None  # exhibitor_required
    if exhibitor.fair_id != site_fair().id:
        return []
    return [str(b["number"]) for b in published_booths_of(exhibitor.ref)]


def _my_booth(number: str, field: str = "booth") -> str:
    if number not in _my_booths():
        raise ApiError(404, f"booth {number!r} is not one of your booths", field)
    return number


def _columns(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in inspect(row).mapper.column_attrs}


def _with_visitors(session: Session, rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Each row's columns with its `visitor` (for the exhibitor's lists)."""
    rows = list(rows)
    ids = {row.visitor_id for row in rows}
    visitors = {v.id: v for v in session.scalars(select(Visitor).where(Visitor.id.in_(ids)))} if ids else {}
    return [{**_columns(row), "visitor": visitors[row.visitor_id]} for row in rows]


def _filtered(query: Select[Any], model: Any, args: dict[str, Any]) -> Select[Any]:
    if "booth" in args:
        query = query.where(model.booth_number == args["booth"])
    if "status" in args:
        query = query.where(model.status == args["status"])
    if "visitor" in args:
        query = query.where(model.visitor_id == args["visitor"])
    return query


# a visitor at a booth


@bp.post("/booths/<number>/meetings")
@visitor_required
@limiter.limit(POST_LIMIT, key_func=_poster)
@bp.arguments(MeetingRequestArgs)
@bp.response(201, MeetingSchema)
@_errors(
    e401=ANONYMOUS_VISITOR,
    e404=NO_BOOTH,
    e409="this visitor has asked for an overlapping meeting at this booth already",
    e429="more than 30 requests a minute",
)
def request_meeting(body: dict[str, Any], number: str) -> MeetingRequest:
    """Asks the exhibitor at the booth for a 30-minute meeting (30 requests a minute per visitor)."""
    booth, visitor, session = _booth(number), _visitor(), db.session()
    fair_id = site_fair().id
    start, end = body["start"].astimezone(dt.UTC), body["end"].astimezone(dt.UTC)
    # the same request sent twice at once (a double click, a retry) makes one meeting: the second waits
    # here until the first has committed, then finds it overlapping
    db.hold_row(session, Visitor.id, visitor.id)
    overlapping = session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.fair_id == fair_id,
            MeetingRequest.booth_number == booth,
            MeetingRequest.visitor_id == visitor.id,
            MeetingRequest.status.in_(("requested", "accepted")),
            MeetingRequest.start < end,
            MeetingRequest.end > start,
        )
    ).first()
    if overlapping is not None:
        raise ApiError(
            409,
            f"you have asked for a meeting at booth {booth} at this time already "
            f"(request {overlapping.id}, {overlapping.status})",
            "start",
        )
    meeting = MeetingRequest(
        fair_id=fair_id,
        booth_number=booth,
        visitor_id=visitor.id,
        start=start,
        end=end,
        time_zone=body["time_zone"],
        note=body["note"].strip(),
    )
    session.add(meeting)
    record_event("meeting_request", booth=booth, hall=str((published_booth(booth) or {}).get("hall") or ""))
    session.commit()  # the request and its analytics event together
    return meeting


@bp.post("/booths/<number>/messages")
@visitor_required
@limiter.limit(POST_LIMIT, key_func=_poster)
@bp.arguments(MessageArgs)
@bp.response(201, MessageSchema)
@_errors(e401=ANONYMOUS_VISITOR, e404=NO_BOOTH, e429="more than 30 messages a minute")
def leave_message(body: dict[str, str], number: str) -> Message:
    """Leaves a message for the exhibitor at the booth (30 a minute per visitor)."""
    booth, visitor, session = _booth(number), _visitor(), db.session()
    text = body["message"].strip()
    if not text:
        raise ApiError(422, "message: the message is empty", "message")
    message = Message(
        fair_id=site_fair().id, booth_number=booth, visitor_id=visitor.id, sender="visitor", body=text
    )
    session.add(message)
    session.commit()
    return message


@bp.post("/booths/<number>/cards")
@visitor_required
@limiter.limit(POST_LIMIT, key_func=_poster)
@bp.arguments(CardArgs)
@bp.response(201, CardSchema, description="the card, left for the first time")
@bp.alt_response(200, schema=CardSchema, description="the card left before, updated")
@_errors(e401=ANONYMOUS_VISITOR, e404=NO_BOOTH)
def leave_card(body: dict[str, str], number: str) -> tuple[CardExchange, int]:
    """Leaves the visitor's business card at the booth; leaving it again updates it."""
    booth, visitor, session = _booth(number), _visitor(), db.session()
    details = {"name": body["name"].strip(), "company": body["company"].strip(), "email": body["email"]}
    key = {"fair_id": site_fair().id, "booth_number": booth, "visitor_id": visitor.id}
    card = session.scalars(select(CardExchange).filter_by(**key)).first()
    status = 200
    if card is None:
        card, status = CardExchange(**key, **details), 201
        session.add(card)
        try:
            session.commit()
            return card, status
        except IntegrityError:  # the same card, sent twice at once
            session.rollback()
            card, status = session.scalars(select(CardExchange).filter_by(**key)).one(), 200
    for name, value in details.items():
        setattr(card, name, value)
    session.commit()
    return card, status


@bp.post("/booths/<number>/bookmarks")
@visitor_required
@bp.arguments(EmptySchema)
@bp.response(201, BookmarkSchema, description="bookmarked now")
@bp.alt_response(200, schema=BookmarkSchema, description="bookmarked before")
@_errors(e401=ANONYMOUS_VISITOR, e404=NO_BOOTH)
def bookmark(_body: dict[str, Any], number: str) -> tuple[Bookmark, int]:
    """Bookmarks the booth (bookmarking it again changes nothing)."""
    booth, visitor, session = _booth(number), _visitor(), db.session()
    key = {"fair_id": site_fair().id, "booth_number": booth, "visitor_id": visitor.id}
    mark = session.scalars(select(Bookmark).filter_by(**key)).first()
    if mark is not None:
        return mark, 200
    mark = Bookmark(**key)
    session.add(mark)
    try:
        session.commit()
    except IntegrityError:  # bookmarked twice at once
        session.rollback()
        return session.scalars(select(Bookmark).filter_by(**key)).one(), 200
    return mark, 201


@bp.delete("/booths/<number>/bookmarks")
@visitor_required
@bp.response(204, description="not bookmarked (any more)")
@_errors(e401=ANONYMOUS_VISITOR, e404=NO_BOOTH)
def unbookmark(number: str) -> None:
    """Removes the booth's bookmark (removing one that is not there changes nothing)."""
    booth, visitor, session = _booth(number), _visitor(), db.session()
    key = {"fair_id": site_fair().id, "booth_number": booth, "visitor_id": visitor.id}
    for mark in session.scalars(select(Bookmark).filter_by(**key)):
        session.delete(mark)
    session.commit()


# a visitor's own


@bp.get("/me/meetings")
@visitor_required
@bp.arguments(MeetingFilterArgs, location="query")
@bp.response(200, MeetingPage)
@_errors(e401=ANONYMOUS_VISITOR)
def my_meetings(args: dict[str, Any]) -> dict[str, Any]:
    """The visitor's own meeting requests, soonest first (`?booth=`, `?status=`)."""
    query = select(MeetingRequest).where(
        MeetingRequest.fair_id == site_fair().id, MeetingRequest.visitor_id == _visitor().id
    )
    query = _filtered(query, MeetingRequest, args).order_by(MeetingRequest.start, MeetingRequest.id)
    return paginate(db.session(), query, args)


@bp.post("/me/meetings/<int:meeting_id>/cancel")
@visitor_required
@bp.response(200, MeetingSchema)
@_errors(e401=ANONYMOUS_VISITOR, e404=NOT_YOURS, e409="the meeting was declined")
def cancel_meeting(meeting_id: int) -> MeetingRequest:
    """Cancels one of the visitor's meeting requests (cancelling it again changes nothing)."""
    meeting = db.session().get(MeetingRequest, meeting_id)
    if meeting is None or meeting.visitor_id != _visitor().id or meeting.fair_id != site_fair().id:
        raise ApiError(404, f"you have no meeting request {meeting_id}", "meeting_id")
    return _move(meeting, "cancelled")


@bp.get("/me/messages")
@visitor_required
@bp.arguments(BoothFilterArgs, location="query")
@bp.response(200, MessagePage)
@_errors(e401=ANONYMOUS_VISITOR)
def my_messages(args: dict[str, Any]) -> dict[str, Any]:
    """The visitor's conversations with booths, both sides, oldest first (`?booth=` for one)."""
    query = select(Message).where(Message.fair_id == site_fair().id, Message.visitor_id == _visitor().id)
    query = _filtered(query, Message, args).order_by(Message.created_at, Message.id)
    return paginate(db.session(), query, args)


@bp.get("/me/cards")
@visitor_required
@bp.arguments(BoothFilterArgs, location="query")
@bp.response(200, CardPage)
@_errors(e401=ANONYMOUS_VISITOR)
def my_cards(args: dict[str, Any]) -> dict[str, Any]:
    """The business cards the visitor left at booths, newest first (`?booth=`)."""
    query = select(CardExchange).where(
        CardExchange.fair_id == site_fair().id, CardExchange.visitor_id == _visitor().id
    )
    query = _filtered(query, CardExchange, args)
    return paginate(
        db.session(), query.order_by(CardExchange.created_at.desc(), CardExchange.id.desc()), args
    )


@bp.get("/me/bookmarks")
@visitor_required
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, BookmarkPage)
@_errors(e401=ANONYMOUS_VISITOR)
def my_bookmarks(args: dict[str, Any]) -> dict[str, Any]:
    """The booths the visitor bookmarked, newest first."""
    query = select(Bookmark).where(Bookmark.fair_id == site_fair().id, Bookmark.visitor_id == _visitor().id)
    return paginate(db.session(), query.order_by(Bookmark.created_at.desc(), Bookmark.id.desc()), args)


# an exhibitor's booths


@bp.get("/exhibitor/meetings")
@exhibitor_required
@bp.arguments(MeetingFilterArgs, location="query")
@bp.response(200, ExhibitorMeetingPage)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS)
def booth_meetings(args: dict[str, Any]) -> dict[str, Any]:
    """Meeting requests at the exhibitor's booths, soonest first (`?booth=`, `?status=`)."""
    booths = [_my_booth(args["booth"])] if "booth" in args else _my_booths()
    query = select(MeetingRequest).where(
        MeetingRequest.fair_id == site_fair().id, MeetingRequest.booth_number.in_(booths)
    )
    query = _filtered(query, MeetingRequest, args).order_by(MeetingRequest.start, MeetingRequest.id)
    page = paginate(db.session(), query, args)
    return {**page, "items": _with_visitors(db.session(), page["items"])}


def _booth_meeting(meeting_id: int) -> MeetingRequest:
    meeting = db.session().get(MeetingRequest, meeting_id)
    if meeting is None or meeting.fair_id != site_fair().id or meeting.booth_number not in _my_booths():
        raise ApiError(404, f"no meeting request {meeting_id} at your booths", "meeting_id")
    return meeting


def _move(meeting: MeetingRequest, status: str) -> MeetingRequest:
    """The meeting, moved to `status` (409 when it cannot go there from where it is)."""
    if meeting.status != status:
        if meeting.status not in FROM[status]:
            raise ApiError(409, f"meeting request {meeting.id} is {meeting.status}: it cannot be {status}")
        meeting.status = status
        db.session().commit()
    return meeting


@bp.post("/exhibitor/meetings/<int:meeting_id>/accept")
@exhibitor_required
@bp.response(200, ExhibitorMeetingSchema)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS, e409="the visitor cancelled it")
def accept_meeting(meeting_id: int) -> dict[str, Any]:
    """Accepts a meeting request at one of the exhibitor's booths (also one declined before)."""
    meeting = _move(_booth_meeting(meeting_id), "accepted")
    return _with_visitors(db.session(), [meeting])[0]


@bp.post("/exhibitor/meetings/<int:meeting_id>/decline")
@exhibitor_required
@bp.response(200, ExhibitorMeetingSchema)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS, e409="the visitor cancelled it")
def decline_meeting(meeting_id: int) -> dict[str, Any]:
    """Declines a meeting request at one of the exhibitor's booths (also one accepted before)."""
    meeting = _move(_booth_meeting(meeting_id), "declined")
    return _with_visitors(db.session(), [meeting])[0]


@bp.get("/exhibitor/messages")
@exhibitor_required
@bp.arguments(MessageFilterArgs, location="query")
@bp.response(200, ExhibitorMessagePage)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS)
def booth_messages(args: dict[str, Any]) -> dict[str, Any]:
    """The conversations at the exhibitor's booths, by visitor, oldest first (`?visitor=`, `?booth=`)."""
    booths = [_my_booth(args["booth"])] if "booth" in args else _my_booths()
    query = select(Message).where(Message.fair_id == site_fair().id, Message.booth_number.in_(booths))
    query = _filtered(query, Message, args).order_by(
        Message.visitor_id, Message.booth_number, Message.created_at, Message.id
    )
    page = paginate(db.session(), query, args)
    return {**page, "items": _with_visitors(db.session(), page["items"])}


@bp.post("/exhibitor/messages")
@exhibitor_required
@limiter.limit(POST_LIMIT, key_func=_poster)
@bp.arguments(ReplyArgs)
@bp.response(201, ExhibitorMessageSchema)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS, e429="more than 30 messages a minute")
def reply(body: dict[str, Any]) -> dict[str, Any]:
    """Answers a visitor in the conversation the visitor started at one of the exhibitor's booths."""
    booth, session, fair_id = _my_booth(body["booth"]), db.session(), site_fair().id
    started = session.scalars(
        select(Message.id).where(
            Message.fair_id == fair_id,
            Message.booth_number == booth,
            Message.visitor_id == body["visitor_id"],
            Message.sender == "visitor",
        )
    ).first()
    if started is None:
        raise ApiError(404, f"visitor {body['visitor_id']} has not written to booth {booth}", "visitor_id")
    text = body["message"].strip()
    if not text:
        raise ApiError(422, "message: the message is empty", "message")
    message = Message(
        fair_id=fair_id, booth_number=booth, visitor_id=body["visitor_id"], sender="exhibitor", body=text
    )
    session.add(message)
    session.commit()
    return _with_visitors(session, [message])[0]


@bp.get("/exhibitor/cards")
@exhibitor_required
@bp.arguments(BoothFilterArgs, location="query")
@bp.response(200, CardPage)
@_errors(e401=ANONYMOUS_EXHIBITOR, e404=NOT_YOURS)
def booth_cards(args: dict[str, Any]) -> dict[str, Any]:
    """The business cards visitors left at the exhibitor's booths, newest first (`?booth=`)."""
    booths = [_my_booth(args["booth"])] if "booth" in args else _my_booths()
    query = select(CardExchange).where(
        CardExchange.fair_id == site_fair().id, CardExchange.booth_number.in_(booths)
    )
    query = query.order_by(CardExchange.created_at.desc(), CardExchange.id.desc())
    return paginate(db.session(), query, args)
