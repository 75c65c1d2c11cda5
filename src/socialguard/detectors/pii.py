"""`confidential.pii`: personal data written into a post, in any language (EN and PL posts alike).

Finds email addresses, phone numbers as people write them (any country's national or international format,
with dots, dashes, parentheses, `(0)` and extensions: `+41 (0)85 806 98 67`, `01.84.17.61.18`,
`463-612-6138x036`) when they stand after a contact word (`tel.`, `kom.`, `Phone:`, `call me at`,
`WhatsApp`) or validate for some region, Polish PESEL, NIP, REGON and ID card numbers, IBANs (and bare
26-digit Polish account numbers), payment card numbers in any grouping and US Social Security numbers.
Identifiers with a check digit are reported only when the check passes, so a random 11-digit number is not a
PESEL; see `_pii_recognizers` for each entity's pattern and validator.

Deliberately does not find: names, postal addresses and dates of birth (they need NER and would flag every
byline), identifiers whose checksum fails (typos and made-up numbers), digit groups inside an IBAN as cards,
numbers after an order, invoice, tracking, price or amount word (`Order #601234567`, `faktura 2024/03/118`),
dates and amounts, bare digit runs (`387054830`) without a contact word, phone numbers that validate for no
region and have no contact word before them,
and email addresses at the organisation's own domains (`kontakt@our-company.pl` is not personal data,
unless `ignore_own_domains: false`).

Each hit offers a fix that masks the value: persons' identifiers become a label (`[PESEL]`), numbers keep
their last digits (`**** **** **** 1111`, `+** *** *** *67`), emails keep the first letter and the domain
(`j***@example.com`). In a reply (a post answering a topic, or starting with @mentions) a masked value helps
nobody, so the fix moves it to a private message instead: the public reply keeps its leading @mentions and
says a private message was sent (in the post's language), and the fix carries the whole reply as the private
message.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ._pii_recognizers import ENTITIES, Candidate, scan
from ..locale import message
from .base import Context, Detector, Hit, replace_span

if TYPE_CHECKING:
    from ..policy.schema import Policy

MASK = "*"
_LEADING_MENTIONS = re.compile(r"\s*(?:@[\w.@-]*\w[,:]?\s+)+")


class PiiParams(BaseModel):
    """Which entities to report, and whether addresses at the organisation's own domains count."""

    model_config = ConfigDict(extra="forbid")
    entities: list[str] = Field(default_factory=lambda: list(ENTITIES))
    ignore_own_domains: bool = True

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, value: list[str]) -> list[str]:
        names = [name.strip().upper() for name in value]
        if not names:
            raise ValueError(f"name at least one entity; valid: {', '.join(ENTITIES)}")
        unknown = [name for name in names if name not in ENTITIES]
        if unknown:
            raise ValueError(f"unknown entity {', '.join(unknown)}; valid: {', '.join(ENTITIES)}")
        return names


def _as_label(entity: str) -> Callable[[str], str]:
    return lambda value: f"[{entity}]"


def mask_keeping_last(keep: int) -> Callable[[str], str]:
    """Mask every letter and digit except the last `keep`; separators stay, so the shape stays readable."""

    def mask(value: str) -> str:
        visible = set([i for i, c in enumerate(value) if c.isalnum()][-keep:])
        return "".join(c if i in visible or not c.isalnum() else MASK for i, c in enumerate(value))

    return mask


def mask_email(value: str) -> str:
    """`jan.kowalski@example.com` -> `j***@example.com`."""
    local, _, domain = value.rpartition("@")
    return f"{local[:1]}{MASK * 3}@{domain}"


REDACTIONS: dict[str, Callable[[str], str]] = {
    "EMAIL": mask_email,
    "PHONE": mask_keeping_last(2),
    "PESEL": _as_label("PESEL"),
    "PL_ID_CARD": _as_label("PL_ID_CARD"),
    "US_SSN": _as_label("US_SSN"),
    "NIP": mask_keeping_last(2),
    "REGON": mask_keeping_last(2),
    "IBAN": mask_keeping_last(4),
    "PAYMENT_CARD": mask_keeping_last(4),
}


class PiiDetector(Detector):
    id = "confidential.pii"
    summary = "Personal data: emails, phones, PESEL, NIP, REGON, ID cards, IBANs, payment cards, US SSNs"
    Params = PiiParams

    def __init__(self, params: PiiParams, policy: "Policy") -> None:
        super().__init__(params, policy)
        self.entities = frozenset(params.entities)
        own = policy.organisation.domains if params.ignore_own_domains else []
        domains = "|".join(map(re.escape, own))
        self._own_domain = re.compile(rf"@(?:[\w-]+\.)*(?:{domains})$", re.IGNORECASE) if own else None

    def find(self, ctx: Context) -> Iterable[Hit]:
        text = ctx.text
        public_reply = _public_reply(ctx)
        for candidate in scan(text):
            if candidate.entity in self.entities and not self._is_own_address(text, candidate):
                yield self._hit(text, candidate, public_reply)

    def _is_own_address(self, text: str, candidate: Candidate) -> bool:
        return (
            candidate.entity == "EMAIL"
            and self._own_domain is not None
            and self._own_domain.search(text[candidate.start : candidate.end]) is not None
        )

    @staticmethod
    def _hit(text: str, candidate: Candidate, public_reply: str | None) -> Hit:
        redacted = REDACTIONS[candidate.entity](text[candidate.start : candidate.end])
        hit = Hit(
            start=candidate.start,
            end=candidate.end,
            message=f"pii.{candidate.entity.lower()}",
            args={"redacted": redacted},
            entity=candidate.entity,
            score=candidate.score,
            fix="pii.fix",
            fix_text=replace_span(text, candidate.start, candidate.end, redacted),
        )
        if public_reply is None:
            return hit
        return replace(hit, fix="pii.fix_private", fix_text=public_reply, private_text=text)


def _public_reply(ctx: Context) -> str | None:
    """For a reply (it answers a topic or starts with @mentions): its leading @mentions and a sentence saying
    a private message was sent, in the post's language; None for a post that is not a reply."""
    leading = _LEADING_MENTIONS.match(ctx.text)
    if leading is None and ctx.post.in_reply_to_topic is None:
        return None
    mentions = leading.group(0).strip() + " " if leading else ""
    return mentions + message("pii.private_reply", ctx.lang)
