"""Reading a mention from a flat record (a JSON object or a CSV row): platform exports and webhook payloads.

Exports name their fields differently (`text`, `full_text`, `content`, `message`; `author`, `screen_name`,
`user.screen_name`; ...): the first present alias of each field is used, and a `fields` mapping (field ->
dotted path in the record) overrides the aliases for one export. A record without an id gets a content key
(source, author, time and text), so importing the same export twice still stores each mention once.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

from ...untrusted_json import unstorable
from ..mention import Mention, parse_time

ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("external_id", "id", "id_str", "post_id", "status_id", "tweet_id", "uri"),
    "text": ("text", "full_text", "content", "body", "message", "caption"),
    "url": ("url", "link", "permalink", "permalink_url", "post_url"),
    "author": ("author", "author_handle", "username", "screen_name", "handle", "user.screen_name", "user.username",
               "account.acct"),
    "author_followers": ("author_followers", "followers", "followers_count", "reach", "user.followers_count",
                         "account.followers_count"),
    "created_at": ("created_at", "date", "timestamp", "published", "time", "created_time"),
    "lang": ("lang", "language"),
    "source": ("source", "platform", "network"),
    "in_reply_to": ("in_reply_to", "in_reply_to_id", "in_reply_to_status_id", "parent_id"),
}
MAX_TEXT = 100_000
MAX_FOLLOWERS = 2**63 - 1  # what the database's big integer holds


def mention_from_record(
    record: Mapping[str, Any], default_source: str, channel: str, fields: Mapping[str, str] | None = None
) -> Mention:
    """A `Mention` from one record; raises ValueError with one readable sentence naming the field.

    A record with text no database can keep anywhere in it (a lone surrogate, a NUL) is refused as a whole:
    its raw payload is stored with the mention."""
    problem = unstorable(record)
    if problem:
        raise ValueError(problem)
    value = {name: _first(record, (fields or {}).get(name), aliases) for name, aliases in ALIASES.items()}
    text = value["text"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a text field is required (text, full_text, content, body or message)")
    if len(text) > MAX_TEXT:
        raise ValueError(f"text is too long ({len(text):,} characters; the limit is {MAX_TEXT:,})")
    created = None
    if value["created_at"] not in (None, ""):
        created = parse_time(_number_or_text(value["created_at"]))
        if created is None:
            raise ValueError(f"created_at: not a date and time: {str(value['created_at'])[:40]!r}")
    followers = _followers(value["author_followers"])
    source = str(value["source"] or default_source).strip().lower() or default_source
    author = _text_or_none(value["author"])
    external_id = _text_or_none(value["external_id"]) or _text_or_none(value["url"])
    if external_id is None:
        external_id = "content:" + _content_key(source, author, created, text)
    return Mention(
        source=source,
        external_id=external_id,
        text=text.strip(),
        url=_text_or_none(value["url"]),
        author=author,
        author_followers=followers,
        lang=(_text_or_none(value["lang"]) or "").lower() or None,
        created_at=created,
        in_reply_to=_text_or_none(value["in_reply_to"]),
        channel=channel,
        raw=dict(record),
    )


def _first(record: Mapping[str, Any], override: str | None, aliases: tuple[str, ...]) -> Any:
    for path in (override,) if override else aliases:
        found = _dig(record, path)
        if found not in (None, ""):
            return found
    return None


def _dig(record: Mapping[str, Any], path: str) -> Any:
    if path in record:
        return record[path]
    current: Any = record
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _followers(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(float(str(value).replace(",", "").replace("_", "")))
    except (ValueError, OverflowError):
        raise ValueError(f"author_followers: not a number: {str(value)[:40]!r}") from None
    if number < 0:
        raise ValueError("author_followers: must not be negative")
    if number > MAX_FOLLOWERS:
        raise ValueError(f"author_followers: too large ({str(value)[:40]})")
    return number


def _number_or_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        seconds = int(value.strip())
        return seconds / 1000 if seconds > 10**11 else seconds  # epoch milliseconds in some exports
    return value


def _text_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _content_key(source: str, author: str | None, created: Any, text: str) -> str:
    material = "\x00".join((source, author or "", created.isoformat() if created else "", " ".join(text.split())))
    return hashlib.blake2b(material.encode("utf-8"), digest_size=12).hexdigest()
