"""`socialguard listen` against export files: one round, stored once, errors reported with exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from socialguard.cli import app

runner = CliRunner()


def _policy(tmp_path, export) -> str:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"listening:\n  sources:\n    files: [{{path: '{export}', source: facebook}}]\n", "utf-8")
    return str(policy)


def test_listen_once_stores_routed_mentions_and_is_idempotent(tmp_path):
    export = tmp_path / "fb.jsonl"
    export.write_text(json.dumps({"id": "1", "text": "Mój prawnik już o tym wie, rozważam kroki prawne."}) + "\n", "utf-8")
    policy, store = _policy(tmp_path, export), tmp_path / "inbox"
    first = runner.invoke(app, ["listen", "--policy", policy, "--once", "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert f"file:{export}: 1 fetched, 1 new" in first.output
    (line,) = (store / "mentions.jsonl").read_text("utf-8").splitlines()
    stored = json.loads(line)
    assert stored["assignment"]["team"] == "legal" and "legal_threat" in stored["understanding"]["topics"]
    again = runner.invoke(app, ["listen", "--policy", policy, "--once", "--store", str(store)])
    assert "0 fetched, 0 new" in again.output


def test_bad_rows_exit_1_and_name_the_line(tmp_path):
    export = tmp_path / "fb.jsonl"
    export.write_text('{"id": "1", "text": "ok"}\n{broken\n', "utf-8")
    result = runner.invoke(app, ["listen", "--policy", _policy(tmp_path, export), "--once", "--store",
                                 str(tmp_path / "inbox")])
    assert result.exit_code == 1
    assert f"{export}:2: invalid JSON" in result.output


def test_usage_errors_exit_2_with_one_line(tmp_path):
    no_sources = runner.invoke(app, ["listen", "--once", "--store", str(tmp_path)])
    assert no_sources.exit_code == 2 and "no sources configured" in no_sources.output
    both = runner.invoke(app, ["listen", "--once", "--store", str(tmp_path), "--db"])
    assert both.exit_code == 2 and "exactly one of --store DIR or --db" in both.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("listening:\n  crisis: {k: 0}\n", "utf-8")
    policy_error = runner.invoke(app, ["listen", "--policy", str(bad), "--once", "--store", str(tmp_path)])
    assert policy_error.exit_code == 2 and "listening.crisis.k" in policy_error.output


def test_a_line_with_a_lone_surrogate_is_rejected_by_file_and_line_and_passed(tmp_path):
    export = tmp_path / "fb.jsonl"
    export.write_text('{"id": "1", "text": "Acme rocks"}\n{"id": "2", "text": "bad \\ud800"}\n'
                      '{"id": "3", "text": "Acme, my order is late"}\n', "utf-8")
    policy, store = _policy(tmp_path, export), tmp_path / "inbox"
    first = runner.invoke(app, ["listen", "--policy", policy, "--once", "--store", str(store)])
    assert first.exit_code == 1 and isinstance(first.exception, SystemExit)
    assert "2 fetched, 2 new, 1 rejected" in first.output
    assert f"{export}:2: text: a lone surrogate ('\\ud800') at character 5" in first.output
    assert [json.loads(line)["external_id"] for line in (store / "mentions.jsonl").read_text("utf-8").splitlines()] == ["1", "3"]
    (rejected,) = [json.loads(line) for line in (store / "rejected.jsonl").read_text("utf-8").splitlines()]
    assert rejected == {"source": f"file:{export}", "position": f"{export}:2", "payload": '{"id": "2", "text": "bad \\ud800"}',
                        "reason": "text: a lone surrogate ('\\ud800') at character 5, which is not Unicode text"}
    again = runner.invoke(app, ["listen", "--policy", policy, "--once", "--store", str(store)])
    assert again.exit_code == 0 and "0 fetched, 0 new" in again.output
