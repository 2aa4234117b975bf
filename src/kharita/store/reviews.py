"""A person's reviews of incidents: verify, reject, correct fields; every edit kept with before and after.

Incidents are recomputed whenever reports arrive or are split off (``store.incidents``), so a correction is not
only written to the incident row: it is logged against the incident's earliest report and applied again each
time the incident holding that report is rewritten (``reapply_edits``). A person's word outlasts later
reports: a verified incident stays verified, a corrected toll stays corrected.

Every function works inside a session the caller opened (and commits).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kharita.errors import InputError, StoreError
from kharita.models import SUB_EVENT_TYPES
from kharita.store.schema import REVIEW_STATUSES, IncidentEditRow, IncidentEventRow, IncidentRow

EDITABLE = ("review_status", "event_date", "event_type", "sub_event_type", "fatalities")
_CHUNK = 500


@dataclass(frozen=True)
class IncidentChange:
    """What a reviewer asks to change; None leaves a field as it is. ``sub_event_type`` sets ``event_type`` too
    (ACLED's hierarchy); ``event_type`` alone must agree with the sub-event type kept."""

    review_status: str | None = None
    event_date: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    fatalities: int | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EditEntry:
    """One stored edit of an incident: the fields changed (values JSON-ready: dates as ISO text)."""

    edit_id: int
    incident_id: str
    event_id: str
    changes: tuple[FieldChange, ...]
    comment: str | None
    author: str | None
    at: datetime


def edit_incident(session: Session, incident_id: str, change: IncidentChange, *, comment: str | None = None,
                  author: str | None = None, now: datetime | None = None) -> EditEntry | None:
    """Apply ``change`` to the incident and log it; None (and nothing logged) when it changes nothing."""
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise InputError(f"no incident {incident_id!r}; list incidents with `kharita events --incidents`.")
    wanted = _target_values(row, change)
    changes = tuple(FieldChange(name, _jsonable(getattr(row, _COLUMN[name])), _jsonable(value))
                    for name, value in wanted.items() if getattr(row, _COLUMN[name]) != value)
    if not changes:
        return None
    anchor = session.scalar(select(IncidentEventRow.event_id).where(IncidentEventRow.incident_id == incident_id)
                            .order_by(IncidentEventRow.position).limit(1))
    if anchor is None:
        raise StoreError(f"incident {incident_id!r} has no reports; the database is inconsistent. Rebuild the "
                         "incidents with `kharita dedup --rebuild`.")
    _apply(row, {c.field: c.after for c in changes})
    edit = IncidentEditRow(incident_id=incident_id, event_id=anchor, comment=comment, author=author,
                           changes=json.dumps({c.field: {"before": c.before, "after": c.after} for c in changes}),
                           at=now or datetime.now(UTC))
    session.add(edit)
    session.flush()
    return _entry(edit)


_COLUMN = {"review_status": "review_status", "event_date": "event_date", "event_type": "event_type",
           "sub_event_type": "sub_event_type", "fatalities": "fatalities_best"}


def _target_values(row: IncidentRow, change: IncidentChange) -> dict[str, Any]:
    """The values ``change`` asks for, checked: a known status and sub-event type, a type that agrees."""
    if change.is_empty():
        raise InputError("nothing to change: give review_status, event_date, event_type, sub_event_type or "
                         "fatalities.")
    wanted: dict[str, Any] = {}
    if change.review_status is not None:
        if change.review_status not in REVIEW_STATUSES:
            raise InputError(f"review status {change.review_status!r} is not one of {', '.join(REVIEW_STATUSES)}.")
        wanted["review_status"] = change.review_status
    if change.event_date is not None:
        wanted["event_date"] = change.event_date
    sub_type = change.sub_event_type or row.sub_event_type
    if sub_type not in SUB_EVENT_TYPES:
        raise InputError(f"{sub_type!r} is not an ACLED sub-event type; use one of: {', '.join(SUB_EVENT_TYPES)}.")
    if change.event_type is not None and change.event_type != SUB_EVENT_TYPES[sub_type]:
        raise InputError(f"event type {change.event_type!r} does not go with sub-event type {sub_type!r} (which "
                         f"is {SUB_EVENT_TYPES[sub_type]!r}); change sub_event_type as well.")
    if change.sub_event_type is not None or change.event_type is not None:
        wanted["sub_event_type"], wanted["event_type"] = sub_type, SUB_EVENT_TYPES[sub_type]
    if change.fatalities is not None:
        if change.fatalities < 0:
            raise InputError(f"fatalities must be 0 or more, not {change.fatalities}.")
        wanted["fatalities"] = change.fatalities
    return wanted


def _apply(row: IncidentRow, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name == "event_date":
            row.event_date = date.fromisoformat(value) if isinstance(value, str) else value
        elif name == "fatalities":
            _set_fatalities(row, int(value))
        elif name == "sub_event_type" and value in SUB_EVENT_TYPES:
            row.sub_event_type, row.event_type = value, SUB_EVENT_TYPES[value]
        else:
            setattr(row, _COLUMN[name], value)


def _set_fatalities(row: IncidentRow, value: int) -> None:
    """A reviewer's toll is the best figure; the range over the reports widens to include it."""
    untolled = row.fatalities_low == 0 and row.fatalities_high == 0
    row.fatalities_best = value
    row.fatalities_low = value if untolled else min(row.fatalities_low, value)
    row.fatalities_high = value if untolled else max(row.fatalities_high, value)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def reapply_edits(session: Session, incidents: Mapping[str, Sequence[str]]) -> int:
    """Apply again, oldest first, the edits logged against any report of the incidents just (re)written
    (incident id → its event ids); returns how many were applied."""
    owner = {event_id: incident_id for incident_id, events in incidents.items() for event_id in events}
    applied = 0
    for edit in _edits_of_events(session, owner):
        row = session.get(IncidentRow, owner[edit.event_id])
        if row is not None:
            _apply(row, {name: value["after"] for name, value in _changes(edit).items() if name in _COLUMN})
            applied += 1
    return applied


def _edits_of_events(session: Session, event_ids: Collection[str]) -> list[IncidentEditRow]:
    found: list[IncidentEditRow] = []
    ordered = sorted(event_ids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.extend(session.scalars(select(IncidentEditRow).where(IncidentEditRow.event_id.in_(chunk))))
    return sorted(found, key=lambda e: (e.at, e.id))


def list_edits(session: Session, incident_id: str, event_ids: Sequence[str]) -> list[EditEntry]:
    """The edits of an incident: made on it, or on one of its reports (under an earlier incident id)."""
    stmt = (select(IncidentEditRow)
            .where(or_(IncidentEditRow.incident_id == incident_id, IncidentEditRow.event_id.in_(list(event_ids))))
            .order_by(IncidentEditRow.at, IncidentEditRow.id))
    return [_entry(row) for row in session.scalars(stmt)]


def _entry(row: IncidentEditRow) -> EditEntry:
    changes = tuple(FieldChange(name, value.get("before"), value.get("after"))
                    for name, value in _changes(row).items())
    return EditEntry(row.id, row.incident_id, row.event_id, changes, row.comment, row.author, row.at)


def _changes(row: IncidentEditRow) -> dict[str, dict[str, Any]]:
    try:
        value = json.loads(row.changes)
    except json.JSONDecodeError as exc:
        raise StoreError(f"incident edit {row.id} holds {row.changes[:80]!r}, which is not JSON; the database is "
                         "corrupt. Delete that row from incident_edits.") from exc
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, dict)}
