"""`text.requires`: finds posts that say one thing without another it requires (Vale's "conditional").

If the post contains any of `if_any` but none of `require_any`, the first `if_any` occurrence is a hit:
a credit ad stating an instalment (`rata`, `monthly payment`) must state the APR (`RRSO`); a testimonial
must say results may not be representative. Entries are phrases (English or Polish, whole words,
inflection-tolerant, `word*` stems, `=exact`) or regular expressions written `re:...` (case-
insensitive). With `within_chars` the required text must appear within that many characters of the
start of the post (a disclosure "at the start").

It checks presence only: it does not check that the required text is true, complete or prominent.
"""

from __future__ import annotations

from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..textmatch import Match, PhraseMatcher
from .base import Context, Detector, Hit
from .phrases import compile_pattern, has_words

REGEX_PREFIX = "re:"


def _validate_entries(entries: list[str]) -> list[str]:
    for entry in entries:
        if entry.startswith(REGEX_PREFIX):
            compile_pattern(entry.removeprefix(REGEX_PREFIX))
        elif not has_words(entry):
            raise ValueError(f"phrase {entry!r} has no letters or digits to match")
    return entries


class RequiresParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    if_any: list[str] = Field(min_length=1)
    require_any: list[str] = Field(min_length=1)
    within_chars: int | None = Field(default=None, ge=1)

    @field_validator("if_any", "require_any")
    @classmethod
    def _entries_valid(cls, value: list[str]) -> list[str]:
        return _validate_entries(value)


class _Finder:
    """Finds any of a list of phrases and `re:` patterns."""

    def __init__(self, entries: list[str]) -> None:
        phrases = [e for e in entries if not e.startswith(REGEX_PREFIX)]
        self.matcher = PhraseMatcher(phrases, inflect=True)
        self.patterns = [compile_pattern(e.removeprefix(REGEX_PREFIX)) for e in entries if e.startswith(REGEX_PREFIX)]

    def find(self, text: str) -> list[Match]:
        found = self.matcher.find(text)
        found += [
            Match(m.start(), m.end(), i, p.pattern) for i, p in enumerate(self.patterns) for m in p.finditer(text)
        ]
        return sorted(found, key=lambda m: (m.start, -m.end))


def describe(entries: list[str]) -> str:
    """The required entries as a reader sees them: 'RRSO', 'APR', /\\bAPR\\b/."""
    return ", ".join(
        f"/{e.removeprefix(REGEX_PREFIX)}/" if e.startswith(REGEX_PREFIX) else f"'{e.lstrip('=')}'" for e in entries
    )


class Requires(Detector):
    id = "text.requires"
    summary = "A post that says one thing (if_any) must also say another (require_any), optionally near the start"
    Params = RequiresParams

    def __init__(self, params: RequiresParams, policy) -> None:
        super().__init__(params, policy)
        self._triggers = _Finder(params.if_any)
        self._required = _Finder(params.require_any)
        self._message = "text.requires.missing_" + ("one" if len(params.require_any) == 1 else "any")
        if params.within_chars:
            self._message += "_at_start"

    def find(self, ctx: Context) -> Iterable[Hit]:
        triggers = self._triggers.find(ctx.text)
        if not triggers or self._has_required(ctx.text):
            return
        first = triggers[0]
        yield Hit(
            start=first.start,
            end=first.end,
            message=self._message,
            args={
                "match": ctx.text[first.start : first.end],
                "required": describe(self.params.require_any),
                "within": self.params.within_chars or "",
            },
            entity=first.phrase,
            label="missing_required",
        )

    def _has_required(self, text: str) -> bool:
        limit = self.params.within_chars
        return any(limit is None or m.end <= limit for m in self._required.find(text))
