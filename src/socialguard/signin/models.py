"""Recovery codes: single-use codes for signing in when the authenticator app is not at hand.

A django-otp device (`Device` with its `ThrottlingMixin`, so wrong codes make the next try wait longer and a
session signed in with a code counts as verified) that holds only the SHA-256 of each code. django-otp's own
`otp_static` plugin keeps its codes in plain text, which is why it is not used. A code is 80 random bits
(16 base32 characters, shown as four groups of four), so its hash cannot be reversed by trying codes.
"""

from __future__ import annotations

import hashlib
import secrets
from base64 import b32encode

from django.conf import settings
from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin

CODES = 10


def normalise(code: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form: 16 lower-case base32 characters."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def digest_of(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii", "replace")).hexdigest()


def new_code() -> str:
    raw = b32encode(secrets.token_bytes(10)).decode("ascii").lower()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's set of recovery codes (one device per person)."""

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token: str) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        with transaction.atomic():
            used = self.codes.filter(digest=digest_of(token)).delete()[0]
        if used:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(used)

    def regenerate(self) -> list[str]:
        """Replace every code with `CODES` new ones; returns them (the only time they are seen)."""
        codes = [new_code() for _ in range(CODES)]
        with transaction.atomic():
            self.codes.all().delete()
            RecoveryCode.objects.bulk_create(RecoveryCode(device=self, digest=digest_of(c)) for c in codes)
        return codes


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)  # sha256 hex of the normalised code

    class Meta:
        indexes = [models.Index(fields=["device", "digest"])]
