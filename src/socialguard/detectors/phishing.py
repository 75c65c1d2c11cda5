"""`security.phishing`: credential-harvesting phrasing, in English and Polish, from phrase lists.

Finds the wording of account-takeover messages (the finding's label is the category):
`threat` ("your account will be suspended", "Twoje konto zostanie zablokowane"), `verify` ("verify your
account", "zweryfikuj swoje konto"), `credentials` ("confirm your password", "podaj hasło", "send us the
2FA code"), `unlock_link` ("click the link to unlock", "kliknij w link, aby odblokować") and `lure` (fake
copyright notices, verification-badge offers, "Meta support team"). The phrases are data
(`socialguard/lexicons/phishing_<lang>.yaml`), matched with `socialguard.textmatch` (case, diacritics, punctuation and
EN/PL inflection ignored). A negation right before a phrase cancels it ("we will never ask you to confirm
your password", "nigdy nie prosimy o podanie hasła"), unless it is a condition ("if you do not verify ...").

The lists also hold weak cues (`urgency`: "within 24 hours", "natychmiast"; `click`: "click the link",
"kliknij w link"), which are never findings on their own: `socialguard.security.phishing.assess_message`
adds them, and the look-alike links of `security.link`, to a message's phishing score.

Deliberately does not find: links (that is `security.link`), phishing in other languages or in images,
and credential requests worded in ways the lists do not have. It judges wording, not intent: a support
article quoting a scam message is found too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicons import Lexicon, Negation, Phrase, load_lexicon
from ..textmatch import PhraseMatcher
from .base import Context, Detector, Hit, known_values

NEGATION_WINDOW = 4  # words that may stand between a negation and the phrase it cancels


def lexicon() -> Lexicon:
    return load_lexicon("phishing")


@lru_cache(maxsize=8)
def phrase_matcher(categories: tuple[str, ...]) -> tuple[tuple[Phrase, ...], PhraseMatcher]:
    """The phrases of `categories` (all when empty) and one inflection-tolerant matcher over them."""
    chosen = tuple(p for p in lexicon().phrases if not categories or p.category in categories)
    return chosen, PhraseMatcher([p.text for p in chosen], inflect=True)


@cache
def _negation() -> Negation:
    return lexicon().negation(NEGATION_WINDOW)


@dataclass(frozen=True)
class PhraseHit:
    start: int
    end: int
    phrase: str
    category: str


def find_phrases(text: str, categories: tuple[str, ...] = ()) -> list[PhraseHit]:
    """Phishing phrases in `text` (of `categories`, all when empty), negated ones left out ("we will never ask
    for your password"; not "if you do not verify")."""
    chosen, matcher = phrase_matcher(categories)
    return [
        PhraseHit(m.start, m.end, chosen[m.index].text, chosen[m.index].category)
        for m in matcher.find(text)
        if not _negation().before(text, m.start)
    ]


class PhishingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[str] = Field(default_factory=list)  # empty: every strong category

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        return known_values(value, lexicon().strong, "category")


class PhishingPhrasing(Detector):
    id = "security.phishing"
    summary = "Credential-harvesting phrasing: account threats, verify/confirm-your-password requests, unlock links."
    Params = PhishingParams

    def __init__(self, params: PhishingParams, policy) -> None:
        super().__init__(params, policy)
        self._categories = tuple(sorted(params.categories or lexicon().strong))

    def find(self, ctx: Context) -> Iterable[Hit]:
        for hit in find_phrases(ctx.text, self._categories):
            yield Hit(
                start=hit.start,
                end=hit.end,
                message=f"security.phishing.{hit.category}",
                args={"match": ctx.text[hit.start : hit.end]},
                entity=hit.phrase,
                label=hit.category,
            )
