"""kharita.store: SQLite/PostgreSQL storage for articles, events, aggregates and failures.

Importing this module opens nothing; :func:`open_store` opens and migrates a database.
"""

from __future__ import annotations

from kharita.store.actors import StoredActor
from kharita.store.engine import DEFAULT_URL
from kharita.store.failures import StoredFailure
from kharita.store.feed_items import FeedItem
from kharita.store.incidents import DedupSummary, Incident, IncidentDetail, IncidentSource, LogEntry
from kharita.store.save import SaveSummary
from kharita.store.store import Store, open_store

__all__ = [
    "DEFAULT_URL",
    "DedupSummary",
    "FeedItem",
    "Incident",
    "IncidentDetail",
    "IncidentSource",
    "LogEntry",
    "SaveSummary",
    "Store",
    "StoredActor",
    "StoredFailure",
    "open_store",
]
