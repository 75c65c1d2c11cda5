"""Objects of organisation B, asked for by id while acting in organisation A: every page and API operation that
names an object answers 404 and changes nothing, even for A's admin, and even for someone who is also a member
of B (docs/web.md: "another organisation's post, member, team or workflow is a 404")."""

from __future__ import annotations

import json

import pytest
from attack_support import Subject, build_world, client_for
from django.db import transaction
from django.test import Client
from django.urls import reverse
from test_permission_matrix import OPERATIONS, PAGES, PUBLIC, WEBHOOK_TOKEN

from socialguard.api.tokens import make_token
from socialguard.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NOT_BY_ID = {"workflow:queue", "policy_pages:version", "policy_pages:changes", "policy_pages:pdf", "training:question"}
BY_ID = [probe for probe in PAGES if probe.permission not in (PUBLIC, WEBHOOK_TOKEN) and probe.name not in NOT_BY_ID
         and probe.args.__code__.co_names != ()]  # probes whose URL names an object


@pytest.fixture
def world(db):
    return build_world()


def attackers(world):
    """A's admin, and the person who is admin in A and compliance in B, both acting in A."""
    return [Subject("A:admin", world.a.users["admin"], world.a, "admin"),
            Subject("dual-admin in A", world.dual["admin"], world.a, "admin")]


def events(world):
    return AuditEvent.objects.filter(org=world.b.org).count()


@pytest.mark.parametrize("probe", BY_ID, ids=str)
def test_another_organisations_object_is_404_on_every_page(world, probe):
    wrong = []
    for subject in attackers(world):
        owner = subject.user if probe.own else None
        if probe.own and not subject.user.memberships.filter(org=world.b.org).exists():
            continue  # the object must be the attacker's own in B: only the two-organisation person has one
        client = client_for(subject)  # signing in is itself an audit event of each of one's organisations
        with transaction.atomic():
            url = reverse(probe.name, args=probe.args(world.b, owner))
            before = events(world)  # after making the attacker's own object in B, if any
            response = getattr(client, probe.method)(url, probe.data(world.b, owner))
            changed = events(world) != before
            transaction.set_rollback(True)
        if response.status_code != 404 or changed:
            wrong.append(f"{subject.label}: {response.status_code}{', and B changed' if changed else ''}")
    assert wrong == []


@pytest.mark.parametrize("op", [op for op in OPERATIONS if "{post_id}" in op.path], ids=str)
def test_another_organisations_post_is_404_through_the_api(world, op):
    wrong = []
    for subject in attackers(world):
        token = make_token(subject.user.memberships.get(org=world.a.org), "attack", ["drafts", "approvals"])[1]
        owner = subject.user if subject.user.memberships.filter(org=world.b.org).exists() else world.b.users["writer"]
        with transaction.atomic():
            body = op.body(world.b, owner)
            response = getattr(Client(), op.method)(op.url(world.b, owner), data=json.dumps(body) if body else None,
                                                    content_type="application/json",
                                                    HTTP_AUTHORIZATION=f"Bearer {token}")
            transaction.set_rollback(True)
        if response.status_code != 404:
            wrong.append(f"{subject.label}: {response.status_code} {response.content[:100]!r}")
    assert wrong == []


def test_a_team_of_a_cannot_take_a_member_of_b(world):
    client = client_for(attackers(world)[0])
    url = reverse("orgs:team_membership", args=[world.a.team.pk])
    assert client.post(url, {"membership": world.b.membership.pk, "member": "1"}).status_code == 404
    assert not world.a.team.members.filter(pk=world.b.users["writer"].pk).exists()


def test_someone_elses_api_token_cannot_be_revoked(world):
    client = client_for(attackers(world)[0])
    for row in (world.a.api_token, world.b.api_token):
        assert client.post(reverse("api_tokens:revoke", args=[row.pk])).status_code == 404
        row.refresh_from_db()
        assert row.revoked_at is None


def test_nobody_switches_into_an_organisation_they_do_not_belong_to(world):
    client = client_for(attackers(world)[0])
    assert client.post(reverse("orgs:switch"), {"org": world.b.org.slug}).status_code == 404
    assert client.get(reverse("audit:log")).context["membership"].org == world.a.org


def test_a_mention_of_a_cannot_be_given_to_a_member_of_b(world):
    client = client_for(attackers(world)[0])
    outsider = world.b.users["customer_service"]
    client.post(reverse("inbox:assign", args=[world.a.mention.pk]), {"assignee": str(outsider.pk)})
    world.a.mention.refresh_from_db()
    assert world.a.mention.assignment.assignee_id != outsider.pk


def test_bulk_actions_in_a_touch_no_mention_of_b_and_give_none_to_a_member_of_b(world):
    client = client_for(attackers(world)[0])  # the admin of A
    theirs, ours = world.b.mention, world.a.mention
    client.post(reverse("inbox:bulk"), {"mention": [theirs.pk], "action": "close"})
    client.post(reverse("inbox:bulk"), {"mention": [theirs.pk], "action": "assign", "to": "me"})
    client.post(reverse("inbox:bulk"), {"mention": [ours.pk], "action": "assign",
                                        "to": f"user:{world.b.users['customer_service'].pk}"})
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.status == "new" and theirs.assignment.assignee_id is None
    assert ours.assignment.assignee_id != world.b.users["customer_service"].pk


def test_a_crisis_item_of_a_cannot_be_given_to_a_member_of_b(world):
    client = client_for(attackers(world)[0])
    outsider = world.b.users["admin"]
    client.post(reverse("inbox:crisis_owner", args=[world.a.crisis.pk, 1]), {"owner": str(outsider.pk)})
    assert world.a.crisis.items.get(position=1).owner_id != outsider.pk


def test_the_webhook_of_a_refuses_the_token_of_b(world):
    from socialguard.inbox.models import Mention

    token = world.b.webhook_token[1]
    before = Mention.objects.count()
    body = json.dumps({"mentions": [{"source": "x", "id": "spoof", "text": "Spoofed"}]})
    response = Client().post(reverse("inbox:webhook", args=[world.a.org.slug]), data=body,
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403 and Mention.objects.count() == before


def test_the_audit_log_and_export_of_a_show_nothing_of_b(world):
    client = client_for(attackers(world)[1])  # a member of both, acting in A
    page = client.get(reverse("audit:log")).content.decode()
    exported = client.get(reverse("audit:export"), {"from": "2020-01-01", "to": "2099-01-01", "format": "json"})
    text = page + b"".join(exported.streaming_content if exported.streaming else [exported.content]).decode()
    assert "alpha-admin" in text
    assert "beta-" not in text and "outside@beta.example" not in text
