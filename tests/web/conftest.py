"""Fixtures for the platform (halllayout/web): a small built fair, a fresh database per test (SQLite
always, and PostgreSQL too when $HALLLAYOUT_TEST_POSTGRES_URL names a server, as .ci/run does), the
app over both, and a client that sends the CSRF token the way the viewer does."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from werkzeug.test import TestResponse

from app import create_app
from halllayout.build import build_fair
from halllayout.model import BoothRequest, Door, Fair
from halllayout.output import write_outputs
from halllayout.web import db
from halllayout.web.accounts import add_organiser, invite_exhibitor
from halllayout.web.models import Event
from halllayout.web.site import site_fair
from tests.conftest import make_hall

#: An administrator's URL of a PostgreSQL server for tests, e.g.
#: postgresql+psycopg://postgres@127.0.0.1:54329/postgres; each test gets its own database there.
POSTGRES_URL = os.environ.get("HALLLAYOUT_TEST_POSTGRES_URL", "")
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]

ORGANISER = ("organiser@fair.example", "correct horse battery")


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL:
        return f"platform tests on SQLite and PostgreSQL ({make_url(POSTGRES_URL).render_as_string()})"
    return "platform tests on SQLite only (set HALLLAYOUT_TEST_POSTGRES_URL for PostgreSQL too)"


@pytest.fixture(scope="session")
def fair_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fair built by the real pipeline: hall A, booths A0101... of exhibitors EX0..EX5."""
    folder = tmp_path_factory.mktemp("platform-fair")
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6, "Gate"),))
    requests = [BoothRequest(f"EX{i}", f"展商 {i}", 3, 3) for i in range(6)]
    write_outputs(folder, build_fair(Fair("Test Fair", (hall,)), requests).files)
    return folder


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: an SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'platform.db'}"
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"halllayout_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app(fair_dir: Path, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = create_app(
        {
            "FAIR_DIR": str(fair_dir),
            "INSTANCE_DIR": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "S3_BUCKET": "",  # local files, whatever $HALLLAYOUT_S3_BUCKET says (test_s3store.py uses S3)
            "TESTING": True,
        }
    )
    yield application
    application.extensions["halllayout.engine"].dispose()


class ApiClient:
    """A browser's view of the API: one cookie jar, JSON in and out, the CSRF token sent on changes."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self._csrf: str | None = None

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = self.client.get("/api/session").get_json()["csrf_token"]
        return self._csrf

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.get(url, **kwargs)

    def send(self, method: str, url: str, body: Any = None, csrf: bool = True, **kwargs: Any) -> TestResponse:
        headers = dict(kwargs.pop("headers", {}))
        if csrf:
            headers["X-CSRFToken"] = self.csrf()
        response = self.client.open(url, method=method, json=body, headers=headers, **kwargs)
        document = response.get_json(silent=True)
        if isinstance(document, dict) and isinstance(document.get("csrf_token"), str):
            self._csrf = document["csrf_token"]  # signing in starts a new session, with a new token
        return response

    def post(self, url: str, body: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("POST", url, body, **kwargs)

    def put(self, url: str, body: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("PUT", url, body, **kwargs)

    def patch(self, url: str, body: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("PATCH", url, body, **kwargs)

    def delete(self, url: str, body: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("DELETE", url, body, **kwargs)

    # signing in, as each role does

    def as_visitor(
        self, name: str = "Li Wei", email: str = "li.wei@buyer.example", company: str = ""
    ) -> ApiClient:
        response = self.post("/api/session/visitor", {"name": name, "email": email, "company": company})
        assert response.status_code == 200, response.get_json()
        return self

    def as_organiser(self, email: str = ORGANISER[0], password: str = ORGANISER[1]) -> ApiClient:
        response = self.post("/api/session/organiser", {"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return self

    def as_exhibitor(self, token: str) -> ApiClient:
        response = self.post("/api/session/exhibitor", {"token": token})
        assert response.status_code == 200, response.get_json()
        return self


@pytest.fixture
def api(app: Flask) -> ApiClient:
    """An anonymous browser."""
    return ApiClient(app.test_client())


@pytest.fixture
def new_api(app: Flask) -> Any:
    """Makes further browsers (each with its own cookies) on the same app."""
    return lambda: ApiClient(app.test_client())


@pytest.fixture
def organiser(app: Flask) -> tuple[str, str]:
    """An organiser account (email, password)."""
    with app.app_context():
        add_organiser(db.session(), *ORGANISER, name="Fair Office")
    return ORGANISER


@pytest.fixture
def invite(app: Flask) -> Any:
    """Invites an exhibitor of the site's fair by ref; returns its token."""

    def make(ref: str, name: str = "") -> str:
        with app.app_context():
            _exhibitor, token = invite_exhibitor(db.session(), site_fair(), ref, name)
        return token

    return make


def booth_numbers(fair_dir: Path) -> dict[str, str]:
    """Each exhibitor ref's booth number in the test fair."""
    import json

    layout = json.loads((fair_dir / "layout.json").read_text(encoding="utf-8"))
    return {b["ref"]: b["number"] for hall in layout["halls"] for b in hall["booths"]}


def upload(api: ApiClient, name: str, data: bytes) -> TestResponse:
    """Uploads `data` as an organiser's input file named `name`."""
    return api.post(
        "/api/organiser/inputs", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def digest_of(api: ApiClient, name: str, data: bytes) -> str:
    """Uploads an input file, checks it was stored under its name, and returns its digest."""
    response = upload(api, name, data)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == name
    return str(response.get_json()["digest"])


@pytest.fixture
def boss(api: ApiClient, organiser: tuple[str, str]) -> ApiClient:
    """The API client signed in as the organiser."""
    return api.as_organiser(*organiser)


def add_events(app: Flask, rows: list[dict[str, Any]]) -> int:
    """Puts hand-made events (any time) straight into the database; the fair's id."""
    with app.app_context():
        fair_id = site_fair().id
        defaults = {"hall": "", "booth_number": "", "product_id": "", "value": 0.0, "x": None, "y": None}
        session = db.session()
        session.execute(insert(Event), [{**defaults, "fair_id": fair_id, **row} for row in rows])
        session.commit()
    return fair_id
