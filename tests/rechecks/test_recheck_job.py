"""The re-check job: saving a policy version re-checks every post of the organisation (every state) under it
and stores what the change newly flags, what it no longer flags and which outcomes changed, with the rules;
it runs in-process after the commit by default and on a real Celery worker when a broker is set."""

from __future__ import annotations

import time

import pytest
from recheck_support import (BIRD_EN, EMAIL_AND_PHONE, FALCON_EN, FALCON_PL, NIP_BLOCKS_POLICY, PHONE_EN, PHONE_PL,
                             RELAXED_POLICY, STRICTER_POLICY, THANKS_PL, draft, expired, published, rejected,
                             results_by_post, save_and_recheck, submitted)
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, WARN_TEXT

from socialguard import tasks
from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import PolicyVersion
from socialguard.orgs.policies import save_policy
from socialguard.rechecks import jobs
from socialguard.rechecks.models import Recheck
from socialguard.rechecks.tasks import run_recheck
from socialguard.workflow.models import PostDraft, State

pytestmark = pytest.mark.django_db


def test_a_stricter_version_reports_the_newly_flagged_posts_and_their_rules(acme, django_capture_on_commit_callbacks):
    phone_en, phone_pl = submitted(acme, PHONE_EN), published(acme, PHONE_PL)
    falcon_en, falcon_pl = draft(acme, FALCON_EN), submitted(acme, FALCON_PL)
    untouched = [submitted(acme, OK_TEXT), submitted(acme, BIRD_EN), submitted(acme, THANKS_PL),
                 submitted(acme, REVIEW_TEXT)]
    assert (phone_en.state, phone_pl.state, falcon_en.state) == (State.APPROVED, State.PUBLISHED, State.DRAFT)

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    assert recheck.state == Recheck.State.DONE and recheck.started_at <= recheck.finished_at
    assert (recheck.from_version.number, recheck.to_version.number) == (1, 2)
    assert results_by_post(recheck) == {
        phone_en.pk: ("newly_flagged", "ok", "needs_approval", ["pii-phone"], []),
        phone_pl.pk: ("newly_flagged", "ok", "needs_approval", ["pii-phone"], []),
        falcon_en.pk: ("newly_flagged", "ok", "blocked", ["secret-projects"], []),
        falcon_pl.pk: ("newly_flagged", "ok", "blocked", ["secret-projects"], []),
    }
    assert (recheck.posts_checked, recheck.newly_flagged, recheck.no_longer_flagged, recheck.outcome_changes) == (
        8, 4, 0, 4)
    assert recheck.added_by_rule == {"pii-phone": 2, "secret-projects": 2} and recheck.removed_by_rule == {}
    assert all(post.pk not in results_by_post(recheck) for post in untouched)


def test_a_relaxed_version_reports_the_posts_no_longer_flagged(acme, django_capture_on_commit_callbacks):
    pending, blocked = submitted(acme, REVIEW_TEXT), submitted(acme, BLOCK_TEXT)
    assert (pending.state, blocked.state) == (State.PENDING, State.DRAFT)

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, RELAXED_POLICY)

    assert results_by_post(recheck) == {pending.pk: ("no_longer_flagged", "needs_approval", "ok", [], ["pii-contact"])}
    assert (recheck.posts_checked, recheck.newly_flagged, recheck.no_longer_flagged, recheck.outcome_changes) == (
        2, 0, 1, 1)
    assert recheck.removed_by_rule == {"pii-contact": 1}


def test_a_harsher_severity_is_an_outcome_change_not_a_new_flag(acme, django_capture_on_commit_callbacks):
    warned = submitted(acme, WARN_TEXT)

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, NIP_BLOCKS_POLICY)

    assert results_by_post(recheck) == {warned.pk: ("changed", "ok_with_warnings", "blocked", [], [])}
    assert (recheck.newly_flagged, recheck.no_longer_flagged, recheck.outcome_changes) == (0, 0, 1)


def test_posts_in_every_state_are_rechecked_and_left_as_they_were(acme, django_capture_on_commit_callbacks):
    posts = [draft(acme, EMAIL_AND_PHONE), submitted(acme, EMAIL_AND_PHONE), submitted(acme, PHONE_EN),
             published(acme, PHONE_PL), rejected(acme, EMAIL_AND_PHONE), expired(acme, EMAIL_AND_PHONE)]
    assert [p.state for p in posts] == [State.DRAFT, State.PENDING, State.APPROVED, State.PUBLISHED,
                                        State.REJECTED, State.EXPIRED]
    stored = {p.pk: (p.state, p.verdict, p.policy_version_id) for p in PostDraft.objects.all()}

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    changes = results_by_post(recheck)
    assert set(changes) == {p.pk for p in posts}
    assert changes[posts[1].pk] == ("changed", "needs_approval", "needs_approval", ["pii-phone"], [])
    assert {p.pk: (p.state, p.verdict, p.policy_version_id) for p in PostDraft.objects.all()} == stored


