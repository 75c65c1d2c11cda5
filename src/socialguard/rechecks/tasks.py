"""The re-check's background task: on a Celery worker when a broker is configured (`socialguard.tasks.dispatch`),
else in-process. The argument is the re-check's id and the result its counts (JSON); the worker sets Django
up itself (it is started with `celery -A socialguard.tasks worker`).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="socialguard.rechecks.run", bind=True)
def run_recheck(task, recheck_id: int) -> dict[str, Any]:
    """Re-check the organisation's posts under the re-check's new policy version and store what changed."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from django.db import close_old_connections

    from .jobs import run

    try:
        return run(recheck_id)
    finally:
        if not task.request.is_eager:  # on a worker: give back connections past their age, as a request would
            close_old_connections()
