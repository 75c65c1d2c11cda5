"""What the real peers cannot show, with hand-written fakes (httpx.MockTransport): a 429 with `Retry-After`,
5xx, timeouts, an access token that expires mid-session, and a Mastodon reply to a status on another instance.
The dev-env PDS and mastodon-mock never rate limit, never fail on their own and never stall, a PDS access token
lives for hours, and mastodon-mock's search is local only (it never resolves a URI from another instance), so
these answers are scripted here; everything else is tested against the real peers."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from socialguard.publishing import (BlueskyPublisher, MastodonPublisher, NetworkDown, Post, RateLimited, Refused,
                                    WebhookPublisher)

SESSION = {"did": "did:plc:brand", "handle": "brand.example", "accessJwt": "A1", "refreshJwt": "R1"}


def bluesky(handler) -> BlueskyPublisher:
    return BlueskyPublisher("https://pds.example", "brand.example", "app-pass-word-1234",
                            transport=httpx.MockTransport(handler))


def xrpc(request: httpx.Request) -> str:
    return request.url.path.removeprefix("/xrpc/")


def test_bluesky_429_carries_the_wait_the_pds_asked_for():
    def handler(request):
        if xrpc(request) == "com.atproto.server.createSession":
            return httpx.Response(200, json=SESSION)
        return httpx.Response(429, headers={"Retry-After": "42"}, json={"error": "RateLimitExceeded"})

    with pytest.raises(RateLimited) as caught:
        bluesky(handler).publish(Post("hi"), "k")
    assert caught.value.retry_after == 42 and caught.value.retry


def test_bluesky_ratelimit_reset_is_read_when_there_is_no_retry_after():
    reset = str(int(time.time()) + 30)

    def handler(request):
        if xrpc(request) == "com.atproto.server.createSession":
            return httpx.Response(429, headers={"RateLimit-Reset": reset}, json={"error": "RateLimitExceeded"})
        raise AssertionError(request.url)

    with pytest.raises(RateLimited) as caught:
        bluesky(handler).verify()
    assert 25 <= caught.value.retry_after <= 30


def test_bluesky_5xx_and_timeouts_are_network_down_without_the_password():
    def failing(request):
        return httpx.Response(502, text="<html>Bad gateway</html>")

    def stalling(request):
        raise httpx.ReadTimeout("timed out", request=request)

    for handler, words in ((failing, "the server answered 502"), (stalling, "timed out")):
        with pytest.raises(NetworkDown, match=words) as caught:
            bluesky(handler).publish(Post("hi"), "k")
        assert caught.value.retry and "app-pass" not in str(caught.value)


def test_an_expired_access_token_is_refreshed_once_and_the_call_repeated():
    calls: list[tuple[str, str]] = []

    def handler(request):
        name, token = xrpc(request), request.headers.get("Authorization", "")
        calls.append((name, token))
        if name == "com.atproto.server.createSession":
            return httpx.Response(200, json=SESSION)
        if name == "com.atproto.server.refreshSession":
            assert token == "Bearer R1"
            return httpx.Response(200, json={**SESSION, "accessJwt": "A2", "refreshJwt": "R2"})
        if token == "Bearer A1":
            return httpx.Response(400, json={"error": "ExpiredToken", "message": "Token has expired"})
        if name == "com.atproto.repo.getRecord":
            return httpx.Response(400, json={"error": "RecordNotFound", "message": "Could not locate record"})
        assert name == "com.atproto.repo.createRecord" and json.loads(request.content)["record"]["text"] == "hi"
        return httpx.Response(200, json={"uri": "at://did:plc:brand/app.bsky.feed.post/x", "cid": "c"})

    published = bluesky(handler).publish(Post("hi"), "k")
    assert published.remote_id.startswith("at://did:plc:brand/app.bsky.feed.post/")
    assert [name for name, _ in calls] == ["com.atproto.server.createSession", "com.atproto.repo.getRecord",
                                           "com.atproto.server.refreshSession", "com.atproto.repo.getRecord",
                                           "com.atproto.repo.createRecord"]


def test_mastodon_429_5xx_and_timeouts():
    def limited(request):
        return httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"},
                              json={"error": "Too many requests"})

    with pytest.raises(RateLimited) as caught:
        MastodonPublisher("https://social.example", "tok-123", transport=httpx.MockTransport(limited)).publish(
            Post("hi"), "k")
    assert caught.value.retry_after > 3600

    def stalling(request):
        raise httpx.ConnectTimeout("timed out", request=request)

    for handler in (lambda request: httpx.Response(503), stalling):
        with pytest.raises(NetworkDown) as caught:
            MastodonPublisher("https://social.example", "tok-123", transport=httpx.MockTransport(handler)).publish(
                Post("hi"), "k")
        assert "tok-123" not in str(caught.value)


REMOTE = "https://other.example/users/kasia/statuses/110"


def test_a_mastodon_reply_to_a_status_on_another_instance_is_resolved_there_first():
    calls: list[tuple[str, str]] = []

    def instance(request):
        calls.append((request.method, request.url.path))
        if request.url.path == "/api/v2/search":
            assert (request.url.params["q"], request.url.params["resolve"]) == (REMOTE, "true")
            return httpx.Response(200, json={"accounts": [], "hashtags": [], "statuses": [
                {"id": "7", "uri": "https://other.example/users/kasia/statuses/1", "url": None},
                {"id": "8", "uri": REMOTE, "url": "https://other.example/@kasia/110"}]})
        assert json.loads(request.content)["in_reply_to_id"] == "8"
        return httpx.Response(200, json={"id": "9", "url": "https://social.example/@acme/9"})

    publisher = MastodonPublisher("https://social.example", "tok-123", transport=httpx.MockTransport(instance))
    assert publisher.publish(Post("Thanks!", reply_to=REMOTE), "k").remote_id == "9"
    assert calls == [("GET", "/api/v2/search"), ("POST", "/api/v1/statuses")]


def test_a_mastodon_reply_to_a_status_the_instance_cannot_find_is_refused_before_posting():
    def instance(request):
        assert request.url.path == "/api/v2/search", "nothing is posted"
        return httpx.Response(200, json={"accounts": [], "hashtags": [], "statuses": []})

    publisher = MastodonPublisher("https://social.example", "tok-123", transport=httpx.MockTransport(instance))
    with pytest.raises(Refused, match="cannot be found from social.example") as caught:
        publisher.publish(Post("Thanks!", reply_to=REMOTE), "k")
    assert not caught.value.retry and "tok-123" not in str(caught.value)


def test_a_webhook_that_stalls_is_retried_then_network_down():
    attempts: list[str] = []

    def stalling(request):
        attempts.append(request.headers["X-Socialguard-Delivery"])
        raise httpx.ReadTimeout("timed out", request=request)

    pauses: list[float] = []
    publisher = WebhookPublisher("https://hooks.example/in", "s3cret", attempts=3, sleep=pauses.append,
                                 transport=httpx.MockTransport(stalling))
    with pytest.raises(NetworkDown, match="timed out"):
        publisher.publish(Post("hi"), "post-1")
    assert attempts == ["post-1"] * 3 and pauses == [1.0, 2.0]
