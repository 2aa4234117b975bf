"""Events carry ACLED's country even when no place could be located.

Existing events take the country of their location.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("country", sa.String(), nullable=True))
    op.add_column("events", sa.Column("country_code", sa.String(8), nullable=True))
    op.create_index("ix_events_country_code", "events", ["country_code"])
    op.execute(
        "UPDATE events SET country = (SELECT locations.country FROM locations WHERE locations.id = events.location_id),"
        " country_code = (SELECT locations.country_code FROM locations WHERE locations.id = events.location_id)"
        " WHERE location_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_events_country_code", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("country_code")
        batch.drop_column("country")
