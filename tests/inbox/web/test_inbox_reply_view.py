"""Replying: every reply becomes a workflow post on the brand account answering the mention, judged once. A clean
reply is approved at once, one that needs approval waits in the approval queue, a blocked one stays a draft
with its findings. The mention is never replied before a network accepted the reply: a reply to a mention
from a network socialguard does not send to says so (the sending itself is tested against the real peers in
test_inbox_reply_sending.py)."""

from __future__ import annotations

from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, INBOX_POLICY, QUESTION_EN, store
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, make_org

from socialguard import engine
from socialguard.inbox.models import Reply, ReplyState
from socialguard.inbox.sending import progress
from socialguard.workflow import actions as workflow
from socialguard.workflow import checking
from socialguard.workflow.models import State

# The general pack's spokesperson rule, with customer service named for complaints on the brand account
HANDLERS_POLICY = INBOX_POLICY.replace(
    '  - {platform: x, handle: "@acme"}\n',
    '  - {platform: x, handle: "@acme", publishers: [comms_lead], complaint_handlers: [customer_service]}\n',
).replace("rules:\n", "packs: [general]\nrules:\n")


def _reply(client, mention, text):
    return client.post(reverse("inbox:reply", args=[mention.pk]), {"text": text, "saved_reply": "complaint-sorry"},
                       follow=True)


def test_a_clean_reply_is_an_approved_post_answering_the_mention_and_the_mention_waits(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    agent = acme.users["customer_service"]
    page = _reply(client_as(agent), mention, OK_TEXT).content.decode()
    reply = Reply.objects.get(mention=mention)
    post = reply.post
    assert (reply.outcome, reply.saved_reply) == ("ok", "complaint-sorry")
    assert (post.state, post.author, post.account_kind, post.account_handle, post.platform) == (
        State.APPROVED, agent, "brand", "@acme", "x")
    assert (post.reply_to, post.in_reply_to_topic, post.text) == (mention.external_id, "complaint", OK_TEXT)
    found = progress(reply)
    assert found.state == ReplyState.FAILED and "socialguard does not send to x" in found.cause
    assert "cannot be sent: socialguard does not send to x" in page and 'id="latest-reply"' in page
    mention.refresh_from_db()
    assert mention.status == "new"  # no network accepted anything


def test_a_reply_is_judged_once(acme, client_as, monkeypatch):
    judged = []

    def counting(post, policy):
        judged.append(post)
        return engine.evaluate(post, policy)

    monkeypatch.setattr(checking, "evaluate", counting)
    mention = store(acme.org, COMPLAINT_EN)
    _reply(client_as(acme.users["customer_service"]), mention, REVIEW_TEXT)
    (post,) = judged
    assert (post.account, post.in_reply_to, post.in_reply_to_topic, post.role) == (
        "brand", mention.external_id, "complaint", "customer_service")
    assert Reply.objects.get(mention=mention).post.verdict["outcome"] == "needs_approval"


def test_a_reply_that_needs_approval_waits_in_the_approval_queue(acme, client_as):
    agent, approver = acme.users["customer_service"], acme.users["approver"]
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(agent), mention, REVIEW_TEXT)
    reply = Reply.objects.get(mention=mention)
    assert (progress(reply).state, reply.outcome, reply.post.state) == (ReplyState.PENDING, "needs_approval",
                                                                       State.PENDING)
    assert f"sent for approval as post {reply.post.pk}" in response.content.decode()
    workflow.decide(reply.post, "approve", user=approver)
    reply.refresh_from_db()
    mention.refresh_from_db()
    assert reply.post.state == State.APPROVED and progress(reply).state == ReplyState.FAILED  # x: not sent by us
    assert mention.status == "new"


def test_a_rejected_reply_leaves_the_mention_unanswered(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    _reply(client_as(acme.users["customer_service"]), mention, REVIEW_TEXT)
    reply = Reply.objects.get(mention=mention)
    workflow.decide(reply.post, "reject", "No e-mail addresses in replies.", user=acme.users["approver"])
    reply.refresh_from_db()
    mention.refresh_from_db()
    assert progress(reply).state == ReplyState.REJECTED and mention.status == "new"


def test_a_blocked_reply_stays_a_draft_with_its_findings(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(acme.users["customer_service"]), mention, BLOCK_TEXT)
    reply = Reply.objects.get(mention=mention)
    assert (reply.outcome, reply.post.state, progress(reply).state) == ("blocked", State.DRAFT, ReplyState.BLOCKED)
    page = response.content.decode()
    assert "blocked by the policy" in page and 'data-rule="pii-ids"' in page
    mention.refresh_from_db()
    assert mention.status == "new"


def test_a_reply_keeps_its_account_and_network_when_edited(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    agent = acme.users["customer_service"]
    _reply(client_as(agent), mention, BLOCK_TEXT)
    post = Reply.objects.get(mention=mention).post
    try:
        workflow.edit(post, agent, text=OK_TEXT, account_kind="brand", account_handle="acme", platform="linkedin",
                      scheduled_at=None)
    except workflow.WorkflowError as exc:
        assert "A reply stays on the account and network" in str(exc)
    else:
        raise AssertionError("a reply moved to another account")


def test_complaint_handlers_answer_on_the_brand_account_and_other_roles_go_to_approval(db, client_as):
    org = make_org("handlers", HANDLERS_POLICY)
    complaint, question = store(org.org, COMPLAINT_EN), store(org.org, QUESTION_EN)
    _reply(client_as(org.users["customer_service"]), complaint, "We are sorry, we will look into it today.")
    _reply(client_as(org.users["customer_service"]), question, "We answer every day from 8:00 to 20:00.")
    _reply(client_as(org.users["security"]), question, "We answer every day from 8:00 to 20:00.")
    by_agent = Reply.objects.filter(author=org.users["customer_service"])
    assert [r.post.state for r in by_agent] == [State.APPROVED, State.APPROVED]  # complaint handlers may answer
    other = Reply.objects.get(author=org.users["security"])
    assert (other.outcome, other.post.state) == ("needs_approval", State.PENDING)  # sent for approval, not blocked
    assert [f["rule"] for f in other.verdict["findings"]] == ["brand-spokesperson"]


def test_an_empty_reply_is_refused(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(acme.users["customer_service"]), mention, "  ")
    assert "A reply needs some text." in response.content.decode() and not Reply.objects.exists()
