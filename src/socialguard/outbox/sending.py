"""Sending due deliveries, exactly once, and what happens when the network says no.

`publish_due(now)` looks for deliveries that are due (scheduled, next attempt reached) or were left by a
crashed worker (sending, lease expired), and sends each. Claiming is one conditional UPDATE (`claim`): it
succeeds for one worker only, on SQLite and PostgreSQL alike, and gives that worker a lease. Sending:

1. the post must still be approved with the text the delivery was made for (else the delivery is cancelled);
2. a delivery tried before (`attempts > 1`, or an earlier error) first asks `publisher.find(key)`: an
   earlier attempt may have reached the network before its worker died;
3. `publisher.publish(post, key)`: the same key never posts twice (the publishers' guarantee);
4. `record_sent` stores the remote id, URL and time, audits the `publish` event (what went out, where, when,
   and the approvals that let it out; it is also the delivery's "sent" state change) and runs the `on_sent`
   handlers, all in one transaction; the post becomes published when every delivery of it is sent. Then the
   post is read back (`checking`).

Every audit event is appended to the organisation's one hash chain under its head-row lock, so events per send
are what limits the throughput of one organisation (measured: `bench/bench_outbox.py`, BENCHMARKS.md): taking a
delivery (the lease) and a read-back that matches add none.

Errors: `NetworkDown` (unreachable, timeouts, 5xx) waits with exponential backoff and jitter up to a cap,
`RateLimited` waits its `retry_after`; after `MAX_ATTEMPTS` the delivery fails. `Refused` and
`CredentialRejected` fail at once with the network's one-line message. A failed delivery tells the author
and the comms leads.

One publisher (one login session) is kept per connection per process (`Publishers`), not one login per
post: Bluesky rate-limits `createSession`. Several deliveries are sent at once on `threads` threads.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connections as db_connections
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, record
from socialguard.connections.models import Connection
from socialguard.orgs import roles
from socialguard.orgs.models import Membership
from socialguard.publishing import CredentialRejected, Post, Published, Publisher, PublishError, RateLimited
from socialguard.workflow import actions
from socialguard.workflow.media import publishing_media
from socialguard.workflow.models import Decision, State
from socialguard.workflow.notify import notify, post_url

from . import checking
from .models import Delivery, DeliveryState
from .scheduling import move, sent_handlers, text_sha256

log = logging.getLogger("socialguard.outbox")

LEASE = dt.timedelta(minutes=2)  # longer than any one send takes (the publishers time out after 15 s a call)
MAX_ATTEMPTS = 8
BACKOFF_BASE = 15.0  # seconds before the second attempt; doubling, with jitter
BACKOFF_CAP = 30 * 60.0
BATCH = 500  # deliveries looked at per round
THREADS = 8


class Publishers:
    """One logged-in publisher per connection, kept for this process and shared by its threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[int, Publisher] = {}

    def of(self, connection: Connection) -> Publisher:
        with self._lock:
            publisher = self._open.get(connection.pk)
            if publisher is None:
                publisher = self._open[connection.pk] = connection.publisher()
            return publisher

    def forget(self, connection: Connection) -> None:
        with self._lock:
            publisher = self._open.pop(connection.pk, None)
        if publisher is not None:
            publisher.close()

    def close(self) -> None:
        with self._lock:
            open_now, self._open = list(self._open.values()), {}
        for publisher in open_now:
            publisher.close()


PUBLISHERS = Publishers()


def due(now: dt.datetime) -> list[int]:
    """The ids of deliveries to send now: due ones, and those whose worker's lease ran out. Nothing of an
    organisation whose publishing is paused (a crisis action): its deliveries wait, and go when it resumes."""
    waiting = Q(state=DeliveryState.SCHEDULED, next_attempt_at__lte=now)
    abandoned = Q(state=DeliveryState.SENDING, lease_until__lt=now)
    return list(Delivery.objects.filter(waiting | abandoned, org__publishing_paused_at=None)
                .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:BATCH])


def claim(pk: int, now: dt.datetime) -> bool:
    """Take the delivery for this worker: one conditional UPDATE, so exactly one of racing workers gets it (and
    none while its organisation's publishing is paused). Taking it is a lease, not an outcome: the row counts
    the attempt, and the audit trail records how the attempt ended (sent, retried later, failed)."""
    waiting = Q(state=DeliveryState.SCHEDULED, next_attempt_at__lte=now)
    abandoned = Q(state=DeliveryState.SENDING, lease_until__lt=now)
    taken = Delivery.objects.filter(waiting | abandoned, pk=pk, org__publishing_paused_at=None).update(
        state=DeliveryState.SENDING, lease_until=now + LEASE, attempts=F("attempts") + 1)
    return bool(taken)


def publish_due(now: dt.datetime | None = None, threads: int = THREADS,
                publishers: Publishers = PUBLISHERS) -> int:
    """Send every delivery due at `now`; how many this worker sent."""
    now = now or timezone.now()
    pending = due(now)
    if len(pending) <= 1 or threads <= 1:
        return sum(send(pk, now, publishers) for pk in pending)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="socialguard-outbox") as pool:
        return sum(pool.map(lambda pk: _in_thread(send, pk, now, publishers), pending))


