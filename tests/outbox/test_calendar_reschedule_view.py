"""Rescheduling a post from the calendar (POST /calendar/posts/<id>/reschedule/): the new time is read in the
reader's time zone and goes through `workflow.actions.edit`, so the post is checked again: the same check keeps
it approved and the outbox moves its deliveries (a failed one is scheduled again), a changed check sends it back
for approval. A time in the past, a time that does not exist in the reader's zone and someone else's post moved
by who does not approve are refused with a message naming the post."""

from __future__ import annotations

import datetime as dt

import pytest
from calendar_support import approved_post, connect, fail
from django.urls import reverse
from web_support import OK_TEXT, TEST_POLICY, WARN_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Profile
from socialguard.orgs.policies import save_policy

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc
AT = dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC)


def move(client, post, moment: str, next_url: str = "/calendar/?day=2030-03-05"):
    return client.post(reverse("calendar:reschedule", args=[post.pk]), {"scheduled_at": moment, "next": next_url},
                       follow=True)


def test_a_new_time_keeps_the_post_approved_and_is_audited(acme, client_as):
    connect(acme.org)
    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    Profile.objects.create(user=acme.users["comms_lead"], time_zone="Europe/Warsaw")
    response = move(client_as(acme.users["comms_lead"]), post, "2030-03-07T18:45")
    post.refresh_from_db()
    new_time = dt.datetime(2030, 3, 7, 17, 45, tzinfo=UTC)
    assert post.state == "approved" and post.scheduled_at == new_time
    assert post.deliveries.get().due_at == new_time  # the outbox moved the delivery
    assert response.redirect_chain[-1][0] == "/calendar/?day=2030-03-05"
    assert f"Post {post.pk} moved to 7 Mar 2030, 18:45 CET." in response.content.decode()
    assert AuditEvent.objects.filter(org=acme.org, kind="reschedule", object_id=str(post.pk)).count() == 1


def test_a_failed_delivery_moved_is_scheduled_again(acme, client_as):
    connect(acme.org)
    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    fail(post.deliveries.get(), "Mastodon @acme: network down")
    move(client_as(acme.users["comms_lead"]), post, "2030-03-08T09:00")
    delivery = post.deliveries.get()
    assert (delivery.state, delivery.due_at, delivery.attempts) == ("scheduled", dt.datetime(2030, 3, 8, 8, tzinfo=UTC),
                                                                    0)


def test_a_changed_check_sends_the_post_back_for_approval(acme, client_as):
    connect(acme.org)
    post = approved_post(acme, "comms_lead", WARN_TEXT, AT)
    save_policy(acme.org, TEST_POLICY.replace("severity: warn", "severity: review"))
    response = move(client_as(acme.users["comms_lead"]), post, "2030-03-08T09:00")
    post.refresh_from_db()
    assert (post.state, post.outcome) == ("pending", "needs_approval")
    assert "Its check changed, so it is Pending approval again." in response.content.decode()
    assert post.deliveries.get().state == "cancelled"  # scheduled again once approved


def test_an_approver_moves_someone_elses_post(acme, client_as):
    post = approved_post(acme, "employee", OK_TEXT, AT, handle="", platform="x")
    move(client_as(acme.users["approver"]), post, "2030-03-08T09:00")
    post.refresh_from_db()
    assert post.scheduled_at.date() == dt.date(2030, 3, 8)


def test_someone_elses_post_is_refused_to_who_does_not_approve(acme, client_as):
    post = approved_post(acme, "employee", OK_TEXT, AT, handle="", platform="x")
    page = move(client_as(acme.users["customer_service"]), post, "2030-03-08T09:00").content.decode()
    assert f"Post {post.pk} was not moved: Only the author can edit this post." in page
    post.refresh_from_db()
    assert post.scheduled_at == AT


@pytest.mark.parametrize("moment, problem", [
    ("2020-03-08T09:00", "Choose a time in the future."),
    ("2030-03-31T02:30", "2030-03-31 02:30:00 couldn’t be interpreted in time zone Europe/Warsaw"),
    ("tomorrow", "Enter a valid date/time."),
])
def test_a_bad_time_is_refused_with_a_message_naming_the_post(acme, client_as, moment, problem):
    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    response = move(client_as(acme.users["comms_lead"]), post, moment)
    page = response.content.decode()
    assert f"Post {post.pk} was not moved:" in page and problem in page
    post.refresh_from_db()
    assert post.scheduled_at == AT


def test_a_published_post_cannot_be_moved(acme, client_as):
    from socialguard.workflow import actions

    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    actions.publish(post, acme.membership("comms_lead"))
    page = move(client_as(acme.users["comms_lead"]), post, "2030-03-08T09:00").content.decode()
    assert f"Post {post.pk} was not moved: A post that is Published cannot be edited." in page


def test_only_addresses_of_this_site_are_followed_back(acme, client_as):
    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    response = move(client_as(acme.users["comms_lead"]), post, "2030-03-08T09:00", "https://evil.example/")
    assert response.redirect_chain[-1][0] == reverse("calendar:week")


def test_the_messages_in_polish(acme, client_as):
    post = approved_post(acme, "comms_lead", OK_TEXT, AT)
    Profile.objects.create(user=acme.users["comms_lead"], language="pl")
    page = move(client_as(acme.users["comms_lead"]), post, "2030-03-08T09:00").content.decode()
    assert f"Wpis {post.pk} przeniesiono na 8 mar 2030, 09:00 CET." in page
