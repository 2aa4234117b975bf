"""SQLAlchemy ORM tables for the kharita store.

The Alembic migrations under ``migrations/versions`` must describe exactly this
metadata; ``tests/store/test_migrations.py`` checks that they do.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


ORIGIN_EXTRACTED = "extracted"  # created while saving an event; not fed back to the registry
ORIGIN_CURATED = "curated"  # a person reviewed it or merged another actor into it
ORIGIN_ADDED = "added"  # added with `kharita actors add` / Store.add_actor: the row is its registry entry
ORIGINS = (ORIGIN_EXTRACTED, ORIGIN_CURATED, ORIGIN_ADDED)


class ActorRow(Base):
    """An ACLED actor as events name it; ``country`` is a country name ("Pakistan"), as in the records.

    ``key`` is the registry id: NULL for rows stored before the registry existed, and for a second spelling of
    a keyed actor with another type or country (a state's forces abroad). ``aliases`` is a JSON list of extra
    names and acronyms. ``merged_into`` is the actor that replaced this one; the row stays, so the merge can be
    seen and its names keep matching. ``origin`` says who made the row (one of ``ORIGINS``); only curated and
    added actors are fed back to the registry (``Store.actor_entries``).
    """

    __tablename__ = "actors"
    __table_args__ = (
        UniqueConstraint("name", "type", "country"),
        CheckConstraint("origin IN ('extracted', 'curated', 'added')", name="origin"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String)
    type: Mapped[str] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)
    key: Mapped[str | None] = mapped_column(String, unique=True, index=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    aliases: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    origin: Mapped[str] = mapped_column(String(16), default=ORIGIN_EXTRACTED, server_default=ORIGIN_EXTRACTED)

    merged_into: Mapped[ActorRow | None] = relationship(remote_side=[id])


class LocationRow(Base):
    """A place; ``key`` is a hash of every identifying column (NULL-safe uniqueness)."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String)
    admin1: Mapped[str | None] = mapped_column(String)
    admin2: Mapped[str | None] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)
    country_code: Mapped[str | None] = mapped_column(String(8), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer)


class EventRow(Base):
    __tablename__ = "events"

    event_id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    event_type: Mapped[str] = mapped_column(String, index=True)
    sub_event_type: Mapped[str] = mapped_column(String)
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    fatalities: Mapped[int] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String)
    country_code: Mapped[str | None] = mapped_column(String(8), index=True)

    actor1: Mapped[ActorRow | None] = relationship(foreign_keys=[actor1_id], lazy="joined")
    actor2: Mapped[ActorRow | None] = relationship(foreign_keys=[actor2_id], lazy="joined")
    location: Mapped[LocationRow | None] = relationship(lazy="joined")
    assoc_actors: Mapped[list[AssocActorRow]] = relationship(
        order_by="(AssocActorRow.side, AssocActorRow.position)", lazy="selectin", cascade="all"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        order_by="EvidenceRow.position", lazy="selectin", cascade="all"
    )


class AssocActorRow(Base):
    __tablename__ = "event_assoc_actors"
    __table_args__ = (CheckConstraint("side IN (1, 2)", name="side"),)

    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), primary_key=True)
    side: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)


class AggregateRow(Base):
    __tablename__ = "aggregates"

    aggregate_id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    fatalities: Mapped[int] = mapped_column(Integer)
    fatalities_qualifier: Mapped[str | None] = mapped_column(String)
    period: Mapped[str | None] = mapped_column(String)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    kind: Mapped[str] = mapped_column(String)

    location: Mapped[LocationRow | None] = relationship(lazy="joined")
    evidence: Mapped[list[EvidenceRow]] = relationship(
        order_by="EvidenceRow.position", lazy="selectin", cascade="all"
    )


class EvidenceRow(Base):
    """A quoted span; belongs to exactly one event or one aggregate."""

    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint("(event_id IS NULL) <> (aggregate_id IS NULL)", name="one_owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.event_id"), index=True)
    aggregate_id: Mapped[str | None] = mapped_column(ForeignKey("aggregates.aggregate_id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class FailureRow(Base):
    """An article (or input) that failed, one row per (article_id, stage): failing again updates the row.
    ``origin`` is where to read it again (`kharita ingest --retry-failed`): an absolute file path or a URL;
    NULL when it cannot be read again (stdin, text given to the library). ``created_at`` is the first
    failure, ``last_failed_at`` the latest."""

    __tablename__ = "failures"
    __table_args__ = (UniqueConstraint("article_id", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String)
    stage: Mapped[str] = mapped_column(String)
    error: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str | None] = mapped_column(String, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    last_failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedItemRow(Base):
    """A feed entry that `kharita watch` has dealt with (ingested, or failed for good), so that later polls
    skip it. ``canonical_url`` is the entry link, normalised (``kharita.ingest.web.canonical_url``): the same
    story in two feeds is fetched once."""

    __tablename__ = "feed_items"

    feed_url: Mapped[str] = mapped_column(String, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String, index=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


MERGE = "merge"  # an event joined an incident that has other reports
SPLIT = "split"  # a person detached an event from its incident (`kharita events split`)
UNREVIEWED, VERIFIED, REJECTED = "unreviewed", "verified", "rejected"  # incidents.review_status
REVIEW_STATUSES = (UNREVIEWED, VERIFIED, REJECTED)


class IncidentRow(Base):
    """A canonical event: one incident, however many sources report it (``kharita.dedup``). ``id`` comes from
    its earliest report; fatalities are reconciled over the reports (best, low, high)."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    event_type: Mapped[str] = mapped_column(String, index=True)
    sub_event_type: Mapped[str] = mapped_column(String)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    country: Mapped[str | None] = mapped_column(String)
    country_code: Mapped[str | None] = mapped_column(String(8), index=True)
    fatalities_best: Mapped[int] = mapped_column(Integer)
    fatalities_low: Mapped[int] = mapped_column(Integer)
    fatalities_high: Mapped[int] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    review_status: Mapped[str] = mapped_column(String(16), default=UNREVIEWED, server_default=UNREVIEWED)

    location: Mapped[LocationRow | None] = relationship(lazy="joined")


class IncidentEventRow(Base):
    """Which incident each stored event reports (every event belongs to exactly one once deduplicated), and
    its place among the incident's reports, earliest first."""

    __tablename__ = "incident_events"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 for the earliest report


class MergeLogRow(Base):
    """History of merges and splits. ``incident_id`` is kept as text: history outlives incidents that a later
    report renamed or a split emptied. ``reasons`` is JSON: for a merge, the match that tied the event to the
    incident (``MatchExplanation.to_dict``); for a split, the events it must stay apart from."""

    __tablename__ = "merge_log"
    __table_args__ = (CheckConstraint("action IN ('merge', 'split')", name="action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String, index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), index=True)
    action: Mapped[str] = mapped_column(String(8))
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IncidentEditRow(Base):
    """A person's review of an incident (`kharita serve`: PATCH /api/events/{id}): a verification, a rejection
    or corrected fields. ``changes`` is JSON ``{field: {"before": ..., "after": ...}}`` (dates as ISO text).
    ``event_id`` is the incident's earliest report when the edit was made: incidents are recomputed as reports
    arrive (and may be renamed), and the edit follows that report (``store.reviews.reapply_edits``).
    ``incident_id`` is kept as text, like merge_log's."""

    __tablename__ = "incident_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String, index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id"), index=True)
    changes: Mapped[str] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
