"""Analytics from the real viewer (viewer/src/analytics.js): a visit, positions while walking and booth
visits arrive in the platform's database in batches, the last one by navigator.sendBeacon as the page
goes away, and the organiser's report counts them."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.browser.conftest import V, assert_no_errors, open_viewer

pytestmark = pytest.mark.browser

ORGANISER = ("analyst@fair.example", "long enough password")


@pytest.fixture
def served(fair_dir: Path) -> Iterator[tuple[Flask, str]]:
    """The app over the sample fair with a database of its own, and its URL."""
    from werkzeug.serving import make_server

    from app import create_app
    from halllayout.web import db
    from halllayout.web.accounts import add_organiser

    app = create_app({"FAIR_DIR": str(fair_dir), "INSTANCE_DIR": tempfile.mkdtemp(prefix="halllayout-")})
    with app.app_context():
        add_organiser(db.session(), *ORGANISER)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def events(app: Flask) -> list[tuple[str, str, float]]:
    from halllayout.web import db
    from halllayout.web.models import Event

    with app.app_context():
        rows = db.session().execute(select(Event.kind, Event.booth_number, Event.value).order_by(Event.id))
        return [(kind, booth, value) for kind, booth, value in rows]


def organiser_report(app: Flask) -> dict[str, Any]:
    client = app.test_client()
    token = client.get("/api/session").get_json()["csrf_token"]
    signed_in = client.post(
        "/api/session/organiser",
        json={"email": ORGANISER[0], "password": ORGANISER[1]},
        headers={"X-CSRFToken": token},
    )
    assert signed_in.status_code == 200
    report: dict[str, Any] = client.get("/api/organiser/analytics?by=hour").get_json()
    return report


def test_walking_and_booth_visits_reach_the_organisers_report(page: Any, served: tuple[Flask, str]) -> None:
    app, url = served
    open_viewer(page, url)
    first, second = page.evaluate(f"{V}.booths.slice(0, 2).map((b) => b.number)")

    # walk: two teleports more than a sample (2 s) apart give a position sample
    x, y = page.evaluate(f"(() => {{ const p = {V}.position(); return [p[0], -p[2]]; }})()")
    page.wait_for_timeout(2200)
    page.evaluate(f"([x, y]) => {V}.teleport(x, y, [0, 1])", [x, y + 3])
    page.wait_for_function(f"{V}.analytics.stats.recorded >= 2", polling=200, timeout=10_000)

    assert page.evaluate(f"(n) => {V}.openBooth(n)", first)
    page.wait_for_timeout(1200)
    page.click("#booth-panel-close")
    page.evaluate(f"{V}.analytics.flush()")
    stored = events(app)
    assert [kind for kind, _, _ in stored] == ["visit", "position", "booth_visit"], stored
    assert stored[2][1] == first and 1.0 <= stored[2][2] < 30

    # the panel left open as the page goes away: sent by beacon on pagehide
    assert page.evaluate(f"(n) => {V}.openBooth(n)", second)
    page.wait_for_timeout(500)
    assert_no_errors(page)
    page.goto("about:blank")
    deadline = time.monotonic() + 10
    while len(events(app)) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert events(app)[3][:2] == ("booth_visit", second)

    totals = organiser_report(app)["totals"]
    assert (totals["visitors"], totals["visits"], totals["booth_visits"]) == (1, 1, 2)
    assert totals["dwell_seconds"] >= 1.0
