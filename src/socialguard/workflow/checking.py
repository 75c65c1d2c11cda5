"""Checking a draft with the core: build a `socialguard.Post` from it and store the verdict it gets.

This is the only place the workflow calls `evaluate`; it never judges text itself. It is also the one place a
member's text becomes a core `Post` (`core_post`, used by the workflow, the API, the inbox's replies and the
archive), with the one rule for who is speaking (`speaker`) and the one lookup of a brand account (`brand_account`).
A saved draft's images reach the engine here too (`core_media`: their alt text and credit), and `length_on`
counts a text the way the policy's length rule does.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from typing import Any, Mapping

from socialguard import Post, Verdict, evaluate
from socialguard.detectors.limits import Length, PlatformLimits, measure
from socialguard.engine import checker
from socialguard.model import Finding, PostException, stored_verdict
from socialguard.policy.schema import BrandAccount, Policy
from socialguard.orgs.models import Membership, Organisation
from socialguard.orgs.policies import current_policy

from .media import core_media
from .models import PostDraft


class PostTooLong(ValueError):
    """A post longer than the app accepts (`SOCIALGUARD_MAX_POST_CHARS`)."""


def ensure_length(text: str) -> None:
    limit = settings.SOCIALGUARD_MAX_POST_CHARS
    if len(text) > limit:
        raise PostTooLong(
            _("The post is %(length)s characters long; the limit is %(limit)s.") % {"length": len(text), "limit": limit}
        )


def speaker(membership: Membership) -> dict[str, str]:
    """Who speaks in a member's post: `author` (their name, else username) and `role` (job role, else org role)."""
    user = membership.user
    return {"author": user.get_full_name() or user.get_username(), "role": membership.job_role or membership.role}


def brand_account(policy: Policy, *, handle: str | None = None, platform: str | None = None) -> BrandAccount | None:
    """The policy's brand account named `handle` (any case), else the one on `platform`, else the first one;
    with a `handle`, only that account (None when the policy has no such account)."""
    accounts = policy.brand_accounts
    if handle is not None:
        return next((a for a in accounts if a.handle.lower() == handle.strip().lower()), None)
    return next((a for a in accounts if a.platform == platform), None) or (accounts[0] if accounts else None)


def core_post(
    *, text: str, account_kind: str, account_handle: str, platform: str, membership: Membership,
    exceptions: list[dict] | None = None, in_reply_to: str = "", in_reply_to_topic: str = "", **context: Any,
) -> Post:
    """The member's text as the engine sees it; `context`: other `Post` fields (links, media, lang)."""
    return Post(
        text=text,
        account=account_kind,
        account_handle=account_handle or None,
        platform=platform or "generic",
        **speaker(membership),
        exceptions=[PostException(**e) for e in exceptions or []],
        in_reply_to=in_reply_to or None,
        in_reply_to_topic=in_reply_to_topic or None,
        **context,
    )


def length_on(policy: Policy, text: str, platform: str) -> Length:
    """How long `text` is on `platform` and the platform's limit, counted as the policy's `platform.limits`
    rule counts it (its limits, if the policy changes them; the network's own otherwise)."""
    limits = next((d for _rule, d in checker(policy).rules if isinstance(d, PlatformLimits)), None)
    return limits.measure(text, platform) if limits else measure(text, platform)


def draft_post(draft: PostDraft, membership: Membership) -> Post:
    """A stored post as the engine sees it when it is checked (with its images)."""
    return core_post(
        text=draft.text, account_kind=draft.account_kind, account_handle=draft.account_handle,
        platform=draft.platform, membership=membership, exceptions=draft.exceptions,
        in_reply_to=draft.reply_to, in_reply_to_topic=draft.in_reply_to_topic, media=core_media(draft),
    )


def findings_of(stored: Mapping[str, Any] | None) -> list[Finding]:
    """The findings of a stored verdict (`PostDraft.verdict`, `Reply.verdict`); none if it was never checked."""
    verdict = stored_verdict(stored)
    return verdict.findings if verdict else []


def check_text(org: Organisation, post: Post, version_id: int | None = None) -> Verdict:
    """The verdict of `post` under the organisation's current policy (`version_id`: its id, if known)."""
    ensure_length(post.text)
    policy = current_policy(org, version_id)[1]
    return evaluate(post, policy)


def check_draft(draft: PostDraft) -> Verdict:
    """Check `draft` under the current policy and store the verdict, its outcome and the policy version."""
    ensure_length(draft.text)
    membership = Membership.objects.get(org=draft.org, user=draft.author)
    version, policy = current_policy(draft.org)
    verdict = evaluate(draft_post(draft, membership), policy)
    draft.verdict = verdict.as_dict()
    draft.outcome = verdict.outcome.value
    draft.policy_version = version
    return verdict
