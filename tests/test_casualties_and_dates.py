"""Casualty counts and event dates on short reports written for these tests (issue: event coding accuracy)."""

from __future__ import annotations

from datetime import date

import pytest

from kharita.extract import extract_text
from kharita.models import Event, Extraction

WEDNESDAY = date(2024, 5, 15)


def run(text: str, published: date = WEDNESDAY) -> Extraction:
    return extract_text(text, published_at=published)


def only(x: Extraction) -> Event:
    assert len(x.events) == 1, [(e.sub_event_type, e.fatalities, e.evidence[0].text) for e in x.events]
    return x.events[0]


@pytest.mark.parametrize(
    ("text", "killed", "low", "high"),
    [
        ("Gunmen killed seven villagers in Zamfara State on Monday, police said.", 7, None, None),
        ("At least 13 people were killed when militants attacked a market in Gao on Monday.", 13, 13, None),
        ("More than 20 soldiers died in an ambush near Kidal on Monday, the army said.", 20, 20, None),
        ("Between 10 and 15 people were killed in clashes between herders and farmers in Benue on Monday.",
         10, 10, 15),
        ("A roadside bomb killed a policeman and two civilians near Kandahar on Monday.", 3, None, None),
        ("Dozens of people were killed when rebels attacked a camp for displaced people near Beni on Monday.",
         12, None, None),
    ],
)
def test_counts_in_words_digits_hedges_and_ranges(text: str, killed: int, low: int | None,
                                                   high: int | None) -> None:
    event = only(run(text))
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (killed, low, high)


def test_killed_injured_arrested_and_abducted_are_kept_apart() -> None:
    x = run("Police said gunmen shot dead two traders and wounded five others in Kano on Monday. "
            "Officers later arrested four suspects.")
    event = only(x)
    assert (event.fatalities, event.injured) == (2, 5)
    abduction = only(run("Gunmen abducted 20 students from a school in Kaduna State on Monday."))
    assert (abduction.sub_event_type, abduction.fatalities) == ("Abduction/forced disappearance", 0)


def test_suicide_bomber_among_the_dead() -> None:
    event = only(run("A suicide bomber blew himself up at a checkpoint in Quetta on Tuesday, killing "
                     "six people including the attacker, police said."))
    assert (event.sub_event_type, event.fatalities) == ("Suicide bomb", 6)


def test_toll_update_is_the_same_event() -> None:
    x = run("A car bomb exploded at a bus station in Mogadishu on Tuesday, killing nine people. "
            "The death toll rose to 15 overnight, hospital officials said.")
    event = only(x)
    assert (event.sub_event_type, event.fatalities) == ("Remote explosive/landmine/IED", 15)


def test_toll_told_as_the_number_of_dead_and_a_rise_on_a_later_day() -> None:
    risen = only(run("The number of people killed in Monday's grenade attack on a bus stop in Kismayo has risen to "
                     "eight after three of the wounded died in hospital, a doctor said on Tuesday."))
    assert (risen.sub_event_type, risen.fatalities) == ("Grenade", 8)
    later = only(run("A car bomb tore through a cattle market in Baidoa on Monday, killing six traders. The death "
                     "toll rose to 11 on Tuesday, doctors said."))
    assert (later.fatalities, later.event_date) == (11, date(2024, 5, 13))
    yearly = run("The number of people killed in Lower Shabelle this year has risen to 300, officials said.")
    assert yearly.events == () and [a.fatalities for a in yearly.aggregates] == [300]


def test_cumulative_tolls_are_aggregates_not_events() -> None:
    x = run("Gunmen killed four farmers in Plateau State on Tuesday, bringing to 300 the number killed in "
            "the state since January. More than 1,000 people have been killed in the region this year.")
    assert [e.fatalities for e in x.events] == [4]
    assert sorted(a.fatalities for a in x.aggregates) == [300, 1000]


