"""Inviting by e-mail and revoking (the members page's invite and revoke actions): the mail goes through Django's
mail backend with a single-use link whose token is stored only as its SHA-256; a new invitation to the same
address replaces the open one; each step is an audit event; another organisation's invitation is a 404."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Invitation

LINK = re.compile(r"http://\S+/invitation/(?P<token>[A-Za-z0-9_-]{40,})/")


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Post the invite form; the e-mail is sent after the transaction commits, as in production."""

    def post(client, email="new.person@acme.example", role="approver"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("orgs:invite"), {"email": email, "role": role})

    return post


@pytest.mark.django_db
def test_an_invitation_is_mailed_with_a_link_whose_token_is_stored_hashed(acme, client_as, mailoutbox, invite):
    response = invite(client_as(acme.users["admin"]))
    assert response.status_code == 302
    invitation = Invitation.objects.get(org=acme.org)
    assert (invitation.email, invitation.role, invitation.invited_by) == ("new.person@acme.example", "approver",
                                                                          acme.users["admin"])
    [mail] = mailoutbox
    assert mail.to == ["new.person@acme.example"] and "Acme Ltd" in mail.subject
    token = LINK.search(mail.body)["token"]
    assert invitation.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    event = AuditEvent.objects.get(org=acme.org, kind="invite")
    assert event.data == {"email": "new.person@acme.example", "role": "approver"} and event.actor == "acme-admin"
    assert token not in str(event.data)


@pytest.mark.django_db
def test_the_members_page_lists_open_invitations_with_role_labels(acme, client_as, invite):
    client = client_as(acme.users["admin"])
    invite(client, role="compliance")
    page = client.get(reverse("orgs:members")).content.decode()
    table = page.split('id="invitations"', 1)[1].split("</table>", 1)[0]
    assert "new.person@acme.example" in table and "Compliance officer" in table


@pytest.mark.django_db
def test_the_invitation_e_mail_and_page_are_in_polish_for_a_polish_admin(acme, client_as, mailoutbox, invite):
    from socialguard.orgs.models import Profile

    Profile.objects.create(user=acme.users["admin"], language="pl")
    client = client_as(acme.users["admin"])
    invite(client)
    assert "Zaproszenie" in mailoutbox[0].subject or "zaprasza" in mailoutbox[0].body
    assert "Zatwierdzający" in client.get(reverse("orgs:members")).content.decode()


@pytest.mark.django_db
def test_a_second_invitation_to_the_same_address_revokes_the_first(acme, client_as, mailoutbox, invite):
    client = client_as(acme.users["admin"])
    invite(client)
    invite(client, email="New.Person@acme.example", role="employee")
    first, second = Invitation.objects.order_by("created_at")
    assert first.revoked_at is not None and second.revoked_at is None
    assert AuditEvent.objects.filter(org=acme.org, kind="invite_revoke").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("data, problem", [
    ({"email": "not an address", "role": "employee"}, "Enter a valid email address."),
    ({"email": "x@acme.example", "role": "superuser"}, "Select a valid choice."),
    ({"email": "employee@acme.example", "role": "employee"}, "employee@acme.example is already a member."),
])
def test_bad_invitations_are_refused_with_a_message(acme, client_as, mailoutbox, data, problem):
    response = client_as(acme.users["admin"]).post(reverse("orgs:invite"), data)
    assert response.status_code == 400 and problem in response.content.decode()
    assert not Invitation.objects.exists() and mailoutbox == []


@pytest.mark.django_db
def test_revoking_an_invitation_makes_its_link_unusable(acme, client_as, client, mailoutbox, invite):
    admin = client_as(acme.users["admin"])
    invite(admin)
    token = LINK.search(mailoutbox[0].body)["token"]
    invitation = Invitation.objects.get()
    assert admin.post(reverse("orgs:revoke_invitation", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.get(org=acme.org, kind="invite_revoke").data["email"] == "new.person@acme.example"
    admin.logout()
    assert admin.get(reverse("invitation", args=[token])).status_code == 404


@pytest.mark.django_db
def test_another_organisations_invitation_is_not_found(acme, globex, client_as, invite):
    invite(client_as(globex.users["admin"]))
    other = Invitation.objects.get(org=globex.org)
    response = client_as(acme.users["admin"]).post(reverse("orgs:revoke_invitation", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
