"""`platform.limits`: posts longer than the platform allows, or with too many hashtags or mentions.

Finds posts over the character, hashtag or mention limit of their `platform` (`PLATFORM_LIMITS`, changed
or extended by `params.limits`). Characters are counted as the platform counts them, approximately:

- user-perceived characters (grapheme clusters): a Polish letter, an emoji with skin tone or a family
  emoji joined by ZWJ, a flag, a letter with combining accents each count as one;
- X weighs characters: code points up to U+10FF (Latin, Polish, Greek, Cyrillic...) and some punctuation
  count 1, everything else (CJK, emoji) counts 2; every URL counts 23 (`t.co` wrapping); the @mentions a
  reply starts with do not count;
- Mastodon counts every URL as 23 and a remote mention `@user@server` as `@user`;
- Bluesky and the others count graphemes, URLs as written.

URLs are those written with `http(s)://` or `www.` (in lower, upper or title case).
Languages: any; messages in English and Polish.

Deliberately does not find: limits of titles, bios, alt texts or video length; platform-specific rules
for bare domains that X also shortens (`example.com` without a scheme counts as written); the weight-2 rule
for emoji that start with a light code point (keycaps `1️⃣`, `©️`) on X. A platform without limits (e.g.
`generic`) is never checked.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Iterable, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from .base import Context, Detector, Hit

if TYPE_CHECKING:
    from ..policy.schema import Policy

URL_WEIGHT = 23


class Limit(BaseModel):
    """The limits of one platform; None means no limit."""

    model_config = ConfigDict(extra="forbid")
    chars: int | None = Field(default=None, ge=1)
    hashtags: int | None = Field(default=None, ge=0)
    mentions: int | None = Field(default=None, ge=0)


class Counting(NamedTuple):
    name: str  # how the platform is named in messages
    url_weight: int | None = None  # every URL counts this much; None: as written
    weighted: bool = False  # X: CJK and emoji count 2
    remote_mentions_short: bool = False  # Mastodon: "@user@server" counts as "@user"
    reply_mentions_free: bool = False  # X: the @mentions a reply starts with are not counted


PLATFORM_LIMITS: dict[str, Limit] = {
    "x": Limit(chars=280),
    "bluesky": Limit(chars=300),
    "mastodon": Limit(chars=500),
    "threads": Limit(chars=500),
    "linkedin": Limit(chars=3000),
    "instagram": Limit(chars=2200, hashtags=30),
    "facebook": Limit(chars=63206),
    "tiktok": Limit(chars=4000),
}
COUNTING: dict[str, Counting] = {
    "x": Counting("X", url_weight=URL_WEIGHT, weighted=True, reply_mentions_free=True),
    "twitter": Counting("X", url_weight=URL_WEIGHT, weighted=True, reply_mentions_free=True),
    "bluesky": Counting("Bluesky"),
    "mastodon": Counting("Mastodon", url_weight=URL_WEIGHT, remote_mentions_short=True),
    "threads": Counting("Threads"),
    "linkedin": Counting("LinkedIn"),
    "instagram": Counting("Instagram"),
    "facebook": Counting("Facebook"),
    "tiktok": Counting("TikTok"),
    "youtube": Counting("YouTube"),
}
PLATFORM_LIMITS["twitter"] = PLATFORM_LIMITS["x"]

# Code points that extend the character before them: combining marks, variation selectors, emoji
# skin-tone modifiers, tag characters (subdivision flags), and whatever a zero-width joiner joins.
_EXTEND = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_X_LIGHT = "\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037"  # X counts these 1, all else 2
_GRAPHEME = re.compile(rf"\r\n|[\U0001f1e6-\U0001f1ff]{{2}}|.[{_EXTEND}]*(?:\u200d(?:.[{_EXTEND}]*)?)*", re.DOTALL)
_NOT_A_START = re.compile(rf"[{_EXTEND}]+|\u200d.?", re.DOTALL)  # code points that continue a character
_FLAG = re.compile(r"[\U0001f1e6-\U0001f1ff]{2}")  # two regional indicators: one flag
_X_HEAVY_START = re.compile(rf"(?<!\u200d)[^{_X_LIGHT}{_EXTEND}]")
_X_IS_LIGHT = re.compile(rf"[{_X_LIGHT}]")
_BEYOND_LATIN = re.compile("[^\u0000-\u02ff]")  # below U+0300: one code point is one character
_URL = re.compile(r"""(?:https?://|www\.|HTTPS?://|WWW\.|Https?://|Www\.)[^\s<>"'()\[\]{}]*[^\s<>"'()\[\]{}.,;:!?]""")
_REMOTE_MENTION = re.compile(r"(?<![\w@])(@\w+)@[\w.-]*\w")
_HASHTAG = re.compile(r"(?<![\w#&])#\w+")
_MENTION = re.compile(r"(?<![\w@])@\w[\w.]*")
_LEADING_MENTIONS = re.compile(r"\s*(?:@\w+\s+)+")


def _x_weight(char: str) -> int:
    return 1 if _X_IS_LIGHT.match(char) else 2


class Unit(NamedTuple):
    start: int
    weight: int


class LengthCounter:
    """Counts a text's length the way one platform does."""

    def __init__(self, counting: Counting) -> None:
        self.counting = counting
        special = []
        if counting.url_weight is not None:
            special.append(_URL.pattern)
        if counting.remote_mentions_short:
            special.append(_REMOTE_MENTION.pattern)
        self._special = re.compile("|".join(f"(?:{p})" for p in special)) if special else None

    def _counted_from(self, text: str) -> int:
        """Where counting starts: after the @mentions a reply starts with, where the platform does not count them."""
        leading = _LEADING_MENTIONS.match(text) if self.counting.reply_mentions_free and text[:1] in " @" else None
        return leading.end() if leading else 0

    def count(self, text: str) -> int:
        total = 0
        position = self._counted_from(text)
        for special in self._special.finditer(text, position) if self._special else ():
            total += self._plain_count(text[position : special.start()]) + self._special_weight(special)
            position = special.end()
        return total + self._plain_count(text[position:])

    def _plain_count(self, piece: str) -> int:
        """Graphemes (or X weights) of `piece`, counted without splitting it: code points minus continuations."""
        if piece.isascii() or not _BEYOND_LATIN.search(piece):  # Latin letters, Polish included
            return len(piece) - piece.count("\r\n")
        flags = len(_FLAG.findall(piece))
        graphemes = len(piece) - piece.count("\r\n") - sum(map(len, _NOT_A_START.findall(piece))) - flags
        if not self.counting.weighted:
            return graphemes
        return graphemes + len(_X_HEAVY_START.findall(piece)) - flags  # a heavy character weighs one more

    def units(self, text: str) -> Iterable[Unit]:
        """Every counted piece of `text` with its offset and weight, in order."""
        position = self._counted_from(text)
        for special in self._special.finditer(text, position) if self._special else ():
            yield from self._plain_units(text, position, special.start())
            yield Unit(special.start(), self._special_weight(special))
            position = special.end()
        yield from self._plain_units(text, position, len(text))

    def _special_weight(self, match: re.Match[str]) -> int:
        if match.group(0).startswith("@"):  # a remote mention: only "@user" counts
            return len(match.group(0).split("@")[1]) + 1
        return self.counting.url_weight or len(match.group(0))

    def _plain_units(self, text: str, start: int, end: int) -> Iterable[Unit]:
        for grapheme in _GRAPHEME.finditer(text, start, end):
            weight = _x_weight(grapheme.group(0)[0]) if self.counting.weighted else 1
            yield Unit(grapheme.start(), weight)

    def overflow_start(self, text: str, limit: int) -> int:
        """The offset of the first character past `limit`."""
        total = 0
        for unit in self.units(text):
            total += unit.weight
            if total > limit:
                return unit.start
        return len(text)


def entities(text: str) -> list[tuple[int, int, str]]:
    """The links, @mentions and #hashtags of `text` as networks recognise them: (start, end, kind) with kind
    "link", "mention" or "hashtag", in order, none overlapping (a link wins over what is inside it)."""
    found = [(m.start(), m.end(), "link") for m in _URL.finditer(text)]
    for pattern, kind in ((_MENTION, "mention"), (_HASHTAG, "hashtag")):
        found += [(m.start(), m.end(), kind) for m in pattern.finditer(text)
                  if not any(s < m.end() and m.start() < e for s, e, _kind in found)]
    return sorted(found)


class Length(NamedTuple):
    """A text's length on one platform: `count` as the platform counts it, `limit` its character limit (None:
    none), `platform` the platform's name in messages."""

    count: int
    limit: int | None
    platform: str


@cache
def counter_for(platform: str) -> LengthCounter:
    """The length counter of `platform` (one per platform, built on first use)."""
    return LengthCounter(COUNTING.get(platform, Counting(platform)))


def measure(text: str, platform: str, limit: Limit | None = None) -> Length:
    """The length of `text` on `platform` (limit: the platform's `Limit`, default `PLATFORM_LIMITS`)."""
    limit = PLATFORM_LIMITS.get(platform, Limit()) if limit is None else limit
    counter = counter_for(platform)
    return Length(counter.count(text), limit.chars, counter.counting.name)


class LimitsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limits: dict[str, Limit] = Field(default_factory=dict)  # per platform; given fields replace the defaults


class PlatformLimits(Detector):
    id = "platform.limits"
    summary = "Length, hashtag and mention limits of each platform (X 280 with URLs as 23, Bluesky 300, ...)."
    Params = LimitsParams

    def __init__(self, params: LimitsParams, policy: "Policy") -> None:
        super().__init__(params, policy)
        self._limits = dict(PLATFORM_LIMITS)
        for platform, given in params.limits.items():
            key = platform.strip().lower()
            base = self._limits.get(key, Limit())
            self._limits[key] = base.model_copy(update={f: getattr(given, f) for f in given.model_fields_set})
        self._counters = {p: counter_for(p) for p in self._limits}

    def measure(self, text: str, platform: str) -> Length:
        """How long `text` is on `platform`, counted as the platform counts, and its character limit."""
        return measure(text, platform, self._limits.get(platform, Limit()))

    def find(self, ctx: Context) -> Iterable[Hit]:
        platform = ctx.post.platform
        limit = self._limits.get(platform)
        if limit is None:
            return
        counter = self._counters[platform]
        text = ctx.text
        if limit.chars is not None:
            count = counter.count(text)
            if count > limit.chars:
                args = {"count": count, "limit": limit.chars, "platform": counter.counting.name}
                yield Hit(counter.overflow_start(text, limit.chars), len(text), "platform.limits.chars",
                          args=args, label="chars")
        if limit.hashtags is not None and "#" in text:
            yield from self._too_many(_HASHTAG, text, limit.hashtags, "hashtags", counter.counting.name)
        if limit.mentions is not None and "@" in text:
            yield from self._too_many(_MENTION, text, limit.mentions, "mentions", counter.counting.name)

    @staticmethod
    def _too_many(pattern: re.Pattern[str], text: str, limit: int, label: str, platform: str) -> Iterable[Hit]:
        """One hit spanning the hashtags (or mentions) past `limit`, from the first extra one to the last."""
        found = list(pattern.finditer(text))
        if len(found) > limit:
            args = {"count": len(found), "limit": limit, "platform": platform}
            yield Hit(found[limit].start(), found[-1].end(), f"platform.limits.{label}", args=args, label=label)
