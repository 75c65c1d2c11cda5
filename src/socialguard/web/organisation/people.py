"""People of an organisation: inviting by e-mail, accepting an invitation, revoking it, changing a member's role
and removing a member. Each change is one transaction with its audit event.

An invitation's link carries a random token (`secrets.token_urlsafe(32)`); only its SHA-256 is stored, so the
database alone cannot be used to join. A link works once, until it expires (`SOCIALGUARD_INVITATION_SECONDS`)
or is revoked. Removing a member marks the brand-account access they hold as `left` in the security registry
(`security.services.offboard`), which the security audit reports until that access is removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.models import Invitation, Membership, Organisation
from socialguard.orgs.services import add_member
from socialguard.security.services import offboard

log = logging.getLogger("socialguard.people")


class PeopleError(ValueError):
    """A change the organisation's rules do not allow, with a message for the person who tried it."""


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SOCIALGUARD_BASE_URL + reverse("invitation", args=[token])


def invite(org: Organisation, by: Any, email: str, role: str) -> tuple[Invitation, str]:
    """Invite `email` to join `org` with `role` and e-mail the link (after commit); returns the invitation and
    its token. An earlier open invitation to the same address is revoked."""
    email = email.strip()
    if role not in roles.ROLES:
        raise PeopleError(_("Unknown role."))
    if Membership.objects.filter(org=org, user__email__iexact=email).exists():
        raise PeopleError(_("%(email)s is already a member.") % {"email": email})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        for earlier in _open(org).filter(email__iexact=email):
            _revoke(earlier, by, now)
        invitation = Invitation.objects.create(
            org=org, email=email, role=role, digest=digest_of(token), invited_by=by,
            expires_at=now + dt.timedelta(seconds=settings.SOCIALGUARD_INVITATION_SECONDS))
        record(org, "invite", actor=actor_label(by), obj=invitation, data={"email": email, "role": role})
        subject, text = _message(org, by, invitation, token)
        transaction.on_commit(lambda: _send(subject, text, email))
    return invitation, token


def open_invitation(token: str) -> Invitation | None:
    """The invitation a link's token stands for, when it can still be accepted."""
    invitation = Invitation.objects.select_related("org", "invited_by").filter(digest=digest_of(token)).first()
    return invitation if invitation is not None and invitation.is_open(timezone.now()) else None


def accept(invitation: Invitation, user: Any) -> Membership:
    """Make `user` a member with the invited role; the invitation is used up."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("org").get(pk=invitation.pk)
        if not invitation.is_open(timezone.now()):
            raise PeopleError(_("This invitation has expired, was revoked or was already used."))
        if Membership.objects.filter(org=invitation.org, user=user).exists():
            raise PeopleError(_("You are already a member of %(org)s.") % {"org": invitation.org.name})
        membership = add_member(invitation.org, user, invitation.role)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(invitation.org, "invite_accept", actor=actor_label(user), obj=invitation,
               data={"email": invitation.email, "role": invitation.role, "user": user.get_username()})
    return membership


def revoke(invitation: Invitation, by: Any) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise PeopleError(_("This invitation was already used or revoked."))
        _revoke(invitation, by, timezone.now())


def pending(org: Organisation):
    """Open invitations of `org`, newest first."""
    return _open(org).select_related("invited_by")


def change_role(membership: Membership, by: Any, new_role: str) -> None:
    if new_role not in roles.ROLES:
        raise PeopleError(_("Unknown role."))
    if new_role == membership.role:
        return
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("org", "user").get(pk=membership.pk)
        if membership.role == roles.ADMIN and _admins(membership.org) == 1:
            raise PeopleError(_("An organisation needs at least one administrator: make someone else an "
                                "administrator first."))
        old, membership.role = membership.role, new_role
        membership.save(update_fields=["role"])
        record(membership.org, "permission_change", actor=actor_label(by), obj=membership,
               data={"user": membership.user.get_username(), "from": old, "to": new_role})


def remove(membership: Membership, by: Any) -> list[str]:
    """Take `membership` away (with its teams and API tokens) and offboard the person in the security registry;
    returns the brand accounts whose access was marked `left`."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("org", "user").get(pk=membership.pk)
        org, user = membership.org, membership.user
        if membership.role == roles.ADMIN and _admins(org) == 1:
            raise PeopleError(_("An organisation needs at least one administrator: make someone else an "
                                "administrator first."))
        for team in org.teams.filter(members=user):
            team.members.remove(user)
        record(org, "member_remove", actor=actor_label(by), obj=membership,
               data={"user": user.get_username(), "role": membership.role})
        membership.delete()
        accounts = offboard(org, by, [user.get_full_name(), user.get_username(), user.email])
    return accounts


def _open(org: Organisation):
    return Invitation.objects.filter(org=org, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


def _admins(org: Organisation) -> int:
    return Membership.objects.filter(org=org, role=roles.ADMIN).count()


def _revoke(invitation: Invitation, by: Any, now: dt.datetime) -> None:
    invitation.revoked_at = now
    invitation.save(update_fields=["revoked_at"])
    record(invitation.org, "invite_revoke", actor=actor_label(by), obj=invitation,
           data={"email": invitation.email, "role": invitation.role})


def _message(org: Organisation, by: Any, invitation: Invitation, token: str) -> tuple[str, str]:
    """The e-mail, in the inviter's current language."""
    role = dict(Membership._meta.get_field("role").choices)[invitation.role]
    subject = _("You are invited to join %(org)s on socialguard") % {"org": org.name}
    text = _("%(who)s invites you to join %(org)s on socialguard as %(role)s.\n\n"
             "Open this link to accept (it works once, until %(until)s):\n%(url)s\n\n"
             "If you did not expect this invitation, ignore this e-mail.") % {
        "who": by.get_full_name() or by.get_username(), "org": org.name, "role": str(role),
        "until": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M %Z"),
        "url": invitation_url(token)}
    return subject, text


def _send(subject: str, text: str, email: str) -> None:
    try:
        send_mail(subject, text, None, [email])
    except Exception as exc:  # a mail server problem must not undo the invitation; the admin can send it again
        log.warning("invitation e-mail failed: %s", type(exc).__name__)
