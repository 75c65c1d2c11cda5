"""Reading a mention: its language, tone (sentiment), offensive score and topics; in English and Polish.

Topics come from the policy (`listening.topics`: phrases per topic and language), matched with
`socialguard.textmatch` so inflected forms count (`bojkot` finds `bojkotu`, `pozew` finds `pozwu`). All
languages' phrases apply to every mention (short mentions have no reliable language, and people mix
languages). Of overlapping phrases the leftmost-longest one counts, with the shorter phrases it starts
with: "nie polecam" is a complaint and not the praise "polecam", while "wyciek danych" (a security
report) is also the crisis word "wyciek". A question mark makes a mention a question
(`question_mark_topic`).

Language, sentiment and offensive score come from `socialguard.classifiers` (`tone.py` adapts it). What
this module does not do: judge sarcasm, read images, or follow a thread for context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..policy.listening import Listening
from ..textmatch import PhraseMatcher, longest_first
from .mention import Mention, Understanding
from .tone import Tone, ToneModel, default_tone_model


@dataclass(frozen=True)
class TopicFinder:
    """The policy's topic phrases compiled into one matcher."""

    matcher: PhraseMatcher
    topics_of: tuple[frozenset[str], ...]  # phrase index -> topics
    question_mark_topic: str | None = None

    @classmethod
    def from_policy(cls, listening: Listening) -> "TopicFinder":
        owners: dict[str, set[str]] = {}
        for topic, by_lang in listening.topics.items():
            for phrases in by_lang.values():
                for phrase in phrases:
                    owners.setdefault(phrase.strip(), set()).add(topic)
        phrases = sorted(owners)
        return cls(PhraseMatcher(phrases, inflect=True), tuple(frozenset(owners[p]) for p in phrases),
                   listening.question_mark_topic)

    def find(self, text: str) -> tuple[str, ...]:
        every = self.matcher.find_all(text)
        kept = {m.start: m.end for m in longest_first(every)}
        found = {topic for m in every if m.end <= kept.get(m.start, -1) for topic in self.topics_of[m.index]}
        if self.question_mark_topic and "?" in text:
            found.add(self.question_mark_topic)
        return tuple(sorted(found))


class Reader:
    """Understands mentions in batches (the classifiers are fastest on many texts at once)."""

    def __init__(self, listening: Listening, tone: ToneModel | None = None) -> None:
        self.topics = TopicFinder.from_policy(listening)
        self.tone = tone or default_tone_model()

    def read(self, mentions: Sequence[Mention]) -> list[Mention]:
        tones = self.tone.score([m.text for m in mentions])
        return [m.with_(understanding=self._understanding(m, tone)) for m, tone in zip(mentions, tones, strict=True)]

    def _understanding(self, mention: Mention, tone: Tone) -> Understanding:
        return Understanding(
            lang=_declared(mention.lang) or tone.lang,
            sentiment=round(tone.sentiment, 4),
            sentiment_label=tone.label,
            offensive=round(tone.offensive, 4),
            topics=self.topics.find(mention.text),
        )


def _declared(lang: str | None) -> str | None:
    """A source's language tag as a bare lower-case code (`pl-PL` -> `pl`); None when absent."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-")[0].strip().lower() or None
