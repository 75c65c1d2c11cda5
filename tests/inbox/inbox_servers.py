"""Local HTTP servers that speak each source's protocol (recorded response shapes in fixtures/), with scripted
failures, for the connector tests."""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class LocalServer:
    """Answers with `script` replies first (one per request), then with `handler(path, query, headers)`;
    GET and POST alike (a POST's JSON body is merged into `query`)."""

    def __init__(self, handler: Callable[[str, dict, dict], Reply]) -> None:
        self.handler = handler
        self.script: list[Reply] = []
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self.do_GET()

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                length = int(headers.get("content-length") or 0)
                if length:  # a POST's JSON object is read into `query`
                    query.update(json.loads(self.rfile.read(length)) or {})
                server.seen.append(Seen(parts.path, query, headers))
                reply = server.script.pop(0) if server.script else server.handler(parts.path, query, headers)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def json_reply(data, status: int = 200, headers: dict | None = None) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json", **(headers or {})})


# --- Mastodon -------------------------------------------------------------------------------------

class MastodonInstance:
    """Public statuses with ids; tag timeline and v2 search with limit/max_id/min_id/since_id and Link headers."""

    def __init__(self) -> None:
        self.template = json.loads((FIXTURES / "mastodon_status.json").read_text("utf-8"))
        self.statuses: list[dict] = []
        self.base = ""

    def post(self, number: int, text: str, lang: str = "en", followers: int = 100, tag: str = "acme") -> dict:
        status = copy.deepcopy(self.template)
        status_id = str(113456789012345000 + number)
        status.update(id=status_id, language=lang, content=f"<p>{text}</p>",
                      uri=f"https://mastodon.example/users/kasia/statuses/{status_id}",
                      url=f"https://mastodon.example/@kasia/{status_id}",
                      created_at=f"2026-11-20T09:{number // 60 % 60:02d}:{number % 60:02d}.000Z")
        status["account"]["followers_count"] = followers
        status["tags"] = [{"name": tag, "url": f"https://mastodon.example/tags/{tag}"}]
        self.statuses.append(status)
        return status

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        if path.startswith("/api/v1/timelines/tag/"):
            tag = path.rsplit("/", 1)[1]
            items = [s for s in self.statuses if any(t["name"] == tag for t in s["tags"])]
            return self._page(path, items, query, wrap=False)
        if path == "/api/v2/search" and query.get("type") == "statuses":
            words = query.get("q", "").lower()
            items = [s for s in self.statuses if words in s["content"].lower()]
            return self._page(path, items, query, wrap=True)
        return json_reply({"error": "Record not found"}, 404)

    def _page(self, path: str, items: list[dict], query: dict, wrap: bool) -> Reply:
        limit = int(query.get("limit", 20))
        ordered = sorted(items, key=lambda s: int(s["id"]))
        if "min_id" in query:
            page = [s for s in ordered if int(s["id"]) > int(query["min_id"])][:limit][::-1]
        else:
            page = [s for s in reversed(ordered)
                    if ("max_id" not in query or int(s["id"]) < int(query["max_id"]))
                    and ("since_id" not in query or int(s["id"]) > int(query["since_id"]))][:limit]
        headers = {}
        if page and not wrap:
            headers["Link"] = (f'<{self.base}{path}?max_id={page[-1]["id"]}>; rel="next", '
                               f'<{self.base}{path}?min_id={page[0]["id"]}>; rel="prev"')
        body = {"accounts": [], "statuses": page, "hashtags": []} if wrap else page
        return json_reply(body, headers=headers)


# --- Bluesky ---------------------------------------------------------------------------------------

