"""Alembic's environment: runs the migrations on the engine `halllayout.web.db.upgrade` passes in,
or on `sqlalchemy.url` from the command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from halllayout.web.models import Base

config = context.config
engine: Engine = config.attributes.get("engine") or create_engine(
    config.get_main_option("sqlalchemy.url", "")
)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
