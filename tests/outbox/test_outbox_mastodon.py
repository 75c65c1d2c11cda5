"""The outbox against mastodon-mock: an approved brand post is scheduled for every connection of its account,
sent once at its time, archived with what went out, read back, and withdrawn when the post is edited."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from outbox_support import approved_post, connect_mastodon, mastodon_statuses
from web_support import OK_TEXT, REVIEW_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.outbox.models import Check, Delivery, DeliveryState
from socialguard.outbox.scheduling import on_sent
from socialguard.outbox.sending import Publishers, publish_due
from socialguard.workflow import actions
from socialguard.workflow.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_log():
    """The deliveries the `on_sent` hook was told about, in order."""
    from socialguard.outbox import scheduling

    sent: list[int] = []
    handler = on_sent(lambda delivery: sent.append(delivery.pk))
    yield sent
    scheduling._sent_handlers.remove(handler)


@pytest.fixture
def publishers():
    opened = Publishers()
    yield opened
    opened.close()


def test_an_approved_post_goes_out_once_at_its_time_and_is_archived(org, mastodon_mock, publishers, sent_log):
    connection = connect_mastodon(org, mastodon_mock)
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    post = approved_post(org, OK_TEXT, scheduled_at=at)
    (delivery,) = post.deliveries.all()
    assert (delivery.state, delivery.due_at, delivery.connection) == (DeliveryState.SCHEDULED, at, connection)

    assert publish_due(at - dt.timedelta(seconds=1), publishers=publishers) == 0  # not yet
    assert publish_due(at, publishers=publishers) == 1
    assert publish_due(at + dt.timedelta(minutes=1), publishers=publishers) == 0  # never twice

    delivery.refresh_from_db()
    post.refresh_from_db()
    (status,) = mastodon_statuses(mastodon_mock)
    assert (delivery.state, delivery.remote_id, delivery.url) == (DeliveryState.SENT, str(status["id"]), status["url"])
    assert delivery.check_result == Check.MATCHES and post.state == State.PUBLISHED
    assert sent_log == [delivery.pk]
    archived = AuditEvent.objects.get(org=org.org, kind="publish").data
    assert archived["remote_id"] == delivery.remote_id and archived["text"] == OK_TEXT
    assert archived["account"] == "mastodon @alice" and archived["network"] == "mastodon"
    assert archived["text_sha256"] == delivery.text_sha256 and archived["outcome"] == "ok"
    changes = [e.data["to"] for e in AuditEvent.objects.filter(org=org.org, kind="delivery").order_by("seq")]
    assert changes == ["scheduled"]  # taking it is a lease; "sent" is the publish event above
    assert (archived["from"], archived["to"]) == ("sending", "sent")


def test_one_post_to_two_connections_goes_out_through_each(org, mastodon_mock, publishers):
    connect_mastodon(org, mastodon_mock)
    connect_mastodon(org, mastodon_mock, "bob_token")  # the same brand account published twice, e.g. a mirror
    post = approved_post(org, OK_TEXT)
    assert post.deliveries.count() == 2
    assert publish_due(threads=1, publishers=publishers) == 2  # threads: one test transaction
    assert len(mastodon_statuses(mastodon_mock)) == 1 and len(mastodon_statuses(mastodon_mock, "bob_token")) == 1
    post.refresh_from_db()
    assert post.state == State.PUBLISHED


def test_without_a_connection_the_post_stays_approved_for_marking_by_hand(org, mastodon_mock):
    post = approved_post(org, OK_TEXT)
    assert post.state == State.APPROVED and not post.deliveries.exists()


def test_editing_an_approved_post_withdraws_its_delivery_and_approval_schedules_the_new_text(
        org, mastodon_mock, publishers):
    connect_mastodon(org, mastodon_mock)
    post = approved_post(org, OK_TEXT, scheduled_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
    actions.edit(post, org.users["comms_lead"], text=REVIEW_TEXT, account_kind="brand", account_handle="@alice",
                 platform="mastodon", scheduled_at=post.scheduled_at)
    post.refresh_from_db()
    assert post.state == State.PENDING
    assert list(post.deliveries.values_list("state", flat=True)) == [DeliveryState.CANCELLED]
    actions.decide(post, "approve", user=org.users["approver"])
    post.refresh_from_db()
    assert post.state == State.APPROVED
    live = post.deliveries.get(state=DeliveryState.SCHEDULED)
    assert live.due_at == post.scheduled_at
    assert publish_due(post.scheduled_at, publishers=publishers) == 1
    (status,) = mastodon_statuses(mastodon_mock)
    assert REVIEW_TEXT.split()[0] in status["content"]


def test_a_post_edited_on_the_network_is_a_finding(org, mastodon_mock, publishers):
    from socialguard.outbox.checking import verify_recent

    connect_mastodon(org, mastodon_mock)
    post = approved_post(org, OK_TEXT)
    publish_due(publishers=publishers)
    delivery = post.deliveries.get()
    assert verify_recent(publishers=publishers) == {"matches": 1}
    assert not AuditEvent.objects.filter(org=org.org, kind="publish_check", data__result="edited").exists()

    edited = "Our team shipped the new dashboard today. Thank you all! (edited)"
    httpx.put(f"{mastodon_mock}/api/v1/statuses/{delivery.remote_id}", json={"status": edited},
              headers={"Authorization": "Bearer alice_token"}).raise_for_status()
    assert verify_recent(publishers=publishers) == {"edited": 1}
    delivery.refresh_from_db()
    assert delivery.check_result == Check.EDITED and delivery.network_text == edited
    finding = AuditEvent.objects.get(org=org.org, kind="publish_check", data__result="edited").data
    assert finding["network_text"] == edited and finding["approved_sha256"] == delivery.text_sha256
    verify_recent(publishers=publishers)
    assert AuditEvent.objects.filter(org=org.org, kind="publish_check", data__result="edited").count() == 1


def test_the_post_goes_out_with_its_images_and_their_alt_text(org, mastodon_mock, publishers, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from socialguard.workflow.media import Attachment, store_upload

    settings.SOCIALGUARD_MEDIA_DIR = tmp_path / "media"
    connect_mastodon(org, mastodon_mock)
    out = io.BytesIO()
    Image.new("RGB", (6, 4), (10, 120, 60)).save(out, "PNG")
    stored = store_upload(SimpleUploadedFile("team.png", out.getvalue()), "team.png", len(out.getvalue()))
    author = org.users["comms_lead"]
    post = actions.create_draft(org.membership("comms_lead"), text=OK_TEXT, account_kind="brand",
                                account_handle="@alice", platform="mastodon",
                                media=[Attachment(alt="The team in green shirts", credit="Own photo", stored=stored)])
    actions.submit(post, author)
    assert publish_due(publishers=publishers) == 1
    (status,) = mastodon_statuses(mastodon_mock)
    assert [m["description"] for m in status["media_attachments"]] == ["The team in green shirts"]
