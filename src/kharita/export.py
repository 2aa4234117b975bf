"""Event records as a table, JSON, JSONL or CSV (ACLED column names where ACLED has the column)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kharita.models import Aggregate, Event, record_to_dict

if TYPE_CHECKING:
    from kharita.resources.actors import ActorEntry
    from kharita.store import StoredActor

FORMATS = ("table", "json", "jsonl", "csv")
ACTOR_FORMATS = ("table", "json")
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)
KHARITA_COLUMNS = ("article_id", "country_code", "geonameid", "date_precision", "fatalities_low",
                   "fatalities_high", "injured", "confidence", "evidence")


def disorder_type(event: Event) -> str:
    if event.sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event.event_type == "Protests" or event.sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event.event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(event: Event) -> str:
    types = sorted(a.type for a in (event.actor1, event.actor2) if a is not None)
    return "-".join(types) if len(types) == 2 else f"{types[0]} only" if types else ""


def acled_row(event: Event, source: str | None = None) -> dict[str, Any]:
    loc = event.location
    return {
        "event_id_cnty": event.event_id, "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": TIME_PRECISION.get(event.date_precision or "", ""),
        "disorder_type": disorder_type(event), "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else "", "assoc_actor_1": "; ".join(event.assoc_actor_1),
        "inter1": event.actor1.type if event.actor1 else "",
        "actor2": event.actor2.name if event.actor2 else "", "assoc_actor_2": "; ".join(event.assoc_actor_2),
        "inter2": event.actor2.type if event.actor2 else "", "interaction": interaction(event),
        "civilian_targeting": "Civilian targeting" if event.actor2 and event.actor2.type == "Civilians" else "",
        "country": event.country or (loc.country if loc else "") or "", "admin1": loc.admin1 if loc else "",
        "admin2": loc.admin2 if loc else "", "location": loc.name if loc else "",
        "latitude": loc.latitude if loc else "", "longitude": loc.longitude if loc else "",
        "geo_precision": loc.geo_precision if loc else "", "source": source or "", "notes": event.notes,
        "fatalities": event.fatalities, **_kharita_columns(event),
    }


def _kharita_columns(event: Event) -> dict[str, Any]:
    loc = event.location
    return {"article_id": event.article_id,
            "country_code": event.country_code or (loc.country_code if loc else "") or "",
            "geonameid": loc.geonameid if loc else "", "date_precision": event.date_precision or "",
            "fatalities_low": event.fatalities_low, "fatalities_high": event.fatalities_high,
            "injured": event.injured, "confidence": event.confidence,
            "evidence": " | ".join(e.text for e in event.evidence)}


def to_csv(events: Sequence[Event]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS + KHARITA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(acled_row(e) for e in events)
    return buffer.getvalue()


def to_json(events: Sequence[Event], aggregates: Sequence[Aggregate] = ()) -> str:
    records = [record_to_dict(e) for e in events] + [record_to_dict(a) for a in aggregates]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(events: Sequence[Event], aggregates: Sequence[Aggregate] = ()) -> str:
    records = [record_to_dict(e) for e in events] + [record_to_dict(a) for a in aggregates]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def place_label(event: Event | Aggregate) -> str:
    loc = event.location
    if loc is None:
        return "—"
    parts = [loc.name] + [p for p in (loc.admin1, loc.country_code) if p and p != loc.name]
    return ", ".join(parts) + ("" if loc.geo_precision == 1 else f" (geo {loc.geo_precision})")


def table_rows(events: Sequence[Event]) -> list[tuple[str, ...]]:
    return [(e.event_date.isoformat() if e.event_date else "—", e.sub_event_type,
             e.actor1.name if e.actor1 else "—", e.actor2.name if e.actor2 else "—", place_label(e),
             str(e.fatalities), f"{e.confidence:.2f}") for e in events]


def render_table(events: Sequence[Event], aggregates: Sequence[Aggregate] = (), *, width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(events)} event(s)", show_lines=False)
    for column in ("date", "type", "actor 1", "actor 2", "place", "killed", "conf."):
        table.add_column(column, overflow="fold")
    for row in table_rows(events):
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    console.print(table)
    if aggregates:
        console.print(_aggregate_table(aggregates))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _aggregate_table(aggregates: Sequence[Aggregate]) -> Any:
    from rich.table import Table

    table = Table(title=f"{len(aggregates)} cumulative toll(s) — not events, never added to event fatalities")
    for column in ("killed", "qualifier", "period", "place", "evidence"):
        table.add_column(column, overflow="fold")
    for agg in aggregates:
        table.add_row(str(agg.fatalities), agg.fatalities_qualifier or "", agg.period or "", place_label(agg),
                      agg.evidence[0].text[:100] if agg.evidence else "")
    return table


def render(events: Sequence[Event], aggregates: Sequence[Aggregate], fmt: str) -> str:
    if fmt == "json":
        return to_json(events, aggregates)
    if fmt == "jsonl":
        return to_jsonl(events, aggregates)
    if fmt == "csv":
        return to_csv(events)
    return render_table(events, aggregates)


# --- actors ----------------------------------------------------------------------------------------------


def inter_code(actor_type: str) -> int | None:
    from kharita.resources.actors import INTER_CODES

    return INTER_CODES.get(actor_type)


def stored_actor_dict(actor: StoredActor) -> dict[str, Any]:
    return {"id": actor.key, "name": actor.name, "type": actor.type, "inter": inter_code(actor.type),
            "country": actor.country, "reviewed": actor.reviewed, "aliases": list(actor.aliases),
            "merged_into": actor.merged_into, "events": actor.events, "origin": actor.origin}


def registry_entry_dict(entry: ActorEntry) -> dict[str, Any]:
    return {"id": entry.id, "name": entry.name, "type": entry.type, "inter": entry.inter,
            "country": entry.country_code, "aliases": list(entry.aliases), "acronyms": list(entry.acronyms),
            "descriptions": list(entry.descriptions), "parent": entry.parent, "affiliation": entry.affiliation,
            "years": list(entry.years), "reviewed": entry.reviewed, "notes": entry.notes}


def render_stored_actors(actors: Sequence[StoredActor], fmt: str) -> str:
    """Actors from the database as a table (with event counts) or JSON."""
    if fmt == "json":
        return json.dumps([stored_actor_dict(a) for a in actors], ensure_ascii=False, indent=2) + "\n"
    rows = [(a.key or "—", a.name, a.type, a.country or "—", "yes" if a.reviewed else "no", str(a.events),
             ", ".join(a.aliases), a.merged_into or "") for a in actors]
    columns = ("id", "name", "type", "country", "reviewed", "events", "aliases", "merged into")
    return _plain_table(f"{len(actors)} actor(s) in the database", columns, rows)


def render_registry(entries: Sequence[ActorEntry], fmt: str) -> str:
    """Registry entries (YAML files) as a table or JSON."""
    if fmt == "json":
        return json.dumps([registry_entry_dict(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
    rows = [(e.id, e.name, e.type, e.country_code or "—", "yes" if e.reviewed else "no",
             ", ".join((*e.acronyms, *e.aliases, *e.descriptions))) for e in entries]
    columns = ("id", "name", "type", "country", "reviewed", "acronyms, aliases, descriptions")
    return _plain_table(f"{len(entries)} actor(s) in the registry", columns, rows)


def _plain_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], *, width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]
