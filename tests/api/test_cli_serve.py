"""`kharita serve`: its help, and a clear message when the web extra is missing (the server itself is started
by the dashboard tests, tests/web)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from kharita.cli import cli


def test_help_shows_examples() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "kharita serve --db sqlite:///kharita.db" in result.output
    for option in ("--token", "--private-reads", "--tile-url", "--host", "--port"):
        assert option in result.output


def test_missing_web_extra_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now raises ImportError
    result = CliRunner().invoke(cli, ["serve", "--db", "sqlite:///unused.db"])
    assert result.exit_code == 2
    assert "pip install 'kharita[web]'" in result.output


def test_private_reads_need_a_token(tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path}/k.db", "--private-reads"],
                                env={"KHARITA_API_TOKEN": ""})
    assert result.exit_code == 2 and "private reads need a token" in result.output
