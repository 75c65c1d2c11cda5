"""Workers as separate processes, against the real peers: worker processes racing for the same deliveries send
each exactly once; a worker killed right after the network accepted a post (before it recorded it) is
recovered by the next worker without a duplicate; and the Celery path (beat, a worker, Redis DB 1) sends the
due posts.

The processes share a database of the test's own (`world.py`: SQLite in a data folder, or a PostgreSQL
database when the suite runs on PostgreSQL); the killing is done by the test's own `-c` wrapper, which
replaces the worker's record step with SIGKILL."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from outbox_support import bluesky_records, mastodon_statuses
from world import WORKER

PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))
SOCIALGUARD = str(Path(sys.executable).with_name("socialguard"))
TEXT = "Our autumn collection is out today. Thank you all!"
_names = itertools.count()


@pytest.fixture
def world_env(tmp_path):
    """The environment of the world's processes: its data folder, and its own PostgreSQL database (dropped
    afterwards) when the suite runs on PostgreSQL."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SOCIALGUARD_CREDENTIAL_KEYS", "SOCIALGUARD_BROKER")}
    env.update(SOCIALGUARD_DATA=str(tmp_path / "data"), SOCIALGUARD_EMAIL="console",
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parents[2] / "src"), env.get("PYTHONPATH")])))
    (tmp_path / "data").mkdir()
    database = None
    if os.environ.get("SOCIALGUARD_TEST_DB") == "postgres":
        import psycopg

        server = os.environ.get("SOCIALGUARD_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/socialguard")
        database = f"{server.rsplit('/', 1)[1]}_world{os.getpid()}"
        admin = server.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + database
    yield env
    if database:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def world(world_env, atproto, mastodon_mock):
    """The world's environment after `world.setup` (one post for Bluesky, one for Mastodon), and the Bluesky
    account."""
    account = atproto.account(f"crashbrand{next(_names)}-{os.getpid()}.test")
    made = run(world_env, f"world.setup({atproto.pds!r}, {account.handle!r}, {account.app_password()!r}, "
                          f"{mastodon_mock!r}, [{TEXT!r}])")
    assert [d["state"] for d in made] == ["scheduled", "scheduled"]
    return world_env, account


def run(env: dict, code: str, check: bool = True):
    done = subprocess.run([PYTHON, "-c", WORKER + code], env=env, capture_output=True, text=True, timeout=180)
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    return done


RACING = """
import time
from socialguard.outbox import sending
time.sleep(max(0, {start} - time.time()))
print(sending.publish_due(threads=3))
"""


def test_racing_worker_processes_send_every_delivery_exactly_once(world_env, atproto):
    account = atproto.account(f"racebrand{next(_names)}-{os.getpid()}.test")
    texts = [f"Post {n} of the launch day." for n in range(24)]
    run(world_env, f"world.setup({atproto.pds!r}, {account.handle!r}, {account.app_password()!r}, None, {texts!r})")
    start = time.time() + 5  # every worker has started (Django set up) by then
    workers = [subprocess.Popen([PYTHON, "-c", WORKER + RACING.format(start=start)], env=world_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [worker.communicate(timeout=180) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err[-2000:] for _, err in outputs]
    assert sum(int(out.strip().splitlines()[-1]) for out, _ in outputs) == len(texts)
    records = bluesky_records(atproto, account.did)
    assert sorted(r["value"]["text"] for r in records) == sorted(texts)
    assert {(d["state"], d["attempts"]) for d in run(world_env, "world.report()")} == {("sent", 1)}


KILLED_AFTER_SENDING = """
import os, signal
from socialguard.outbox import sending
sending.record_sent = lambda delivery, published: os.kill(os.getpid(), signal.SIGKILL)
sending.publish_due(threads=1)
"""
AFTER_THE_LEASE = """
from django.utils import timezone
from socialguard.outbox import sending
sending.publish_due(timezone.now() + sending.LEASE + timezone.timedelta(seconds=1), threads=1)
world.report()
"""


def test_a_worker_killed_after_the_network_accepted_is_recovered_without_a_duplicate(world, atproto, mastodon_mock):
    env, account = world
    for _ in range(2):  # each run sends one delivery (the other is not due or still leased), then dies
        killed = run(env, KILLED_AFTER_SENDING, check=False)
        assert killed.returncode == -9, killed.stderr[-3000:]
    assert len(bluesky_records(atproto, account.did)) == 1 and len(mastodon_statuses(mastodon_mock)) == 1
    assert {d["state"] for d in run(env, "world.report()")} == {"sending"}  # claimed, never recorded

    recovered = run(env, AFTER_THE_LEASE)
    (record,) = bluesky_records(atproto, account.did)
    (status,) = mastodon_statuses(mastodon_mock)
    assert {d["network"]: (d["state"], d["attempts"], d["remote_id"]) for d in recovered} == {
        "bluesky": ("sent", 2, record["uri"]), "mastodon": ("sent", 2, str(status["id"]))}
    assert record["value"]["text"] == TEXT and {d["post_state"] for d in recovered} == {"published"}

    again = subprocess.run([SOCIALGUARD, "outbox", "run", "--once"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert (again.returncode, again.stdout.strip()) == (0, "sent 0 post(s)")
    verify = subprocess.run([SOCIALGUARD, "outbox", "verify"], env=env, capture_output=True, text=True, timeout=120)
    assert (verify.returncode, verify.stdout.strip()) == (0, "2 matches")


def test_celery_beat_and_a_worker_send_the_due_posts(world, atproto, mastodon_mock, redis_server):
    import redis

    env, account = world
    broker = "redis://127.0.0.1:6379/1"
    env = {**env, "SOCIALGUARD_BROKER": broker, "SOCIALGUARD_OUTBOX_TICK_SECONDS": "1"}
    cwd = Path(env["SOCIALGUARD_DATA"]).parent
    started = [subprocess.Popen([CELERY, "-A", "socialguard.tasks", *args, "--loglevel", "WARNING"], env=env,
                                cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for args in (["worker", "--pool", "solo"], ["beat", "-s", str(cwd / "beat-schedule")])]
    try:
        deadline = time.monotonic() + 90
        while {d["state"] for d in run(env, "world.report()")} != {"sent"}:
            assert time.monotonic() < deadline and all(p.poll() is None for p in started), "nothing was sent"
            time.sleep(0.5)
        for process in started:
            process.terminate()
        errors = "".join(process.communicate(timeout=30)[1] for process in started)
        assert "Traceback" not in errors
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        redis.Redis.from_url(broker).flushdb()
    assert len(bluesky_records(atproto, account.did)) == 1 and len(mastodon_statuses(mastodon_mock)) == 1
