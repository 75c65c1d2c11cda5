"""`{% load inbox_access %}{% if membership|uses_inbox %}`: whether the navigation shows the inbox link."""

from django import template

from socialguard.orgs import roles

from ..access import inbox_permissions

register = template.Library()


@register.filter
def uses_inbox(membership) -> bool:
    return roles.ANSWER_MENTIONS in inbox_permissions(membership)
