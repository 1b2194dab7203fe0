"""Analytics reports: the `events` of a fair counted per day or hour, per booth, and binned on a grid
for the heatmap, in SQL that runs on SQLite and PostgreSQL.

Each figure is summed from rows per hour: the hourly rollup (rollup.py) for the closed whole hours of
the report's span, the same rows made from the events for the rest (the open hour, parts of hours at
the span's edges), in one UNION ALL. Visitors are counted distinct over the union of per-hour visitor
rows, so a visitor in many hours counts once: exact, like the rest. Buckets are UTC days or hours,
numbered from the hour numbers and filled with zeros in Python for the buckets without events. A report
is scoped to a fair and, for an exhibitor, to its booths. Position events, most of the table, are left
out of the counts (see rollup.COUNTED) and read only for the heatmap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Subquery, distinct, func, select, union_all
from sqlalchemy.orm import Session

from halllayout.web.heatmap import CELL, Grid
from halllayout.web.models import RollupBoothVisitor, RollupCell, RollupCount, RollupVisitor, utcnow
from halllayout.web.rollup import (
    COUNT_COLUMNS,
    Rows,
    closed_before,
    hour_of,
    hour_start,
    raw_booth_visitors,
    raw_cells,
    raw_counts,
    raw_visitors,
    roll_up,
    unpack_cells,
)

#: What each bucket, total and booth counts, in the CSV's column order.
MEASURES = ("visitors", *COUNT_COLUMNS)
STEP = {"day": dt.timedelta(days=1), "hour": dt.timedelta(hours=1)}
#: Hours in a bucket.
HOURS = {"day": 24, "hour": 1}
#: The most buckets one report may have.
MAX_BUCKETS = 2000


@dataclass(frozen=True)
class Scope:
    """Whose events: a fair, from (inclusive) to (exclusive), and for an exhibitor only its booths.
    `rollups=False` reads every event itself (what the rollup must equal; the tests compare)."""

    fair_id: int
    start: dt.datetime
    end: dt.datetime
    booths: Sequence[str] | None = None
    rollups: bool = True


@dataclass(frozen=True)
class Parts:
    """Where a scope's figures come from: the rollup of the hours [first, end), the events of `raw`."""

    first: int
    end: int
    raw: tuple[tuple[dt.datetime, dt.datetime], ...]


def parts(session: Session, scope: Scope, now: dt.datetime | None = None) -> Parts:
    """Splits the scope into the closed whole hours (rolled up here when they are not yet) and the
    rest, read from the events."""
    start, end = scope.start.astimezone(dt.UTC), scope.end.astimezone(dt.UTC)
    first = hour_of(start) + (hour_start(hour_of(start)) < start)
    last = min(hour_of(end), closed_before(now or utcnow()))
    if not scope.rollups or first >= last:
        return Parts(0, 0, ((start, end),))
    roll_up(session, scope.fair_id, first, last)
    raw = ((start, hour_start(first)), (hour_start(last), end))
    return Parts(first, last, tuple((a, b) for a, b in raw if a < b))


def _union(queries: list[Rows]) -> Subquery:
    return (queries[0] if len(queries) == 1 else union_all(*queries)).subquery()


def _rolled(table: Any, scope: Scope, found: Parts, *columns: str) -> list[Rows]:
    """The rollup rows of the scope's closed hours (none when there are none)."""
    if found.first >= found.end:
        return []
    query = select(*(getattr(table, name) for name in ("hour", *columns))).where(
        table.fair_id == scope.fair_id, table.hour >= found.first, table.hour < found.end
    )
    if scope.booths is not None and hasattr(table, "booth_number"):
        query = query.where(table.booth_number.in_(list(scope.booths)))
    return [query]


def _raw(
    make: Any, session: Session, scope: Scope, found: Parts, *columns: str, **options: Any
) -> list[Rows]:
    out = []
    for a, b in found.raw:
        query = make(session, scope.fair_id, a, b, **options).subquery()
        out.append(select(*(query.c[name] for name in ("hour", *columns))))
    return out


def _counts(session: Session, scope: Scope, found: Parts) -> Subquery:
    """(hour, booth_number, COUNT_COLUMNS...) rows of the scope, from the rollup and the events."""
    columns = ("booth_number", *COUNT_COLUMNS)
    rolled = _rolled(RollupCount, scope, found, *columns)
    return _union(rolled + _raw(raw_counts, session, scope, found, *columns, booths=scope.booths))


def _visitors(session: Session, scope: Scope, found: Parts) -> Subquery:
    """(hour, visitor_key) rows of the scope: the fair's visitors, or those at the exhibitor's booths."""
    if scope.booths is None:
        rolled = _rolled(RollupVisitor, scope, found, "visitor_key")
    else:
        rolled = _rolled(RollupBoothVisitor, scope, found, "visitor_key")
    return _union(rolled + _raw(raw_visitors, session, scope, found, "visitor_key", booths=scope.booths))


def _booth_visitors(session: Session, scope: Scope, found: Parts) -> Subquery:
    columns = ("booth_number", "visitor_key")
    rolled = _rolled(RollupBoothVisitor, scope, found, *columns)
    return _union(rolled + _raw(raw_booth_visitors, session, scope, found, *columns, booths=scope.booths))


