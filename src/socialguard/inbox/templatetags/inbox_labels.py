"""`{% load inbox_labels %}`: a mention's topic, platform and team by their human names (`inbox/labels.py`):
`{{ topic|topic_label }}`, `{{ m.source|source_label }}`, `{{ m.assignment.team|team_name:team_names }}`."""

from django import template

from .. import labels

register = template.Library()


@register.filter
def topic_label(topic: str) -> str:
    return labels.topic_label(topic)


@register.filter
def source_label(source: str) -> str:
    return labels.source_label(source)


@register.filter
def team_name(team: str, names: dict[str, str]) -> str:
    return labels.team_label(team, names)
