"""The escalation matrix as a table: which team, priority and SLA each kind of mention gets."""

from __future__ import annotations

import pytest

from socialguard import load_policy
from socialguard.inbox.mention import Mention, Understanding
from socialguard.inbox.pipeline import Triage
from socialguard.inbox.routing import Router
from socialguard.policy.loader import parse_policy

POLICY = load_policy()


def _mention(topics=(), label="neutral", offensive=0.0, followers=None, lang="en", source="mastodon") -> Mention:
    seen = Understanding(lang, {"negative": -0.6, "neutral": 0.0, "positive": 0.6}[label], label, offensive, tuple(topics))
    return Mention(source, "x", "text", author_followers=followers, understanding=seen)


@pytest.mark.parametrize("mention, team, priority, sla", [
    (_mention(["security_report", "crisis"], "negative"), "security", "urgent", 60),
    (_mention(["crisis"], "negative"), "crisis_response", "urgent", 30),
    (_mention(["crisis"], "neutral"), "social_engagement", "low", 1440),  # a neutral news item about a recall
    (_mention(["legal_threat", "complaint"], "negative"), "legal", "high", 120),
    (_mention(["complaint"], "negative", followers=250_000), "pr", "high", 60),
    (_mention(["complaint"], "negative", followers=9_999), "customer_service", "high", 120),
    (_mention([], "negative", offensive=0.9), "social_engagement", "normal", 240),
    (_mention(["question"]), "customer_service", "normal", 240),
    (_mention(["praise"], "positive"), "social_engagement", "low", 1440),
    (_mention([]), "social_engagement", "low", 1440),
])
def test_default_matrix(mention, team, priority, sla):
    assignment = Router(POLICY.listening).route(mention)
    assert (assignment.team, assignment.priority, assignment.sla_minutes) == (team, priority, sla)


CUSTOM = """
teams:
  - {id: cs-pl, kind: customer_service, name: {en: "Customer care PL"}}
  - {id: cs-en, kind: customer_service, name: {en: "Customer care EN"}}
  - {id: newsroom, kind: pr, name: {en: "Newsroom"}}
listening:
  escalation:
    - when: {topics: complaint, lang: pl}
      team: cs-pl
      sla_minutes: 30
      next_level: {team: pr, sla_minutes: 15, priority: urgent}
    - when: {topics: [complaint], sources: [x, facebook]}
      team: customer_service
      priority: high
      sla_minutes: 60
    - when: {offensive: false, sentiment: positive}
      team: newsroom
      sla_minutes: 600
  fallback: {team: cs-en, sla_minutes: 240}
"""


def test_a_policys_own_matrix_lang_and_source_conditions_and_team_resolution():
    router = Router(parse_policy(CUSTOM).listening, parse_policy(CUSTOM).teams)
    polish = router.route(_mention(["complaint"], "negative", lang="pl"))
    assert (polish.team, polish.sla_minutes, polish.rule) == ("cs-pl", 30, 0)
    assert router.escalated(polish).team == "newsroom"  # the kind `pr` resolved to the policy's PR team
    on_x = router.route(_mention(["complaint"], "negative", source="x"))
    assert on_x.team == "cs-pl"  # a kind resolves to the first team of that kind
    assert router.route(_mention(["praise"], "positive")).team == "newsroom"
    assert router.route(_mention(["praise"], "positive", offensive=0.8)).team == "cs-en"
    assert router.route(_mention(["complaint"], "negative", source="rss")).rule == -1


def test_matrix_errors_name_the_field():
    with pytest.raises(ValueError, match=r"listening.escalation\[0\].next_level.team: unknown team 'presss'"):
        parse_policy("listening:\n  escalation:\n    - {team: pr, sla_minutes: 5, next_level: {team: presss, sla_minutes: 5}}\n")
    with pytest.raises(ValueError, match=r"<policy>:3: listening.escalation\[0\].when.sentiment\[0\]: must be one of negative, neutral, pos"):
        parse_policy("listening:\n  escalation:\n    - {team: pr, sla_minutes: 5, when: {sentiment: angry}}\n")


def test_triage_understands_then_routes_real_text():
    triage = Triage(POLICY)
    complaint, leak = triage([
        Mention("mastodon", "1", "Reklamacja bez odpowiedzi od tygodnia, fatalna obsługa.", author_followers=40),
        Mention("bluesky", "2", "Acme had a data breach, my personal data is on a forum now. Terrible."),
    ])
    assert complaint.understanding.topics == ("complaint",) and complaint.assignment.team == "customer_service"
    assert leak.assignment.team == "security" and leak.assignment.priority == "urgent"
