"""The Mastodon publisher against `mastodon-mock` (an independent third-party Mastodon REST server on
127.0.0.1): statuses with visibility and language, threaded replies, images with descriptions, delete, fetch
back, and the `Idempotency-Key` that keeps a retry from posting twice (counted in the account's statuses)."""

from __future__ import annotations

import httpx
import pytest

from publishing_support import png
from socialguard.publishing import CredentialRejected, MastodonPublisher, Media, Post, Refused

BRAND, CUSTOMER = "alice_token", "bob_token"


@pytest.fixture
def publisher(mastodon_mock):
    made = MastodonPublisher(mastodon_mock, BRAND)
    yield made
    made.close()


def statuses(instance: str, token: str = BRAND) -> list[dict]:
    headers = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{instance}/api/v1/accounts/verify_credentials", headers=headers).json()
    response = httpx.get(f"{instance}/api/v1/accounts/{me['id']}/statuses", headers=headers)
    response.raise_for_status()
    return response.json()


def test_verify_names_the_account_the_token_belongs_to(mastodon_mock, publisher):
    host = mastodon_mock.split("//")[1]
    assert publisher.verify() == f"@alice@{host}"


def test_a_status_goes_out_with_visibility_and_language_and_reads_back(mastodon_mock, publisher):
    published = publisher.publish(Post("Nowa kolekcja już jest #jesień", langs=("pl",), visibility="unlisted"),
                                  "post-1")
    (status,) = statuses(mastodon_mock)
    assert (status["id"], status["visibility"], status["language"]) == (published.remote_id, "unlisted", "pl")
    assert published.url == status["url"]
    back = publisher.fetch(published.remote_id)
    assert (back.text, back.reply_to, back.alts) == ("Nowa kolekcja już jest #jesień", None, ())


def test_a_reply_is_threaded_under_the_customer_status(mastodon_mock, publisher):
    question = httpx.post(f"{mastodon_mock}/api/v1/statuses", data={"status": "@alice is it in stock?"},
                          headers={"Authorization": f"Bearer {CUSTOMER}"}).json()
    answer = publisher.publish(Post("@bob yes, since Monday", reply_to=question["id"]), "answer")
    assert publisher.fetch(answer.remote_id).reply_to == question["id"]
    context = httpx.get(f"{mastodon_mock}/api/v1/statuses/{question['id']}/context",
                        headers={"Authorization": f"Bearer {CUSTOMER}"}).json()
    assert [s["id"] for s in context["descendants"]] == [answer.remote_id]


def test_images_are_uploaded_with_their_description(mastodon_mock, publisher):
    media = (Media(png(), "image/png", "A red bicycle"), Media(png(4, 4), "image/png", "Czerwony rower"))
    published = publisher.publish(Post("New bikes", media=media), "with-images")
    assert publisher.fetch(published.remote_id).alts == ("A red bicycle", "Czerwony rower")


def test_a_retry_with_the_same_idempotency_key_never_posts_twice(mastodon_mock, publisher):
    first = publisher.publish(Post("Launch day"), "launch")
    again = MastodonPublisher(mastodon_mock, BRAND)  # after a crash: a new process, the same key
    assert again.publish(Post("Launch day"), "launch") == first
    assert again.find("launch") is None  # Mastodon cannot be asked about a key: the header is the guard
    assert [s["id"] for s in statuses(mastodon_mock)] == [first.remote_id]
    assert publisher.publish(Post("Launch day"), "launch-2") != first


def test_delete_removes_the_status(mastodon_mock, publisher):
    published = publisher.publish(Post("Oops, typo"), "typo")
    publisher.delete(published.remote_id)
    assert statuses(mastodon_mock) == []
    with pytest.raises(Refused, match="refused"):
        publisher.fetch(published.remote_id)


def test_a_too_long_status_is_refused_with_the_instance_reason(mastodon_mock, publisher):
    with pytest.raises(Refused) as caught:
        publisher.publish(Post("x" * 501), "too-long")
    assert "POST /api/v1/statuses: refused (" in str(caught.value) and "\n" not in str(caught.value)
    assert statuses(mastodon_mock) == []


def test_a_revoked_token_is_a_credential_error_that_does_not_show_it(mastodon_mock):
    revoked = MastodonPublisher(mastodon_mock, "revoked-token-1234")
    with pytest.raises(CredentialRejected) as caught:
        revoked.verify()
    with pytest.raises(CredentialRejected):
        revoked.publish(Post("hello"), "k")
    assert "revoked-token" not in str(caught.value)
