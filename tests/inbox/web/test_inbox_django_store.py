"""The database store behind the poller: idempotent ingest (within a batch, across batches, across pollers),
cursors per source, and `socialguard listen --db --org SLUG` polling an export into the database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.inbox import mention as pure
from socialguard.inbox.connectors.records import mention_from_record
from socialguard.inbox.django_store import DjangoStore, ingest, store_for_org
from socialguard.inbox.models import Assignment, Mention, MentionEvent


def _heard(n: int, text: str = "My order never arrived, terrible service.") -> list[pure.Mention]:
    return [mention_from_record({"id": f"m{i}", "text": f"{text} #{i}", "platform": "x"}, "webhook", "test")
            for i in range(n)]


def test_a_mention_seen_twice_is_stored_once(acme):
    batch = _heard(3)
    assert ingest(acme.org, batch + batch[:1]) == 3
    assert ingest(acme.org, batch) == 0
    assert Mention.objects.filter(org=acme.org).count() == 3
    assert Assignment.objects.filter(mention__org=acme.org).count() == 3
    assert MentionEvent.objects.filter(mention__org=acme.org, kind="assignment").count() == 3


def test_the_same_key_in_two_organisations_is_two_mentions(acme, globex):
    assert ingest(acme.org, _heard(2)) == 2 and ingest(globex.org, _heard(2)) == 2


def test_a_store_that_missed_a_concurrent_write_does_not_duplicate(acme):
    batch = _heard(2)
    late = DjangoStore(acme.org)
    late._known_keys = lambda keys: set()  # as if another poller stored them between our check and our insert
    ingest(acme.org, batch[:1])
    assert late.add(batch) == 1
    assert Mention.objects.filter(org=acme.org).count() == 2


def test_cursors_are_kept_per_source_and_organisation(acme, globex):
    store = DjangoStore(acme.org)
    assert store.cursor("rss:a") is None
    store.save_cursor("rss:a", {"etag": "1"})
    store.save_cursor("rss:a", {"etag": "2"})
    store.save_cursor("rss:b", None)
    assert store.cursor("rss:a") == {"etag": "2"} and store.cursor("rss:b") is None
    assert DjangoStore(globex.org).cursor("rss:a") is None


def test_store_for_an_unknown_organisation_says_so(db):
    with pytest.raises(LookupError, match="--org nobody: no organisation"):
        store_for_org("nobody")


def test_listen_db_polls_the_policy_sources_into_the_organisation(acme, tmp_path):
    export = tmp_path / "export.jsonl"
    rows = [{"id": "e1", "text": "Bojkot Acme! Skandal i wstyd."}, {"id": "e2", "text": "Świetna obsługa, dziękuję!"}]
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"listening:\n  sources:\n    files: [{{path: '{export}', source: facebook}}]\n", "utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["listen", "--db", "--org", "acme", "--policy", str(policy), "--once"])
    assert first.exit_code == 0, first.output
    assert "2 fetched, 2 new" in first.output
    again = runner.invoke(app, ["listen", "--db", "--org", "acme", "--policy", str(policy), "--once"])
    assert "0 fetched, 0 new" in again.output  # resumed from the stored cursor
    boycott = Mention.objects.get(org=acme.org, external_id="e1")
    assert boycott.source == "facebook" and boycott.assignment.team == "crisis_response"


def test_listen_db_without_org_or_with_an_unknown_one_fails_clearly(acme):
    runner = CliRunner()
    missing = runner.invoke(app, ["listen", "--db", "--once"])
    assert missing.exit_code == 2 and "--db needs --org SLUG" in missing.output
    unknown = runner.invoke(app, ["listen", "--db", "--org", "nobody", "--once"])
    assert unknown.exit_code == 2 and "--org nobody: no organisation with that short name" in unknown.output
