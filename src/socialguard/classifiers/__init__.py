"""Language classifiers that ship with socialguard and run offline: language ID, offensive language and
sentiment, in English and Polish.

All models are linear heads over one shared, hashed n-gram feature space (`features.py`), stored as small
files in `models/` with a model card each, rebuilt by `socialguard-train` (`training.py`). Models load on
first use, once per process, so code that never classifies pays nothing.

    from socialguard.classifiers import classify
    [result] = classify(["Ty śmieciu, wynoś się stąd"])
    result.is_offensive, result.offensive_label, result.sentiment
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from . import language, offensive, sentiment
from .artefacts import ModelError
from .features import featurise

BATCH = 1024


@dataclass(frozen=True)
class Classification:
    """Everything the classifiers say about one text."""

    lang: str  # en, pl or unknown
    offensive: float  # probability
    is_offensive: bool
    offensive_label: str  # none, insult, hate, threat, profanity
    sentiment: str  # negative, neutral, positive
    sentiment_score: float  # P(positive) - P(negative)

    def as_dict(self) -> dict[str, Any]:
        rounded = {"offensive": round(self.offensive, 4), "sentiment_score": round(self.sentiment_score, 4)}
        return {**asdict(self), **rounded}


def classify(texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[Classification]:
    """Classify texts in batches. `langs[i]` (`en`/`pl`) is trusted when given; otherwise it is detected.

    A text whose language is `unknown` is still scored, with the model of the likelier language.
    """
    given = list(langs) if langs is not None else [None] * len(texts)
    results: list[Classification] = []
    for start in range(0, len(texts), BATCH):
        results.extend(_classify_batch(list(texts[start : start + BATCH]), given[start : start + BATCH]))
    return results


def _classify_batch(texts: list[str], given: list[str | None]) -> list[Classification]:
    X = featurise(texts)
    p_polish = language.probability_polish(texts, X)
    langs = [
        code if code in language.LANGUAGES else language.decide(text, p)
        for text, code, p in zip(texts, given, p_polish)
    ]
    model_langs = [code if code in language.LANGUAGES else language.likelier(p) for code, p in zip(langs, p_polish)]
    offence = offensive.assess(texts, model_langs, X)
    tone = sentiment.assess(texts, model_langs, X)
    return [
        Classification(lang, o.probability, o.is_offensive, o.label, s.label, s.score)
        for lang, o, s in zip(langs, offence, tone)
    ]


__all__ = ["Classification", "ModelError", "classify", "language", "offensive", "sentiment"]
