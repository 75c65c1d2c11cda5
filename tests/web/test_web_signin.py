"""Signing in: Argon2 hashes, TOTP for admins and approvers (set up on first sign-in), sign-out,
and sessions that end. Throttling: test_web_signin_throttle.py."""

from __future__ import annotations

from base64 import b32encode

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialguard.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("signin:login"), {"username": user.username, "password": password})


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(acme):
    user = with_password(acme.users["employee"])
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_employee_signs_in_with_a_password_and_it_is_audited(client, acme):
    response = sign_in(client, with_password(acme.users["employee"]))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(org=acme.org, kind="login", actor="acme-employee").exists()


@pytest.mark.django_db
def test_wrong_password_is_refused(client, acme):
    response = sign_in(client, with_password(acme.users["employee"]), "wrong")
    assert response.status_code == 401
    assert "Wrong user name or password." in response.content.decode()


@pytest.mark.django_db
def test_approver_must_set_up_totp_before_getting_in(client, acme):
    user = with_password(acme.users["approver"])
    response = sign_in(client, user)
    assert response["Location"] == reverse("signin:setup")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    page = client.get(reverse("signin:setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b32encode(device.bin_key).decode() in page.content.decode() and "<svg" in page.content.decode()
    assert client.post(reverse("signin:setup"), {"token": "000000"}).status_code == 200
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # django-otp makes the next try wait after a failure
    response = client.post(reverse("signin:setup"), {"token": code(device)})
    assert response.status_code == 200 and "recovery-codes" in response.content.decode()  # shown once, then home
    assert f'href="{reverse("home")}"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_admin_with_a_device_enters_a_code(client, acme):
    user = with_password(acme.users["admin"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert sign_in(client, user)["Location"] == reverse("signin:verify")
    response = client.post(reverse("signin:verify"), {"token": "123456"})
    assert response.status_code == 401
    device.refresh_from_db()
    assert client.post(reverse("signin:verify"), {"token": code(device)}).status_code == 401  # throttled
    device.throttle_reset()
    response = client.post(reverse("signin:verify"), {"token": code(device)})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("orgs:members")).status_code == 200


@pytest.mark.django_db
def test_policy_can_require_two_factor_for_everyone(client, acme):
    from web_support import TEST_POLICY

    from socialguard.orgs.policies import save_policy

    save_policy(acme.org, TEST_POLICY + "security:\n  require_2fa_for_socialguard_users: all\n")
    response = sign_in(client, with_password(acme.users["employee"]))
    assert response["Location"] == reverse("signin:setup")


@pytest.mark.django_db
def test_signed_in_session_that_owes_a_second_factor_is_held(client, acme):
    user = acme.users["employee"]
    client.force_login(user)
    membership = user.memberships.get()
    membership.role = "approver"  # promoted while signed in
    membership.save()
    assert client.get(reverse("home"))["Location"] == reverse("signin:setup")


@pytest.mark.django_db
def test_next_url_is_followed_only_on_this_site(client, acme):
    user = with_password(acme.users["employee"])
    response = client.post(reverse("signin:login"), {"username": user.username, "password": PASSWORD,
                                                      "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    client.logout()
    response = client.post(reverse("signin:login"), {"username": user.username, "password": PASSWORD,
                                                      "next": reverse("workflow:mine")})
    assert response["Location"] == reverse("workflow:mine")


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client, acme):
    sign_in(client, with_password(acme.users["employee"]))
    assert client.get(reverse("signin:logout")).status_code == 405
    client.post(reverse("signin:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY
