"""`kharita geoparse` and `kharita gazetteer import|add|info` through the command line (click's CliRunner).

The article and the GeoNames lines are written for these tests: 'Orangi Town' (id 990000001) is an invented
PPLX entry near Karachi. User places go to a fresh $KHARITA_DATA_DIR per test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli
from kharita.geoparse import GeoparseResult, Toponym, geoparse, unneeded_components
from kharita.models import Article, Failure
from kharita.pipeline import shared_pipeline
from kharita.resources.gazetteer import DATA_ENV, Gazetteer, get_gazetteer, refresh_user_places
from kharita.resources.geo_build import manual_id

ORANGI_ID = 990000001
KARACHI_ID = 1174872
ARTICLE = "Gunmen attacked a market in Orangi Town, Karachi, on Monday.\n"
ORANGI_LINE = "\t".join([str(ORANGI_ID), "Orangi Town", "Orangi Town", "Orangi", "24.95", "66.99", "P", "PPLX", "PK",
                         "", "05", "", "", "", "0", "", "12", "Asia/Karachi", "2024-05-01"])
TOPONYM_KEYS = ["start", "end", "text", "name", "latitude", "longitude", "country_code", "admin1", "feature_code",
                "geonameid", "score"]


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def packaged() -> Gazetteer:
    return get_gazetteer()  # opened under the suite's cache folder before any test moves it


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packaged: Gazetteer) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(DATA_ENV, str(folder))
    refresh_user_places()
    yield folder
    refresh_user_places()


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "PK.txt"
    path.write_text(ORANGI_LINE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "orangi.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def toponyms(result: Result) -> list[dict[str, Any]]:
    [line] = result.stdout.splitlines()
    record: dict[str, Any] = json.loads(line)
    assert list(record) == ["article_id", "toponyms"]
    found: list[dict[str, Any]] = record["toponyms"]
    assert all(list(t) == TOPONYM_KEYS for t in found)
    return found


def without_score(toponym: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(toponym["score"], float)
    return {k: v for k, v in toponym.items() if k != "score"}


KARACHI = {"start": 41, "end": 48, "text": "Karachi", "name": "Karachi", "latitude": 24.8608, "longitude": 67.0104,
           "country_code": "PK", "admin1": "Sindh", "feature_code": "PPL", "geonameid": KARACHI_ID}
ORANGI = {"start": 28, "end": 39, "text": "Orangi Town", "name": "Orangi Town", "latitude": 24.95,
          "longitude": 66.99, "country_code": "PK", "admin1": "Sindh", "feature_code": "PPLX", "geonameid": ORANGI_ID}


# -- geoparse ---------------------------------------------------------------------------------------------


def test_geoparse_finds_an_imported_neighbourhood(cache: Path, dump: Path, article: Path) -> None:
    before = invoke("geoparse", str(article))
    assert before.exit_code == 0, before.output
    assert [without_score(t) for t in toponyms(before)] == [KARACHI]  # the packaged index lacks Orangi Town

    imported = invoke("gazetteer", "import", str(dump))
    assert imported.exit_code == 0, imported.output
    after = invoke("geoparse", str(article))

    assert after.exit_code == 0, after.output
    assert after.stderr == ""
    assert [without_score(t) for t in toponyms(after)] == [ORANGI, KARACHI]
    assert ARTICLE[28:39] == "Orangi Town" and ARTICLE[41:48] == "Karachi"


def test_geoparse_formats_and_output_file(cache: Path, dump: Path, article: Path, tmp_path: Path) -> None:
    invoke("gazetteer", "import", str(dump))
    as_json = invoke("geoparse", str(article), "--format", "json")
    [record] = json.loads(as_json.stdout)
    assert [without_score(t) for t in record["toponyms"]] == [ORANGI, KARACHI]

    table = invoke("geoparse", str(article), "--format", "table")
    assert "2 toponym(s) in 1 article(s)" in table.stdout
    assert "Orangi Town" in table.stdout and "PPLX" in table.stdout and str(ORANGI_ID) in table.stdout

    out = tmp_path / "places.jsonl"
    written = invoke("geoparse", str(article), "--output", str(out))
    assert written.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["toponyms"][0]["name"] == "Orangi Town"


def test_geoparse_reads_jsonl_and_stdin_and_reports_bad_input(cache: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "wire-1", "text": "Police dispersed a rally in Quetta on Friday."}) + "\n"
                    + json.dumps({"id": "wire-2", "text": ""}) + "\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")

    result = invoke("geoparse", str(feed), str(empty), "-", input="Nothing happened here today, officials said.\n")

    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2  # wire-1 and the stdin article
    assert records[0]["article_id"] == "wire-1"
    assert [t["name"] for t in records[0]["toponyms"]] == ["Quetta"]
    assert records[1]["toponyms"] == []  # the stdin article names no place
    assert f"error: {empty} [ingest]: " in result.stderr
    assert "2 of 4 input(s) failed; the others were processed." in result.stderr


OHIO_PAPER = [
    "Columbus police arrested two men after a break-in on the city's east side, Franklin County deputies said.",
    "The Ohio Department of Transportation will close lanes on Interstate 270 near Columbus this weekend.",
    "A fire damaged a warehouse in Grove City, south of Columbus, Ohio, on Tuesday night.",
    "The Dublin school board voted on Monday to put a levy on the ballot.",
]


def test_geoparse_reads_an_outlet_s_ambiguous_names_near_its_home(cache: Path, tmp_path: Path) -> None:
    feed = tmp_path / "paper.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": text, "source": "dispatch"}) + "\n"
                            for i, text in enumerate(OHIO_PAPER)), encoding="utf-8")

    def dublin(*flags: str) -> str:
        result = invoke("geoparse", str(feed), *flags)
        assert result.exit_code == 0, result.output
        last = [json.loads(line) for line in result.stdout.splitlines()][-1]
        return next(t["country_code"] for t in last["toponyms"] if t["text"] == "Dublin")

    assert dublin() == "IE"  # alone, the capital of Ireland
    assert dublin("--outlet-homes") == "US"  # the paper's other stories are set in Ohio


def test_geoparse_help_has_an_example() -> None:
    result = invoke("geoparse", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "kharita geoparse report.txt" in result.stdout
    assert "--format [jsonl|json|table]" in result.stdout


def test_geoparse_library_switches_off_the_later_stages(cache: Path) -> None:
    nlp = shared_pipeline(None)
    assert unneeded_components(nlp) == ["kharita_dates", "kharita_casualties", "kharita_cues", "kharita_events",
                                        "lemmatizer"]
    articles = [Article("a1", "   "), Article("a2", "Gunmen attacked a bus near Quetta on Sunday.")]
    failure, result = geoparse(articles, nlp=nlp)  # in the articles' order
    assert failure == Failure("a1", "language", "article text is empty; nothing to extract")
    assert isinstance(result, GeoparseResult) and result.article_id == "a2"
    [quetta] = result.toponyms
    assert isinstance(quetta, Toponym)
    assert (quetta.text, quetta.name, quetta.country_code, quetta.start, quetta.end) == ("Quetta", "Quetta", "PK",
                                                                                          27, 33)
    assert quetta.to_dict()["geonameid"] == quetta.geonameid
    assert nlp.pipe_names[-1] == "kharita_events"  # the shared pipeline itself is left whole


def test_geoparse_names_a_part_of_a_country_by_the_country(cache: Path) -> None:
    article = Article("a1", "Refugees fled from northern India and crossed into Nepal last year.")
    [result] = geoparse([article], nlp=shared_pipeline(None))
    assert isinstance(result, GeoparseResult)
    india = result.toponyms[0]  # events stand a town in for 'northern India'; the toponym is India itself
    assert (india.text, india.name, india.country_code, india.feature_code, india.admin1) == (
        "India", "India", "IN", "PCLI", None)


# -- gazetteer import / add / info --------------------------------------------------------------------------


def test_gazetteer_import_prints_what_it_added(cache: Path, dump: Path) -> None:
    first = invoke("gazetteer", "import", str(dump))
    assert first.exit_code == 0, first.output
    assert first.stdout == (f"{dump} (geonames): 1 line(s) read; 1 place(s) and 2 name(s) added\n"
                            f"user places: {cache / 'user_places.sqlite'}\n")
    again = invoke("gazetteer", "import", str(dump))
    assert again.stdout.splitlines()[0] == f"{dump} (geonames): 1 line(s) read; 0 place(s) and 0 name(s) added"


def test_gazetteer_import_refuses_a_wrong_format(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("name,latitude,longitude,country_code\n", encoding="utf-8")
    result = invoke("gazetteer", "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad} line 1: not a GeoNames file: 1 tab-separated column(s); "
                                    "expected a GeoNames dump line: 19 tab-separated columns")
    missing = invoke("gazetteer", "import", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_gazetteer_add_with_flags(cache: Path, article: Path) -> None:
    result = invoke("gazetteer", "add", "Orangi Town", "--lat", "24.95", "--lon", "66.99", "--country", "PK",
                    "--feature-code", "PPLX", "--alias", "Orangi")
    gid = manual_id("Orangi Town", "PK", 24.95, 66.99)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"added Orangi Town (PPLX, Sindh, PK) at 24.95000, 66.99000: id {gid}; found by: "
                             f"orangi town, orangi\nuser places: {cache / 'user_places.sqlite'}\n")

    parsed = invoke("geoparse", str(article))
    assert [without_score(t) for t in toponyms(parsed)] == [{**ORANGI, "geonameid": gid}, KARACHI]


def test_gazetteer_add_csv(cache: Path, tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("name,latitude,longitude,country_code,admin1,feature_code,aliases\n"
                      "Kemari Town,24.82,66.97,PK,Sindh,PPLX,Keamari|Kiamari\n"
                      "Kili Chaman,30.2,67.0,PK,,,\n", encoding="utf-8")
    result = invoke("gazetteer", "add", "--csv", str(places))
    assert result.exit_code == 0, result.output
    kemari, kili = manual_id("Kemari Town", "PK", 24.82, 66.97), manual_id("Kili Chaman", "PK", 30.2, 67.0)
    assert result.stdout.splitlines() == [
        (f"added Kemari Town (PPLX, Sindh, PK) at 24.82000, 66.97000: id {kemari}; found by: kemari town, "
         "keamari, kiamari"),
        f"added Kili Chaman (PPL, Balochistan, PK) at 30.20000, 67.00000: id {kili}; found by: kili chaman",
        f"user places: {cache / 'user_places.sqlite'}",
    ]
    assert get_gazetteer().lookup("Kiamari")[0].geonameid == kemari


@pytest.mark.parametrize(
    ("args", "message"),
    [(("Orangi Town", "--lat", "24.95"), "give NAME with --lat, --lon and --country, or --csv FILE."),
     (("X", "--csv", "x.csv"), "give either --csv FILE or NAME with --lat, --lon and --country, not both.")],
)
def test_gazetteer_add_usage(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                             message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("name,latitude,longitude,country_code\n", encoding="utf-8")
    result = invoke("gazetteer", "add", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_gazetteer_add_bad_place(cache: Path) -> None:
    result = invoke("gazetteer", "add", "Orangi Town", "--lat", "24.95", "--lon", "66.99", "--country", "XX")
    assert result.exit_code == 2
    assert result.stderr == ("error: command line: unknown country 'XX'; use an ISO 3166-1 alpha-2 code such as "
                             "PK\n")


def test_gazetteer_info(cache: Path, packaged: Gazetteer, dump: Path) -> None:
    invoke("gazetteer", "import", str(dump))
    invoke("gazetteer", "add", "Baldia Town", "--lat", "24.93", "--lon", "66.96", "--country", "PK")
    result = invoke("gazetteer", "info")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"index:       {packaged.path}"
    assert lines[1].startswith("packaged:    ") and lines[1].endswith(" names")
    assert lines[2:6] == [f"user places: {cache / 'user_places.sqlite'}", "imported:    1 places (GeoNames files)",
                          "added:       1 places (by hand)", "user names:  3"]
    assert lines[6].startswith("import:      ") and lines[6].endswith(
        f" {dump} (geonames): 1 lines, 1 places, 2 names added")


def test_gazetteer_info_before_anything_is_added(cache: Path) -> None:
    lines = invoke("gazetteer", "info").stdout.splitlines()
    assert lines[2] == f"user places: {cache / 'user_places.sqlite'} (none yet)"
    assert lines[3:6] == ["imported:    0 places (GeoNames files)", "added:       0 places (by hand)",
                          "user names:  0"]


@pytest.mark.parametrize("command", ["import", "add", "info"])
def test_gazetteer_help_has_examples(command: str) -> None:
    result = invoke("gazetteer", command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"kharita gazetteer {command}" in result.stdout


def test_gazetteer_group_help_explains_the_storage() -> None:
    text = " ".join(invoke("gazetteer", "--help").stdout.split())
    assert "user_places.sqlite" in text and "a rebuild of the packaged index (after an upgrade) keeps them" in text
