"""Tone of mentions (language, sentiment, offensive score) from the trained classifiers, batched.

The inbox depends only on the `ToneModel` protocol; `ClassifierTone` adapts `socialguard.classifiers.classify`
(EN and PL models shipped in the package, see docs/classifiers.md), and tests may pass any other model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from ..classifiers import classify


@dataclass(frozen=True, slots=True)
class Tone:
    lang: str
    sentiment: float  # -1 (negative) .. 1 (positive): P(positive) - P(negative)
    label: str  # negative, neutral, positive
    offensive: float  # 0..1


class ToneModel(Protocol):
    def score(self, texts: Sequence[str]) -> list[Tone]: ...


class ClassifierTone:
    """The shipped offensive, sentiment and language models, one batch per call."""

    def score(self, texts: Sequence[str]) -> list[Tone]:
        return [Tone(c.lang, c.sentiment_score, c.sentiment, c.offensive) for c in classify(list(texts))]


def default_tone_model() -> ToneModel:
    return ClassifierTone()
