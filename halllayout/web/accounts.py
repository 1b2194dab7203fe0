"""Making accounts: organisers with a password, exhibitors with an invitation token."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from halllayout.web.errors import ApiError
from halllayout.web.identity import new_token, token_digest
from halllayout.web.live import forget_live
from halllayout.web.models import Exhibitor, Fair, Organiser, utcnow

#: The shortest password an organiser may choose.
MIN_PASSWORD = 10


def add_organiser(session: Session, email: str, password: str, name: str = "") -> Organiser:
    """A new organiser, its password hashed (scrypt). Raises ApiError (409) when the email is taken
    and (422) when the password is shorter than MIN_PASSWORD characters."""
    email = email.strip().lower()
    if "@" not in email:
        raise ApiError(422, f"email: {email!r} is not an email address", "email")
    if len(password) < MIN_PASSWORD:
        raise ApiError(422, f"password: at least {MIN_PASSWORD} characters, got {len(password)}", "password")
    if session.scalars(select(Organiser).where(Organiser.email == email)).first() is not None:
        raise ApiError(409, f"email: an organiser {email!r} exists already", "email")
    organiser = Organiser(email=email, name=name, password_hash=generate_password_hash(password))
    session.add(organiser)
    session.commit()
    return organiser


def invite_exhibitor(session: Session, fair: Fair, ref: str, name: str = "") -> tuple[Exhibitor, str]:
    """The exhibitor `ref` of `fair` (made when new) with a fresh invitation token, which replaces any
    earlier one. The token is returned once and only its digest is kept."""
    exhibitor = session.scalars(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.ref == ref)
    ).first()
    if exhibitor is None:
        exhibitor = Exhibitor(fair_id=fair.id, ref=ref, name=name or ref)
        session.add(exhibitor)
    elif name:
        exhibitor.name = name
    token = new_token()
    exhibitor.token_hash = token_digest(token)
    exhibitor.updated_at = utcnow()
    session.commit()
    forget_live()  # its booth pages now show its profile
    return exhibitor, token
