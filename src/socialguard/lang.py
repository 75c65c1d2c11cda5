"""Language identification for posts: `en`, `pl`, or `unknown` when the text is too short to tell.

A light lexical identifier (function words and Polish letters). Very short texts are `unknown`,
because every identifier guesses wildly on three words.
"""

from __future__ import annotations

import re

MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_POLISH_LETTERS = set("ąćęłńóśźż")
_FUNCTION_WORDS = {
    "en": set(
        "the and is are was were to of in on for with that this it you we they he she not but be have has "
        "do does at by from or an a my your our their will would can could should what when how why".split()
    ),
    "pl": set(
        "i w z na nie się to że jest do o jak po co ale za od tak czy już być mam ma są jestem tylko dla "
        "przez ten ta te jego jej ich nas was mnie go mi ty my wy oni ona on bo też jeszcze może".split()
    ),
}


def detect_language(text: str) -> str:
    """`en`, `pl` or `unknown`."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return "unknown"
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    scores["pl"] += 2 * sum(1 for w in words if _POLISH_LETTERS & set(w))
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "unknown"
