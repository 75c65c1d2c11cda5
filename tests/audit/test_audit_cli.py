"""`socialguard audit verify` and `socialguard audit export` against the test database."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from typer.testing import CliRunner

from socialguard.audit.chain import record
from socialguard.audit.models import AuditEvent
from socialguard.cli import app

runner = CliRunner()


@pytest.fixture
def logged(acme):
    return [record(acme.org, "submit", actor="acme-employee", data={"n": n}) for n in range(3)]


@pytest.mark.django_db
def test_verify_ok(logged):
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 3 events in 1 organisation(s)")


@pytest.mark.django_db
def test_verify_names_the_first_tampered_event(logged):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET actor = 'mallory' WHERE id = %s", [logged[1].pk])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"TAMPERED: organisation acme: event seq 2 (id {logged[1].pk}): hash mismatch" in result.output


@pytest.mark.django_db
def test_verify_unknown_org_is_a_usage_error(logged):
    result = runner.invoke(app, ["audit", "verify", "--org", "nope"])
    assert result.exit_code == 2
    assert "--org: no organisation 'nope'" in result.output


@pytest.mark.django_db
def test_export_csv_and_json(logged, tmp_path):
    target = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", "export", "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["seq"] for r in rows] == ["1", "2", "3"]
    assert rows[2]["prev_hash"] == rows[1]["hash"]
    result = runner.invoke(app, ["audit", "export", "--format", "json", "--org", "acme"])
    exported = json.loads(result.stdout)
    assert [e["data"] for e in exported] == [{"n": 0}, {"n": 1}, {"n": 2}]


@pytest.mark.django_db
def test_export_csv_guards_cells_a_spreadsheet_would_run(acme, tmp_path):
    record(acme.org, "submit", actor='=HYPERLINK("http://evil.example","x")', data={"n": 0})
    target = tmp_path / "audit.csv"
    assert runner.invoke(app, ["audit", "export", "--format", "csv", "--output", str(target)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["actor"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["data"] == '{"n":0}'


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["/sys/audit.csv", "{tmp}/missing/audit.csv", "{tmp}"])
def test_export_to_a_place_that_cannot_be_written_is_one_line(logged, tmp_path, target):
    output = target.format(tmp=tmp_path)
    result = runner.invoke(app, ["audit", "export", "--output", output])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"socialguard: error: {output}: cannot write (") and result.stderr.count("\n") == 1


@pytest.mark.django_db
def test_export_date_range(logged):
    result = runner.invoke(app, ["audit", "export", "--format", "json", "--from", "2000-01-01", "--to", "2000-12-31"])
    assert json.loads(result.stdout) == []


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--from", "yesterday"], "--from: 'yesterday' is not a date; write YYYY-MM-DD"),
    (["--format", "xml"], "--format: must be csv or json, not 'xml'"),
])
def test_export_bad_input_is_one_clear_line(logged, args, message):
    result = runner.invoke(app, ["audit", "export", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
