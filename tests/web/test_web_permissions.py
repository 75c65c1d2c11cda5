"""Every page checks the role server-side: allowed and forbidden for every role, and no view goes unchecked."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from socialguard.orgs.roles import PERMISSIONS, ROLES

PAGES = [
    ("home", (), "compose"),
    ("preferences", (), "compose"),
    ("compose:new", (), "compose"),
    ("workflow:mine", (), "compose"),
    ("workflow:queue", ("waiting",), "view_queue"),
    ("workflow:queue", ("pending",), "view_queue"),
    ("workflow:exception_requests", (), "grant_exception"),
    ("workflow:queue", ("rejected",), "view_queue"),
    ("workflow:queue", ("expired",), "view_queue"),
    ("workflow:workflows", (), "manage_workflows"),
    ("audit:log", (), "view_audit"),
    ("audit:export", (), "export_audit"),
    ("orgs:policy", (), "manage_policy"),
    ("orgs:members", (), "manage_members"),
    ("orgs:settings", (), "manage_org"),
]
PUBLIC = {"signin:login", "signin:verify", "signin:setup", "signin:logout", "workflow:outside", "set_language",
          "invitation"}
API = "api:"  # the JSON API checks token scope, role and organisation in every endpoint (tests/api)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, args, permission", PAGES)
def test_page_is_allowed_exactly_for_roles_with_the_permission(acme, client_as, role, name, args, permission):
    response = client_as(acme.users[role]).get(reverse(name, args=args))
    expected = 200 if permission in PERMISSIONS[role] else 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name, args, permission", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, name, args, permission):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:login"))


@pytest.mark.django_db
def test_a_user_without_membership_is_forbidden(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("drifter"))
    assert client.get(reverse("home")).status_code == 403


def test_every_view_declares_its_permission():
    unchecked = [name for name, view in _views(get_resolver()) if name not in PUBLIC and not name.startswith(API)
                 and not hasattr(view, "required_permission")]
    assert unchecked == []


def _views(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback
