"""`socialguard init`, `render` and `diff`: write a policy with the wizard, render its document, compare versions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..policy import PolicyError, parse_policy
from ..policy import render as rendering
from ..policy.diff import diff_markdown, diff_policies
from ..policy.document import document_languages
from ..policy.wizard import Answers, interview, intro, policy_yaml, read_answers
from ._errors import fail, policy_or_fail


class DocumentFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


class DiffFormat(str, Enum):
    md = "md"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(render)
    app.command()(diff)


def init(
    answers: Optional[Path] = typer.Option(None, "--answers", "-a", help="Answers file (YAML); without it, ask."),
    out: Path = typer.Option(Path("policy.yaml"), "--out", "-o", help="Where to write the policy file."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
    lang: str = typer.Option("en", "--lang", "-l", help="Language of the questions: en or pl."),
) -> None:
    """Write a commented policy.yaml from an answers file or by asking the questions of a good guide."""
    if out.exists() and not force:
        fail(f"{out}: already exists; use --force to overwrite it")
    _check_language(lang)
    given = _read_answers(answers) if answers is not None else _interview(lang)
    text = policy_yaml(given, dt.date.today())
    try:
        parse_policy(text, str(out))
    except PolicyError as exc:
        fail(f"the policy written from these answers is not valid, please report this: {exc}")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})")
    typer.echo(f"Wrote {out} (packs: {', '.join(given.packs)}). See the document with:")
    typer.echo(f"  socialguard render {out} --format pdf --lang {given.languages[0]} --out policy.pdf")


def render(
    policy: Optional[Path] = typer.Argument(None, help="Policy file (default: the built-in policy)."),
    format: DocumentFormat = typer.Option(DocumentFormat.md, "--format", "-f", help="md, html or pdf."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="en or pl (default: the policy's first one)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Render the policy document: Markdown for wikis, HTML with a table of contents, or PDF."""
    loaded = policy_or_fail(policy)
    lang = lang or next((code for code in loaded.organisation.languages if code in document_languages()), "en")
    _check_language(lang)
    if out is None and format is DocumentFormat.pdf and sys.stdout.isatty():
        fail("a PDF is binary: give --out FILE or redirect the output to a file")
    try:
        data = rendering.render(loaded, format.value, lang)
    except PolicyError as exc:
        fail(str(exc))
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})")
    typer.echo(f"Wrote {out} ({format.value}, {lang}, policy version {loaded.version}).", err=True)


def diff(
    old: Path = typer.Argument(..., help="The earlier policy file."),
    new: Path = typer.Argument(..., help="The later policy file."),
    format: DiffFormat = typer.Option(DiffFormat.md, "--format", "-f", help="md (a changelog entry) or json."),
    lang: str = typer.Option("en", "--lang", "-l", help="Language of clause titles."),
) -> None:
    """What changed between two policy versions, clause by clause and rule by rule."""
    changes = diff_policies(policy_or_fail(old), policy_or_fail(new), lang)
    if format is DiffFormat.json:
        typer.echo(json.dumps(changes.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(diff_markdown(changes))


def _check_language(lang: str) -> None:
    if lang not in document_languages():
        fail(f"unknown language {lang!r}; available: {', '.join(document_languages())}")


def _read_answers(path: Path) -> Answers:
    try:
        return read_answers(path)
    except PolicyError as exc:
        fail(str(exc))


def _interview(lang: str) -> Answers:
    def ask(text: str, default: str) -> str:
        return typer.prompt(text, default=default, show_default=bool(default))

    def say(problem: str) -> None:
        typer.echo(f"  {problem}", err=True)

    typer.echo(intro(lang))
    try:
        return interview(ask, say, lang)
    except typer.Abort:  # the input ended (or Ctrl-C) before the last question
        fail("the questions were interrupted before every one was answered; nothing was written")
