"""One bad item never costs a delivery: a lone surrogate, a NUL, a number out of range or deep nesting in one
item of a webhook call, an API call or an export file is rejected on its own and kept for inspection
(`RejectedItem`, `/inbox/rejected/`), every good item is stored, and retries change nothing. Bodies that
cannot be read at all (too deep, too large) get 400/413 with one JSON sentence. Against the real app and
database (SQLite, and PostgreSQL with SOCIALGUARD_TEST_DB=postgres, which refuses NUL in text)."""

from __future__ import annotations

import json

import pytest
from api_support import call, token_for
from django.urls import reverse
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.inbox import hooks
from socialguard.inbox import mention as pure
from socialguard.inbox.connectors.webhook import MAX_BODY_BYTES
from socialguard.inbox.django_store import DjangoStore
from socialguard.inbox.models import Mention, RejectedItem, SourceCursor

SURROGATE = r'{"id": "b1", "text": "bad \ud800 character", "author": "@x"}'
MIXED = ('{"mentions": [{"id": "g1", "text": "Acme support is great"}, ' + SURROGATE + ', '
         r'{"id": "n1", "text": "nul \u0000 here"}, {"id": "f1", "text": "big", "followers": 1e400}, '
         '{"id": "f2", "text": "bigger", "followers": 100000000000000000000000}, '
         r'{"id": "k1", "text": "bad key", "meta": {"\udc80": 1}}, '
         '{"id": "g2", "text": "Where is my parcel, Acme?"}]}').encode()
DEEP = ('{"raw": ' + "[" * 1000 + "]" * 1000 + ', "text": "x"}').encode()


@pytest.fixture
def webhook(acme, client):
    _, secret = hooks.make_token(acme.org, "monitor", acme.users["admin"])

    def post(body: bytes):
        return client.post(reverse("inbox:webhook", args=["acme"]), body, content_type="application/json",
                           headers={"Authorization": f"Bearer {secret}"})

    return post


def _stored(org) -> set[str]:
    return set(Mention.objects.filter(org=org).values_list("external_id", flat=True))


def test_a_webhook_batch_with_bad_items_stores_every_good_one_and_answers_per_item(acme, webhook):
    response = webhook(MIXED)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["received"], answer["stored"], answer["duplicates"], answer["rejected"]) == (7, 2, 0, 5)
    assert [i["status"] for i in answer["items"]] == ["stored"] + ["rejected"] * 5 + ["stored"]
    assert answer["items"][1] == {"position": "mentions[1]", "status": "rejected",
                                  "error": "text: a lone surrogate ('\\ud800') at character 5, which is not Unicode text"}
    assert answer["errors"][1] == "mentions[2]: text: a NUL character at character 5"
    assert _stored(acme.org) == {"g1", "g2"}
    rejected = RejectedItem.objects.get(org=acme.org, position="mentions[1]")
    assert rejected.channel == "webhook:monitor" and json.loads(rejected.payload) == json.loads(SURROGATE)
    assert RejectedItem.objects.filter(org=acme.org).count() == 5


def test_a_retried_batch_stores_nothing_twice(acme, webhook):
    webhook(MIXED)
    again = webhook(MIXED).json()
    assert (again["stored"], again["duplicates"], again["rejected"]) == (0, 2, 5)
    assert Mention.objects.filter(org=acme.org).count() == 2
    assert RejectedItem.objects.filter(org=acme.org).count() == 5


def test_a_batch_of_only_bad_items_is_400_and_still_kept(acme, webhook):
    response = webhook(('{"mentions": [' + SURROGATE + "]}").encode())
    assert response.status_code == 400
    assert response.json()["error"].startswith("mentions[0]: text: a lone surrogate")
    assert RejectedItem.objects.filter(org=acme.org).count() == 1 and not Mention.objects.exists()


