"""analytics rollup: hours rolled up, and per hour the counts, visitors, booth visitors and heatmap cells

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 04:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _keys(table: str, key: tuple[str, ...], *columns: sa.Column[object]) -> list[SchemaItem]:
    """fair_id and hour, the table's own columns, the foreign key to the fair and the primary key
    (fair_id, hour and `key`)."""
    return [
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f(f"fk_{table}_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("fair_id", "hour", *key, name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "rollup_hours", *_keys("rollup_hours", (), sa.Column("stale", sa.Boolean(), nullable=False))
    )
    op.create_table(
        "rollup_counts",
        *_keys(
            "rollup_counts",
            ("booth_number",),
            sa.Column("booth_number", sa.String(length=32), nullable=False),
            sa.Column("visits", sa.Integer(), nullable=False),
            sa.Column("booth_visits", sa.Integer(), nullable=False),
            sa.Column("dwell_seconds", sa.Float(), nullable=False),
            sa.Column("product_views", sa.Integer(), nullable=False),
            sa.Column("new_product_views", sa.Integer(), nullable=False),
            sa.Column("meeting_requests", sa.Integer(), nullable=False),
        ),
    )
    op.create_table(
        "rollup_visitors",
        *_keys(
            "rollup_visitors",
            ("visitor_key",),
            sa.Column("visitor_key", sa.String(length=64), nullable=False),
        ),
    )
    op.create_table(
        "rollup_booth_visitors",
        *_keys(
            "rollup_booth_visitors",
            ("booth_number", "visitor_key"),
            sa.Column("booth_number", sa.String(length=32), nullable=False),
            sa.Column("visitor_key", sa.String(length=64), nullable=False),
        ),
    )
    op.create_table(
        "rollup_cells",
        *_keys(
            "rollup_cells",
            ("hall",),
            sa.Column("hall", sa.String(length=32), nullable=False),
            sa.Column("positions", sa.Integer(), nullable=False),
            sa.Column("cells", sa.LargeBinary(), nullable=False),
        ),
    )


def downgrade() -> None:
    for table in (
        "rollup_cells",
        "rollup_booth_visitors",
        "rollup_visitors",
        "rollup_counts",
        "rollup_hours",
    ):
        op.drop_table(table)
