"""Sign-in throttling: an attacker who knows a user name cannot lock its owner out, from another address or
from behind the same trusted proxy; guessing from one address is bounded; a person who mistypes waits a
second or two, not a quarter of an hour."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.signin.throttle import delay_after
from socialguard.web.proxies import parse_networks

PASSWORD = "correct horse battery staple"
ATTACKER, OWNER, PROXY = "198.51.100.66", "203.0.113.5", "10.0.0.2"


@pytest.fixture
def owner(acme):
    user = acme.users["employee"]
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(username: str, password: str, address: str, forwarded_for: str | None = None, client=None):
    extra = {"REMOTE_ADDR": address} | ({"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {})
    return (client or Client()).post(reverse("signin:login"), {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_an_attacker_elsewhere_cannot_lock_the_owner_out(owner):
    statuses = [attempt(owner.username, f"guess {i}", ATTACKER).status_code for i in range(30)]
    assert 429 in statuses  # the attacker is slowed down and then stopped
    assert attempt(owner.username, PASSWORD, OWNER).status_code == 302  # the owner gets in at once


@pytest.mark.django_db
@override_settings(SOCIALGUARD_TRUSTED_PROXIES=parse_networks(PROXY))
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(owner, acme):
    other = acme.users["compliance"]
    for i in range(settings.LOGIN_ADDRESS_MAX_FAILURES):
        attempt(f"user-{i}", "guess", PROXY, forwarded_for=ATTACKER)  # many names: no delay, only the address counts
    refused = attempt(other.username, "guess", PROXY, forwarded_for=ATTACKER)
    assert refused.status_code == 429
    assert "Wait 900 seconds" in refused.content.decode()
    assert attempt(owner.username, PASSWORD, PROXY, forwarded_for=f"{ATTACKER}, {OWNER}").status_code == 302
    event = AuditEvent.objects.filter(org=acme.org, kind="login").latest("seq")
    assert event.data["address"] == OWNER


@pytest.mark.django_db
@override_settings(SOCIALGUARD_TRUSTED_PROXIES=parse_networks(PROXY))
def test_wrong_passwords_for_the_owners_name_through_the_shared_proxy_do_not_stop_the_owner(owner):
    for i in range(30):
        attempt(owner.username, f"guess {i}", PROXY, forwarded_for=ATTACKER)
    assert attempt(owner.username, PASSWORD, PROXY, forwarded_for=OWNER).status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing(owner):
    for i in range(settings.LOGIN_ADDRESS_MAX_FAILURES):
        attempt(f"user-{i}", "guess", ATTACKER, forwarded_for=f"192.0.2.{i}")  # no proxy is trusted
    assert attempt(owner.username, "guess", ATTACKER, forwarded_for="192.0.2.200").status_code == 429


@pytest.mark.django_db
def test_a_person_who_mistypes_waits_briefly_and_then_gets_in(owner, acme):
    client = Client()
    for _ in range(settings.LOGIN_FREE_FAILURES):
        assert attempt(owner.username, "typo", OWNER, client=client).status_code == 401
    early = attempt(owner.username, PASSWORD, OWNER, client=client)
    assert early.status_code == 429
    assert "Wait 1 second and try again." in early.content.decode()
    assert AuditEvent.objects.filter(org=acme.org, kind="login_locked").count() == 1
    time.sleep(1.1)  # the real delay: one second after the fourth failure
    assert attempt(owner.username, PASSWORD, OWNER, client=client).status_code == 302


def test_delays_grow_and_are_capped():
    free = settings.LOGIN_FREE_FAILURES
    assert [delay_after(n) for n in range(free)] == [0] * free
    assert [delay_after(free + n) for n in range(4)] == [1, 2, 4, 8]
    assert delay_after(free + 50) == settings.LOGIN_MAX_DELAY_SECONDS
