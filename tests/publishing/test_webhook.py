"""The signed webhook against a real HTTP receiver on 127.0.0.1 that verifies each delivery the way
docs/publishing.md tells receivers to (HMAC-SHA256 over "<timestamp>.<raw body>", constant-time compare,
fresh timestamp); it answers from a script to show the retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from publishing_support import png
from socialguard.publishing import CredentialRejected, Media, NetworkDown, Post, Refused, WebhookPublisher

SECRET = "whsec-correct-horse-battery-staple"


class Receiver:
    """A webhook receiver: verifies, records, and answers the next scripted (status, headers, body)."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.script: list[tuple[int, dict, bytes]] = []
        self.accepted: list[dict] = []
        self.rejected = 0
        self.deliveries: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                outer.deliveries.append(self.headers["X-Socialguard-Delivery"])
                status, headers, body = outer.script.pop(0) if outer.script else (200, {}, b"{}")
                if not outer.verified(self.headers, raw):
                    outer.rejected += 1
                    status, headers, body = 401, {}, b'{"error": "bad signature"}'
                elif status < 300:
                    outer.accepted.append(json.loads(raw))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/socialguard"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verified(self, headers, raw: bytes) -> bool:
        timestamp = headers.get("X-Socialguard-Timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return False
        expected = "sha256=" + hmac.new(self.secret.encode(), timestamp.encode() + b"." + raw,
                                        hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, headers.get("X-Socialguard-Signature", ""))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


def hook(url: str, secret: str = SECRET, **kwargs) -> tuple[WebhookPublisher, list[float]]:
    pauses: list[float] = []
    return WebhookPublisher(url, secret, sleep=pauses.append, **kwargs), pauses


def test_the_post_arrives_signed_with_its_media_and_the_receiver_names_it(receiver):
    receiver.script.append((201, {"Content-Type": "application/json"},
                            b'{"id": "buf-77", "url": "https://buffer.example/p/77"}'))
    publisher, _ = hook(receiver.url)
    image = png()
    published = publisher.publish(Post("Cześć 👋", langs=("pl",), media=(Media(image, "image/png", "Logo"),)),
                                  "post-1")
    assert (published.remote_id, published.url) == ("buf-77", "https://buffer.example/p/77")
    (body,) = receiver.accepted
    assert body["event"] == "publish" and body["id"] == "post-1" and body["text"] == "Cześć 👋"
    (media,) = body["media"]
    assert base64.b64decode(media["data"]) == image and media["alt"] == "Logo"
    assert media["sha256"] == hashlib.sha256(image).hexdigest()


def test_a_wrong_secret_is_a_credential_error_and_not_retried(receiver):
    publisher, pauses = hook(receiver.url, secret="some-other-secret")
    with pytest.raises(CredentialRejected, match="bad signature") as caught:
        publisher.publish(Post("hello"), "post-1")
    assert receiver.rejected == 1 and pauses == [] and "some-other-secret" not in str(caught.value)


def test_5xx_and_429_are_retried_with_backoff_until_acknowledged_with_the_same_delivery_id(receiver):
    receiver.script += [(503, {}, b""), (500, {}, b""), (429, {"Retry-After": "7"}, b""), (502, {}, b"")]
    publisher, pauses = hook(receiver.url, backoff=1.0)
    published = publisher.publish(Post("Eventually"), "post-9")
    assert pauses == [1.0, 2.0, 7.0, 8.0]
    assert receiver.deliveries == ["post-9"] * 5 and len(receiver.accepted) == 1
    assert published.remote_id == "post-9"


def test_when_the_attempts_run_out_the_error_says_so_in_one_line(receiver):
    receiver.script += [(503, {}, b"")] * 3
    publisher, pauses = hook(receiver.url, attempts=3)
    one_line = r"^webhook 127\.0\.0\.1:\d+: POST /hooks/socialguard: the server answered 503$"
    with pytest.raises(NetworkDown, match=one_line):
        publisher.publish(Post("Never"), "post-2")
    assert pauses == [1.0, 2.0] and receiver.accepted == []


def test_a_receiver_that_is_down_is_network_down_after_the_attempts():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    publisher, pauses = hook(f"http://127.0.0.1:{port}/hook", attempts=2)
    with pytest.raises(NetworkDown, match="ConnectError"):
        publisher.publish(Post("Nobody home"), "post-3")
    assert pauses == [1.0]


def test_delete_is_a_signed_delete_event(receiver):
    publisher, _ = hook(receiver.url)
    publisher.delete("buf-77")
    assert receiver.accepted == [{"event": "delete", "id": "buf-77"}]
    with pytest.raises(Refused, match="cannot be read back"):
        publisher.fetch("buf-77")
