"""`confidential.terms`: finds the policy's confidential terms (project code names, unreleased products).

Terms come from the policy's `confidential_terms` (each may be confidential only `until` a date, after
which it is no longer reported) and from the rule's `params.terms`. Matching is case- and
diacritic-insensitive, whole words only, tolerant to English and Polish inflection (`Projekt Sokół`
finds `Projektu Sokoła`, `w projekcie sokole`) and to small typos (`Projekt Sokul`) in terms of six
letters or more. A term written `=Like this` matches only its exact forms.

It does not find paraphrases or descriptions of a secret ("our new bird-themed project"), and it does
not know which terms are secret: the policy says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

from ..textmatch import PhraseMatcher
from .base import Context, Detector, Hit, replace_span

REDACTED = "[…]"
TYPO_SCORE = 0.8


class TermsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[str] = Field(default_factory=list)  # in addition to the policy's confidential_terms
    max_typos: int = Field(default=1, ge=0, le=2)


class ConfidentialTerms(Detector):
    id = "confidential.terms"
    summary = "Confidential terms from the policy (code names, unreleased products), inflected or misspelt"
    Params = TermsParams

    def __init__(self, params: TermsParams, policy) -> None:
        super().__init__(params, policy)
        entries = [(t.term, t.until) for t in policy.confidential_terms] + [(t, None) for t in params.terms]
        self._terms = [term for term, _ in entries]
        self._until: list[dt.date | None] = [until for _, until in entries]
        self._matcher = PhraseMatcher(self._terms, inflect=True, max_typos=params.max_typos)

    def find(self, ctx: Context) -> Iterable[Hit]:
        today = dt.date.today()
        for match in self._matcher.find(ctx.text):
            until = self._until[match.index]
            if until is not None and until < today:
                continue
            term = self._terms[match.index].lstrip("=")
            yield Hit(
                start=match.start,
                end=match.end,
                message="terms.found",
                args={"match": ctx.text[match.start : match.end], "term": term},
                entity=term,
                label="confidential_term",
                score=TYPO_SCORE if match.typos else 1.0,
                fix="terms.fix",
                fix_text=replace_span(ctx.text, match.start, match.end, REDACTED),
            )