class BlueskyProduction:
    """A PDS and its AppView as production Bluesky behaves, where the reference servers (`@atproto/dev-env`,
    used by test_bluesky_network.py) cannot show it:
    - unauthenticated `app.bsky.feed.searchPosts` is refused with 403 (the public AppView since 2025);
    - search is a separate service: case-insensitive, honours `since` (inclusive) and `until` (exclusive)
      on `sortAt` (the earlier of a post's creation and indexing time), sorts newest `sortAt` first, and
      its cursor may end before the whole result set (`cursor_end`: results after which no cursor comes);
    - a post can be indexed late: `post(..., indexed_late=True)` gives it an `indexedAt` now but an older
      `sortAt`, so it appears below posts already read;
    - notifications page with a bare timestamp cursor (`sortAt < cursor`, to the second), as the
      reference AppView does, so notifications sharing the boundary second are skipped by plain paging;
    - access tokens expire (`expire()`: 400 ExpiredToken until refreshed).
    """

    def __init__(self) -> None:
        self.template = json.loads((FIXTURES / "bluesky_post.json").read_text("utf-8"))
        self.posts: list[dict] = []
        self.notifications: list[dict] = []
        self.cursor_end: int | None = None
        self.session = 1
        self.expired = False
        self.clock = 1_795_000_000.0  # 2026-11-18

    def post(self, text: str, seconds: float = 1.0, lang: str = "pl", indexed_late: float = 0.0,
             reason: str | None = None) -> dict:
        """A post `seconds` after the previous one; `indexed_late` seconds of indexing delay; `reason`
        (mention, reply, like) also makes it a notification of the brand account."""
        self.clock += seconds
        number = len(self.posts) + 1
        post = copy.deepcopy(self.template)
        post["uri"] = f"at://did:plc:abcd1234efgh5678ijkl9012/app.bsky.feed.post/3lb{number:010d}"
        created = _stamp(self.clock - indexed_late)
        post["record"].update(text=text, langs=[lang], createdAt=created)
        post["indexedAt"] = _stamp(self.clock)
        self.posts.append(post)
        if reason:
            self.notifications.append({"uri": post["uri"], "cid": post["cid"], "author": post["author"],
                                       "reason": reason, "record": post["record"], "isRead": False,
                                       "indexedAt": _stamp(int(self.clock))})
        return post

    def expire(self) -> None:
        self.expired = True

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        method = path.removeprefix("/xrpc/")
        if method == "com.atproto.server.createSession":
            if query.get("password") != "app-pass-word":
                return json_reply({"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, 401)
            return self._tokens()
        if method == "com.atproto.server.refreshSession":
            if headers.get("authorization") != f"Bearer refresh-{self.session}":
                return json_reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
            return self._tokens()
        if "authorization" not in headers:
            return json_reply({"error": "Forbidden", "message": "Forbidden"}, 403)
        if self.expired or headers["authorization"] != f"Bearer access-{self.session}":
            return json_reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
        if method == "app.bsky.feed.searchPosts":
            return self._search(query)
        if method == "app.bsky.notification.listNotifications":
            return self._notifications(query)
        return json_reply({"error": "MethodNotImplemented", "message": "Method Not Implemented"}, 501)

    def _tokens(self) -> Reply:
        self.session += 1
        self.expired = False
        return json_reply({"accessJwt": f"access-{self.session}", "refreshJwt": f"refresh-{self.session}",
                           "did": "did:plc:brand", "handle": "acme.bsky.social"})

    def _search(self, query: dict) -> Reply:
        if not query.get("q"):
            return json_reply({"error": "InvalidRequest", "message": 'Error: Params must have the property "q"'}, 400)
        found = [p for p in self.posts if query["q"].lower() in p["record"]["text"].lower()
                 and ("since" not in query or _sort_at(p) >= query["since"])
                 and ("until" not in query or _sort_at(p) < query["until"])]
        found.sort(key=_sort_at, reverse=True)
        start, limit = int(query.get("cursor", 0)), int(query.get("limit", 25))
        body: dict = {"posts": found[start:start + limit], "hitsTotal": len(found)}
        if start + limit < len(found) and (self.cursor_end is None or start + limit < self.cursor_end):
            body["cursor"] = str(start + limit)
        return json_reply(body)

    def _notifications(self, query: dict) -> Reply:
        listed = sorted(self.notifications, key=lambda n: n["indexedAt"], reverse=True)
        if query.get("cursor"):
            listed = [n for n in listed if n["indexedAt"] < query["cursor"]]
        page = listed[:int(query.get("limit", 50))]
        body: dict = {"notifications": page}
        if page:
            body["cursor"] = page[-1]["indexedAt"]
        return json_reply(body)


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds * 1000) % 1000:03d}Z"


def _sort_at(post: dict) -> str:
    return min(post["record"]["createdAt"], post["indexedAt"])
