"""Pre-approved replies for a mention: the best saved replies, filled in, and where a reply is posted.

Suggestions rank the policy's saved replies by similarity between the mention and what each reply answers
(its `examples` and title, in every language), with a bonus (`TOPIC_BONUS`) for a reply whose topic is one
of the mention's topics. A bonus rather than a strict topic-first order, because topic phrases miss some
mentions ("the kettle came with a cracked lid"), and strict ordering then buries the right reply: on the
labelled set it measured worse than similarity alone, the bonus better. Similarity is character n-gram
TF-IDF cosine on folded text: it tolerates Polish inflection and typos, needs no model, and was the most
accurate of the options measured on the labelled EN/PL set in `tests/inbox/fixtures/replies.yaml` (numbers in BENCHMARKS.md and docs/inbox.md).
It does not translate: a reply is matched through examples in the mention's language.

`fill` puts values into `{name}`-style variables (and reports the ones left empty); `reply_platform` is the
network a reply goes to. Sending a reply, and its one check, is `inbox.actions.reply`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..policy.schema import Policy, SavedReply, localized
from ..textmatch import fold
from .mention import Mention

TOPIC_BONUS = 0.1
_VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_GENERIC_PLATFORMS = {"rss", "webhook", "import"}


@dataclass(frozen=True)
class Suggestion:
    reply: SavedReply
    lang: str
    text: str  # the reply in the mention's language, variables not yet filled
    title: str
    score: float  # similarity 0..1
    same_topic: bool

    @property
    def variables(self) -> list[str]:
        return list(dict.fromkeys(_VARIABLE.findall(self.text)))


class CharNgramSimilarity:
    """Cosine of character 2-4-gram TF-IDF vectors of folded text (case and diacritics ignored)."""

    def __init__(self, corpus: Sequence[str]) -> None:
        self.vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                                          preprocessor=fold, dtype=np.float32)
        self.vectoriser.fit(corpus)

    def embed(self, texts: Sequence[str]):
        return self.vectoriser.transform(texts)  # sparse rows of unit length


class ReplySuggester:
    """Built once per policy; `similarity_factory(corpus)` makes an object whose `embed(texts)` returns
    unit-length rows (a dense array or a sparse matrix)."""

    def __init__(self, replies: Sequence[SavedReply], similarity_factory=CharNgramSimilarity) -> None:
        self.replies = list(replies)
        owners: list[int] = []
        texts: list[str] = []
        for index, reply in enumerate(self.replies):
            for sample in _profile(reply):
                owners.append(index)
                texts.append(sample)
        self.owners = np.array(owners, dtype=np.int64)
        self.similarity = similarity_factory(texts) if texts else None
        self.vectors = self.similarity.embed(texts) if texts else None

    def scores(self, text: str) -> np.ndarray:
        """Similarity of `text` to each reply: the best over its examples and titles."""
        best = np.zeros(len(self.replies), dtype=np.float32)
        if self.vectors is not None:
            product = self.vectors @ self.similarity.embed([text]).T
            cosine = np.asarray(product.todense() if hasattr(product, "todense") else product).ravel()
            np.maximum.at(best, self.owners, cosine)
        return best

    def suggest(self, mention: Mention, limit: int = 3) -> list[Suggestion]:
        understood = mention.understanding
        lang = (understood.lang if understood else None) or mention.lang or "en"
        topics = set(understood.topics) if understood else set()
        scores = self.scores(mention.text)
        ranking = scores + TOPIC_BONUS * np.array([r.topic in topics for r in self.replies], dtype=np.float32)
        order = sorted(range(len(self.replies)), key=lambda i: (-ranking[i], i))
        suggestions = []
        for index in order[:limit]:
            reply = self.replies[index]
            suggestions.append(Suggestion(
                reply, lang if lang in reply.text else next(iter(reply.text), lang), localized(reply.text, lang),
                localized(reply.title, lang) or reply.id, round(float(scores[index]), 4), reply.topic in topics,
            ))
        return suggestions


def suggester_for(policy: Policy) -> ReplySuggester:
    """The policy's reply suggester; build it through `engine.compiled(policy).get` to build it once."""
    return ReplySuggester(policy.saved_replies)


def _profile(reply: SavedReply) -> list[str]:
    """What a reply answers, as texts to compare mentions with: its examples, else its titles and texts."""
    samples = [s for texts in reply.examples.values() for s in texts]
    return samples + list(reply.title.values()) if samples else list(reply.title.values()) + list(reply.text.values())


def fill(template: str, values: Mapping[str, object]) -> tuple[str, list[str]]:
    """`template` with `{variable}`s replaced from `values`; variables without a value are kept as written
    and listed, so the agent sees what is still to be filled in. Nothing else in the text is interpreted."""
    missing: list[str] = []

    def value_of(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value is None or str(value).strip() == "":
            missing.append(match.group(1))
            return match.group(0)
        return str(value)

    return _VARIABLE.sub(value_of, template), list(dict.fromkeys(missing))


def reply_platform(source: str) -> str:
    """The platform a reply to a mention from `source` is posted on (feeds and imports: `generic`)."""
    return "generic" if source in _GENERIC_PLATFORMS else source
