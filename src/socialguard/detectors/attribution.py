"""`legal.attribution`: attached media and quotations without a credit or source.

Finds, in English and Polish:

- `media_credit`: attached media (`post.media`) with neither `credit` nor `source`, unless marked
  `own: true` or the text credits it ("Photo: ...", "fot. ...", "zdj. ...", "źródło: ...", "via ...",
  "📷 @...": a credit in the text covers every attachment);
- `quote`: quotations of `min_quote_words` words or more in "...", “...”, „...”, «...» or »...«, and
  block quotes (lines starting with "> " and a letter or quotation mark, of any length), without a source:
  a source is a link, "via", "source:"/"źródło:"/"src:"/"źr." anywhere after the quote; "— Name",
  "- Name" or an @handle right after it (or an @handle later on the same line); or, just before it,
  a verb of saying ("said", "according to", "powiedział", "według", "wg", ...) or "First Last:";
- `alt_text` (only with `require_alt: true`): images without alternative text.

Media hits have the span (0, 0) and the attachment's index in `args` (`index` from 0, `number` from 1).

Deliberately does not find: whether a credit is true or a licence allows reuse, quotes in single quotation
marks (too often apostrophes), quotations without quotation marks, or media described only in the text.
"""

from __future__ import annotations

import re
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

from .base import Context, Detector, Hit

BEFORE_WINDOW = 80  # characters before a quote searched for "said", "według", "First Last:"
_UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
QUOTE_MARKS = ('"', "“", "„", "«", "»", ">")
_QUOTE = re.compile(r'"([^"]+)"|“([^“”]+)”|„([^„”“"]+)[”“"]|«([^«»]+)»|»([^«»]+)«')
_BLOCK_QUOTE = re.compile(r"^>[ \t]+(?=[^\W\d_]|[\"“„«])[^\n]*(?:\n>[^\n]*)*", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SOURCE_LATER = re.compile(
    r"https?://|\bwww\.|\bvia\b|\b(?:source|sources|src|źródło|źródła|zrodlo)\s*:|\bźr\.", re.IGNORECASE
)
_SOURCE_RIGHT_AFTER = re.compile(rf"[\s,.]*(?:[—–―-]{{1,2}}|~)\s*(?:@\w|[{_UPPER}])|[\s,.]*\(?@\w")
_HANDLE_ON_LINE = re.compile(r"[^\n]*?(?<![\w@])@\w")
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|say|wrote|writes|according\s+to|quoting|quoted|told|tweeted|posted|"
    r"powiedział\w*|napisał\w*|mówi|mówił\w*|pisze|pisał\w*|według|wg|cytując|cytuję|stwierdził\w*|twierdzi|"
    r"zauważył\w*|dodał\w*)\b[^\"“„«»]*$",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(rf"(?:@\w+|[{_UPPER}]\w+\s+[{_UPPER}][\w-]+)\s*:\s*$")
_CREDIT_IN_TEXT = re.compile(
    r"\b(?:photo|photos|pic|picture|image|img|video|credit|credits|source|src|foto|zdjęcie|zdjęcia|źródło|"
    r"autor|autorka|grafika|ilustracja|wideo|film)\s*:\s*\S"
    r"|\b(?:fot|zdj|il|ilustr|źr|oprac)\.\s*\S"
    r"|\b(?:photo|photos|picture|image|video|illustration|graphic)\s+by\s+\S"
    r"|\b(?:via|courtesy\s+of|credit\s+to|dzięki\s+uprzejmości|autorstwa)\s+\S"
    r"|[📷📸]\s*:?\s*[@\w]",
    re.IGNORECASE,
)
# Every match of _CREDIT_IN_TEXT contains one of these (lower case): a cheap first look.
_CREDIT_CLUES = (
    "photo", "pic", "image", "img", "video", "credit", "source", "src", "foto", "fot.", "zdj", "źród", "autor",
    "grafik", "ilustr", "il.", "źr.", "oprac", "via", "courtesy", "uprzejmości", "illustration", "graphic",
    "film", "wideo", "📷", "📸",
)


class AttributionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_quote_words: int = Field(default=8, ge=1)
    require_alt: bool = False


class Attribution(Detector):
    id = "legal.attribution"
    summary = "Attached media without credit or source, quotations without a source (and, optionally, alt text)."
    Params = AttributionParams

    def find(self, ctx: Context) -> Iterable[Hit]:
        text = ctx.text
        if ctx.post.media:
            yield from self._media_hits(ctx)
        if any(mark in text for mark in QUOTE_MARKS):
            yield from self._quote_hits(text)

    def _media_hits(self, ctx: Context) -> Iterable[Hit]:
        credited_in_text = _credits_in_text(ctx.text)
        for index, media in enumerate(ctx.post.media):
            args = {"index": index, "number": index + 1, "kind": media.kind}
            if not (media.own or media.credit or media.source or credited_in_text):
                yield Hit(0, 0, "legal.attribution.media", args=args, label="media_credit")
            if self.params.require_alt and media.kind == "image" and not (media.alt or "").strip():
                yield Hit(0, 0, "legal.attribution.alt", args=args, label="alt_text")

    def _quote_hits(self, text: str) -> Iterable[Hit]:
        blocks = [(m.start(), m.end()) for m in _BLOCK_QUOTE.finditer(text)]
        for start, end in blocks:
            if not _has_source(text, start, end):
                yield self._quote_hit(text, start, end)
        for quote in _QUOTE.finditer(text):
            start, end = quote.span()
            inner = next(g for g in quote.groups() if g is not None)
            if "\n\n" in inner or any(s <= start < e for s, e in blocks):
                continue
            if self._is_long(inner) and not _has_source(text, start, end):
                yield self._quote_hit(text, start, end)

    def _is_long(self, quoted: str) -> bool:
        minimum = self.params.min_quote_words
        return len(quoted.split()) >= minimum and len(_WORD.findall(quoted)) >= minimum  # split() is the cheap look

    @staticmethod
    def _quote_hit(text: str, start: int, end: int) -> Hit:
        words = len(_WORD.findall(text[start:end]))
        return Hit(start, end, "legal.attribution.quote", args={"words": words}, label="quote")


def _credits_in_text(text: str) -> bool:
    lowered = text.lower()
    return any(clue in lowered for clue in _CREDIT_CLUES) and _CREDIT_IN_TEXT.search(text) is not None


def _has_source(text: str, start: int, end: int) -> bool:
    """Whether the quotation at `text[start:end]` says who said it or where it comes from."""
    return bool(
        _SOURCE_LATER.search(text, end)
        or _SOURCE_RIGHT_AFTER.match(text, end)
        or _HANDLE_ON_LINE.match(text, end)
        or _said_or_named_before(text[max(0, start - BEFORE_WINDOW) : start])
    )


def _said_or_named_before(before: str) -> bool:
    return bool(_SAID_BEFORE.search(before) or _NAME_BEFORE.search(before))
