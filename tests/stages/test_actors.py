"""Actors on short reports written for these tests: roles, the canonical registry, aliases, acronyms,
misspellings, affiliations and victims' identities (issue: actors)."""

from __future__ import annotations

from datetime import date

import pytest

from kharita.extract import extract_text
from kharita.models import Event
from kharita.resources.actors import lookup_name, registry

MONDAY_2019 = date(2019, 5, 14)  # a Tuesday: 'on Monday' is 13 May 2019


def event_of(text: str, published: date = MONDAY_2019) -> Event:
    events = extract_text(text, published_at=published).events
    assert len(events) == 1, [(e.sub_event_type, e.actor1, e.evidence[0].text) for e in events]
    return events[0]


def test_registry_names_types_and_countries() -> None:
    mqm = registry().get("mqm")
    assert mqm is not None and (mqm.name, mqm.type, mqm.country_code) == (
        "MQM: Muttahida Qaumi Movement", "Political militia", "PK")
    assert lookup_name("MQM") is mqm and lookup_name("Muttahida Qaumi Movement") is mqm


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Muttihida Quami Movement", "MQM: Muttahida Qaumi Movement"),
        ("Lashkar-i-Islam", "LeI: Lashkar-e-Islam"),
        ("Pakistan Peoples party", "PPP: Pakistan Peoples Party"),
        ("al-Shabab", "Al Shabaab"),
    ],
)
def test_misspellings_and_transliterations_resolve_to_one_actor(written: str, canonical: str) -> None:
    entry = lookup_name(written)
    assert entry is not None and entry.name == canonical


def test_state_forces_are_named_by_regime_period() -> None:
    event = event_of("Soldiers killed four militants in a raid on a compound in Miran Shah, North Waziristan, on "
                     "Monday, the army said.")
    assert event.actor1 is not None
    assert (event.actor1.name, event.actor1.type) == ("Military Forces of Pakistan (2018-2022)", "State forces")


def test_passive_with_agent_names_the_perpetrator() -> None:
    event = event_of("Two policemen were shot dead by Al Shabaab fighters at a checkpoint in Afgoye on Monday.")
    assert event.actor1 is not None and event.actor1.name == "Al Shabaab"
    assert event.actor2 is not None and event.actor2.type == "State forces"


def test_claimed_responsibility_names_the_perpetrator() -> None:
    event = event_of("A suicide bomber blew himself up at a police post in Bannu on Monday, killing six policemen. "
                     "The Tehreek-e-Taliban Pakistan claimed responsibility for the attack.")
    assert event.actor1 is not None and event.actor1.name == "TTP: Tehrik-i-Taliban Pakistan"


def test_affiliation_and_victim_identity_are_associated_actors() -> None:
    event = event_of("A gang linked to the Pakistan Peoples Party shot dead three Pashtun traders in Orangi Town, "
                     "Karachi, on Monday, police said.")
    assert event.actor1 is not None and event.actor1.name == "Unidentified Gang (Pakistan)"
    assert event.assoc_actor_1 == ("PPP: Pakistan Peoples Party",)
    assert event.actor2 is not None and event.actor2.name == "Civilians (Pakistan)"
    assert event.assoc_actor_2 == ("Pashtun Ethnic Group (Pakistan)", "Traders (Pakistan)")


def test_acronym_defined_in_the_text_links_both_forms() -> None:
    event = event_of("Workers of the Sindh Qaumi Ittehad Party (SQIP) clashed with police in Hyderabad on Monday. "
                     "Police said two SQIP workers were killed when the SQIP activists opened fire.")
    assert event.actor1 is not None
    assert (event.actor1.name, event.actor1.reviewed) == ("SQIP: Sindh Qaumi Ittehad Party", False)


def test_unknown_named_group_becomes_an_unreviewed_actor_with_the_same_id_everywhere() -> None:
    first = event_of("Fighters of the Ittehad-ul-Mujahideen Front attacked a police post in Tank on Monday, killing "
                     "two constables.")
    second = event_of("The Ittehad-ul-Mujahideen Front ambushed a Frontier Corps convoy near Wana on Monday, "
                      "killing three soldiers.")
    assert first.actor1 is not None and second.actor1 is not None
    assert first.actor1.id == second.actor1.id == "new-ittehad-ul-mujahideen-front"
    assert (first.actor1.reviewed, first.actor1.type) == (False, "Rebel group")


def test_same_registry_actor_across_articles_and_spellings() -> None:
    first = event_of("Lashkar-e-Islam militants killed three tribal elders in Bara, Khyber, on Monday.")
    second = event_of("Militants of Lashkar-i-Islam blew up a school in Tirah valley on Monday.")
    assert first.actor1 is not None and second.actor1 is not None
    assert first.actor1.id == second.actor1.id == registry().by_alias["lashkar-e-islam"].id


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen suspected to be members of Boko Haram killed nine farmers in a village near Bama on Monday.",
        "Gunmen, believed to be members of the Boko Haram sect, on Monday shot dead a pastor in Gwoza.",
        "At least 20 people were killed in a Boko Haram attack on a village near Dikwa on Monday.",
        "A bomb killed eleven people at a bus station in Mubi on Monday; police blamed the attack on Boko Haram.",
        "Seven people were killed when a bomb exploded at a market in Konduga on Monday. Boko Haram is suspected.",
    ],
)
def test_suspected_and_blamed_groups_are_the_perpetrator(text: str) -> None:
    event = event_of(text)
    assert event.actor1 is not None and event.actor1.id == "boko-haram", event.actor1


def test_national_army_by_name_is_that_states_forces_abroad() -> None:
    event = event_of("Ugandan troops killed five ADF rebels near Beni in eastern Congo on Monday, the UPDF said.")
    assert event.actor1 is not None
    assert (event.actor1.name, event.actor1.type) == ("Military Forces of Uganda (1986-)", "External/Other forces")


def test_air_strike_without_a_named_air_force_is_state_forces_and_hits_civilians() -> None:
    event = event_of("An air strike hit a market in Kanbalu township on Monday, killing eleven civilians, residents "
                     "said.")
    assert event.actor1 is not None and event.actor1.type == "State forces"
    assert event.actor2 is not None and event.actor2.name == "Civilians (Myanmar)"


def test_bombing_of_a_checkpoint_targets_the_police_with_civilians_associated() -> None:
    event = event_of("A suicide bomber blew himself up at a police checkpoint in Quetta on Monday, killing three "
                     "policemen and two passers-by.")
    assert event.actor2 is not None and event.actor2.name == "Police Forces of Pakistan (2018-2022)"
    assert event.assoc_actor_2 == ("Civilians (Pakistan)",)


def test_party_supporters_rioting_are_rioters_associated_with_the_party() -> None:
    event = event_of("Workers of the Muttahida Qaumi Movement torched buses and blocked roads in Karachi on Monday "
                     "after the arrest of a party leader.")
    assert event.actor1 is not None and event.actor1.name == "Rioters (Pakistan)"
    assert event.assoc_actor_1 == ("MQM: Muttahida Qaumi Movement",)
