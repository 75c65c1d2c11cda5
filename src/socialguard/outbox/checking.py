"""Reading published posts back: what the network holds now, compared with the approved text.

Right after sending, and then periodically for posts sent in the last `RECENT` (`verify_recent`, run by
`socialguard outbox verify` and the scheduler's tick), each sent delivery is fetched back with
`publisher.fetch(remote_id)`. A text that differs from the approved one (line endings and surrounding space
aside) is a finding: the delivery's `check_result` becomes `edited`, the network's text is kept, and a
`publish_check` audit event records both hashes. A post the network no longer has is `gone`; a webhook
cannot be read back (`unavailable`). Only a change of the result is audited (a first read-back that matches
is not a change), so read-backs add nothing to the archive while the post stays as approved.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from socialguard.audit.chain import SYSTEM, record
from socialguard.publishing import NetworkDown, Publisher, PublishError, RateLimited, Refused

from .models import Check, Delivery, DeliveryState
from .scheduling import text_sha256

log = logging.getLogger("socialguard.outbox")

RECENT = dt.timedelta(days=7)
UNREADABLE = ("webhook",)  # networks with no read side


def _same(approved: str, network: str) -> bool:
    def plain(text: str) -> str:
        return text.replace("\r\n", "\n").strip()

    return plain(approved) == plain(network)


def check(delivery: Delivery, publisher: Publisher) -> str:
    """Fetch the sent post back and record what was found; the result (a `Check` value)."""
    network_text = ""
    if delivery.connection.network in UNREADABLE:
        result = Check.UNAVAILABLE
    else:
        try:
            fetched = publisher.fetch(delivery.remote_id)
        except Refused:
            result = Check.GONE
        except (NetworkDown, RateLimited) as exc:  # try again at the next re-check
            log.warning("reading back delivery %s failed: %s", delivery.pk, exc)
            return delivery.check_result
        except PublishError as exc:
            log.warning("reading back delivery %s failed: %s", delivery.pk, exc)
            return delivery.check_result
        else:
            same = _same(delivery.post.text, fetched.text)
            result, network_text = (Check.MATCHES, "") if same else (Check.EDITED, fetched.text)
    _store(delivery, result, network_text)
    return result


def _store(delivery: Delivery, result: str, network_text: str) -> None:
    first_match = not delivery.check_result and result == Check.MATCHES  # as approved: nothing to record
    changed = not first_match and (result != delivery.check_result or network_text != delivery.network_text)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(check_result=result, network_text=network_text,
                                                       checked_at=timezone.now())
        if changed:
            connection = delivery.connection
            record(delivery.org, "publish_check", actor=SYSTEM, obj=delivery.post, data={
                "delivery": delivery.pk, "remote_id": delivery.remote_id, "result": str(result),
                "account": f"{connection.account_platform} {connection.account_handle}",
                "network": connection.network, "approved_sha256": delivery.text_sha256,
                "network_sha256": text_sha256(network_text) if network_text else None,
                "network_text": network_text,
            })
    delivery.check_result, delivery.network_text = result, network_text


def verify_recent(now: dt.datetime | None = None, publishers=None) -> dict[str, int]:
    """Read back every post sent within `RECENT` of `now`; how many had each result."""
    from .sending import PUBLISHERS

    publishers = publishers or PUBLISHERS
    now = now or timezone.now()
    counts: dict[str, int] = {}
    recent = Delivery.objects.filter(state=DeliveryState.SENT, sent_at__gte=now - RECENT).exclude(
        connection__network__in=UNREADABLE).select_related("org", "post", "connection")
    for delivery in recent.iterator(chunk_size=200):
        try:
            publisher = publishers.of(delivery.connection)
        except PublishError as exc:  # a revoked connection: its posts cannot be read back any more
            log.warning("reading back delivery %s: %s", delivery.pk, exc)
            continue
        result = check(delivery, publisher)
        counts[result] = counts.get(result, 0) + 1
    return counts
