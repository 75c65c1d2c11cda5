"""The phrase lists of the lexicon detectors, as data, and their one reader.

Each kind (`illegal` for `conduct.illegal`, `phishing` for `security.phishing`, `profanity` for
`conduct.profanity` and the offensive-language classifier) has one file per language in this folder,
`<kind>_<lang>.yaml`, all in one format:

    negations: [never, "do not", nie]     # a hit that a negation comes before is dropped (the detector
                                          # says how many words may stand between them: its window)
    conditionals: [if, jeśli]             # a negation right after one of these is a condition, not a denial
    categories:
      <name>:                             # the finding's label
        strong: true                      # a finding on its own (phishing: weak ones only add to a score)
        weight: 0.4                       # the category's share of a score (phishing)
        phrases: [...]                    # what is found
        names: [...]                      # phrases that are also personal names ("Dick Van Dyke")
        not: [...]                        # phrases that cancel an overlapping hit of this category

Every key but `categories` and `phrases` may be left out. A phrase entry is a phrase; a list of phrases
(alternatives); or a list of word groups (lists) standing for every combination of one item from each
group, a plain string among groups being a group of one and an empty string a word left out. Phrases
match whole words, ignoring case and diacritics; a word ending in `*` is a stem (`sell*` = sells,
selling). `load_lexicon(kind)` reads every language's file (or those of `languages`) into one `Lexicon`;
`Lexicon.negation(window, obfuscation)` is the one negation rule of the detectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import product
from typing import Any

from ..textmatch import tokens
from ..yamlfile import load_yaml

LEXICONS = resources.files(__package__)
LOOK_BACK = 100  # characters before a hit in which its sentence's negation is looked for
CONDITION_WORDS = 2  # words before a negation in which a conditional makes it a condition
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Phrase:
    text: str
    category: str
    is_name: bool = False


@dataclass(frozen=True)
class Category:
    name: str
    strong: bool = False
    weight: float = 0.0


@dataclass(frozen=True)
class Negation:
    """Whether a hit is denied: a negation ends at most `window` words before it, in its sentence, and does
    not follow a conditional ("if you do not verify"). `window` 0: the negation comes right before the hit."""

    negations: frozenset[str]  # folded
    conditionals: frozenset[str]
    window: int
    obfuscation: bool

    @cached_property
    def _longest(self) -> int:
        return max((n.count(" ") + 1 for n in self.negations), default=0)

    def before(self, text: str, start: int) -> bool:
        sentence = _SENTENCE_END.split(text[max(0, start - LOOK_BACK) : start])[-1]
        words = [t.word for t in tokens(sentence, obfuscation=self.obfuscation)]
        for end in range(len(words), max(0, len(words) - self.window - 1), -1):
            for size in range(min(self._longest, end), 0, -1):
                if " ".join(words[end - size : end]) in self.negations:
                    first = end - size
                    return not any(w in self.conditionals for w in words[max(0, first - CONDITION_WORDS) : first])
        return False


@dataclass(frozen=True)
class Lexicon:
    """One kind's phrases (every language's, or those asked for), its categories and negation words."""

    phrases: tuple[Phrase, ...]
    exceptions: tuple[Phrase, ...]  # the `not` phrases
    categories: dict[str, Category]
    negations: tuple[str, ...]
    conditionals: tuple[str, ...]

    @property
    def strong(self) -> list[str]:
        return sorted(name for name, c in self.categories.items() if c.strong)

    def negation(self, window: int, obfuscation: bool = False) -> Negation:
        def folded(words: tuple[str, ...]) -> frozenset[str]:
            return frozenset(" ".join(t.word for t in tokens(w, obfuscation=obfuscation)) for w in words)

        return Negation(folded(self.negations), folded(self.conditionals), window, obfuscation)


def expand(entry: Any) -> list[str]:
    """A phrase; a list of phrases (alternatives); or a list of word groups standing for every combination
    of one item from each group (a plain string among groups is a group of one)."""
    if isinstance(entry, str):
        return [entry]
    if all(isinstance(item, str) for item in entry):
        return list(entry)
    groups = [[item] if isinstance(item, str) else item for item in entry]
    return [" ".join(w for w in parts if w) for parts in product(*groups)]


def available_languages(kind: str) -> list[str]:
    """The languages that have a `kind` list."""
    names = (p.name for p in LEXICONS.iterdir())
    return sorted(n.removeprefix(f"{kind}_").removesuffix(".yaml") for n in names
                  if n.startswith(f"{kind}_") and n.endswith(".yaml"))


@cache
def load_lexicon(kind: str, languages: tuple[str, ...] = ()) -> Lexicon:
    """Every language's `kind` list (or those of `languages`), merged, each phrase once."""
    phrases: list[Phrase] = []
    exceptions: list[Phrase] = []
    categories: dict[str, Category] = {}
    negations: list[str] = []
    conditionals: list[str] = []
    for lang in languages or available_languages(kind):
        name = f"{kind}_{lang}.yaml"
        data = load_yaml((LEXICONS / name).read_text(encoding="utf-8"), name)
        negations += data.get("negations", [])
        conditionals += data.get("conditionals", [])
        for category, spec in data["categories"].items():
            categories.setdefault(category, Category(category, bool(spec.get("strong")), float(spec.get("weight", 0))))
            phrases += [Phrase(p, category) for entry in spec["phrases"] for p in expand(entry)]
            phrases += [Phrase(p, category, is_name=True) for entry in spec.get("names", []) for p in expand(entry)]
            exceptions += [Phrase(p, category) for entry in spec.get("not", []) for p in expand(entry)]
    return Lexicon(tuple(dict.fromkeys(phrases)), tuple(exceptions), categories, tuple(negations),
                   tuple(conditionals))
