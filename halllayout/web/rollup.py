"""The hourly rollup of analytics events, so reports over a long fair read a few rows per hour instead
of every event.

An hour of a fair is rolled up once it is closed, ROLLUP_DELAY after its end: its counted events become
per-booth counts (`rollup_counts`), its visitors one row each (`rollup_visitors`, and per booth
`rollup_booth_visitors`: distinct visitors over any span stay exact, counted again from these rows), and
its positions counts per heatmap.CELL-metre cell of each hall (`rollup_cells`, the cells of an hall and
hour packed in one row: a day's heatmap reads 24 rows, not a row per cell and hour). Reports
(analytics_report.py) roll up the closed hours they need when they first need them, then read the
rollup for those hours and the events themselves for the rest (the open hour, and the parts of hours
at the edges of the report's span), grouped the same way.

Rolling up is idempotent and safe when two do it at once: an hour is claimed by inserting its
`rollup_hours` row (INSERT ... ON CONFLICT DO NOTHING, the primary key decides), and its rows are
written in the same transaction. An event that comes in for an hour already closed (the ingest takes
events up to a day old) marks the hour stale in the ingest's own transaction (`mark_late`), and the
next report rolls the hour up again: the upsert waits for a rollup of that hour still under way, so no
late event is missed. ROLLUP_DELAY, longer than any ingest transaction, keeps an hour open until the
events posted before its end are committed.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from halllayout.web.events import KINDS
from halllayout.web.heatmap import CELL
from halllayout.web.models import (
    Event,
    RollupBoothVisitor,
    RollupCell,
    RollupCount,
    RollupHour,
    RollupVisitor,
)

#: A SELECT of rows of any columns.
Rows = Select[*tuple[Any, ...]]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
#: How long after its end an hour is rolled up (longer than an ingest transaction, lock waits included).
ROLLUP_DELAY = dt.timedelta(minutes=2)
#: The most hours rolled up in one transaction (SQLite writers wait for it).
HOURS_PER_TRANSACTION = 6
#: The most hours without events claimed in one statement.
EMPTY_HOURS_PER_STATEMENT = 500
#: The kinds the figures count: positions (most of the events) are only for the heatmap, so a visitor
#: is counted in a bucket when it started a visit or did something at a booth in it.
COUNTED = tuple(kind for kind in KINDS if kind != "position")
#: rollup_counts' measures, each as summed from the events.
COUNT_COLUMNS = (
    "visits",
    "booth_visits",
    "dwell_seconds",
    "product_views",
    "new_product_views",
    "meeting_requests",
)
ROLLUPS = (RollupCount, RollupVisitor, RollupBoothVisitor, RollupCell)


def hour_of(at: dt.datetime) -> int:
    """The number of the UTC hour `at` falls in (hours since 1970-01-01T00:00Z)."""
    return int((at.astimezone(dt.UTC) - EPOCH) // HOUR)


def hour_start(hour: int) -> dt.datetime:
    """When hour number `hour` starts."""
    return EPOCH + hour * HOUR


def closed_before(now: dt.datetime) -> int:
    """The first hour not yet closed at `now`: hours before it may be rolled up."""
    return hour_of(now - ROLLUP_DELAY)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def event_hour(session: Session) -> ColumnElement[int]:
    """An event's hour number, in SQL."""
    if _postgres(session):
        return cast(func.floor(func.extract("epoch", Event.at) / 3600), Integer)
    # SQLite keeps times as text, "2026-03-01 09:59:59.999999"; its date functions round that to the
    # millisecond (10:00:00), so the hour is read from the text, as the range comparisons do
    hour_text = func.substr(Event.at, 1, 13).concat(":00:00")
    return cast(func.strftime("%s", hour_text), Integer) // 3600


def _hour(session: Session, start: dt.datetime, end: dt.datetime) -> ColumnElement[int]:
    """The hour of the events of [start, end): a constant when that is within one hour (cheaper to
    group by), else `event_hour`."""
    hour = hour_of(start)
    if hour == hour_of(end - dt.timedelta(microseconds=1)):
        return literal_column(str(hour), Integer)
    return event_hour(session)


def _cell(session: Session, coordinate: Any) -> ColumnElement[int]:
    """The CELL-metre cell a plan coordinate falls in (floored, also below zero), in SQL."""
    scaled = coordinate / CELL
    if _postgres(session):
        return cast(func.floor(scaled), Integer)
    truncated = cast(scaled, Integer)  # SQLite's CAST truncates towards zero
    return truncated - case((scaled < truncated, 1), else_=0)


def _events(fair_id: int, start: dt.datetime, end: dt.datetime, kinds: Sequence[str]) -> list[Any]:
    return [Event.fair_id == fair_id, Event.kind.in_(kinds), Event.at >= start, Event.at < end]


def _count(kind: str) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((Event.kind == kind, 1), else_=0)), 0)


