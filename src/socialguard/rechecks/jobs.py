"""Running a re-check: queue one when a policy version is saved, dispatch it after the commit, and run it.

`queue_for(version)` adds a queued `Recheck` from the version before to `version` (none for an
organisation's first version: nothing to compare) and dispatches it through `socialguard.tasks` once the
transaction commits, so a Celery worker sees the rows. `run(recheck_id)` checks the organisation's posts
(every state) in batches with the new version's compiled policy; each post's old verdict is the one stored
on it (the verdict people saw), and `socialguard.scans.verdict_changes` keeps the posts whose verdict changed.
Posts are never changed by a re-check. The result is recorded as a `policy_recheck` audit event.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone

from socialguard.audit.chain import record
from socialguard.engine import checker
from socialguard.model import Post, stored_verdict
from socialguard.orgs.models import Membership, PolicyVersion
from socialguard.orgs.policies import policy_of
from socialguard.scans.verdict_changes import Change, recheck
from socialguard.workflow.archive import core_post_of, members_of
from socialguard.workflow.models import PostDraft

from .models import Recheck, RecheckResult

BATCH_SIZE = 500
COUNTS = ["posts_checked", "newly_flagged", "no_longer_flagged", "outcome_changes", "added_by_rule", "removed_by_rule"]
log = logging.getLogger(__name__)


def queue_for(version: PolicyVersion) -> Recheck | None:
    """A queued re-check from the previous version to `version`, dispatched after commit; None for a first one."""
    previous = (PolicyVersion.objects.filter(org_id=version.org_id, number__lt=version.number)
                .order_by("-number").first())
    if previous is None:
        return None
    job = Recheck.objects.create(org_id=version.org_id, from_version=previous, to_version=version)
    transaction.on_commit(lambda: dispatch_job(job.pk))
    return job


def dispatch_job(recheck_id: int) -> None:
    """Hand the re-check to the task layer; if that fails (no broker), the re-check is marked failed."""
    from socialguard.tasks import dispatch

    from .tasks import run_recheck

    try:
        dispatch(run_recheck, recheck_id)
    except Exception as exc:  # a broker that cannot be reached must not break saving the policy
        log.exception("re-check %s could not be dispatched", recheck_id)
        Recheck.objects.filter(pk=recheck_id).update(state=Recheck.State.FAILED, finished_at=timezone.now(),
                                                     error=f"could not be started: {exc}")


def run(recheck_id: int) -> dict[str, Any]:
    """Run a queued re-check to the end; returns its counts (JSON). A failure is stored on the re-check."""
    claimed = Recheck.objects.filter(pk=recheck_id, state=Recheck.State.QUEUED).update(
        state=Recheck.State.RUNNING, started_at=timezone.now())
    job = Recheck.objects.select_related("org", "from_version", "to_version").get(pk=recheck_id)
    if not claimed:
        return summary(job)  # a redelivered task: the re-check ran already or is running elsewhere
    try:
        compiled = checker(policy_of(job.to_version))
        for batch in batches(job):
            store(job, recheck(batch, compiled).changes, len(batch))
        job.state = Recheck.State.DONE
    except Exception as exc:  # the job must end in a state people can see, whatever went wrong
        log.exception("re-check %s failed", recheck_id)
        job.state, job.error = Recheck.State.FAILED, str(exc) or type(exc).__name__
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])
    record(job.org, "policy_recheck", obj=job, data=summary(job))
    return summary(job)


def batches(job: Recheck) -> Iterable[list[tuple[int, Post, str, set[str]]]]:
    """The organisation's checked posts as `recheck` input, `BATCH_SIZE` at a time, in id order."""
    members = members_of(job.org)
    posts = (PostDraft.objects.filter(org=job.org, verdict__isnull=False).select_related("author")
             .order_by("pk"))
    last = 0
    while batch := list(posts.filter(pk__gt=last)[:BATCH_SIZE]):
        last = batch[-1].pk
        yield [previous(post, members) for post in batch]


def previous(post: PostDraft, members: dict[int, Membership]) -> tuple[int, Post, str, set[str]]:
    """`(id, core Post, old outcome, old active rule ids)` of a stored post."""
    stored = stored_verdict(post.verdict)
    old_rules = {f.rule for f in stored.active} if stored else set()
    return post.pk, core_post_of(post, members), post.outcome or stored.outcome.value, old_rules


def store(job: Recheck, changes: list[Change], checked: int) -> None:
    """Save one batch's changed posts and add its counts to the re-check (the page shows the progress)."""
    job.posts_checked += checked
    job.newly_flagged += sum(c.newly_flagged for c in changes)
    job.no_longer_flagged += sum(c.cleared for c in changes)
    job.outcome_changes += sum(c.old_outcome is not c.new_outcome for c in changes)
    job.added_by_rule = _add(job.added_by_rule, (rule for c in changes for rule in c.added))
    job.removed_by_rule = _add(job.removed_by_rule, (rule for c in changes for rule in c.removed))
    with transaction.atomic():
        RecheckResult.objects.bulk_create(
            RecheckResult(recheck=job, post_id=c.post_id, kind=kind_of(c), old_outcome=c.old_outcome.value,
                          new_outcome=c.new_outcome.value, added_rules=list(c.added), removed_rules=list(c.removed))
            for c in changes)
        job.save(update_fields=COUNTS)


def kind_of(change: Change) -> str:
    if change.newly_flagged:
        return RecheckResult.Kind.NEWLY_FLAGGED
    if change.cleared:
        return RecheckResult.Kind.NO_LONGER_FLAGGED
    return RecheckResult.Kind.CHANGED


def summary(job: Recheck) -> dict[str, Any]:
    return {"recheck": job.pk, "from": job.from_version.number, "to": job.to_version.number, "state": job.state,
            "posts_checked": job.posts_checked, "newly_flagged": job.newly_flagged,
            "no_longer_flagged": job.no_longer_flagged, "outcome_changes": job.outcome_changes,
            **({"error": job.error} if job.error else {})}


def _add(counts: dict[str, int], rules: Iterable[str]) -> dict[str, int]:
    total = dict(counts)
    for rule in rules:
        total[rule] = total.get(rule, 0) + 1
    return total
