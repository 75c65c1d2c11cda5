"""Language identification for English and Polish, with an explicit `unknown`.

A linear head over the shared features separates English from Polish. A text is `unknown` when it has
fewer than three words once links, @mentions, #hashtags and numbers are removed (every identifier guesses
on "ok thx"), or when the head is not confident. Other languages are not modelled: they usually come out
`unknown` for lack of confidence, but a German or Czech post may be taken for English or Polish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .artefacts import load
from .features import featurise

LANGUAGES = ("en", "pl")
UNKNOWN = "unknown"
MIN_WORDS = 3
CONFIDENCE = 0.7  # below this probability for the likelier language, the answer is `unknown`

_NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|[@#]\w+|\{username\}", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}|\b[^\W\d_]\b")


def word_count(text: str) -> int:
    """Words written in letters, not counting links, @mentions, #hashtags and numbers."""
    return len(_WORD.findall(_NOT_WORDS.sub(" ", text)))


def probability_polish(texts: Sequence[str], X: sparse.csr_matrix | None = None) -> np.ndarray:
    """P(Polish) for each text, as opposed to English."""
    X = featurise(texts) if X is None else X
    return 1.0 / (1.0 + np.exp(-load("language").scores(X)[:, 0]))


def likelier(p_polish: float) -> str:
    """The likelier of the two languages, even when the text is too short to say so with confidence."""
    return "pl" if p_polish >= 0.5 else "en"


def identify(texts: Sequence[str], X: sparse.csr_matrix | None = None) -> list[str]:
    """`en`, `pl` or `unknown` for each text."""
    return [decide(text, p) for text, p in zip(texts, probability_polish(texts, X))]


def decide(text: str, p_polish: float) -> str:
    if word_count(text) < MIN_WORDS or max(p_polish, 1.0 - p_polish) < CONFIDENCE:
        return UNKNOWN
    return likelier(p_polish)