def raw_counts(
    session: Session, fair_id: int, start: dt.datetime, end: dt.datetime, booths: Sequence[str] | None = None
) -> Rows:
    """rollup_counts' rows (fair_id, hour, booth_number, COUNT_COLUMNS...) made from the events of
    [start, end), only of `booths` when given."""
    dwell = func.coalesce(func.sum(case((Event.kind == "booth_visit", Event.value), else_=0.0)), 0.0)
    query = select(
        Event.fair_id,
        _hour(session, start, end).label("hour"),
        Event.booth_number,
        _count("visit").label("visits"),
        _count("booth_visit").label("booth_visits"),
        dwell.label("dwell_seconds"),
        _count("product_view").label("product_views"),
        _count("new_product_view").label("new_product_views"),
        _count("meeting_request").label("meeting_requests"),
    ).where(*_events(fair_id, start, end, COUNTED))
    if booths is not None:
        query = query.where(Event.booth_number.in_(list(booths)))
    # grouped by the label: to PostgreSQL the same expression with its parameters bound twice differs
    return query.group_by(Event.fair_id, text("hour"), Event.booth_number)


def raw_visitors(
    session: Session, fair_id: int, start: dt.datetime, end: dt.datetime, booths: Sequence[str] | None = None
) -> Rows:
    """rollup_visitors' rows (fair_id, hour, visitor_key) made from the events of [start, end); with
    `booths`, those who did something at one of them."""
    query = select(Event.fair_id, _hour(session, start, end).label("hour"), Event.visitor_key)
    query = query.where(*_events(fair_id, start, end, COUNTED))
    if booths is not None:
        query = query.where(Event.booth_number.in_(list(booths)))
    return query.group_by(Event.fair_id, text("hour"), Event.visitor_key)


def raw_booth_visitors(
    session: Session, fair_id: int, start: dt.datetime, end: dt.datetime, booths: Sequence[str] | None = None
) -> Rows:
    """rollup_booth_visitors' rows (fair_id, hour, booth_number, visitor_key) from [start, end)."""
    query = select(
        Event.fair_id, _hour(session, start, end).label("hour"), Event.booth_number, Event.visitor_key
    )
    query = query.where(*_events(fair_id, start, end, COUNTED), Event.booth_number != "")
    if booths is not None:
        query = query.where(Event.booth_number.in_(list(booths)))
    return query.group_by(Event.fair_id, text("hour"), Event.booth_number, Event.visitor_key)


def raw_cells(
    session: Session,
    fair_id: int,
    start: dt.datetime,
    end: dt.datetime,
    hall: str | None = None,
    per_hour: bool = True,
) -> Rows:
    """Rows (fair_id, hour, hall, cell_x, cell_y, positions) of positions in [start, end) per cell, of
    one hall when given; per hour, or all in one (hour 0) when not `per_hour`."""
    hour = _hour(session, start, end) if per_hour else literal_column("0", Integer)
    query = select(
        Event.fair_id,
        hour.label("hour"),
        Event.hall,
        _cell(session, Event.x).label("cell_x"),
        _cell(session, Event.y).label("cell_y"),
        func.count().label("positions"),
    ).where(*_events(fair_id, start, end, ("position",)), Event.x.is_not(None), Event.y.is_not(None))
    if hall is not None:
        query = query.where(Event.hall == hall)
    return query.group_by(Event.fair_id, text("hour"), Event.hall, text("cell_x"), text("cell_y"))


#: The rollups made in SQL, INSERT ... SELECT (the cells are packed in Python: `_roll_up_cells`).
RAW = {RollupCount: raw_counts, RollupVisitor: raw_visitors, RollupBoothVisitor: raw_booth_visitors}


def pack_cells(cells: np.ndarray) -> bytes:
    """The bytes of rollup_cells.cells for `cells`: (n, 3) int, rows of (cell x, cell y, positions),
    sorted south to north then west to east, as little-endian int32 columns one after the other,
    zlib-compressed.

    >>> unpack_cells(pack_cells(np.array([[0, 0, 5], [3, -1, 2]]))).tolist()
    [[3, -1, 2], [0, 0, 5]]
    """
    cells = np.asarray(cells, dtype=np.int64).reshape(-1, 3)
    cells = cells[np.lexsort((cells[:, 0], cells[:, 1]))]
    return zlib.compress(np.ascontiguousarray(cells.T, dtype="<i4").tobytes(), 1)


def unpack_cells(data: bytes) -> np.ndarray:
    """(n, 3) int64 rows of (cell x, cell y, positions) from pack_cells' bytes."""
    columns = np.frombuffer(zlib.decompress(data), dtype="<i4").reshape(3, -1)
    return columns.T.astype(np.int64)


