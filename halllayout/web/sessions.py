"""Signing in and out: organisers with email and password, exhibitors with their invitation token,
visitors with name, company and email. `GET /api/session` tells the browser who it is and gives it the
CSRF token to send with every change."""

from __future__ import annotations

from typing import Any

from flask import redirect
from flask import session as cookie
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from werkzeug.security import check_password_hash

from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.identity import (
    current_exhibitor,
    current_organiser,
    current_visitor,
    exhibitor_by_token,
    fair_of,
    sign_out,
    visitor_key,
)
from halllayout.web.limits import limiter
from halllayout.web.models import Organiser, Visitor
from halllayout.web.schemas import ExhibitorRefSchema, OrganiserRefSchema, VisitorSchema

bp = Blueprint("session", __name__, url_prefix="/api/session", description="Signing in and out")


class SessionSchema(Schema):
    csrf_token = fields.String(required=True)
    visitor = fields.Nested(VisitorSchema, allow_none=True)
    exhibitor = fields.Nested(ExhibitorRefSchema, allow_none=True)
    organiser = fields.Nested(OrganiserRefSchema, allow_none=True)


class OrganiserLoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class ExhibitorLoginSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class VisitorLoginSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    company = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))


def _whoami() -> dict[str, Any]:
    visitor_key()
    exhibitor = current_exhibitor()
    return {
        "csrf_token": generate_csrf(),
        "visitor": current_visitor(),
        "exhibitor": (
            {
                "id": exhibitor.id,
                "ref": exhibitor.ref,
                "name": exhibitor.name,
                "fair": fair_of(exhibitor).slug,
            }
            if exhibitor
            else None
        ),
        "organiser": current_organiser(),
    }


@bp.get("")
@bp.response(200, SessionSchema)
def whoami() -> dict[str, Any]:
    """Who this browser is signed in as, and the CSRF token for changes."""
    return _whoami()


@bp.delete("")
@bp.response(200, SessionSchema)
def sign_out_all() -> dict[str, Any]:
    """Signs this browser out of every role."""
    sign_out()
    return _whoami()


@bp.post("/organiser")
@limiter.limit("10 per minute")
@bp.arguments(OrganiserLoginSchema)
@bp.response(200, SessionSchema)
def organiser_sign_in(body: dict[str, str]) -> dict[str, Any]:
    """Signs an organiser in (10 tries a minute per address)."""
    organiser = (
        db.session().scalars(select(Organiser).where(Organiser.email == body["email"].lower())).first()
    )
    if organiser is None or not check_password_hash(organiser.password_hash, body["password"]):
        raise ApiError(401, "wrong email or password", "password")
    cookie.clear()
    cookie["organiser_id"] = organiser.id
    return _whoami()


@bp.post("/exhibitor")
@limiter.limit("10 per minute")
@bp.arguments(ExhibitorLoginSchema)
@bp.response(200, SessionSchema)
def exhibitor_sign_in(body: dict[str, str]) -> dict[str, Any]:
    """Signs an exhibitor in with the token from its invitation (10 tries a minute per address)."""
    exhibitor = exhibitor_by_token(body["token"])
    if exhibitor is None:
        raise ApiError(401, "this invitation token is not valid (ask the organiser for a new link)", "token")
    cookie.clear()
    cookie["exhibitor_id"] = exhibitor.id
    return _whoami()


@bp.post("/visitor")
@limiter.limit("30 per minute")
@bp.arguments(VisitorLoginSchema)
@bp.response(200, SessionSchema)
def visitor_sign_in(body: dict[str, str]) -> dict[str, Any]:
    """Signs a visitor in with name, company and email, to meet exhibitors and keep bookmarks."""
    session = db.session()
    visitor = current_visitor()
    if visitor is None:
        visitor = Visitor(
            name=body["name"].strip(), company=body["company"].strip(), email=body["email"].lower()
        )
        session.add(visitor)
    else:
        visitor.name, visitor.company = body["name"].strip(), body["company"].strip()
        visitor.email = body["email"].lower()
    session.commit()
    cookie["visitor_id"] = visitor.id
    return _whoami()


@bp.route("/invitation/<token>", methods=["GET"])
@limiter.limit("10 per minute")
@bp.doc(summary="An exhibitor's invitation link: signs in and opens the exhibitor portal")
def invitation(token: str) -> ResponseReturnValue:
    exhibitor = exhibitor_by_token(token)
    if exhibitor is None:
        raise ApiError(401, "this invitation link is not valid (ask the organiser for a new one)", "token")
    cookie.clear()
    cookie["exhibitor_id"] = exhibitor.id
    return redirect("/exhibitor", code=303)
