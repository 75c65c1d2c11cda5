"""Replying: the engine checks the reply like any post. A clean reply is ready and the mention replied; a
reply that needs approval becomes a workflow post (with the mention's topic) and the mention is replied
once that post is approved; a blocked reply is not sent; a rejected one stays unanswered."""

from __future__ import annotations

from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, store
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT

from socialguard.inbox.actions import settle_replies
from socialguard.inbox.models import Reply
from socialguard.workflow import actions as workflow
from socialguard.workflow.models import State


def _reply(client, mention, text):
    return client.post(reverse("inbox:reply", args=[mention.pk]), {"text": text, "saved_reply": "complaint-sorry"},
                       follow=True)


def test_a_clean_reply_is_ready_and_the_mention_replied(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(acme.users["customer_service"]), mention, OK_TEXT)
    assert "passed the check" in response.content.decode()
    reply = Reply.objects.get(mention=mention)
    assert (reply.state, reply.outcome, reply.post, reply.saved_reply) == ("sent", "ok", None, "complaint-sorry")
    mention.refresh_from_db()
    assert mention.status == "replied"


def test_a_reply_that_needs_approval_goes_through_the_workflow(acme, client_as):
    agent, approver = acme.users["customer_service"], acme.users["approver"]
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(agent), mention, REVIEW_TEXT)
    reply = Reply.objects.get(mention=mention)
    assert (reply.state, reply.outcome) == ("pending", "needs_approval")
    post = reply.post
    assert (post.state, post.author, post.account_kind, post.account_handle) == (State.PENDING, agent, "brand", "@acme")
    assert post.in_reply_to_topic == "complaint" and post.text == REVIEW_TEXT
    assert f"post {post.pk}" in response.content.decode()
    mention.refresh_from_db()
    assert mention.status == "new"  # not answered until approved
    assert settle_replies(acme.org) == 0
    workflow.decide(post, "approve", user=approver)
    assert settle_replies(acme.org) == 1
    reply.refresh_from_db()
    mention.refresh_from_db()
    assert reply.state == "sent" and mention.status == "replied"
    assert mention.events.filter(kind="status", after="replied", actor="system").exists()


def test_a_rejected_reply_leaves_the_mention_unanswered(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    _reply(client_as(acme.users["customer_service"]), mention, REVIEW_TEXT)
    reply = Reply.objects.get(mention=mention)
    workflow.decide(reply.post, "reject", "No e-mail addresses in replies.", user=acme.users["approver"])
    settle_replies()
    reply.refresh_from_db()
    mention.refresh_from_db()
    assert reply.state == "rejected" and mention.status == "new"


def test_a_blocked_reply_is_not_sent_and_shows_why(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(acme.users["customer_service"]), mention, BLOCK_TEXT)
    reply = Reply.objects.get(mention=mention)
    assert (reply.state, reply.outcome, reply.post) == ("blocked", "blocked", None)
    page = response.content.decode()
    assert "blocked by the policy" in page and 'data-rule="pii-ids"' in page
    mention.refresh_from_db()
    assert mention.status == "new"


def test_an_empty_reply_is_refused(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    response = _reply(client_as(acme.users["customer_service"]), mention, "  ")
    assert "A reply needs some text." in response.content.decode() and not Reply.objects.exists()