def _roll_up_cells(session: Session, fair_id: int, start: dt.datetime, end: dt.datetime) -> None:
    """rollup_cells' rows for the hours [start, end): a row per hour and hall with positions."""
    rows = session.execute(raw_cells(session, fair_id, start, end)).all()
    by_hall: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for _fair, hour, hall, cell_x, cell_y, positions in rows:
        by_hall.setdefault((int(hour), hall), []).append((int(cell_x), int(cell_y), int(positions)))
    if by_hall:
        session.execute(
            insert(RollupCell),
            [
                {
                    "fair_id": fair_id,
                    "hour": hour,
                    "hall": hall,
                    "positions": sum(n for _x, _y, n in cells),
                    "cells": pack_cells(np.array(cells, dtype=np.int64)),
                }
                for (hour, hall), cells in sorted(by_hall.items())
            ],
        )


def _insert(session: Session) -> Any:
    return postgresql.insert if _postgres(session) else sqlite.insert


def _runs(hours: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Runs of consecutive hours as [first, end) pairs, at most HOURS_PER_TRANSACTION long."""
    first = end = None
    for hour in sorted(hours):
        if first is not None and end is not None and hour == end and end - first < HOURS_PER_TRANSACTION:
            end += 1
            continue
        if first is not None and end is not None:
            yield first, end
        first, end = hour, hour + 1
    if first is not None and end is not None:
        yield first, end


def _claim(session: Session, fair_id: int, hours: Sequence[int], stale: bool = True) -> list[int]:
    """Claims the hours not rolled up yet (and those stale, with `stale`) in this transaction; the
    hours claimed."""
    claimed = list(
        session.scalars(
            _insert(session)(RollupHour)
            .values([{"fair_id": fair_id, "hour": hour, "stale": False} for hour in hours])
            .on_conflict_do_nothing(index_elements=["fair_id", "hour"])
            .returning(RollupHour.hour)
        )
    )
    for hour in sorted(set(hours) - set(claimed)) if stale else ():
        result = session.execute(
            update(RollupHour)
            .where(RollupHour.fair_id == fair_id, RollupHour.hour == hour, RollupHour.stale.is_(True))
            .values(stale=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            for table in ROLLUPS:
                session.execute(delete(table).where(table.fair_id == fair_id, table.hour == hour))
            claimed.append(hour)
    return claimed


def _event_span(session: Session, fair_id: int) -> tuple[int, int] | None:
    """The first and last hour with events of the fair (None when it has none), each kind's read off
    the (fair_id, kind, at) index."""
    hours = []
    for kind in KINDS:
        where = (Event.fair_id == fair_id, Event.kind == kind)
        low = session.scalar(select(func.min(Event.at)).where(*where))
        high = session.scalar(select(func.max(Event.at)).where(*where))
        hours += [hour_of(_aware(at)) for at in (low, high) if at is not None]
    return (min(hours), max(hours)) if hours else None


def _aware(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at  # SQLite gives times back naive


def roll_up(session: Session, fair_id: int, first: int, end: int) -> int:
    """Rolls up the hours [first, end) of the fair that are not (or are stale), committing every few
    hours; returns how many it rolled up. Hours another rollup has done or is doing are left to it."""
    done = set(
        session.scalars(
            select(RollupHour.hour).where(
                RollupHour.fair_id == fair_id,
                RollupHour.hour >= first,
                RollupHour.hour < end,
                RollupHour.stale.is_(False),
            )
        )
    )
    wanted = [hour for hour in range(first, end) if hour not in done]
    if not wanted:
        return 0
    span = _event_span(session, fair_id)
    empty = [hour for hour in wanted if span is None or not span[0] <= hour <= span[1]]
    rolled = 0
    for at in range(0, len(empty), EMPTY_HOURS_PER_STATEMENT):
        # no events (a stale one has: left to the next rollup, which will see them)
        rolled += len(_claim(session, fair_id, empty[at : at + EMPTY_HOURS_PER_STATEMENT], stale=False))
        session.commit()
    for run_first, run_end in _runs(sorted(set(wanted) - set(empty))):
        claimed = _claim(session, fair_id, range(run_first, run_end))
        for hour in sorted(claimed):  # an hour at a time: its number is a constant to the database
            start, stop = hour_start(hour), hour_start(hour + 1)
            for table, raw in RAW.items():
                source = raw(session, fair_id, start, stop)
                columns = [column.name for column in source.selected_columns]
                session.execute(insert(table).from_select(columns, source))
            _roll_up_cells(session, fair_id, start, stop)
        session.commit()
        rolled += len(claimed)
    return rolled


def mark_late(session: Session, fair_id: int, times: Iterable[dt.datetime], now: dt.datetime) -> None:
    """Marks stale, in the caller's transaction, the hours of `times` (events being stored) that had
    ended by `now`, so that the hours they fall in are rolled up again."""
    late = sorted({hour for hour in map(hour_of, times) if hour_start(hour + 1) <= now})
    if not late:
        return
    session.execute(
        _insert(session)(RollupHour)
        .values([{"fair_id": fair_id, "hour": hour, "stale": True} for hour in late])
        .on_conflict_do_update(index_elements=["fair_id", "hour"], set_={"stale": True})
    )
