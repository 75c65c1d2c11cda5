"""Splitting a post into sentences (spans into the original text), for detectors that judge sentence by sentence."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding spaces; a line break also ends a sentence."""
    spans = []
    for match in _SENTENCE.finditer(text):
        piece = match.group()
        start = match.start() + len(piece) - len(piece.lstrip())
        end = match.end() - (len(piece) - len(piece.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans
