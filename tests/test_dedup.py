"""kharita.dedup: pairwise similarity, clustering, the canonical incident, fatality reconciliation, scoring.

The reports are written for these tests: real places, invented incidents.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from kharita.dedup import (
    Report,
    article_reports,
    canonical,
    cluster,
    explanation_from_dict,
    incident_id,
    lead_event,
    reconcile_fatalities,
    report_of,
    similarity,
)
from kharita.dedup.text import fold, profile
from kharita.dedup.text import similarity as text_similarity
from kharita.evaluation.dedup import confused_pairs, pairwise
from kharita.models import Actor, Article, Event, Evidence, Location

TUESDAY = date(2024, 5, 7)
PESHAWAR = Location("Peshawar", "Khyber Pakhtunkhwa", "Peshawar District", "Pakistan", "PK", 34.008, 71.578, 1)
KOHAT = Location("Kohat", "Khyber Pakhtunkhwa", "Kohat District", "Pakistan", "PK", 33.582, 71.441, 1)
CIVILIANS = Actor("Civilians (Pakistan)", "Civilians", "Pakistan", id="civilians-pakistan")
POLICE = Actor("Police Forces of Pakistan (2022-2024)", "State forces", "Pakistan", id="police-pakistan")
GUNMEN = Actor("Unidentified Armed Group (Pakistan)", "Political militia", "Pakistan")

BAZAAR_1 = ("A bomb hidden in a vegetable cart exploded in Peshawar's Kissa Khwani bazaar on Tuesday, killing six "
            "shoppers and wounding 20, police said.")
BAZAAR_2 = ("The toll from Tuesday's cart bomb in the crowded Kissa Khwani bazaar of Peshawar has risen to eleven "
            "after five of the wounded shoppers died in hospital.")
BAZAAR_3 = ("Traders kept their shops in Kissa Khwani shut on Wednesday to mourn the people killed when an "
            "explosive-laden vegetable cart blew up in the bazaar.")
CHECKPOINT = ("Gunmen on a motorbike shot dead two policemen at a checkpoint in Peshawar's Hayatabad suburb on "
              "Tuesday evening and escaped, officers said.")
SECOND_CART = ("A day after the bazaar bombing, another bomb hidden in a cart went off near the Firdous cinema "
               "in Peshawar on Wednesday, killing two passers-by.")
KOHAT_BLAST = ("A roadside bomb struck a police van on the Kohat tunnel road a week later, killing three "
               "constables.")


def report(event_id: str, text: str, *, article_id: str | None = None, day: date | None = TUESDAY,
           published: date | None = TUESDAY, sub: str = "Remote explosive/landmine/IED",
           event_type: str = "Explosions/Remote violence", place: Location | None = PESHAWAR, killed: int = 0,
           actor1: Actor | None = None, actor2: Actor | None = CIVILIANS) -> Report:
    event = Event(event_id=event_id, article_id=article_id or f"art-{event_id}", event_date=day,
                  date_precision="day" if day else None, event_type=event_type, sub_event_type=sub, actor1=actor1,
                  actor2=actor2, location=place, fatalities=killed, evidence=(Evidence(0, len(text), text),),
                  country="Pakistan", country_code="PK")
    return report_of(event, published_at=published)


def bazaar() -> list[Report]:
    return [report("e1", BAZAAR_1, killed=6),
            report("e2", BAZAAR_2, killed=11, published=date(2024, 5, 8)),
            report("e3", BAZAAR_3, published=date(2024, 5, 8))]


def checkpoint() -> Report:
    return report("e9", CHECKPOINT, sub="Armed clash", event_type="Battles", killed=2, actor1=GUNMEN, actor2=POLICE)


# --- similarity -------------------------------------------------------------------------------------------

def test_same_incident_in_different_words_matches() -> None:
    first, second, third = bazaar()
    assert similarity(first, second).score >= 0.5
    assert similarity(first, third).score >= 0.5
    match = similarity(first, second)
    assert {"kissa", "khwani"} <= set(match.component("text").reason.replace(",", "").split())  # type: ignore[union-attr]


def test_look_alike_same_city_same_day_is_another_incident() -> None:
    first, second, _ = bazaar()
    for bombing in (first, second):
        match = similarity(bombing, checkpoint())
        assert match.score < 0.5, match.summary()


def test_similarity_is_symmetric_and_explains_itself() -> None:
    first, second, _ = bazaar()
    forward, backward = similarity(first, second), similarity(second, first)
    assert forward == backward
    assert {c.name for c in forward.components} == {"text", "date", "place", "type", "victims", "crowd",
                                                    "actors", "fatalities"}
    assert forward.summary().startswith(f"score {forward.score:.2f}: ")
    assert explanation_from_dict(forward.to_dict()) == forward


def test_vetoes() -> None:
    first, second, _ = bazaar()
    same_article = replace(second, article_id=first.article_id)
    assert similarity(first, same_article).veto is not None
    week_later = report("e5", KOHAT_BLAST, day=date(2024, 5, 14), published=date(2024, 5, 14), place=KOHAT)
    assert "days apart" in (similarity(first, week_later).veto or "")
    undated = report("e6", BAZAAR_2, day=None, published=None)
    assert similarity(first, undated).veto is not None


def test_a_day_apart_with_a_smaller_toll_is_a_second_incident() -> None:
    first = report("e1", BAZAAR_1, killed=6)
    next_day = report("e7", SECOND_CART, day=date(2024, 5, 8), published=date(2024, 5, 8), killed=2)
    follow_up = replace(next_day, fatalities=11)
    assert similarity(first, next_day).score < similarity(first, follow_up).score
    assert similarity(first, next_day).score < 0.5


# --- clustering -------------------------------------------------------------------------------------------

def test_cluster_merges_reports_and_keeps_look_alike_apart() -> None:
    clusters = cluster([*bazaar(), checkpoint()])
    assert sorted(sorted(r.event_id for r in c.members) for c in clusters) == [["e1", "e2", "e3"], ["e9"]]
    merged = next(c for c in clusters if len(c.members) == 3)
    assert merged.anchor.event_id == "e1"
    assert all(merged.link_of(r.event_id) is not None for r in merged.members)


def test_cluster_does_not_depend_on_input_order() -> None:
    reports = [*bazaar(), checkpoint(), report("e5", KOHAT_BLAST, place=KOHAT, killed=3, actor2=POLICE)]
    expected = [[r.event_id for r in c.members] for c in cluster(reports)]
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert [[r.event_id for r in c.members] for c in cluster(shuffled)] == expected


def test_cluster_never_merges_two_events_of_one_article() -> None:
    first, second, _ = bazaar()
    clusters = cluster([first, replace(second, article_id=first.article_id)])
    assert len(clusters) == 2


def test_split_pairs_stay_apart() -> None:
    reports = bazaar()
    apart = [frozenset(("e3", "e1")), frozenset(("e3", "e2"))]
    clusters = cluster(reports, apart=apart)
    assert sorted(sorted(r.event_id for r in c.members) for c in clusters) == [["e1", "e2"], ["e3"]]


# --- canonical event and fatalities ------------------------------------------------------------------------

def test_later_report_raises_the_toll() -> None:
    first, second, third = bazaar()
    assert reconcile_fatalities([first]).best == 6
    tolls = reconcile_fatalities([first, second, third])
    assert (tolls.best, tolls.low, tolls.high) == (11, 6, 11)


def test_same_day_reports_in_conflict_keep_the_lowest() -> None:
    early = report("e1", BAZAAR_1, killed=6, published=date(2024, 5, 8))
    other = report("e2", BAZAAR_2, killed=9, published=date(2024, 5, 8))
    assert reconcile_fatalities([early, other]).best == 6
    assert reconcile_fatalities([report("e3", BAZAAR_3)]).best == 0


def test_canonical_event_votes_and_is_named_after_the_first_report() -> None:
    reports = bazaar()
    incident = canonical(reversed(reports))  # type: ignore[arg-type]
    assert incident.incident_id == incident_id("e1") and incident.incident_id.startswith("inc-")
    assert (incident.sub_event_type, incident.event_date, incident.location) == (
        "Remote explosive/landmine/IED", TUESDAY, PESHAWAR)
    assert incident.event_ids == ("e1", "e2", "e3") and incident.n_sources == 3


# --- text and lead event -----------------------------------------------------------------------------------

def test_text_profile_folds_accents_and_drops_datelines_and_stop_words() -> None:
    assert fold("Ségué's") == "segue"
    words = profile(["BAMAKO, July 4 (WPA) - Gunmen attacked Ségué on Saturday."]).weights()
    assert "bamako" not in words and "saturday" not in words and "on" not in words
    assert words["segue"] > words["gunmen"]
    match = text_similarity(profile(["Kissa Khwani bazaar"]), profile(["near kissa khwani"]))
    assert match.shared_names == ("khwani",) and match.shared_words == ("kissa",) and match.score > 0.8


def test_lead_event_is_the_one_reported_first() -> None:
    article = Article("a1", BAZAAR_1 + " " + KOHAT_BLAST, title="Cart bomb in Peshawar", published_at=TUESDAY)
    lead = Event("e1", "a1", TUESDAY, "day", "Explosions/Remote violence", "Remote explosive/landmine/IED", None,
                 CIVILIANS, evidence=(Evidence(0, 20, BAZAAR_1[:20]),), confidence=0.6)
    later = replace(lead, event_id="e2", evidence=(Evidence(130, 150, KOHAT_BLAST[:20]),), confidence=0.9)
    assert lead_event([later, lead]) == lead and lead_event([]) is None
    reports = {r.event_id: r for r in article_reports(article, [later, lead])}
    assert "peshawar" in reports["e1"].words.weights() and "peshawar" not in reports["e2"].words.weights()


# --- scoring a clustering ----------------------------------------------------------------------------------

def test_pairwise_scores() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted: dict[str, str | None] = {"a": "1", "b": "1", "c": None, "d": "1"}
    score = pairwise(gold, predicted)
    assert (score.tp, score.fp, score.fn) == (1, 2, 2)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 3)
    assert list(confused_pairs(gold, predicted)) == [("a", "c", False), ("a", "d", True), ("b", "c", False),
                                                     ("b", "d", True)]
