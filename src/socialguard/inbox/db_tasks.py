"""The inbox's database-backed background task: one `tick` round for an organisation, on a Celery worker
when a broker is configured (`socialguard.tasks.dispatch`), else in-process. Arguments and result are JSON;
the worker sets Django up itself (it is started with `celery -A socialguard.tasks worker`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task


@shared_task(name="socialguard.inbox.tick_org", bind=True)
def tick_org(task, slug: str, now: str | None = None, poll: bool = True) -> dict[str, Any]:
    """Poll, escalate missed SLAs and check for a crisis for organisation `slug`;
    `now` (ISO 8601) fixes the clock, else the wall clock runs."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from django.db import close_old_connections

    from socialguard.orgs.models import Organisation
    from socialguard.orgs.policies import PolicyUnavailable

    from .sla import wall_clock
    from .tick import tick_org as run

    fixed = dt.datetime.fromisoformat(now) if now else None
    try:
        org = Organisation.objects.get(slug=slug)
        return run(org, (lambda: fixed) if fixed else wall_clock, poll)
    except PolicyUnavailable as exc:  # one organisation's broken policy must not stop the others' rounds
        return {"org": slug, "error": str(exc)}
    finally:
        if not task.request.is_eager:  # on a worker: give back connections past their age, as a request would
            close_old_connections()
