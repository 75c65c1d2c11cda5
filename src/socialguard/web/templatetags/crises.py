"""`{% crisis_incidents %}`: the organisation's crisis incidents (the inbox's), for pages of apps that may not
import the inbox, such as the security incidents page: a crisis has one incident, run on the inbox's crisis page."""

from __future__ import annotations

from typing import Any

from django import template

from socialguard.inbox.models import CrisisIncident

register = template.Library()


@register.inclusion_tag("web/_crisis_incidents.html", takes_context=True)
def crisis_incidents(context: Any) -> dict:
    org = context["request"].org
    return {"crises": CrisisIncident.objects.filter(org=org).order_by("-opened_at")[:20]}