def _sums(counts: Subquery) -> list[ColumnElement[Any]]:
    return [func.coalesce(func.sum(counts.c[name]), 0) for name in COUNT_COLUMNS]


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


def _as_dict(values: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(MEASURES, values, strict=True):
        out[name] = round(float(value or 0), 3) if name == "dwell_seconds" else int(value or 0)
    return out


def totals(session: Session, scope: Scope) -> dict[str, Any]:
    """Each measure over the whole scope (visitors counted once however many buckets they were in)."""
    found = parts(session, scope)
    counts, visitors = _counts(session, scope, found), _visitors(session, scope, found)
    row = session.execute(select(*_sums(counts))).one()
    distinct_visitors = session.scalar(select(func.count(distinct(visitors.c.visitor_key))))
    return _as_dict([distinct_visitors, *row])


def series(session: Session, scope: Scope, by: str) -> list[dict[str, Any]]:
    """Each measure per UTC day or hour, every bucket of the range present (zeros where none)."""
    found = parts(session, scope)
    counts, visitors = _counts(session, scope, found), _visitors(session, scope, found)
    hours = HOURS[by]
    bucket = (counts.c.hour // hours).label("bucket")
    sums = {row[0]: row[1:] for row in session.execute(select(bucket, *_sums(counts)).group_by(bucket))}
    bucket = (visitors.c.hour // hours).label("bucket")
    people: dict[Any, int] = dict(
        session.execute(select(bucket, func.count(distinct(visitors.c.visitor_key))).group_by(bucket)).all()
    )
    out = []
    for start in bucket_starts(scope.start, scope.end, by):
        key = hour_of(start) // hours
        out.append(
            {"start": start, **_as_dict([people.get(key, 0), *sums.get(key, [0] * len(COUNT_COLUMNS))])}
        )
    return out


def booths(session: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Per booth (the `limit` with the most booth visits): visitors, booth visits, dwell time in total
    and per visit, product views and meeting requests."""
    found = parts(session, scope)
    counts = _counts(session, scope, found)
    sums = _sums(counts)
    rows = session.execute(
        select(counts.c.booth_number, *sums)
        .where(counts.c.booth_number != "")
        .group_by(counts.c.booth_number)
        .order_by(sums[1].desc(), counts.c.booth_number)
        .limit(limit)
    ).all()
    if not rows:
        return []
    top = [row[0] for row in rows]
    visitors = _booth_visitors(session, Scope(scope.fair_id, scope.start, scope.end, top), found)
    people: dict[Any, int] = dict(
        session.execute(
            select(visitors.c.booth_number, func.count(distinct(visitors.c.visitor_key))).group_by(
                visitors.c.booth_number
            )
        ).all()
    )
    out = []
    for row in rows:
        numbers = _as_dict([people.get(row[0], 0), *row[1:]])
        del numbers["visits"]
        visits = numbers["booth_visits"]
        numbers["mean_dwell_seconds"] = round(numbers["dwell_seconds"] / visits, 3) if visits else 0.0
        out.append({"booth": row[0], **numbers})
    return out


def position_grid(session: Session, scope: Scope, hall: str, grid: Grid) -> dict[tuple[int, int], int]:
    """How many `position` events of `hall` fell in each grid cell: {(column, row): count}, column i
    covering plan x in [x0 + i·cell, x0 + (i+1)·cell) and row j plan y likewise from y0 (north up).

    Counted per CELL-metre cell of the plan (from the rollup and the events), then summed into the
    grid's cells: the grid's origin and cell must be whole CELLs, as heatmap.grid_for makes them."""
    (x0, y0), (nx, ny), cell = grid.origin, grid.cells, grid.cell
    origin_x, origin_y, per_cell = round(x0 / CELL), round(y0 / CELL), round(cell / CELL)
    if (origin_x * CELL, origin_y * CELL, per_cell * CELL) != (x0, y0, cell) or per_cell < 1:
        raise ValueError(f"the heatmap grid {grid} is not made of whole {CELL:g} m cells")
    found = parts(session, scope)
    chunks: list[np.ndarray] = []
    if found.first < found.end:
        packed = session.scalars(
            select(RollupCell.cells).where(
                RollupCell.fair_id == scope.fair_id,
                RollupCell.hour >= found.first,
                RollupCell.hour < found.end,
                RollupCell.hall == hall,
            )
        )
        chunks.extend(unpack_cells(data) for data in packed)
    for a, b in found.raw:
        raw = raw_cells(session, scope.fair_id, a, b, hall, per_hour=False).subquery()
        rows = session.execute(select(raw.c.cell_x, raw.c.cell_y, raw.c.positions)).all()
        chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    cells = np.concatenate(chunks) if chunks else np.zeros((0, 3), dtype=np.int64)
    i, j = (cells[:, 0] - origin_x) // per_cell, (cells[:, 1] - origin_y) // per_cell
    inside = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
    counts = np.zeros((nx, ny), dtype=np.int64)
    np.add.at(counts, (i[inside], j[inside]), cells[inside, 2])
    return {(int(a), int(b)): int(counts[a, b]) for a, b in zip(*np.nonzero(counts), strict=True)}
