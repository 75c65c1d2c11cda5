"""The workflow's rules, through its actions: state follows the verdict, Any/All sign-off, no self-approval,
edit after approval, rescheduling, exceptions, expiry; every change recorded as a transition and an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, WARN_TEXT, add_user

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Team
from socialguard.workflow import actions
from socialguard.workflow.models import Decision, SignOff, State, Transition, Workflow, WorkflowStep


def draft(acme, text, role="employee", handle="", platform="linkedin", scheduled_at=None):
    kind = "brand" if handle else "personal"
    return actions.create_draft(acme.membership(role), text=text, account_kind=kind, account_handle=handle,
                                platform=platform, scheduled_at=scheduled_at)


def submitted(acme, text, role="employee", **kwargs):
    post = draft(acme, text, role, **kwargs)
    actions.submit(post, acme.users[role])
    post.refresh_from_db()
    return post


def brand_workflow(acme, *steps):
    workflow = Workflow.objects.create(org=acme.org, name="Brand", account_handle="@acme", position=1)
    for order, (assignee, sign_off) in enumerate(steps, start=1):
        team = Team.objects.get(org=acme.org, kind=assignee) if assignee.endswith("_approval") else None
        WorkflowStep.objects.create(workflow=workflow, order=order, team=team, role="" if team else assignee,
                                    sign_off=sign_off)
    return workflow


@pytest.mark.django_db
class TestStateFollowsVerdict:
    def test_ok_post_is_approved_directly(self, acme):
        post = submitted(acme, OK_TEXT)
        assert (post.state, post.outcome, post.workflow) == (State.APPROVED, "ok", None)

    def test_post_with_warnings_is_approved_directly(self, acme):
        assert submitted(acme, WARN_TEXT).state == State.APPROVED

    def test_post_needing_approval_goes_through_the_default_workflow(self, acme):
        post = submitted(acme, REVIEW_TEXT)
        assert post.state == State.PENDING
        assert post.workflow.name == "Default approval"
        assert post.round == 1

    def test_blocked_post_stays_a_draft_with_its_findings(self, acme):
        post = submitted(acme, BLOCK_TEXT)
        assert post.state == State.DRAFT
        assert post.outcome == "blocked"
        assert [f["rule"] for f in post.verdict["findings"]] == ["pii-ids"]
        assert not post.transitions.exists()

    def test_a_workflow_on_the_account_holds_even_an_ok_post(self, acme):
        brand_workflow(acme, ("message_approval", SignOff.ANY))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="@acme", platform="x")
        assert (post.state, post.workflow.name) == (State.PENDING, "Brand")

    def test_a_workflow_on_another_account_does_not_apply(self, acme):
        brand_workflow(acme, ("message_approval", SignOff.ANY))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="acme", platform="linkedin")
        assert post.state == State.APPROVED

    def test_verdict_records_policy_version(self, acme):
        post = submitted(acme, OK_TEXT)
        assert post.policy_version == acme.org.current_policy_version()
        assert post.verdict["policy_version"] == "test-1"

    def test_only_the_author_submits(self, acme):
        post = draft(acme, OK_TEXT)
        with pytest.raises(actions.WorkflowError):
            actions.submit(post, acme.users["admin"])

    def test_an_approved_post_cannot_be_submitted_again(self, acme):
        post = submitted(acme, OK_TEXT)
        with pytest.raises(actions.WorkflowError):
            actions.submit(post, acme.users["employee"])


@pytest.mark.django_db
class TestSignOff:
    def test_nobody_approves_their_own_post(self, acme):
        post = submitted(acme, REVIEW_TEXT, role="approver")
        with pytest.raises(actions.WorkflowError, match="your own"):
            actions.decide(post, "approve", user=acme.users["approver"])
        assert Decision.objects.count() == 0

    def test_an_unassigned_member_cannot_sign_off(self, acme):
        post = submitted(acme, REVIEW_TEXT)
        with pytest.raises(actions.WorkflowError, match="assigned"):
            actions.decide(post, "approve", user=acme.users["compliance"])

    def test_any_one_approval_completes_an_any_step(self, acme):
        add_user(acme, "second-approver", "approver")
        post = submitted(acme, REVIEW_TEXT)
        actions.decide(post, "approve", user=acme.users["approver"])
        post.refresh_from_db()
        assert post.state == State.APPROVED

    def test_an_all_step_waits_for_every_member(self, acme):
        second = add_user(acme, "second-compliance", "compliance")
        brand_workflow(acme, ("compliance", SignOff.ALL))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="@acme", platform="x")
        actions.decide(post, "approve", user=acme.users["compliance"])
        post.refresh_from_db()
        assert post.state == State.PENDING
        actions.decide(post, "approve", user=second)
        post.refresh_from_db()
        assert post.state == State.APPROVED

    def test_steps_run_in_order_and_each_needs_a_different_person(self, acme):
        brand_workflow(acme, ("message_approval", SignOff.ANY), ("approver", SignOff.ANY))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="@acme", platform="x")
        actions.decide(post, "approve", user=acme.users["approver"])
        post.refresh_from_db()
        assert (post.state, post.step_index) == (State.PENDING, 1)
        with pytest.raises(actions.WorkflowError):
            actions.decide(post, "approve", user=acme.users["approver"])
        actions.decide(post, "approve", user=add_user(acme, "approver-two", "approver"))
        post.refresh_from_db()
        assert post.state == State.APPROVED

    def test_one_decision_per_person_and_step(self, acme):
        add_user(acme, "second-compliance", "compliance")
        brand_workflow(acme, ("compliance", SignOff.ALL))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="@acme", platform="x")
        actions.decide(post, "approve", user=acme.users["compliance"])
        with pytest.raises(actions.WorkflowError, match="already"):
            actions.decide(post, "approve", user=acme.users["compliance"])

    def test_reject_needs_a_note_and_ends_the_post(self, acme):
        post = submitted(acme, REVIEW_TEXT)
        with pytest.raises(actions.WorkflowError, match="note"):
            actions.decide(post, "reject", "  ", user=acme.users["approver"])
        actions.decide(post, "reject", "Not on our channels.", user=acme.users["approver"])
        post.refresh_from_db()
        assert post.state == State.REJECTED
        assert post.transitions.last().note == "Not on our channels."
        with pytest.raises(actions.WorkflowError):
            actions.submit(post, acme.users["employee"])

    def test_request_changes_then_resubmit_starts_a_new_round(self, acme):
        post = submitted(acme, REVIEW_TEXT)
        actions.decide(post, "changes", "Remove the address.", user=acme.users["approver"])
        post.refresh_from_db()
        assert post.state == State.CHANGES_REQUESTED
        actions.edit(post, acme.users["employee"], text=REVIEW_TEXT + " Soon.", account_kind="personal",
                     account_handle="", platform="linkedin", scheduled_at=None)
        actions.submit(post, acme.users["employee"])
        post.refresh_from_db()
        assert (post.state, post.round) == (State.PENDING, 2)


@pytest.mark.django_db
class TestEditing:
    def test_editing_an_approved_post_sends_it_back_to_pending(self, acme):
        post = submitted(acme, OK_TEXT)
        actions.edit(post, acme.users["employee"], text=OK_TEXT + " Again.", account_kind="personal",
                     account_handle="", platform="linkedin", scheduled_at=None)
        post.refresh_from_db()
        assert post.state == State.PENDING
        assert list(post.transitions.values_list("from_state", "to_state")) == [
            ("draft", "approved"), ("approved", "pending")]

    def test_editing_into_a_blocked_text_returns_to_draft(self, acme):
        post = submitted(acme, OK_TEXT)
        actions.edit(post, acme.users["employee"], text=BLOCK_TEXT, account_kind="personal",
                     account_handle="", platform="linkedin", scheduled_at=None)
        post.refresh_from_db()
        assert (post.state, post.outcome) == (State.DRAFT, "blocked")

    def test_editing_a_pending_post_voids_earlier_approvals(self, acme):
        add_user(acme, "second-compliance", "compliance")
        brand_workflow(acme, ("compliance", SignOff.ALL))
        post = submitted(acme, OK_TEXT, role="comms_lead", handle="@acme", platform="x")
        actions.decide(post, "approve", user=acme.users["compliance"])
        actions.edit(post, acme.users["comms_lead"], text=OK_TEXT + "!", account_kind="brand",
                     account_handle="@acme", platform="x", scheduled_at=None)
        post.refresh_from_db()
        assert (post.state, post.round) == (State.PENDING, 2)
        actions.decide(post, "approve", user=acme.users["compliance"])
        post.refresh_from_db()
        assert post.state == State.PENDING  # the first approval was for round 1

    def test_only_the_author_edits(self, acme):
        post = draft(acme, OK_TEXT)
        with pytest.raises(actions.WorkflowError):
            actions.edit(post, acme.users["admin"], text="x", account_kind="personal", account_handle="",
                         platform="x", scheduled_at=None)

    def test_a_new_time_alone_keeps_an_approved_post_approved(self, acme):
        post = submitted(acme, OK_TEXT)
        later = timezone.now() + dt.timedelta(days=2)
        actions.edit(post, acme.users["employee"], text=OK_TEXT, account_kind="personal", account_handle="",
                     platform="linkedin", scheduled_at=later)
        post.refresh_from_db()
        assert (post.state, post.scheduled_at, post.round) == (State.APPROVED, later, 0)
        event = AuditEvent.objects.filter(org=acme.org, kind="reschedule").get()
        assert event.data == {"scheduled_at": later.isoformat()}

    def test_a_new_time_goes_back_for_approval_when_the_check_changed(self, acme):
        from socialguard.orgs.policies import save_policy
        from web_support import TEST_POLICY

        post = submitted(acme, WARN_TEXT)
        assert post.state == State.APPROVED
        save_policy(acme.org, TEST_POLICY.replace("severity: warn", "severity: review"))
        actions.edit(post, acme.users["employee"], text=WARN_TEXT, account_kind="personal", account_handle="",
                     platform="linkedin", scheduled_at=timezone.now() + dt.timedelta(days=1))
        post.refresh_from_db()
        assert (post.state, post.outcome, post.round) == (State.PENDING, "needs_approval", 1)

    def test_an_approver_may_move_anyones_post_but_not_change_its_text(self, acme):
        post = submitted(acme, OK_TEXT)
        later = timezone.now() + dt.timedelta(days=1)
        fields = {"account_kind": "personal", "account_handle": "", "platform": "linkedin", "scheduled_at": later}
        with pytest.raises(actions.WorkflowError, match="Only the author"):
            actions.edit(post, acme.users["approver"], text=OK_TEXT + " Edited.", **fields)
        with pytest.raises(actions.WorkflowError, match="Only the author"):
            actions.edit(post, acme.users["customer_service"], text=OK_TEXT, **fields)  # publishes, approves not
        actions.edit(post, acme.users["approver"], text=OK_TEXT, **fields)
        post.refresh_from_db()
        assert (post.state, post.scheduled_at) == (State.APPROVED, later)

    def test_published_post_cannot_be_edited(self, acme):
        post = submitted(acme, OK_TEXT)
        actions.publish(post, acme.membership("employee"))
        with pytest.raises(actions.WorkflowError):
            actions.edit(post, acme.users["employee"], text="x", account_kind="personal", account_handle="",
                         platform="x", scheduled_at=None)


@pytest.mark.django_db
class TestExceptionsAndPublishing:
    def test_exception_lets_a_blocked_post_through_approval(self, acme):
        post = submitted(acme, BLOCK_TEXT)
        actions.grant_exception(post, acme.users["compliance"], "pii-ids", "Customer asked us to confirm, in writing.")
        actions.submit(post, acme.users["employee"])
        post.refresh_from_db()
        assert post.state == State.PENDING  # an exception always needs a second person
        assert post.verdict["findings"][0]["suppressed"].startswith("Customer asked")

    def test_author_cannot_grant_their_own_exception(self, acme):
        post = submitted(acme, BLOCK_TEXT, role="compliance")
        with pytest.raises(actions.WorkflowError, match="own"):
            actions.grant_exception(post, acme.users["compliance"], "pii-ids", "Because I say so")

    def test_exception_needs_a_finding_of_that_rule(self, acme):
        post = submitted(acme, BLOCK_TEXT)
        with pytest.raises(actions.WorkflowError, match="no finding"):
            actions.grant_exception(post, acme.users["compliance"], "pii-contact", "Not there")

    def test_publish_needs_approval_and_the_author_or_a_publisher(self, acme):
        pending = submitted(acme, REVIEW_TEXT)
        with pytest.raises(actions.WorkflowError):
            actions.publish(pending, acme.membership("employee"))
        approved = submitted(acme, OK_TEXT)
        with pytest.raises(actions.WorkflowError):
            actions.publish(approved, acme.membership("approver"))
        actions.publish(approved, acme.membership("customer_service"))
        approved.refresh_from_db()
        assert approved.state == State.PUBLISHED


@pytest.mark.django_db
class TestExpiry:
    def test_posts_not_approved_by_their_time_expire(self, acme):
        past = timezone.now() - dt.timedelta(minutes=5)
        pending = submitted(acme, REVIEW_TEXT, scheduled_at=past)
        waiting_draft = draft(acme, OK_TEXT, scheduled_at=past)
        approved = submitted(acme, OK_TEXT, scheduled_at=past)
        future = submitted(acme, REVIEW_TEXT, scheduled_at=timezone.now() + dt.timedelta(hours=1))
        assert actions.expire_overdue() == 2
        states = {p.pk: p.state for p in type(pending).objects.all()}
        assert states[pending.pk] == states[waiting_draft.pk] == State.EXPIRED
        assert states[approved.pk] == State.APPROVED
        assert states[future.pk] == State.PENDING
        assert Transition.objects.get(post=pending, to_state=State.EXPIRED).actor == "system"

    def test_an_expired_post_cannot_be_approved(self, acme):
        post = submitted(acme, REVIEW_TEXT, scheduled_at=timezone.now() - dt.timedelta(minutes=1))
        actions.expire_overdue()
        with pytest.raises(actions.WorkflowError):
            actions.decide(post, "approve", user=acme.users["approver"])

    def test_management_command_expires(self, acme):
        from io import StringIO

        from django.core.management import call_command

        submitted(acme, REVIEW_TEXT, scheduled_at=timezone.now() - dt.timedelta(minutes=1))
        out = StringIO()
        call_command("socialguard_expire", stdout=out)
        assert out.getvalue().strip() == "expired 1 post(s)"


@pytest.mark.django_db
def test_every_step_of_a_post_is_in_the_audit_log(acme):
    post = submitted(acme, REVIEW_TEXT)
    actions.decide(post, "approve", user=acme.users["approver"])
    kinds = list(AuditEvent.objects.filter(org=acme.org, object_id=str(post.pk)).values_list("kind", flat=True))
    assert kinds == ["submit", "finding", "state_change", "approval", "state_change"]
    approval = AuditEvent.objects.get(org=acme.org, kind="approval")
    assert approval.actor == "acme-approver"
