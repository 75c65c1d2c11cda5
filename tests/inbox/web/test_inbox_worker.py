"""The tick command's work on a real Celery worker (Redis broker at 127.0.0.1:6379): the organisation's round
runs on the worker against the same database and escalates a missed SLA."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from inbox_web_support import COMPLAINT_EN, inbox_org, store

from socialguard import tasks
from socialguard.inbox.db_tasks import tick_org

REDIS = "redis://127.0.0.1:6379/14"
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


@pytest.mark.django_db(transaction=True)
def test_the_tick_runs_on_a_real_worker(redis_server, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    acme = inbox_org("acme")
    complaint = store(acme.org, COMPLAINT_EN, clock=lambda: T0)
    monkeypatch.setenv("SOCIALGUARD_BROKER", REDIS)
    celery = tasks.make_app(REDIS)
    with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        sent = tasks.dispatch(celery.tasks[tick_org.name], "acme", (T0 + dt.timedelta(hours=3)).isoformat(), False)
        report = sent.get(timeout=60)
        assert sent.id and report["sla"] == {"escalated": 1, "levels": 1, "overdue": 0}
        out = io.StringIO()  # the command goes through the same broker while SOCIALGUARD_BROKER is set
        call_command("socialguard_inbox_tick", "--org", "acme", "--now", (T0 + dt.timedelta(hours=9)).isoformat(),
                     "--no-poll", stdout=out)
        assert json.loads(out.getvalue())["sla"]["overdue"] == 1
    complaint.assignment.refresh_from_db()
    assert (complaint.assignment.team, complaint.assignment.overdue) == ("pr", True)
