"""Judging a post against a policy: `evaluate(post, policy) -> Verdict`.

Pure core: no Django, no database, no network. A policy is compiled once into a `CompiledPolicy`: the
`Checker` (each rule's detector built with its params: lexicons, automata) and whatever an app builds from
the policy (the inbox's triage, its reply suggester), each built on first use. It is the one compiled object
of a policy: kept on the policy object (`compiled(policy)`), and a policy text is parsed once per process,
looked up by its SHA-256 and name (`compile_policy`), so `evaluate` is cheap and a new text is never served
what was built from an old one.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

from .detectors import Context, Hit, registry
from .detectors.base import Detector
from .lang import detect_language
from .locale import message
from .model import OUTCOME_OF_SEVERITY, ClauseRef, Finding, Fix, Post, Verdict
from .policy.loader import parse_policy
from .policy.schema import Policy, Rule, localized

T = TypeVar("T")
CACHED_TEXTS = 64  # policy texts kept compiled per process (an organisation's version is one)


class Checker:
    """A policy compiled for checking: its enabled rules, each with a ready detector."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        detectors = registry()
        self.rules: list[tuple[Rule, Detector]] = [
            (rule, detectors[rule.detector](rule.detector_params, policy))
            for rule in policy.rules
            if rule.enabled
        ]
        self._allowed = [(a.rule, a.text.casefold()) for a in policy.allow]

    def evaluate(self, post: Post) -> Verdict:
        lang = self._language(post)
        ctx = Context(post=post, lang=lang, policy=self.policy)
        findings: list[Finding] = []
        for rule, detector in self.rules:
            if not rule.applies_to.matches(post.account, post.role, post.platform):
                continue
            for hit in detector.find(ctx):
                if not self._is_allowed(rule.id, post.text[hit.start : hit.end]):
                    findings.append(self._finding(rule, detector, hit, ctx))
        findings.sort(key=lambda f: (f.start, -f.severity.rank, f.rule))
        worst = max((f.severity for f in findings if f.suppressed is None), key=lambda s: s.rank, default=None)
        return Verdict(
            outcome=OUTCOME_OF_SEVERITY[worst], lang=lang, policy_version=self.policy.version, findings=findings
        )

    def _language(self, post: Post) -> str:
        if post.lang and post.lang != "auto":
            return post.lang
        return detect_language(post.text)

    def _is_allowed(self, rule_id: str, matched: str) -> bool:
        folded = matched.casefold()
        return any(text == folded and rule in (None, rule_id) for rule, text in self._allowed)

    def _finding(self, rule: Rule, detector: Detector, hit: Hit, ctx: Context) -> Finding:
        lang = ctx.lang if ctx.lang in self.policy.organisation.languages else self.policy.organisation.languages[0]
        clause = self.policy.clause(rule.clause)
        text = localized(rule.message, lang) if rule.message else " ".join(
            message(key, lang, **hit.args) for key in (hit.message, *hit.more)
        )
        fix = None
        if hit.fix_text is not None:
            fix = Fix(description=message(hit.fix or "fix.apply", lang, **hit.args), text=hit.fix_text,
                      private_message=hit.private_text)
        return Finding(
            detector=detector.id,
            rule=rule.id,
            entity=hit.entity,
            label=hit.label,
            start=hit.start,
            end=hit.end,
            match=ctx.text[hit.start : hit.end],
            severity=rule.severity,
            score=round(hit.score, 4),
            clause=ClauseRef(id=clause.id, number=clause.number, title=localized(clause.title, lang)) if clause else None,
            message=text,
            fix=fix,
            suppressed=self._exception_reason(rule, ctx.post),
        )

    @staticmethod
    def _exception_reason(rule: Rule, post: Post) -> str | None:
        if not rule.allow_exceptions:
            return None
        exception = next((e for e in post.exceptions if e.rule == rule.id), None)
        if exception is None:
            return None
        return f"{exception.reason} (approved by {exception.approved_by})" if exception.approved_by else exception.reason


class CompiledPolicy:
    """A policy and everything built from it, each part built on first use and then kept.

    `checker` is the engine's; `get(build)` is anything else made from the policy by `build(policy)` (a class or
    a module-level function, which is also its key), e.g. `compiled(policy).get(Triage)`.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._built: dict[Callable[[Policy], object], object] = {}
        self._lock = threading.Lock()

    @property
    def checker(self) -> Checker:
        return self.get(Checker)

    def get(self, build: Callable[[Policy], T]) -> T:
        with self._lock:
            if build not in self._built:
                self._built[build] = build(self.policy)
            return self._built[build]  # type: ignore[return-value]


def compiled(policy: Policy) -> CompiledPolicy:
    """The one compiled object of `policy`, made on first use and kept on the policy object."""
    with _lock:
        if policy._compiled is None:
            policy._compiled = CompiledPolicy(policy)
        return policy._compiled


def checker(policy: Policy) -> Checker:
    """The compiled form of `policy` for checking, built on first use."""
    return compiled(policy).checker


def policy_digest(text: str) -> str:
    """The SHA-256 of a policy text: its key wherever something compiled from it is kept."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compile_policy(text: str, name: str) -> CompiledPolicy:
    """The compiled object of a policy text (raises `PolicyError`), parsed once per process.

    Looked up by the text's digest and its name (the name is in the policy's messages), the most recently
    used `CACHED_TEXTS` kept: a changed text is a new key, so nothing needs emptying when a policy changes.
    """
    key = (policy_digest(text), name)
    with _lock:
        found = _texts.get(key)
        if found is not None:
            _texts.move_to_end(key)
            return found
    made = compiled(parse_policy(text, name))
    with _lock:
        found = _texts.setdefault(key, made)
        _texts.move_to_end(key)
        while len(_texts) > CACHED_TEXTS:
            _texts.popitem(last=False)
        return found


_lock = threading.RLock()
_texts: OrderedDict[tuple[str, str], CompiledPolicy] = OrderedDict()


def evaluate(post: Post, policy: Policy) -> Verdict:
    """Check one post against a policy."""
    return checker(policy).evaluate(post)