def test_bringing_a_killing_to_the_world_s_attention_is_no_running_toll() -> None:
    x = run("In a statement the ministry brings to the notice of the world that eight of its citizens were "
            "shot dead in Maiduguri on Monday by men in uniform.")
    assert [e.fatalities for e in x.events] == [8] and x.aggregates == ()
    x = run("Gunmen killed a witness in Cotabato on Tuesday. The attack brings to five the number of witnesses "
            "killed since the trial began.")
    assert [e.fatalities for e in x.events] == [1]
    assert [a.fatalities for a in x.aggregates] == [5]


def test_the_date_of_a_vote_or_an_anniversary_is_not_the_attack_s() -> None:
    event = only(run("Karim Saleh, a candidate in the June vote, was shot dead by gunmen in a passing car outside "
                     "his home in Basra, officers said."))  # June is after the publication date
    assert (event.sub_event_type, event.fatalities, event.event_date) == ("Attack", 1, WEDNESDAY)


def test_a_toll_s_period_stops_where_a_headline_runs_into_the_story() -> None:
    x = run("Soldiers move into rebel-held villages to halt a conflict that has claimed at least 400 lives this year "
            "Days of fighting in Borno ended on Sunday when troops entered Bama.")  # no full stop after the headline
    assert [(a.fatalities, a.period) for a in x.aggregates] == [(400, "this year")]


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("on Monday", date(2024, 5, 13), "day"),
        ("on Wednesday", date(2024, 5, 15), "day"),  # the publication weekday is the publication day
        ("yesterday", date(2024, 5, 14), "day"),
        ("last night", date(2024, 5, 14), "day"),
        ("on May 2", date(2024, 5, 2), "day"),
        ("on 28 April 2024", date(2024, 4, 28), "day"),
        ("earlier this month", date(2024, 5, 15), "month"),
        ("last week", date(2024, 5, 8), "week"),
    ],
)
def test_dates_resolved_against_publication(phrase: str, expected: date, precision: str) -> None:
    event = only(run(f"Militants attacked an army post near Mopti {phrase}, killing three soldiers."))
    assert (event.event_date, event.date_precision) == (expected, precision)


def test_no_date_in_text_means_publication_date_with_week_precision() -> None:
    event = only(run("Militants attacked an army post near Mopti, killing three soldiers."))
    assert (event.event_date, event.date_precision) == (WEDNESDAY, "week")


def test_two_events_on_different_days() -> None:
    x = run("A roadside bomb killed two soldiers near Mopti on Monday. On Tuesday, police fired tear gas "
            "at hundreds of protesters in Bamako and arrested 12 of them.")
    got = sorted((e.event_date, e.sub_event_type, e.fatalities) for e in x.events)
    assert got == [(date(2024, 5, 13), "Remote explosive/landmine/IED", 2),
                   (date(2024, 5, 14), "Protest with intervention", 0)]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Seven people were killed and 25 injured on Monday when a bomb exploded at a market in Maiduguri.", 7, 25),
        ("Gunmen killed a village chief, his wife and their three children in Zamfara on Monday.", 5, 0),
        ("Militants massacred 27 villagers in Ituri province on Monday, officials said.", 27, 0),
        ("A journalist was fatally shot outside his home in Cebu on Monday, police said.", 1, 0),
        ("Five killed, 14 injured in a car bomb blast in Mosul on Monday", 5, 14),
        (("Militants stormed a police compound in Erbil on Monday, killing six people in the deadliest attack "
          "there since 2015."), 6, 0),
    ],
)
def test_victim_lists_and_outcomes(text: str, killed: int, injured: int) -> None:
    event = only(run(text))
    assert (event.fatalities, event.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # companions
        ("A district judge was shot dead with his wife and daughter outside Jos on Monday, police said.", 3),
        ("The deputy mayor of Garoua was killed along with four bodyguards in an ambush on Monday.", 5),
        ("Forty fans were killed on Monday in clashes with the police at a stadium in Lagos.", 40),
        # lists the parser splits up
        ("Nine pupils, two teachers and a guard were killed when gunmen attacked a school in Yobe on Monday.", 12),
        ("Twelve people, among them four soldiers and eight civilians, were killed in an ambush near Gao on Monday.",
         12),
        ("The head of the district council and his driver were killed by gunmen near Herat on Monday.", 2),
        ("A family of six was killed when militants set fire to their house in Borno on Monday.", 6),
        ("A couple and their two sons were shot dead in their home in Culiacan on Monday.", 4),
        # wording
        ("Four farmers were fatally wounded by herders near Makurdi on Monday, police said.", 4),
        ("Militants slit the throats of nine villagers in Beni territory on Monday, officials said.", 9),
        ("Gunmen abducted six traders near Bama on Monday and killed them execution-style.", 6),
        ("The bodies of three aid workers were found dead near Rutshuru on Monday, a day after gunmen took them.",
         3),
        # not victims
        ("Gunmen killed at least 11 people and burned over two hundred houses in Maridi on Monday.", 11),
        ("A roadside bomb kills 8 people, wounds 20 in Baghdad on Monday", 8),
        ("Herders killed 14 villagers in Agatu on Monday to avenge the killing of two of their kinsmen.", 14),
        ("A woman was hacked to death in her home in Ilorin on Wednesday July 10, 2024 by unknown assailants.", 1),
    ],
)
def test_companions_lists_wording_and_non_victims(text: str, killed: int) -> None:
    event = only(run(text, published=date(2024, 7, 11) if "2024" in text else WEDNESDAY))
    assert event.fatalities == killed


