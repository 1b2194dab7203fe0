"""the platform: fairs, versions, people, engagement, events, jobs

Revision ID: 0001
Revises:
Create Date: 2026-11-24 01:33:08.799740
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fairs")),
        sa.UniqueConstraint("slug", name=op.f("uq_fairs_slug")),
    )
    op.create_table(
        "organisers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisers")),
        sa.UniqueConstraint("email", name=op.f("uq_organisers_email")),
    )
    op.create_table(
        "visitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visitors")),
    )
    with op.batch_alter_table("visitors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visitors_email"), ["email"], unique=False)

    op.create_table(
        "bookmarks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_bookmarks_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["visitors.id"], name=op.f("fk_bookmarks_visitor_id_visitors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmarks")),
        sa.UniqueConstraint("fair_id", "booth_number", "visitor_id", name="uq_bookmarks_booth_visitor"),
    )
    with op.batch_alter_table("bookmarks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bookmarks_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "card_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_card_exchanges_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_card_exchanges_visitor_id_visitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_exchanges")),
        sa.UniqueConstraint("fair_id", "booth_number", "visitor_id", name="uq_card_exchanges_booth_visitor"),
    )
    with op.batch_alter_table("card_exchanges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_exchanges_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visitor_key", sa.String(length=64), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_events_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_fair_booth", ["fair_id", "booth_number"], unique=False)
        batch_op.create_index("ix_events_fair_kind_at", ["fair_id", "kind", "at"], unique=False)

    op.create_table(
        "exhibitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("live_stream", sa.String(length=500), nullable=False),
        sa.Column("logo", sa.String(length=100), nullable=False),
        sa.Column("colours", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_exhibitors_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitors")),
        sa.UniqueConstraint("fair_id", "ref", name="uq_exhibitors_fair_ref"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_exhibitors_token_hash")),
    )
    with op.batch_alter_table("exhibitors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibitors_fair_id"), ["fair_id"], unique=False)

    op.create_table(
        "fair_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["organisers.id"],
            name=op.f("fk_fair_versions_created_by_organisers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_fair_versions_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair_versions")),
        sa.UniqueConstraint("fair_id", "number", name="uq_fair_versions_fair_number"),
    )
    # fairs.published_version_id refers to fair_versions, made after fairs
    with op.batch_alter_table("fairs") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_fairs_published_version_id_fair_versions"),
            "fair_versions",
            ["published_version_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("fair_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fair_versions_fair_id"), ["fair_id"], unique=False)

    op.create_table(
        "meeting_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_meeting_requests_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_meeting_requests_visitor_id_visitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_requests")),
    )
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_requests_fair_booth", ["fair_id", "booth_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_requests_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_messages_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["visitors.id"], name=op.f("fk_messages_visitor_id_visitors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_fair_booth", ["fair_id", "booth_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_messages_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "booths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("hall", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("exhibitor", sa.String(length=300), nullable=False),
        sa.Column("exhibitor_en", sa.String(length=300), nullable=False),
        sa.Column("zone", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["fair_versions.id"],
            name=op.f("fk_booths_version_id_fair_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booths")),
        sa.UniqueConstraint("version_id", "number", name="uq_booths_version_number"),
    )
    with op.batch_alter_table("booths", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booths_ref"), ["ref"], unique=False)
        batch_op.create_index(batch_op.f("ix_booths_version_id"), ["version_id"], unique=False)

    op.create_table(
        "exhibitor_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exhibitor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("original", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("far", sa.String(length=100), nullable=False),
        sa.Column("thumbnail", sa.String(length=100), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["exhibitor_id"],
            ["exhibitors.id"],
            name=op.f("fk_exhibitor_uploads_exhibitor_id_exhibitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitor_uploads")),
    )
    with op.batch_alter_table("exhibitor_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibitor_uploads_exhibitor_id"), ["exhibitor_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=True),
        sa.Column("exhibitor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["exhibitor_id"],
            ["exhibitors.id"],
            name=op.f("fk_jobs_exhibitor_id_exhibitors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_jobs_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("booth_number", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["fair_versions.id"],
            name=op.f("fk_products_version_id_fair_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index("ix_products_version_booth", ["version_id", "booth_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fairs") as batch_op:
        batch_op.drop_constraint(op.f("fk_fairs_published_version_id_fair_versions"), type_="foreignkey")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_version_id"))
        batch_op.drop_index("ix_products_version_booth")

    op.drop_table("products")
    op.drop_table("jobs")
    with op.batch_alter_table("exhibitor_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibitor_uploads_exhibitor_id"))

    op.drop_table("exhibitor_uploads")
    with op.batch_alter_table("booths", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booths_version_id"))
        batch_op.drop_index(batch_op.f("ix_booths_ref"))

    op.drop_table("booths")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_visitor_id"))
        batch_op.drop_index("ix_messages_fair_booth")

    op.drop_table("messages")
    with op.batch_alter_table("meeting_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_requests_visitor_id"))
        batch_op.drop_index("ix_meeting_requests_fair_booth")

    op.drop_table("meeting_requests")
    with op.batch_alter_table("fair_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fair_versions_fair_id"))

    op.drop_table("fair_versions")
    with op.batch_alter_table("exhibitors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibitors_fair_id"))

    op.drop_table("exhibitors")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_fair_kind_at")
        batch_op.drop_index("ix_events_fair_booth")

    op.drop_table("events")
    with op.batch_alter_table("card_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_exchanges_visitor_id"))

    op.drop_table("card_exchanges")
    with op.batch_alter_table("bookmarks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookmarks_visitor_id"))

    op.drop_table("bookmarks")
    with op.batch_alter_table("visitors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visitors_email"))

    op.drop_table("visitors")
    op.drop_table("organisers")
    op.drop_table("fairs")
