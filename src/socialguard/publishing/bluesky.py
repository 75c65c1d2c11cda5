"""Bluesky (AT Protocol): posts, replies and images on the account's own PDS, logged in with an app password.

What it does:
- works through the one AT Protocol session (`publishing.atproto`, shared with the inbox): logs in with an
  app password, refreshes an expired access token once, logs in again if the refresh token is gone too;
- writes `app.bsky.feed.post` records with `createRecord`: `langs`, rich-text facets for links, @mentions
  (handles resolved to DIDs; a handle that does not resolve stays plain text) and #hashtags, all on UTF-8
  byte offsets as the lexicon requires;
- replies: `reply.parent` is the post answered, `reply.root` the root of its thread (read from the parent);
- images: `uploadBlob`, then an `app.bsky.embed.images` embed with each image's alt text (at most 4);
- counts graphemes before sending (the limit is 300, as the platform-limits check counts them) and refuses
  a longer post without calling the network;
- never posts twice: the record key (`rkey`) is derived from the caller's idempotency key (a TID-shaped
  hash: the post lexicon asks for TID keys), so a retry writes to the same key. `publish` first asks
  whether that record exists (`find`) and returns it if so; if two attempts race, the PDS refuses the second
  record at the taken key (the reference PDS with a 500) and the loser reads the winner's back;
- fetches a post back (`getRecord`) and deletes it (`deleteRecord`).

What it deliberately does not: link cards, video, quote posts, threadgates, or choosing a PDS (the account's
PDS is part of its connection; `https://bsky.social` for most). It does not wait for the AppView to index
the post: the PDS has it the moment `createRecord` returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import httpx

from ..detectors.limits import COUNTING, LengthCounter
from ._http import USER_AGENT, json_of, request
from .atproto import AtprotoSession
from .base import Fetched, Media, NetworkDown, Post, Published, Refused

COLLECTION = "app.bsky.feed.post"
LIMIT = 300  # graphemes
MAX_IMAGES = 4
WEB = "https://bsky.app"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

_LINK = re.compile(r"https?://[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?]")
_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_MENTION = re.compile(rf"(?<![\w@])@({_LABEL}(?:\.{_LABEL})+)")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w*[^\W\d]\w*)")
_COUNTER = LengthCounter(COUNTING["bluesky"])


def rkey_for(idempotency_key: str) -> str:
    """The record key a post gets: 13 base32-sortable characters of a hash of the key, with the top bit clear
    (the shape of a TID), the same for every retry."""
    number = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big") >> 1
    return "".join(TID_ALPHABET[(number >> shift) & 31] for shift in range(60, -1, -5))


def _span(text: str, match: re.Match[str]) -> dict:
    start = len(text[: match.start()].encode())
    return {"byteStart": start, "byteEnd": start + len(match.group(0).encode())}


@dataclass
class BlueskyPublisher:
    service: str  # the account's PDS, e.g. https://bsky.social
    identifier: str  # handle or DID
    password: str = field(repr=False)  # an app password
    timeout: float = 15.0
    transport: httpx.BaseTransport | None = field(default=None, repr=False)
    web: str = WEB  # where a post's public URL points

    def __post_init__(self) -> None:
        self._client = httpx.Client(timeout=self.timeout, transport=self.transport,
                                    headers={"User-Agent": USER_AGENT})
        self.session = AtprotoSession(self.service, self.identifier, self.password, send=self._send)

    @property
    def who(self) -> str:
        return f"Bluesky @{self.handle or self.identifier}"

    @property
    def did(self) -> str | None:
        return self.session.did

    @property
    def handle(self) -> str | None:
        return self.session.handle

    def close(self) -> None:
        self._client.close()

    def verify(self) -> str:
        self.session.login()
        return self.handle or ""

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        return request(self._client, self.who, method, url, **kwargs)

    def _xrpc(self, method: str, nsid: str, headers: dict | None = None, **kwargs) -> httpx.Response:
        return self.session.call(method, nsid, headers, **kwargs)

    # --- posts ---------------------------------------------------------------------------------------

    def publish(self, post: Post, idempotency_key: str) -> Published:
        length = _COUNTER.count(post.text)
        if length > LIMIT:
            raise Refused(f"{self.who}: the post is {length} graphemes, Bluesky allows {LIMIT}")
        if len(post.media) > MAX_IMAGES:
            raise Refused(f"{self.who}: {len(post.media)} images, Bluesky allows {MAX_IMAGES}")
        if not self.session.logged_in:
            self.session.login()
        rkey = rkey_for(idempotency_key)
        if (existing := self.find(idempotency_key)) is not None:
            return existing
        record = self._record(post)
        try:
            self._xrpc("POST", "com.atproto.repo.createRecord",
                       json={"repo": self.did, "collection": COLLECTION, "rkey": rkey, "record": record})
        except (Refused, NetworkDown):  # the reference PDS answers a taken rkey with 500
            if (existing := self.find(idempotency_key)) is not None:  # written by an earlier attempt meanwhile
                return existing
            raise
        return self._published(rkey)

    def _record(self, post: Post) -> dict:
        record: dict = {"$type": COLLECTION, "text": post.text,
                        "createdAt": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
                        .replace("+00:00", "Z")}
        if post.langs:
            record["langs"] = list(post.langs)
        if facets := self.facets(post.text):
            record["facets"] = facets
        if post.reply_to:
            record["reply"] = self._thread(post.reply_to)
        if post.media:
            record["embed"] = {"$type": "app.bsky.embed.images",
                               "images": [{"alt": m.alt, "image": self.upload(m)} for m in post.media]}
        return record

    def facets(self, text: str) -> list[dict]:
        """Links, resolvable @mentions and #hashtags of `text`, on UTF-8 byte offsets."""
        facets = [{"index": _span(text, m), "features": [{"$type": "app.bsky.richtext.facet#link",
                                                            "uri": m.group(0)}]} for m in _LINK.finditer(text)]
        links = [(m.start(), m.end()) for m in _LINK.finditer(text)]

        def in_link(match: re.Match[str]) -> bool:
            return any(start <= match.start() < end for start, end in links)

        for match in _MENTION.finditer(text):
            if not in_link(match) and (did := self._resolve(match.group(1))):
                facets.append({"index": _span(text, match),
                               "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}]})
        for match in _HASHTAG.finditer(text):
            if not in_link(match) and len(match.group(1)) <= 64:
                facets.append({"index": _span(text, match),
                               "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": match.group(1)}]})
        return sorted(facets, key=lambda facet: facet["index"]["byteStart"])

    def _resolve(self, handle: str) -> str | None:
        try:
            response = self._xrpc("GET", "com.atproto.identity.resolveHandle", params={"handle": handle.lower()})
        except Refused:
            return None
        return json_of(response, self.who).get("did")

    def _thread(self, parent_uri: str) -> dict:
        parent = self._get(parent_uri)
        ref = {"uri": parent["uri"], "cid": parent["cid"]}
        root = (parent.get("value") or {}).get("reply", {}).get("root") or ref
        return {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": ref}

    def upload(self, media: Media) -> dict:
        """The blob reference of an uploaded image (its alt text goes in the post's embed)."""
        response = self._xrpc("POST", "com.atproto.repo.uploadBlob", content=media.data,
                              headers={"Content-Type": media.mime})
        return json_of(response, self.who)["blob"]

    def find(self, idempotency_key: str) -> Published | None:
        if not self.session.logged_in:
            self.session.login()
        rkey = rkey_for(idempotency_key)
        try:
            self._xrpc("GET", "com.atproto.repo.getRecord",
                       params={"repo": self.did, "collection": COLLECTION, "rkey": rkey})
        except Refused as exc:
            if exc.code == "RecordNotFound" or "not found" in str(exc).lower():
                return None
            raise
        return self._published(rkey)

    def _published(self, rkey: str) -> Published:
        return Published(f"at://{self.did}/{COLLECTION}/{rkey}", f"{self.web}/profile/{self.handle}/post/{rkey}")

    def _get(self, uri: str) -> dict:
        repo, collection, rkey = _parts(uri)
        response = self._xrpc("GET", "com.atproto.repo.getRecord",
                              params={"repo": repo, "collection": collection, "rkey": rkey})
        return json_of(response, self.who)

    def fetch(self, remote_id: str) -> Fetched:
        value = self._get(remote_id).get("value") or {}
        images = (value.get("embed") or {}).get("images") or []
        return Fetched(remote_id, str(value.get("text", "")),
                       ((value.get("reply") or {}).get("parent") or {}).get("uri"),
                       tuple(str(image.get("alt", "")) for image in images))

    def delete(self, remote_id: str) -> None:
        repo, collection, rkey = _parts(remote_id)
        self._xrpc("POST", "com.atproto.repo.deleteRecord",
                   json={"repo": repo, "collection": collection, "rkey": rkey})


def _parts(uri: str) -> tuple[str, str, str]:
    match = re.fullmatch(r"at://([^/]+)/([^/]+)/([^/]+)", uri)
    if not match:
        raise Refused(f"not an at:// post URI: {uri[:200]!r}")
    return match.group(1), match.group(2), match.group(3)
