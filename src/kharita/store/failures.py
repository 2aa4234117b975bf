"""Failures: one row per (article_id, stage); failing again counts an attempt, success clears the row."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import CursorResult, Executable, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kharita.models import Failure
from kharita.store import convert
from kharita.store.schema import FailureRow

_CHUNK = 500
FailureKey = tuple[str, str]  # (article_id, stage)


@dataclass(frozen=True)
class StoredFailure:
    """A recorded failure with how often it happened: ``first_failed_at`` and ``last_failed_at`` are UTC."""

    failure: Failure
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime


def key(failure: Failure) -> FailureKey:
    return (failure.article_id, failure.stage)


def record(session: Session, failures: Sequence[Failure]) -> int:
    """Insert each failure, or update the stored one with the same (article_id, stage): the new error,
    source and origin (an unknown origin keeps the stored one), one more attempt. Returns how many."""
    latest = {key(failure): failure for failure in failures}  # a key twice in one batch: the last counts once
    now = datetime.now(UTC)
    for failure in latest.values():
        session.execute(_upsert(session, convert.failure_values(failure, now)))
    return len(latest)


def _upsert(session: Session, values: dict[str, object]) -> Executable:
    """INSERT ... ON CONFLICT (article_id, stage) DO UPDATE, the same on SQLite and PostgreSQL: atomic, so two
    processes recording the same failure make one row with two attempts."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(FailureRow).values(values)
    return stmt.on_conflict_do_update(
        index_elements=[FailureRow.article_id, FailureRow.stage],
        set_={
            "error": stmt.excluded.error,
            "source": stmt.excluded.source,
            "origin": func.coalesce(stmt.excluded.origin, FailureRow.origin),
            "attempts": FailureRow.attempts + 1,
            "last_failed_at": stmt.excluded.last_failed_at,
        },
    )


def clear_articles(session: Session, article_ids: Collection[str]) -> int:
    """Delete the failures of these articles (they are stored now); returns how many rows went."""
    cleared = 0
    for chunk in _chunks(sorted(set(article_ids))):
        result = session.execute(delete(FailureRow).where(FailureRow.article_id.in_(chunk)))
        cleared += result.rowcount if isinstance(result, CursorResult) else 0
    return cleared


def clear_resolved(session: Session, origins: Collection[str], still_failing: Collection[FailureKey]) -> int:
    """Delete the failures of inputs read again in full (``origins``) that did not happen again: the file was
    fixed, the page came back, or a newer kharita reads the article. Returns how many rows went."""
    keep = set(still_failing)
    stale: list[int] = []
    for chunk in _chunks(sorted(set(origins))):
        rows = session.execute(
            select(FailureRow.id, FailureRow.article_id, FailureRow.stage).where(FailureRow.origin.in_(chunk))
        )
        stale.extend(row_id for row_id, article_id, stage in rows if (article_id, stage) not in keep)
    for start in range(0, len(stale), _CHUNK):
        session.execute(delete(FailureRow).where(FailureRow.id.in_(stale[start : start + _CHUNK])))
    return len(stale)


def list_failures(session: Session) -> list[StoredFailure]:
    """Every recorded failure, in the order first recorded."""
    rows = session.scalars(select(FailureRow).order_by(FailureRow.id))
    return [
        StoredFailure(convert.to_failure(row), row.attempts, _utc(row.created_at), _utc(row.last_failed_at))
        for row in rows
    ]


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
