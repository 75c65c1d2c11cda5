"""An unexpected error (a bug) ends the command with exit code 3 and one line naming its crash log."""

from __future__ import annotations

import sys
import tempfile

import pytest

from socialguard.cli import check, main


def test_a_bug_exits_3_with_one_line_and_the_traceback_in_a_private_log(monkeypatch, tmp_path, capsys):
    def broken(policy):  # stands in for a bug: no real input reaches one on purpose
        raise KeyError("a bug")

    monkeypatch.setattr(check, "checker", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["socialguard", "check", "hello"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 3
    [log] = tmp_path.glob("socialguard-crash-*.log")
    err = capsys.readouterr().err
    assert err == f"socialguard: unexpected error (KeyError), please report it; details in {log}\n"
    assert log.stat().st_mode & 0o777 == 0o600
    assert "Traceback" in log.read_text() and "KeyError: 'a bug'" in log.read_text()
