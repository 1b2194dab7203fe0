"""Requests that once made the platform answer 500 (found by the Schemathesis run in test_openapi.py):
each is now a 4xx naming what is wrong (halllayout/web/__init__.py, events.py)."""

from __future__ import annotations

import datetime as dt

from tests.web.conftest import ApiClient


def test_an_id_too_large_for_the_database_is_a_404(api: ApiClient) -> None:
    for url in ("/api/uploads/18446744073709551615/model.glb", "/api/uploads/9512891293/far.glb"):
        response = api.get(url)
        assert response.status_code == 404 and "error" in response.get_json()


def test_a_browser_clock_years_off_is_refused_naming_sent(api: ApiClient) -> None:
    batch = {
        "events": [{"kind": "visit", "at": "0001-01-01T00:00:00+00:00"}],
        "sent": "9999-12-31T23:59:59+00:00",
    }
    response = api.post("/api/events", batch, csrf=False)
    assert response.status_code == 422 and response.get_json()["field"] == "sent"
    far = {
        "events": [{"kind": "visit", "at": "9999-12-31T00:00:00+00:00"}],
        "sent": (dt.datetime.now(dt.UTC) - dt.timedelta(days=300)).isoformat(),
    }
    response = api.post("/api/events", far, csrf=False)
    assert response.status_code == 422 and response.get_json()["field"] == "events.0.at"


def test_a_multipart_part_without_a_name_is_a_400(api: ApiClient) -> None:
    body = b'--XX\r\nContent-Disposition: form-data; filename="a.csv"\r\n\r\nref\r\n--XX--\r\n'
    response = api.client.post(
        "/api/organiser/inputs",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=XX", "X-CSRFToken": api.csrf()},
    )
    assert response.status_code == 400
    assert response.get_json()["field"] == "Content-Disposition"
