"""Event cues that misled the coder: agency datelines, spent cartridges, press clubs, protests as a purpose.

The articles are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from kharita.dedup import report_of, similarity
from kharita.extract import extract_text
from kharita.models import Event

THURSDAY = date(2025, 4, 10)


def only_event(text: str) -> Event:
    events = extract_text(text, published_at=THURSDAY).events
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize("dateline", ["NAIROBI (KWS) —", "NAIROBI:"])
def test_an_agency_dateline_is_where_the_story_was_filed_not_the_event_place(dateline: str) -> None:
    event = only_event(f"{dateline} Al-Shabaab fighters ambushed a police convoy near the Somali town of "
                       "Beledweyne on Wednesday, killing four officers, regional officials said.")
    assert event.location is not None
    assert (event.location.name, event.country_code) == ("Beledweyne", "SO")


def test_shell_casings_at_a_shooting_are_not_artillery() -> None:
    event = only_event("Gunmen burst into a cockfighting arena in the town of Salamanca on Saturday night and "
                       "killed seven spectators. Investigators collected more than 40 shell casings at the scene.")
    assert (event.sub_event_type, event.fatalities) == ("Attack", 7)


def test_a_sit_in_outside_a_press_club_is_peaceful() -> None:
    event = only_event("Hundreds of lady health workers staged a sit-in outside the press club in Peshawar on "
                       "Wednesday, demanding four months of unpaid salaries.")
    assert event.sub_event_type == "Peaceful protest"


def test_blocking_a_highway_to_protest_is_a_demonstration() -> None:
    """The protest is the purpose of the act; the road block makes it a violent demonstration (our lexicon)."""
    event = only_event("Farmers blocked the main highway near Multan on Monday to protest against the price of "
                       "fertiliser.")
    assert (event.sub_event_type, event.actor1.name if event.actor1 else None) == (
        "Violent demonstration", "Rioters (Pakistan)")


def test_two_protests_in_one_city_are_told_apart_by_who_marched() -> None:
    teachers = only_event("Police fired tear gas on Wednesday at hundreds of schoolteachers marching to the "
                          "provincial assembly in Peshawar over cuts to their pensions.")
    nurses = only_event("Hundreds of nurses staged a sit-in outside the Lady Reading Hospital in Peshawar on "
                        "Wednesday, demanding permanent contracts.")
    match = similarity(report_of(teachers, published_at=THURSDAY), report_of(nurses, published_at=THURSDAY))
    crowd = match.component("crowd")
    assert crowd is not None and crowd.points < 0, match.summary()
    assert "Teachers" in crowd.reason and "Health Workers" in crowd.reason


def test_an_attack_dated_by_an_earlier_bombing_is_not_a_bombing() -> None:
    event = only_event("Gunmen on a motorbike opened fire on a police post in Mardan on Tuesday evening, killing "
                       "three constables, officials said, hours after a roadside bomb exploded near a school.")
    assert (event.sub_event_type, event.fatalities) == ("Armed clash", 3)


def test_the_country_the_event_sentence_names_outweighs_the_attackers_home() -> None:
    event = only_event("The Somali militant group al-Shabaab said its fighters had ambushed a police convoy in "
                       "Kenya on Saturday, killing six officers.")
    assert (event.country_code, event.location) == ("KE", None)  # Kenya is named, no place inside it


def test_a_group_telling_what_its_own_fighters_did_claims_the_attack() -> None:
    event = only_event("The Taliban said their fighters killed nine soldiers in an attack on an army outpost in "
                       "Ghazni province on Monday.")
    assert (event.actor1.name if event.actor1 else None, event.actor2.type if event.actor2 else None) == (
        "Taliban", "State forces")


def test_a_route_named_by_two_towns_is_not_the_event_place() -> None:
    from kharita.extract import extract_text

    events = extract_text("Gunmen killed five traders on the Gulu-Juba road near Adjumani on Monday.",
                          published_at=date(2024, 3, 5)).events
    assert [e.location.name if e.location else None for e in events] == ["Adjumani"]


def test_a_named_region_is_the_place_of_an_event_said_to_be_in_part_of_a_country() -> None:
    event = only_event("Fourteen prisoners were killed on Monday in a riot at a jail in southwest Colombia, "
                       "guards said. Most of the wounded were taken to hospitals in Cauca department.")
    assert event.location is not None
    assert (event.location.name, event.location.geo_precision) == ("Cauca", 3)


def test_a_town_said_to_be_near_the_province_is_not_the_event_place() -> None:
    event = only_event("A roadside bomb killed nine passengers on Wednesday in Logar province south of Kabul, "
                       "police said.")
    assert event.location is not None
    assert (event.location.name, event.location.admin1) == ("Lōgar", "Lōgar")


def test_an_alternate_spelling_of_a_capital_abroad_gives_way_to_the_town_the_story_supports() -> None:
    event = only_event("Boko Haram fighters stormed the town of Damask on Tuesday and killed nine traders, "
                       "residents who fled to Niger said.")
    assert event.location is not None
    assert (event.location.name, event.country_code) == ("Damasak", "NG")  # not Damascus (an alias abroad)


def test_an_ambush_on_a_road_is_placed_near_the_town_it_starts_from() -> None:
    event = only_event("Gunmen ambushed a bus on the Maiduguri-Damaturu road on Monday, killing six passengers.")
    assert event.location is not None
    assert (event.location.name, event.location.geo_precision) == ("Maiduguri", 2)


def test_the_north_of_a_country_is_coded_at_a_town_standing_for_it() -> None:
    event = only_event("Jets bombed militant camps in the north of Mali on Friday, killing 12 fighters.")
    assert event.location is not None
    assert (event.country_code, event.location.geo_precision) == ("ML", 3)
    assert event.location.name != "Bamako"


@pytest.mark.parametrize(
    ("text", "country"),
    [("A bomb tore through a tea shop in Thailand's insurgency-hit south on Monday, killing three men.", "TH"),
     ("Smugglers shot dead eleven migrants in the eastern part of Chad on Sunday, officials said.", "TD"),
     ("Officials in Nigeria said insurgents killed nine farmers in the country's far northeast on Friday.", "NG"),
     ("Insurgents killed nine farmers in Nigeria's North-East on Friday.", "NG")],  # not Ghana's North East
)
def test_a_part_of_a_country_described_after_it_is_coded_at_a_town_standing_for_it(text: str, country: str
                                                                                   ) -> None:
    event = only_event(text)
    assert event.location is not None
    assert (event.location.country_code, event.location.geo_precision) == (country, 3)


def test_a_name_said_to_be_an_area_of_a_state_is_never_a_city_elsewhere() -> None:
    event = only_event("Insurgents raided a farming hamlet in the Abadan area of Borno State on Tuesday, "
                       "killing four men.")
    assert event.location is not None
    assert event.location.admin1 == "Borno"  # not Ibadan, 900 km away in Oyo



def test_a_compass_word_before_a_country_s_name_means_the_country_not_a_namesake_state() -> None:
    event = only_event("Nigerian jihadists torched a market in southeastern Niger on Friday, killing nine traders "
                       "near the border with Nigeria.")
    assert event.country_code == "NE"  # not Nigeria's Niger State


@pytest.mark.parametrize("text", ["Police in Kenya said nobody was hurt.",
                                  "The market in Kisumu reopened on Monday and no one was injured."])
def test_a_harm_the_sentence_denies_is_no_event(text: str) -> None:
    assert extract_text(text, published_at=THURSDAY).events == ()


def test_a_denied_harm_leaves_the_attack_it_follows() -> None:
    event = only_event("No one was killed when rebels attacked an army base in Goma on Tuesday.")
    assert (event.sub_event_type, event.fatalities) == ("Attack", 0)


def test_a_date_in_a_relative_clause_tells_about_the_noun_not_the_event() -> None:
    event = only_event("Two clans that fought over grazing land in January clashed again near Wajir on Monday, "
                       "leaving five herders dead.")
    assert (event.event_date, event.sub_event_type, event.fatalities) == (date(2025, 4, 7), "Armed clash", 5)


def test_a_killing_alleged_in_the_perfect_is_reported_but_a_plan_alleged_is_not() -> None:
    event = only_event("Six prisoners are alleged to have been killed by guards during a breakout at a jail "
                       "in Kaduna on Monday.")
    assert (event.sub_event_type, event.fatalities) == ("Attack", 6)
    assert extract_text("Police alleged that the suspects planned to attack a church in Kaduna.",
                        published_at=THURSDAY).events == ()


def test_the_province_of_a_victim_s_office_is_not_the_scene_but_a_speaker_s_is() -> None:
    event = only_event("Gunmen killed the commissioner of Jos on Saturday as he visited his farm in Bauchi State.")
    assert event.location is not None and event.location.admin1 == "Bauchi"
    event = only_event("The deputy governor of Ghazni told reporters gunmen killed four road workers on Monday.")
    assert event.location is not None and event.location.admin1 == "Ghaznī"


def test_a_named_state_gives_way_only_to_a_town_inside_it() -> None:
    event = only_event("Gunmen attacked a village in Bauchi State on Monday, killing four traders. The traders "
                       "lived in Jos and sold cattle.")
    assert event.location is not None and event.location.admin1 == "Bauchi"


def test_a_lake_the_event_sentence_names_places_an_event_no_town_places() -> None:
    event = only_event("Gunmen from across the border killed five Kenyan fishermen on Lake Turkana on Tuesday.")
    assert event.location is not None
    assert (event.location.name, event.location.geo_precision, event.country_code) == ("Lake Turkana", 3, "KE")
    event = only_event("Militants killed three fishermen near Kukawa on Lake Chad on Tuesday.")
    assert event.location is not None and event.location.name == "Kukawa"  # a town, when one is named, comes first
