"""Rendering the policy document: Markdown for wikis, HTML with a table of contents and print CSS, PDF.

The templates live in `policy/templates/`; the PDF is the HTML laid out by WeasyPrint with DejaVu Sans,
which covers every Polish letter. Rendering is pure: the same policy version gives the same text.
"""

from __future__ import annotations

import re
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .document import Document, build_document
from .schema import Policy

Format = Literal["md", "html", "pdf"]
FORMATS: tuple[str, ...] = ("md", "html", "pdf")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(#|>|[-+] |\d+\. )")


def md_escape(text: object) -> str:
    """Text that Markdown shows as written (no accidental emphasis, links, headings or lists)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(r"\\\1", escaped)


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return md_escape(text).replace("|", r"\|").replace("\n", " ")


_environment = Environment(
    loader=PackageLoader("socialguard.policy", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_environment.filters["md"] = md_escape
_environment.filters["md_cell"] = md_cell


def render_markdown(doc: Document) -> str:
    text = _environment.get_template("document.md.j2").render(doc=doc, labels=doc.labels)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(doc: Document) -> str:
    return _environment.get_template("document.html.j2").render(doc=doc, labels=doc.labels)


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML  # imported here: it takes half a second and only PDFs need it

    return HTML(string=render_html(doc)).write_pdf()


def render(policy: Policy, format: str, lang: str) -> bytes:
    """The document of `policy` in `lang` as `format` (md, html or pdf), encoded as bytes."""
    doc = build_document(policy, lang)
    if format == "md":
        return render_markdown(doc).encode("utf-8")
    if format == "html":
        return render_html(doc).encode("utf-8")
    if format == "pdf":
        return render_pdf(doc)
    raise ValueError(f"unknown format {format!r}; available: {', '.join(FORMATS)}")
