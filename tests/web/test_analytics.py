"""Analytics (halllayout/web/analytics.py): batches of events in, figures, CSV and heatmaps out, on
SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import func, select

from halllayout.web import db
from halllayout.web.models import Event
from tests.web.conftest import ApiClient, add_events, booth_numbers

UTC = dt.UTC


def ago(**delta: float) -> str:
    """An ISO 8601 time that long before now."""
    return (dt.datetime.now(UTC) - dt.timedelta(**delta)).isoformat()


def stored(app: Flask) -> list[Event]:
    with app.app_context():
        return list(db.session().scalars(select(Event).order_by(Event.id)))


def beacon(api: ApiClient, batch: Any, **kwargs: Any) -> Any:
    """Posts a batch as navigator.sendBeacon does: a text/plain body, no CSRF header."""
    body = batch if isinstance(batch, str) else json.dumps(batch)
    return api.client.post("/api/events", data=body, content_type="text/plain;charset=UTF-8", **kwargs)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_batch_is_stored_one_row_per_event_for_this_browser(api: ApiClient, app: Flask) -> None:
    batch = {
        "events": [
            {"kind": "visit", "at": ago(seconds=30)},
            {"kind": "booth_visit", "at": ago(seconds=20), "hall": "A", "booth": "A0101", "value": 12.5},
            {"kind": "product_view", "at": ago(seconds=10), "booth": "A0101", "product": "EX1/1"},
            {"kind": "position", "at": ago(seconds=5), "hall": "A", "x": 3.5, "y": 4.25},
        ]
    }
    response = api.post("/api/events", batch)
    assert response.status_code == 202 and response.get_json() == {"stored": 4}
    events = stored(app)
    assert [e.kind for e in events] == ["visit", "booth_visit", "product_view", "position"]
    assert len({e.visitor_key for e in events}) == 1 and len(events[0].visitor_key) == 32
    assert (events[1].booth_number, events[1].value) == ("A0101", 12.5)
    assert (events[2].product_id, events[3].x, events[3].y, events[3].hall) == ("EX1/1", 3.5, 4.25, "A")
    assert api.post("/api/events", {"events": [{"kind": "visit", "at": ago(seconds=1)}]}).status_code == 202
    assert len({e.visitor_key for e in stored(app)}) == 1


@pytest.mark.parametrize(
    ("event", "field", "named"),
    [
        ({"kind": "wander", "at": None}, "events.1.kind", "'wander'"),
        ({"kind": "visit", "at": "yesterday"}, "events.1.at", "'yesterday'"),
        ({"kind": "visit", "at": "2020-01-01T00:00:00Z"}, "events.1.at", "2020-01-01"),
        ({"kind": "booth_visit", "at": None, "booth": "A0101", "value": -3}, "events.1.value", "-3"),
        ({"kind": "position", "at": None, "hall": "A", "x": "east", "y": 1}, "events.1.x", "'east'"),
        ({"kind": "position", "at": None, "hall": "A", "x": 1}, "events.1.y", "needs y"),
        ({"kind": "visit", "at": None, "colour": "red"}, "events.1.colour", "'red'"),
    ],
)
def test_a_bad_event_is_named_by_index_and_field_and_nothing_is_stored(
    api: ApiClient, app: Flask, event: dict[str, Any], field: str, named: str
) -> None:
    event = {**event, "at": event["at"] or ago(seconds=1)}
    response = beacon(api, {"events": [{"kind": "visit", "at": ago(seconds=2)}, event]})
    assert response.status_code == 422, response.get_json()
    error = response.get_json()
    assert error["field"] == field and named in error["error"], error
    assert stored(app) == []


def test_more_than_500_events_or_no_json_are_refused(api: ApiClient, app: Flask) -> None:
    many = {"events": [{"kind": "visit", "at": ago(seconds=1)}] * 501}
    response = beacon(api, many)
    assert response.status_code == 422 and response.get_json()["field"] == "events"
    assert "501" in response.get_json()["error"]
    assert beacon(api, {"events": many["events"][:500]}).get_json() == {"stored": 500}
    assert beacon(api, "{not json").status_code == 422
    assert beacon(api, {"events": []}).status_code == 422
    assert len(stored(app)) == 500


def test_a_beacon_needs_no_csrf_token_but_another_site_is_refused(api: ApiClient, app: Flask) -> None:
    batch = {"events": [{"kind": "visit", "at": ago(seconds=1)}]}
    assert beacon(api, batch).status_code == 202
    assert beacon(api, batch, headers={"Origin": "http://localhost"}).status_code == 202
    foreign = beacon(api, batch, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.get_json()["field"] == "Origin"
    assert len(stored(app)) == 2


def test_the_browser_clock_is_corrected_by_sent(api: ApiClient, app: Flask) -> None:
    skewed = dt.datetime.now(UTC) + dt.timedelta(hours=3)  # a browser three hours fast
    batch = {
        "sent": skewed.isoformat(),
        "events": [{"kind": "visit", "at": (skewed - dt.timedelta(seconds=60)).isoformat()}],
    }
    assert beacon(api, batch).status_code == 202
    (event,) = stored(app)
    kept = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    assert abs((dt.datetime.now(UTC) - kept).total_seconds() - 60) < 10


def test_reports_need_the_right_sign_in(
    api: ApiClient, new_api: Any, organiser: tuple[str, str], invite: Any
) -> None:
    urls = [
        "/api/organiser/analytics",
        "/api/organiser/analytics.csv",
        "/api/organiser/heatmap/A.png",
        "/api/exhibitor/analytics",
        "/api/exhibitor/analytics.csv",
    ]
    visitor = new_api().as_visitor()
    for url in urls:
        assert api.get(url).status_code == 401, url
        assert visitor.get(url).status_code == 401, url
    exhibitor = new_api().as_exhibitor(invite("EX1"))
    assert exhibitor.get("/api/organiser/heatmap/A.png").status_code == 401
    assert exhibitor.get("/api/organiser/analytics").status_code == 401
    assert exhibitor.get("/api/exhibitor/analytics").status_code == 200
    assert new_api().as_organiser().get("/api/organiser/analytics").status_code == 200


def test_organiser_totals_per_day_and_hour_are_exact(
    api: ApiClient, app: Flask, organiser: tuple[str, str]
) -> None:
    add_events(
        app,
        [
            {"kind": "visit", "at": at("2026-03-01T09:05:00"), "visitor_key": "a"},
            {"kind": "booth_visit", "at": at("2026-03-01T09:10:00"), "visitor_key": "a"}
            | {"booth_number": "A0101", "value": 30.0},
            {"kind": "booth_visit", "at": at("2026-03-01T10:00:00"), "visitor_key": "a"}
            | {"booth_number": "A0102", "value": 12.5},
            {"kind": "visit", "at": at("2026-03-01T10:59:59"), "visitor_key": "b"},
            {"kind": "product_view", "at": at("2026-03-01T11:00:00"), "visitor_key": "b"}
            | {"booth_number": "A0101", "product_id": "EX0/1"},
            {"kind": "new_product_view", "at": at("2026-03-02T00:00:00"), "visitor_key": "b"}
            | {"booth_number": "A0101", "product_id": "EX0/2"},
            {"kind": "meeting_request", "at": at("2026-03-02T23:59:59"), "visitor_key": "c"}
            | {"booth_number": "A0101"},
            {"kind": "position", "at": at("2026-03-02T12:00:00"), "visitor_key": "d", "hall": "A"}
            | {"x": 1.0, "y": 1.0},
            {"kind": "visit", "at": at("2026-03-03T00:00:00"), "visitor_key": "e"},  # after the range
            {"kind": "visit", "at": at("2026-02-28T23:59:59"), "visitor_key": "f"},  # before it
        ],
    )
    api.as_organiser()
    daily = api.get("/api/organiser/analytics?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z").get_json()
    assert daily["by"] == "day" and daily["booth_numbers"] is None
    assert daily["totals"] == {
        "visitors": 3,  # a, b, c: d only walked (positions are for the heatmap)
        "visits": 2,
        "booth_visits": 2,
        "dwell_seconds": 42.5,
        "product_views": 1,
        "new_product_views": 1,
        "meeting_requests": 1,
    }
    first, second = daily["series"]
    assert first["start"].startswith("2026-03-01T00:00:00") and second["start"].startswith("2026-03-02")
    assert (first["visitors"], first["visits"], first["booth_visits"], first["dwell_seconds"]) == (
        2,
        2,
        2,
        42.5,
    )
    assert (second["visitors"], second["new_product_views"], second["meeting_requests"]) == (2, 1, 1)
    top = daily["booths"][0]
    assert top["booth"] in ("A0101", "A0102") and top["booth_visits"] == 1
    a0101 = next(b for b in daily["booths"] if b["booth"] == "A0101")
    assert (a0101["visitors"], a0101["dwell_seconds"], a0101["mean_dwell_seconds"]) == (3, 30.0, 30.0)
    assert (a0101["product_views"], a0101["new_product_views"], a0101["meeting_requests"]) == (1, 1, 1)

    hourly = api.get("/api/organiser/analytics?from=2026-03-01T09:00:00Z&to=2026-03-01T12:00:00Z&by=hour")
    series = hourly.get_json()["series"]
    assert [s["start"][:13] for s in series] == ["2026-03-01T09", "2026-03-01T10", "2026-03-01T11"]
    assert [(s["visits"], s["booth_visits"], s["product_views"], s["visitors"]) for s in series] == [
        (1, 1, 0, 1),
        (1, 1, 0, 2),
        (0, 0, 1, 1),
    ]
    bad = api.get("/api/organiser/analytics?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z")
    assert bad.status_code == 422 and bad.get_json()["field"] == "from"
    assert api.get("/api/organiser/analytics?by=week").status_code == 422


def test_the_csv_has_a_header_and_a_row_per_bucket(api: ApiClient, app: Flask, organiser: Any) -> None:
    add_events(app, [{"kind": "visit", "at": at("2026-03-01T09:05:00"), "visitor_key": "a"}])
    response = api.as_organiser().get(
        "/api/organiser/analytics.csv?from=2026-03-01T00:00:00Z&to=2026-03-01T03:00:00Z&by=hour"
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == [
        "start",
        "visitors",
        "visits",
        "booth_visits",
        "dwell_seconds",
        "product_views",
        "new_product_views",
        "meeting_requests",
    ]
    assert [row["start"] for row in rows] == [
        "2026-03-01T00:00:00Z",
        "2026-03-01T01:00:00Z",
        "2026-03-01T02:00:00Z",
    ]
    daily = api.get("/api/organiser/analytics.csv?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z")
    (row,) = csv.DictReader(io.StringIO(daily.get_data(as_text=True)))
    assert (row["visitors"], row["visits"], row["booth_visits"]) == ("1", "1", "0")


def test_an_exhibitor_sees_only_its_own_booths(
    api: ApiClient, app: Flask, fair_dir: Path, invite: Any
) -> None:
    numbers = booth_numbers(fair_dir)
    mine, theirs = numbers["EX1"], numbers["EX2"]
    now = dt.datetime.now(UTC) - dt.timedelta(minutes=5)
    add_events(
        app,
        [
            {"kind": "visit", "at": now, "visitor_key": "a"},
            {"kind": "booth_visit", "at": now, "visitor_key": "a", "booth_number": mine, "value": 20.0},
            {"kind": "booth_visit", "at": now, "visitor_key": "b", "booth_number": mine, "value": 10.0},
            {"kind": "booth_visit", "at": now, "visitor_key": "c", "booth_number": theirs, "value": 99.0},
            {"kind": "meeting_request", "at": now, "visitor_key": "c", "booth_number": theirs},
        ],
    )
    report = api.as_exhibitor(invite("EX1")).get("/api/exhibitor/analytics").get_json()
    assert report["booth_numbers"] == [mine]
    assert report["totals"] == {
        "visitors": 2,
        "visits": None,
        "booth_visits": 2,
        "dwell_seconds": 30.0,
        "product_views": 0,
        "new_product_views": 0,
        "meeting_requests": 0,
    }
    assert [b["booth"] for b in report["booths"]] == [mine]
    assert report["booths"][0]["mean_dwell_seconds"] == 15.0
    rows = list(csv.DictReader(io.StringIO(api.get("/api/exhibitor/analytics.csv").get_data(as_text=True))))
    assert sum(int(row["booth_visits"]) for row in rows) == 2 and {row["visits"] for row in rows} == {""}


def test_the_heatmap_is_a_png_of_the_hall_hotter_where_visitors_walked(
    api: ApiClient, app: Flask, organiser: Any, fair_dir: Path
) -> None:
    now = dt.datetime.now(UTC) - dt.timedelta(minutes=5)
    # the test hall is 30 m × 20 m; visitors kept to its north-east corner (plan x 26..28, y 16..18)
    walked = [
        {
            "kind": "position",
            "at": now,
            "visitor_key": f"v{i}",
            "hall": "A",
            "x": 26.5 + i % 2,
            "y": 16.5 + i % 3,
        }
        for i in range(60)
    ]
    add_events(
        app, [*walked, {"kind": "position", "at": now, "visitor_key": "z", "hall": "B", "x": 2.0, "y": 2.0}]
    )
    api.as_organiser()
    response = api.get("/api/organiser/heatmap/A.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(response.data)).convert("RGB")
    width, height = image.size
    assert abs(width / height - 30 / 20) < 0.01
    scale = width / 30

    def redness(x: float, y: float) -> int:
        r, g, b = image.getpixel((int(x * scale), int((20 - y) * scale)))  # plan y north: image rows flip
        return int(r) - (int(g) + int(b)) // 2

    assert redness(27.5, 17.5) > redness(3, 3) + 60  # hot in the north-east, not in the south-west
    assert redness(27.5, 17.5) > redness(27.5, 3) + 60  # and not mirrored to the south
    missing = api.get("/api/organiser/heatmap/Z.png")
    assert missing.status_code == 404 and "Z" in missing.get_json()["error"]


def test_the_api_document_describes_the_endpoints(api: ApiClient) -> None:
    paths = api.get("/api/openapi.json").get_json()["paths"]
    assert "text/plain" in paths["/api/events"]["post"]["requestBody"]["content"]
    for path in ("/api/organiser/analytics", "/api/exhibitor/analytics", "/api/organiser/analytics.csv"):
        assert "get" in paths[path]


def test_a_visitor_key_is_not_personal(api: ApiClient, app: Flask) -> None:
    api.as_visitor()
    assert beacon(api, {"events": [{"kind": "visit", "at": ago(seconds=1)}]}).status_code == 202
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Event)) == 1
        (key,) = db.session().scalars(select(Event.visitor_key))
    assert "li.wei" not in key and "Li Wei" not in key


def test_the_server_records_a_meeting_request_with_its_commit(app: Flask) -> None:
    from halllayout.web.analytics import record_event

    with app.test_request_context("/api/booths/A0101/meetings", method="POST"):
        record_event("meeting_request", booth="A0101")
        db.session().commit()
        with pytest.raises(ValueError, match="'wander'"):
            record_event("wander")
    (event,) = stored(app)
    assert (event.kind, event.booth_number, len(event.visitor_key)) == ("meeting_request", "A0101", 32)
