"""Mastodon: statuses, replies and images on the brand's instance, with an access token of the brand account.

What it does:
- `verify_credentials` tells which account the token belongs to (`@username@instance`);
- posts with `POST /api/v1/statuses`: text, `visibility`, `language` (the first of the post's languages),
  `in_reply_to_id` for a reply (Mastodon threads it from the parent alone), and `media_ids`. A reply names
  the status it answers by its id on this instance, or by its URI or URL (a post read on another instance):
  `GET /api/v2/search?q=<uri>&resolve=true` with the account's token finds (and if need be fetches) it here;
  a status the instance cannot find is refused before anything is posted;
- images go first to `POST /api/v2/media` with their `description` (the alt text);
- never posts twice: every status carries the caller's idempotency key as `Idempotency-Key`, and Mastodon
  answers a repeated key with the status it already made (real servers keep keys for an hour). The media of a
  retried attempt may be uploaded again; unattached media is cleaned up by the instance;
- fetches a status back (`/statuses/:id/source` for the plain text the author wrote) and deletes it.

What it deliberately does not: polls, content warnings, scheduled statuses (socialguard schedules), editing.
`find` cannot ask Mastodon about a key without posting, so it answers None: for Mastodon the repeated
`Idempotency-Key` is the guard, and the caller keeps the remote id it got back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from ._http import USER_AGENT, json_of, request
from .base import Fetched, Media, Post, Published, Refused

VISIBILITIES = ("public", "unlisted", "private", "direct")


@dataclass
class MastodonPublisher:
    instance: str  # e.g. https://mastodon.social
    token: str = field(repr=False)
    handle: str = ""  # known once verified; names the account in messages
    timeout: float = 15.0
    transport: httpx.BaseTransport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.instance = self.instance.rstrip("/")
        self._client = httpx.Client(timeout=self.timeout, transport=self.transport,
                                    headers={"User-Agent": USER_AGENT, "Authorization": f"Bearer {self.token}"})

    @property
    def who(self) -> str:
        return f"Mastodon {self.handle or urlsplit(self.instance).netloc}"

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        return request(self._client, self.who, method, f"{self.instance}{path}", **kwargs)

    def verify(self) -> str:
        account = json_of(self._call("GET", "/api/v1/accounts/verify_credentials"), self.who)
        self.handle = f"@{account['acct']}@{urlsplit(self.instance).netloc}"
        return self.handle

    def upload(self, media: Media) -> str:
        """The id of an uploaded image, described by its alt text."""
        response = self._call("POST", "/api/v2/media", files={"file": ("image", media.data, media.mime)},
                              data={"description": media.alt})
        return str(json_of(response, self.who)["id"])

    def publish(self, post: Post, idempotency_key: str) -> Published:
        form: dict = {"status": post.text, "visibility": post.visibility}
        if post.langs:
            form["language"] = post.langs[0]
        if post.reply_to:
            form["in_reply_to_id"] = self.local_id(post.reply_to)
        if post.media:
            form["media_ids"] = [self.upload(m) for m in post.media]
        status = json_of(self._call("POST", "/api/v1/statuses", json=form,
                                    headers={"Idempotency-Key": idempotency_key}), self.who)
        return Published(str(status["id"]), str(status.get("url") or status.get("uri") or ""))

    def local_id(self, status: str) -> str:
        """The id on this instance of `status`: an id as given, a URI or URL resolved by a search."""
        if "://" not in status:
            return status
        found = json_of(self._call("GET", "/api/v2/search", params={"q": status, "type": "statuses",
                                                                     "resolve": "true", "limit": 5}), self.who)
        for candidate in found.get("statuses") or []:
            if isinstance(candidate, dict) and status in (candidate.get("uri"), candidate.get("url")):
                return str(candidate["id"])
        raise Refused(f"{self.who}: GET /api/v2/search: the post it answers ({status}) cannot be found from "
                      f"{urlsplit(self.instance).netloc}")

    def find(self, idempotency_key: str) -> Published | None:
        return None

    def fetch(self, remote_id: str) -> Fetched:
        status = json_of(self._call("GET", f"/api/v1/statuses/{remote_id}"), self.who)
        source = json_of(self._call("GET", f"/api/v1/statuses/{remote_id}/source"), self.who)
        reply_to = status.get("in_reply_to_id")
        return Fetched(remote_id, str(source.get("text", "")), str(reply_to) if reply_to else None,
                       tuple(str(m.get("description") or "") for m in status.get("media_attachments") or []))

    def delete(self, remote_id: str) -> None:
        self._call("DELETE", f"/api/v1/statuses/{remote_id}")
