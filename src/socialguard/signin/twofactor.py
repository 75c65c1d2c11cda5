"""Who must use a second factor, their TOTP devices and their recovery codes.

Required for members whose role is in `TWO_FACTOR_ROLES` (admin, approver) in any organisation, and for
everyone in an organisation whose policy's security section asks for it. Anyone who has set up a device
uses it, required or not.
"""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from socialguard.orgs.models import Membership
from socialguard.orgs.policies import PolicyUnavailable, current_policy, requires_two_factor_for_everyone
from socialguard.orgs.roles import TWO_FACTOR_ROLES

from .models import RecoveryCodeDevice

DEVICE_NAME = "authenticator app"


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def requires_two_factor(user: Any) -> bool:
    memberships = Membership.objects.select_related("org").filter(user=user)
    if any(m.role in TWO_FACTOR_ROLES for m in memberships):
        return True
    for membership in memberships:
        try:
            policy = current_policy(membership.org)[1]
        except PolicyUnavailable:
            continue
        if requires_two_factor_for_everyone(policy):
            return True
    return False


def needs_second_step(user: Any) -> bool:
    return confirmed_device(user) is not None or requires_two_factor(user)


def enrolment_device(user: Any) -> TOTPDevice:
    """The unconfirmed device a person is setting up (made on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def recovery_device(user: Any) -> RecoveryCodeDevice:
    """The person's recovery codes (a device made on first use)."""
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return device or RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)


def recovery_codes_left(user: Any) -> int:
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return device.codes.count() if device else 0


def looks_like_app_code(token: str) -> bool:
    """A six- to eight-digit code from the authenticator app (anything else is tried as a recovery code)."""
    return token.isdigit() and 6 <= len(token) <= 8
