"""The outbox's background work on Celery: beat runs `tick` every `SOCIALGUARD_OUTBOX_TICK_SECONDS` (default 5),
which hands each due delivery to a worker (`send`), and `verify` every `SOCIALGUARD_OUTBOX_VERIFY_MINUTES`
(default 15). A delivery handed out twice (two ticks, a redelivered task) is harmless: only one `send` claims
it. Without a broker `socialguard serve` runs the same rounds in a thread (`sending.publish_due`)."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="socialguard.outbox.tick")
def tick() -> dict[str, Any]:
    """Hand every due delivery to a worker; `{"due": how many}`."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from django.utils import timezone

    from .sending import due

    pending = due(timezone.now())
    for pk in pending:
        send.delay(pk)
    return {"due": len(pending)}


@shared_task(name="socialguard.outbox.send")
def send(pk: int) -> dict[str, Any]:
    """Claim and send one delivery; `{"sent": true}` when it went out."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from django.utils import timezone

    from . import sending

    return {"sent": sending.send(pk, timezone.now())}


@shared_task(name="socialguard.outbox.verify")
def verify() -> dict[str, int]:
    """Read back the posts sent lately; how many had each result."""
    from socialguard.djangosetup import setup_django

    setup_django()
    from .checking import verify_recent

    return verify_recent()
