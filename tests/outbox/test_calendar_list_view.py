"""The list of deliveries (/calendar/list/): every scheduled, sent and failed delivery of the organisation,
newest time first (or from a chosen day on), 50 a page with the filters kept while paging; a failed one with
its cause and a retry button for who may retry it, a sent one with its link on the network."""

from __future__ import annotations

import datetime as dt

import pytest
from calendar_support import approved_post, connect, fail, send
from django.urls import reverse
from web_support import OK_TEXT

from socialguard.outbox.models import Delivery
from socialguard.outbox.scheduling import text_sha256

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc
LIST = reverse("calendar:list")


def test_pages_of_fifty_newest_first_with_the_filters_kept(acme, client_as):
    connection = connect(acme.org)
    post = approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    start = dt.datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    Delivery.objects.bulk_create(  # many deliveries already out, for paging: made at once, not sent one by one
        Delivery(org=acme.org, post=post, connection=connection, due_at=start + dt.timedelta(days=n),
                 next_attempt_at=start, state="sent", text_sha256=text_sha256(OK_TEXT)) for n in range(51))
    client = client_as(acme.users["approver"])
    first = client.get(LIST, {"state": "sent"}).content.decode()
    assert "51 deliveries" in first and "1 / 2" in first
    assert first.count('data-delivery="') == 50 and "20 Feb 2030, 10:00 CET" in first  # the newest first
    assert 'href="?state=sent&amp;page=2"' in first
    second = client.get(LIST, {"state": "sent", "page": 2}).content.decode()
    assert second.count('data-delivery="') == 1 and "1 Jan 2030, 10:00 CET" in second
    from_day = client.get(LIST, {"day": "2030-02-19"}).content.decode()
    assert from_day.count('data-delivery="') == 3 and from_day.index("19 Feb") < from_day.index("20 Feb")


def test_failed_and_sent_deliveries(acme, client_as):
    connect(acme.org)
    connect(acme.org)  # the same account connected twice: two deliveries of each post
    post = approved_post(acme, "employee", OK_TEXT, dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    failed, sent = post.deliveries.order_by("pk")
    fail(failed, "Mastodon @acme: refused (Validation failed: Text too long)")
    send(sent, "https://bsky.example/profile/acme/post/3k")
    page = client_as(acme.users["comms_lead"]).get(LIST).content.decode()
    assert "Validation failed: Text too long" in page and "Retry now" in page
    assert '<a href="https://bsky.example/profile/acme/post/3k" rel="noopener noreferrer nofollow"' in page
    # compliance sees every post and approves; a security officer does not see the list at all
    page = client_as(acme.users["compliance"]).get(LIST).content.decode()
    assert "Retry now" in page
    assert client_as(acme.users["security"]).get(LIST).status_code == 403
