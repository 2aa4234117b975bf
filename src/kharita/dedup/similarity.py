"""Pairwise similarity of two reports: are they the same incident?

A record-linkage score in the Fellegi-Sunter style: every component adds points for agreement and takes
points away for contradiction (a log-odds weight), and the score is the logistic of the sum, a number in
[0, 1] read as "how likely the same incident". Components:

- text: words the two reports' evidence shares (``kharita.dedup.text``);
- date: days between the incident dates (event dates; the publication date stands in, with less weight);
- place: km between the located places (far apart counts strongly against: on a busy news day many unrelated
  stories share a type, a day and a small toll), and different countries;
- type: the same ACLED sub-event type; two different weapons (a shelling and a car bomb) contradict;
- victims: civilians in one report and state forces in the other;
- crowd: who protested or rioted (teachers, traders, students), as the evidence names them;
- actors: a named group both reports blame, or two different ones;
- fatalities: tolls that agree within a factor of two; a later report giving less than half an earlier toll.

Vetoes keep a pair apart whatever the score: the same article, no date, more than ``MAX_DAYS`` apart. Pure:
a pair's score depends on the two reports only, never on what else is stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from kharita.dedup.records import Component, MatchExplanation, Report
from kharita.dedup.text import similarity as text_similarity
from kharita.evaluation.metrics import haversine_km
from kharita.models import Actor


@dataclass(frozen=True)
class Weights:
    """Points (log-odds) per component; tuned on benchmarks/dedup, rounded."""

    bias: float = -1.0
    text: float = 5.0  # times the cosine of the two word sets
    same_day: float = 0.5
    day_apart: tuple[float, ...] = (-2.5, -2.5, -2.5)  # 1, 2, 3 days apart (both exact event dates)
    approx_day_apart: tuple[float, ...] = (0.0, -0.5, -1.0)  # the same when a date is approximate
    follow_up: float = 0.5  # share of the day penalty kept when the later report's toll is no lower
    place: float = 0.8  # times (place agreement - 0.5)
    far_apart: float = -1.5  # instead, when the places are more than 4 times the coarser one's scale apart
    other_country: float = -0.5
    same_sub_type: float = 1.0
    other_weapon: float = -2.5
    other_type: float = -0.5
    other_victims: float = -0.5
    same_crowd: float = 0.5
    other_crowd: float = -1.5
    same_actor: float = 0.3
    other_actor: float = -0.3
    toll_agrees: float = 1.0
    toll_differs: float = -1.0
    later_toll_lower: float = -0.75


WEIGHTS = Weights()
MAX_DAYS = 3  # reports of one incident can disagree on its date by a day or two (a follow-up dated itself)
# Battles, remote violence and violence against civilians are often the same attack told differently ("a bomb
# killed soldiers" / "militants attacked a convoy"); so are a protest and a riot.
_KIN = ({"Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"},
        {"Protests", "Riots", "Strategic developments"})
# The weapon of an explosion: reports of one incident may call a car bomb an IED or a suicide attack, but not a
# shelling or an air strike.
_WEAPONS = {"Suicide bomb": "bomb", "Remote explosive/landmine/IED": "bomb", "Grenade": "bomb",
            "Air/drone strike": "air strike", "Shelling/artillery/missile attack": "shelling",
            "Chemical weapon": "chemical weapon"}


def similarity(a: Report, b: Report, *, weights: Weights = WEIGHTS) -> MatchExplanation:
    """How alike two reports are, component by component; symmetric (ids ordered) and pure."""
    if b.event_id < a.event_id:
        a, b = b, a
    components = (
        _text(a, b, weights),
        _date(a, b, weights),
        _place(a, b, weights),
        _type(a, b, weights),
        _victims(a, b, weights),
        _crowd(a, b, weights),
        _actors(a, b, weights),
        _fatalities(a, b, weights),
    )
    total = weights.bias + sum(c.points for c in components)
    score = 1.0 / (1.0 + math.exp(-total))
    return MatchExplanation(a.event_id, b.event_id, round(score, 4), components, _veto(a, b))


def day_gap(a: Report, b: Report) -> int | None:
    if a.day is None or b.day is None:
        return None
    return abs((a.day - b.day).days)


def _veto(a: Report, b: Report) -> str | None:
    if a.article_id == b.article_id:
        return "same article (one article reports different incidents, or one incident once)"
    gap = day_gap(a, b)
    if gap is None:
        return "no date to compare (neither an event date nor a publication date)"
    if gap > MAX_DAYS:
        return f"{gap} days apart (more than {MAX_DAYS})"
    return None


def _points(value: float) -> float:
    return round(value, 3)


def _text(a: Report, b: Report, w: Weights) -> Component:
    match = text_similarity(a.words, b.words)
    shown = [*match.shared_names[:6], *match.shared_words[:4]]
    reason = "shared: " + ", ".join(shown) if shown else "no words in common"
    return Component("text", _points(w.text * match.score), match.score, reason)


def _date(a: Report, b: Report, w: Weights) -> Component:
    gap = day_gap(a, b)
    if gap is None:
        return Component("date", 0.0, None, "undated")
    exact = a.event_date is not None and b.event_date is not None and {a.date_precision, b.date_precision} == {"day"}
    how = "event dates" if exact else "an approximate or publication date"
    if gap == 0:
        return Component("date", w.same_day if exact else w.same_day / 2, 0.0, f"same day ({how})")
    apart = w.day_apart if exact else w.approx_day_apart
    points = apart[min(gap, len(apart)) - 1]
    if exact and _follow_up(a, b):
        return Component("date", points * w.follow_up, float(gap), f"{gap} day(s) apart ({how}); the later "
                         "report's toll is no lower, as in a follow-up that dated the incident by its own news")
    return Component("date", points, float(gap), f"{gap} day(s) apart ({how})")


def _follow_up(a: Report, b: Report) -> bool:
    """The later-dated report gives a toll at least the earlier one's: a follow-up (funerals, a toll update)
    that an extraction dated by its own news day, rather than a second, smaller attack a day later."""
    early, late = (a, b) if (a.event_date or date.min) <= (b.event_date or date.min) else (b, a)
    return late.fatalities > 0 and late.fatalities >= early.fatalities


def _place(a: Report, b: Report, w: Weights) -> Component:
    la, lb = a.location, b.location
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return Component("place", w.other_country, None, f"different countries ({a.country_code}, {b.country_code})")
    if la is None or lb is None or None in (la.latitude, la.longitude, lb.latitude, lb.longitude):
        return Component("place", 0.0, None, "no place to compare")
    km = haversine_km(la.latitude, la.longitude, lb.latitude, lb.longitude)  # type: ignore[arg-type]
    agreement = _place_agreement(km, max(la.geo_precision, lb.geo_precision), la.admin1 == lb.admin1)
    points = w.far_apart if agreement == 0.0 else w.place * (agreement - 0.5)
    return Component("place", _points(points), round(km, 1), f"{km:.0f} km apart ({la.name}, {lb.name})")


def _place_agreement(km: float, precision: int, same_admin1: bool) -> float:
    """1 for the same spot, falling to 0 at 4 times the scale of the coarser place (25 km for a town)."""
    scale = 25.0 * (1, 2, 4)[min(max(precision, 1), 3) - 1]
    agreement = 1.0 if km <= scale / 5 else max(0.0, 1.0 - km / (4 * scale))
    return max(agreement, 0.6) if precision >= 2 and same_admin1 else agreement


def _type(a: Report, b: Report, w: Weights) -> Component:
    pair = f"{a.sub_event_type} / {b.sub_event_type}"
    if a.sub_event_type == b.sub_event_type:
        return Component("type", w.same_sub_type, 1.0, f"both {a.sub_event_type}")
    weapons = _WEAPONS.get(a.sub_event_type), _WEAPONS.get(b.sub_event_type)
    if None not in weapons and weapons[0] != weapons[1]:
        return Component("type", w.other_weapon, 0.0, f"different weapons: {weapons[0]} / {weapons[1]}")
    if a.event_type == b.event_type or any({a.event_type, b.event_type} <= kin for kin in _KIN):
        return Component("type", 0.0, 0.5, f"compatible: {pair}")
    return Component("type", w.other_type, 0.0, f"incompatible: {pair}")


def _victim_side(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return {"Civilians": "civilians", "State forces": "state forces"}.get(actor.type)


def _victims(a: Report, b: Report, w: Weights) -> Component:
    va, vb = _victim_side(a.actor2), _victim_side(b.actor2)
    if va and vb and va != vb:
        return Component("victims", w.other_victims, 0.0, f"{va} / {vb}")
    return Component("victims", 0.0, None, "no contradiction")


def _crowd(a: Report, b: Report, w: Weights) -> Component:
    if not a.crowd or not b.crowd:
        return Component("crowd", 0.0, None, "no protesters named in both")
    shared = sorted(a.crowd & b.crowd)
    if shared:
        return Component("crowd", w.same_crowd, 1.0, "both name " + ", ".join(shared))
    return Component("crowd", w.other_crowd, 0.0, f"different crowds ({', '.join(sorted(a.crowd))} / "
                     f"{', '.join(sorted(b.crowd))})")


def _actors(a: Report, b: Report, w: Weights) -> Component:
    na, nb = a.named_actors, b.named_actors
    shared = sorted(na.keys() & nb.keys())
    if shared:
        return Component("actors", w.same_actor, 1.0, "both name " + ", ".join(na[k] for k in shared))
    if na and nb:
        return Component("actors", w.other_actor, 0.0,
                         f"different actors ({'; '.join(na.values())} / {'; '.join(nb.values())})")
    return Component("actors", 0.0, None, "no named actor in both")


def _fatalities(a: Report, b: Report, w: Weights) -> Component:
    if a.fatalities <= 0 or b.fatalities <= 0:
        return Component("fatalities", 0.0, None, "a report gives no toll")
    low, high = sorted((a.fatalities, b.fatalities))
    ratio = low / high
    points = w.toll_agrees if ratio >= 0.5 else w.toll_differs
    reason = f"{low} and {high} killed"
    if _later_lower(a, b):
        points += w.later_toll_lower
        reason += " (the later report gives less than half)"
    return Component("fatalities", points, round(ratio, 3), reason)


def _later_lower(a: Report, b: Report) -> bool:
    if a.published_at is None or b.published_at is None or a.published_at == b.published_at:
        return False
    early, late = (a, b) if a.published_at < b.published_at else (b, a)
    return late.fatalities * 2 < early.fatalities
