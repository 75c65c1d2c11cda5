"""A Mastodon `/api/v2/search` that sorts and filters statuses the way production Mastodon's
`StatusesSearchService` does, for what no installable server shows.

Why a fake: no Mastodon server can be installed on the test machines, and `mastodon-mock` (the real
third-party server the other Mastodon tests run against) answers search like a plain SQL query: no token
needed, `min_id`, `max_id` and `offset` ignored. Production search (Elasticsearch behind
`StatusesSearchService`) instead:
- needs a signed-in user: without a token it returns no statuses, and `offset` answers 401;
- turns `min_id` into `after:"<time of the id, to the second>"` and `max_id` into `before:"..."`, so the
  ids only filter by date;
- sorts newest first (`id desc`), then applies `offset` and `limit` (at most 40); no `Link` header;
- does no full-text search for a single word that is a `#tag` or contains `@` (those are hashtag and
  account look-ups).
Status ids are snowflakes like Mastodon's: milliseconds since the epoch shifted left 16 bits, plus a
sequence, so many posts share one second.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Callable

from inbox_servers import FIXTURES, Reply, json_reply

MAX_LIMIT = 40


def snowflake_time(status_id: str) -> dt.datetime:
    return dt.datetime.fromtimestamp((int(status_id) >> 16) / 1000, tz=dt.timezone.utc)


class ProductionSearch:
    """Statuses in memory; `before_page(query)` runs before each search answer (to post during a sweep)."""

    def __init__(self, token: str = "brand-token") -> None:
        self.token = token
        self.template = json.loads((FIXTURES / "mastodon_status.json").read_text("utf-8"))
        self.statuses: list[dict] = []
        self.clock = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
        self.before_page: Callable[[dict], None] | None = None

    def post(self, text: str, seconds: float = 0.0) -> dict:
        """A status `seconds` after the previous one (0: the same millisecond, as in a burst)."""
        self.clock += dt.timedelta(seconds=seconds)
        millis = int(self.clock.timestamp() * 1000)
        status = copy.deepcopy(self.template)
        status_id = str((millis << 16) + len(self.statuses) % 65536)
        status.update(id=status_id, content=f"<p>{text}</p>", created_at=self.clock.isoformat(),
                      uri=f"https://mastodon.example/users/kasia/statuses/{status_id}",
                      url=f"https://mastodon.example/@kasia/{status_id}")
        self.statuses.append(status)
        return status

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        if path != "/api/v2/search":
            return json_reply({"error": "Record not found"}, 404)
        if self.before_page:
            self.before_page(query)
        signed_in = headers.get("authorization") == f"Bearer {self.token}"
        if "offset" in query and not signed_in:
            return json_reply({"error": "Search queries pagination is not supported without authentication"}, 401)
        q = query.get("q", "").strip()
        lookup = len(q.split()) == 1 and (q.startswith("#") or "@" in q)
        if not signed_in or lookup or query.get("type") not in (None, "statuses"):
            return json_reply({"accounts": [], "statuses": [], "hashtags": []})
        words = q.lower().split()
        found = [s for s in self.statuses if all(w in s["content"].lower() for w in words)]
        if "min_id" in query:
            after = snowflake_time(query["min_id"]).replace(microsecond=0)
            found = [s for s in found if dt.datetime.fromisoformat(s["created_at"]) > after]
        if "max_id" in query:
            before = snowflake_time(query["max_id"]).replace(microsecond=0)
            found = [s for s in found if dt.datetime.fromisoformat(s["created_at"]) < before]
        found.sort(key=lambda s: int(s["id"]), reverse=True)
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 20)), MAX_LIMIT)
        return json_reply({"accounts": [], "statuses": found[offset:offset + limit], "hashtags": []})
