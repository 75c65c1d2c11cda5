"""Offensive and hateful language in English and Polish: a probability, a yes/no at a calibrated threshold,
and a sub-label (`insult`, `hate`, `threat` or `profanity`).

The probability comes from a linear model per language (see the model cards in `models/`). A text is offensive
at the language's operating point (`OPERATING_POINTS`): a probability at or above `alone`, or at or above the
lower `sworn` when the text also swears (a word of the EN/PL profanity lexicons: the lexicon and the model
agree). The points keep false alarms on benign tweets, forum posts and corporate posts at or under 3 %
(`bench/offensive_operating_point.py`, docs/classifiers.md); a caller's own `cut` replaces both.
A threat phrase ("I will kill you", "zabiję cię") makes a text offensive whatever its probability.
Sub-labels for an offensive text, in this order: `threat` when a threat phrase is present; `profanity` when
the text is no longer offensive once its swear words are removed and it addresses no one ("you", "ty",
"cię"...): swearing, not an attack; `hate` when the
model's hate head (attacks on a group) reaches the model's `hate_threshold`; otherwise `insult`.
`drivers(text, lang)` explains a score: the words whose removal lowers the probability most (every n-gram
that overlaps a word leaves with it), or, for a threat or swearing, the phrase or swear words themselves.
It does not judge truth or defamation, and irony or coded slurs it has not seen in training are missed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse

from ..lexicons import load_lexicon
from ..textmatch import PhraseMatcher
from .artefacts import load
from .features import featurise

LABELS = ("none", "insult", "hate", "threat", "profanity")

_SWEARING = re.compile(
    r"\b(?:(?:mother)?fuck\w*|shit\w*|bullshit\w*|bitch\w*|cunts?|dicks?|dickhead\w*|asshole\w*|arsehole\w*|"
    r"bastards?|wank\w*|twats?|piss\w*|"
    r"kurw\w*|skurw\w*|jeb\w*|zajeb\w*|wyjeb\w*|pojeb\w*|odjeb\w*|przyjeb\w*|pierdol\w*|spierdal\w*|"
    r"wypierdal\w*|zapierdal\w*|pierdziel\w*|chuj\w*|huj\w*|pizd\w*|dziwk\w*|gówn\w*|gown\w*|"
    r"szmat\w*)",
    re.IGNORECASE,
)
_ADDRESSED = re.compile(
    r"\b(?:you|your|yours|yourself|u|ya|ur|ty|cię|cie|ciebie|tobie|tobą|toba|twój|twoj\w*|jesteś|jestes|wy|was|wam|"
    r"wami|wasz\w*)\b",
    re.IGNORECASE,
)
_THREAT = re.compile(
    r"\b(?:i(?:'| a)?m (?:going to|gonna)|i'?ll|i will|we(?:'ll| will)|we(?:'re| are) (?:going to|gonna))\s+"
    r"(?:\w+\s+)?(?:kill|shoot|stab|murder|hang|strangle|hurt)\s+(?:you|u|ya|your|him|her|them)\b"
    r"|\b(?:you(?:'re| are)|ur) (?:dead|going to die|gonna die)\b"
    r"|\bkill (?:yo)?urself\b"
    r"|\b(?:zabij[eę]|zatłuk[eę]|zajebi[eę]|udusz[eę]|powiesz[eę]|zastrzel[eę]|dopadn[eę]|"
    r"połami[eę]|polami[eę]|podpal[eę]|obij[eę])\s+(?:\w+\s+)?"
    r"(?:ci[eę]|ciebie|was|go|j[aą]|ich)\b"
    r"|\b(?:obyś|obyscie|obyście|obys) (?:zdech\w*|zdycha\w*|sczez\w*|zgni\w*|umar\w*)"
    r"|\b(?:zdychaj|zdechnij|giń)\b"
    r"|\b(?:zabij|powieś|powies) si[eę]\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OperatingPoint:
    """Where a probability becomes a yes: `alone`, or `sworn` when the text also swears."""

    alone: float
    sworn: float


# Chosen with bench/offensive_operating_point.py on the validation sets (TweetEval offensive val; the PolEval
# and BAN-PL held-out sides) and the corporate posts of bench/data: the most harmful posts caught with every
# benign set at or under 3 % false alarms (the models' F1-optimal thresholds, 0.40 and 0.49, gave 7-18 %).
OPERATING_POINTS = {"en": OperatingPoint(alone=0.70, sworn=0.30), "pl": OperatingPoint(alone=0.80, sworn=0.30)}

_WORD = re.compile(r"\w+")
MAX_DRIVERS = 3
MAX_EXPLAINED_WORDS = 80  # leave-one-out costs one featurised variant per word: long texts are cut


@dataclass(frozen=True)
class Offensive:
    probability: float
    is_offensive: bool
    label: str  # one of LABELS; "none" when not offensive


def threshold(lang: str) -> float:
    """The probability at which a `lang` text (`en` or `pl`) is offensive on its own."""
    return OPERATING_POINTS[lang].alone


@cache
def swear_words() -> PhraseMatcher:
    """The EN and PL profanity lexicons (those of `conduct.profanity`) and the common swear-word stems."""
    return PhraseMatcher([p.text for p in load_lexicon("profanity").phrases], obfuscation=True)


def swears(text: str) -> bool:
    """`text` holds a swear word or slur of the lexicons."""
    return bool(_SWEARING.search(text)) or bool(swear_words().find(text))


def assess(
    texts: Sequence[str], langs: Sequence[str], X: sparse.csr_matrix | None = None, cut: float | None = None
) -> list[Offensive]:
    """How offensive each text is, read with the model of its language (`en` or `pl`).

    `cut` replaces the language's operating point when given: then a text is offensive at `cut` or above.
    """
    X = featurise(texts) if X is None else X
    results: list[Offensive | None] = [None] * len(texts)
    for lang in ("en", "pl"):
        rows = [i for i, code in enumerate(langs) if code == lang]
        if rows:
            for i, found in zip(rows, _assess_language([texts[i] for i in rows], X[rows], lang, cut)):
                results[i] = found
    return results  # type: ignore[return-value]


def _assess_language(texts: list[str], X: sparse.csr_matrix, lang: str, cut: float | None) -> list[Offensive]:
    model = load(f"offensive_{lang}")
    point = OPERATING_POINTS[lang] if cut is None else OperatingPoint(alone=cut, sworn=cut)
    cut = point.alone
    probabilities = _sigmoid(model.scores(X))
    offensive, hate = probabilities[:, model.head("offensive")], probabilities[:, model.head("hate")]
    threats = [bool(_THREAT.search(t)) for t in texts]
    flagged = [
        i for i, p in enumerate(offensive)
        if p >= point.alone or threats[i] or (p >= point.sworn and swears(texts[i]))
    ]
    labels = dict(zip(flagged, _sub_labels([texts[i] for i in flagged], hate[flagged], lang, cut)))
    return [Offensive(float(p), i in labels, labels.get(i, "none")) for i, p in enumerate(offensive)]


def _sub_labels(texts: list[str], hate: np.ndarray, lang: str, cut: float) -> list[str]:
    model = load(f"offensive_{lang}")
    labels = ["threat" if _THREAT.search(t) else "" for t in texts]
    swearing = [
        i
        for i, (text, label) in enumerate(zip(texts, labels))
        if not label and _SWEARING.search(text) and not _ADDRESSED.search(text)
    ]
    if swearing:
        cleaned = featurise([_SWEARING.sub(" ", texts[i]) for i in swearing])
        without_swearing = _sigmoid(model.scores(cleaned))[:, model.head("offensive")]
        for i, p in zip(swearing, without_swearing):
            labels[i] = "profanity" if p < cut else ""
    hate_cut = float(model.meta["hate_threshold"])
    return [label or ("hate" if h >= hate_cut else "insult") for label, h in zip(labels, hate)]


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def drivers(text: str, lang: str, label: str = "insult", top: int = MAX_DRIVERS) -> list[tuple[int, int]]:
    """Spans, in text order, of what drove `text`'s score: the threat phrase, the swear words, or the `top`
    words whose removal lowers the offensive probability most (only words that raise it)."""
    if label == "threat" and (threat := _THREAT.search(text)):
        return [threat.span()]
    if label == "profanity" and (swears := [m.span() for m in _SWEARING.finditer(text)]):
        return swears[:top]
    words = [w for w in _WORD.finditer(text) if len(w.group()) > 1][:MAX_EXPLAINED_WORDS]
    if not words:
        return []
    variants = [text] + [f"{text[: w.start()]} {text[w.end() :]}" for w in words]
    model = load(f"offensive_{lang}")
    probabilities = _sigmoid(model.scores(featurise(variants)))[:, model.head("offensive")]
    drops = probabilities[0] - probabilities[1:]
    ranked = sorted(range(len(words)), key=lambda i: -drops[i])[:top]
    return sorted(words[i].span() for i in ranked if drops[i] > 0)
