"""User places: GeoNames dumps imported and places added by hand, found by `Gazetteer.lookup`.

The GeoNames lines below are written for these tests in GeoNames' real formats (19 tab-separated columns for
geoname dumps, 10 for alternateNamesV2); the places with ids 99000000x are invented. Every test writes its
user places into a fresh $KHARITA_DATA_DIR; the packaged index is the suite's (opened before the move, so it
is never rebuilt here).
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kharita.errors import InputError
from kharita.models import Location
from kharita.resources.gazetteer import (
    DATA_ENV,
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    USER_PLACES_FILE,
    Candidate,
    Gazetteer,
    get_gazetteer,
    kind_for_feature,
    refresh_user_places,
)
from kharita.resources.geo_build import (
    FORMAT_ALTERNATE_NAMES,
    FORMAT_GEONAMES,
    ImportSummary,
    NewPlace,
    add_places,
    gazetteer_info,
    import_dumps,
    manual_id,
    read_places_csv,
)

KARACHI_ID = 1174872
ORANGI_ID, ZARGHUN_ID, SHERPUR_ID, GONE_ID, STREAM_ID, SEA_ID = (
    990000001, 990000002, 990000003, 990000004, 990000005, 990000006)


def geoname(gid: int, name: str, lat: float, lon: float, *, fclass: str = "P", fcode: str = "PPLX",
            cc: str = "PK", a1: str = "05", a2: str = "", pop: int = 0, alternates: str = "") -> str:
    """One line of allCountries.txt / PK.txt / cities500.txt."""
    cols = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, cc, "", a1, a2, "", "",
            str(pop), "", "12", "Asia/Karachi", "2024-05-01"]
    assert len(cols) == 19
    return "\t".join(cols)


def alternate(row_id: int, gid: int, lang: str, name: str) -> str:
    """One line of alternateNamesV2.txt."""
    return "\t".join([str(row_id), str(gid), lang, name, "", "", "", "", "", ""])


PK_LINES = [
    geoname(ORANGI_ID, "Orangi Town", 24.95, 66.99, alternates="Orangi,Orangi Taun,ORG,Sector 11"),
    geoname(ZARGHUN_ID, "Zarghun District", 30.1, 67.4, fclass="A", fcode="ADM2", a1="02", a2=str(ZARGHUN_ID),
            pop=120000),
    geoname(SHERPUR_ID, "Sherpur Kalan", 30.3, 67.5, fcode="PPLA3", a1="02", a2=str(ZARGHUN_ID), pop=25000),
    geoname(GONE_ID, "Purana Gaon", 30.2, 67.4, fcode="PPLQ", a1="02"),  # abandoned: left out
    geoname(STREAM_ID, "Zarghun Nala", 30.2, 67.4, fclass="H", fcode="STM", a1="02"),  # a stream: left out
    geoname(SEA_ID, "Open Water", 24.0, 66.0, cc=""),  # no country: left out
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def packaged() -> Gazetteer:
    """The process-wide gazetteer, opened under the suite's cache folder before any test moves it."""
    return get_gazetteer()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packaged: Gazetteer) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(DATA_ENV, str(folder))
    refresh_user_places()
    yield folder
    refresh_user_places()  # later tests must not see this test's places (the env is restored after this)


@pytest.fixture
def pk_file(tmp_path: Path) -> Path:
    return write(tmp_path / "PK.txt", PK_LINES)


def run_import(gaz: Gazetteer, *paths: Path, **options: Any) -> list[ImportSummary]:
    return import_dumps(list(paths), user_path=gaz.user_path, index_path=gaz.path, **options)


def user_count(gaz: Gazetteer, table: str) -> int:
    with sqlite3.connect(gaz.user_path) as conn:
        count: int = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


# -- geoname dumps --------------------------------------------------------------------------------------


def test_invented_ids_are_not_in_the_packaged_index(packaged: Gazetteer) -> None:
    assert packaged.lookup("Orangi Town") == [] and packaged.lookup("Kolachi Bandar") == []
    assert USER_PLACES_FILE == "user_places.sqlite"