def test_another_bomb_adds_to_the_toll_and_the_toll_rises_to_the_new_figure() -> None:
    x = run("Two bombs exploded at a cattle market in Kirkuk on Monday, killing eight people. As mourners gathered "
            "at the cemetery, another bomb went off, killing three people.")
    assert sum(e.fatalities for e in x.events) == 11
    update = only(run("The death toll from a clash between two clans in Beledweyne on Monday has risen to nine."))
    assert update.fatalities == 9


@pytest.mark.parametrize(
    ("text", "sub_event_type", "killed"),
    [
        ("No fewer than 14 people have been reported killed when gunmen attacked a village in Bassa on Monday.",
         "Attack", 14),
        (("At least 6 people have been killed in a gunfight that erupted between two clan militias near Jowhar on "
         "Monday, elders said."), "Armed clash", 6),
        ("Coalition air strikes on the old market in Saada left at least nine dead on Monday, officials said.",
         "Air/drone strike", 9),
        ("Twelve people have so far been killed in a clash between two clans in Wajir on Monday, police said.",
         "Armed clash", 12),
        ("Police on Monday confirmed the killing of a village chief in Kaiama by unknown gunmen.", "Attack", 1),
        ("Eleven villagers killed and dozens of homes burned in an attack on Kwall on Monday", "Attack", 11),
    ],
)
def test_hedges_clashes_and_single_incident_tolls(text: str, sub_event_type: str, killed: int) -> None:
    event = only(run(text))
    assert (event.sub_event_type, event.fatalities) == (sub_event_type, killed)


def test_the_attack_took_place_dates_an_event_known_from_its_report() -> None:
    x = run("Twelve villagers were killed in an attack by gunmen on a village in Niger, state radio reported on "
            "Wednesday. The attack took place on Monday night near the river, the radio said.")
    event = only(x)
    assert (event.event_date, event.date_precision) == (date(2024, 5, 13), "day")


def test_weekday_found_without_the_entity_recogniser_and_opening_clause_is_no_dateline() -> None:
    event = only(run("A crude bomb went off Monday beside a bus stand in Churachandpur, a hill town in Manipur, "
                     "killing six people--one of them a policeman--and wounding nine others, officers said."))
    assert (event.event_date, event.fatalities, event.injured) == (date(2024, 5, 13), 6, 9)


def test_hard_wrapped_text_keeps_sentences_whole() -> None:
    text = ("GAROUA, Cameroon, May 15, 2024 — Separatist fighters shot dead four teachers and a\n"
            "student at a school in Bamenda on Monday, officials said. Soldiers later arrested\n"
            "two suspects in a nearby village, the army said.\n")
    x = run(text)
    attack = next(e for e in x.events if e.fatalities)
    assert (attack.event_date, attack.fatalities) == (date(2024, 5, 13), 5)
    assert attack.evidence[0].text.endswith("officials said.")  # one sentence across the line break
