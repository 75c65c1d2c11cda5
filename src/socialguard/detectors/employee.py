"""`disclosure.employee`: an employee's personal post about the employer must say so, at the start.

Finds, on personal accounts, posts that mention the employer (the organisation's name without its legal
form, brand names, own domains, handles, plus `params.mentions`) without the policy's disclaimer (in any of
its languages) or one of its disclosure tags placed *at the start* (FTC 16 CFR 255; UOKiK guidance of 2022:
clearly and at the beginning, not buried in a tail of hashtags or after "more"). "At the start" means:

- the disclosure begins within the first `max_offset` characters (default 60), or it lies wholly inside
  the first sentence and within the first 125 characters (what feeds show before "... more"); and
- it is not only inside a trailing block of three or more hashtags at the end of a post that has other text.

Ambiguous tags used instead of a disclosure (`#sp`, `#spon`, `#collab`) are reported as insufficient.
Matching is case- and diacritic-insensitive and word-boundary aware ("ZABKA" finds "Żabka"); names are
found in every English and Polish inflected form through the shared matcher (`textmatch.PhraseMatcher`,
`inflect=True`): "Orlenie", "Żabkę", "Żabce", "w Banku Śląskim", "Polskiego Koncernu". Languages: any
(the terms come from the policy); messages in English and Polish.

Deliberately does not find: posts on brand accounts (the organisation speaking for itself needs no
disclaimer), vowel changes inside a name's word (see docs/textmatch.md), and mentions in images or in
links' page contents.
Placeholder organisation names of the built-in policy ("Your organisation") are not treated as mentions.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel, ConfigDict, Field

from ..textmatch import PhraseMatcher, inflection_variants
from .base import Context, Detector, Hit

if TYPE_CHECKING:
    from ..policy.schema import Policy

PREVIEW_CHARS = 125  # captions are cut with "... more" after about this many characters
TRAILING_TAGS_MIN = 3
PLACEHOLDER_NAMES = {"our organisation", "your organisation", "our organization", "your organization"}
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:sp\.?\s*z\s*o\.?\s*o\.?|s\.?\s*a\.?|sp\.?\s*[jk]\.?|inc\.?|ltd\.?|llc|gmbh|plc|corp\.?|co\.?)$",
    re.IGNORECASE,
)
_FIRST_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
_TRAILING_TAGS = re.compile(rf"(?<!\S)(?:#\w+[\s,.;!]*){{{TRAILING_TAGS_MIN},}}\Z")
_SENTENCE_END = (".", "!", "?", "…")


def _fold_pairs() -> dict[str, str]:
    """Latin letters with diacritics -> their base letter, one character to one (so offsets survive)."""
    pairs: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            pairs[chr(code)] = base
    pairs.update({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "’": "'"})
    return pairs


_FOLD_PAIRS = _fold_pairs()
# A string indexed by code point translates faster than a dict; characters past its end stay as they are.
_FOLD = "".join(_FOLD_PAIRS.get(chr(i), chr(i)) for i in range(max(map(ord, _FOLD_PAIRS)) + 1))


def _variants() -> dict[str, set[str]]:
    """Lower-case base letter -> itself and every lower-case letter that folds to it."""
    variants: dict[str, set[str]] = {}
    for char, base in _FOLD_PAIRS.items():
        variants.setdefault(base.lower(), {base.lower()}).add(char.lower())
    return variants


_VARIANTS = _variants()


def fold(text: str) -> str:
    """`text` without diacritics, same length (use with `re.IGNORECASE` for case)."""
    return text.translate(_FOLD)


def _any_diacritics(literal: str) -> str:
    """A pattern for lower-case `literal` that also accepts its letters with diacritics (`zabk` -> `[zżź]abk`)."""
    return "".join(
        f"[{''.join(sorted(_VARIANTS[c]))}]" if c in _VARIANTS else re.escape(c) for c in fold(literal).lower()
    )


def _prefilter_key(term: str, is_name: bool) -> str:
    """A piece of `term` that every match of it contains, for a quick first look: a literal's first word, or
    what all the inflection stems of a name's first word share (`Żabka` -> `zab`, for `Żabce` too)."""
    first = term.split()[0]
    if not is_name:
        return first
    stems = [stem for stem, _ in inflection_variants(fold(first).lower())]
    return os.path.commonprefix(stems) or first