def test_import_makes_a_neighbourhood_resolvable(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    assert packaged.lookup("Orangi Town") == []  # cached as empty: the import must clear that

    [summary] = run_import(packaged, pk_file)

    assert summary == ImportSummary(str(pk_file), FORMAT_GEONAMES, lines=6, places_added=3, names_added=6,
                                    left_out=3)
    assert packaged.user_path == cache / "user_places.sqlite"
    assert packaged.lookup("Orangi Town") == [Candidate(
        geonameid=ORANGI_ID, name="Orangi Town", latitude=24.95, longitude=66.99, country_code="PK",
        admin1_code="05", admin2_code=None, population=0, feature_code="PPLX", kind=KIND_PLACE, primary=True)]
    orangi = packaged.lookup("orangi")
    assert [(c.geonameid, c.primary) for c in orangi] == [(ORANGI_ID, False)]  # an alternate name
    assert packaged.lookup("Orangi Taun")[0].geonameid == ORANGI_ID
    assert packaged.lookup("ORG") == [] and packaged.lookup("Sector 11") == []  # codes are not names
    assert packaged.to_location(packaged.lookup("Orangi Town")[0], geo_precision=1) == Location(
        name="Orangi Town", admin1="Sindh", admin2=None, country="Pakistan", country_code="PK", latitude=24.95,
        longitude=66.99, geo_precision=1, geonameid=ORANGI_ID)


def test_import_keeps_feature_codes_kinds_and_population(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    run_import(packaged, pk_file)

    district = [c for c in packaged.lookup("Zarghun") if c.geonameid == ZARGHUN_ID]  # 'District' is optional
    assert [(c.kind, c.feature_code, c.population, c.admin1_code, c.admin2_code, c.primary) for c in district] == [
        (KIND_ADMIN2, "ADM2", 120000, "02", str(ZARGHUN_ID), True)]
    [town] = packaged.lookup("Sherpur Kalan")
    assert (town.kind, town.feature_code, town.population) == (KIND_PLACE, "PPLA3", 25000)
    # the imported district names the town's admin2
    assert packaged.admin_names("PK", "02", str(ZARGHUN_ID)) == ("Balochistan", "Zarghun District")
    assert packaged.to_location(town, geo_precision=1).admin2 == "Zarghun District"
    assert packaged.lookup("Purana Gaon") == [] and packaged.lookup("Zarghun Nala") == []
    assert packaged.lookup("Open Water") == []


@pytest.mark.parametrize(
    ("code", "kind"),
    [("PPL", KIND_PLACE), ("PPLX", KIND_PLACE), ("PPLA2", KIND_PLACE), ("ADM1", KIND_ADMIN1),
     ("ADM2", KIND_ADMIN2), ("ADM3", KIND_ADMIN2), ("ADMD", KIND_ADMIN2), ("PCLI", KIND_COUNTRY), ("pplx", KIND_PLACE)],
)
def test_kind_for_feature(code: str, kind: str) -> None:
    assert kind_for_feature(code) == kind


def test_feature_classes_can_be_chosen(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    [summary] = run_import(packaged, pk_file, feature_classes=("H",))
    assert (summary.places_added, summary.left_out) == (1, 5)
    [stream] = packaged.lookup("Zarghun Nala")
    assert (stream.kind, stream.feature_code) == (KIND_PLACE, "STM")
    assert packaged.lookup("Orangi Town") == []


def test_import_twice_adds_nothing_twice(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    run_import(packaged, pk_file)
    places, names = user_count(packaged, "places"), user_count(packaged, "names")

    [again] = run_import(packaged, pk_file)

    assert (again.places_added, again.names_added, again.lines) == (0, 0, 6)
    assert (user_count(packaged, "places"), user_count(packaged, "names")) == (places, names) == (3, 6)
    assert len(packaged.lookup("Orangi Town")) == 1


def test_import_reads_a_zip(packaged: Gazetteer, cache: Path, tmp_path: Path, pk_file: Path) -> None:
    archive = tmp_path / "PK.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(pk_file, "PK.txt")
        zf.writestr("readme.txt", "GeoNames readme: not a dump\n")

    [summary] = run_import(packaged, archive)

    assert (summary.file, summary.format, summary.places_added) == (f"{archive}:PK.txt", FORMAT_GEONAMES, 3)
    assert packaged.lookup("Orangi Town")[0].geonameid == ORANGI_ID


def test_a_packaged_place_in_a_dump_stays_the_packaged_entry(packaged: Gazetteer, cache: Path,
                                                               tmp_path: Path) -> None:
    before = [c for c in packaged.lookup("Karachi") if c.geonameid == KARACHI_ID]
    dump = write(tmp_path / "cities500.txt", [geoname(KARACHI_ID, "Karachi", 24.8608, 67.0104, fcode="PPLA",
                                                      pop=11624219, alternates="Kolachi Bandar")])
    [summary] = run_import(packaged, dump)

    assert summary.places_added == 1
    assert [c for c in packaged.lookup("Karachi") if c.geonameid == KARACHI_ID] == before  # once, as packaged
    [alias] = packaged.lookup("Kolachi Bandar")  # a name only the dump has: its own row
    assert (alias.geonameid, alias.feature_code, alias.primary) == (KARACHI_ID, "PPLA", False)


# -- alternate names ------------------------------------------------------------------------------------


def test_alternate_names_attach_to_known_places_only(packaged: Gazetteer, cache: Path, tmp_path: Path,
                                                     pk_file: Path) -> None:
    names = write(tmp_path / "alternateNamesV2.txt", [
        alternate(1, ORANGI_ID, "en", "Orangi Township"),
        alternate(2, KARACHI_ID, "de", "Kolachi Bandar"),  # a packaged place
        alternate(3, KARACHI_ID, "link", "https://en.wikipedia.org/wiki/Karachi"),
        alternate(4, KARACHI_ID, "post", "74200"),
        alternate(5, 990000099, "en", "Nowhere Town"),  # no such place here
        alternate(6, ZARGHUN_ID, "ur", "Zarghun Zila"),
    ])

    # given first on purpose: geoname files are imported first, so the names find their places
    summaries = run_import(packaged, names, pk_file)

    assert [(s.file, s.format) for s in summaries] == [(str(pk_file), FORMAT_GEONAMES),
                                                        (str(names), FORMAT_ALTERNATE_NAMES)]
    assert summaries[1] == ImportSummary(str(names), FORMAT_ALTERNATE_NAMES, lines=6, places_added=0,
                                         names_added=3, left_out=3)
    assert [(c.geonameid, c.primary) for c in packaged.lookup("Orangi Township")] == [(ORANGI_ID, False)]
    [alias] = packaged.lookup("Kolachi Bandar")
    karachi = next(c for c in packaged.lookup("Karachi") if c.geonameid == KARACHI_ID)
    assert alias == replace(karachi, primary=False)
    assert [c.geonameid for c in packaged.lookup("Karachi")].count(KARACHI_ID) == 1
    assert packaged.lookup("Nowhere Town") == []
    assert packaged.lookup("Zarghun Zila")[0].geonameid == ZARGHUN_ID
    info = gazetteer_info(packaged.path, packaged.user_path)
    assert (info.imported_places, info.added_places) == (3, 0)  # the copied packaged entry is not a user place


def test_alternate_names_of_a_later_import_find_earlier_imports(packaged: Gazetteer, cache: Path, tmp_path: Path,
                                                                pk_file: Path) -> None:
    run_import(packaged, pk_file)
    names = write(tmp_path / "alternateNamesV2.txt", [alternate(1, ORANGI_ID, "en", "Orangi Township")])
    [summary] = run_import(packaged, names)
    assert summary.names_added == 1
    assert packaged.lookup("Orangi Township")[0].geonameid == ORANGI_ID


# -- wrong formats --------------------------------------------------------------------------------------


def test_a_csv_is_not_a_geonames_dump(packaged: Gazetteer, cache: Path, tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("name,latitude,longitude,country_code\nOrangi Town,24.95,66.99,PK\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        run_import(packaged, places)
    message = str(error.value)
    assert message.startswith(f"{places} line 1: not a GeoNames file: 1 tab-separated column(s); expected a "
                              "GeoNames dump line: 19 tab-separated columns (geonameid, name, ")
    assert "alternateNamesV2.txt line: 10 tab-separated columns" in message
    assert message.endswith("(for a CSV of places use `kharita gazetteer add --csv`)")


def test_a_malformed_line_stops_the_import_after_the_lines_before_it(packaged: Gazetteer, cache: Path,
                                                                     tmp_path: Path) -> None:
    dump = write(tmp_path / "PK.txt", [PK_LINES[0], PK_LINES[2], "990000009\tBroken line\t24.9", PK_LINES[1]])
    with pytest.raises(InputError) as error:
        run_import(packaged, dump)
    assert str(error.value).startswith(f"{dump} line 3: 3 tab-separated column(s); expected a GeoNames dump line: "
                                       "19 tab-separated columns")
    assert "Lines before it were imported" in str(error.value)
    assert packaged.lookup("Orangi Town") and packaged.lookup("Sherpur Kalan")
    assert packaged.lookup("Zarghun District") == []


def test_skip_bad_lines_reports_them(packaged: Gazetteer, cache: Path, tmp_path: Path) -> None:
    bad_number = geoname(990000010, "Bad Point", 24.9, 67.0).replace("\t24.9\t", "\tnorth\t")
    dump = write(tmp_path / "PK.txt", [PK_LINES[0], bad_number, "garbage", PK_LINES[1]])
    with pytest.raises(InputError) as error:
        run_import(packaged, dump)
    assert str(error.value).startswith(f"{dump} line 2: latitude/longitude 'north'/'67.0' are not numbers")

    [summary] = run_import(packaged, dump, skip_bad_lines=True)

    assert summary.bad_lines == (2, 3)
    assert summary.places_added == 1  # Zarghun; Orangi Town was kept by the stopped run
    assert packaged.lookup("Bad Point") == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("empty.txt", b"", " is empty; expected a GeoNames dump line"),
     ("PK.zip", b"not a zip", " is not a valid ZIP archive (an unfinished download?)"),
     ("binary.txt", b"\xff\xfe\x00\x01", " line 1: not UTF-8 text"),
     ("names.txt", b"1\t2\t3\n", " line 1: not a GeoNames file: 3 tab-separated column(s)")],
)
def test_unreadable_files_are_named(packaged: Gazetteer, cache: Path, tmp_path: Path, name: str, content: bytes,
                                    message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        run_import(packaged, path)
    assert str(error.value).startswith(f"{path}{message}")


def test_a_zip_without_a_dump(packaged: Gazetteer, cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "PK.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "only a readme\n")
    with pytest.raises(InputError, match=r"PK.zip holds no GeoNames .txt file \(it holds readme.txt\)"):
        run_import(packaged, archive)


# -- storage --------------------------------------------------------------------------------------------


def test_user_places_live_beside_the_index_never_in_it(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    stat = packaged.path.stat()
    run_import(packaged, pk_file)
    after = packaged.path.stat()
    assert (after.st_size, after.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert (cache / "user_places.sqlite").is_file()
    # a gazetteer opened afresh on the same index (as after a rebuild) finds them
    fresh = Gazetteer(packaged.path, user_path=cache / "user_places.sqlite")
    assert fresh.lookup("Orangi Town")[0].geonameid == ORANGI_ID
    # and one pointed at no user places does not
    assert Gazetteer(packaged.path, user_path=cache / "none.sqlite").lookup("Orangi Town") == []


def test_a_foreign_file_is_refused(packaged: Gazetteer, cache: Path, pk_file: Path) -> None:
    cache.mkdir(parents=True)
    (cache / "user_places.sqlite").write_text("not a database", encoding="utf-8")
    assert packaged.lookup("Orangi Town") == []  # lookups never fail on it
    with pytest.raises(InputError, match="is not a kharita user places file"):
        run_import(packaged, pk_file)


# -- places added by hand -------------------------------------------------------------------------------


def test_add_a_place_by_hand(packaged: Gazetteer, cache: Path) -> None:
    [added] = add_places([NewPlace("Baldia Town", 24.93, 66.96, "PK", feature_code="pplx", aliases=("Baldia",))],
                         gazetteer=packaged, user_path=packaged.user_path)

    gid = manual_id("Baldia Town", "PK", 24.93, 66.96)
    assert gid < 0
    assert (added.geonameid, added.name, added.country_code, added.admin1_code, added.admin1, added.feature_code,
            added.kind, added.new) == (gid, "Baldia Town", "PK", "05", "Sindh", "PPLX", KIND_PLACE, True)
    assert added.names == (("baldia town", True), ("baldia", False))
    assert packaged.lookup("Baldia Town") == [Candidate(
        geonameid=gid, name="Baldia Town", latitude=24.93, longitude=66.96, country_code="PK", admin1_code="05",
        admin2_code=None, population=0, feature_code="PPLX", kind=KIND_PLACE, primary=True)]
    assert [(c.geonameid, c.primary) for c in packaged.lookup("Baldia")] == [(gid, False)]


def test_adding_the_same_place_again_updates_it(packaged: Gazetteer, cache: Path) -> None:
    place = NewPlace("Baldia Town", 24.93, 66.96, "PK", aliases=("Baldia",))
    add_places([place], gazetteer=packaged, user_path=packaged.user_path)
    [again] = add_places([NewPlace("Baldia Town", 24.9301, 66.9601, "Pakistan", admin1="Sindh province",
                                   feature_code="PPLX", aliases=("Baldia Colony",), population=500)],
                         gazetteer=packaged, user_path=packaged.user_path)

    assert (again.new, again.geonameid) == (False, manual_id("Baldia Town", "PK", 24.93, 66.96))
    assert again.names == (("baldia town", True), ("baldia", False), ("baldia colony", False))
    [baldia] = packaged.lookup("Baldia Colony")
    assert (baldia.feature_code, baldia.population, baldia.latitude) == ("PPLX", 500, 24.9301)
    assert gazetteer_info(packaged.path, packaged.user_path).added_places == 1


def test_admin1_by_name_code_or_nearest_town(packaged: Gazetteer, cache: Path) -> None:
    added = add_places([
        NewPlace("Kili Ahmad", 30.2, 67.0, "PK", admin1="Balochistan"),
        NewPlace("Kili Babar", 30.2, 67.0, "PK", admin1="02"),
        NewPlace("Kili Chaman", 30.2, 67.0, "PK"),  # near Quetta
        NewPlace("Mid Ocean", 0.0, -30.0, "PK"),  # no town within 100 km
    ], gazetteer=packaged, user_path=packaged.user_path)
    assert [(p.admin1_code, p.admin1) for p in added] == [
        ("02", "Balochistan"), ("02", "Balochistan"), ("02", "Balochistan"), (None, None)]


@pytest.mark.parametrize(
    ("place", "message"),
    [(NewPlace("X Town", 24.9, 67.0, "ZZ"), "command line: unknown country 'ZZ'; use an ISO 3166-1 alpha-2 code"),
     (NewPlace("X Town", 24.9, 67.0, "PK", admin1="Narnia"),
      "command line: unknown first-level region 'Narnia' in PK (Azad Jammu and Kashmir, Balochistan, "),
     (NewPlace("X Town", 124.9, 67.0, "PK"), "command line: latitude 124.9 / longitude 67.0 out of range"),
     (NewPlace("X Town", 24.9, 67.0, "PK", feature_code="PCLI"), "command line: feature code 'PCLI' is not a place"),
     (NewPlace("...", 24.9, 67.0, "PK"), "command line: the name '...' has no Latin letters")],
)
def test_bad_places_are_refused_and_nothing_is_written(packaged: Gazetteer, cache: Path, place: NewPlace,
                                                       message: str) -> None:
    good = NewPlace("Good Town", 24.9, 67.0, "PK")
    with pytest.raises(InputError) as error:
        add_places([good, place], gazetteer=packaged, user_path=packaged.user_path)
    assert str(error.value).startswith(message)
    assert packaged.lookup("Good Town") == []


def test_places_csv(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("name,latitude,longitude,country_code,admin1,feature_code,aliases\n"
                    "Kemari Town,24.82,66.97,PK,Sindh,PPLX,Keamari|Kiamari\n"
                    "\n"
                    "Landhi,24.85,67.2,PK,,,\n", encoding="utf-8")
    assert read_places_csv(path) == [
        NewPlace("Kemari Town", 24.82, 66.97, "PK", admin1="Sindh", feature_code="PPLX",
                 aliases=("Keamari", "Kiamari"), where=f"{path} line 2"),
        NewPlace("Landhi", 24.85, 67.2, "PK", where=f"{path} line 4"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("name,lat,lon\nX,1,2\n", "line 1: missing column(s) latitude, longitude, country_code; expected a header"),
     ("name,latitude,longitude,country_code,colour\n", "line 1: unknown column(s) colour"),
     ("name,latitude,longitude,country_code\nX,abc,2,PK\n", "line 2: latitude 'abc' is not a number"),
     ("name,latitude,longitude,country_code\nX,1,2\n", "line 2: 3 value(s) for 4 column(s)"),
     ("name,latitude,longitude,country_code\n", "lists no places")],
)
def test_places_csv_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "places.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_places_csv(path)
    assert str(error.value).startswith(f"{path} {message}") or str(error.value).startswith(f"{path}: {message}")
