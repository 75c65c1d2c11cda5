"""`conduct.disparagement`: finds negative statements about the organisation or the competitors its policy names,
in English and Polish.

A sentence that mentions the organisation (`organisation.name`, `brand_names`, `handles`) or a competitor
(`organisation.competitors`), in any inflected form ("Orlenu", "Globexie", "Allegro's"), is read by the
shipped sentiment classifier; a sentence labelled negative whose score is at or below `max_score` is a
finding. Policies ask employees not to disparage the organisation or others, so the general pack sends
such personal posts for review.

It does not find criticism of people or organisations the policy does not name, praise that is sarcastic,
or negativity in a sentence that does not name anyone ("They lied again." after naming them earlier).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..textmatch import PhraseMatcher
from ._sentences import sentence_spans
from .base import Context, Detector, Hit

Target = Literal["organisation", "competitors"]
PLACEHOLDER_NAMES = {"our organisation", "your organisation", "our organization", "your organization"}


STEM_FROM = 5  # one-word names at least this long also match with any ending ("Globexie", "Initechu")


def _phrase(name: str) -> str:
    """How a name is looked for: without a leading @, and a long one-word name as a stem."""
    name = name.lstrip("@")
    return f"{name}*" if " " not in name and len(name) >= STEM_FROM else name


class DisparagementParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    targets: list[Target] = Field(default_factory=lambda: ["organisation", "competitors"])
    max_score: float = Field(default=-0.4, ge=-1.0, le=0.0)  # a negative sentence must also score at or below this
    extra_names: dict[Target, list[str]] = Field(default_factory=dict)  # more names (products, nicknames)


class Disparagement(Detector):
    id = "conduct.disparagement"
    summary = "Negative statements about the organisation or its named competitors, in English and Polish"
    Params = DisparagementParams

    def __init__(self, params: DisparagementParams, policy) -> None:
        super().__init__(params, policy)
        organisation = policy.organisation
        names: dict[Target, list[str]] = {
            "organisation": [organisation.name, *organisation.brand_names, *organisation.handles],
            "competitors": list(organisation.competitors),
        }
        self._names: list[tuple[str, Target]] = [
            (name.strip(), target)
            for target in params.targets
            for name in [*names[target], *params.extra_names.get(target, [])]
            if name.strip() and name.strip().casefold() not in PLACEHOLDER_NAMES
        ]
        self._matcher = PhraseMatcher([_phrase(n) for n, _ in self._names], inflect=True) if self._names else None

    def find(self, ctx: Context) -> Iterable[Hit]:
        if self._matcher is None:
            return
        mentions = self._mentions(ctx.text)
        if not mentions:
            return
        from ..classifiers import language, sentiment
        from ..classifiers.features import featurise

        sentences = [ctx.text[s:e] for (s, e) in mentions]
        X = featurise(sentences)
        lang = ctx.lang
        if lang not in language.LANGUAGES:
            lang = language.likelier(float(language.probability_polish([ctx.text])[0]))
        for (start, end), tone in zip(mentions, sentiment.assess(sentences, [lang] * len(sentences), X)):
            if tone.label != "negative" or tone.score > self.params.max_score:
                continue
            name, target = mentions[(start, end)]
            yield Hit(
                start=start,
                end=end,
                message=f"disparagement.{'organisation' if target == 'organisation' else 'competitor'}",
                args={"name": name, "score": f"{tone.score:+.2f}"},
                entity=name,
                label=target,
                score=-tone.score,
            )

    def _mentions(self, text: str) -> dict[tuple[int, int], tuple[str, Target]]:
        """Each sentence that names someone, with the first name it mentions."""
        found: dict[tuple[int, int], tuple[str, Target]] = {}
        matches = sorted(self._matcher.find(text), key=lambda m: m.start)
        for start, end in sentence_spans(text):
            inside = [m for m in matches if start <= m.start < end]
            if inside:
                found[(start, end)] = self._names[inside[0].index]
        return found