def test_only_the_organisations_own_posts_are_rechecked(acme, globex, django_capture_on_commit_callbacks):
    ours, theirs = submitted(acme, PHONE_EN), submitted(globex, PHONE_EN)

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    assert set(results_by_post(recheck)) == {ours.pk} and recheck.posts_checked == 1
    assert not Recheck.objects.filter(org=globex.org).exists() and theirs.pk not in results_by_post(recheck)


def test_the_result_is_an_audit_event(acme, django_capture_on_commit_callbacks):
    submitted(acme, FALCON_EN)

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    event = AuditEvent.objects.get(org=acme.org, kind="policy_recheck")
    assert (event.actor, event.object_id) == ("system", str(recheck.pk))
    assert event.data == {"recheck": recheck.pk, "from": 1, "to": 2, "state": "done", "posts_checked": 1,
                          "newly_flagged": 1, "no_longer_flagged": 0, "outcome_changes": 1}


def test_an_organisations_first_version_starts_no_recheck(acme):
    assert acme.org.policy_versions.count() == 1 and not Recheck.objects.exists()


def test_the_recheck_is_queued_with_the_version_and_runs_after_the_commit(acme, django_capture_on_commit_callbacks):
    submitted(acme, PHONE_EN)
    with django_capture_on_commit_callbacks() as callbacks:
        version = save_policy(acme.org, STRICTER_POLICY)
        assert Recheck.objects.get(to_version=version).state == Recheck.State.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    assert Recheck.objects.get(to_version=version).state == Recheck.State.DONE


def test_a_redelivered_task_does_not_run_the_recheck_twice(acme, django_capture_on_commit_callbacks):
    submitted(acme, PHONE_EN)
    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    again = run_recheck.apply(args=(recheck.pk,)).get()

    assert again["state"] == "done" and recheck.results.count() == 1
    assert AuditEvent.objects.filter(kind="policy_recheck").count() == 1


def test_a_version_that_cannot_be_used_fails_the_recheck_with_its_reason(acme, django_capture_on_commit_callbacks):
    submitted(acme, PHONE_EN)
    with django_capture_on_commit_callbacks(execute=True):  # a row written around save_policy's validation
        broken = PolicyVersion.objects.create(org=acme.org, number=2, yaml="version: [unclosed")

    recheck = Recheck.objects.get(to_version=broken)
    assert recheck.state == Recheck.State.FAILED and "acme policy v2:1: invalid YAML" in recheck.error
    assert AuditEvent.objects.get(kind="policy_recheck").data["error"] == recheck.error


def test_a_departed_author_is_rechecked_as_an_employee(acme, django_capture_on_commit_callbacks):
    post = submitted(acme, PHONE_PL, role="customer_service")
    acme.membership("customer_service").delete()

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    assert results_by_post(recheck) == {post.pk: ("newly_flagged", "ok", "needs_approval", ["pii-phone"], [])}


def test_posts_are_read_in_batches(acme, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(jobs, "BATCH_SIZE", 2)
    posts = [submitted(acme, text) for text in (PHONE_EN, OK_TEXT, FALCON_PL, BIRD_EN, PHONE_PL)]

    recheck = save_and_recheck(django_capture_on_commit_callbacks, acme, STRICTER_POLICY)

    assert recheck.posts_checked == 5 and set(results_by_post(recheck)) == {posts[0].pk, posts[2].pk, posts[4].pk}
    assert recheck.added_by_rule == {"pii-phone": 2, "secret-projects": 1}


REDIS = "redis://127.0.0.1:6379/12"


@pytest.mark.django_db(transaction=True)
def test_the_recheck_runs_on_a_real_worker_when_a_broker_is_set(redis_server, monkeypatch):
    from celery.contrib.testing.worker import start_worker
    from web_support import make_org

    acme = make_org("acme")
    phone = submitted(acme, PHONE_EN)
    monkeypatch.setenv("SOCIALGUARD_BROKER", REDIS)
    celery = tasks.make_app(REDIS)
    with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        version = save_policy(acme.org, STRICTER_POLICY)  # commits: the task goes to the broker
        recheck = _finished(Recheck.objects.get(to_version=version))
    assert recheck.state == Recheck.State.DONE
    assert results_by_post(recheck) == {phone.pk: ("newly_flagged", "ok", "needs_approval", ["pii-phone"], [])}


def _finished(recheck: Recheck, wait_seconds: float = 60) -> Recheck:
    deadline = time.monotonic() + wait_seconds
    while recheck.state in (Recheck.State.QUEUED, Recheck.State.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.2)
        recheck.refresh_from_db()
    return recheck
