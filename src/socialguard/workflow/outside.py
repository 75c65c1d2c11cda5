"""Signed, expiring links for outside approvers (people without an account).

The link carries the invitation's id, post, round and e-mail, signed with the secret key
(`django.core.signing`) and valid for `SOCIALGUARD_OUTSIDE_LINK_SECONDS`. A tampered or expired link is
refused; so is one for an older round (the post was edited since the invitation).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import OutsideInvite

SALT = "socialguard.workflow.outside-approval"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def token_for(invite: OutsideInvite) -> str:
    return signing.dumps({"i": invite.pk, "p": invite.post_id, "r": invite.round, "e": invite.email}, salt=SALT)


def link_for(invite: OutsideInvite) -> str:
    return settings.SOCIALGUARD_BASE_URL + reverse("workflow:outside", args=[token_for(invite)])


def invite_from(token: str) -> OutsideInvite:
    """The invitation a link stands for; raises LinkExpired or LinkInvalid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.SOCIALGUARD_OUTSIDE_LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    invite = OutsideInvite.objects.select_related("post", "post__org", "step").filter(pk=data.get("i")).first()
    if invite is None or (invite.post_id, invite.round, invite.email) != (data.get("p"), data.get("r"), data.get("e")):
        raise LinkInvalid()
    return invite
