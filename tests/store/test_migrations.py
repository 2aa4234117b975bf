"""Migration 0002 (actor registry) on databases that already hold data, on SQLite and PostgreSQL.

(That the migrated schema matches the ORM metadata is checked in test_store_open.py.)
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from store_records import extraction, full_event

from kharita.models import Actor
from kharita.store import StoredActor, open_store
from kharita.store.engine import make_engine, parse_url
from kharita.store.migrate import downgrade, upgrade

ROWS = (
    "INSERT INTO articles (id, content_hash, text, ingested_at) VALUES ('a1', 'h1', 'text', CURRENT_TIMESTAMP)",
    "INSERT INTO actors (name, type, country) VALUES ('Taliban', 'Rebel group', NULL)",
    (
        "INSERT INTO events (event_id, article_id, event_type, sub_event_type, actor1_id, fatalities, injured, "
        "confidence, notes) SELECT 'e1', 'a1', 'Battles', 'Armed clash', id, 2, 0, 0.5, '' FROM actors"
    ),
)


def _database_at_0001(url: str) -> Engine:
    engine = make_engine(parse_url(url))
    upgrade(engine, "0001")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    return engine


def test_existing_actors_keep_working(db_url: str) -> None:
    _database_at_0001(db_url).dispose()
    with open_store(db_url) as store:
        assert store.actors() == [StoredActor(None, "Taliban", "Rebel group", None, True, events=1)]
        assert store.events()[0].actor1 == Actor("Taliban", "Rebel group", None)
        store.save([extraction(2, full_event("e2", "a2", actor1=Actor("Taliban", "Rebel group", None, id="tb")))])
        assert store.actor("tb") == StoredActor("tb", "Taliban", "Rebel group", None, True, events=2)


def test_downgrade_to_0001_keeps_events_and_actors(db_url: str) -> None:
    engine = _database_at_0001(db_url)
    upgrade(engine)
    downgrade(engine, "0001")
    with engine.connect() as conn:
        assert [c["name"] for c in inspect(conn).get_columns("actors")] == ["id", "name", "type", "country"]
        [(actor_id, name)] = conn.execute(text("SELECT id, name FROM actors")).all()
        assert name == "Taliban"
        assert conn.execute(text("SELECT event_id, actor1_id FROM events")).all() == [("e1", actor_id)]
    engine.dispose()


def test_sqlite_foreign_keys_stay_on_after_migrating(sqlite_url: str) -> None:
    engine = _database_at_0001(sqlite_url)
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