@pytest.mark.parametrize("body, status, message", [
    (DEEP, 400, "body is nested too deeply (the limit is 64 levels)"),
    (b"[" * 100_000, 400, "body is nested too deeply (the limit is 64 levels)"),
    (b'{"text": NaN}', 400, "body is invalid JSON (NaN is not a JSON number)"),
    (b" " * (MAX_BODY_BYTES + 1), 413, "body is too large (5,000,001 bytes; the limit is 5,000,000)"),
])
def test_unreadable_bodies_are_refused_with_one_json_sentence(acme, webhook, body, status, message):
    response = webhook(body)
    assert (response.status_code, response.json()["error"]) == (status, message)
    assert not Mention.objects.exists() and not RejectedItem.objects.exists()


def test_the_api_answers_the_same_per_item_results(acme, client):
    token = token_for(acme, "customer_service", ["mentions"])
    answer = call(client, "post", "/api/mentions", token, MIXED).json()
    assert (answer["stored"], answer["rejected"]) == (2, 5) and _stored(acme.org) == {"g1", "g2"}
    assert RejectedItem.objects.filter(org=acme.org, channel="api:customer_service script").count() == 5
    deep = call(client, "post", "/api/mentions", token, DEEP)
    assert (deep.status_code, deep.json()["error"]) == (400, "body is nested too deeply (the limit is 64 levels)")
    big = call(client, "post", "/api/mentions", token, b" " * (MAX_BODY_BYTES + 1))
    assert big.status_code == 413 and big.json()["error"]


def test_other_api_bodies_nested_too_deeply_are_400_not_500(acme, client):
    response = call(client, "post", "/api/check", token_for(acme, "admin"), DEEP)
    assert response.status_code == 400 and response.json()["error"] == "the body is nested too deeply (the limit is 64 levels)"


def test_a_value_the_database_refuses_rejects_that_mention_only(acme):
    good = pure.Mention(source="x", external_id="ok", text="fine", channel="test")
    huge = pure.Mention(source="x", external_id="huge", text="too many followers", author_followers=2**70,
                        channel="test", raw={"followers": 2**70})
    outcome = DjangoStore(acme.org).store([good, huge])
    assert outcome.new == {good.key} and outcome.refused[huge.key].startswith("the database refused it: ")
    assert _stored(acme.org) == {"ok"}
    kept = RejectedItem.objects.get(org=acme.org)
    assert (kept.channel, kept.position, json.loads(kept.payload)) == ("test", "id huge", {"followers": 2**70})


def test_listen_db_reports_a_bad_line_by_file_and_line_and_moves_past_it(acme, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text('{"id": "e1", "text": "Acme, thank you!"}\n' + SURROGATE + "\n"
                      '{"id": "e3", "text": "Acme, where is my order?"}\n', "utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"listening:\n  sources:\n    files: [{{path: '{export}', source: facebook}}]\n", "utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["listen", "--db", "--org", "acme", "--policy", str(policy), "--once"])
    assert first.exit_code == 1, first.output
    assert "2 fetched, 2 new, 1 rejected" in first.output
    assert f"{export}:2: text: a lone surrogate ('\\ud800') at character 5" in first.output
    assert _stored(acme.org) == {"e1", "e3"}
    assert RejectedItem.objects.get(org=acme.org).position == f"{export}:2"
    assert SourceCursor.objects.get(org=acme.org).cursor["files"]["export.jsonl"]["line"] == 3
    again = runner.invoke(app, ["listen", "--db", "--org", "acme", "--policy", str(policy), "--once"])
    assert again.exit_code == 0 and "0 fetched, 0 new" in again.output


def test_admins_see_rejected_items_escaped(acme, webhook, client_as):
    webhook(('{"mentions": [{"id": "x", "text": "<script>alert(1)</script> \\ud800"}]}').encode())
    page = client_as(acme.users["comms_lead"]).get(reverse("inbox:rejected")).content.decode()
    assert "mentions[0]" in page and "webhook:monitor" in page and "a lone surrogate" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; \\ud800" in page
