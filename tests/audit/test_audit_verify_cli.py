"""`socialguard audit checkpoint` and `socialguard audit verify` as a person runs them: real subprocesses on
a real data folder, a database changed behind the app's back with plain SQL, and a checkpoint file changed
with a text editor's means. SQLite by default; with `SOCIALGUARD_TEST_DB=postgres` each test gets its own
PostgreSQL database (copied from a migrated template) next to `SOCIALGUARD_TEST_POSTGRES_URL`'s.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

SOCIALGUARD = str(Path(sys.executable).with_name("socialguard"))
POSTGRES = os.environ.get("SOCIALGUARD_TEST_DB", "sqlite") == "postgres"
SERVER_URL = os.environ.get("SOCIALGUARD_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/socialguard")
FILL = """
from socialguard.audit.chain import record
from socialguard.orgs.models import Organisation
acme = Organisation.objects.create(name="Acme", slug="acme")
globex = Organisation.objects.create(name="Globex", slug="globex")
for n in range(5):
    record(acme, "submit", actor="someone", data={"n": n})
for n in range(2):
    record(globex, "submit", actor="someone", data={"n": n})
"""
CHECKPOINT = "from socialguard.audit.checkpoints import take; take()"


def _environment(data: Path, database: str | None) -> dict[str, str]:
    dropped = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("SOCIALGUARD_")}
    env.update(SOCIALGUARD_DATA=str(data), SOCIALGUARD_EMAIL="console", PYTHONPATH=os.pathsep.join(sys.path))
    if database:
        env["DATABASE_URL"] = database
    return env


def _database_url(name: str) -> str:
    return SERVER_URL.rsplit("/", 1)[0] + "/" + name


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
        connection.execute(statement)


def run(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([SOCIALGUARD, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A migrated, empty database: a SQLite file, or a PostgreSQL template database."""
    data = tmp_path_factory.mktemp("template")
    name = f"sg_cli_template_{uuid.uuid4().hex[:8]}" if POSTGRES else None
    if name:
        _admin(f'CREATE DATABASE "{name}"')
    migrated = run("manage", "migrate", "-v0", env=_environment(data, name and _database_url(name)))
    assert migrated.returncode == 0, migrated.stderr
    yield data / "socialguard.sqlite3" if not name else name
    if name:
        _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


class Archive:
    """A data folder and database with two organisations' chains and one checkpoint."""

    def __init__(self, folder: Path, template, *setup: str):
        self.data = folder / "data"
        self.data.mkdir()
        self.database = None
        if POSTGRES:
            self.database = f"sg_cli_{uuid.uuid4().hex[:8]}"
            _admin(f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"')
        else:
            shutil.copy(template, self.data / "socialguard.sqlite3")
        self.env = _environment(self.data, self.database and _database_url(self.database))
        filled = run("manage", "shell", "-c", "\n".join([FILL, *setup]), env=self.env)
        assert filled.returncode == 0, filled.stderr

    def sql(self, *statements: str) -> None:
        if self.database:
            import psycopg

            with psycopg.connect(_database_url(self.database), autocommit=True) as connection:
                for statement in statements:
                    connection.execute(statement)
        else:
            with closing(sqlite3.connect(self.data / "socialguard.sqlite3")) as connection, connection:
                for statement in statements:
                    connection.execute(statement)

    def org_id(self, slug: str) -> int:
        query = f"SELECT id FROM orgs_organisation WHERE slug = '{slug}'"
        if self.database:
            import psycopg

            with psycopg.connect(_database_url(self.database)) as connection:
                return connection.execute(query).fetchone()[0]
        with closing(sqlite3.connect(self.data / "socialguard.sqlite3")) as connection:
            return connection.execute(query).fetchone()[0]

    def verify(self, **env: str) -> subprocess.CompletedProcess:
        return run("audit", "verify", env={**self.env, **env})

    def drop(self) -> None:
        if self.database:
            _admin(f'DROP DATABASE "{self.database}" WITH (FORCE)')


@pytest.fixture
def archive(tmp_path, template):
    made = Archive(tmp_path, template, CHECKPOINT)
    yield made
    made.drop()


def truncate(archive: Archive, slug: str, keep: int) -> None:
    """Delete an organisation's events after `keep` and rewind its head to the last one left."""
    org = archive.org_id(slug)
    archive.sql(
        f"DELETE FROM audit_auditevent WHERE org_id = {org} AND seq > {keep}",
        f"UPDATE audit_audithead SET seq = {keep}, hash = (SELECT hash FROM audit_auditevent "
        f"WHERE org_id = {org} AND seq = {keep}) WHERE org_id = {org}",
    )


def test_an_intact_archive_verifies(archive):
    taken = run("audit", "checkpoint", env=archive.env)
    assert taken.stdout == f"checkpoint 2: 2 organisation(s) signed into {archive.data / 'audit-checkpoints.jsonl'}\n"
    result = archive.verify()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 11 events in 2 organisation(s), chain intact; matches checkpoint 2 of ")


def test_deleted_last_events_with_a_rewound_head(archive):
    truncate(archive, "acme", 3)
    result = archive.verify()
    assert result.returncode == 1
    assert result.stdout.startswith("TAMPERED: organisation acme: event seq 4: missing: checkpoint 1 of ")
    assert "recorded the chain up to seq 5, it ends at seq 3 (events 4..5 were deleted)" in result.stdout


def test_a_deleted_head_row(archive):
    archive.sql(f"DELETE FROM audit_audithead WHERE org_id = {archive.org_id('globex')}")
    result = archive.verify()
    assert (result.returncode, result.stdout) == (
        1, "TAMPERED: organisation globex: the head row was deleted (the chain ends at seq 3)\n")


def test_a_deleted_organisation(archive):
    org = archive.org_id("globex")
    archive.sql(f"DELETE FROM audit_auditevent WHERE org_id = {org}",
                f"DELETE FROM audit_audithead WHERE org_id = {org}",
                f"DELETE FROM orgs_organisation WHERE id = {org}")
    result = archive.verify()
    assert result.returncode == 1
    assert result.stdout.startswith(f"TAMPERED: organisation globex (id {org}): deleted; checkpoint 1 of ")


def test_an_edited_payload(archive):
    acme = archive.org_id("acme")
    archive.sql(f"UPDATE audit_auditevent SET data = '{{\"n\": 42}}' WHERE org_id = {acme} AND seq = 2")
    result = archive.verify()
    assert result.returncode == 1
    assert "TAMPERED: organisation acme: event seq 2 (id " in result.stdout
    assert "hash mismatch: the event was edited" in result.stdout


def test_a_truncated_checkpoint_file(archive):
    assert run("audit", "checkpoint", env=archive.env).returncode == 0
    path = archive.data / "audit-checkpoints.jsonl"
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    result = archive.verify()
    assert (result.returncode, result.stdout) == (
        1, f"TAMPERED: {path}: ends at checkpoint 1, but organisation acme's chain records checkpoint 2 "
           "(the file was cut short)\n")


def test_the_wrong_key(archive):
    result = archive.verify(SOCIALGUARD_AUDIT_SIGNING_KEY=base64.b64encode(os.urandom(32)).decode())
    assert result.returncode == 1
    assert "line 1 is signed by key " in result.stdout and "(a wrong key, or forged)" in result.stdout


def test_the_signing_key_can_come_from_the_environment(tmp_path, template):
    made = Archive(tmp_path, template)
    key = {"SOCIALGUARD_AUDIT_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode()}
    try:
        assert run("audit", "checkpoint", env={**made.env, **key}).returncode == 0
        assert not (made.data / "audit-signing-key").exists()
        assert made.verify(**key).returncode == 0
        missing = made.verify()  # no key anywhere: the checkpoints cannot be checked, which is never "intact"
        assert missing.returncode == 2
        assert missing.stderr.endswith("cannot check the checkpoints' signatures: no audit signing key: "
                                       f"{made.data / 'audit-signing-key'} does not exist and "
                                       "SOCIALGUARD_AUDIT_SIGNING_KEY is not set\n")
    finally:
        made.drop()


class TestRunFromAnotherFolder:
    """`audit verify` finds the data folder the server uses or says where it looked, and creates nothing."""

    def test_no_data_folder_here(self, tmp_path):
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        env = _environment(elsewhere / "unused", None)
        del env["SOCIALGUARD_DATA"]
        result = run("audit", "verify", env=env, cwd=elsewhere)
        assert result.returncode == 2
        assert result.stderr == (
            f"socialguard: error: no data folder at {elsewhere / 'var'} (SOCIALGUARD_DATA is not set, so ./var/ of the "
            "current folder); run this in the folder `socialguard serve` runs in, or set SOCIALGUARD_DATA to its "
            "data folder\n")
        assert list(elsewhere.iterdir()) == []

    def test_a_data_folder_without_a_database(self, tmp_path):
        data = tmp_path / "data"
        data.mkdir()
        result = run("audit", "verify", env=_environment(data, None), cwd=tmp_path)
        assert result.returncode == 2
        assert f"no database at {data / 'socialguard.sqlite3'} (SOCIALGUARD_DATA, and DATABASE_URL is not set)" \
            in result.stderr
        assert list(data.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["data"]

    def test_the_data_folder_is_found_and_left_as_it_was(self, archive, tmp_path):
        (archive.data / "secret_key").unlink(missing_ok=True)  # as when the server takes its key from the environment
        before = sorted(p.name for p in archive.data.iterdir())
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        result = run("audit", "verify", env=archive.env, cwd=elsewhere)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in archive.data.iterdir()) == before
        assert list(elsewhere.iterdir()) == []


def test_serve_takes_checkpoints_periodically(tmp_path):
    """The embedded default: `socialguard serve` (no broker) signs a checkpoint every interval, here 0.6 s."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tmp_path / "data"
    env = {**_environment(data, None), "SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES": "0.01"}
    server = subprocess.Popen([SOCIALGUARD, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    checkpoints = data / "audit-checkpoints.jsonl"
    try:
        deadline = time.monotonic() + 90
        while not (checkpoints.is_file() and checkpoints.read_text(encoding="utf-8").endswith("\n")):
            assert time.monotonic() < deadline and server.poll() is None, "no checkpoint was taken"
            time.sleep(0.3)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "Traceback" not in err and "failed" not in err
    assert oct((data / "audit-signing-key").stat().st_mode & 0o777) == "0o600"
    result = run("audit", "verify", env=env)
    assert result.returncode == 0 and "matches checkpoint 1 of" in result.stdout


def test_celery_beat_has_a_worker_take_checkpoints(tmp_path, template, redis_server):
    """At scale: with a broker, `celery beat` schedules the checkpoint and a real worker takes it (Redis DB 11)."""
    import redis

    broker = "redis://127.0.0.1:6379/11"
    made = Archive(tmp_path, template)
    env = {**made.env, "SOCIALGUARD_BROKER": broker, "SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES": "0.01"}
    celery = str(Path(sys.executable).with_name("celery"))
    started = [subprocess.Popen([celery, "-A", "socialguard.tasks", *args, "--loglevel", "WARNING"], env=env,
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for args in (["worker", "--pool", "solo"], ["beat", "-s", str(tmp_path / "beat-schedule")])]
    checkpoints = made.data / "audit-checkpoints.jsonl"
    try:
        deadline = time.monotonic() + 90
        while not (checkpoints.is_file() and checkpoints.read_text(encoding="utf-8").endswith("\n")):
            assert time.monotonic() < deadline and all(p.poll() is None for p in started), "no checkpoint was taken"
            time.sleep(0.3)
        for process in started:
            process.terminate()
        errors = "".join(process.communicate(timeout=30)[1] for process in started)
        assert "Traceback" not in errors
        result = run("audit", "verify", env=made.env)
        assert result.returncode == 0 and "matches checkpoint 1 of" in result.stdout
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        redis.Redis.from_url(broker).flushdb()
        made.drop()
