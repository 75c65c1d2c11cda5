"""The compose page and its live check: an empty form opens clean, a brand account fixes the network, the
counter counts as the network does, the preview, findings with clause links and fixes (a reply's personal
data moves to a private message), highlighted text, oversized posts, CSRF."""

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
    assert "0 / 3000 characters on LinkedIn" in page  # the counter, before anything is typed


@pytest.mark.django_db
def test_an_empty_form_opens_clean(acme, client_as):
    client = client_as(acme.users["employee"])
    page = client.get(reverse("compose:new")).content.decode()
    assert "required" not in page.lower() and 'class="error"' not in page
    html = check(client, "").content.decode()  # the check HTMX makes when the page loads
    assert "Start writing" in html and 'class="error"' not in html and "This field is required" not in html
    assert 'id="char-count" hx-swap-oob="true"' in html and "0 / 3000 characters on LinkedIn" in html


@pytest.mark.django_db
def test_brand_accounts_name_their_network_and_fix_it(acme, client_as):
    client = client_as(acme.users["employee"])
    page = client.get(reverse("compose:new")).content.decode()
    assert '<option value="brand|x|@acme" data-platform="x">@acme (X)</option>' in page
    html = check(client, "Hello", account="brand|x|@acme", platform="linkedin").content.decode()
    assert "5 / 280 characters on X" in html and "Preview on X" in html  # the account's network, not the one sent


@pytest.mark.django_db
def test_a_personal_account_must_choose_its_network(acme, client_as):
    response = client_as(acme.users["employee"]).post(reverse("compose:new"), {"text": OK_TEXT,
                                                                                "account": "personal"})
    assert response.status_code == 400 and "Choose the network of your personal account." in response.content.decode()
    assert not PostDraft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("platform, text, expected", [
    ("bluesky", "👨‍👩‍👧‍👦 " * 10, "20 / 300 characters on Bluesky"),  # a family emoji is one grapheme
    ("x", "Read https://example.com/a/very/long/path/indeed/of/the/post", "28 / 280 characters on X"),  # URL = 23
    ("mastodon", "@ola@mastodon.social thanks", "11 / 500 characters on Mastodon"),  # remote mention as @ola
    ("generic", "abc", "3 characters"),
])
def test_the_counter_counts_as_the_network_does(acme, client_as, platform, text, expected):
    html = check(client_as(acme.users["employee"]), text, platform=platform).content.decode()
    assert expected in html


@pytest.mark.django_db
def test_the_counter_marks_a_post_over_the_limit_and_the_preview_strikes_the_rest(acme, client_as):
    html = check(client_as(acme.users["employee"]), "a" * 278 + "bcde", platform="x").content.decode()
    assert 'class="count over"' in html and "282 / 280 characters on X" in html
    assert '<s class="over">de</s>' in html and "does not fit on X" in html


@pytest.mark.django_db
def test_the_preview_shows_the_account_links_mentions_and_hashtags(acme, client_as):
    user = acme.users["comms_lead"]
    user.first_name, user.last_name = "Ola", "Nowak"
    user.save()
    html = check(client_as(user), "Hi @ola, see https://acme.example/launch #launch").content.decode()
    assert 'class="preview-name">Ola Nowak</strong> <span class="preview-handle">@acme-comms_lead</span>' in html
    assert '<span class="mention">@ola</span>' in html and '<span class="hashtag">#launch</span>' in html
    assert '<span class="link">https://acme.example/launch</span>' in html
    brand = check(client_as(user), "Hello", account="brand|linkedin|acme").content.decode()
    assert 'class="preview-name">Acme Ltd</strong> <span class="preview-handle">acme</span>' in brand


@pytest.mark.django_db
def test_check_shows_findings_with_clause_link_fix_and_highlight(acme, client_as):
    html = check(client_as(acme.users["employee"]), REVIEW_TEXT).content.decode()
    assert 'data-outcome="needs_approval"' in html
    assert '<mark class="sev-review"' in html and "jan.kowalski@gmail.com<sup>1</sup></mark>" in html
    assert '<a class="clause" href="/policy/#clause-8-2">§ 8.2 Privacy</a>' in html
    assert 'data-fix-text="Questions? Write to j***@gmail.com and we will answer."' in html


@pytest.mark.django_db
def test_the_clause_link_leads_to_the_clause_in_the_policy_document(acme, client_as):
    page = client_as(acme.users["employee"]).get("/policy/").content.decode()
    assert 'id="clause-8-2"' in page


@pytest.mark.django_db
def test_personal_data_in_a_reply_offers_a_private_message(acme, client_as):
    text = "@jan_k write to jan.kowalski@gmail.com and we will sort it out."
    html = check(client_as(acme.users["employee"]), text, platform="x").content.decode()
    assert 'data-fix-text="@jan_k We have sent you a private message."' in html
    assert f'data-private-text="{text}"' in html and "Move to a private message" in html
    assert "j***@gmail.com" not in html


@pytest.mark.django_db
def test_a_blocked_check_says_so_for_the_submit_button(acme, client_as):
    html = check(client_as(acme.users["employee"]), BLOCK_TEXT).content.decode()
    assert 'data-outcome="blocked"' in html
    page = client_as(acme.users["employee"]).get(reverse("compose:new")).content.decode()
    assert 'id="submit-post"' in page and 'id="submit-blocked" hidden' in page


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
