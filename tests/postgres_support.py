"""Dropping a PostgreSQL test database even when another session (a worker, a live server's thread) holds it."""

from __future__ import annotations

from typing import Any

OTHER_SESSIONS = """
    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
"""


def end_other_sessions(cursor: Any) -> int:
    """End every other session on the cursor's database (so it can be dropped); return how many there were."""
    cursor.execute(OTHER_SESSIONS)
    return cursor.fetchone()[0]
