"""A socialguard of its own for the outbox's worker-process tests: a data folder and a database that the worker
subprocesses and Celery share (the test session's own database is not visible to other processes): SQLite in
the data folder, or a PostgreSQL database of its own when the tests run on PostgreSQL.

Run in a subprocess with `SOCIALGUARD_DATA` set: `setup(...)` migrates, makes an organisation with a
Bluesky and a Mastodon brand account connected and one approved post for each, and prints their deliveries;
`report()` prints every delivery as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS, TESTS / "outbox"):
    sys.path.insert(0, str(folder))

WORKER = f"import sys; sys.path[:0] = [{str(TESTS)!r}, {str(TESTS / 'outbox')!r}]; import world; world.django()\n"


def django() -> None:
    from socialguard.djangosetup import setup_django

    setup_django()


def setup(pds: str, handle: str, app_password: str, instance: str | None, texts: list[str]) -> None:
    """Connect the Bluesky account (and Mastodon's alice at `instance`, if given) and approve a Bluesky post of
    each text (and a Mastodon post of the first)."""
    django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from outbox_support import POLICY, approved_post, connect_mastodon
    from web_support import make_org

    from socialguard.connections.services import brand_accounts, connect

    org = make_org("crashco", POLICY)
    brand = next(a for a in brand_accounts(org.org) if a.platform == "bluesky")
    connect(org.membership("admin"), brand, "bluesky", pds, handle, app_password)
    for text in texts:
        approved_post(org, text, platform="bluesky", handle="brand.test")
    if instance:
        connect_mastodon(org, instance)
        approved_post(org, texts[0])
    report()


def report() -> None:
    django()
    from socialguard.outbox.models import Delivery

    print(json.dumps([{"id": d.pk, "network": d.connection.network, "state": d.state, "attempts": d.attempts,
                       "remote_id": d.remote_id, "post_state": d.post.state}
                      for d in Delivery.objects.select_related("connection", "post").order_by("pk")]))
