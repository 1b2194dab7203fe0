"""The database connection: an engine per app, a session per request, and the Alembic migrations.

The embedded default is an SQLite file in the instance folder, in WAL mode so readers never wait for
the writer; set `DATABASE_URL` (or $HALLLAYOUT_DATABASE_URL) to a `postgresql+psycopg://` URL to use
PostgreSQL instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(engine: Engine) -> Config:
    """Alembic's configuration for this package's migrations, without an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Brings the database schema up to `revision` (the newest by default)."""
    command.upgrade(alembic_config(engine), revision)


def init_app(app: Flask) -> None:
    """Connects `app` to its database (`DATABASE_URL`), migrating it first when `AUTO_MIGRATE`."""
    engine = make_engine(app.config["DATABASE_URL"])
    if app.config.get("AUTO_MIGRATE", True):
        upgrade(engine)
    app.extensions["halllayout.db"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["halllayout.engine"] = engine
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """This request's database session (made on first use, closed when the request ends)."""
    if "db" not in g:
        g.db = current_app.extensions["halllayout.db"]()
    db: Session = g.db
    return db


def hold_row(db: Session, key: InstrumentedAttribute[int], row_id: int) -> None:
    """Hold the row whose primary `key` (a mapped column, e.g. `Visitor.id`) is `row_id` until `db`'s
    transaction ends, so that a request that checks the rows hanging off it and then writes one (a
    meeting request that must not overlap the visitor's others) runs after any other such request has
    committed, and sees what that one wrote. PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite,
    which has no row locks, takes its database's write lock with an update that changes nothing. The
    reads after this call see every commit made while it waited: PostgreSQL's READ COMMITTED reads
    each statement afresh, and pysqlite begins the transaction at its first write, this one."""
    if db.get_bind().dialect.name == "sqlite":
        db.execute(update(key.class_).where(key == row_id).values({key: key}))
    else:
        db.execute(select(key).where(key == row_id).with_for_update())


def engine() -> Engine:
    """The app's engine."""
    result: Engine = current_app.extensions["halllayout.engine"]
    return result


def _close_session(_error: BaseException | None) -> None:
    db: Session | None = g.pop("db", None)
    if db is not None:
        db.close()
