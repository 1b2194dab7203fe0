"""The platform's database: fairs and their published versions, organisers, exhibitors, visitors, what
visitors ask of booths (meetings, messages, business cards, bookmarks), analytics events and jobs.

SQLAlchemy 2 declarative models. The schema is made and changed only by the Alembic migrations in
`halllayout/web/migrations/`; a test checks that the migrations and these models agree.
Times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names the same on SQLite and PostgreSQL, so migrations can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Now, in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organiser(Base):
    """A person who runs fairs: lays them out, publishes them, invites exhibitors."""

    __tablename__ = "organisers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Fair(Base):
    """A fair. Visitors see its published version; organisers work on newer ones."""

    __tablename__ = "fairs"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("fair_versions.id", use_alter=True, ondelete="SET NULL"), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FairVersion(Base):
    """One built layout of a fair: a folder as `halllayout build` writes it (layout.json, GLBs, plans),
    complete before this row says `ready`. Publishing points the fair at it in one transaction."""

    __tablename__ = "fair_versions"
    __table_args__ = (UniqueConstraint("fair_id", "number", name="uq_fair_versions_fair_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    #: building | ready | failed
    status: Mapped[str] = mapped_column(String(16), default="building")
    #: the built folder, relative to the instance folder
    folder: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    #: the layout's summary: booths placed, violations, ...
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Booth(Base):
    """A booth of a fair version, as laid out (for search and booth pages straight from the database)."""

    __tablename__ = "booths"
    __table_args__ = (UniqueConstraint("version_id", "number", name="uq_booths_version_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("fair_versions.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    hall: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(100), index=True)
    exhibitor: Mapped[str] = mapped_column(String(300), default="")
    exhibitor_en: Mapped[str] = mapped_column(String(300), default="")
    zone: Mapped[str] = mapped_column(String(200), default="")
    #: the booth's entry in layout.json
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Product(Base):
    """A product shown at a booth of a fair version."""

    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("fair_versions.id", ondelete="CASCADE"), index=True)
    booth_number: Mapped[str] = mapped_column(String(32))
    product_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300), default="")
    model: Mapped[str] = mapped_column(String(100), default="")
    is_new: Mapped[bool] = mapped_column(default=False)


Index("ix_products_version_booth", Product.version_id, Product.booth_number)


class Exhibitor(Base):
    """A company at a fair, known by its `ref` in the booth list. It signs in with an invitation token
    (only its SHA-256 is kept) and may change its own booths' profile and products, nothing else."""

    __tablename__ = "exhibitors"
    __table_args__ = (UniqueConstraint("fair_id", "ref", name="uq_exhibitors_fair_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    live_stream: Mapped[str] = mapped_column(String(500), default="")
    logo: Mapped[str] = mapped_column(String(100), default="")
    colours: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExhibitorUpload(Base):
    """A product model an exhibitor uploaded, through ingestion, to preview and then put live."""

    __tablename__ = "exhibitor_uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    original: Mapped[str] = mapped_column(String(100))
    #: queued | processing | ready | live | refused
    status: Mapped[str] = mapped_column(String(16), default="queued")
    model: Mapped[str] = mapped_column(String(100), default="")
    far: Mapped[str] = mapped_column(String(100), default="")
    thumbnail: Mapped[str] = mapped_column(String(100), default="")
    is_new: Mapped[bool] = mapped_column(default=False)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    job_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Visitor(Base):
    """A visitor who signed in (name, company, email) to meet exhibitors. Browsing needs no sign-in."""

    __tablename__ = "visitors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MeetingRequest(Base):
    """A visitor asks to meet the exhibitor at a booth in a time slot."""

    __tablename__ = "meeting_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_number: Mapped[str] = mapped_column(String(32))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), index=True)
    start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    #: requested | accepted | declined | cancelled
    status: Mapped[str] = mapped_column(String(16), default="requested")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


Index("ix_meeting_requests_fair_booth", MeetingRequest.fair_id, MeetingRequest.booth_number)


class Message(Base):
    """A message in the conversation between one visitor and one booth."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_number: Mapped[str] = mapped_column(String(32))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), index=True)
    #: visitor | exhibitor
    sender: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


Index("ix_messages_fair_booth", Message.fair_id, Message.booth_number)


class CardExchange(Base):
    """A visitor left a business card at a booth (the exhibitor's card comes back from its profile)."""

    __tablename__ = "card_exchanges"
    __table_args__ = (
        UniqueConstraint("fair_id", "booth_number", "visitor_id", name="uq_card_exchanges_booth_visitor"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_number: Mapped[str] = mapped_column(String(32))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Bookmark(Base):
    """A booth a visitor keeps."""

    __tablename__ = "bookmarks"
    __table_args__ = (
        UniqueConstraint("fair_id", "booth_number", "visitor_id", name="uq_bookmarks_booth_visitor"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    booth_number: Mapped[str] = mapped_column(String(32))
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """One analytics event from the viewer: a visit, a booth visit with its dwell time, a product view,
    a position for the heatmap. `visitor_key` is a random id per browser, not personal data."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    #: visit | booth_visit | product_view | new_product_view | position | meeting_request
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    visitor_key: Mapped[str] = mapped_column(String(64))
    hall: Mapped[str] = mapped_column(String(32), default="")
    booth_number: Mapped[str] = mapped_column(String(32), default="")
    product_id: Mapped[str] = mapped_column(String(200), default="")
    #: dwell seconds for booth_visit
    value: Mapped[float] = mapped_column(Float, default=0.0)
    x: Mapped[float | None] = mapped_column(Float, default=None)
    y: Mapped[float | None] = mapped_column(Float, default=None)


Index("ix_events_fair_kind_at", Event.fair_id, Event.kind, Event.at)
Index("ix_events_fair_booth", Event.fair_id, Event.booth_number)


class RollupHour(Base):
    """An hour of a fair's events rolled up (rollup.py) into the four tables below. `hour` counts hours
    since 1970-01-01T00:00Z. `stale` when an event for the hour came in after it was rolled up: the
    next report rolls it up again."""

    __tablename__ = "rollup_hours"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stale: Mapped[bool] = mapped_column(default=False)


class RollupCount(Base):
    """What the reports count, per fair, hour and booth ("" for events at no booth)."""

    __tablename__ = "rollup_counts"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    booth_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    booth_visits: Mapped[int] = mapped_column(Integer)
    dwell_seconds: Mapped[float] = mapped_column(Float)
    product_views: Mapped[int] = mapped_column(Integer)
    new_product_views: Mapped[int] = mapped_column(Integer)
    meeting_requests: Mapped[int] = mapped_column(Integer)


class RollupVisitor(Base):
    """Each visitor counted in an hour of a fair, once (distinct visitors over any span stay exact)."""

    __tablename__ = "rollup_visitors"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    visitor_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class RollupBoothVisitor(Base):
    """Each visitor counted at a booth in an hour of a fair, once."""

    __tablename__ = "rollup_booth_visitors"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    booth_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    visitor_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class RollupCell(Base):
    """Positions in a hall in an hour, counted per heatmap.CELL-metre cell of the plan (cell (i, j)
    covers plan x in [i·CELL, (i+1)·CELL) and y likewise): `cells` packs the cells with positions,
    in rollup.pack_cells' format, one row per hall and hour so a heatmap reads a row per hour."""

    __tablename__ = "rollup_cells"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hall: Mapped[str] = mapped_column(String(32), primary_key=True)
    positions: Mapped[int] = mapped_column(Integer)
    cells: Mapped[bytes] = mapped_column(LargeBinary)


class Job(Base):
    """Heavy work (a layout, an ingestion) done outside the request, with its progress."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: queued | running | done | failed
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), default=None)
    exhibitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("exhibitors.id", ondelete="CASCADE"), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    #: host:pid of the process running it (jobs.py), and when that process last said it is alive
    worker: Mapped[str] = mapped_column(String(100), default="", server_default="")
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Input(Base):
    """A file an organiser uploaded to build from (booth list, hall, fair file): its name and its
    SHA-256 in the file store (store.py)."""

    __tablename__ = "inputs"
    __table_args__ = (UniqueConstraint("fair_id", "digest", name="uq_inputs_fair_digest"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
