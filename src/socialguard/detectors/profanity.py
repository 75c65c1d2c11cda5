"""`conduct.profanity`: finds profanity and slurs, in English and Polish, from word lists.

The lists are data (`socialguard/lexicons/profanity_<lang>.yaml`, one per language, in the lexicons' one
format; adding a language is adding a file): whole words and stems (`kurw*`, `fuck*`), labelled
`profanity` or `slur`. Matching is whole-word (no hit in "Scunthorpe", "assessment", "cockpit",
"skurczybyk"), case- and diacritic-insensitive, and undoes obfuscation: leetspeak (`sh1t`), stretched letters (`fuuuck`), dotted letters (`f.u.c.k`) and a
`*` for a letter or two (`k*rwa`; a word mostly made of stars, such as the fix `k***a`, counts as
masked). Words that are also first names (`Dick`) are not flagged inside a capitalised name
("Dick Van Dyke", "Moby Dick"). Every language's list applies to every post, since people swear across
languages; `languages` narrows that down.

It does not judge insults without swear words ("you idiot"), hate speech in polite words, sarcasm or
context ("the word 'fuck' in a linguistics post"): that is for the offensive-language classifier.
It does not catch words split by spaces ("f u c k") or a leading `@` (read as a mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicons import Phrase, available_languages, load_lexicon
from ..textmatch import PhraseMatcher, tokens
from .base import Context, Detector, Hit, replace_span

WILDCARD_SCORE = 0.9
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+$")
_WORD_AFTER = re.compile(r"^\s+(\w+)")


def _folded(phrase: str) -> str:
    return " ".join(t.word for t in tokens(phrase, obfuscation=True))


def _entry_key(term: str) -> str:
    """How two spellings of a lexicon entry compare: `Gówno` and `gowno` are the same entry."""
    return _folded(term.rstrip("*")) + ("*" if term.endswith("*") else "")


class ProfanityParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    languages: list[str] = Field(default_factory=list)  # empty: every language's list
    extra_terms: list[str] = Field(default_factory=list)  # words or stems (`word*`), labelled profanity
    exclude_terms: list[str] = Field(default_factory=list)  # words or stems never to report

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        known = available_languages("profanity")
        for lang in value:
            if lang not in known:
                raise ValueError(f"no profanity list for language {lang!r}; available: {', '.join(known)}")
        return value


@dataclass(frozen=True)
class _Compiled:
    matcher: PhraseMatcher
    entries: tuple[Phrase, ...]
    excluded_words: frozenset[str]
    excluded_stems: tuple[str, ...]


@lru_cache(maxsize=16)
def _compile(languages: tuple[str, ...], extra: tuple[str, ...], exclude: tuple[str, ...]) -> _Compiled:
    """Built once per distinct params and shared by every rule that uses them."""
    excluded = {_folded(t) for t in exclude if not t.endswith("*")}
    stems = tuple(_folded(t.rstrip("*")) for t in exclude if t.endswith("*"))
    entries = [*load_lexicon("profanity", languages).phrases, *(Phrase(t, "profanity") for t in extra)]
    removed = {_entry_key(t) for t in exclude}
    kept = tuple(e for e in entries if _entry_key(e.text) not in removed)
    matcher = PhraseMatcher([e.text for e in kept], obfuscation=True)
    return _Compiled(matcher, kept, frozenset(excluded), stems)


def mask(text: str) -> str:
    """Each word with its inner letters starred: `kurwa` -> `k***a`, `fag` -> `f**`."""

    def mask_word(word: str) -> str:
        if len(word) >= 4:
            return word[0] + "*" * (len(word) - 2) + word[-1]
        return word[0] + "*" * (len(word) - 1)

    return re.sub(r"\S+", lambda m: mask_word(m.group()), text)


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word.isupper())


def written_as_name(text: str, start: int, end: int) -> bool:
    """The word at [start, end) is capitalised and next to another capitalised word ("Dick Van Dyke")."""
    if not _is_name_like(text[start:end]):
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER.search(text[end : end + 40])
    return bool(before and _is_name_like(before.group(1)) or after and _is_name_like(after.group(1)))


class Profanity(Detector):
    id = "conduct.profanity"
    summary = "Profanity and slurs in English and Polish, also inflected or obfuscated"
    Params = ProfanityParams

    def __init__(self, params: ProfanityParams, policy) -> None:
        super().__init__(params, policy)
        languages = tuple(params.languages or available_languages("profanity"))
        self._compiled = _compile(languages, tuple(params.extra_terms), tuple(params.exclude_terms))

    def find(self, ctx: Context) -> Iterable[Hit]:
        compiled = self._compiled
        for match in compiled.matcher.find(ctx.text):
            entry = compiled.entries[match.index]
            matched = ctx.text[match.start : match.end]
            if self._excluded(matched) or entry.is_name and written_as_name(ctx.text, match.start, match.end):
                continue
            yield Hit(
                start=match.start,
                end=match.end,
                message="profanity.slur" if entry.category == "slur" else "profanity.found",
                args={"match": matched},
                entity=entry.text,
                label=entry.category,
                score=WILDCARD_SCORE if match.wildcard else 1.0,
                fix="profanity.fix",
                fix_text=replace_span(ctx.text, match.start, match.end, mask(matched)),
            )

    def _excluded(self, matched: str) -> bool:
        if not self._compiled.excluded_words and not self._compiled.excluded_stems:
            return False
        folded = _folded(matched)
        return folded in self._compiled.excluded_words or folded.startswith(self._compiled.excluded_stems)
