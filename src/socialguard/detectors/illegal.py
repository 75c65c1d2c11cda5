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
from functools import cache, lru_cache
from itertools import product
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicons import LEXICONS
from ..textmatch import Match, PhraseMatcher, tokens
from ..yamlfile import load_yaml
from .base import Context, Detector, Hit, known_values

MAX_NEGATION_WORDS = 3
QUOTES = {"\"": "\"", "“": "”", "„": "”", "«": "»", "»": "«"}  # opening mark -> closing mark


@dataclass(frozen=True)
class PhraseList:
    """Every language's phrases, each with its category, plus the cancelling phrases and negations."""

    phrases: tuple[tuple[str, str], ...]  # (phrase, category)
    exceptions: tuple[tuple[str, str], ...]
    negations: frozenset[str]

    @property
    def categories(self) -> list[str]:
        return sorted({category for _, category in self.phrases})


def expand(entry: Any) -> list[str]:
    """A phrase, or a list of word groups standing for every combination of one item from each group."""
    if isinstance(entry, str):
        return [entry]
    groups = [[item] if isinstance(item, str) else item for item in entry]
    return [" ".join(parts) for parts in product(*groups)]


def _folded(phrase: str) -> str:
    return " ".join(t.word for t in tokens(phrase, obfuscation=True))


@cache
def load_phrases() -> PhraseList:
    phrases: list[tuple[str, str]] = []
    exceptions: list[tuple[str, str]] = []
    negations: set[str] = set()
    for path in sorted(LEXICONS.iterdir(), key=lambda p: p.name):
        if not (path.name.startswith("illegal_") and path.name.endswith(".yaml")):
            continue
        data = load_yaml(path.read_text(encoding="utf-8"), path.name)
        negations |= {_folded(n) for n in data.get("negations", [])}
        for category, spec in data["categories"].items():
            phrases += [(p, category) for entry in spec.get("phrases", []) for p in expand(entry)]
            exceptions += [(p, category) for entry in spec.get("not", []) for p in expand(entry)]
    return PhraseList(tuple(dict.fromkeys(phrases)), tuple(exceptions), frozenset(negations))


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
        return known_values(value, load_phrases().categories, "category")


@dataclass(frozen=True)
class _Compiled:
    phrases: tuple[tuple[str, str], ...]
    matcher: PhraseMatcher
    exceptions: tuple[tuple[str, str], ...]
    exception_matcher: PhraseMatcher


@lru_cache(maxsize=8)
def _compile(categories: tuple[str, ...]) -> _Compiled:
    lists = load_phrases()
    phrases = tuple((p, c) for p, c in lists.phrases if not categories or c in categories)
    exceptions = tuple((p, c) for p, c in lists.exceptions if not categories or c in categories)
    return _Compiled(
        phrases,
        PhraseMatcher([p for p, _ in phrases], obfuscation=True),
        exceptions,
        PhraseMatcher([p for p, _ in exceptions], obfuscation=True),
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
        self._negations = load_phrases().negations

    def find(self, ctx: Context) -> Iterable[Hit]:
        matches = self._compiled.matcher.find(ctx.text)
        if not matches:
            return
        cancelling = self._compiled.exception_matcher.find_all(ctx.text)
        for match in matches:
            phrase, category = self._compiled.phrases[match.index]
            if (
                self._cancelled(match, category, cancelling)
                or self._negated(ctx.text, match.start)
                or quoted(ctx.text, match.start, match.end)
            ):
                continue
            yield Hit(
                start=match.start,
                end=match.end,
                message=f"illegal.{category}",
                args={"match": ctx.text[match.start : match.end]},
                entity=phrase,
                label=category,
            )

    def _cancelled(self, match: Match, category: str, cancelling: list[Match]) -> bool:
        return any(
            self._compiled.exceptions[c.index][1] == category and c.start < match.end and match.start < c.end
            for c in cancelling
        )

    def _negated(self, text: str, start: int) -> bool:
        """One of the negation words ("never", "nie") comes right before the phrase."""
        before = [t.word for t in tokens(text[max(0, start - 40) : start], obfuscation=True)]
        return any(" ".join(before[-n:]) in self._negations for n in range(1, MAX_NEGATION_WORDS + 1) if before[-n:])
