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

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicons import LEXICONS
from ..textmatch import Match, PhraseMatcher, tokens
from ..yamlfile import load_yaml
from .base import Context, Detector, Hit, known_values

NEGATION_WINDOW = 5  # words before a phrase in which a negation cancels it
CONDITIONALS = frozenset({"if", "unless", "jesli", "jezeli", "gdy", "kiedy"})
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Category:
    name: str
    strong: bool
    weight: float


@dataclass(frozen=True)
class PhishingPhrases:
    """Every language's phrases with their category, the categories, and the negations."""

    phrases: tuple[tuple[str, str], ...]  # (phrase, category)
    categories: dict[str, Category]
    negations: frozenset[str]

    @property
    def strong(self) -> list[str]:
        return sorted(name for name, c in self.categories.items() if c.strong)


def expand(entry: Any) -> list[str]:
    """A phrase; a list of phrases (alternatives); or a list of word groups standing for every combination
    of one item from each group (a plain string among groups is a group of one)."""
    if isinstance(entry, str):
        return [entry]
    if all(isinstance(item, str) for item in entry):
        return list(entry)
    groups = [[item] if isinstance(item, str) else item for item in entry]
    return [" ".join(w for w in parts if w) for parts in product(*groups)]


def _folded(phrase: str) -> str:
    return " ".join(t.word for t in tokens(phrase))


@cache
def load_phrases() -> PhishingPhrases:
    phrases: list[tuple[str, str]] = []
    categories: dict[str, Category] = {}
    negations: set[str] = set()
    for path in sorted(LEXICONS.iterdir(), key=lambda p: p.name):
        if not (path.name.startswith("phishing_") and path.name.endswith(".yaml")):
            continue
        data = load_yaml(path.read_text(encoding="utf-8"), path.name)
        negations |= {_folded(n) for n in data.get("negations", [])}
        for name, spec in data["categories"].items():
            categories.setdefault(name, Category(name, bool(spec.get("strong")), float(spec["weight"])))
            phrases += [(p, name) for entry in spec["phrases"] for p in expand(entry)]
    return PhishingPhrases(tuple(dict.fromkeys(phrases)), categories, frozenset(negations))


@lru_cache(maxsize=8)
def phrase_matcher(categories: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], PhraseMatcher]:
    """The phrases of `categories` (all when empty) and one inflection-tolerant matcher over them."""
    lists = load_phrases()
    chosen = tuple((p, c) for p, c in lists.phrases if not categories or c in categories)
    return chosen, PhraseMatcher([p for p, _ in chosen], inflect=True)


@dataclass(frozen=True)
class PhraseHit:
    start: int
    end: int
    phrase: str
    category: str


def find_phrases(text: str, categories: tuple[str, ...] = ()) -> list[PhraseHit]:
    """Phishing phrases in `text` (of `categories`, all when empty), negated ones left out."""
    chosen, matcher = phrase_matcher(categories)
    negations = load_phrases().negations
    return [
        PhraseHit(m.start, m.end, chosen[m.index][0], chosen[m.index][1])
        for m in matcher.find(text)
        if not _negated(text, m, negations)
    ]


def _negated(text: str, match: Match, negations: frozenset[str]) -> bool:
    """A negation ("never", "nie") among the few words before the phrase in its sentence, unless it is part
    of a condition ("if you do not", "jeśli nie")."""
    sentence = _SENTENCE_END.split(text[max(0, match.start - 100) : match.start])[-1]
    before = [t.word for t in tokens(sentence)][-(NEGATION_WINDOW + 2) :]
    for i in range(max(0, len(before) - NEGATION_WINDOW), len(before)):
        for size in (3, 2, 1):
            if i + size <= len(before) and " ".join(before[i : i + size]) in negations:
                return not any(word in CONDITIONALS for word in before[max(0, i - 2) : i])
    return False


class PhishingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[str] = Field(default_factory=list)  # empty: every strong category

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        return known_values(value, load_phrases().strong, "category")


class PhishingPhrasing(Detector):
    id = "security.phishing"
    summary = "Credential-harvesting phrasing: account threats, verify/confirm-your-password requests, unlock links."
    Params = PhishingParams

    def __init__(self, params: PhishingParams, policy) -> None:
        super().__init__(params, policy)
        self._categories = tuple(sorted(params.categories or load_phrases().strong))

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
