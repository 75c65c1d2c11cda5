"""Retrying a failed delivery from the calendar (POST /calendar/deliveries/<id>/retry/): the outbox schedules
it again now with a fresh budget of attempts (an audited `delivery` event); only a failed or waiting delivery
of an approved post, and only by the post's author or an approver; another organisation's is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from calendar_support import approved_post, connect, fail, send
from django.urls import reverse
from django.utils import timezone
from web_support import OK_TEXT, make_org

from socialguard.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
AT = dt.datetime(2030, 3, 5, 9, 0, tzinfo=dt.timezone.utc)


def retry(client, delivery):
    return client.post(reverse("calendar:retry", args=[delivery.pk]), {"next": "/calendar/list/"}, follow=True)


def test_a_failed_delivery_goes_out_again_now(acme, client_as):
    connect(acme.org)
    post = approved_post(acme, "employee", OK_TEXT, AT)
    delivery = fail(post.deliveries.get(), "Mastodon @acme: network down")
    before = timezone.now()
    response = retry(client_as(acme.users["employee"]), delivery)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("scheduled", 0) and delivery.next_attempt_at >= before
    assert f"Post {post.pk} goes out again to @acme now." in response.content.decode()
    last = AuditEvent.objects.filter(org=acme.org, kind="delivery").order_by("-seq").first()
    assert (last.actor, last.data["from"], last.data["to"]) == ("acme-employee", "failed", "scheduled")


def test_who_neither_wrote_nor_approves_is_refused(acme, client_as):
    connect(acme.org)
    delivery = fail(approved_post(acme, "employee", OK_TEXT, AT).deliveries.get(), "network down")
    page = retry(client_as(acme.users["customer_service"]), delivery).content.decode()
    assert "was not sent again: Only the author or an approver can retry or reschedule this post." in page
    delivery.refresh_from_db()
    assert delivery.state == "failed"


def test_a_sent_delivery_is_not_sent_again(acme, client_as):
    connect(acme.org)
    delivery = send(approved_post(acme, "comms_lead", OK_TEXT, AT).deliveries.get())
    page = retry(client_as(acme.users["comms_lead"]), delivery).content.decode()
    assert "Only a scheduled or failed delivery can be retried or rescheduled." in page
    delivery.refresh_from_db()
    assert delivery.state == "sent"


def test_another_organisations_delivery_is_not_found(acme, client_as):
    globex = make_org("globex")
    connect(globex.org)
    delivery = fail(approved_post(globex, "comms_lead", OK_TEXT, AT).deliveries.get(), "network down")
    assert client_as(acme.users["admin"]).post(reverse("calendar:retry", args=[delivery.pk])).status_code == 404
