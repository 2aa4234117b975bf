"""Incidents (canonical events, ``kharita.store.Incident``) as a table, JSON, JSONL or CSV, and one incident's
sources, evidence, toll and history as text or JSON (`kharita events --incidents`, `kharita events show`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kharita.models import record_to_dict

if TYPE_CHECKING:
    from kharita.dedup import MatchExplanation
    from kharita.store import Incident, IncidentDetail, IncidentSource, LogEntry

CSV_COLUMNS = ("incident_id", "event_date", "event_type", "sub_event_type", "country", "country_code", "admin1",
               "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low",
               "fatalities_high", "n_sources", "event_ids")
_EVIDENCE_CHARS = 160


def render_incidents(incidents: Sequence[Incident], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([record_to_dict(i) for i in incidents], ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(record_to_dict(i), ensure_ascii=False) + "\n" for i in incidents)
    if fmt == "csv":
        return _csv(incidents)
    return _table(incidents)


def _place(incident: Incident) -> str:
    where = incident.location
    if where is None:
        return incident.country or "—"
    return ", ".join(p for p in (where.name, where.admin1, where.country_code) if p)


def _toll(incident: Incident) -> str:
    if incident.fatalities_low == incident.fatalities_high:
        return str(incident.fatalities)
    return f"{incident.fatalities} ({incident.fatalities_low}-{incident.fatalities_high})"


def _table(incidents: Sequence[Incident], *, width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(incidents)} incident(s)")
    for column in ("incident", "date", "type", "place", "killed (range)", "sources"):
        table.add_column(column, overflow="fold")
    for i in incidents:
        table.add_row(i.incident_id, i.event_date.isoformat() if i.event_date else "—", i.sub_event_type,
                      _place(i), _toll(i), str(i.n_sources))
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _csv(incidents: Sequence[Incident]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i in incidents:
        where = i.location
        writer.writerow({
            "incident_id": i.incident_id, "event_date": i.event_date.isoformat() if i.event_date else "",
            "event_type": i.event_type, "sub_event_type": i.sub_event_type, "country": i.country or "",
            "country_code": i.country_code or "", "admin1": where.admin1 if where else "",
            "admin2": where.admin2 if where else "", "location": where.name if where else "",
            "latitude": where.latitude if where else "", "longitude": where.longitude if where else "",
            "geo_precision": where.geo_precision if where else "", "fatalities": i.fatalities,
            "fatalities_low": i.fatalities_low, "fatalities_high": i.fatalities_high, "n_sources": i.n_sources,
            "event_ids": ";".join(i.event_ids)})
    return out.getvalue()


# --- one incident -----------------------------------------------------------------------------------------

def detail_dict(detail: IncidentDetail) -> dict[str, Any]:
    return record_to_dict(detail)


def render_detail(detail: IncidentDetail, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(detail_dict(detail), ensure_ascii=False, indent=2) + "\n"
    return "\n".join(_detail_lines(detail)) + "\n"


def _detail_lines(detail: IncidentDetail) -> Iterator[str]:
    i = detail.incident
    day = i.event_date.isoformat() if i.event_date else "undated"
    yield f"Incident {i.incident_id}: {i.event_type} / {i.sub_event_type}, {day}, {_place(i)}"
    yield (f"Fatalities: {i.fatalities} (best: the lowest toll of the latest reports); range {i.fatalities_low}-"
           f"{i.fatalities_high} over the reports that give one")
    yield f"Sources ({i.n_sources}):"
    for n, source in enumerate(detail.sources, 1):
        yield from _source_lines(n, source)
    yield "History:" if detail.history else "History: none (no merge or split recorded)"
    for entry in detail.history:
        yield "  " + _history_line(entry)


def _source_lines(n: int, source: IncidentSource) -> Iterator[str]:
    e = source.event
    published = source.published_at.isoformat() if source.published_at else "undated"
    title = f' "{source.title}"' if source.title else ""
    yield f"  {n}. article {e.article_id} ({source.source or 'unknown source'}, {published}){title}"
    day = e.event_date.isoformat() if e.event_date else "no date"
    place = e.location.name if e.location else e.country or "no place"
    yield f"     event {e.event_id}: {e.sub_event_type}, {day}, {place}, {e.fatalities} killed"
    for span in e.evidence:
        text = span.text if len(span.text) <= _EVIDENCE_CHARS else span.text[: _EVIDENCE_CHARS - 1] + "…"
        yield f"     evidence [{span.start}:{span.end}]: {text}"
    if source.link is not None:
        yield f"     why: {_why(source.link, e.event_id)}"


def _why(link: MatchExplanation, event_id: str) -> str:
    return f"best match with event {link.other(event_id)}, {link.summary()}"


def _history_line(entry: LogEntry) -> str:
    when = entry.at.strftime("%Y-%m-%d %H:%M")
    if entry.action == "split":
        apart = entry.reasons.get("apart_from", [])
        return f"{when} split: event {entry.event_id} detached from {entry.incident_id} (kept apart from " \
               f"{len(apart)} report(s))"
    score = f"{entry.score:.2f}" if entry.score is not None else "n/a"
    other = entry.reasons.get("b") if entry.reasons.get("a") == entry.event_id else entry.reasons.get("a")
    return f"{when} merge: event {entry.event_id} into {entry.incident_id} (score {score}, matched event {other})"
