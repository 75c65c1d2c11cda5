"""The outbox against the AT Protocol reference servers: a post goes out to the brand's repository and reads
back, one login serves every post of a connection, and the post is deleted from the network through
socialguard. (Workers racing for deliveries: test_outbox_workers.py.)"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from outbox_support import approved_post, bluesky_records, connect_bluesky

from socialguard.audit.models import AuditEvent
from socialguard.outbox.models import Check, DeliveryState
from socialguard.outbox.sending import Publishers, publish_due

_names = itertools.count()


@pytest.fixture
def brand(atproto):
    return atproto.account(f"outbrand{next(_names)}.test")


@pytest.fixture
def publishers():
    opened = Publishers()
    yield opened
    opened.close()


@pytest.mark.django_db
def test_a_post_goes_out_reads_back_and_is_deleted_from_the_network(org, atproto, brand, publishers, client_as):
    connection = connect_bluesky(org, atproto, brand)
    post = approved_post(org, "Nowa kolekcja jesienna 🍂 już jest!", platform="bluesky", handle="brand.test")
    assert publish_due(publishers=publishers) == 1
    delivery = post.deliveries.get()
    (record,) = bluesky_records(atproto, brand.did)
    assert (delivery.state, delivery.remote_id) == (DeliveryState.SENT, record["uri"])
    assert record["value"]["text"] == post.text and delivery.check_result == Check.MATCHES
    assert delivery.url.startswith(f"https://bsky.app/profile/{brand.handle}/post/")
    assert publishers.of(connection) is publishers.of(connection)  # one login session per connection

    client = client_as(org.users["comms_lead"])
    page = client.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert delivery.url in page and "Delete from the networks" in page
    client.post(reverse("outbox:delete", args=[post.pk]))
    assert bluesky_records(atproto, brand.did) == []
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELETED
    event = AuditEvent.objects.filter(org=org.org, kind="delivery").latest("seq")
    assert (event.data["to"], event.actor) == ("deleted", org.users["comms_lead"].get_username())
    assert record["uri"] in event.data["note"]
