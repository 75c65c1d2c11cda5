"""The re-check pages: who may see them (admins, comms leads, compliance), another organisation's re-check is a
404, the list and one re-check's newly flagged and no-longer-flagged posts with their rules and links, in
English and Polish, and the links to the pages from the policy pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from recheck_support import FALCON_EN, PHONE_PL, RELAXED_POLICY, STRICTER_POLICY, save_and_recheck, submitted
from web_support import OK_TEXT, REVIEW_TEXT, ROLES

from socialguard.orgs.models import Profile
from socialguard.orgs.roles import PERMISSIONS, VIEW_DASHBOARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def stricter(acme, django_capture_on_commit_callbacks):
    posts = {"falcon": submitted(acme, FALCON_EN), "phone": submitted(acme, PHONE_PL),
             "ok": submitted(acme, OK_TEXT), "review": submitted(acme, REVIEW_TEXT)}
    return save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY), posts


def test_the_roles_that_oversee_the_policy_are_admins_comms_leads_and_compliance():
    assert {role for role in ROLES if VIEW_DASHBOARD in PERMISSIONS[role]} == {"admin", "comms_lead", "compliance"}


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_are_for_roles_that_oversee_the_policy(acme, client_as, stricter, role):
    recheck, _posts = stricter
    client = client_as(acme.users[role])
    expected = 200 if VIEW_DASHBOARD in PERMISSIONS[role] else 403
    assert client.get(reverse("rechecks:list")).status_code == expected
    assert client.get(reverse("rechecks:detail", args=[recheck.pk])).status_code == expected


def test_another_organisations_recheck_is_not_found(acme, globex, client_as, stricter):
    recheck, _posts = stricter
    client = client_as(globex.users["compliance"])
    assert client.get(reverse("rechecks:detail", args=[recheck.pk])).status_code == 404
    assert f"/rechecks/{recheck.pk}/" not in client.get(reverse("rechecks:list")).content.decode()


def test_the_list_shows_each_recheck_with_its_counts(acme, client_as, stricter):
    recheck, _posts = stricter
    text = client_as(acme.users["compliance"]).get(reverse("rechecks:list")).content.decode()
    assert f'href="/rechecks/{recheck.pk}/"' in text and "v1 → v2" in text and "Done" in text
    assert "<td>4</td><td>2</td><td>0</td><td>2</td>" in text


def test_a_recheck_shows_the_newly_flagged_posts_with_their_rules_and_links(acme, client_as, stricter):
    recheck, posts = stricter
    text = client_as(acme.users["comms_lead"]).get(reverse("rechecks:detail", args=[recheck.pk])).content.decode()
    assert "Re-check: policy v1 → v2" in text
    for name, rule in (("falcon", "secret-projects"), ("phone", "pii-phone")):
        assert f'href="/posts/{posts[name].pk}/"' in text and f"<code>{rule}</code>" in text
    assert posts["falcon"].text in text and "Blocked" in text and "Needs approval" in text
    assert f'href="/posts/{posts["ok"].pk}/"' not in text and f'href="/posts/{posts["review"].pk}/"' not in text
    assert f"/policy/versions/2/changes/?from=1" in text


def test_a_relaxed_recheck_shows_the_posts_no_longer_flagged(acme, client_as, django_capture_on_commit_callbacks):
    review, ok = submitted(acme, REVIEW_TEXT), submitted(acme, OK_TEXT)
    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, RELAXED_POLICY)
    url = reverse("rechecks:detail", args=[recheck.pk])
    client = client_as(acme.users["admin"])

    newly = client.get(url).content.decode()
    cleared = client.get(url, {"kind": "no_longer_flagged"}).content.decode()

    assert f'href="/posts/{review.pk}/"' not in newly and "Nothing here." in newly
    assert f'href="/posts/{review.pk}/"' in cleared and "<code>pii-contact</code>" in cleared
    assert f'href="/posts/{ok.pk}/"' not in cleared


def test_the_pages_speak_polish(acme, client_as, stricter):
    recheck, _posts = stricter
    user = acme.users["compliance"]
    Profile.objects.update_or_create(user=user, defaults={"language": "pl"})
    client = client_as(user)
    listing = client.get(reverse("rechecks:list")).content.decode()
    detail = client.get(reverse("rechecks:detail", args=[recheck.pk])).content.decode()
    assert "Ponowne sprawdzenia po zmianach polityki" in listing and "Gotowe" in listing and "Nowo oznaczone" in listing
    assert "Reguły, które teraz go oznaczają" in detail and "Zablokowany" in detail
    assert "Newly flagged" not in listing + detail and "Posts checked" not in listing + detail


def test_the_policy_pages_link_to_the_rechecks_for_those_who_may_see_them(acme, client_as):
    link = 'href="/rechecks/"'
    assert link in client_as(acme.users["comms_lead"]).get(reverse("policy_pages:versions")).content.decode()
    assert link in client_as(acme.users["admin"]).get(reverse("orgs:policy")).content.decode()
    assert link not in client_as(acme.users["employee"]).get(reverse("policy_pages:versions")).content.decode()
