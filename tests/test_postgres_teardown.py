"""A PostgreSQL database that another session still holds can be dropped once its other sessions are ended
(what the test set-up does before pytest-django drops its test databases)."""

from __future__ import annotations

import os

import psycopg
import pytest
from postgres_support import end_other_sessions

SERVER = os.environ.get("SOCIALGUARD_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/socialguard")


def _url(database: str) -> str:
    return SERVER.rsplit("/", 1)[0] + "/" + database


def test_a_database_a_worker_still_holds_is_dropped_after_ending_its_sessions():
    name = f"sg_teardown_{os.getpid()}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        worker = psycopg.connect(_url(name))  # a session that is never closed, like a stuck worker's
        try:
            with pytest.raises(psycopg.errors.ObjectInUse):
                admin.execute(f'DROP DATABASE "{name}"')
            with psycopg.connect(_url(name)) as owner, owner.cursor() as cursor:
                assert end_other_sessions(cursor) == 1
            admin.execute(f'DROP DATABASE "{name}"')
            assert admin.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,)).fetchone() == (0,)
            with pytest.raises(psycopg.OperationalError):
                worker.execute("SELECT 1")
        finally:
            worker.close()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
