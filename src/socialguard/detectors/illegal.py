"""`conduct.illegal`: finds posts that suggest illegal behaviour, in English and Polish, from phrase lists.

Categories (the finding's label): `drugs` (buying, selling, using), `weapons` (illegal sale, home-made
guns and bombs), `drunk_driving` (driving after drink or drugs, in its many paraphrases), `threats` (of
violence), `piracy` (torrents, cracked software, pirate IPTV), `forgery` (forged documents, fake invoices,
backdating), `tax_evasion` (cash without an invoice, hiding income) and `fare_evasion` (riding without a
ticket). The phrases are data (`socialguard/lexicons/illegal_<lang>.yaml`), written for precision and first-person
intent: "selling weed", "sprzedam zioło", "driving home drunk", "wypiłem dwa piwa i jadę", "I'll kill
you", "zabiję cię", "cracked Photoshop", "wystawię ci lewą fakturę", "taniej bez faktury", "jeżdżę na
gapę" are found; "drugstore", "a film about drugs", "kill the lights", "zabić czas", "weed killer",
"beware of fake invoices", "kara za jazdę na gapę" are not.

Two cues drop a hit: a negation or a reporting phrase right before it ("never drive home drunk",
"nie jadę po pijaku", "accused of issuing fake invoices", "jak rozpoznać fałszywą fakturę"), and
quotation marks around it (`he yelled "I'll kill you"` reports someone else's words). It does not
understand intent or irony, and it does not find illegal behaviour described in words its lists do not
have: it is a tripwire for review, not a judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicons import Lexicon, Phrase, load_lexicon
from ..textmatch import Match, PhraseMatcher
from .base import Context, Detector, Hit, known_values

NEGATION_WINDOW = 0  # a negation cancels a hit only right before it
QUOTES = {"\"": "\"", "“": "”", "„": "”", "«": "»", "»": "«"}  # opening mark -> closing mark


def lexicon() -> Lexicon:
    return load_lexicon("illegal")


def quoted(text: str, start: int, end: int) -> bool:
    """`text[start:end]` stands inside a pair of quotation marks (straight, curly, Polish or guillemets)."""
    for opening, closing in QUOTES.items():
        before = text[:start]
        if opening == closing:
            if before.count(opening) % 2 == 1 and closing in text[end:]:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in text[end:]:
            return True
    return False


class IllegalParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[str] = Field(default_factory=list)  # empty: all

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        return known_values(value, sorted(lexicon().categories), "category")


@dataclass(frozen=True)
class _Compiled:
    phrases: tuple[Phrase, ...]
    matcher: PhraseMatcher
    exceptions: tuple[Phrase, ...]
    exception_matcher: PhraseMatcher


@lru_cache(maxsize=8)
def _compile(categories: tuple[str, ...]) -> _Compiled:
    phrases = tuple(p for p in lexicon().phrases if not categories or p.category in categories)
    exceptions = tuple(p for p in lexicon().exceptions if not categories or p.category in categories)
    return _Compiled(
        phrases,
        PhraseMatcher([p.text for p in phrases], obfuscation=True),
        exceptions,
        PhraseMatcher([p.text for p in exceptions], obfuscation=True),
    )


class IllegalBehaviour(Detector):
    id = "conduct.illegal"
    summary = (
        "Posts suggesting illegal behaviour: drugs, weapons, drink or drug driving, threats, piracy, forgery, "
        "tax and fare evasion"
    )
    Params = IllegalParams

    def __init__(self, params: IllegalParams, policy) -> None:
        super().__init__(params, policy)
        self._compiled = _compile(tuple(params.categories))
        self._negation = lexicon().negation(NEGATION_WINDOW, obfuscation=True)

    def find(self, ctx: Context) -> Iterable[Hit]:
        matches = self._compiled.matcher.find(ctx.text)
        if not matches:
            return
        cancelling = self._compiled.exception_matcher.find_all(ctx.text)
        for match in matches:
            phrase = self._compiled.phrases[match.index]
            category = phrase.category
            if (
                self._cancelled(match, category, cancelling)
                or self._negation.before(ctx.text, match.start)
                or quoted(ctx.text, match.start, match.end)
            ):
                continue
            yield Hit(
                start=match.start,
                end=match.end,
                message=f"illegal.{category}",
                args={"match": ctx.text[match.start : match.end]},
                entity=phrase.text,
                label=category,
            )

    def _cancelled(self, match: Match, category: str, cancelling: list[Match]) -> bool:
        return any(
            self._compiled.exceptions[c.index].category == category and c.start < match.end and match.start < c.end
            for c in cancelling
        )
