"""Background tasks: in-process without a broker, and on a real Celery worker with Redis at 127.0.0.1:6379."""

from __future__ import annotations

from socialguard import tasks
from socialguard.inbox.tasks import check_spike, poll_sources, triage_records

REDIS = "redis://127.0.0.1:6379/15"


RECORDS = [{"id": "w1", "text": "Reklamacja bez odpowiedzi, fatalna obsługa!", "platform": "tiktok", "followers": 50},
           {"id": "w2"}]


def test_without_a_broker_work_runs_in_process(monkeypatch):
    for name in tasks.BROKER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    result = tasks.dispatch(triage_records, RECORDS).get()
    assert result[0]["assignment"]["team"] == "customer_service" and result[0]["queue"] is None
    assert result[1]["error"].startswith("a text field is required")


def test_polling_task_reads_the_policys_sources_into_a_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIALGUARD_BROKER", raising=False)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    export = tmp_path / "export.jsonl"
    export.write_text('{"id": "1", "text": "Bojkot! Skandal w Acme."}\n', "utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"listening:\n  sources:\n    files: [{{path: '{export}', source: x}}]\n", "utf-8")
    (report,) = tasks.dispatch(poll_sources, str(policy), str(tmp_path / "store")).get()
    assert (report["fetched"], report["new"], report["errors"]) == (1, 1, [])
    (again,) = tasks.dispatch(poll_sources, str(policy), str(tmp_path / "store")).get()
    assert again["new"] == 0


def test_a_real_celery_worker_runs_the_tasks(redis_server, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    monkeypatch.setenv("SOCIALGUARD_BROKER", REDIS)
    celery = tasks.make_app(REDIS)
    with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
        sent = tasks.dispatch(celery.tasks[triage_records.name], RECORDS)
        result = sent.get(timeout=30)
        assert result[0]["queue"] == "celery"  # it came through Redis and ran on the worker, not here
        assert worker.hostname
        assert result[0]["understanding"]["topics"] == ["complaint"]
        alert = tasks.dispatch(celery.tasks[check_spike.name], [], "2026-11-20T12:00:00+00:00").get(timeout=30)
        assert alert is None
