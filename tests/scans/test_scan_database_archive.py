"""`socialguard scan db:ORG`: the web app's archive of one organisation, scanned under its current policy."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT

from socialguard.cli import app
from socialguard.workflow.actions import create_draft


def draft(org_fixture, role: str, text: str):
    return create_draft(org_fixture.membership(role), text=text, account_kind="personal", account_handle="",
                        platform="x")


@pytest.mark.django_db
def test_the_archive_is_exported_and_scanned_under_the_orgs_policy(tmp_path, acme, globex):
    posts = [draft(acme, "employee", t) for t in (OK_TEXT, REVIEW_TEXT, BLOCK_TEXT)]
    draft(globex, "employee", BLOCK_TEXT)  # another organisation's post is not part of the archive
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, ["scan", "db:acme", "--out", str(out), "--workers", "1", "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    exported = [json.loads(line) for line in (out / "archive-acme.jsonl").read_text().splitlines()]
    assert [r["id"] for r in exported] == [p.pk for p in posts]
    assert exported[0]["text"] == OK_TEXT and exported[0]["platform"] == "x" and exported[0]["role"] == "employee"
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["input_rows"], summary["checked_rows"], summary["rejected_rows"]) == (3, 3, 0)
    assert summary["policy"]["name"] == "acme policy v1"


@pytest.mark.django_db
def test_an_unknown_organisation_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["scan", "db:nobody", "--out", str(tmp_path / "scan")])
    assert result.exit_code == 2
    assert "db:nobody: no organisation 'nobody' in the database" in result.stderr
