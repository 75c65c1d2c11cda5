"""Sentiment of short posts in English and Polish: negative, neutral or positive, with a score in [-1, 1].

The score is P(positive) - P(negative). English has three classes (trained on SemEval tweets). The Polish
training set has no neutral class, so a Polish post is `neutral` when its score is inside the model's
neutral band (its `neutral_band` in the model file). It reads tone, not stance: sarcasm and irony are
mostly missed, and the sentiment is of the whole text, not towards a particular entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .artefacts import LinearModel, load
from .features import featurise

LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Sentiment:
    label: str
    score: float  # P(positive) - P(negative), in [-1, 1]


def assess(texts: Sequence[str], langs: Sequence[str], X: sparse.csr_matrix | None = None) -> list[Sentiment]:
    """The sentiment of each text, read with the model of its language (`en` or `pl`)."""
    X = featurise(texts) if X is None else X
    results: list[Sentiment | None] = [None] * len(texts)
    for lang in ("en", "pl"):
        rows = [i for i, code in enumerate(langs) if code == lang]
        if rows:
            model = load(f"sentiment_{lang}")
            scores = _three_way(model, X[rows]) if len(model.heads) == 3 else _two_way(model, X[rows])
            for i, found in zip(rows, scores):
                results[i] = found
    return results  # type: ignore[return-value]


def _three_way(model: LinearModel, X: sparse.csr_matrix) -> list[Sentiment]:
    logits = model.scores(X)
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    negative, positive = model.head("negative"), model.head("positive")
    return [
        Sentiment(model.heads[int(np.argmax(p))], float(p[positive] - p[negative])) for p in probabilities
    ]


def _two_way(model: LinearModel, X: sparse.csr_matrix) -> list[Sentiment]:
    band = float(model.meta["neutral_band"])
    positive = 1.0 / (1.0 + np.exp(-model.scores(X)[:, model.head("positive")]))
    results = []
    for p in positive:
        score = float(2.0 * p - 1.0)
        label = "neutral" if abs(score) < band else ("positive" if score > 0 else "negative")
        results.append(Sentiment(label, score))
    return results
