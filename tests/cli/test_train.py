"""`socialguard train`: the command wrapper of `socialguard-train` (training itself: tests/classifiers)."""

from __future__ import annotations

from typer.testing import CliRunner

from socialguard.cli import app


def test_train_command_reports_a_missing_data_folder(tmp_path):
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no such folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_train_command_refuses_an_unknown_model(tmp_path):
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path), "--only", "toxicity_de"])
    assert result.exit_code == 2
    assert "invalid choice: 'toxicity_de'" in result.stderr
