"""What every detector is: a small class with a stable id that turns a post into `Hit`s.

A detector is compiled once per rule (its params validated by its own pydantic `Params` model) and then
called for every post. It never decides severity or clause: the rule does. It returns `Hit`s, which the
engine turns into `Finding`s with the rule's severity, the clause and a message in the post's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from ..model import Post
    from ..policy.schema import Policy


class NoParams(BaseModel):
    """Params of a detector that takes none."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Hit:
    """Something a detector found. `message` is a catalogue key (see `socialguard/locale/`)."""

    start: int
    end: int
    message: str
    args: dict[str, Any] = field(default_factory=dict)
    more: tuple[str, ...] = ()  # further catalogue keys, rendered after `message` with the same args
    entity: str | None = None
    label: str | None = None
    score: float = 1.0
    fix: str | None = None  # catalogue key describing the fix
    fix_text: str | None = None  # the whole post text with the fix applied
    private_text: str | None = None  # with such a fix: what to send in a private message instead


@dataclass(frozen=True)
class Context:
    """What a detector sees: the post, its resolved language and the policy it is judged under."""

    post: "Post"
    lang: str
    policy: "Policy"

    @property
    def text(self) -> str:
        return self.post.text


class Detector:
    """Base class. Subclasses set `id`, `summary`, optionally `Params`, and implement `find`."""

    id: ClassVar[str]
    summary: ClassVar[str]
    Params: ClassVar[type[BaseModel]] = NoParams

    def __init__(self, params: BaseModel, policy: "Policy") -> None:
        self.params = params
        self.policy = policy

    def find(self, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError


def known_values(values: list[str], known: Iterable[str], noun: str) -> list[str]:
    """`values` if each is one of `known`; else a ValueError naming the first unknown one and the choices."""
    known = list(known)
    for value in values:
        if value not in known:
            raise ValueError(f"unknown {noun} {value!r}; available: {', '.join(known)}")
    return values


def replace_span(text: str, start: int, end: int, replacement: str) -> str:
    """`text` with `text[start:end]` replaced."""
    return text[:start] + replacement + text[end:]
