"""Migration 0005 (incidents, incident_events, merge_log) on a database that already holds events, on SQLite and
PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from kharita.store import open_store
from kharita.store.engine import make_engine, parse_url
from kharita.store.migrate import downgrade, upgrade

ROWS = (
    ("INSERT INTO articles (id, content_hash, text, published_at, ingested_at) "
    "VALUES ('a1', 'h1', 'Gunmen attacked a bus.', '2024-05-07', CURRENT_TIMESTAMP)"),
    ("INSERT INTO articles (id, content_hash, text, published_at, ingested_at) "
    "VALUES ('a2', 'h2', 'A bus was attacked by gunmen.', '2024-05-08', CURRENT_TIMESTAMP)"),
    ("INSERT INTO events (event_id, article_id, event_date, date_precision, event_type, sub_event_type, fatalities, "
    "injured, confidence, notes) VALUES ('e1', 'a1', '2024-05-07', 'day', 'Violence against civilians', 'Attack', "
    "3, 0, 0.8, '')"),
    ("INSERT INTO events (event_id, article_id, event_date, date_precision, event_type, sub_event_type, fatalities, "
    "injured, confidence, notes) VALUES ('e2', 'a2', '2024-05-07', 'day', 'Violence against civilians', 'Attack', "
    "4, 0, 0.8, '')"),
)
NEW_TABLES = {"incidents", "incident_events", "merge_log"}


def _database_at_0004(url: str) -> Engine:
    engine = make_engine(parse_url(url))
    upgrade(engine, "0004")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    return engine


def test_stored_events_get_incidents_after_upgrading(db_url: str) -> None:
    _database_at_0004(db_url).dispose()
    with open_store(db_url) as store:
        assert store.incidents() == []
        summary = store.dedup()
        assert summary.events == 2
        assert sorted(e for i in store.incidents() for e in i.event_ids) == ["e1", "e2"]


def test_downgrade_to_0004_drops_incidents_and_keeps_events(db_url: str) -> None:
    engine = _database_at_0004(db_url)
    upgrade(engine)
    with open_store(db_url) as store:
        store.dedup()
    downgrade(engine, "0004")
    with engine.connect() as conn:
        assert NEW_TABLES.isdisjoint(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT event_id FROM events ORDER BY event_id")).scalars().all() == ["e1", "e2"]
    upgrade(engine)
    engine.dispose()