def _edge_bounded(body: str, literal: str) -> str:
    """`body` (a pattern for `literal`) that must not continue a word on either side."""
    before = r"(?<![\w@#])" if literal[:1] in "@#" else r"(?<![\w-])" if "." in literal else r"(?<!\w)"
    after = r"(?![\w-])" if "." in literal else r"(?!\w)"
    return before + body + after


def _literal_pattern(literal: str) -> str:
    return _edge_bounded(re.escape(fold(literal)), literal)


def _disclaimer_pattern(disclaimer: str) -> str:
    words = fold(disclaimer).strip().rstrip(".!…").split()
    return r"\s+".join(re.escape(w) for w in words) + r"[.!…]?"


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


@dataclass(frozen=True)
class StartZone:
    """Where a disclosure counts as "at the start" of one post (see the module docstring)."""

    max_offset: int
    first_sentence_end: int
    trailing_tags_start: int | None

    def holds(self, start: int, end: int) -> bool:
        if self.trailing_tags_start is not None and start >= self.trailing_tags_start:
            return False
        return start < self.max_offset or end <= self.first_sentence_end


class DisclosureParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mentions: list[str] = Field(default_factory=list)  # further names that count as mentioning the employer
    max_offset: int = Field(default=60, ge=0)
    ambiguous_tags: list[str] = Field(default_factory=lambda: ["#sp", "#spon", "#collab"])


class EmployeeDisclosure(Detector):
    id = "disclosure.employee"
    summary = "Personal posts about the employer carry the disclaimer or a disclosure tag at the start."
    Params = DisclosureParams

    def __init__(self, params: DisclosureParams, policy: "Policy") -> None:
        super().__init__(params, policy)
        org = policy.organisation
        name = _LEGAL_FORM.sub("", org.name.strip())
        names = [n for n in [name, *org.brand_names, *params.mentions] if n.strip()]
        names = [n for n in names if n.casefold() not in PLACEHOLDER_NAMES]
        handles = [h if h.startswith("@") else f"@{h}" for h in org.handles if h.strip("@ ")]
        literals = [*org.domains, *handles]
        keys = [_prefilter_key(t, False) for t in literals] + [_prefilter_key(n, True) for n in names]
        self._might_mention = re.compile("|".join(_any_diacritics(k) for k in keys)) if keys else None
        self._literal = _compile([_literal_pattern(x) for x in literals])
        self._names = PhraseMatcher(names, inflect=True) if names else None
        self._disclaimers = dict(policy.personal_accounts.disclaimer)
        self._tags = list(policy.personal_accounts.disclosure_tags)
        self._disclosure = _compile(
            [_disclaimer_pattern(d) for d in self._disclaimers.values() if d.strip()]
            + [_literal_pattern(t) for t in self._tags if t.strip()]
        )
        self._ambiguous = _compile([_literal_pattern(t) for t in params.ambiguous_tags if t.strip()])

    def find(self, ctx: Context) -> Iterable[Hit]:
        if self._might_mention is None or ctx.post.account != "personal":
            return
        text = ctx.text
        if not any(self._might_mention.search(t.lower()) for t in (text, *ctx.post.links)):
            return
        folded = fold(text)
        mention = self._first_mention(text, folded, ctx.post.links)
        if mention is None:
            return
        disclosures = list(self._disclosure.finditer(folded)) if self._disclosure else []
        if disclosures:
            zone = self._start_zone(folded)
            if any(zone.holds(m.start(), m.end()) for m in disclosures):
                return
        disclaimer = self._disclaimer_for(ctx.lang)
        if disclosures:
            yield _buried_hit(text, mention, disclosures[0], disclaimer)
        else:
            yield self._missing_hit(text, folded, mention, disclaimer)

    def _missing_hit(self, text: str, folded: str, mention: tuple[int, int, str], disclaimer: str) -> Hit:
        """No disclosure at all, or only an ambiguous tag: add the disclaimer (or first tag) at the start."""
        start, end, mentioned = mention
        ambiguous = self._ambiguous.search(folded) if self._ambiguous else None
        label = "ambiguous" if ambiguous else "missing"
        prefix = disclaimer or (self._tags[0] if self._tags else "")
        tag = text[ambiguous.start() : ambiguous.end()] if ambiguous else ""
        args = {"mention": mentioned, "disclosure": prefix, "tag": tag}
        return Hit(start, end, f"disclosure.employee.{label}", args=args, label=label,
                   fix="disclosure.employee.fix_add", fix_text=_prepend(prefix, text) if prefix else None)

    def _first_mention(self, text: str, folded: str, links: list[str]) -> tuple[int, int, str] | None:
        """(start, end, as written) of the first employer mention; one only in `post.links` is at (0, 0)."""
        found = self._mention_in(text, folded)
        if found:
            return found[0], found[1], text[found[0] : found[1]]
        for link in links:
            found = self._mention_in(link, fold(link))
            if found:
                return 0, 0, link[found[0] : found[1]]
        return None

    def _mention_in(self, text: str, folded: str) -> tuple[int, int] | None:
        """The span of the first domain, handle or name in `text`; at one position, the longer one wins."""
        spans = []
        literal = self._literal.search(folded) if self._literal else None
        if literal:
            spans.append((literal.start(), -literal.end()))
        names = self._names.find(text) if self._names else []
        if names:
            spans.append((names[0].start, -names[0].end))
        if not spans:
            return None
        start, negative_end = min(spans)
        return start, -negative_end

    def _start_zone(self, folded: str) -> "StartZone":
        tail = _TRAILING_TAGS.search(folded)
        sentence_end = _FIRST_SENTENCE_END.search(folded)
        return StartZone(
            max_offset=self.params.max_offset,
            first_sentence_end=min(sentence_end.end() if sentence_end else len(folded), PREVIEW_CHARS),
            trailing_tags_start=tail.start() if tail and tail.start() > 0 else None,
        )

    def _disclaimer_for(self, lang: str) -> str:
        """The policy's disclaimer in the post's language, else the first one the policy has."""
        text = self._disclaimers.get(lang) or next(iter(self._disclaimers.values()), "")
        return text.strip()


