"""Shared data of the inbox's Django tests: a policy with saved replies in English and Polish, organisations
on it, and mentions stored through the real pipeline (`django_store.ingest`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from web_support import TEST_POLICY, make_org

INBOX_POLICY = TEST_POLICY + """\
saved_replies:
  - id: complaint-sorry
    topic: complaint
    title: {en: Sorry about the problem, pl: Przepraszamy za problem}
    text:
      en: "We are sorry, {name}. Please send us your order number in a direct message and we will sort it out."
      pl: "Przepraszamy, {name}. Prosimy o numer zamówienia w wiadomości prywatnej, a zajmiemy się sprawą."
    examples:
      en: ["my order never arrived", "terrible service, still waiting for a refund"]
      pl: ["zamówienie nie dotarło", "reklamacja bez odpowiedzi, fatalna obsługa"]
  - id: question-hours
    topic: question
    title: {en: Opening hours, pl: Godziny otwarcia}
    text:
      en: "Hi {name}, our support answers every day from 8:00 to 20:00."
      pl: "Cześć {name}, nasze wsparcie odpowiada codziennie od 8:00 do 20:00."
    examples:
      en: ["when are you open", "what are your support hours"]
      pl: ["w jakich godzinach działa wsparcie", "kiedy jesteście otwarci"]
"""
COMPLAINT_EN = "Terrible service from Acme, my order never arrived and nobody answers."
COMPLAINT_PL = "Reklamacja bez odpowiedzi od tygodnia, fatalna obsługa, zamówienie nie dotarło."
QUESTION_EN = "What are your support hours on weekends?"
PRAISE_PL = "Świetna obsługa, dziękuję! Polecam Acme."
CRISIS_EN = "Boycott Acme! This is a scandal, protest now."


def inbox_org(slug: str):
    return make_org(slug, INBOX_POLICY)


def store(org: Any, text: str, *, key: str | None = None, source: str = "x", author: str = "@someone",
          followers: int | None = 100, at: dt.datetime | None = None, clock=None):
    """Ingest one mention through the pipeline and return its row."""
    from socialguard.inbox import mention as pure
    from socialguard.inbox.django_store import ingest
    from socialguard.inbox.models import Mention
    from socialguard.inbox.sla import wall_clock

    heard = pure.Mention(source=source, external_id=key or f"id-{abs(hash(text))}", text=text, author=author,
                         author_followers=followers, created_at=at)
    ingest(org, [heard], clock or wall_clock)
    return Mention.objects.get(org=org, key=heard.key)
