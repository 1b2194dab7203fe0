"""The fair platform: the Flask app that serves a fair to visitors and lets organisers and exhibitors
work on it. The only package of halllayout that imports Flask or SQLAlchemy; the engine never imports it.

`create_app(config)` is the factory; `app.py` at the repository root runs it.
"""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_smorest import Api
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter, Map

from halllayout.web import db, errors, hot, store
from halllayout.web.errors import ApiError
from halllayout.web.limits import limiter
from halllayout.web.schemas import ErrorSchema

csrf = CSRFProtect()


class _Api(Api):
    """flask-smorest's Api with this platform's error shape as the documented `Error`."""

    ERROR_SCHEMA = ErrorSchema


#: 256 MB: the largest request body (an upload) the server reads.
MAX_UPLOAD_BYTES = 256 * 1024 * 1024


class DatabaseId(IntegerConverter):
    """`<int:...>` in routes: a whole number a database id column holds (1 to 2**31 - 1); anything
    larger is a 404, not an overflow in the database driver."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _refuse_unnamed_form_parts() -> None:
    """A multipart body with a part that has no name is refused (400) before anything reads the form."""
    if request.mimetype == "multipart/form-data" and any(
        not isinstance(key, str) for key in (*request.form.keys(), *request.files.keys())
    ):
        raise ApiError(400, "the multipart body has a part without a name", "Content-Disposition")


def _secret_key(instance: Path) -> str:
    """$HALLLAYOUT_SECRET_KEY, else a key made once and kept in the instance folder (mode 0600)."""
    key = os.environ.get("HALLLAYOUT_SECRET_KEY")
    if key:
        return key
    path = instance / "secret_key"
    if not path.is_file():
        instance.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        os.replace(temporary, path)
    return path.read_text().strip()


def default_config(root: Path) -> dict[str, Any]:
    """The settings and their defaults; each may come from the environment (`HALLLAYOUT_...`)."""
    instance = Path(os.environ.get("HALLLAYOUT_INSTANCE", str(root / "instance")))
    return {
        "FAIR_DIR": os.environ.get("HALLLAYOUT_FAIR_DIR", str(root / "build" / "demo")),
        "FAIR_SLUG": os.environ.get("HALLLAYOUT_FAIR", "demo"),
        "INSTANCE_DIR": str(instance),
        "DATABASE_URL": os.environ.get("HALLLAYOUT_DATABASE_URL", ""),
        "AUTO_MIGRATE": True,
        "VIEWER_DIR": str(root / "viewer"),
        "FONTS_DIR": str(root / "assets" / "fonts"),
        "MAX_CONTENT_LENGTH": MAX_UPLOAD_BYTES,
        "RATELIMIT_STORAGE_URI": os.environ.get("HALLLAYOUT_RATELIMIT_STORAGE", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": os.environ.get("HALLLAYOUT_SECURE_COOKIES") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_HEADERS": ["X-CSRFToken", "X-CSRF-Token"],
        "API_TITLE": "halllayout fair platform",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
    }


def create_app(config: Mapping[str, Any] | None = None, root: Path | None = None) -> Flask:
    """The platform app. `config` overrides `default_config(root)`; `root` is the repository (for the
    viewer's files and the default folders)."""
    root = root or Path.cwd()
    app = Flask("halllayout.web", static_folder=None)
    app.config.from_mapping(default_config(root))
    if config:
        app.config.update(config)
    instance = Path(app.config["INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SECRET_KEY", None)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'halllayout.db'}"

    app.url_map.converters["int"] = DatabaseId
    store.init_app(app)  # with S3_BUCKET: the bucket must answer, before anything else starts
    db.init_app(app)
    app.before_request(_refuse_unnamed_form_parts)  # before the CSRF check reads the form
    csrf.init_app(app)
    limiter.init_app(app)
    api = _Api(app)
    errors.register(app)
    _register_blueprints(app, api)
    with app.app_context():
        _adopt_fair_dir(app)
    hot.install(app)
    return app


def settle(app: Flask) -> None:
    """Readies a server process that has loaded `app` for a long life: makes the published fair's
    manifest once (parsing layout.json and models.json), then moves every object made so far out of
    the garbage collector's way (`gc.freeze`), so its full collections no longer walk the app's
    hundreds of thousands of long-lived objects (50-250 ms each, every few seconds under load, which
    every request in the process waits for). gunicorn.conf.py calls it in each worker."""
    response = app.test_client().get("/api/fair", headers={"Accept-Encoding": "gzip"})
    response.close()
    gc.collect()
    gc.freeze()


def _adopt_fair_dir(app: Flask) -> None:
    """Publishes FAIR_DIR as the site fair's version when nothing else is published (versions.py)."""
    from halllayout.web.site import published, site_fair
    from halllayout.web.versions import adopt_folder

    adopt_folder(db.session(), site_fair(), Path(app.config["FAIR_DIR"]))
    published()  # this process sees the published version now (and builds its search index ahead)


def _register_blueprints(app: Flask, api: Api) -> None:
    from halllayout.web import (
        analytics,
        booths,
        builds,
        commands,
        engage,
        exhibitor,
        fair,
        jobs,
        organiser,
        sessions,
    )

    commands.register(app)

    app.register_blueprint(fair.pages)
    api.register_blueprint(fair.api)
    api.register_blueprint(sessions.bp)
    api.register_blueprint(analytics.bp)
    csrf.exempt(analytics.post_events)  # navigator.sendBeacon sends no header; Origin is checked
    api.register_blueprint(engage.bp)
    api.register_blueprint(booths.bp)
    booths.init_app(app)
    api.register_blueprint(jobs.bp)
    api.register_blueprint(organiser.bp)
    del builds  # imported for its job handler ("layout")
    jobs.init_app(app)
    api.register_blueprint(exhibitor.bp)
