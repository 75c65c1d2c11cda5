"""The policy document for the web: the body of the core's HTML rendering (to show inside a page), the PDF, and
the changes between two versions, each in the reader's language. Rendering is pure, so results are cached."""

from __future__ import annotations

import re
from functools import lru_cache

from socialguard.orgs.models import PolicyVersion
from socialguard.orgs.policies import policy_of
from socialguard.policy import parse_policy
from socialguard.policy.diff import PolicyDiff, diff_policies
from socialguard.policy.document import build_document, document_languages
from socialguard.policy.render import render_html, render_pdf

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)


def document_language(version: PolicyVersion, wanted: str | None) -> str:
    """`wanted` when the document exists in it, else the policy's first language that does, else English."""
    available = document_languages()
    if wanted in available:
        return wanted
    policy = policy_of(version)
    return next((lang for lang in policy.organisation.languages if lang in available), "en")


def document_body(version: PolicyVersion, lang: str) -> str:
    """The rendered document's body (cover, contents, clauses, colophon) as escaped, ready-to-embed HTML."""
    return _body(version.yaml, lang, _name(version))


def document_pdf(version: PolicyVersion, lang: str) -> bytes:
    return _pdf(version.yaml, lang, _name(version))


def changes(older: PolicyVersion, newer: PolicyVersion, lang: str) -> PolicyDiff:
    return diff_policies(policy_of(older), policy_of(newer), lang)


@lru_cache(maxsize=32)
def _body(yaml_text: str, lang: str, name: str) -> str:
    html = render_html(build_document(parse_policy(yaml_text, name=name), lang))
    match = _BODY.search(html)
    return match.group(1) if match else html


@lru_cache(maxsize=8)
def _pdf(yaml_text: str, lang: str, name: str) -> bytes:
    return render_pdf(build_document(parse_policy(yaml_text, name=name), lang))


def _name(version: PolicyVersion) -> str:
    return f"{version.org.slug} policy v{version.number}"
