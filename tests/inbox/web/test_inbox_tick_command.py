"""`manage.py socialguard_inbox_tick` with a controlled clock (`--now`): SLA escalation through the matrix's
levels, the end of a chain marked overdue, replied mentions left alone; a spike of negative mentions opens
one crisis incident (the policy's checklist, holding statement; no second runbook incident) and notifies by e-mail and webhook."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from inbox_web_support import COMPLAINT_EN, QUESTION_EN, store

from socialguard.audit.models import AuditEvent
from socialguard.inbox import actions
from socialguard.inbox.models import CrisisIncident, Mention
from socialguard.orgs.policies import current_policy
from socialguard.security.models import IncidentRecord
from socialguard.orgs.models import Team

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def _tick(now: dt.datetime, *extra: str) -> list[dict]:
    out = io.StringIO()
    call_command("socialguard_inbox_tick", "--now", now.isoformat(), *extra, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_missed_sla_escalates_to_the_next_level_and_then_stays_overdue(acme):
    complaint = store(acme.org, COMPLAINT_EN, clock=lambda: T0)  # customer service, 120 min, then PR 240 min
    assert (complaint.assignment.team, complaint.assignment.due_at) == ("customer_service", T0 + dt.timedelta(minutes=120))
    (report,) = _tick(T0 + dt.timedelta(minutes=119), "--org", "acme")
    assert report["sla"] == {"escalated": 0, "levels": 0, "overdue": 0}
    (report,) = _tick(T0 + dt.timedelta(minutes=121), "--org", "acme")
    assert report["sla"] == {"escalated": 1, "levels": 1, "overdue": 0}
    complaint.assignment.refresh_from_db()
    level = complaint.assignment
    assert (level.team, level.level, level.priority, level.org_team.kind) == ("pr", 1, "high", "pr")
    assert level.due_at == T0 + dt.timedelta(minutes=120 + 240)  # counted from the missed deadline
    (report,) = _tick(T0 + dt.timedelta(hours=10), "--org", "acme")
    assert report["sla"] == {"escalated": 0, "levels": 0, "overdue": 1}
    level.refresh_from_db()
    assert level.overdue and level.team == "pr"
    event = complaint.events.get(kind="escalation")
    assert (event.before, event.after, event.at) == ("customer_service", "pr", T0 + dt.timedelta(minutes=120))
    assert AuditEvent.objects.filter(org=acme.org, kind="mention_escalate").count() == 1


def test_a_long_outage_climbs_several_levels_at_once(acme):
    question = store(acme.org, QUESTION_EN, clock=lambda: T0)  # customer service 240, then social 480
    (report,) = _tick(T0 + dt.timedelta(hours=13), "--org", "acme", "--no-poll")
    assert report["sla"] == {"escalated": 1, "levels": 1, "overdue": 1}
    question.assignment.refresh_from_db()
    assert (question.assignment.team, question.assignment.level) == ("social_engagement", 1)


def test_answered_mentions_do_not_escalate(acme):
    complaint = store(acme.org, COMPLAINT_EN, clock=lambda: T0)
    actions.change_status(complaint, acme.users["customer_service"], "replied")
    (report,) = _tick(T0 + dt.timedelta(days=2), "--org", "acme")
    assert report["sla"]["escalated"] == 0


def test_the_command_refuses_bad_arguments(acme):
    with pytest.raises(CommandError, match="no organisation"):
        call_command("socialguard_inbox_tick", "--org", "nobody")
    with pytest.raises(CommandError, match="give a time zone"):
        call_command("socialguard_inbox_tick", "--now", "2026-11-20T09:00")


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_webhook():
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver.received
    server.shutdown()


def _negative_wave(org, now, baseline: int, wave: int) -> None:
    for i in range(baseline):  # about two a day over the previous week
        store(org, "Acme support is slow and the app is broken again. Awful.", key=f"b{i}",
              at=now - dt.timedelta(hours=30 + 11 * i))
    for i in range(wave):
        store(org, "Bojkot Acme! Skandal, wstyd.", key=f"w{i}", at=now - dt.timedelta(minutes=15 + 50 * i))


def test_a_spike_of_negative_mentions_opens_a_crisis_and_tells_the_crisis_team(
        acme, chat_webhook, django_capture_on_commit_callbacks):
    url, received = chat_webhook
    acme.org.webhook_url = url
    acme.org.save()
    Team.objects.get(org=acme.org, kind="crisis_response").members.add(acme.users["comms_lead"])
    now = T0 + dt.timedelta(days=10)
    _negative_wave(acme.org, now, baseline=14, wave=24)
    with django_capture_on_commit_callbacks(execute=True):
        (report,) = _tick(now, "--org", "acme", "--no-poll")
    incident = CrisisIncident.objects.get(pk=report["crisis"])
    assert incident.count == 24 and incident.expected < 5 and incident.count >= incident.threshold
    items = list(incident.items.all())
    assert len(items) >= 5 and items[0].text["pl"].startswith("Ustal fakty") and not any(i.done for i in items)
    assert incident.holding_statement["en"] and incident.holding_statement["pl"]
    assert not IncidentRecord.objects.filter(org=acme.org).exists()  # one incident, one checklist
    assert incident.items.count() == len(current_policy(acme.org)[1].listening.crisis.checklist)
    (message,) = mail.outbox
    assert message.to == ["comms_lead@acme.example"] and "Crisis alert" in message.subject
    assert f"/inbox/crisis/{incident.pk}/" in message.body
    assert len(received) == 1 and "24 negative mentions" in received[0]["text"]
    assert AuditEvent.objects.filter(org=acme.org, kind="crisis_open").count() == 1
    (again,) = _tick(now + dt.timedelta(hours=1), "--org", "acme", "--no-poll")
    assert again["crisis"] is None and CrisisIncident.objects.count() == 1  # one incident per wave


def test_a_flat_series_opens_no_crisis(acme):
    now = T0 + dt.timedelta(days=10)
    _negative_wave(acme.org, now, baseline=14, wave=2)
    (report,) = _tick(now, "--org", "acme", "--no-poll")
    assert report["crisis"] is None and not CrisisIncident.objects.exists()
    assert Mention.objects.filter(org=acme.org, sentiment_label="negative").count() == 16
