"""The audit archive's periodic task: sign a checkpoint of every chain when one moved since the last.

Celery beat runs it every `SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES` when a broker is configured (the schedule is
in `socialguard.tasks`); without one, `socialguard serve` runs it in a background thread at the same pace.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="socialguard.audit.checkpoint")
def checkpoint() -> dict[str, Any]:
    """Take a checkpoint unless nothing changed; `{"checkpoint": number}` or `{"checkpoint": None}`."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from .checkpoints import take

    taken = take(only_if_changed=True)
    return {"checkpoint": taken.number if taken else None}
