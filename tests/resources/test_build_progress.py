"""The gazetteer build's progress report: a bar on terminals, two lines in logs."""

from __future__ import annotations

import io

import pytest

from kharita.resources import build_progress
from kharita.resources.build_progress import BarProgress, LineProgress, default_progress


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_logs_get_a_start_and_an_end_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Stream(tty=False)
    monkeypatch.setattr(build_progress.sys, "stderr", stream)
    monkeypatch.delenv("KHARITA_PROGRESS", raising=False)
    report = default_progress("/data/gazetteer.sqlite")
    assert isinstance(report, LineProgress)
    report.start(8)
    report.step("adding towns")
    report.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("kharita: building the gazetteer index once") and "/data/gazetteer.sqlite" in lines[0]
    assert lines[1].startswith("kharita: gazetteer index built in ")


def test_terminals_and_forced_progress_get_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_progress.sys, "stderr", _Stream(tty=True))
    assert isinstance(default_progress("x"), BarProgress)
    monkeypatch.setattr(build_progress.sys, "stderr", _Stream(tty=False))
    monkeypatch.setenv("KHARITA_PROGRESS", "1")
    assert isinstance(default_progress("x"), BarProgress)


def test_data_folder_is_the_env_var_then_the_older_name_then_platformdirs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from kharita.resources.gazetteer import data_dir

    monkeypatch.setenv("KHARITA_DATA_DIR", "/srv/kharita")
    monkeypatch.setenv("KHARITA_CACHE_DIR", "/old/kharita")
    assert str(data_dir()) == "/srv/kharita"
    monkeypatch.delenv("KHARITA_DATA_DIR")
    assert str(data_dir()) == "/old/kharita"
    monkeypatch.delenv("KHARITA_CACHE_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", "/home/analyst/.local/share")
    assert str(data_dir()) == "/home/analyst/.local/share/kharita"
