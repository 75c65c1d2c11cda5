"""Shared data of the re-check tests: a stricter and a relaxed version of the test policy, posts in English
and Polish that they judge differently, and helpers to make posts through the real workflow and to save a
policy version with its re-check run in-process after the commit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from web_support import TEST_POLICY

from socialguard.orgs.policies import save_policy
from socialguard.rechecks.models import Recheck
from socialguard.workflow import actions

# Stricter: phone numbers need approval, "Project Falcon" is a confidential term (blocked).
STRICTER_POLICY = TEST_POLICY.replace("test-1", "test-2").replace(
    "rules:\n", "confidential_terms:\n  - {term: Project Falcon}\nrules:\n") + """\
  - {id: pii-phone, detector: confidential.pii, params: {entities: [PHONE]}, severity: review, clause: privacy}
  - {id: secret-projects, detector: confidential.terms, severity: block, clause: personal-data}
"""
# Relaxed: e-mail addresses no longer need approval.
RELAXED_POLICY = "\n".join(line for line in TEST_POLICY.replace("test-1", "test-2").splitlines()
                           if "pii-contact" not in line) + "\n"
# Harsher severity only: a NIP blocks instead of warning; no rule is added or removed.
NIP_BLOCKS_POLICY = TEST_POLICY.replace("test-1", "test-2").replace("severity: warn", "severity: block")

PHONE_EN = "Call our office at +48 601 234 567 today."
PHONE_PL = "Zadzwoń do nas: 601 234 567, chętnie pomożemy."
FALCON_EN = "Project Falcon starts next week!"
FALCON_PL = "Rusza Project Falcon: szczegóły wkrótce."
BIRD_EN = "Falcon project is a bird book."  # near miss: not the confidential term
THANKS_PL = "Dziękujemy wszystkim za udany tydzień!"
EMAIL_AND_PHONE = "Write to jan.kowalski@gmail.com or call +48 601 234 567."


def draft(fixture, text, role="employee", scheduled_at=None):
    return actions.create_draft(fixture.membership(role), text=text, account_kind="personal", account_handle="",
                                platform="linkedin", scheduled_at=scheduled_at)


def submitted(fixture, text, role="employee", scheduled_at=None):
    post = draft(fixture, text, role, scheduled_at)
    actions.submit(post, fixture.users[role])
    post.refresh_from_db()
    return post


def published(fixture, text, role="employee"):
    post = submitted(fixture, text, role)
    actions.publish(post, fixture.membership(role))
    post.refresh_from_db()
    return post


def rejected(fixture, text, role="employee"):
    post = submitted(fixture, text, role)
    actions.decide(post, "reject", "Not this week.", user=fixture.users["approver"])
    post.refresh_from_db()
    return post


def expired(fixture, text, role="employee"):
    post = submitted(fixture, text, role, scheduled_at=timezone.now() + dt.timedelta(minutes=5))
    actions.expire_overdue(timezone.now() + dt.timedelta(hours=1))
    post.refresh_from_db()
    return post


def save_and_recheck(capture, fixture, yaml_text) -> Recheck:
    """Save `yaml_text` as the organisation's next version; the re-check runs when the transaction commits."""
    with capture(execute=True):
        version = save_policy(fixture.org, yaml_text)
    return Recheck.objects.get(to_version=version)


def results_by_post(recheck: Recheck) -> dict[int, tuple[str, str, str, list[str], list[str]]]:
    return {r.post_id: (r.kind, r.old_outcome, r.new_outcome, r.added_rules, r.removed_rules)
            for r in recheck.results.all()}
