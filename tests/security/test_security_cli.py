"""`socialguard security audit` and `registry-template`: exit codes 0/1/2, text and JSON, clear errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.security.registry import COLUMNS

HEADER = ",".join(COLUMNS)
COMPLIANT = "x,@acme,,Anna,Anna (own_login),app,2026-05-01,sec@acme.pl,company,,\n"
FAILING = 'instagram,@acme,,Anna,"Anna (own_login); Jan (shared_credential, left)",sms,2026-05-01,sec@acme.pl,company,,\n'


def run(*args: str):
    return CliRunner().invoke(app, ["security", *args])


def registry(tmp_path, *rows: str):
    path = tmp_path / "accounts.csv"
    path.write_text(HEADER + "\n" + "".join(rows), encoding="utf-8")
    return str(path)


def test_compliant_registry_exits_0(tmp_path):
    result = run("audit", "--registry", registry(tmp_path, COMPLIANT), "--today", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert "1 account(s). No findings" in result.output


def test_findings_exit_1_with_clause_and_action(tmp_path):
    result = run("audit", "--registry", registry(tmp_path, COMPLIANT, FAILING), "--today", "2026-06-01")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "HIGH: Jan has left the organisation but still has access to instagram @acme (shared credential). "
        "[2.2 Brand accounts]"
    )
    assert lines[1].startswith("    -> Remove Jan's access")
    assert "[9.1 Passwords and two-factor authentication]" in result.output
    assert lines[-1] == "2 finding(s): 1 high, 1 medium, 0 low risk."


def test_json_output(tmp_path):
    result = run("audit", "--registry", registry(tmp_path, FAILING), "--today", "2026-06-01", "--format", "json",
                 "--lang", "pl")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["accounts"] == 1 and payload["date"] == "2026-06-01"
    assert [f["kind"] for f in payload["findings"]] == ["access_left", "two_factor_sms_only"]
    assert payload["findings"][0]["clause"] == {"id": "brand-accounts", "number": "2.2", "title": "Konta firmowe"}


def test_bad_input_exits_2_with_one_message_per_problem(tmp_path):
    bad = registry(tmp_path, "x,@acme,,,,fido,,,,,\n", "x,@b,,,,,yesterday,,,,\n")
    result = run("audit", "--registry", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{bad}:2: two_factor: 'fido': must be one of none, sms, app, hardware_key" in result.output
    assert f"{bad}:3: last_rotation: 'yesterday' is not a date; write YYYY-MM-DD" in result.output


def test_usage_errors_exit_2(tmp_path):
    good = registry(tmp_path, COMPLIANT)
    for args, expected in [
        (("audit", "--registry", str(tmp_path / "none.csv")), "none.csv: no such file"),
        (("audit", "--registry", good, "--format", "xml"), "--format: must be text or json"),
        (("audit", "--registry", good, "--today", "soon"), "--today: 'soon' is not a date"),
        (("audit", "--registry", good, "--lang", "de"), "--lang: must be one of en, pl"),
        (("audit", "--registry", good, "--policy", str(tmp_path / "p.yaml")), "p.yaml: no such file"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, args
        assert expected in result.output


def test_registry_template(tmp_path):
    assert run("registry-template").output == HEADER + "\n"
    target = tmp_path / "accounts.csv"
    assert run("registry-template", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == HEADER + "\n"
    again = run("registry-template", "-o", str(target))
    assert again.exit_code == 2 and "already exists" in again.output
