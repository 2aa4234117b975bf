"""`kharita eval` on tiny invented fixture files (written here, 3-4 rows each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli

CASE_ROWS = [
    ("1", "Police fired tear gas at protesters in Nairobi on Tuesday and arrested 12 of them.",
     "PROTEST_WITH_INTER"),
    ("2", "Gunmen attacked a minibus near Maiduguri on Friday, killing four passengers.", "ATTACK"),
    ("3", "Heavy rains flooded parts of Mombasa on Monday, forcing hundreds of families from their homes.",
     "NATURAL_DISASTER"),
]
PITF_ROWS = [
    {"id": "t1", "text": "Gunmen attacked a minibus near Maiduguri on Friday, killing four passengers.",
     "date": "2014-03-14", "country": "NGA", "latitude": 11.85, "longitude": 13.16, "deaths": 4, "injured": None,
     "deaths_ambiguity": "Single Number Reported", "perpetrator_state_role": "Non-State, Internal, No State Sanction"},
    {"id": "t2", "text": "Soldiers shot dead two villagers in Kasese on Sunday and wounded three others.",
     "date": "2014-07-06", "country": "UGA", "latitude": 0.18, "longitude": 30.08, "deaths": 2, "injured": 3,
     "deaths_ambiguity": "Single Number Reported", "perpetrator_state_role": "State Perpetrator"},
    {"id": "t3", "text": "Heavy rains flooded parts of Mombasa, forcing families from their homes.",
     "date": "2014-05-05", "country": "KEN", "latitude": None, "longitude": None, "deaths": 0, "injured": None,
     "deaths_ambiguity": "No Numbers/Ranges Reported", "perpetrator_state_role": "Unknown/Unclear/Other"},
]
GEO_XML = """<articles><article><text>Students marched through Nairobi on Monday.</text><toponyms>
<toponym><start>25</start><end>32</end><phrase>Nairobi</phrase>
<gaztag geonameid="184745"><lat>-1.28333</lat><lon>36.81667</lon></gaztag></toponym></toponyms></article>
<article><text>Traders in Kampala closed their shops.</text><toponyms>
<toponym><start>10</start><end>17</end><phrase>Kampala</phrase>
<gaztag geonameid="232422"><lat>0.31628</lat><lon>32.58219</lon></gaztag></toponym></toponyms></article>
</articles>"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.tsv"
    path.write_text("id\tEventSnippet\tSubType\n" + "".join("\t".join(r) + "\n" for r in CASE_ROWS),
                    encoding="utf-8")
    return path


@pytest.fixture
def pitf_file(tmp_path: Path) -> Path:
    path = tmp_path / "pitf.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in PITF_ROWS), encoding="utf-8")
    return path


def test_eval_case_table(case_file: Path) -> None:
    result = invoke("eval", "case", str(case_file), "--errors", "3")
    assert result.exit_code == 0, result.output
    assert "weighted F1 (25 ACLED labels)" in result.stdout
    assert "non-political rejection rate" in result.stdout
    assert "| Protest with intervention" in result.stdout
    assert "3 snippets (2 ACLED-labelled, 1 non-political)" in result.stdout


def test_eval_case_json(case_file: Path) -> None:
    result = invoke("eval", "case", str(case_file), "--json", "--limit", "2", "--errors", "5")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 2
    assert 0.0 <= data["weighted_f1"] <= 1.0
    assert len(data["labels"]) == 25
    assert data["model"]
    assert all("text" not in c and "example_id" in c for c in data["confusions"])


def test_eval_pitf_table_and_json(pitf_file: Path) -> None:
    table = invoke("eval", "pitf", str(pitf_file), "--errors", "2")
    assert table.exit_code == 0, table.output
    assert "deaths exact (single number)" in table.stdout
    assert "violent event detected" in table.stdout
    data = json.loads(invoke("eval", "pitf", str(pitf_file), "--json").stdout)
    measures = data["measures"]
    assert measures["deaths_exact"]["n"] == 2
    assert measures["injured_exact"]["n"] == 1
    assert measures["violent_detected"]["n"] == 3
    assert measures["location_161km"]["n"] == 2
    assert measures["event_date_exact"]["n"] == 2


def test_eval_geo_json(tmp_path: Path) -> None:
    path = tmp_path / "geo.xml"
    path.write_text(GEO_XML, encoding="utf-8")
    result = invoke("eval", "geo", str(path), "--model", "sm", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 2
    assert data["given_span"]["toponyms"] == 2
    assert 0.0 <= data["end_to_end"]["accuracy_161km"] <= 1.0


@pytest.mark.parametrize("command", ["case", "pitf", "geo"])
def test_eval_help_has_example(command: str) -> None:
    result = invoke("eval", command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_eval_missing_file_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "case", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2


def test_accuracy_benchmark_table(case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    case_file.rename(eval_dir / "case2021_task2_dev.tsv")

    assert module.main(["--eval-dir", str(eval_dir)]) == 0
    out, err = capsys.readouterr()
    assert "| measure" in out and "| CASE weighted F1" in out and "≥ 0.75" in out
    assert "pitf_dev.jsonl not found" in err
    assert module.main(["--eval-dir", str(tmp_path / "empty")]) == 1
