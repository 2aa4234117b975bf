"""The actor registry kept in the database: keys, listing, add, merge, review and entries for extraction.

Runs on SQLite and PostgreSQL. Actor names and ids are invented (or registry-like) so the tests do not depend
on the packaged registry's contents.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from store_records import ARMY, TALIBAN, count_rows, extraction, full_event

from kharita.errors import StoreError
from kharita.models import Actor
from kharita.resources.actors import ActorEntry, build_registry, lookup_name, reset_actors, use_actors
from kharita.store import Store, StoredActor

TTP = Actor("TTP: Tehrik-i-Taliban Pakistan", "Rebel group", "Pakistan", id="ttp")
TTP_NEW = Actor("Tehreek-e-Taliban", "Rebel group", "Pakistan", id="new-tehreek-e-taliban", reviewed=False)
ZLF_NEW = Actor("Zarqawi Liberation Front", "Rebel group", "Nigeria", id="new-zarqawi-liberation-front",
                reviewed=False)
JUA = ActorEntry(id="jua", name="JuA: Jamaat-ul-Ahrar", type="Rebel group", country_code="PK",
                 aliases=("Jamaat ul Ahrar",), acronyms=("JuA",))


@pytest.fixture(autouse=True)
def _packaged_registry() -> Iterator[None]:
    reset_actors()
    yield
    reset_actors()


def stored(actor: Actor, events: int, **changes: object) -> StoredActor:
    fields: dict[str, object] = {"key": actor.id, "name": actor.name, "type": actor.type,
                                 "country": actor.country, "reviewed": actor.reviewed, "events": events}
    fields.update(changes)
    return StoredActor(**fields)  # type: ignore[arg-type]


def save_ttp_events(store: Store) -> None:
    """e1: TTP vs army; e2: the unreviewed spelling vs army; e3: army vs the unreviewed spelling."""
    store.save([extraction(1, full_event("e1", "a1", actor1=TTP, actor2=ARMY),
                           full_event("e2", "a1", actor1=TTP_NEW, actor2=ARMY),
                           full_event("e3", "a1", actor1=ARMY, actor2=TTP_NEW))])


def actor_pairs(store: Store) -> list[tuple[str, str | None, str | None]]:
    return [(e.event_id, e.actor1.id if e.actor1 else None, e.actor2.id if e.actor2 else None)
            for e in store.events()]


# --- keys on save -------------------------------------------------------------------------------------


def test_actor_id_and_reviewed_round_trip(store: Store) -> None:
    event = full_event("e1", "a1", actor1=TTP, actor2=TTP_NEW)
    store.save([extraction(1, event)])
    assert store.events() == [event]


def test_one_row_per_key(store: Store) -> None:
    renamed = Actor("Tehrik-i-Taliban Pakistan", TTP.type, TTP.country, id="ttp")
    store.save([extraction(1, full_event("e1", "a1", actor1=TTP))])
    store.save([extraction(2, full_event("e2", "a2", actor1=renamed))])
    assert count_rows(store, "actors") == 2  # ttp and TALIBAN
    assert [e.actor1 for e in store.events()] == [TTP, TTP]


def test_key_seen_with_another_type_is_stored_apart(store: Store) -> None:
    home = Actor("Military Forces of Pakistan", "State forces", "Pakistan", id="military-forces-of-pakistan")
    abroad = Actor(home.name, "External/Other forces", "Pakistan", id=home.id)
    store.save([extraction(1, full_event("e1", "a1", actor1=home), full_event("e2", "a1", actor1=abroad))])
    assert [e.actor1 for e in store.events()] == [home, Actor(home.name, abroad.type, "Pakistan")]


def test_row_stored_without_key_gets_it(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=Actor(TTP.name, TTP.type, TTP.country)))])
    store.save([extraction(2, full_event("e2", "a2", actor1=TTP))])
    assert count_rows(store, "actors") == 2
    assert store.actor("ttp") == stored(TTP, 2)


# --- listing and lookup -------------------------------------------------------------------------------


def test_actors_lists_everything_with_event_counts(store: Store) -> None:
    save_ttp_events(store)
    army = Actor(ARMY.name, ARMY.type, ARMY.country)
    assert store.actors() == [stored(army, 3), stored(TTP_NEW, 2), stored(TTP, 1)]


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"unreviewed_only": True}, ["Tehreek-e-Taliban"]),
        ({"country": "pk"}, ["Tehreek-e-Taliban", "TTP: Tehrik-i-Taliban Pakistan"]),
        ({"country": "PAKISTAN"}, ["Tehreek-e-Taliban", "TTP: Tehrik-i-Taliban Pakistan"]),
        ({"country": "AF"}, ["Military Forces of Afghanistan"]),
        ({"country": "NG"}, []),
        ({"search": "TALIBAN"}, ["Tehreek-e-Taliban", "TTP: Tehrik-i-Taliban Pakistan"]),
        ({"search": "new-tehreek"}, ["Tehreek-e-Taliban"]),
        ({"search": "%"}, []),
        ({"search": "taliban", "unreviewed_only": True, "country": "PK"}, ["Tehreek-e-Taliban"]),
    ],
)
def test_actors_filters(store: Store, filters: dict[str, object], names: list[str]) -> None:
    save_ttp_events(store)
    assert [a.name for a in store.actors(**filters)] == names  # type: ignore[arg-type]


def test_actor_by_key_or_name(store: Store) -> None:
    save_ttp_events(store)
    assert store.actor("ttp") == stored(TTP, 1)
    assert store.actor("tehreek-e-TALIBAN") == stored(TTP_NEW, 2)
    assert store.actor("Military Forces of Afghanistan") == stored(Actor(ARMY.name, ARMY.type, ARMY.country), 3)
    assert store.actor("nobody") is None


def test_ambiguous_name_asks_for_the_key(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=TALIBAN),
                           full_event("e2", "a1", actor1=Actor("Taliban", "Political militia", None, id="tb")))])
    with pytest.raises(StoreError, match=r"2 actors are named 'taliban' .*tb: Taliban .*use the key instead"):
        store.actor("taliban")
    assert store.actor("tb") == StoredActor("tb", "Taliban", "Political militia", None, True, events=1)


# --- add, merge, review ---------------------------------------------------------------------------------


def test_add_actor_inserts_then_updates_by_key(store: Store) -> None:
    added = store.add_actor(JUA)
    assert added == StoredActor("jua", JUA.name, "Rebel group", "Pakistan", True, ("Jamaat ul Ahrar", "JuA"),
                                origin="added")
    renamed = ActorEntry(id="jua", name="JuA: Jamaat-ul-Ahrar (Pakistan)", type="Rebel group",
                         country_code="PK", aliases=("Jamat-ul-Ahrar", "jamaat ul ahrar"), reviewed=False)
    assert store.add_actor(renamed) == StoredActor(
        "jua", renamed.name, "Rebel group", "Pakistan", False, ("Jamaat ul Ahrar", "JuA", "Jamat-ul-Ahrar"),
        origin="added")
    assert count_rows(store, "actors") == 1


def test_add_actor_takes_over_a_row_stored_without_key(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=Actor(JUA.name, JUA.type, "Pakistan")))])
    assert store.add_actor(JUA).events == 1
    assert count_rows(store, "actors") == 2
    assert store.events()[0].actor1 == Actor(JUA.name, JUA.type, "Pakistan", id="jua")


def test_add_actor_with_a_taken_name_says_merge(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=TTP))])
    clash = ActorEntry(id="ttp-2", name=TTP.name, type=TTP.type, country_code="PK")
    advice = r"already stored as ttp\. Merge the two with `kharita actors merge ttp-2 ttp`"
    with pytest.raises(StoreError, match=advice):
        store.add_actor(clash)


@pytest.mark.parametrize(
    ("entry", "advice"),
    [
        (ActorEntry(id="police", name="Police Forces of {country}", type="State forces"), "--actors FILE"),
        (ActorEntry(id="Bad Id", name="Bad", type="Rebel group"), "lower case letters, digits and hyphens"),
        (ActorEntry(id="x", name="X", type="Gang"), "use one of: State forces, Rebel group"),
        (ActorEntry(id="x", name="X", type="Rebel group", country_code="XX"), "a code such as PK"),
    ],
)
def test_add_actors_refuses_bad_entries_and_stores_none(store: Store, entry: ActorEntry, advice: str) -> None:
    with pytest.raises(StoreError, match=advice):
        store.add_actors([JUA, entry])
    assert store.actors() == []


def test_merge_moves_events_and_keeps_the_dropped_row(store: Store) -> None:
    save_ttp_events(store)
    kept = store.merge_actors("ttp", "new-tehreek-e-taliban")
    assert kept == stored(TTP, 3, aliases=("Tehreek-e-Taliban",), origin="curated")
    assert actor_pairs(store) == [("e1", "ttp", None), ("e2", "ttp", None), ("e3", None, "ttp")]
    assert store.actor("new-tehreek-e-taliban") == stored(TTP_NEW, 0, merged_into="ttp")
    assert store.actors(unreviewed_only=True) == []


def test_merged_actor_resolves_to_the_kept_one_on_save(store: Store) -> None:
    save_ttp_events(store)
    store.merge_actors("ttp", "new-tehreek-e-taliban")
    store.save([extraction(2, full_event("e4", "a2", actor1=TTP_NEW, actor2=Actor(TTP_NEW.name, TTP.type,
                                                                                   TTP.country)))])
    assert [e.actor1 for e in store.events(article_id="a2")] == [TTP]
    assert [e.actor2 for e in store.events(article_id="a2")] == [TTP]
    assert count_rows(store, "actors") == 3


def test_merges_of_merges(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=ZLF_NEW, actor2=TTP_NEW))])
    store.add_actor(JUA)
    store.merge_actors("new-tehreek-e-taliban", "new-zarqawi-liberation-front")
    kept = store.merge_actors("jua", "new-tehreek-e-taliban")
    assert kept.aliases == ("Jamaat ul Ahrar", "JuA", "Tehreek-e-Taliban", "Zarqawi Liberation Front")
    store.save([extraction(2, full_event("e2", "a2", actor1=ZLF_NEW))])
    assert store.events(article_id="a2")[0].actor1 == Actor(JUA.name, JUA.type, "Pakistan", id="jua")
    dropped = store.actor("new-zarqawi-liberation-front")
    assert dropped is not None and dropped.merged_into == "new-tehreek-e-taliban"


@pytest.mark.parametrize(
    ("keep", "drop", "advice"),
    [
        ("ttp", "TTP: Tehrik-i-Taliban Pakistan", "are the same actor; name two different actors"),
        ("nobody", "ttp", "no actor 'nobody' in the database. List the stored actors with `kharita actors list`"),
        ("ttp", "nobody", "no actor 'nobody' in the database"),
        ("ttp", "new-zarqawi-liberation-front", "already merged into new-tehreek-e-taliban; nothing to do"),
        (
            "new-zarqawi-liberation-front",
            "ttp",
            r"merge into that one instead \(`kharita actors merge new-tehreek-e-taliban ttp`\)",
        ),
    ],
)
def test_merge_refusals(store: Store, keep: str, drop: str, advice: str) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=TTP, actor2=TTP_NEW),
                           full_event("e2", "a1", actor1=ZLF_NEW))])
    store.merge_actors("new-tehreek-e-taliban", "new-zarqawi-liberation-front")
    with pytest.raises(StoreError, match=advice):
        store.merge_actors(keep, drop)
    assert actor_pairs(store) == [("e1", "ttp", "new-tehreek-e-taliban"), ("e2", "new-tehreek-e-taliban", None)]


def test_mark_reviewed(store: Store) -> None:
    save_ttp_events(store)
    assert store.mark_reviewed("new-tehreek-e-taliban") == stored(TTP_NEW, 2, reviewed=True, origin="curated")
    assert store.actors(unreviewed_only=True) == []
    with pytest.raises(StoreError, match="no actor 'nobody'"):
        store.mark_reviewed("nobody")


# --- entries for the registry ---------------------------------------------------------------------------


def test_actor_entries_are_the_curated_actors(store: Store) -> None:
    base = build_registry([], [ActorEntry(id="ttp", name=TTP.name, type="Rebel group", country_code="PK",
                                          aliases=("Tehrik-i-Taliban",), acronyms=("TTP",), parent="x")])
    save_ttp_events(store)
    store.add_actor(JUA)
    store.merge_actors("ttp", "new-tehreek-e-taliban")
    assert store.actor_entries(base) == [
        ActorEntry(id="ttp", name=TTP.name, type="Rebel group", country_code="PK",
                   aliases=("Tehrik-i-Taliban", "Tehreek-e-Taliban"), acronyms=("TTP",), parent="x"),
        ActorEntry(id="jua", name=JUA.name, type="Rebel group", country_code="PK", aliases=("Jamaat ul Ahrar",),
                   acronyms=("JuA",)),
    ]


def test_reviewed_group_becomes_an_entry(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1", actor1=ZLF_NEW))])
    assert store.actor_entries() == []
    store.mark_reviewed("new-zarqawi-liberation-front")
    assert store.actor_entries() == [ActorEntry(id="new-zarqawi-liberation-front", name=ZLF_NEW.name,
                                                type="Rebel group", country_code="NG")]


def test_actor_entries_feed_the_registry(store: Store) -> None:
    qala = ActorEntry(id="qala", name="QaLA: Qaraqum Liberation Army", type="Rebel group", country_code="TM",
                      aliases=("Qaraqum Army",), acronyms=("QaLA",))
    store.save([extraction(1, full_event("e1", "a1", actor1=ZLF_NEW))])
    store.add_actor(qala)
    store.merge_actors("qala", "new-zarqawi-liberation-front")
    assert [lookup_name(t) for t in ("Qaraqum Army", "QaLA", "Zarqawi Liberation Front")] == [None] * 3
    use_actors(entries=store.actor_entries())
    for text in ("qaraqum army", "QaLA", "Zarqawi Liberation Front", "QaLA: Qaraqum Liberation Army"):
        found = lookup_name(text)
        assert found is not None and found.id == "qala", text
    assert lookup_name("qala") is None  # acronyms match as written
