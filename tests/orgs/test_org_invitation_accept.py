"""Accepting an invitation (the page its link opens): someone new sets a password and joins with the invited
role; someone signed in joins with their account; a link works once and not after it expires; a signed-in
member of another organisation keeps both memberships, each with its own role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Invitation, Membership
from socialguard.web.organisation import people

PASSWORD = "a long enough passphrase 42"


def _new_account(client, token, username="nowak"):
    return client.post(reverse("invitation", args=[token]), {
        "username": username, "first_name": "Anna", "last_name": "Nowak",
        "password1": PASSWORD, "password2": PASSWORD})


@pytest.fixture
def invited(acme):
    return people.invite(acme.org, acme.users["admin"], "anna@acme.example", "comms_lead")


@pytest.mark.django_db
def test_someone_new_sets_a_password_and_joins_with_the_invited_role(client, acme, invited):
    invitation, token = invited
    page = client.get(reverse("invitation", args=[token])).content.decode()
    assert "Acme Ltd" in page and "Communications lead" in page and 'name="password1"' in page
    response = _new_account(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = get_user_model().objects.get(username="nowak")
    assert user.email == "anna@acme.example" and user.get_full_name() == "Anna Nowak"
    assert user.password.startswith("argon2$") and user.check_password(PASSWORD)
    assert Membership.objects.get(org=acme.org, user=user).role == "comms_lead"
    assert client.get(reverse("home")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    event = AuditEvent.objects.get(org=acme.org, kind="invite_accept")
    assert event.data == {"email": "anna@acme.example", "role": "comms_lead", "user": "nowak"}


@pytest.mark.django_db
def test_the_link_works_once(client, acme, invited):
    _, token = invited
    _new_account(client, token)
    client.logout()
    response = _new_account(client, token, username="second")
    assert response.status_code == 404 and "cannot be used" in response.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


@pytest.mark.django_db
def test_an_expired_link_is_refused(client, acme, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("invitation", args=[token])).status_code == 404
    assert _new_account(client, token).status_code == 404
    assert not Membership.objects.filter(org=acme.org, role="comms_lead").exclude(user=acme.users["comms_lead"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "x", "A" * 43, "../../etc/passwd"])
def test_unknown_tokens_are_a_404(client, acme, token):
    from django.urls import NoReverseMatch

    try:
        url = reverse("invitation", args=[token])
    except NoReverseMatch:
        return  # not even a URL
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_nothing_is_made(client, acme, invited):
    _, token = invited
    response = client.post(reverse("invitation", args=[token]), {"username": "nowak", "password1": "short",
                                                                 "password2": "short"})
    assert response.status_code == 400 and "too short" in response.content.decode()
    assert not get_user_model().objects.filter(username="nowak").exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_a_signed_in_member_of_another_organisation_joins_with_their_account(globex, acme, client_as):
    user = globex.users["approver"]
    _, token = people.invite(acme.org, acme.users["admin"], user.email, "employee")
    client = client_as(user)
    page = client.get(reverse("invitation", args=[token])).content.decode()
    assert 'id="join"' in page and 'name="password1"' not in page
    assert client.post(reverse("invitation", args=[token])).status_code == 302
    assert Membership.objects.get(org=acme.org, user=user).role == "employee"
    assert Membership.objects.get(org=globex.org, user=user).role == "approver"  # unchanged
    assert client.get(reverse("orgs:members")).status_code == 403  # now acting in acme, as an employee


@pytest.mark.django_db
def test_an_existing_member_cannot_use_an_invitation_to_change_their_role(acme, client_as):
    _, token = people.invite(acme.org, acme.users["admin"], "someone@else.example", "admin")
    response = client_as(acme.users["employee"]).post(reverse("invitation", args=[token]))
    assert response.status_code == 409 and "already a member" in response.content.decode()
    assert acme.membership("employee").role == "employee"
    assert Invitation.objects.get().accepted_at is None
