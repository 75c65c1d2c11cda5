"""The Bluesky publisher against the AT Protocol reference servers (PLC, PDS and AppView of
`@atproto/dev-env` on 127.0.0.1): posts, facets, replies read back through the AppView's thread, images with
alt text, delete, and retries that never post twice (counted with `listRecords`)."""

from __future__ import annotations

import itertools
import time

import httpx
import pytest

from publishing_support import png
from socialguard.publishing import BlueskyPublisher, CredentialRejected, Media, Post, Refused
from socialguard.publishing.bluesky import COLLECTION, rkey_for

_names = itertools.count()


@pytest.fixture
def brand(atproto):
    """A fresh brand account and its publisher, logged in with an app password."""
    account = atproto.account(f"pubbrand{next(_names)}.test")
    publisher = BlueskyPublisher(atproto.pds, account.handle, account.app_password())
    yield account, publisher
    publisher.close()


def records(atproto, account) -> list[dict]:
    response = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.listRecords",
                         params={"repo": account.did, "collection": COLLECTION, "limit": 100})
    response.raise_for_status()
    return response.json()["records"]


def appview(account, method: str, **params) -> dict:
    """An AppView read through the PDS, once the AppView serves it (it indexes the firehose asynchronously)."""
    deadline = time.monotonic() + 30
    while True:
        response = httpx.get(f"{account.network.pds}/xrpc/{method}", params=params,
                             headers={"Authorization": f"Bearer {account.token}"})
        if response.status_code == 200:
            return response.json()
        if time.monotonic() > deadline:
            response.raise_for_status()
        time.sleep(0.1)


def test_a_post_carries_langs_and_facets_on_utf8_byte_offsets(atproto, brand):
    account, publisher = brand
    friend = atproto.account(f"pubfriend{next(_names)}.test")
    text = f"Żółw 🐢 mówi: https://example.com/ścieżka?x=1. Cześć @{friend.handle} #Jesień2026 #2026"
    published = publisher.publish(Post(text, langs=("pl",)), "post-1")

    assert published.remote_id == f"at://{account.did}/{COLLECTION}/{rkey_for('post-1')}"
    assert published.url == f"https://bsky.app/profile/{account.handle}/post/{rkey_for('post-1')}"
    (record,) = records(atproto, account)
    value = record["value"]
    assert value["text"] == text and value["langs"] == ["pl"]
    raw = text.encode()
    spans = {raw[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode(): f["features"][0]
             for f in value["facets"]}
    assert spans == {
        "https://example.com/ścieżka?x=1": {"$type": "app.bsky.richtext.facet#link",
                                            "uri": "https://example.com/ścieżka?x=1"},
        f"@{friend.handle}": {"$type": "app.bsky.richtext.facet#mention", "did": friend.did},
        "#Jesień2026": {"$type": "app.bsky.richtext.facet#tag", "tag": "Jesień2026"},
    }
    account.wait_indexed([published.remote_id])
    (seen,) = appview(account, "app.bsky.feed.getPosts", uris=[published.remote_id])["posts"]
    assert seen["record"]["facets"] == value["facets"]


def test_a_mention_of_a_handle_that_does_not_resolve_stays_text(brand):
    _, publisher = brand
    assert publisher.facets("ask @nobody.invalid") == []


def test_a_reply_to_a_reply_is_threaded_under_the_root(atproto, brand):
    account, publisher = brand
    root = publisher.publish(Post("Our autumn collection is out"), "root")
    customer = atproto.account(f"pubcustomer{next(_names)}.test")
    customer.wait_indexed([root.remote_id])
    question = customer.post("Is it available in Kraków?", reply_to=_ref(atproto, root.remote_id))
    customer.wait_indexed([question["uri"]])

    answer = publisher.publish(Post("Yes, from Monday.", reply_to=question["uri"]), "answer")

    back = publisher.fetch(answer.remote_id)
    assert (back.text, back.reply_to) == ("Yes, from Monday.", question["uri"])
    account.wait_indexed([answer.remote_id])
    thread = appview(account, "app.bsky.feed.getPostThread", uri=root.remote_id)["thread"]
    (first,) = thread["replies"]
    (second,) = first["replies"]
    assert first["post"]["uri"] == question["uri"]
    assert second["post"]["uri"] == answer.remote_id
    assert second["post"]["record"]["reply"]["root"]["uri"] == root.remote_id


def _ref(atproto, uri: str) -> dict:
    repo, collection, rkey = uri[len("at://"):].split("/")
    body = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.getRecord",
                     params={"repo": repo, "collection": collection, "rkey": rkey}).json()
    return {"uri": body["uri"], "cid": body["cid"]}


