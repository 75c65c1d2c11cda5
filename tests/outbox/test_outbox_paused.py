"""Publishing paused (a crisis action, `Organisation.publishing_paused_at`) against mastodon-mock: nothing of the
organisation goes out while it is paused, not even a delivery that fell due; on resuming it goes out once;
another organisation's posts are not held."""

from __future__ import annotations

import datetime as dt

import pytest
from outbox_support import approved_post, connect_mastodon, mastodon_statuses
from web_support import OK_TEXT

from socialguard.inbox.crisis import pause_publishing, resume_publishing
from socialguard.outbox.models import DeliveryState
from socialguard.outbox.sending import Publishers, publish_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishers():
    opened = Publishers()
    yield opened
    opened.close()


def test_a_paused_organisation_sends_nothing_until_it_resumes(org, mastodon_mock, publishers):
    connect_mastodon(org, mastodon_mock)
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    post = approved_post(org, OK_TEXT, scheduled_at=at)
    pause_publishing(org.org, org.users["comms_lead"])
    assert publish_due(at + dt.timedelta(minutes=1), publishers=publishers) == 0
    (delivery,) = post.deliveries.all()
    assert delivery.state == DeliveryState.SCHEDULED and mastodon_statuses(mastodon_mock) == []
    resume_publishing(org.org, org.users["comms_lead"])
    assert publish_due(at + dt.timedelta(minutes=2), publishers=publishers) == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and len(mastodon_statuses(mastodon_mock)) == 1
