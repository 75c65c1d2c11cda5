"""`{% load links %}`: the one way a template turns an address from outside into a link.

`{% external_link url label %}` renders `<a href=... rel="noopener noreferrer nofollow" target="_blank">label</a>`
when `url` is an http(s) URL (`web/links.py`), and otherwise the address as plain text marked as not a link;
`url|http_url` gives the URL or an empty string, for templates that build the anchor themselves.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..links import http_url as _http_url

register = template.Library()


@register.filter
def http_url(value: object) -> str:
    return _http_url(value) or ""


@register.simple_tag
def external_link(url: object, label: str) -> SafeString:
    safe = _http_url(url)
    if safe:
        return format_html('<a href="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a>', safe, label)
    if not url:
        return format_html("")
    return format_html('<span class="not-a-link" title="{}">{}</span>', _("not an http(s) address, so not a link"),
                       str(url)[:200])
