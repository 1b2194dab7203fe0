"""Analytics reports: the `events` of a fair counted per day or hour, per booth, and binned on a grid
for the heatmap, in SQL that runs on SQLite and PostgreSQL.

Buckets are UTC days (`2026-11-24`) or hours (`2026-11-24T09`), made by the database (`strftime` on
SQLite, `to_char` on PostgreSQL, chosen by the session's dialect) and filled with zeros in Python for
the buckets without events. A report is scoped to a fair and, for an exhibitor, to its booths.
Position events, most of the table, are left out of the counts (see COUNTED) and read only for the
heatmap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, distinct, func, select, text
from sqlalchemy.orm import Session

from halllayout.web.events import KINDS
from halllayout.web.heatmap import Grid
from halllayout.web.models import Event

#: What each bucket, total and booth counts, in the CSV's column order.
MEASURES = (
    "visitors",
    "visits",
    "booth_visits",
    "dwell_seconds",
    "product_views",
    "new_product_views",
    "meeting_requests",
)
#: The kinds the figures count: positions (most of the events) are only for the heatmap, so a visitor
#: is counted in a bucket when it started a visit or did something at a booth in it.
COUNTED = tuple(kind for kind in KINDS if kind != "position")
STEP = {"day": dt.timedelta(days=1), "hour": dt.timedelta(hours=1)}
#: The most buckets one report may have.
MAX_BUCKETS = 2000


@dataclass(frozen=True)
class Scope:
    """Whose events: a fair, from (inclusive) to (exclusive), and for an exhibitor only its booths."""

    fair_id: int
    start: dt.datetime
    end: dt.datetime
    booths: Sequence[str] | None = None

    def where(self, kinds: Sequence[str] = COUNTED) -> list[ColumnElement[bool]]:
        conditions = [
            Event.fair_id == self.fair_id,
            Event.kind.in_(kinds),  # named kinds let the (fair_id, kind, at) index serve the range on at
            Event.at >= self.start,
            Event.at < self.end,
        ]
        if self.booths is not None:
            conditions.append(Event.booth_number.in_(list(self.booths)))
        return conditions


def floor_time(at: dt.datetime, by: str) -> dt.datetime:
    """The start of the UTC day or hour `at` falls in."""
    at = at.astimezone(dt.UTC)
    if by == "day":
        return at.replace(hour=0, minute=0, second=0, microsecond=0)
    return at.replace(minute=0, second=0, microsecond=0)


def bucket_starts(start: dt.datetime, end: dt.datetime, by: str) -> list[dt.datetime]:
    """The starts of the buckets that [start, end) touches."""
    at, step, starts = floor_time(start, by), STEP[by], []
    while at < end:
        starts.append(at)
        at += step
    return starts


def bucket_key(at: dt.datetime, by: str) -> str:
    """The database's name of the bucket starting at `at` (see `_bucket`)."""
    return at.strftime("%Y-%m-%d" if by == "day" else "%Y-%m-%dT%H")


def _bucket(session: Session, by: str) -> ColumnElement[str]:
    if session.get_bind().dialect.name == "postgresql":
        pattern = "YYYY-MM-DD" if by == "day" else 'YYYY-MM-DD"T"HH24'
        return func.to_char(func.timezone("UTC", Event.at), pattern)
    return func.strftime("%Y-%m-%d" if by == "day" else "%Y-%m-%dT%H", Event.at)


def _count(kind: str) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((Event.kind == kind, 1), else_=0)), 0)


def _measures() -> list[ColumnElement[Any]]:
    return [
        func.count(distinct(Event.visitor_key)),
        _count("visit"),
        _count("booth_visit"),
        func.coalesce(func.sum(case((Event.kind == "booth_visit", Event.value), else_=0.0)), 0.0),
        _count("product_view"),
        _count("new_product_view"),
        _count("meeting_request"),
    ]


def _as_dict(values: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(MEASURES, values, strict=True):
        out[name] = round(float(value or 0), 3) if name == "dwell_seconds" else int(value or 0)
    return out


def totals(session: Session, scope: Scope) -> dict[str, Any]:
    """Each measure over the whole scope (visitors counted once however many buckets they were in)."""
    row = session.execute(select(*_measures()).where(*scope.where())).one()
    return _as_dict(row)


def series(session: Session, scope: Scope, by: str) -> list[dict[str, Any]]:
    """Each measure per UTC day or hour, every bucket of the range present (zeros where none)."""
    bucket = _bucket(session, by).label("bucket")
    rows = session.execute(select(bucket, *_measures()).where(*scope.where()).group_by(text("bucket"))).all()
    found = {row[0]: _as_dict(row[1:]) for row in rows}
    empty = dict.fromkeys(MEASURES, 0)
    return [
        {"start": start, **found.get(bucket_key(start, by), empty)}
        for start in bucket_starts(scope.start, scope.end, by)
    ]


def booths(session: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Per booth (the `limit` with the most booth visits): visitors, booth visits, dwell time in total
    and per visit, product views and meeting requests."""
    measures = _measures()
    booth_visits = measures[2]
    rows = session.execute(
        select(Event.booth_number, *measures)
        .where(*scope.where(), Event.booth_number != "")
        .group_by(Event.booth_number)
        .order_by(booth_visits.desc(), Event.booth_number)
        .limit(limit)
    ).all()
    out = []
    for row in rows:
        numbers = _as_dict(row[1:])
        del numbers["visits"]
        visits = numbers["booth_visits"]
        numbers["mean_dwell_seconds"] = round(numbers["dwell_seconds"] / visits, 3) if visits else 0.0
        out.append({"booth": row[0], **numbers})
    return out


def position_grid(session: Session, scope: Scope, hall: str, grid: Grid) -> dict[tuple[int, int], int]:
    """How many `position` events of `hall` fell in each grid cell: {(column, row): count}, column i
    covering plan x in [x0 + i·cell, x0 + (i+1)·cell) and row j plan y likewise from y0 (north up)."""
    (x0, y0), (nx, ny), cell = grid.origin, grid.cells, grid.cell
    column: ColumnElement[Any]
    row: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        column, row = func.floor((Event.x - x0) / cell), func.floor((Event.y - y0) / cell)
    else:  # CAST truncates towards zero, the floor for the non-negative offsets kept below
        column, row = cast((Event.x - x0) / cell, Integer), cast((Event.y - y0) / cell, Integer)
    # grouped by the labels: to PostgreSQL the same expression with its parameters bound twice differs
    i, j = column.label("i"), row.label("j")
    rows = session.execute(
        select(i, j, func.count())
        .where(
            *scope.where(("position",)),
            Event.hall == hall,
            Event.x >= x0,
            Event.x < x0 + nx * cell,
            Event.y >= y0,
            Event.y < y0 + ny * cell,
        )
        .group_by(text("i"), text("j"))
    ).all()
    return {(int(a), int(b)): int(n) for a, b, n in rows if 0 <= a < nx and 0 <= b < ny}
