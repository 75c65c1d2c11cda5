"""When the network says no: retries with backoff, a 429's wait, failing at once on a refusal or a rejected
credential, failed deliveries shown on the post page, told to the author and the comms lead, and retried or
rescheduled there.

The refusal and the rejected credential come from mastodon-mock itself. mastodon-mock never answers 5xx or
429 and never stalls, so those answers are scripted with hand-written fakes (httpx.MockTransport) behind the
same publisher the connection makes."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from outbox_support import approved_post, connect_mastodon, mastodon_statuses
from web_support import OK_TEXT

from socialguard.connections import vault
from socialguard.outbox import sending
from socialguard.outbox.models import DeliveryState
from socialguard.outbox.sending import Publishers, publish_due
from socialguard.publishing import MastodonPublisher

pytestmark = pytest.mark.django_db


class Scripted(Publishers):
    """Publishers whose HTTP answers come from `handler` (the fakes: what mastodon-mock cannot show)."""

    def __init__(self, handler) -> None:
        super().__init__()
        self.handler = handler

    def of(self, connection):
        return MastodonPublisher(connection.service, "token", transport=httpx.MockTransport(self.handler))


@pytest.fixture
def real():
    opened = Publishers()
    yield opened
    opened.close()


def answer(status: int, **headers):
    def handler(request):
        return httpx.Response(status, headers=headers, json={"error": "Service Unavailable"})
    return handler


def test_a_5xx_is_retried_with_growing_jittered_backoff_then_fails(org, mastodon_mock,
                                                                   django_capture_on_commit_callbacks):
    connect_mastodon(org, mastodon_mock)
    post = approved_post(org, OK_TEXT)
    delivery = post.deliveries.get()
    waits = []
    now = dt.datetime.now(dt.timezone.utc)
    for attempt in range(1, sending.MAX_ATTEMPTS + 1):
        with django_capture_on_commit_callbacks(execute=True):
            publish_due(now, publishers=Scripted(answer(503)))
        delivery.refresh_from_db()
        assert delivery.attempts == attempt and "the server answered 503" in delivery.last_error
        if attempt < sending.MAX_ATTEMPTS:
            assert delivery.state == DeliveryState.SCHEDULED
            waits.append((delivery.next_attempt_at - now).total_seconds())
            now = delivery.next_attempt_at
    assert delivery.state == DeliveryState.FAILED
    ceilings = [min(sending.BACKOFF_CAP, sending.BACKOFF_BASE * 2 ** n) for n in range(len(waits))]
    assert all(c / 2 - 1 <= w <= c + 1 for w, c in zip(waits, ceilings)), (waits, ceilings)
    assert sorted(m.to[0] for m in mail.outbox if "could not be published" in m.subject) == sorted(
        [org.users["comms_lead"].email])  # the author is the comms lead here: told once


def test_a_timeout_is_retried(org, mastodon_mock):
    connect_mastodon(org, mastodon_mock)
    delivery = approved_post(org, OK_TEXT).deliveries.get()

    def stalls(request):
        raise httpx.ReadTimeout("timed out", request=request)

    publish_due(publishers=Scripted(stalls))
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SCHEDULED and "timed out" in delivery.last_error


def test_a_429_waits_what_the_network_asked(org, mastodon_mock, real):
    connect_mastodon(org, mastodon_mock)
    delivery = approved_post(org, OK_TEXT).deliveries.get()
    now = dt.datetime.now(dt.timezone.utc)
    publish_due(now, publishers=Scripted(answer(429, **{"Retry-After": "120"})))
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SCHEDULED
    assert abs((delivery.next_attempt_at - now).total_seconds() - 120) < 5
    assert publish_due(now + dt.timedelta(seconds=60), publishers=real) == 0
    assert publish_due(delivery.next_attempt_at, publishers=real) == 1  # the real instance, after the wait
    assert len(mastodon_statuses(mastodon_mock)) == 1


def test_a_refused_post_fails_at_once_visibly_and_is_rescheduled_on_the_page(
        org, mastodon_mock, real, client_as, django_capture_on_commit_callbacks):
    connect_mastodon(org, mastodon_mock)
    post = approved_post(org, "x" * 501, author="employee")  # longer than the instance's 500
    with django_capture_on_commit_callbacks(execute=True):
        publish_due(publishers=real)
    delivery = post.deliveries.get()
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 1
    assert "refused" in delivery.last_error and "500" in delivery.last_error
    (told,) = [m for m in mail.outbox if "could not be published" in m.subject]
    assert sorted(told.to) == sorted([org.users["employee"].email, org.users["comms_lead"].email])

    page = client_as(org.users["approver"]).get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert 'data-state="failed"' in page and delivery.last_error.split(": ")[-1][:40] in page
    assert "Mark as published" not in page

    assert 'id="reschedule"' in page and reverse("calendar:retry", args=[delivery.pk]) in page

    client = client_as(org.users["customer_service"])  # neither the author nor an approver
    client.post(reverse("calendar:retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    client = client_as(org.users["approver"])
    later = (dt.datetime.now() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("calendar:reschedule", args=[post.pk]), {"scheduled_at": later})
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SCHEDULED, 0)
    assert delivery.due_at > dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)


def test_a_revoked_token_fails_at_once_and_is_retried_after_reconnecting(org, mastodon_mock, real, client_as):
    connection = connect_mastodon(org, mastodon_mock)
    post = approved_post(org, OK_TEXT)
    connection.secret = vault.encrypt("revoked-token-1234", settings.CREDENTIAL_KEYS_FILE)  # revoked at the network
    connection.save()
    publish_due(publishers=real)
    delivery = post.deliveries.get()
    assert delivery.state == DeliveryState.FAILED and "credential was refused" in delivery.last_error
    assert "revoked-token" not in delivery.last_error

    connection.secret = vault.encrypt("alice_token", settings.CREDENTIAL_KEYS_FILE)
    connection.save()
    client_as(org.users["comms_lead"]).post(reverse("calendar:retry", args=[delivery.pk]))
    assert publish_due(publishers=real) == 1
    assert len(mastodon_statuses(mastodon_mock)) == 1
