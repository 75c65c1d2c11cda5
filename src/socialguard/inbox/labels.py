"""Human names for the inbox's stored values, so no page shows an internal id such as `legal_threat`,
`customer_service` or `rss`.

- topics: the default topics have translated names; a policy's own topic id is shown with its underscores and
  dashes as spaces and a capital first letter (`late_delivery` -> "Late delivery").
- teams: a team of the policy by its name in the reader's language, a team kind by its translated name.
- sources: the networks and feeds the connectors read, by their own spelling ("X", "Bluesky", "RSS / Atom").
"""

from __future__ import annotations

from django.utils.translation import get_language, pgettext_lazy

from socialguard.orgs.models import TEAM_KIND_CHOICES
from socialguard.policy.schema import Policy, localized

TOPICS = {
    "complaint": pgettext_lazy("mention topic", "Complaint"),
    "question": pgettext_lazy("mention topic", "Question"),
    "praise": pgettext_lazy("mention topic", "Praise"),
    "legal_threat": pgettext_lazy("mention topic", "Legal threat"),
    "security_report": pgettext_lazy("mention topic", "Security report"),
    "crisis": pgettext_lazy("mention topic", "Crisis"),
}
SOURCES = {
    "x": "X", "twitter": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "facebook": "Facebook",
    "instagram": "Instagram", "linkedin": "LinkedIn", "tiktok": "TikTok", "youtube": "YouTube",
    "threads": "Threads", "rss": pgettext_lazy("mention source", "RSS / Atom"),
    "webhook": pgettext_lazy("mention source", "Webhook"), "generic": pgettext_lazy("mention source", "Other"),
}


def humanized(value: str) -> str:
    """An id as words: `late_delivery` -> "Late delivery"."""
    words = value.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def topic_label(topic: str) -> str:
    return str(TOPICS.get(topic, "")) or humanized(topic)


def source_label(source: str) -> str:
    return str(SOURCES.get(source, "")) or humanized(source)


def team_labels(policy: Policy) -> dict[str, str]:
    """Every team value a mention can be routed to, with its name: the team kinds, then the policy's teams by
    id (their own names win)."""
    language = (get_language() or "en").split("-")[0]
    names = {kind: str(label) for kind, label in TEAM_KIND_CHOICES}
    for team in policy.teams:
        names[team.id] = localized(team.name, language) or team.id
    return names


def team_label(team: str, names: dict[str, str]) -> str:
    return names.get(team) or humanized(team)
