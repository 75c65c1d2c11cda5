"""`text.substitution`: finds words the house style replaces with others (Vale's "substitution" check).

`swap` maps what is written to what should be (`Iphone: iPhone`, `users: customers`, `e-mail: email`,
`Lodz: Łódź`). Words and phrases match whole, in the exact form given (no inflection: a replacement
must fit the sentence), in English or Polish. With `ignorecase` (the default) any spelling of the wrong
word that is not exactly the right one is reported, so `IPHONE` and `iphone` both become `iPhone`;
without it only the exact spelling given is. The fix replaces that occurrence, capitalised at the start
of a sentence when the replacement is an ordinary lower-case word.

It does not rewrite grammar around the replacement (Polish case endings, articles) and it does not
suggest anything the rule does not list.
"""

from __future__ import annotations

import re
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..textmatch import PhraseMatcher, longest_first
from .base import Context, Detector, Hit, replace_span

_SENTENCE_END = ".!?…"


class SubstitutionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    swap: dict[str, str] = Field(min_length=1)  # wrong -> right
    ignorecase: bool = True

    @field_validator("swap")
    @classmethod
    def _words_on_both_sides(cls, value: dict[str, str]) -> dict[str, str]:
        for wrong, right in value.items():
            if not any(c.isalnum() for c in wrong):
                raise ValueError(f"{wrong!r} has no letters or digits to match")
            if not right.strip():
                raise ValueError(f"{wrong!r}: the replacement is empty")
        return value


def at_sentence_start(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip()
    return not stripped or stripped[-1] in _SENTENCE_END or "\n" in before[len(stripped):]


def fitted(right: str, written: str, text: str, start: int) -> str:
    """`right` capitalised where `written` starts a sentence, if `right` is an ordinary lower-case word."""
    if right == right.lower() and written[:1].isupper() and at_sentence_start(text, start):
        return right[:1].upper() + right[1:]
    return right


def inside(text: str, start: int, end: int, phrase: str) -> bool:
    """[start, end) lies within an occurrence of `phrase` ("users" inside the right form "our users")."""
    for found in re.finditer(re.escape(phrase), text[max(0, start - len(phrase)) : end + len(phrase)]):
        offset = max(0, start - len(phrase))
        if offset + found.start() <= start and end <= offset + found.end():
            return True
    return False


class Substitution(Detector):
    id = "text.substitution"
    summary = "Words the house style replaces (wrong -> right), with the replacement as a fix"
    Params = SubstitutionParams

    def __init__(self, params: SubstitutionParams, policy) -> None:
        super().__init__(params, policy)
        self._wrong = list(params.swap)
        self._right = list(params.swap.values())
        self._matcher = PhraseMatcher(self._wrong)

    def find(self, ctx: Context) -> Iterable[Hit]:
        flagged = [m for m in self._matcher.find_all(ctx.text) if self._is_wrong(ctx.text, m.start, m.end, m.index)]
        for match in longest_first(flagged):
            written = ctx.text[match.start : match.end]
            right = fitted(self._right[match.index], written, ctx.text, match.start)
            yield Hit(
                start=match.start,
                end=match.end,
                message="text.substitution.found",
                args={"wrong": written, "right": right},
                entity=self._wrong[match.index],
                label="substitution",
                fix="text.substitution.fix",
                fix_text=replace_span(ctx.text, match.start, match.end, right),
            )

    def _is_wrong(self, text: str, start: int, end: int, index: int) -> bool:
        written, right = text[start:end], self._right[index]
        if self.params.ignorecase:
            return written != right and not inside(text, start, end, right)
        return written == self._wrong[index]