def _buried_hit(text: str, mention: tuple[int, int, str], buried: re.Match[str], disclaimer: str) -> Hit:
    """A disclosure exists but not at the start: move it there (a moved tag brings the disclaimer along)."""
    start, end, mentioned = mention
    disclosure = text[buried.start() : buried.end()]
    adds_disclaimer = disclosure.startswith("#") and bool(disclaimer)
    fix = "disclosure.employee.fix_move_tag" if adds_disclaimer else "disclosure.employee.fix_move"
    fix_text = _moved(text, buried.start(), buried.end(), disclaimer if adds_disclaimer else "")
    return Hit(start, end, "disclosure.employee.buried", args={"mention": mentioned, "disclosure": disclosure},
               label="buried", fix=fix, fix_text=fix_text)


def _moved(text: str, start: int, end: int, disclaimer: str) -> str:
    """`text` with `text[start:end]` (a buried disclosure) moved to the start, followed by `disclaimer`."""
    prefix = " ".join(part for part in (text[start:end], disclaimer) if part)
    return _prepend(prefix, _remove(text, start, end))


def _prepend(prefix: str, text: str) -> str:
    """`prefix` and `text` as one post; a prefix ending in words (not a tag) ends its sentence first."""
    if not prefix.split()[-1].startswith("#") and not prefix.endswith(_SENTENCE_END):
        prefix += "."
    return f"{prefix} {text.lstrip()}"


def _remove(text: str, start: int, end: int) -> str:
    """`text` without `text[start:end]`, leaving no doubled spaces or dangling space at the end."""
    left, right = text[:start].rstrip(" \t"), text[end:].lstrip(" \t")
    joiner = " " if left and right and not left.endswith("\n") and not right.startswith("\n") else ""
    return (left + joiner + right).rstrip()
