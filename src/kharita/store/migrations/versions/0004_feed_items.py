"""Feed entries already dealt with by `kharita watch`: a second poll ingests only new items.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_items",
        sa.Column("feed_url", sa.String(), nullable=False),
        sa.Column("entry_id", sa.String(), nullable=False),
        sa.Column("canonical_url", sa.String(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feed_url", "entry_id", name="pk_feed_items"),
    )
    op.create_index("ix_feed_items_canonical_url", "feed_items", ["canonical_url"])


def downgrade() -> None:
    op.drop_index("ix_feed_items_canonical_url", table_name="feed_items")
    op.drop_table("feed_items")
