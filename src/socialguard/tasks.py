"""Background work: run in-process by default, on Celery workers when a broker is configured.

`SOCIALGUARD_BROKER` (or `CELERY_BROKER_URL`), e.g. `redis://127.0.0.1:6379/0`, switches `dispatch` to
Celery: the task is sent to the broker and a worker (`celery -A socialguard.tasks worker`) runs it; results
come back through the same Redis. Without a broker `dispatch` calls the function directly and returns its
result wrapped the same way, so callers never care where the work ran. Task arguments and results are
plain JSON (paths, strings, dicts), never objects.

Periodic work on Celery is scheduled here for `celery -A socialguard.tasks beat`: the audit checkpoint every
`SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES` (default 60), the outbox's tick (due posts handed to workers) every
`SOCIALGUARD_OUTBOX_TICK_SECONDS` (default 5) and its read-back of recent posts every
`SOCIALGUARD_OUTBOX_VERIFY_MINUTES` (default 15). Without a broker `socialguard serve` runs them itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from celery import Celery

BROKER_VARIABLES = ("SOCIALGUARD_BROKER", "CELERY_BROKER_URL")
TASK_MODULES = ["socialguard.inbox.db_tasks", "socialguard.rechecks.tasks", "socialguard.audit.tasks",
                "socialguard.outbox.tasks"]
CHECKPOINT_TASK = "socialguard.audit.checkpoint"
OUTBOX_TICK_TASK, OUTBOX_VERIFY_TASK = "socialguard.outbox.tick", "socialguard.outbox.verify"


def broker_url() -> str | None:
    return next((os.environ[name] for name in BROKER_VARIABLES if os.environ.get(name)), None)


def checkpoint_minutes() -> float:
    return float(os.environ.get("SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES") or 60)


def outbox_tick_seconds() -> float:
    """How often due posts are looked for (and sent, without a broker)."""
    return float(os.environ.get("SOCIALGUARD_OUTBOX_TICK_SECONDS") or 5)


def outbox_verify_minutes() -> float:
    """How often posts sent in the last week are read back from the networks."""
    return float(os.environ.get("SOCIALGUARD_OUTBOX_VERIFY_MINUTES") or 15)


def make_app(broker: str | None = None) -> Celery:
    url = broker or broker_url() or "memory://"
    celery = Celery("socialguard", broker=url, backend=url if url.startswith("redis") else "cache+memory://",
                    include=TASK_MODULES)
    celery.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                       task_acks_late=True, worker_prefetch_multiplier=1, broker_connection_retry_on_startup=True,
                       result_expires=3600,
                       beat_schedule={
                           "audit-checkpoint": {"task": CHECKPOINT_TASK, "schedule": checkpoint_minutes() * 60},
                           "outbox-tick": {"task": OUTBOX_TICK_TASK, "schedule": outbox_tick_seconds()},
                           "outbox-verify": {"task": OUTBOX_VERIFY_TASK, "schedule": outbox_verify_minutes() * 60},
                       })
    return celery


app = make_app()


@dataclass(frozen=True)
class Done:
    """The result of work that ran in-process, shaped like Celery's AsyncResult for the callers."""

    value: Any

    def get(self, timeout: float | None = None) -> Any:
        return self.value


def dispatch(task: Any, *args: Any, **kwargs: Any) -> Any:
    """Run `task` (a Celery task) on a worker if a broker is set, else here (eagerly, errors raised)."""
    if broker_url():
        return task.apply_async(args=args, kwargs=kwargs)
    return Done(task.apply(args=args, kwargs=kwargs).get() if hasattr(task, "apply") else task(*args, **kwargs))
