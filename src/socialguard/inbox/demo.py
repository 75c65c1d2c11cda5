"""The demo organisation's inbox: mentions in English and Polish (complaints, questions, praise, a security
report, a legal threat), and a wave of negative mentions over the last day that opens a crisis incident.

Everything goes through the real pipeline (`django_store.ingest`: understanding, routing, SLA timers) and
the real spike check, so the demo's history and audit trail are real. Called by `web/demo.py`, which also puts
the saved replies of `demo_replies.yaml` (`REPLIES_FILE`) in the demo policy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from socialguard.orgs.models import Organisation

from . import mention as pure
from .crisis import check_for_crisis
from .django_store import ingest

REPLIES_FILE = Path(__file__).with_name("demo_replies.yaml")
# source, author, followers, hours ago, text
MENTIONS = [
    ("x", "@kasia_k", 320, 2, "Reklamacja złożona dwa tygodnie temu i nadal brak odpowiedzi. Fatalna obsługa, Acme."),
    ("x", "@devops_dan", 1800, 3, "How do I export my dashboards from Acme Cloud to CSV?"),
    ("mastodon", "@ola@mastodon.social", 240, 5, "Świetny nowy eksport w Acme Cloud, dziękuję zespołowi! Polecam."),
    ("bluesky", "sam.bsky.social", None, 6, "Love the new Acme Cloud dashboards, great work!"),
    ("x", "@sec_researcher", 5200, 8, "I found a security vulnerability in the Acme Cloud login page. Who do I report it to?"),
    ("facebook", "Jan Nowak", 90, 9, "Jeśli nie oddacie pieniędzy, złożę pozew. Mój prawnik już wie o sprawie."),
    ("x", "@techcritic", 48000, 10, "Acme Cloud was down again for three hours. Terrible, unacceptable for a paid service."),
    ("mastodon", "@piotr@101010.pl", 150, 12, "Czy Acme Cloud ma serwery w Polsce? Pytam o RODO."),
    ("rss", "news.example", None, 20, "Acme Cloud opens a new office in Kraków and hires 50 engineers."),
]
BASELINE_NEGATIVE = 14  # over the week before the wave: about two a day
WAVE = [
    "Bojkot Acme Cloud! Wyciek danych klientów i zero informacji. Skandal.",
    "Acme leak exposed customer data? This is a scandal. Boycott them.",
    "Wyciek danych w Acme Cloud, skandal, żenada.",
    "Boycott Acme Cloud until they explain the data leak. Terrible.",
]
WAVE_SIZE = 24


def seed_mentions(org: Organisation) -> None:
    now = timezone.now()
    ingest(org, [_mention(f"demo-{i}", source, author, followers, now - dt.timedelta(hours=hours), text)
                 for i, (source, author, followers, hours, text) in enumerate(MENTIONS)])
    baseline = [_mention(f"demo-base-{i}", "x", f"@user{i}", 100, now - dt.timedelta(hours=30 + 11 * i),
                         "Acme Cloud support is slow and the app is broken again. Awful.")
                for i in range(BASELINE_NEGATIVE)]
    wave = [_mention(f"demo-wave-{i}", ("x", "mastodon", "bluesky")[i % 3], f"@angry{i}", 50 + 37 * i,
                     now - dt.timedelta(minutes=20 + 50 * i), WAVE[i % len(WAVE)])
            for i in range(WAVE_SIZE)]
    ingest(org, baseline + wave)
    check_for_crisis(org)


def _mention(external_id: str, source: str, author: str, followers: int | None, at: dt.datetime,
             text: str) -> pure.Mention:
    return pure.Mention(source=source, external_id=external_id, text=text, author=author, author_followers=followers,
                        created_at=at, url=f"https://{source}.example/{external_id}", channel="demo")
