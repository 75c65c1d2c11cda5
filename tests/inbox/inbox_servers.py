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
    """Answers with `script` replies first (one per request), then with `handler(path, query, headers)`."""

    def __init__(self, handler: Callable[[str, dict, dict], Reply]) -> None:
        self.handler = handler
        self.script: list[Reply] = []
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
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


# --- Bluesky --------------------------------------------------------------------------------------

class BlueskyAppView:
    """`app.bsky.feed.searchPosts` over a list of posts: newest first, offset cursors, inclusive `since`."""

    def __init__(self) -> None:
        self.template = json.loads((FIXTURES / "bluesky_post.json").read_text("utf-8"))
        self.posts: list[dict] = []

    def post(self, number: int, text: str, lang: str = "pl") -> dict:
        post = copy.deepcopy(self.template)
        post["uri"] = f"at://did:plc:abcd1234efgh5678ijkl9012/app.bsky.feed.post/3lb{number:010d}"
        post["record"].update(text=text, langs=[lang], createdAt=f"2026-11-20T{number // 3600 % 24:02d}:"
                              f"{number // 60 % 60:02d}:{number % 60:02d}.000Z")
        self.posts.append(post)
        return post

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        if path != "/xrpc/app.bsky.feed.searchPosts":
            return json_reply({"error": "MethodNotImplemented", "message": "Method Not Implemented"}, 501)
        if not query.get("q"):
            return json_reply({"error": "InvalidRequest", "message": 'Error: Params must have the property "q"'}, 400)
        found = [p for p in self.posts if query["q"].lower() in p["record"]["text"].lower()
                 and ("since" not in query or p["record"]["createdAt"] >= query["since"].replace("+00:00", ".000Z"))]
        found.sort(key=lambda p: p["record"]["createdAt"], reverse=True)
        start, limit = int(query.get("cursor", 0)), int(query.get("limit", 25))
        page = found[start:start + limit]
        body = {"posts": page, "hitsTotal": len(found)}
        if start + limit < len(found):
            body["cursor"] = str(start + limit)
        return json_reply(body)
