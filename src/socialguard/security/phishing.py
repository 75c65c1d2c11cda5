"""The phishing score of an incoming message (mention, DM, comment): `assess_message(text, policy)`.

Adds up two kinds of evidence, each category counted once: the credential-harvesting phrasing of the
`security.phishing` detector (strong: threats, verify-your-account, password requests, unlock links, lures;
weak: urgency, "click the link"), and the link problems of the `security.link` detector (look-alike domains
of the organisation's and the platforms' domains, shorteners, bare IPs, plain http). Evidence combines as
independent signals, `1 - prod(1 - weight)`, so one weak cue stays low and a threat plus a look-alike link
is near 1. A message at or above `FLAGGED_AT` is flagged. Pure: no I/O.

Links are read from the text as written (`https://...`, `www...`) and as bare host names
(`instagram-support.help/verify`), since phishing messages often drop the scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..detectors.link import LinkChecker, LinkParams, parse_url
from ..detectors.phishing import find_phrases, lexicon
from ..locale import message
from ..model import MAX_TEXT_CHARS, Post
from ..policy.schema import Policy

FLAGGED_AT = 0.5
LINK_WEIGHTS = {"lookalike": 0.6, "raw_ip": 0.35, "shortener": 0.2, "insecure": 0.1}
_BARE_HOST = re.compile(
    r"(?<![@\w./-])(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+"
    r"[a-z\u00a1-\uffff]{2,24}(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PhishingReason:
    """One piece of evidence: a phrase or a link problem, where it is, and what it means (in `lang`)."""

    kind: str  # "phrase" or "link"
    label: str  # phrase category or link problem
    match: str
    start: int
    end: int
    weight: float
    message: str


@dataclass(frozen=True)
class PhishingAssessment:
    """How likely a message is phishing (0-1), and why."""

    score: float
    reasons: list[PhishingReason] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.score >= FLAGGED_AT

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "flagged": self.flagged,
            "reasons": [vars(r) for r in self.reasons],
        }


def _link_params(policy: Policy) -> LinkParams:
    """The params of the policy's (first enabled) `security.link` rule, so messages are judged like posts."""
    rule = next((r for r in policy.rules if r.detector == "security.link" and r.enabled), None)
    return rule.detector_params if rule else LinkParams()


@lru_cache(maxsize=32)
def _checker(protected: tuple[str, ...], shorteners: tuple[str, ...], allow: tuple[str, ...]) -> LinkChecker:
    return LinkChecker(protected, shorteners=shorteners, allow_domains=allow, require_https=True)


def link_checker(policy: Policy) -> LinkChecker:
    """A link checker protecting the organisation's domains (and its brand accounts' sites) plus the platforms."""
    params = _link_params(policy)
    own_sites = [parsed.host for a in policy.brand_accounts if a.url and (parsed := parse_url(a.url))]
    protected = sorted({*policy.organisation.domains, *params.protected_domains, *own_sites})
    return _checker(tuple(protected), tuple(params.shorteners), tuple(params.allow_domains))


def message_links(text: str) -> list[tuple[str, int]]:
    """URLs and bare host names in `text` with their offsets, without duplicates."""
    found: dict[str, int] = {}
    for url in Post(text=text).all_links():
        found.setdefault(url, text.find(url))
    covered = [(start, start + len(url)) for url, start in found.items() if start >= 0]
    for match in _BARE_HOST.finditer(text):
        inside = any(s <= match.start() < e for s, e in covered)
        url = match.group(0).rstrip(".,;:!?)")
        if not inside and "." in url.partition("/")[0]:
            found.setdefault(url, match.start())
    return list(found.items())


def assess_message(text: str, policy: Policy, lang: str = "en") -> PhishingAssessment:
    """The phishing score of one incoming message under `policy`, with its reasons in `lang`."""
    text = text[:MAX_TEXT_CHARS]
    reasons = _phrase_reasons(text, lang) + _link_reasons(text, link_checker(policy), lang)
    strongest: dict[tuple[str, str], float] = {}
    for reason in reasons:
        key = (reason.kind, reason.label)
        strongest[key] = max(strongest.get(key, 0.0), reason.weight)
    remaining = 1.0
    for weight in strongest.values():
        remaining *= 1.0 - weight
    return PhishingAssessment(score=round(1.0 - remaining, 3), reasons=reasons)


def _phrase_reasons(text: str, lang: str) -> list[PhishingReason]:
    categories = lexicon().categories
    return [
        PhishingReason(
            kind="phrase",
            label=hit.category,
            match=text[hit.start : hit.end],
            start=hit.start,
            end=hit.end,
            weight=categories[hit.category].weight,
            message=message(f"security.phishing.{hit.category}", lang, match=text[hit.start : hit.end]),
        )
        for hit in find_phrases(text)
    ]


def _link_reasons(text: str, checker: LinkChecker, lang: str) -> list[PhishingReason]:
    reasons = []
    for url, start in message_links(text):
        parsed = parse_url(url)
        for problem in checker.check(url):
            args = {"url": url, "domain": parsed.host if parsed else url, "imitates": problem.imitates or ""}
            reasons.append(
                PhishingReason(
                    kind="link",
                    label=problem.label,
                    match=url,
                    start=max(start, 0),
                    end=max(start, 0) + len(url),
                    weight=LINK_WEIGHTS[problem.label],
                    message=message(f"security.phishing.link.{problem.label}", lang, **args),
                )
            )
    return reasons
