"""Incidents: canonical events that merge the reports of one incident, each event's incident, and the history
of merges and splits.

Existing events get their incidents from `kharita dedup` (or the next ingest around their dates).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("sub_event_type", sa.String(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("country_code", sa.String(8), nullable=True),
        sa.Column("fatalities_best", sa.Integer(), nullable=False),
        sa.Column("fatalities_low", sa.Integer(), nullable=False),
        sa.Column("fatalities_high", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], name="fk_incidents_location_id_locations"),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_event_type", "incidents", ["event_type"])
    op.create_index("ix_incidents_event_date", "incidents", ["event_date"])
    op.create_index("ix_incidents_country_code", "incidents", ["country_code"])
    op.create_table(
        "incident_events",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name="fk_incident_events_event_id_events"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name="fk_incident_events_incident_id_incidents"),
        sa.PrimaryKeyConstraint("event_id", name="pk_incident_events"),
    )
    op.create_index("ix_incident_events_incident_id", "incident_events", ["incident_id"])
    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("action IN ('merge', 'split')", name="ck_merge_log_action"),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name="fk_merge_log_event_id_events"),
        sa.PrimaryKeyConstraint("id", name="pk_merge_log"),
    )
    op.create_index("ix_merge_log_incident_id", "merge_log", ["incident_id"])
    op.create_index("ix_merge_log_event_id", "merge_log", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_merge_log_event_id", table_name="merge_log")
    op.drop_index("ix_merge_log_incident_id", table_name="merge_log")
    op.drop_table("merge_log")
    op.drop_index("ix_incident_events_incident_id", table_name="incident_events")
    op.drop_table("incident_events")
    op.drop_index("ix_incidents_country_code", table_name="incidents")
    op.drop_index("ix_incidents_event_date", table_name="incidents")
    op.drop_index("ix_incidents_event_type", table_name="incidents")
    op.drop_table("incidents")
