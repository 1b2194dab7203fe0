"""Who is asking: an organiser (email and password), an exhibitor (invitation token, scoped to its own
booths), a signed-in visitor (name, company, email), or an anonymous visitor.

The signed session cookie holds only ids; passwords are hashed with werkzeug's scrypt and invitation
tokens are kept as SHA-256 digests, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import session as cookie
from sqlalchemy import select

from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.models import Exhibitor, Fair, Organiser, Visitor

P = ParamSpec("P")
R = TypeVar("R")


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which an invitation token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh invitation token (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def current_organiser() -> Organiser | None:
    """The signed-in organiser, if any."""
    ident = cookie.get("organiser_id")
    return db.session().get(Organiser, ident) if isinstance(ident, int) else None


def current_exhibitor() -> Exhibitor | None:
    """The signed-in exhibitor, if any."""
    ident = cookie.get("exhibitor_id")
    return db.session().get(Exhibitor, ident) if isinstance(ident, int) else None


def current_visitor() -> Visitor | None:
    """The signed-in visitor, if any."""
    ident = cookie.get("visitor_id")
    return db.session().get(Visitor, ident) if isinstance(ident, int) else None


def visitor_key() -> str:
    """A random id for this browser's session, for counting visitors without knowing who they are."""
    key = cookie.get("visitor_key")
    if not isinstance(key, str):
        key = secrets.token_hex(16)
        cookie["visitor_key"] = key
    return key


def exhibitor_by_token(token: str) -> Exhibitor | None:
    """The exhibitor an invitation token belongs to."""
    return db.session().scalars(select(Exhibitor).where(Exhibitor.token_hash == token_digest(token))).first()


def fair_of(exhibitor: Exhibitor) -> Fair:
    """The fair the exhibitor is at."""
    fair = db.session().get(Fair, exhibitor.fair_id)
    assert fair is not None  # foreign key
    return fair


def organiser_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuses the request with 401 unless an organiser is signed in."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_organiser() is None:
            raise ApiError(401, "organiser sign-in required: POST /api/session/organiser")
        return view(*args, **kwargs)

    return wrapped


def exhibitor_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuses the request with 401 unless an exhibitor is signed in."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_exhibitor() is None:
            raise ApiError(401, "exhibitor sign-in required: open your invitation link")
        return view(*args, **kwargs)

    return wrapped


def visitor_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuses the request with 401 unless a visitor signed in with name, company and email."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_visitor() is None:
            raise ApiError(401, "sign in with your name and email first: POST /api/session/visitor")
        return view(*args, **kwargs)

    return wrapped


def sign_out() -> None:
    """Forgets every identity of this browser (a new anonymous key comes with the next request)."""
    cookie.clear()
