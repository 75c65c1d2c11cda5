"""`conduct.offensive`: finds offensive and hateful language in English and Polish with the shipped classifier.

Catches what word lists cannot: insults without swear words ("you people should go back where you came
from", "ty śmieciu"), hate against groups and threats, and labels each finding `insult`, `hate`, `threat`
or `profanity` (see `socialguard.classifiers.offensive`). The whole post is judged; the finding's span is the
words that drove the score, within its most offensive sentence (the words whose removal lowers the
probability most; for a threat the threat phrase, for profanity the swear words), and its message names
them. A post of unknown language is read with the model of the likelier language.

It does not find defamation or false claims, sarcasm, coded slurs the models never saw, or offensive images;
and it is a statistical model: treat findings as "a person should look", not as proof.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._sentences import sentence_spans
from .base import Context, Detector, Hit

SubLabel = Literal["insult", "hate", "threat", "profanity"]


class OffensiveParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)  # None: the model's calibrated threshold
    labels: list[SubLabel] = Field(default_factory=lambda: ["insult", "hate", "threat", "profanity"])


class Offensive(Detector):
    id = "conduct.offensive"
    summary = "Offensive and hateful language (insult, hate, threat, profanity) in English and Polish, by classifier"
    Params = OffensiveParams

    def __init__(self, params: OffensiveParams, policy) -> None:
        super().__init__(params, policy)
        from ..classifiers import offensive

        offensive.swear_words()  # the lexicon matcher of the operating point, built with the rule, not on a post

    def find(self, ctx: Context) -> Iterable[Hit]:
        from ..classifiers import language, offensive
        from ..classifiers.features import featurise

        text = ctx.text
        if not text.strip():
            return
        spans = sentence_spans(text)
        pieces = [text] + ([text[s:e] for s, e in spans] if len(spans) > 1 else [])
        X = featurise(pieces)
        lang = ctx.lang
        if lang not in language.LANGUAGES:
            lang = language.likelier(float(language.probability_polish([text], X[:1])[0]))
        results = offensive.assess(pieces, [lang] * len(pieces), X, cut=self.params.threshold)
        post = results[0]
        if not post.is_offensive or post.label not in self.params.labels:
            return
        start, end = (0, len(text))
        if len(pieces) > 1:
            start, end = spans[max(range(len(spans)), key=lambda i: results[i + 1].probability)]
        words = [(start + a, start + b) for a, b in offensive.drivers(text[start:end], lang, post.label)]
        if words:
            start, end = words[0][0], words[-1][1]
        else:  # no single word raises the score: the sentence as a whole does
            words = [(start, end)]
        yield Hit(
            start=start,
            end=end,
            message=f"offensive.{post.label}",
            args={"score": f"{post.probability:.0%}", "words": ", ".join(f"'{text[a:b]}'" for a, b in words)},
            label=post.label,
            score=post.probability,
        )
