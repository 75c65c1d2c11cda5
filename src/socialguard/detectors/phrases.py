"""`text.phrases`: finds words, phrases or patterns a rule forbids (Vale's "existence" check).

A rule lists `phrases` (English or Polish, whole words, case- and diacritic-insensitive, inflection-
tolerant: `gwarantowany zysk` also finds `gwarantowanego zysku`; `word*` is a stem; `=phrase` keeps
exact forms) and/or `patterns` (regular expressions, case-insensitive, compiled once; use `(?-i:...)`
for a case-sensitive part). Every occurrence is a hit with the rule's `label`. The default message is
generic ("`…` is not allowed here"); rules usually give their own, localized `message`.

It knows nothing by itself: what is forbidden is entirely the rule's data. It does not find synonyms
or paraphrases of the listed phrases.
"""

from __future__ import annotations

import re
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..textmatch import Match, PhraseMatcher, longest_first
from .base import Context, Detector, Hit


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, case-insensitive; a bad one is a clear `ValueError`."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None


def has_words(phrase: str) -> bool:
    return any(c.isalnum() for c in phrase)


class PhrasesParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    label: str | None = None

    @field_validator("phrases")
    @classmethod
    def _phrases_have_words(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not has_words(phrase):
                raise ValueError(f"phrase {phrase!r} has no letters or digits to match")
        return value

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            compile_pattern(pattern)
        return value

    @model_validator(mode="after")
    def _something_to_find(self) -> "PhrasesParams":
        if not self.phrases and not self.patterns:
            raise ValueError("give at least one of phrases or patterns")
        return self


class ForbiddenPhrases(Detector):
    id = "text.phrases"
    summary = "Words, phrases (inflection-tolerant) or regular expressions that a rule forbids"
    Params = PhrasesParams

    def __init__(self, params: PhrasesParams, policy) -> None:
        super().__init__(params, policy)
        self._matcher = PhraseMatcher(params.phrases, inflect=True)
        self._patterns = [compile_pattern(p) for p in params.patterns]

    def find(self, ctx: Context) -> Iterable[Hit]:
        matches = self._matcher.find(ctx.text)
        matches += [
            Match(m.start(), m.end(), index, pattern.pattern)
            for index, pattern in enumerate(self._patterns)
            for m in pattern.finditer(ctx.text)
            if m.end() > m.start()
        ]
        for match in longest_first(matches):
            yield Hit(
                start=match.start,
                end=match.end,
                message="text.phrases.found",
                args={"match": ctx.text[match.start : match.end]},
                entity=match.phrase,
                label=self.params.label,
            )
