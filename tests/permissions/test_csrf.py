"""CSRF: a POST without the CSRF token is refused (403) on every web URL, signed in or not, with Django's CSRF
checks enforced as a browser would meet them. Only the two endpoints that callers authenticate with a bearer
token or signature, never a cookie, are exempt: the JSON API and the inbox webhook."""

from __future__ import annotations

import pytest
from attack_support import ANONYMOUS, Subject, build_world, client_for
from django.db import transaction
from django.urls import reverse
from test_permission_matrix import PAGES, WEBHOOK_TOKEN

pytestmark = pytest.mark.django_db

COOKIE_PAGES = [probe for probe in PAGES if probe.permission != WEBHOOK_TOKEN]
UNIQUE = list({probe.name: probe for probe in COOKIE_PAGES}.values())  # one probe per URL pattern


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("probe", UNIQUE, ids=lambda probe: probe.name)
def test_a_post_without_the_csrf_token_is_refused(world, probe):
    from socialguard.audit.models import AuditEvent

    subjects = [Subject("A:admin", world.a.users["admin"], world.a, "admin"), Subject(ANONYMOUS, None, None, None)]
    wrong = []
    for subject in subjects:
        client = client_for(subject, enforce_csrf_checks=True)
        owner = subject.user or world.a.users["writer"]
        with transaction.atomic():
            url = reverse(probe.name, args=probe.args(world.a, owner))
            before = AuditEvent.objects.count()
            response = client.post(url, probe.data(world.a, owner))
            changed = AuditEvent.objects.count() != before
            transaction.set_rollback(True)
        if response.status_code != 403 or b"CSRF" not in response.content or changed:
            wrong.append(f"{subject.label}: {response.status_code}{', and it was done' if changed else ''}")
    assert wrong == []


def test_the_same_post_with_the_token_goes_through(world):
    """The refusal above is the CSRF check's, not the view's: with the token from the page, it works."""
    import re

    client = client_for(Subject("A:admin", world.a.users["admin"], world.a, "admin"), enforce_csrf_checks=True)
    page = client.get(reverse("preferences")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("preferences"), {"language": "pl", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_only_bearer_token_endpoints_are_csrf_exempt():
    from django.urls import get_resolver
    from test_permission_matrix import _url_names

    exempt = set()
    for name in _url_names(get_resolver()):
        callback = get_resolver().resolve(_example_path(name)).func if _example_path(name) else None
        if callback is not None and getattr(callback, "csrf_exempt", False):
            exempt.add(name.split(":")[0] + ":" if name.startswith("api:") else name)
    assert exempt == {"api:", "inbox:webhook"}


def _example_path(name: str) -> str | None:
    """A path for the URL pattern `name`, with made-up arguments."""
    from django.urls import NoReverseMatch

    for args in ([], [1], ["x"], [1, 1], [1, "x"]):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None
