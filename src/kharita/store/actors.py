"""The actor registry kept in the database: list, look up, add, merge, review; entries for extraction.

Every function takes an open session; :class:`kharita.store.Store` wraps them in transactions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, func, or_, select, union, update
from sqlalchemy.orm import Session

from kharita.errors import StoreError
from kharita.resources.actors import ACTOR_TYPES, ActorEntry, Registry, slug
from kharita.store.convert import aliases_json, row_aliases, unique_names
from kharita.store.countries import country_code, country_name
from kharita.store.schema import ORIGIN_ADDED, ORIGIN_CURATED, ORIGIN_EXTRACTED, ActorRow, EventRow

_LIST_HINT = "List the stored actors with `kharita actors list`."
_CHUNK = 500
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class StoredActor:
    """An actor as the database holds it. ``merged_into`` is the key (or, for an actor stored without one,
    the name) of the actor that replaced it; ``events`` counts the events naming it as actor 1 or 2."""

    key: str | None
    name: str
    type: str
    country: str | None
    reviewed: bool
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None
    events: int = 0
    origin: str = ORIGIN_EXTRACTED

    @property
    def label(self) -> str:
        """How messages name it: the key, else the name."""
        return self.key or self.name


def list_actors(
    session: Session, *, unreviewed_only: bool = False, country: str | None = None, search: str | None = None
) -> list[StoredActor]:
    """Ordered by name (case-folded, in Python: the same order on every database), type, row id."""
    rows = session.scalars(select(ActorRow).where(*_conditions(unreviewed_only, country, search))).all()
    return _stored(session, sorted(rows, key=lambda r: (r.name.casefold(), r.type, r.id)))


def find_actor(session: Session, key_or_name: str) -> ActorRow | None:
    """The actor whose key is ``key_or_name``, else the one so named (any case); several → StoreError."""
    keyed = session.scalars(select(ActorRow).where(ActorRow.key == key_or_name)).first()
    if keyed is not None:
        return keyed
    named = session.scalars(
        select(ActorRow).where(func.lower(ActorRow.name) == key_or_name.lower()).order_by(ActorRow.id)
    ).all()
    live = [row for row in named if row.merged_into_id is None] or list(named)
    if len(live) > 1:
        choices = "; ".join(f"{r.key or '(no key)'}: {r.name} ({r.type}, {r.country or 'no country'})"
                            for r in live)
        raise StoreError(f"{len(live)} actors are named {key_or_name!r} ({choices}); use the key instead.")
    return live[0] if live else None


def stored(session: Session, row: ActorRow) -> StoredActor:
    return _stored(session, [row])[0]


def require_actor(session: Session, key_or_name: str) -> ActorRow:
    row = find_actor(session, key_or_name)
    if row is None:
        raise StoreError(f"no actor {key_or_name!r} in the database. {_LIST_HINT}")
    return row


def add_actor(session: Session, entry: ActorEntry) -> ActorRow:
    """Insert the entry, or update the actor with its key (or, if none has it, its name, type and country).
    Aliases and acronyms are added to those already stored; the actor becomes an added one."""
    _check_entry(entry)
    country = country_name(entry.country_code)
    row = session.scalars(select(ActorRow).where(ActorRow.key == entry.id)).first()
    twin = _by_name(session, entry.name, entry.type, country)
    if row is None and twin is not None and twin.key in (None, entry.id):
        row = twin
    if twin is not None and twin is not row:
        raise StoreError(
            f"cannot store {entry.id!r}: {entry.name!r} ({entry.type}, {country or 'no country'}) is already "
            f"stored as {twin.key or '(no key)'}. Merge the two with `kharita actors merge {entry.id} "
            f"{twin.key or twin.name}`, or give {entry.id!r} another name."
        )
    if row is None:
        row = ActorRow(merged_into_id=None)
        session.add(row)
    old = row_aliases(row) if row.aliases else ()
    row.key, row.name, row.type, row.country = entry.id, entry.name, entry.type, country
    row.reviewed, row.origin = entry.reviewed, ORIGIN_ADDED
    row.aliases = aliases_json(unique_names([*old, *entry.aliases, *entry.acronyms], without=[entry.name]))
    session.flush()
    return row


def merge_actors(session: Session, keep: str, drop: str) -> ActorRow:
    """Events of ``drop`` now name ``keep``; ``drop`` stays, marked merged, its names become ``keep``'s."""
    kept, dropped = require_actor(session, keep), require_actor(session, drop)
    _check_merge(session, kept, dropped, keep, drop)
    for column in (EventRow.actor1_id, EventRow.actor2_id):
        session.execute(update(EventRow).where(column == dropped.id).values({column: kept.id}))
    dropped.merged_into_id = kept.id
    names = unique_names([*row_aliases(kept), dropped.name, *row_aliases(dropped)], without=[kept.name])
    kept.aliases = aliases_json(names)
    kept.origin = ORIGIN_ADDED if kept.origin == ORIGIN_ADDED else ORIGIN_CURATED
    session.flush()
    return kept


def mark_reviewed(session: Session, key_or_name: str) -> ActorRow:
    row = require_actor(session, key_or_name)
    row.reviewed = True
    row.origin = ORIGIN_ADDED if row.origin == ORIGIN_ADDED else ORIGIN_CURATED
    session.flush()
    return row


def actor_entries(session: Session, registry: Registry) -> list[ActorEntry]:
    """Registry entries for the actors added, reviewed or merged into in the database (merged actors' names
    are aliases of the kept one). A key the registry knows keeps its registry data; added actors override
    its name, type and country."""
    stmt = select(ActorRow).where(ActorRow.origin != ORIGIN_EXTRACTED, ActorRow.merged_into_id.is_(None))
    return [_entry(row, registry) for row in session.scalars(stmt.order_by(ActorRow.id))]


def is_acronym(name: str) -> bool:
    """'MQM', 'MQM-P', 'M23', 'JuA': no spaces, at most 12 characters, at least as many capitals as small
    letters. Stored aliases like these are matched case-sensitively, as registry acronyms are."""
    upper = sum(c.isupper() for c in name)
    lower = sum(c.islower() for c in name)
    return len(name) <= 12 and not any(c.isspace() for c in name) and upper >= 1 and upper >= lower


def _entry(row: ActorRow, registry: Registry) -> ActorEntry:
    key = row.key or slug(row.name)
    names = row_aliases(row)
    acronyms = tuple(n for n in names if is_acronym(n))
    aliases = tuple(n for n in names if not is_acronym(n))
    base = registry.get(key)
    if base is None or not base.named:
        return ActorEntry(id=key, name=row.name, type=row.type, country_code=country_code(row.country),
                          aliases=aliases, acronyms=acronyms, reviewed=row.reviewed)
    if row.origin == ORIGIN_ADDED:
        base = replace(base, name=row.name, type=row.type, country_code=country_code(row.country))
    return replace(
        base,
        aliases=tuple(unique_names([*base.aliases, *aliases], without=[base.name])),
        acronyms=tuple(dict.fromkeys([*base.acronyms, *acronyms])),
        reviewed=row.reviewed,
    )


def _check_entry(entry: ActorEntry) -> None:
    if not _ID.fullmatch(entry.id):
        raise StoreError(f"actor {entry.name!r} has id {entry.id!r}; an id is lower case letters, digits and "
                         f"hyphens, e.g. {slug(entry.name) or 'my-group'!r}.")
    if not entry.named:
        raise StoreError(
            f"{entry.id!r} is a generic actor ({entry.name!r}); generic descriptions are not stored in the "
            "database. Keep it in a YAML file and pass it with --actors FILE or KHARITA_ACTORS."
        )
    if entry.type not in ACTOR_TYPES:
        raise StoreError(f"actor {entry.name!r} has type {entry.type!r}; use one of: {', '.join(ACTOR_TYPES)}.")
    if entry.country_code is not None and country_name(entry.country_code) is None:
        raise StoreError(
            f"actor {entry.name!r} has country {entry.country_code!r}, which is not an ISO 3166-1 alpha-2 code "
            "kharita knows; use a code such as PK, or leave the country out for a transnational group."
        )


def _check_merge(session: Session, kept: ActorRow, dropped: ActorRow, keep: str, drop: str) -> None:
    if kept.id == dropped.id:
        raise StoreError(f"{keep!r} and {drop!r} are the same actor; name two different actors to merge.")
    if dropped.merged_into_id is not None:
        raise StoreError(f"{drop!r} was already merged into {_label(session, dropped.merged_into_id)}; "
                         "nothing to do.")
    if kept.merged_into_id is not None:
        target = _label(session, kept.merged_into_id)
        raise StoreError(f"{keep!r} was merged into {target}; merge into that one instead "
                         f"(`kharita actors merge {target} {drop}`).")


def _label(session: Session, actor_id: int) -> str:
    row = session.get(ActorRow, actor_id)
    return "?" if row is None else row.key or row.name


def _by_name(session: Session, name: str, actor_type: str, country: str | None) -> ActorRow | None:
    stmt = select(ActorRow).where(
        ActorRow.name == name, ActorRow.type == actor_type, ActorRow.country.is_not_distinct_from(country)
    )
    return session.scalars(stmt.limit(1)).first()


def _conditions(unreviewed_only: bool, country: str | None, search: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if unreviewed_only:
        conditions += [ActorRow.reviewed.is_(False), ActorRow.merged_into_id.is_(None)]
    if country is not None:
        names = {country.lower(), (country_name(country) or country).lower()}
        conditions.append(func.lower(ActorRow.country).in_(sorted(names)))
    if search is not None:
        conditions.append(
            or_(*(column.icontains(search, autoescape=True) for column in (ActorRow.key, ActorRow.name,
                                                                             ActorRow.aliases)))
        )
    return conditions


def _stored(session: Session, rows: Sequence[ActorRow]) -> list[StoredActor]:
    ids = [row.id for row in rows]
    counts = _event_counts(session, ids)
    targets = {r.merged_into_id for r in rows if r.merged_into_id is not None}
    labels = {t: _label(session, t) for t in targets}
    return [
        StoredActor(
            key=row.key, name=row.name, type=row.type, country=row.country, reviewed=row.reviewed,
            aliases=row_aliases(row), events=counts.get(row.id, 0), origin=row.origin,
            merged_into=labels.get(row.merged_into_id) if row.merged_into_id is not None else None,
        )
        for row in rows
    ]


def _event_counts(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """Events naming each actor (as actor 1 or 2; an event naming it on both sides counts once)."""
    sides = union(
        select(EventRow.actor1_id.label("actor_id"), EventRow.event_id),
        select(EventRow.actor2_id.label("actor_id"), EventRow.event_id),
    ).subquery()
    counts: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        stmt = (
            select(sides.c.actor_id, func.count())
            .where(sides.c.actor_id.in_(ids[start : start + _CHUNK]))
            .group_by(sides.c.actor_id)
        )
        counts.update((int(actor_id), int(n)) for actor_id, n in session.execute(stmt))
    return counts
