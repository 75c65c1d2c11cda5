"""A signed outbound webhook: "publish to your own tool" (Buffer, Postiz, n8n, an in-house scheduler).

What it does: POSTs the approved post as JSON to the team's URL, signed so the receiver can tell it came
from socialguard and was not replayed:

    X-Socialguard-Delivery:  the idempotency key (the same for every retry of one post: dedupe on it)
    X-Socialguard-Timestamp: Unix seconds when this attempt was signed
    X-Socialguard-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes, compares it in constant
time, and rejects timestamps older than a few minutes. The body:

    {"event": "publish", "id": key, "text": ..., "langs": [...], "reply_to": ... or null,
     "visibility": ..., "media": [{"mime": ..., "alt": ..., "sha256": ..., "data": base64}]}

A delete is the same envelope with `{"event": "delete", "id": remote id}`. Any 2xx acknowledges; the
receiver may answer `{"id": ..., "url": ...}` to name the post in its own system (otherwise the delivery id
stands for it). Anything else is retried with exponential backoff (429 after its `Retry-After`) until
acknowledged or the attempts run out; a 4xx other than 408 and 429 is a refusal and is not retried.

What it deliberately does not: read a post back (a webhook has no read side; `fetch` refuses) or know if an
earlier attempt was acknowledged after a crash (`find` answers None): the receiver dedupes on the delivery id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import httpx

from ._http import USER_AGENT, request
from .base import Fetched, NetworkDown, Post, Published, RateLimited, Refused

SIGNATURE = "X-Socialguard-Signature"
TIMESTAMP = "X-Socialguard-Timestamp"
DELIVERY = "X-Socialguard-Delivery"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass
class WebhookPublisher:
    url: str
    secret: str = field(repr=False)
    attempts: int = 6
    backoff: float = 1.0  # seconds before the 2nd attempt, doubled each time
    max_wait: float = 300.0
    timeout: float = 15.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    now: Callable[[], float] = field(default=time.time, repr=False)
    transport: httpx.BaseTransport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._client = httpx.Client(timeout=self.timeout, transport=self.transport,
                                    headers={"User-Agent": USER_AGENT})

    @property
    def who(self) -> str:
        return f"webhook {urlsplit(self.url).netloc}"

    def close(self) -> None:
        self._client.close()

    def verify(self) -> str:
        return urlsplit(self.url).netloc

    def publish(self, post: Post, idempotency_key: str) -> Published:
        body = {"event": "publish", "id": idempotency_key, "text": post.text, "langs": list(post.langs),
                "reply_to": post.reply_to, "visibility": post.visibility,
                "media": [{"mime": m.mime, "alt": m.alt, "sha256": hashlib.sha256(m.data).hexdigest(),
                           "data": base64.b64encode(m.data).decode()} for m in post.media]}
        response = self._deliver(idempotency_key, body)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        answer = answer if isinstance(answer, dict) else {}
        return Published(str(answer.get("id") or idempotency_key), str(answer.get("url") or ""))

    def find(self, idempotency_key: str) -> Published | None:
        return None

    def fetch(self, remote_id: str) -> Fetched:
        raise Refused(f"{self.who}: a webhook cannot be read back")

    def delete(self, remote_id: str) -> None:
        self._deliver(f"delete-{remote_id}", {"event": "delete", "id": remote_id})

    def _deliver(self, delivery: str, body: dict) -> httpx.Response:
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        wait = self.backoff
        for _ in range(self.attempts - 1):
            try:
                return self._send(delivery, raw)
            except RateLimited as exc:
                pause = exc.retry_after
            except NetworkDown:
                pause = wait
            self.sleep(min(pause, self.max_wait))
            wait *= 2
        return self._send(delivery, raw)

    def _send(self, delivery: str, raw: bytes) -> httpx.Response:
        timestamp = str(int(self.now()))
        headers = {"Content-Type": "application/json", DELIVERY: delivery, TIMESTAMP: timestamp,
                   SIGNATURE: signature(self.secret, timestamp, raw)}
        return request(self._client, self.who, "POST", self.url, content=raw, headers=headers)
