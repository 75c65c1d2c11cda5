"""Recovery codes: ten shown once when two-factor sign-in is set up, stored only as SHA-256, each usable once at
the code step instead of the app's code, new ones from Preferences invalidate the old; every use and every new
set is an audit event. Preferences links to the set-up page when there is no authenticator app yet."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_support import sign_in as signed_in

from socialguard.audit.models import AuditEvent
from socialguard.signin.models import RecoveryCode, RecoveryCodeDevice

PASSWORD = "correct horse battery staple"
CODE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>")


def _password_step(client, user):
    user.set_password(PASSWORD)
    user.save()
    return client.post(reverse("signin:login"), {"username": user.username, "password": PASSWORD})


def _set_up(client, user) -> list[str]:
    _password_step(client, user)
    client.get(reverse("signin:setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("signin:setup"), {"token": token})
    return CODE.findall(response.content.decode())


@pytest.mark.django_db
def test_setting_up_shows_ten_codes_once_and_stores_only_their_hashes(acme):
    user = acme.users["approver"]
    codes = _set_up(Client(), user)
    assert len(codes) == len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    assert AuditEvent.objects.get(org=acme.org, kind="recovery_codes_new").data == {"codes": 10}


@pytest.mark.django_db
def test_a_recovery_code_signs_in_instead_of_the_app_code_once(acme):
    user = acme.users["admin"]
    codes = _set_up(Client(), user)
    client = Client()
    _password_step(client, user)
    response = client.post(reverse("signin:verify"), {"token": codes[3].upper().replace("-", " ")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "9 codes are left" in response.content.decode()
    assert client.get(reverse("orgs:members")).status_code == 200  # a verified session
    assert AuditEvent.objects.get(org=acme.org, kind="recovery_code_used").data == {"left": 9}
    again = Client()
    _password_step(again, user)
    response = again.post(reverse("signin:verify"), {"token": codes[3]})
    assert response.status_code == 401 and "not valid or was already used" in response.content.decode()
    assert again.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_new_codes_from_preferences_invalidate_the_old_ones(acme):
    user = acme.users["security"]
    old = _set_up(Client(), user)
    client = Client()
    signed_in(client, user)
    page = client.get(reverse("preferences")).content.decode()
    assert "10 recovery codes left" in page and reverse("signin:recovery_codes") in page
    response = client.post(reverse("signin:recovery_codes"))
    new = CODE.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "no-store" in response["Cache-Control"]
    device = RecoveryCodeDevice.objects.get(user=user)
    assert not device.verify_token(old[0])
    device.throttle_reset()
    assert device.verify_token(new[0])
    assert AuditEvent.objects.filter(org=acme.org, kind="recovery_codes_new").count() == 2


@pytest.mark.django_db
def test_making_new_codes_needs_a_session_signed_in_with_two_factors(acme):
    user = acme.users["admin"]
    _set_up(Client(), user)
    client = Client()
    _password_step(client, user)  # the password step only
    client.force_login(user)
    response = client.post(reverse("signin:recovery_codes"))
    assert response.status_code == 302 and response["Location"] == reverse("signin:verify")
    assert RecoveryCode.objects.filter(device__user=user).count() == 10


@pytest.mark.django_db
def test_preferences_link_to_setting_up_two_factor_sign_in(acme, client_as):
    client = client_as(acme.users["employee"])
    page = client.get(reverse("preferences")).content.decode()
    assert f'href="{reverse("signin:setup")}"' in page and "Set up two-factor sign-in" in page
    assert client.get(reverse("signin:setup")).status_code == 200  # reachable while signed in


@pytest.mark.django_db
def test_the_security_audit_links_its_two_factor_advice_to_the_set_up_page(acme, client_as):
    from socialguard.orgs.policies import save_policy
    from web_support import TEST_POLICY

    save_policy(acme.org, TEST_POLICY + "security:\n  require_2fa_for_socialguard_users: all\n")
    page = client_as(acme.users["admin"]).get(reverse("security:audit")).content.decode()
    row = page.split('data-kind="user_without_2fa"', 1)[1].split("</tr>", 1)[0]
    assert f'href="{reverse("preferences")}#two-factor"' in row
