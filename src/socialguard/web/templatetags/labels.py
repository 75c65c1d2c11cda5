"""Display labels for the engine's values, so a page never shows a raw `needs_approval` or `block`:
`{% load labels %}` then `{{ f.severity|severity_label }}`, `{{ post.outcome|outcome_label }}`,
`{{ assignment.team|team_label }}`, and for the audit log `{{ event.kind|event_label }}` and
`{{ key|event_field_label }}`;
`{{ f.clause.number|clause_anchor }}` is the clause's id in the policy document page."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext_lazy

from socialguard.audit import kinds
from socialguard.orgs.models import TEAM_KIND_CHOICES
from socialguard.policy.document import clause_anchor as document_anchor

register = template.Library()

SEVERITIES = {
    "info": pgettext_lazy("severity", "Info"),
    "warn": pgettext_lazy("severity", "Warning"),
    "review": pgettext_lazy("severity", "Review"),
    "block": pgettext_lazy("severity", "Block"),
}
OUTCOMES = {
    "ok": pgettext_lazy("verdict", "OK"),
    "ok_with_warnings": pgettext_lazy("verdict", "OK with warnings"),
    "needs_approval": pgettext_lazy("verdict", "Needs approval"),
    "blocked": pgettext_lazy("verdict", "Blocked"),
}


def _key(value) -> str:
    return str(getattr(value, "value", value) or "")


@register.filter
def severity_label(value) -> str:
    """The translated name of a finding's severity (an unknown value is shown as it is)."""
    return SEVERITIES.get(_key(value), _key(value))


@register.filter
def outcome_label(value) -> str:
    """The translated name of a verdict's outcome (an unknown value is shown as it is)."""
    return OUTCOMES.get(_key(value), _key(value))


@register.filter
def team_label(value) -> str:
    """The translated name of a team kind (`customer_service` → Customer service); a policy's own team id is
    shown as it is."""
    return dict(TEAM_KIND_CHOICES).get(_key(value), _key(value))


@register.filter
def event_label(value) -> str:
    """What an audit event's kind is called (`submit` → Post submitted)."""
    return kinds.label(_key(value))


@register.filter
def event_field_label(value) -> str:
    """What a field of an audit event's details is called (`policy_version` → policy version)."""
    return kinds.field_label(_key(value))


@register.filter
def clause_anchor(number) -> str:
    """The id of clause `number` in the policy document page (`4.1` → `clause-4-1`)."""
    return document_anchor(str(number))
