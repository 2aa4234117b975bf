"""Initial schema: articles, actors, locations, events, assoc actors, aggregates, evidence, failures.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _articles()
    _actors()
    _locations()
    _events()
    _assoc_actors()
    _aggregates()
    _evidence()
    _failures()


def downgrade() -> None:
    for table in (
        "failures",
        "evidence",
        "aggregates",
        "event_assoc_actors",
        "events",
        "locations",
        "actors",
        "articles",
    ):
        op.drop_table(table)


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_at", sa.Date(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )


def _actors() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
        sa.UniqueConstraint("name", "type", "country", name="uq_actors_name_type_country"),
    )


def _locations() -> None:
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("admin2", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("country_code", sa.String(8), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_locations"),
        sa.UniqueConstraint("key", name="uq_locations_key"),
    )
    op.create_index("ix_locations_country_code", "locations", ["country_code"])


def _events() -> None:
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(8), nullable=True),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("sub_event_type", sa.String(), nullable=False),
        sa.Column("actor1_id", sa.Integer(), nullable=True),
        sa.Column("actor2_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("fatalities_low", sa.Integer(), nullable=True),
        sa.Column("fatalities_high", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_events_article_id_articles"),
        sa.ForeignKeyConstraint(["actor1_id"], ["actors.id"], name="fk_events_actor1_id_actors"),
        sa.ForeignKeyConstraint(["actor2_id"], ["actors.id"], name="fk_events_actor2_id_actors"),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], name="fk_events_location_id_locations"),
    )
    for column in ("article_id", "event_date", "event_type", "location_id"):
        op.create_index(f"ix_events_{column}", "events", [column])


def _assoc_actors() -> None:
    op.create_table(
        "event_assoc_actors",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("side", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "side", "position", name="pk_event_assoc_actors"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.event_id"], name="fk_event_assoc_actors_event_id_events"
        ),
        sa.CheckConstraint("side IN (1, 2)", name="ck_event_assoc_actors_side"),
    )


def _aggregates() -> None:
    op.create_table(
        "aggregates",
        sa.Column("aggregate_id", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("fatalities_qualifier", sa.String(), nullable=True),
        sa.Column("period", sa.String(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("aggregate_id", name="pk_aggregates"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_aggregates_article_id_articles"),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name="fk_aggregates_location_id_locations"
        ),
    )
    op.create_index("ix_aggregates_article_id", "aggregates", ["article_id"])


def _evidence() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(), nullable=True),
        sa.Column("aggregate_id", sa.String(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], name="fk_evidence_event_id_events"),
        sa.ForeignKeyConstraint(
            ["aggregate_id"], ["aggregates.aggregate_id"], name="fk_evidence_aggregate_id_aggregates"
        ),
        sa.CheckConstraint("(event_id IS NULL) <> (aggregate_id IS NULL)", name="ck_evidence_one_owner"),
    )
    op.create_index("ix_evidence_event_id", "evidence", ["event_id"])
    op.create_index("ix_evidence_aggregate_id", "evidence", ["aggregate_id"])


def _failures() -> None:
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failures"),
    )
    op.create_index("ix_failures_article_id", "failures", ["article_id"])
