"""Signed checkpoints outside the database, and tampering with the archive: every change an attacker with
direct database access (raw SQL) or write access to the checkpoint file can make, and whether
`verify_archive` names it. Runs on SQLite and, with `SOCIALGUARD_TEST_DB=postgres`, on PostgreSQL."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.urls import reverse

from socialguard.audit import checkpoints
from socialguard.audit.chain import event_hash, record
from socialguard.audit.models import AuditEvent, AuditHead
from socialguard.audit.signing import PUBLIC_KEY_VARIABLE, SIGNING_KEY_VARIABLE, public_text, signing_key
from socialguard.audit.verification import verify_archive
from socialguard.orgs.models import Organisation

EVENTS, HEADS, ORGS = AuditEvent._meta.db_table, AuditHead._meta.db_table, Organisation._meta.db_table


@pytest.fixture(autouse=True)
def archive_files(settings, tmp_path, monkeypatch):
    """Each test has its own checkpoint file and signing key, and no key in the environment."""
    monkeypatch.delenv(SIGNING_KEY_VARIABLE, raising=False)
    monkeypatch.delenv(PUBLIC_KEY_VARIABLE, raising=False)
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "signing-key"
    settings.AUDIT_CHECKPOINT_WEBHOOK = ""
    return tmp_path


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(events=EVENTS, heads=HEADS, orgs=ORGS), params)


def log_of(org, count=5):
    return [record(org, "submit", actor="someone", data={"n": n, "text": "zażółć"}) for n in range(1, count + 1)]


def problems():
    return [str(p) for p in verify_archive().problems]


def rewind_head(org, seq):
    digest = AuditEvent.objects.filter(org=org, seq=seq).values_list("hash", flat=True).first() or ""
    sql("UPDATE {heads} SET seq = %s, hash = %s WHERE org_id = %s", [seq, digest, org.pk])


def checkpoint_lines(archive_files):
    return (archive_files / "checkpoints.jsonl").read_text(encoding="utf-8").splitlines()


def write_lines(archive_files, lines):
    (archive_files / "checkpoints.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


@pytest.mark.django_db
class TestCheckpoint:
    def test_a_checkpoint_signs_every_head_and_is_recorded_in_each_chain(self, acme, globex, archive_files):
        log_of(acme.org, 3)
        taken = checkpoints.take()
        [line] = checkpoint_lines(archive_files)
        statement = json.loads(line)["checkpoint"]
        assert statement["number"] == 1 and statement["previous"] == "0" * 64
        heads = {o["slug"]: o for o in statement["organisations"]}
        assert heads["acme"]["seq"] == 3 + 0 and heads["globex"]["seq"] == 0
        assert heads["acme"]["hash"] == AuditEvent.objects.get(org=acme.org, seq=3).hash
        marks = AuditEvent.objects.filter(kind=checkpoints.KIND).values_list("org__slug", "data")
        assert sorted(marks) == [("acme", {"checkpoint": 1, "digest": taken.digest}),
                                 ("globex", {"checkpoint": 1, "digest": taken.digest})]
        assert verify_archive().ok

    def test_the_key_file_is_made_once_with_mode_0600(self, acme, archive_files):
        checkpoints.take()
        checkpoints.take()
        key_file = archive_files / "signing-key"
        assert oct(key_file.stat().st_mode & 0o777) == "0o600"
        assert len(checkpoint_lines(archive_files)) == 2 and verify_archive().ok

    def test_a_key_from_the_environment_is_used_and_no_file_is_made(self, acme, archive_files, monkeypatch):
        monkeypatch.setenv(SIGNING_KEY_VARIABLE, base64.b64encode(os.urandom(32)).decode())
        checkpoints.take()
        assert not (archive_files / "signing-key").exists()
        assert verify_archive().ok

    def test_the_public_key_alone_verifies(self, acme, archive_files, monkeypatch):
        log_of(acme.org)
        checkpoints.take()
        public = public_text(signing_key(archive_files / "signing-key").public_key())
        (archive_files / "signing-key").unlink()
        monkeypatch.setenv(PUBLIC_KEY_VARIABLE, public)
        assert verify_archive().ok

    def test_a_periodic_checkpoint_is_skipped_when_no_chain_moved(self, acme, archive_files):
        log_of(acme.org, 2)
        assert checkpoints.take(only_if_changed=True).number == 1
        assert checkpoints.take(only_if_changed=True) is None  # only the checkpoint's own event since
        record(acme.org, "submit")
        assert checkpoints.take(only_if_changed=True).number == 2
        assert len(checkpoint_lines(archive_files)) == 2

    def test_the_celery_task_takes_a_checkpoint_and_beat_schedules_it(self, acme, archive_files):
        from socialguard import tasks
        from socialguard.audit.tasks import checkpoint

        assert tasks.dispatch(checkpoint).get() == {"checkpoint": 1}
        assert tasks.app.conf.beat_schedule["audit-checkpoint"]["task"] == checkpoint.name

    def test_the_checkpoint_is_posted_to_the_webhook(self, acme, settings, archive_files):
        received = []

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self):
                received.append((self.headers["Content-Type"], self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        with _serving(Receiver) as url:
            settings.AUDIT_CHECKPOINT_WEBHOOK = url
            checkpoints.take()
        [(kind, body)] = received
        assert kind == "application/json" and body.decode() == checkpoint_lines(archive_files)[0]

    def test_a_failing_webhook_is_logged_without_its_path_and_the_file_still_has_the_checkpoint(
        self, acme, settings, archive_files, caplog
    ):
        # A real server on 127.0.0.1 that answers 500, as a receiver in trouble would.
        class Broken(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(500)
                self.end_headers()

            def log_message(self, *args):
                pass

        with _serving(Broken) as url, caplog.at_level(logging.WARNING, "socialguard.audit"):
            settings.AUDIT_CHECKPOINT_WEBHOOK = url + "secret-token"
            checkpoints.take()
        assert "audit checkpoint webhook to 127.0.0.1 failed: HTTP 500" in caplog.text
        assert "secret-token" not in caplog.text
        assert len(checkpoint_lines(archive_files)) == 1

    def test_the_checkpoint_shows_in_the_web_audit_log(self, acme, client_as):
        checkpoints.take()
        page = client_as(acme.users["compliance"]).get(reverse("audit:log")).content.decode()
        assert "kind-audit_checkpoint" in page and "checkpoint:</span> 1" in page


@pytest.mark.django_db
class TestTamperingWithTheDatabase:
    """Each case: a checkpoint was taken, then raw SQL changed the database."""

    def test_deleting_the_last_events_and_rewinding_the_head(self, acme):
        log_of(acme.org)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 3", [acme.org.pk])
        rewind_head(acme.org, 3)
        [problem] = problems()
        assert problem.startswith("organisation acme: event seq 4: missing: checkpoint 1 of ")
        assert problem.endswith("recorded the chain up to seq 5, it ends at seq 3 (events 4..5 were deleted)")

    def test_deleting_the_last_events_and_the_head_row(self, acme):
        log_of(acme.org)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 3", [acme.org.pk])
        sql("DELETE FROM {heads} WHERE org_id = %s", [acme.org.pk])
        assert problems()[1] == "organisation acme: the head row was deleted (the chain ends at seq 3)"

    def test_deleting_the_head_row(self, acme):
        log_of(acme.org)
        sql("DELETE FROM {heads} WHERE org_id = %s", [acme.org.pk])
        assert problems() == ["organisation acme: the head row was deleted (the chain ends at seq 5)"]

    def test_rewinding_only_the_head(self, acme):
        log_of(acme.org)
        rewind_head(acme.org, 2)
        assert problems() == ["organisation acme: the head was rewound to seq 2, the chain goes on to seq 5"]

    def test_deleting_an_organisations_events_with_its_head(self, acme, globex):
        log_of(acme.org)
        log_of(globex.org, 2)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s", [acme.org.pk])
        sql("DELETE FROM {heads} WHERE org_id = %s", [acme.org.pk])
        found = problems()
        assert any(p.startswith("organisation acme: event seq 1: missing: checkpoint 1")
                   and "(events 1..5 were deleted)" in p for p in found)
        assert all("globex" not in p for p in found)

    def test_deleting_the_organisation(self, acme):
        # An organisation with nothing but its audit trail, so raw SQL can remove it without breaking keys.
        doomed = Organisation.objects.create(name="Doomed", slug="doomed")
        log_of(doomed, 4)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s", [doomed.pk])
        sql("DELETE FROM {heads} WHERE org_id = %s", [doomed.pk])
        sql("DELETE FROM {orgs} WHERE id = %s", [doomed.pk])
        [problem] = problems()
        assert problem.startswith(f"organisation doomed (id {doomed.pk}): deleted; checkpoint 1 of ")
        assert problem.endswith("recorded it with its chain at seq 4")

    def test_a_gap_in_seq(self, acme):
        chain = log_of(acme.org)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE id = %s", [chain[2].pk])
        assert problems() == ["organisation acme: event seq 3: missing (events 3..3 were deleted)"]

    def test_an_edited_payload(self, acme):
        chain = log_of(acme.org)
        checkpoints.take()
        sql("UPDATE {events} SET data = %s WHERE id = %s", ['{"n": 99, "text": "zażółć"}', chain[1].pk])
        assert problems() == [f"organisation acme: event seq 2 (id {chain[1].pk}): hash mismatch: the event was edited"]

    def test_reordered_events(self, acme):
        chain = log_of(acme.org)
        checkpoints.take()
        for pk, seq in ((chain[1].pk, 1000), (chain[2].pk, 2), (chain[1].pk, 3)):
            sql("UPDATE {events} SET seq = %s WHERE id = %s", [seq, pk])
        assert problems() == [
            f"organisation acme: event seq 2 (id {chain[2].pk}): link to the previous event was changed"]

    def test_a_chain_rewritten_with_recomputed_hashes(self, acme):
        """Without checkpoints a consistent rewrite cannot be told; the checkpoint's hash names it."""
        chain = log_of(acme.org)
        checkpoints.take()
        events = list(AuditEvent.objects.filter(org=acme.org).order_by("seq"))
        prev = events[1].hash
        for event in events[2:]:
            data = {"n": -1} if event.seq == 3 else event.data
            digest = event_hash(org_id=event.org_id, seq=event.seq, at=event.at, actor=event.actor, kind=event.kind,
                                object_type=event.object_type, object_id=event.object_id, data=data, prev_hash=prev)
            sql("UPDATE {events} SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(data), prev, digest, event.pk])
            prev = digest
        sql("UPDATE {heads} SET hash = %s WHERE org_id = %s", [prev, acme.org.pk])
        [problem] = problems()
        assert problem.startswith(f"organisation acme: event seq 5 (id {chain[4].pk}): differs from checkpoint 1 of ")
        assert problem.endswith("the chain was rewritten from here or earlier")

    def test_truncated_then_grown_again_is_caught_by_the_earlier_checkpoint(self, acme):
        log_of(acme.org)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 3", [acme.org.pk])
        rewind_head(acme.org, 3)
        log_of(acme.org, 4)  # new events take seq 4..7: the chain is longer than the checkpoint saw it
        checkpoints.take()
        [problem] = [p for p in problems() if "organisation acme" in p]
        assert "event seq 5" in problem and "differs from checkpoint 1" in problem


@pytest.mark.django_db
class TestTamperingWithTheCheckpointFile:
    def test_a_truncated_file(self, acme, archive_files):
        log_of(acme.org)
        for _ in range(3):
            checkpoints.take()
        write_lines(archive_files, checkpoint_lines(archive_files)[:1])
        assert problems() == [f"{archive_files / 'checkpoints.jsonl'}: ends at checkpoint 1, but organisation acme's "
                              "chain records checkpoint 3 (the file was cut short)"]

    def test_no_checkpoint_is_added_to_a_file_that_lost_some(self, acme, archive_files):
        checkpoints.take()
        checkpoints.take()
        write_lines(archive_files, checkpoint_lines(archive_files)[:1])
        with pytest.raises(checkpoints.FileBehind, match="ends at checkpoint 1, but organisation acme's chain "
                                                          "records checkpoint 2: the file was cut short or replaced"):
            checkpoints.take()
        assert len(checkpoint_lines(archive_files)) == 1

    def test_a_deleted_file(self, acme, archive_files):
        checkpoints.take()
        (archive_files / "checkpoints.jsonl").unlink()
        assert problems() == [f"{archive_files / 'checkpoints.jsonl'}: missing, but organisation acme's chain "
                              "records checkpoint 1"]

    def test_a_removed_line_in_the_middle(self, acme, archive_files):
        for _ in range(3):
            checkpoints.take()
        lines = checkpoint_lines(archive_files)
        write_lines(archive_files, [lines[0], lines[2]])
        assert problems() == [f"{archive_files / 'checkpoints.jsonl'}:2: does not follow line 1 "
                              "(a checkpoint was removed or edited)"]

    def test_an_edited_line(self, acme, archive_files):
        log_of(acme.org)
        checkpoints.take()
        checkpoints.take()
        lines = checkpoint_lines(archive_files)
        document = json.loads(lines[0])
        document["checkpoint"]["organisations"][0]["seq"] = 2  # claim a shorter chain
        write_lines(archive_files, [json.dumps(document), lines[1]])
        path = archive_files / "checkpoints.jsonl"
        assert problems() == [f"{path}:1: bad signature (the line was edited or forged)",
                              f"{path}:2: does not follow line 1 (a checkpoint was removed or edited)"]

    def test_a_line_cut_short(self, acme, archive_files):
        checkpoints.take()
        line = checkpoint_lines(archive_files)[0]
        write_lines(archive_files, [line[:40]])
        path = archive_files / "checkpoints.jsonl"
        assert problems()[0] == f"{path}:1: not a signed checkpoint (the line was edited or cut short)"

    def test_a_forged_checkpoint_signed_with_another_key(self, acme, archive_files):
        log_of(acme.org)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 3", [acme.org.pk])
        rewind_head(acme.org, 3)
        forger = Ed25519PrivateKey.generate()
        line = checkpoint_lines(archive_files)[0]
        statement = {**json.loads(line)["checkpoint"], "number": 2, "previous": checkpoints._digest(line),
                     "organisations": [vars(h) for h in checkpoints.current_heads()]}
        forged = {"checkpoint": statement,
                  "signature": base64.b64encode(forger.sign(checkpoints.canonical(statement).encode())).decode()}
        write_lines(archive_files, [line, json.dumps(forged)])
        found = problems()
        assert f"{archive_files / 'checkpoints.jsonl'}:2: bad signature (the line was edited or forged)" in found
        assert any("events 4..5 were deleted" in p for p in found)  # the forged line anchors nothing

    def test_the_wrong_key(self, acme, archive_files, monkeypatch):
        checkpoints.take()
        checkpoints.take()
        monkeypatch.setenv(SIGNING_KEY_VARIABLE, base64.b64encode(os.urandom(32)).decode())
        [problem] = problems()
        assert problem.startswith(f"{archive_files / 'checkpoints.jsonl'}: 2 lines (1..2) are signed by key ")
        assert problem.endswith("(a wrong key, or forged)")

    def test_no_key_at_all(self, acme, archive_files):
        checkpoints.take()
        (archive_files / "signing-key").unlink()
        [problem] = problems()
        assert "cannot check the checkpoints' signatures: no audit signing key" in problem


@pytest.mark.django_db
class TestWhatTheArchiveCannotProve:
    """The limits docs/web.md and SECURITY.md state, pinned down so that a change in them is noticed."""

    def test_events_after_the_latest_checkpoint_can_be_removed_unnoticed(self, acme):
        log_of(acme.org)
        checkpoints.take()
        log_of(acme.org, 3)
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 6", [acme.org.pk])
        rewind_head(acme.org, 6)
        assert problems() == []

    def test_database_and_file_cut_back_together_is_unnoticed_without_an_outside_copy(self, acme, archive_files):
        log_of(acme.org)
        checkpoints.take()
        log_of(acme.org, 3)
        checkpoints.take()
        sql("DELETE FROM {events} WHERE org_id = %s AND seq > 6", [acme.org.pk])
        rewind_head(acme.org, 6)
        write_lines(archive_files, checkpoint_lines(archive_files)[:1])
        assert problems() == []  # the webhook's copy of checkpoint 2 is what shows it


@contextlib.contextmanager
def _serving(handler):
    """A real HTTP server on a free port of 127.0.0.1 for the duration of a `with` block; yields its URL."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_the_web_page_verifies_against_the_checkpoints(acme, client_as):
    client = client_as(acme.users["admin"])
    log_of(acme.org)
    checkpoints.take()
    last = AuditHead.objects.get(org=acme.org).seq
    sql("DELETE FROM {events} WHERE org_id = %s AND seq > 3", [acme.org.pk])
    rewind_head(acme.org, 3)
    page = client.get(reverse("audit:log"), {"verify": "1"}).content.decode()
    assert f"events 4..{last - 1} were deleted" in page and "The chain is intact" not in page