def test_images_are_uploaded_with_their_alt_text(brand):
    account, publisher = brand
    media = (Media(png(), "image/png", "A red bicycle against a brick wall"),
             Media(png(3, 1), "image/png", "Czerwony rower"))
    published = publisher.publish(Post("New bikes", media=media), "with-images")

    assert publisher.fetch(published.remote_id).alts == ("A red bicycle against a brick wall", "Czerwony rower")
    account.wait_indexed([published.remote_id])
    (seen,) = appview(account, "app.bsky.feed.getPosts", uris=[published.remote_id])["posts"]
    assert [image["alt"] for image in seen["embed"]["images"]] == [m.alt for m in media]


def test_a_retry_with_the_same_key_never_posts_twice(atproto, brand):
    account, publisher = brand
    first = publisher.publish(Post("Launch day"), "launch")
    assert publisher.publish(Post("Launch day"), "launch") == first

    again = BlueskyPublisher(atproto.pds, account.handle, publisher.password)  # after a crash: a new process
    assert again.find("launch") == first
    assert again.publish(Post("Launch day"), "launch") == first
    assert again.find("something else") is None
    assert [r["uri"] for r in records(atproto, account)] == [first.remote_id]


def test_the_pds_refuses_a_second_record_under_the_same_key(atproto, brand):
    """The guard the publisher relies on: createRecord at a taken rkey fails instead of writing a second post."""
    account, publisher = brand
    first = publisher.publish(Post("Only once"), "once")
    response = httpx.post(f"{atproto.pds}/xrpc/com.atproto.repo.createRecord",
                          headers={"Authorization": f"Bearer {account.token}"},
                          json={"repo": account.did, "collection": COLLECTION, "rkey": rkey_for("once"),
                                "record": {"$type": COLLECTION, "text": "Twice", "createdAt": "2026-12-07T00:00:00Z"}})
    assert response.status_code == 500, response.text
    assert publisher.fetch(first.remote_id).text == "Only once"
    assert [r["uri"] for r in records(atproto, account)] == [first.remote_id]


def test_two_attempts_racing_with_the_same_key_make_one_post(atproto, brand):
    """Both attempts pass the `find` check before either writes: the PDS refuses the second record at the
    same rkey and the loser returns the winner's post."""
    account, publisher = brand
    other = BlueskyPublisher(atproto.pds, account.handle, publisher.password)
    real_find, checks = other.find, []

    def find_too_early(key):  # the loser's first check ran before the winner wrote
        checks.append(key)
        return None if len(checks) == 1 else real_find(key)

    other.find = find_too_early
    first = publisher.publish(Post("Race"), "race")
    assert other.publish(Post("Race"), "race") == first and len(checks) == 2
    assert [r["uri"] for r in records(atproto, account)] == [first.remote_id]


def test_delete_removes_the_post_and_fetch_then_refuses(atproto, brand):
    account, publisher = brand
    published = publisher.publish(Post("Oops, typo"), "typo")
    assert publisher.fetch(published.remote_id).text == "Oops, typo"
    publisher.delete(published.remote_id)
    assert records(atproto, account) == []
    assert publisher.find("typo") is None
    with pytest.raises(Refused, match="RecordNotFound|not found"):
        publisher.fetch(published.remote_id)


def test_three_hundred_graphemes_go_out_and_three_hundred_and_one_are_refused_before_sending(atproto, brand):
    account, publisher = brand
    thumbs = "👍🏽" * 300  # 300 graphemes, 2,400 bytes
    publisher.publish(Post(thumbs), "long-ok")
    with pytest.raises(Refused, match="301 graphemes, Bluesky allows 300"):
        publisher.publish(Post(thumbs + "!"), "too-long")
    assert len(records(atproto, account)) == 1


def test_a_wrong_or_revoked_app_password_is_a_credential_error_that_does_not_show_it(atproto, brand):
    account, publisher = brand
    wrong = BlueskyPublisher(atproto.pds, account.handle, "abcd-efgh-ijkl-mnop")
    with pytest.raises(CredentialRejected) as caught:
        wrong.verify()
    assert "abcd-efgh" not in str(caught.value) and account.handle in str(caught.value)

    assert publisher.verify() == account.handle
    httpx.post(f"{atproto.pds}/xrpc/com.atproto.server.revokeAppPassword", json={"name": "socialguard"},
               headers={"Authorization": f"Bearer {account.token}"}).raise_for_status()
    with pytest.raises(CredentialRejected, match="reconnect the account"):
        BlueskyPublisher(atproto.pds, account.handle, publisher.password).verify()
