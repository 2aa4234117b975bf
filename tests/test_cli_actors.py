"""`kharita actors ...` and the --actors option, through click's CliRunner on real databases.

Groups and articles are invented (the Qaraqum Liberation Army, the Zarqawi Liberation Front), so the tests do
not depend on what the packaged registry holds. Only the last two tests load spaCy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli
from kharita.models import Actor, Article, Event, Extraction
from kharita.resources.actors import reset_actors
from kharita.store import open_store

QALA_YAML = """\
- id: qala
  name: "QaLA: Qaraqum Liberation Army"
  type: Rebel group
  country: TM
  acronyms: [QaLA]
  aliases: [Qaraqum Army]
  parent: zlf
- id: zlf
  name: "ZLF: Zarqawi Liberation Front"
  type: Rebel group
  country: NG
  aliases: [Zarqawi Liberation Front]
"""
QALA_JSON = {"id": "qala", "name": "QaLA: Qaraqum Liberation Army", "type": "Rebel group", "inter": 2,
             "country": "Turkmenistan", "reviewed": True, "aliases": ["Qaraqum Army", "QaLA"],
             "merged_into": None, "events": 0, "origin": "added"}
ZLF_JSON = {"id": "zlf", "name": "ZLF: Zarqawi Liberation Front", "type": "Rebel group", "inter": 2,
            "country": "Nigeria", "reviewed": True, "aliases": ["Zarqawi Liberation Front"], "merged_into": None,
            "events": 0, "origin": "added"}

TTP = Actor("TTP: Tehrik-i-Taliban Pakistan", "Rebel group", "Pakistan", id="ttp")
TTP_NEW = Actor("Tehreek-e-Taliban", "Rebel group", "Pakistan", id="new-tehreek-e-taliban", reviewed=False)
POLICE = Actor("Police Forces of Pakistan", "State forces", "Pakistan", id="police-forces-of-pakistan")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--format", "json"))


@pytest.fixture(autouse=True)
def _packaged_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("KHARITA_ACTORS", raising=False)
    reset_actors()
    yield
    reset_actors()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'k.db'}"


@pytest.fixture
def qala_file(tmp_path: Path) -> Path:
    path = tmp_path / "groups.yaml"
    path.write_text(QALA_YAML, encoding="utf-8")
    return path


def event(event_id: str, actor1: Actor, actor2: Actor | None) -> Event:
    return Event(event_id=event_id, article_id="a1", event_date=date(2024, 3, 2), date_precision="day",
                 event_type="Battles", sub_event_type="Armed clash", actor1=actor1, actor2=actor2, fatalities=2)


def seed(db: str) -> None:
    """e1: TTP vs police; e2: the unreviewed spelling vs police; e3: police vs the unreviewed spelling."""
    article = Article(id="a1", text="Clashes in Bannu.", published_at=date(2024, 3, 3))
    events = (event("e1", TTP, POLICE), event("e2", TTP_NEW, POLICE), event("e3", POLICE, TTP_NEW))
    with open_store(db) as store:
        store.save([Extraction(article=article, events=events)])


# --- help ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["actors"], ["actors", "list"], ["actors", "show"], ["actors", "add"], ["actors", "merge"],
     ["actors", "review"]],
)
def test_help_has_example(command: list[str]) -> None:
    assert "Example" in ok(*command, "--help")


@pytest.mark.parametrize("command", [["extract"], ["ingest"], ["eval", "case"], ["eval", "pitf"], ["eval", "geo"]])
def test_actors_option_on_extraction_commands(command: list[str]) -> None:
    assert "--actors FILE" in ok(*command, "--help")


# --- add, list, show ----------------------------------------------------------------------------------


def test_add_yaml_then_list_and_show(db: str, qala_file: Path) -> None:
    result = invoke("actors", "add", str(qala_file), "--db", db)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "saved qala: QaLA: Qaraqum Liberation Army (Rebel group, Turkmenistan); aliases: Qaraqum Army, QaLA",
        "saved zlf: ZLF: Zarqawi Liberation Front (Rebel group, Nigeria); aliases: Zarqawi Liberation Front",
    ]
    assert result.stderr == (f"note: {qala_file}: not kept in the database: parent; to use them, also pass "
                             "the file with --actors (or KHARITA_ACTORS).\n")
    assert as_json("actors", "list", "--db", db) == [QALA_JSON, ZLF_JSON]
    table = ok("actors", "list", "--db", db)
    assert "2 actor(s) in the database" in table
    assert "│ qala " in table and "│ Turkmenistan │" in table
    assert ok("actors", "show", "qala", "--db", db).splitlines() == [
        "id:          qala",
        "name:        QaLA: Qaraqum Liberation Army",
        "type:        Rebel group (inter 2)",
        "country:     Turkmenistan (TM)",
        "aliases:     Qaraqum Army",
        "acronyms:    QaLA",
        "reviewed:    yes",
        "events:      0",
        "source:      database (added)",
    ]


def test_add_with_options_then_update(db: str) -> None:
    first = ok("actors", "add", "--name", "QaLA: Qaraqum Liberation Army", "--type", "rebel group",
               "--country", "tm", "--acronym", "QaLA", "--id", "qala", "--db", db)
    again = ok("actors", "add", "--name", "QaLA: Qaraqum Liberation Army", "--type", "Rebel group",
               "--country", "TM", "--alias", "Qaraqum Army", "--id", "qala", "--db", db)

    assert first == "saved qala: QaLA: Qaraqum Liberation Army (Rebel group, Turkmenistan); aliases: QaLA\n"
    assert again == ("saved qala: QaLA: Qaraqum Liberation Army (Rebel group, Turkmenistan); "
                     "aliases: QaLA, Qaraqum Army\n")
    assert [a["id"] for a in as_json("actors", "list", "--db", db)] == ["qala"]


def test_add_derives_the_id_from_the_name(db: str) -> None:
    assert ok("actors", "add", "--name", "Kopet Dag Brigade", "--type", "Political militia", "--db", db) == (
        "saved kopet-dag-brigade: Kopet Dag Brigade (Political militia, no country)\n")


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ((), ["police-forces-of-pakistan", "new-tehreek-e-taliban", "ttp"]),
        (("--unreviewed",), ["new-tehreek-e-taliban"]),
        (("--country", "PK", "--search", "taliban"), ["new-tehreek-e-taliban", "ttp"]),
        (("--country", "Pakistan", "--search", "police"), ["police-forces-of-pakistan"]),
        (("--country", "NG"), []),
    ],
)
def test_list_filters(db: str, filters: tuple[str, ...], ids: list[str]) -> None:
    seed(db)
    assert [a["id"] for a in as_json("actors", "list", "--db", db, *filters)] == ids


def test_list_counts_events(db: str) -> None:
    seed(db)
    counts = {a["id"]: a["events"] for a in as_json("actors", "list", "--db", db)}
    assert counts == {"police-forces-of-pakistan": 3, "new-tehreek-e-taliban": 2, "ttp": 1}


def test_list_registry_with_user_file(qala_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = as_json("actors", "list", "--registry", "--actors", str(qala_file), "--search", "qaraqum")
    assert listed == [{"id": "qala", "name": "QaLA: Qaraqum Liberation Army", "type": "Rebel group", "inter": 2,
                       "country": "TM", "aliases": ["Qaraqum Army"], "acronyms": ["QaLA"], "descriptions": [],
                       "parent": "zlf", "affiliation": None, "years": [None, None], "reviewed": True,
                       "notes": ""}]
    reset_actors()
    assert as_json("actors", "list", "--registry", "--search", "qaraqum") == []
    monkeypatch.setenv("KHARITA_ACTORS", str(qala_file))
    reset_actors()
    assert [a["id"] for a in as_json("actors", "list", "--registry", "--country", "NG", "--search", "zarqawi")] == [
        "zlf"]


def test_list_registry_generic_and_table() -> None:
    table = ok("actors", "list", "--registry", "--search", "gunmen")
    assert "Unidentified Armed Group ({country})" in table
    assert "actor(s) in the registry" in table


def test_show_registry_actor_not_in_database(db: str, qala_file: Path) -> None:
    lines = ok("actors", "show", "QaLA", "--actors", str(qala_file), "--db", db).splitlines()
    assert lines == [
        "id:          qala",
        "name:        QaLA: Qaraqum Liberation Army",
        "type:        Rebel group (inter 2)",
        "country:     Turkmenistan (TM)",
        "aliases:     Qaraqum Army",
        "acronyms:    QaLA",
        "parent:      zlf",
        "affiliation: —",
        "reviewed:    yes",
        f"events:      0 (not stored in {db})",
        "source:      registry (YAML)",
    ]


def test_show_database_actor_with_registry_data(db: str, qala_file: Path) -> None:
    ok("actors", "add", "--name", "QaLA: Qaraqum Liberation Army", "--type", "Rebel group", "--country", "TM",
       "--alias", "Karakum Army", "--id", "qala", "--db", db)
    lines = ok("actors", "show", "qala", "--actors", str(qala_file), "--db", db).splitlines()
    assert lines[4:] == [
        "aliases:     Qaraqum Army, Karakum Army",
        "acronyms:    QaLA",
        "parent:      zlf",
        "affiliation: —",
        "reviewed:    yes",
        "events:      0",
        "source:      database (added) and registry (YAML)",
    ]


# --- merge and review ----------------------------------------------------------------------------------


def _merge_flow(db: str) -> None:
    seed(db)
    merged = ok("actors", "merge", "ttp", "new-tehreek-e-taliban", "--db", db)
    assert merged == ("merged new-tehreek-e-taliban into ttp: 3 event(s) now name TTP: Tehrik-i-Taliban "
                      "Pakistan; aliases: Tehreek-e-Taliban\n")
    events = as_json("events", "--db", db)
    sides = [(e["event_id"], e["actor1"]["id"], e["actor2"]["id"]) for e in events]
    assert sides == [("e1", "ttp", "police-forces-of-pakistan"), ("e2", "ttp", "police-forces-of-pakistan"),
                     ("e3", "police-forces-of-pakistan", "ttp")]
    assert events[1]["actor1"] == {"name": TTP.name, "type": "Rebel group", "country": "Pakistan", "id": "ttp",
                                   "reviewed": True}
    assert "TTP: Tehrik-i-Taliban Pakistan" in ok("events", "--db", db, "--format", "csv").splitlines()[2]
    dropped = [a for a in as_json("actors", "list", "--db", db) if a["id"] == "new-tehreek-e-taliban"]
    assert [(a["merged_into"], a["events"]) for a in dropped] == [("ttp", 0)]
    assert "merged into: ttp" in ok("actors", "show", "Tehreek-e-Taliban", "--db", db)


def test_merge_moves_events_sqlite(db: str) -> None:
    _merge_flow(db)


@pytest.mark.postgres
def test_merge_moves_events_postgres(pg_url: str) -> None:
    _merge_flow(pg_url)


def test_review(db: str) -> None:
    seed(db)
    assert ok("actors", "review", "new-tehreek-e-taliban", "--db", db) == (
        "new-tehreek-e-taliban (Tehreek-e-Taliban) marked reviewed; 2 event(s) name it.\n")
    assert as_json("actors", "list", "--unreviewed", "--db", db) == []


# --- bad input ------------------------------------------------------------------------------------------

BAD_FILES = {
    "bad.yaml": "- name: [unclosed\n",
    "badtype.yaml": "- id: x\n  name: X Front\n  type: Gang\n",
    "empty.yaml": "[]\n",
    "mapping.yaml": "name: X Front\ntype: Rebel group\n",
}


@pytest.mark.parametrize(
    ("args", "messages"),
    [
        (("actors", "add", "--name", "X", "--type", "Gang"),
         ["'Gang' is not an ACLED actor type; use one of: State forces, Rebel group"]),
        (("actors", "add", "{tmp}/missing.yaml"),
         ["missing.yaml does not exist; pass a YAML file written as in kharita/resources/actors/README.md"]),
        (("actors", "add", "{tmp}/bad.yaml"), ["bad.yaml is not valid YAML", "see resources/actors/README.md"]),
        (("actors", "add", "{tmp}/badtype.yaml"), ["actor 'X Front' has type 'Gang'; use one of: State forces"]),
        (("actors", "add", "{tmp}/empty.yaml"), ["empty.yaml lists no actors; pass a YAML file written as in"]),
        (("actors", "add", "{tmp}/mapping.yaml"), ["must be a YAML list of actors"]),
        (("actors", "add"), ["give a YAML FILE of actors, or --name and --type for one actor"]),
        (("actors", "add", "{tmp}/empty.yaml", "--name", "X"), ["give either FILE.yaml or --name/--type"]),
        (("actors", "add", "--name", "X", "--type", "Rebel group", "--country", "XYZ"),
         ["use an ISO 3166 alpha-2 code such as PK"]),
        (("actors", "add", "--name", "X", "--type", "Rebel group", "--country", "XX"), ["a code such as PK"]),
        (("actors", "add", "--name", "Guards of {country}", "--type", "State forces"),
         ["generic descriptions are not stored in the database", "--actors FILE"]),
        (("actors", "add", "--name", "X", "--type", "Rebel group", "--id", "X_1"),
         ["an id is lower case letters, digits and hyphens"]),
        (("actors", "show", "nobody"), ["no actor 'nobody' in the database or the registry", "kharita actors list"]),
        (("actors", "merge", "ttp", "TTP: Tehrik-i-Taliban Pakistan"), ["are the same actor"]),
        (("actors", "merge", "nobody", "ttp"), ["no actor 'nobody' in the database", "`kharita actors list`"]),
        (("actors", "review", "nobody"), ["no actor 'nobody' in the database"]),
        (("actors", "list", "--registry", "--country", "XX"), ["unknown country 'XX'; use an ISO 3166-1"]),
        (("extract", "{tmp}/empty.yaml", "--actors", "{tmp}/missing.yaml"), ["missing.yaml does not exist"]),
        (("ingest", "{tmp}/empty.yaml", "--actors", "{tmp}/missing.yaml"), ["missing.yaml does not exist"]),
        (("eval", "case", "{tmp}/empty.yaml", "--actors", "{tmp}/bad.yaml"), ["bad.yaml is not valid YAML"]),
    ],
)
def test_bad_input_says_what_to_do(db: str, tmp_path: Path, args: tuple[str, ...], messages: list[str]) -> None:
    seed(db)
    for name, text in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with_db = [*argv, "--db", db] if argv[0] == "actors" else argv

    result = invoke(*with_db)

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    stderr = " ".join(result.stderr.split())
    for message in messages:
        assert message in stderr, (message, result.stderr)


def test_bad_kharita_actors_file(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHARITA_ACTORS", str(tmp_path / "gone.yaml"))
    result = invoke("actors", "list", "--registry")
    assert result.exit_code == 2
    assert "gone.yaml does not exist" in result.stderr


def test_failed_add_stores_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "half.yaml"
    path.write_text(QALA_YAML + "- id: police-x\n  name: Police of {country}\n  type: State forces\n",
                    encoding="utf-8")
    assert invoke("actors", "add", str(path), "--db", db).exit_code == 2
    assert as_json("actors", "list", "--db", db) == []


# --- extraction uses the database and --actors (loads spaCy) ----------------------------------------------

ZLF_TEXT = ("Fighters of the Zarqawi Liberation Front attacked a police station in Maiduguri on Friday, killing "
            "four officers.\n")
ZLF_ACTOR = {"name": "ZLF: Zarqawi Liberation Front", "type": "Rebel group", "country": "Nigeria", "id": "zlf",
             "reviewed": True}


def test_ingest_recognises_actors_added_in_the_database(db: str, tmp_path: Path, qala_file: Path) -> None:
    article = tmp_path / "maiduguri.txt"
    article.write_text(ZLF_TEXT, encoding="utf-8")
    ok("actors", "add", str(qala_file), "--db", db)
    reset_actors()

    result = invoke("ingest", str(article), "--db", db, "--published-at", "2024-03-17")

    assert result.exit_code == 0, result.output
    [stored] = as_json("events", "--db", db)
    assert stored["actor1"] == ZLF_ACTOR
    assert [(a["id"], a["events"]) for a in as_json("actors", "list", "--db", db, "--search", "zarqawi")] == [
        ("zlf", 1)]


def test_extract_with_actors_file(tmp_path: Path, qala_file: Path) -> None:
    article = tmp_path / "maiduguri.txt"
    article.write_text(ZLF_TEXT, encoding="utf-8")
    [plain] = json.loads(ok("extract", str(article), "--published-at", "2024-03-17", "--format", "json"))
    [known] = json.loads(ok("extract", str(article), "--published-at", "2024-03-17", "--format", "json",
                            "--actors", str(qala_file)))
    assert plain["actor1"]["id"] != "zlf"
    assert known["actor1"] == ZLF_ACTOR
