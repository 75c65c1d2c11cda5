"""Tone of mentions (language, sentiment, offensive score) from `socialguard.classifiers`, batched.

`default_tone_model()` returns the trained classifiers when they are installed with their model files,
and otherwise `LexicalTone`: a small EN/PL polarity word list and the profanity lexicon, good enough to
route obvious cases but blind to negation beyond "not/nie" and to sarcasm. The inbox only depends on the
`ToneModel` protocol, so the classifiers replace the fallback without other changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol, Sequence

from ..lang import detect_language
from ..textmatch import PhraseMatcher

NEGATIVE_BELOW = -0.2
POSITIVE_ABOVE = 0.2


@dataclass(frozen=True, slots=True)
class Tone:
    lang: str
    sentiment: float  # -1 (negative) .. 1 (positive)
    label: str  # negative, neutral, positive
    offensive: float  # 0..1


class ToneModel(Protocol):
    def score(self, texts: Sequence[str]) -> list[Tone]: ...


def label_of(sentiment: float) -> str:
    if sentiment <= NEGATIVE_BELOW:
        return "negative"
    return "positive" if sentiment >= POSITIVE_ABOVE else "neutral"


_NEGATIVE = (
    "bad awful terrible horrible worst hate angry annoyed annoying disappointed disappointing useless broken scam "
    "fraud rude slow unacceptable disgrace shame ridiculous pathetic boycott lawsuit leak never refund complaint "
    "zły zła złe fatalny fatalna fatalnie okropny okropna okropnie beznadziejny beznadziejna beznadziejnie "
    "rozczarowany rozczarowana rozczarowanie wściekły wściekła skandal skandaliczny oszustwo oszuści dramat "
    "żenada żenujący wstyd bojkot pozew wyciek reklamacja skarga zepsuty nienawidzę najgorszy najgorsza "
    "koszmar porażka"
).split()
_POSITIVE = (
    "good great love excellent amazing awesome fantastic brilliant perfect happy thanks thank helpful recommend "
    "wonderful best "
    "dobry dobra dobre świetny świetna świetne super kocham uwielbiam doskonały rewelacja rewelacyjny wspaniały "
    "wspaniała dziękuję dzięki polecam pomocny pomocna najlepszy najlepsza brawo zadowolony zadowolona"
).split()
_NEGATIONS = ("not", "never", "no", "don't", "doesn't", "nie", "nigdy", "bez")


@dataclass
class LexicalTone:
    """Counts polarity words (flipped after a negation) and profanity; see the module docstring for limits."""

    def score(self, texts: Sequence[str]) -> list[Tone]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> Tone:
        polarity = _polarity()
        total = 0.0
        for match in polarity.find(text):
            sign = 1.0 if match.index < len(_POSITIVE) else -1.0
            before = text[max(0, match.start - 12): match.start].lower().split()
            if before and before[-1] in _NEGATIONS:
                sign = -sign
            total += sign
        sentiment = max(-1.0, min(1.0, total / 2.0))
        offensive = 1.0 if _profanity().find(text) else 0.0
        if offensive and sentiment > NEGATIVE_BELOW:
            sentiment = -0.5
        return Tone(detect_language(text), sentiment, label_of(sentiment), offensive)


@cache
def _polarity() -> PhraseMatcher:
    return PhraseMatcher(_POSITIVE + _NEGATIVE, inflect=True)


@cache
def _profanity() -> PhraseMatcher:
    from importlib import resources

    words: list[str] = []
    for lang in ("en", "pl"):
        lexicon = resources.files("socialguard.detectors") / "lexicons" / f"profanity_{lang}.txt"
        for line in lexicon.read_text("utf-8").splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry and not entry.startswith("["):
                words.append(entry.split()[0])
    return PhraseMatcher(words, obfuscation=True)


def default_tone_model() -> ToneModel:
    return LexicalTone()
