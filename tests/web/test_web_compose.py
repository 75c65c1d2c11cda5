"""The compose page and its live check: findings with clause and fix, highlighted text, oversized posts,
brand accounts from the policy, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT

from socialguard.workflow.models import PostDraft, State


def check(client, text, account="personal", platform="linkedin"):
    return client.post(reverse("compose:check"), {"text": text, "account": account, "platform": platform},
                       HTTP_HX_REQUEST="true")


@pytest.mark.django_db
def test_compose_page_offers_personal_and_brand_accounts(acme, client_as):
    page = client_as(acme.users["employee"]).get(reverse("compose:new")).content.decode()
    assert 'value="personal"' in page and 'value="brand|x|@acme"' in page
    assert 'hx-trigger="keyup changed delay:400ms' in page


@pytest.mark.django_db
def test_check_shows_findings_with_clause_fix_and_highlight(acme, client_as):
    html = check(client_as(acme.users["employee"]), REVIEW_TEXT).content.decode()
    assert 'data-outcome="needs_approval"' in html
    assert '<mark class="sev-review"' in html and "jan.kowalski@gmail.com<sup>1</sup></mark>" in html
    assert "§ 8.2 Privacy" in html
    assert 'data-fix-text="Questions? Write to j***@gmail.com and we will answer."' in html


@pytest.mark.django_db
def test_check_of_clean_text_says_so(acme, client_as):
    html = check(client_as(acme.users["employee"]), OK_TEXT).content.decode()
    assert 'data-outcome="ok"' in html and "<mark" not in html


@pytest.mark.django_db
def test_check_escapes_the_text(acme, client_as):
    html = check(client_as(acme.users["employee"]), "<script>alert(1)</script> " + REVIEW_TEXT).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


@pytest.mark.django_db
def test_oversized_post_gets_a_clear_message(acme, client_as, settings):
    client = client_as(acme.users["employee"])
    text = "a" * (settings.SOCIALGUARD_MAX_POST_CHARS + 1)
    assert "the limit is 10000" in check(client, text).content.decode().replace(",", "")
    response = client.post(reverse("compose:new"), {"text": text, "account": "personal", "platform": "x"})
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    assert not PostDraft.objects.exists()


@pytest.mark.django_db
def test_submit_creates_a_draft_whose_state_follows_the_verdict(acme, client_as):
    client = client_as(acme.users["employee"])
    response = client.post(reverse("compose:new"), {"text": OK_TEXT, "account": "personal", "platform": "x",
                                                    "action": "submit"})
    post = PostDraft.objects.get()
    assert response["Location"] == reverse("workflow:detail", args=[post.pk])
    assert (post.state, post.author, post.platform) == (State.APPROVED, acme.users["employee"], "x")


@pytest.mark.django_db
def test_blocked_submission_stays_a_draft_with_a_message(acme, client_as):
    client = client_as(acme.users["employee"])
    response = client.post(reverse("compose:new"), {"text": BLOCK_TEXT, "account": "personal", "platform": "x",
                                                    "action": "submit"}, follow=True)
    assert PostDraft.objects.get().state == State.DRAFT
    assert "blocked by the findings" in response.content.decode()


@pytest.mark.django_db
def test_brand_account_takes_its_platform_and_handle(acme, client_as):
    client_as(acme.users["comms_lead"]).post(reverse("compose:new"), {
        "text": OK_TEXT, "account": "brand|x|@acme", "platform": "linkedin", "action": "save"})
    post = PostDraft.objects.get()
    assert (post.account_kind, post.account_handle, post.platform, post.state) == ("brand", "@acme", "x", "draft")


@pytest.mark.django_db
def test_unknown_account_is_refused(acme, client_as):
    response = client_as(acme.users["employee"]).post(reverse("compose:new"), {
        "text": OK_TEXT, "account": "brand|x|@someone-else", "platform": "x"})
    assert response.status_code == 400 and not PostDraft.objects.exists()


@pytest.mark.django_db
def test_editing_someone_elses_post_is_not_found(acme, client_as):
    client_as(acme.users["employee"]).post(reverse("compose:new"), {"text": OK_TEXT, "account": "personal",
                                                                     "platform": "x"})
    post = PostDraft.objects.get()
    assert client_as(acme.users["admin"]).get(reverse("compose:edit", args=[post.pk])).status_code == 404


@pytest.mark.django_db
def test_post_without_csrf_token_is_forbidden(acme):
    from web_support import sign_in

    client = Client(enforce_csrf_checks=True)
    sign_in(client, acme.users["employee"])
    response = client.post(reverse("compose:new"), {"text": OK_TEXT, "account": "personal", "platform": "x"})
    assert response.status_code == 403
    assert check(client, OK_TEXT).status_code == 403
    assert not PostDraft.objects.exists()
