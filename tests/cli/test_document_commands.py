"""`socialguard init`, `render` and `diff` from the command line, with their one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.policy import load_policy
from socialguard.policy.wizard import questions

ANSWERS = """\
organisation: Acme Polska sp. z o.o.
languages: [pl, en]
brand_accounts: ["linkedin:acme-polska"]
spokespeople: ["Ewa Zielińska (Rzeczniczka)"]
teams: {crisis_response: [kryzys@acme.example]}
sectors: [healthcare]
version: "1"
effective: 2027-01-01
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("socialguard: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def test_init_from_answers_writes_a_policy_that_loads(tmp_path, answers):
    out = tmp_path / "policy.yaml"
    result = run("init", "--answers", str(answers), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (packs: general, healthcare)" in result.stdout
    policy = load_policy(out)
    assert policy.organisation.name == "Acme Polska sp. z o.o." and policy.clause("health-claims").number == "8.5.3"
    assert out.read_text(encoding="utf-8").startswith("# Social media policy of Acme Polska sp. z o.o.")


def test_init_refuses_to_overwrite_without_force(tmp_path, answers):
    out = tmp_path / "policy.yaml"
    out.write_text("keep me", encoding="utf-8")
    one_line_error(run("init", "--answers", str(answers), "--out", str(out)), "already exists; use --force")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("init", "--answers", str(answers), "--out", str(out), "--force").exit_code == 0
    assert load_policy(out).version == "1"


def test_init_with_bad_answers_or_unknown_pack_gives_one_line(tmp_path):
    bad = tmp_path / "answers.yaml"
    bad.write_text("organisation: Acme\nsectors: [banking]\n", encoding="utf-8")
    one_line_error(run("init", "--answers", str(bad), "--out", str(tmp_path / "p.yaml")),
                   "answers.yaml:2: sectors: unknown pack 'banking'; available: finance, healthcare, public-sector")
    one_line_error(run("init", "--answers", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "p.yaml")),
                   "missing.yaml: no such file")
    assert not (tmp_path / "p.yaml").exists()


def test_init_interactive_scripted_run(tmp_path):
    replies = {
        "organisation": "Miasto Przykładowo",
        "industry": "urząd miasta",
        "size": "mega\n250-999",  # a bad answer first: asked again
        "languages": "pl",
        "brand_accounts": "facebook:MiastoPrzykladowo, x:@przykladowo",
        "teams.crisis_response": "kryzys@przykladowo.pl",
        "sectors": "public-sector",
        "effective": "2027-02-01",
    }
    stdin = "\n".join(replies.get(q.key, "") for q in questions()) + "\n"
    out = tmp_path / "policy.yaml"
    result = run("init", "--out", str(out), "--lang", "pl", input=stdin)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Odpowiedz na każde pytanie i naciśnij Enter")
    assert "Nazwa organizacji" in result.stdout and "Liczba pracowników [10-49]" in result.stdout
    assert "choose one of: 1-9, 10-49, 50-249, 250-999, 1000+" in result.stderr
    policy = load_policy(out)
    assert policy.organisation.name == "Miasto Przykładowo" and policy.organisation.size == "250-999"
    assert [a.handle for a in policy.brand_accounts] == ["MiastoPrzykladowo", "@przykladowo"]
    assert policy.packs == ["general", "public-sector"] and str(policy.effective) == "2027-02-01"


def test_init_interactive_input_ending_early_writes_nothing(tmp_path):
    out = tmp_path / "policy.yaml"
    one_line_error(run("init", "--out", str(out), input="Acme\n"), "interrupted", "nothing was written")
    assert not out.exists()


def test_render_default_policy_as_markdown_to_stdout():
    result = run("render")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Social media policy\n") and "### 9.1 Passwords and two-factor" in result.stdout


def test_render_policy_file_to_html_and_pdf_files(tmp_path, answers):
    policy = tmp_path / "policy.yaml"
    run("init", "--answers", str(answers), "--out", str(policy))
    html = tmp_path / "policy.html"
    result = run("render", str(policy), "--format", "html", "--out", str(html))
    assert result.exit_code == 0 and "Wrote" in result.stderr
    assert '<html lang="pl">' in html.read_text(encoding="utf-8")  # the policy's first language
    pdf = tmp_path / "policy.pdf"
    assert run("render", str(policy), "-f", "pdf", "-l", "en", "-o", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        assert "8.5.2 Replies never confirm that someone is a patient" in text
        assert "Ewa Zielińska" in text


def test_render_pdf_to_redirected_stdout():
    result = CliRunner().invoke(app, ["render", "--format", "pdf"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF-")


def test_render_errors_are_one_line(tmp_path):
    one_line_error(run("render", "--lang", "de"), "unknown language 'de'; available: en, pl")
    usage = run("render", "--format", "docx")  # a usage error, reported by the command-line parser
    assert usage.exit_code == 2 and "'docx' is not one of" in usage.stderr
    unknown_pack = tmp_path / "policy.yaml"
    unknown_pack.write_text("packs: [general, banking]\n", encoding="utf-8")
    one_line_error(run("render", str(unknown_pack)), "policy.yaml:1: packs[1]: unknown pack 'banking'; available:")
    one_line_error(run("render", str(tmp_path / "none.yaml")), "none.yaml: no such file")
    placeholder = tmp_path / "placeholder.yaml"
    placeholder.write_text(
        "packs: [general]\nclauses:\n  - {id: purpose, number: '1.1', title: {en: Why}, text: {en: '{{ nope }}'}}\n",
        encoding="utf-8",
    )
    one_line_error(run("render", str(placeholder)), "clauses.purpose.text: unknown placeholder {{ nope }}")


def test_diff_of_two_versions(tmp_path, answers):
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    run("init", "--answers", str(answers), "--out", str(old))
    text = old.read_text(encoding="utf-8")
    edited = text.replace('version: "1"', 'version: "2"').replace("packs: [\"general\", \"healthcare\"]",
                                                                 "packs: [\"general\", \"healthcare\", \"advertising\"]")
    edited += "overrides:\n  health-mentions-care: {severity: block}\n"
    new.write_text(edited, encoding="utf-8")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Policy changes: version 1 -> 2")
    assert "- **8.7.1 Label advertising at the start** (ad-disclosure): added" in result.stdout
    assert "`health-mentions-care` (clause health-patient-status): changed; severity raised: review -> block" in result.stdout
    assert "Acknowledge again: yes" in result.stdout
    data = json.loads(run("diff", str(old), str(new), "--format", "json", "--lang", "pl").stdout)
    added = [c for c in data["clauses"] if c["kind"] == "added"]
    assert added[0]["title"] == "Reklama i marketing influencerski"


def test_diff_errors_are_one_line(tmp_path):
    one_line_error(run("diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")), "a.yaml: no such file")
