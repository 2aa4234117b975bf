"""Reviews of incidents from the dashboard and API (`kharita serve`): each incident's review status
(unreviewed, verified, rejected) and every edit with its time, the values before and after, and a comment.

Existing incidents start unreviewed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("review_status", sa.String(16), server_default="unreviewed",
                                         nullable=False))
    op.create_table(
        "incident_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name="fk_incident_edits_event_id_events"),
        sa.PrimaryKeyConstraint("id", name="pk_incident_edits"),
    )
    op.create_index("ix_incident_edits_incident_id", "incident_edits", ["incident_id"])
    op.create_index("ix_incident_edits_event_id", "incident_edits", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_edits_event_id", table_name="incident_edits")
    op.drop_index("ix_incident_edits_incident_id", table_name="incident_edits")
    op.drop_table("incident_edits")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("review_status")
