"""The hourly analytics rollup (halllayout/web/rollup.py) read by the reports (analytics_report.py): the
figures from the rollup equal those from the events themselves, across hour boundaries, spans that cut
hours, the open hour, rollups done twice or at once, and late events; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from halllayout.web import db
from halllayout.web.analytics_report import Scope, booths, parts, position_grid, series, totals
from halllayout.web.heatmap import Grid, grid_for
from halllayout.web.models import Job, RollupCell, RollupCount, RollupHour, RollupVisitor
from halllayout.web.rollup import ROLLUP_DELAY, closed_before, hour_of, hour_start, roll_up
from halllayout.web.site import site_fair
from tests.web.conftest import ApiClient, add_events

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def ev(kind: str, when: str | dt.datetime, visitor: str, **fields: Any) -> dict[str, Any]:
    moment = at(when) if isinstance(when, str) else when
    return {"kind": kind, "at": moment, "visitor_key": visitor, **fields}


#: Two hours and a bit of a fair: visitor a on both sides of 10:00, b only before, c only after.
EVENTS = [
    ev("visit", "2026-03-01T09:05:00", "a"),
    ev("booth_visit", "2026-03-01T09:10:00", "a", booth_number="A0101", value=30.25),
    ev("booth_visit", "2026-03-01T09:59:59.999999", "b", booth_number="A0101", value=12.5),
    ev("product_view", "2026-03-01T09:59:59", "b", booth_number="A0102", product_id="EX1/1"),
    ev("booth_visit", "2026-03-01T10:00:00", "a", booth_number="A0102", value=7.75),
    ev("new_product_view", "2026-03-01T10:00:00", "c", booth_number="A0101", product_id="EX0/2"),
    ev("meeting_request", "2026-03-01T10:45:00", "c", booth_number="A0101"),
    ev("visit", "2026-03-01T11:20:00", "d"),
    ev("position", "2026-03-01T09:30:00", "a", hall="A", x=0.0, y=0.0),
    ev("position", "2026-03-01T09:59:59", "a", hall="A", x=1.99, y=0.5),
    ev("position", "2026-03-01T10:00:00", "a", hall="A", x=2.0, y=0.5),
    ev("position", "2026-03-01T10:20:00", "c", hall="A", x=29.5, y=19.999),
    ev("position", "2026-03-01T10:20:00", "c", hall="A", x=-0.5, y=3.0),  # west of the hall
    ev("position", "2026-03-01T10:21:00", "c", hall="B", x=1.0, y=1.0),  # another hall
]

#: The test hall's heatmap grid (30 m × 20 m, 1 m cells).
GRID = Grid((0.0, 0.0), (30, 20), 1.0)


def report(session: Any, scope: Scope, by: str) -> dict[str, Any]:
    return {
        "totals": totals(session, scope),
        "series": series(session, scope, by),
        "booths": booths(session, scope, 10),
        "cells": position_grid(session, scope, "A", GRID),
    }


def both(app: Flask, fair_id: int, start: str, end: str, booths_: list[str] | None, by: str) -> Any:
    """The report from the rollup and from the events alone."""
    with app.app_context():
        session = db.session()
        rolled = report(session, Scope(fair_id, at(start), at(end), booths_), by)
        raw = report(session, Scope(fair_id, at(start), at(end), booths_, rollups=False), by)
    return rolled, raw


def test_the_rollup_gives_the_figures_of_the_events_across_an_hour_boundary(app: Flask) -> None:
    fair_id = add_events(app, EVENTS)
    rolled, raw = both(app, fair_id, "2026-03-01T00:00:00", "2026-03-02T00:00:00", None, "hour")
    assert rolled == raw
    assert rolled["totals"] == {
        "visitors": 4,  # a is in hours 9 and 10, counted once
        "visits": 2,
        "booth_visits": 3,
        "dwell_seconds": 50.5,
        "product_views": 1,
        "new_product_views": 1,
        "meeting_requests": 1,
    }
    by_hour = {
        s["start"].hour: (s["visitors"], s["booth_visits"], s["dwell_seconds"]) for s in rolled["series"]
    }
    assert (by_hour[9], by_hour[10], by_hour[11], by_hour[12]) == (
        (2, 2, 42.75),
        (2, 1, 7.75),
        (1, 0, 0.0),
        (0, 0, 0.0),
    )
    a0101 = next(b for b in rolled["booths"] if b["booth"] == "A0101")
    assert (a0101["visitors"], a0101["booth_visits"], a0101["mean_dwell_seconds"]) == (3, 2, 21.375)
    assert rolled["cells"] == {(0, 0): 1, (1, 0): 1, (2, 0): 1, (29, 19): 1}

    with app.app_context():  # it was read from the rollup: every hour of the day is rolled up once
        session = db.session()
        assert session.scalar(select(func.count()).select_from(RollupHour)) == 24
        assert session.scalar(select(func.count()).select_from(RollupVisitor)) == 5  # a twice
        assert session.scalar(select(func.sum(RollupCell.positions))) == 6  # halls A and B
        assert session.scalar(select(func.count()).select_from(RollupCell)) == 3  # A at 9 and 10, B
        rolled_days = series(session, Scope(fair_id, at("2026-03-01T00:00"), at("2026-03-02T00:00")), "day")
    assert [(s["visitors"], s["visits"]) for s in rolled_days] == [(4, 2)]


def test_spans_that_cut_hours_and_an_exhibitors_booths_read_the_events_at_the_edges(app: Flask) -> None:
    fair_id = add_events(app, EVENTS)
    for start, end, booths_ in (
        ("2026-03-01T09:30:00", "2026-03-01T10:30:00", None),  # no whole hour
        ("2026-03-01T09:30:00", "2026-03-01T11:30:00", None),  # hour 10 whole, the rest cut
        ("2026-03-01T09:59:59.999999", "2026-03-01T11:00:00", ["A0101"]),
        ("2026-02-28T00:00:00", "2026-03-03T00:00:00", ["A0102", "A0199"]),
    ):
        for by in ("hour", "day"):
            rolled, raw = both(app, fair_id, start, end, booths_, by)
            assert rolled == raw, (start, end, booths_, by)
    rolled, _ = both(app, fair_id, "2026-03-01T09:30:00", "2026-03-01T11:30:00", ["A0101"], "hour")
    assert (rolled["totals"]["visitors"], rolled["totals"]["booth_visits"]) == (2, 1)  # b at 09:59, c


def test_the_open_hour_is_read_from_the_events(app: Flask) -> None:
    now = dt.datetime.now(UTC)
    closing = hour_start(closed_before(now) + 1) + ROLLUP_DELAY  # when the open hour closes
    if closing - now < dt.timedelta(seconds=20):  # not while the test runs
        time.sleep((closing - now).total_seconds() + 0.1)
        now = dt.datetime.now(UTC)
    open_hour = hour_start(closed_before(now))
    closed = open_hour - dt.timedelta(minutes=30)
    fair_id = add_events(
        app,
        [
            ev("visit", closed, "a"),
            ev("booth_visit", closed, "a", booth_number="A0101", value=5.0),
            ev("booth_visit", open_hour, "a", booth_number="A0101", value=6.0),
            ev("visit", min(now, open_hour + dt.timedelta(minutes=1)), "b"),
        ],
    )
    start, end = open_hour - dt.timedelta(hours=2), open_hour + dt.timedelta(hours=2)
    with app.app_context():
        session = db.session()
        found = parts(session, Scope(fair_id, start, end), now)
        assert (found.first, found.end) == (hour_of(start), hour_of(open_hour))
        assert found.raw == ((open_hour, end),)
        for by in ("hour", "day"):
            rolled = report(session, Scope(fair_id, start, end), by)
            assert rolled == report(session, Scope(fair_id, start, end, rollups=False), by)
        assert rolled["totals"]["booth_visits"] == 2 and rolled["totals"]["visitors"] == 2
        assert session.scalar(select(func.max(RollupHour.hour))) == hour_of(open_hour) - 1


def test_rolling_up_twice_or_at_once_does_not_double_count(app: Flask) -> None:
    fair_id = add_events(app, EVENTS)
    first, end = hour_of(at("2026-03-01T08:00")), hour_of(at("2026-03-01T13:00"))
    sessions = app.extensions["halllayout.db"]
    rolled: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with sessions() as session:
                rolled.append(roll_up(session, fair_id, first, end))
        except Exception as error:  # handed to the test thread
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(rolled) == 4 and sum(rolled) == 5  # each hour by one of them
    with sessions() as session:
        assert roll_up(session, fair_id, first, end) == 0  # and again: nothing to do
        visits = session.scalar(select(func.sum(RollupCount.visits)).where(RollupCount.fair_id == fair_id))
        assert visits == 2
        assert session.scalar(select(func.sum(RollupCell.positions))) == 6
    rolled_report, raw = both(app, fair_id, "2026-03-01T08:00:00", "2026-03-01T13:00:00", None, "hour")
    assert rolled_report == raw


def beacon(api: ApiClient, events: list[dict[str, Any]]) -> None:
    body = json.dumps({"events": events})
    response = api.client.post("/api/events", data=body, content_type="text/plain;charset=UTF-8")
    assert response.status_code == 202, response.get_json()


def test_a_late_event_for_a_rolled_up_hour_is_counted_after_the_hour_is_rolled_up_again(
    api: ApiClient, app: Flask, organiser: tuple[str, str]
) -> None:
    now = dt.datetime.now(UTC)
    hour = closed_before(now - ROLLUP_DELAY) - 2  # closed well before now
    late = hour_start(hour) + dt.timedelta(minutes=20)
    beacon(api, [{"kind": "booth_visit", "at": late.isoformat(), "booth": "A0101", "value": 10.0}])
    start, end = hour_start(hour), hour_start(hour + 1)
    url = f"/api/organiser/analytics?from={start.isoformat()}&to={end.isoformat()}".replace("+00:00", "Z")
    api.as_organiser()
    before = api.get(url).get_json()["totals"]
    assert before["booth_visits"] == 1
    with app.app_context():
        marker = db.session().scalars(select(RollupHour).where(RollupHour.hour == hour)).one()
        assert marker.stale is False

    visitor = ApiClient(app.test_client())  # another browser, whose batch comes in late
    beacon(visitor, [{"kind": "booth_visit", "at": late.isoformat(), "booth": "A0101", "value": 2.5}])
    with app.app_context():
        marker = db.session().scalars(select(RollupHour).where(RollupHour.hour == hour)).one()
        assert marker.stale is True  # marked in the ingest's transaction
    after = api.get(url).get_json()["totals"]
    assert (after["booth_visits"], after["dwell_seconds"], after["visitors"]) == (2, 12.5, 2)
    with app.app_context():
        session = db.session()
        fair_id = site_fair().id
        assert session.scalars(select(RollupHour.stale).where(RollupHour.hour == hour)).one() is False
        rows = session.scalars(select(RollupCount).where(RollupCount.hour == hour)).all()
        assert [(r.booth_number, r.booth_visits, r.dwell_seconds) for r in rows] == [("A0101", 2, 12.5)]
        raw = totals(session, Scope(fair_id, start, end, rollups=False))
    assert after == raw


def test_storing_events_after_an_hour_closed_queues_the_rollup_once(api: ApiClient, app: Flask) -> None:
    earlier = dt.datetime.now(UTC) - dt.timedelta(hours=5)
    beacon(api, [{"kind": "visit", "at": earlier.isoformat()}])
    beacon(api, [{"kind": "visit", "at": earlier.isoformat()}])
    with app.app_context():
        session = db.session()
        jobs = session.scalars(select(Job).where(Job.kind == "analytics_rollup")).all()
        assert [(job.status, job.result["hours"]) for job in jobs] == [("done", 24)]  # the second: none
        visits = session.scalar(
            select(func.sum(RollupCount.visits)).where(RollupCount.hour == hour_of(earlier))
        )
        assert visits == 1  # the job ran after the first batch; the second, late, marked the hour stale
        stale = session.scalars(select(RollupHour.stale).where(RollupHour.hour == hour_of(earlier))).one()
        assert stale is True


def test_heatmap_grids_are_made_of_whole_rollup_cells() -> None:
    hall = {"id": "X", "outline": [[-3.5, 2.25], [796.5, 2.25], [796.5, 402.25], [-3.5, 402.25]]}
    grid = grid_for(hall)
    assert grid == Grid((-4.0, 2.0), (401, 201), 2.0)  # 800 m wide: 2 m cells, from whole metres
    x0, y0, x1, y1 = grid.extent
    assert x0 <= -3.5 and y0 <= 2.25 and x1 >= 796.5 and y1 >= 402.25
