"""Telling people about a post: e-mail to the people concerned and a webhook message for the organisation.

The webhook gets Slack/Teams-compatible JSON, `{"text": "..."}`, POSTed to the organisation's URL. Both are
sent in-process after the surrounding transaction commits (so a rolled-back action notifies nobody). A
failure is logged, without the webhook URL (its path is a secret) or the message body, and never breaks the
request that caused it.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from .models import PostDraft

log = logging.getLogger("socialguard.notify")


def post_url(post: PostDraft) -> str:
    return settings.SOCIALGUARD_BASE_URL + reverse("workflow:detail", args=[post.pk])


def notify(post: PostDraft, subject: str, text: str, recipients: Iterable[str]) -> None:
    """After commit: e-mail `recipients` and post `text` to the organisation's webhook, if it has one."""
    emails = sorted({r for r in recipients if r})
    webhook = post.org.webhook_url
    transaction.on_commit(lambda: deliver(subject, text, emails, webhook))


def deliver(subject: str, text: str, emails: list[str], webhook: str) -> None:
    if emails:
        try:
            send_mail(subject, text, None, emails)
        except Exception as exc:  # a mail server problem must not break the action that caused it
            log.warning("notification e-mail to %d recipient(s) failed: %s", len(emails), type(exc).__name__)
    if webhook:
        send_webhook(webhook, text)


def send_webhook(url: str, text: str) -> bool:
    """POST `{"text": text}` to `url`; True when the receiver answered 2xx."""
    body = json.dumps({"text": text}).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.SOCIALGUARD_WEBHOOK_TIMEOUT) as response:
            return 200 <= response.status < 300
    except Exception as exc:  # unreachable, refused, timed out, HTTP error: logged, never raised
        log.warning("notification webhook to %s failed: %s", urlsplit(url).hostname or "?", _reason(exc))
        return False


def _reason(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    return f"HTTP {code}" if code else type(exc).__name__