def _in_thread(job, *args: Any) -> Any:
    try:
        return job(*args)
    finally:
        db_connections.close_all()  # this thread's connections only


def send(pk: int, now: dt.datetime, publishers: Publishers = PUBLISHERS) -> bool:
    """Claim and send one delivery; True when it went out (now or by an earlier attempt)."""
    if not claim(pk, now):
        return False
    delivery = Delivery.objects.select_related("org", "post", "post__author", "connection").get(pk=pk)
    post = delivery.post
    if post.state != State.APPROVED or text_sha256(post.text) != delivery.text_sha256:
        move(delivery, DeliveryState.CANCELLED, SYSTEM, _("The post changed after it was scheduled."),
             lease_until=None)
        return False
    try:
        publisher = publishers.of(delivery.connection)
        published = None
        if delivery.attempts > 1 or delivery.last_error:
            published = publisher.find(delivery.key)
        if published is None:
            published = publisher.publish(outgoing(delivery), delivery.key)
    except PublishError as exc:
        if isinstance(exc, CredentialRejected):
            publishers.forget(delivery.connection)
        _failed_attempt(delivery, exc, max(now, timezone.now()))
        return False
    record_sent(delivery, published)
    checking.check(delivery, publishers.of(delivery.connection))
    return True


def outgoing(delivery: Delivery) -> Post:
    """The post as the publisher sends it: the approved text and images (with their alt text), as a reply when
    the delivery answers one."""
    return Post(delivery.post.text, media=publishing_media(delivery.post), reply_to=delivery.reply_to or None)


def record_sent(delivery: Delivery, published: Published) -> None:
    """Store what the network accepted and archive it, in one transaction; the post is published once every
    delivery of it went out."""
    post, connection = delivery.post, delivery.connection
    sent_at = timezone.now()
    url = published.url if published.url.startswith(("https://", "http://")) else ""  # it becomes a link
    with transaction.atomic():
        move(delivery, DeliveryState.SENT, SYSTEM, url or published.remote_id, audited=False,
             remote_id=published.remote_id, url=url, sent_at=sent_at, lease_until=None, last_error="")
        record(delivery.org, "publish", actor=SYSTEM, obj=post, data={  # the sent state's audit event too
            "delivery": delivery.pk, "from": DeliveryState.SENDING.value, "to": DeliveryState.SENT.value,
            "attempts": delivery.attempts,
            "remote_id": published.remote_id, "url": url, "text": post.text,
            "text_sha256": delivery.text_sha256, "media_sha256": delivery.media_sha256,
            "sent_at": sent_at.isoformat(), "due_at": delivery.due_at.isoformat(),
            "account": f"{connection.account_platform} {connection.account_handle}", "network": connection.network,
            "handle": connection.handle, "reply_to": delivery.reply_to, "key": delivery.key,
            "outcome": post.outcome, "policy_version": post.policy_version.number if post.policy_version else None,
            "exceptions": post.exceptions, "approvals": _approvals(post),
        })
        for handler in sent_handlers():
            handler(delivery)
        left = post.deliveries.exclude(state__in=(DeliveryState.SENT, DeliveryState.CANCELLED,
                                                  DeliveryState.DELETED))
        if not left.exists():
            actions.published_everywhere(post, _("Sent to every connected account."))


def _approvals(post) -> list[dict]:
    return [{"step": d.step.order, "by": d.actor_name, "at": d.at.isoformat(), "note": d.note}
            for d in Decision.objects.filter(post=post, round=post.round, kind=Decision.Kind.APPROVE)
            .select_related("user", "step")]


def backoff(attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failed ones: exponential, capped, with jitter."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def _failed_attempt(delivery: Delivery, exc: PublishError, now: dt.datetime) -> None:
    message = str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__
    if exc.retry and delivery.attempts < MAX_ATTEMPTS:
        wait = exc.retry_after if isinstance(exc, RateLimited) else backoff(delivery.attempts)
        later = now + dt.timedelta(seconds=wait)
        move(delivery, DeliveryState.SCHEDULED, SYSTEM, _("Trying again at %(at)s.") % {"at": later.isoformat(
            timespec="seconds")}, next_attempt_at=later, lease_until=None, last_error=message)
        return
    with transaction.atomic():
        move(delivery, DeliveryState.FAILED, SYSTEM, message, lease_until=None, last_error=message)
        _tell_failed(delivery, message)


def _tell_failed(delivery: Delivery, message: str) -> None:
    post = delivery.post
    leads = Membership.objects.filter(org=post.org, role=roles.COMMS_LEAD).values_list("user__email", flat=True)
    subject = _("A post could not be published")
    text = _("Your post to %(account)s could not be published: %(cause)s\n\nRetry or reschedule it: %(url)s") % {
        "account": delivery.account_label, "cause": message, "url": post_url(post)}
    notify(post, subject, text, [post.author.email, *leads])
