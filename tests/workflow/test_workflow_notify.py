"""Notifications: e-mail to the approvers and the author, and the Slack/Teams-style webhook, sent after commit;
a failing webhook is logged without its secret URL and never breaks the action."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from web_support import OK_TEXT, REVIEW_TEXT

from socialguard.workflow import actions
from socialguard.workflow.models import State
from socialguard.workflow.notify import send_webhook


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        self.send_response(Receiver.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_server():
    Receiver.received, Receiver.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def submit(acme, text):
    post = actions.create_draft(acme.membership("employee"), text=text, account_kind="personal",
                                account_handle="", platform="linkedin")
    actions.submit(post, acme.users["employee"])
    post.refresh_from_db()
    return post


@pytest.mark.django_db
def test_pending_post_emails_the_eligible_approvers(acme, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = submit(acme, REVIEW_TEXT)
    assert post.state == State.PENDING
    assert [m.to for m in mailoutbox] == [["approver@acme.example"]]
    assert f"/posts/{post.pk}/" in mailoutbox[0].body


@pytest.mark.django_db
def test_decision_emails_the_author(acme, mailoutbox, django_capture_on_commit_callbacks):
    post = submit(acme, REVIEW_TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide(post, "reject", "Off topic.", user=acme.users["approver"])
    assert mailoutbox[-1].to == ["employee@acme.example"]
    assert "Off topic." in mailoutbox[-1].body


@pytest.mark.django_db
def test_nothing_is_sent_before_commit(acme, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(acme, REVIEW_TEXT)
    assert mailoutbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_webhook_gets_slack_compatible_json(acme, webhook_server, django_capture_on_commit_callbacks):
    acme.org.webhook_url = f"http://127.0.0.1:{webhook_server.server_port}/hooks/T000/SECRET"
    acme.org.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(acme, REVIEW_TEXT)
    [(path, content_type, body)] = Receiver.received
    assert (path, content_type) == ("/hooks/T000/SECRET", "application/json")
    assert set(body) == {"text"} and "waits for" in body["text"]


@pytest.mark.django_db
def test_ok_post_sends_nothing(acme, webhook_server, mailoutbox, django_capture_on_commit_callbacks):
    acme.org.webhook_url = f"http://127.0.0.1:{webhook_server.server_port}/hook"
    acme.org.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(acme, OK_TEXT)
    assert Receiver.received == [] and mailoutbox == []


def test_failing_webhook_is_logged_without_its_secret(webhook_server, caplog):
    Receiver.status = 500
    url = f"http://127.0.0.1:{webhook_server.server_port}/hooks/T000/SECRET-TOKEN"
    with caplog.at_level(logging.WARNING, logger="socialguard.notify"):
        assert send_webhook(url, "hello") is False
    assert "HTTP 500" in caplog.text
    assert "SECRET-TOKEN" not in caplog.text and "hello" not in caplog.text


@pytest.mark.django_db
def test_unreachable_webhook_does_not_break_the_action(acme, caplog, django_capture_on_commit_callbacks):
    acme.org.webhook_url = "http://127.0.0.1:9/nothing-listens-here"
    acme.org.save()
    with caplog.at_level(logging.WARNING, logger="socialguard.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            post = submit(acme, REVIEW_TEXT)
    assert post.state == State.PENDING
    assert "notification webhook to 127.0.0.1 failed" in caplog.text
