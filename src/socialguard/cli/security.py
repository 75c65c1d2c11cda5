"""`socialguard security ...`: audit the brand-account registry, check a password's strength, write a registry
template. Pure (no Django, no database): the registry is a CSV file.

`audit` exits 0 when the registry meets the policy, 1 when there are findings, 2 on bad input.
`password` reads the password from a hidden prompt (or one line of standard input when it is not a
terminal), never from the command line, and never prints or logs it; it exits 0 when the password is
strong enough for the policy, 1 when not.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer

from ._errors import fail, policy_or_fail

FINDINGS = 1
LANGS = ("en", "pl")


def register(app: typer.Typer) -> None:
    security = typer.Typer(
        help="Account security: audit the brand-account registry, check passwords.", no_args_is_help=True
    )

    @security.command("audit")
    def audit_command(
        registry: Path = typer.Option(..., "--registry", help="The brand-account registry (CSV)."),
        policy: Path = typer.Option(None, "--policy", help="Policy file (default: the built-in policy)."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
        lang: str = typer.Option("en", "--lang", help="Language of the findings: en or pl."),
        today: str = typer.Option(None, "--today", help="Audit as of this day, YYYY-MM-DD (default: today)."),
    ) -> None:
        """List where the registry falls short of the policy's security section, with what to do."""
        from socialguard.security.audit import audit
        from socialguard.security.registry import RegistryError, read_csv

        if fmt not in ("text", "json"):
            fail(f"--format: must be text or json, not {fmt!r}")
        _check_lang(lang)
        day = _day(today)
        loaded_policy = policy_or_fail(policy)
        try:
            accounts = read_csv(registry)
        except RegistryError as exc:
            fail(str(exc) if len(exc.problems) == 1 else "the registry has errors:\n" + str(exc))
        findings = audit(accounts, loaded_policy, day, lang=lang)
        if fmt == "json":
            payload = {
                "registry": str(registry),
                "date": day.isoformat(),
                "policy_version": loaded_policy.version,
                "accounts": len(accounts.accounts),
                "findings": [f.model_dump(mode="json") for f in findings],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            typer.echo(_text_report(findings, len(accounts.accounts), lang))
        if findings:
            raise typer.Exit(FINDINGS)

    @security.command("password")
    def password_command(
        policy: Path = typer.Option(None, "--policy", help="Policy file (default: the built-in policy)."),
        lang: str = typer.Option("en", "--lang", help="Language of the feedback: en or pl."),
    ) -> None:
        """Check a password for a brand account (asked for without echo; never printed or stored)."""
        from socialguard.locale import message
        from socialguard.security.passwords import PasswordTooLong, check_password

        _check_lang(lang)
        loaded_policy = policy_or_fail(policy)
        secret = _read_password()
        try:
            strength = check_password(secret, loaded_policy, lang)
        except PasswordTooLong as exc:
            fail(str(exc))
        finally:
            del secret
        key = "security.password.verdict.ok" if strength.acceptable else "security.password.verdict.weak"
        typer.echo(
            message(key, lang, score=strength.score, required=strength.required_score, min_length=strength.min_length)
        )
        for line in [strength.warning, *strength.suggestions]:
            if line:
                typer.echo(f"- {line}")
        if not strength.acceptable:
            raise typer.Exit(FINDINGS)

    @security.command("registry-template")
    def template_command(
        output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    ) -> None:
        """Write an empty registry CSV with its header row."""
        from socialguard.security.registry import template_csv

        if output is None:
            typer.echo(template_csv(), nl=False)
            return
        if output.exists():
            fail(f"{output}: already exists; choose another name")
        try:
            output.write_text(template_csv(), encoding="utf-8")
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror}")
        typer.echo(f"wrote {output}")

    app.add_typer(security, name="security")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        fail(f"--lang: must be one of {', '.join(LANGS)}, not {lang!r}")


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--today: {text!r} is not a date; write YYYY-MM-DD")


def _read_password() -> str:
    """The password from a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, prompt_suffix=": ", err=True)
    line = sys.stdin.readline()
    if not line:
        fail("no password on standard input")
    return line.rstrip("\r\n")


def _text_report(findings: list, accounts: int, lang: str) -> str:
    from socialguard.locale import message

    if not findings:
        return f"{accounts} account(s). " + message("security.audit.none", lang)
    lines = []
    for finding in findings:
        clause = f" [{finding.clause.number} {finding.clause.title}]" if finding.clause else ""
        risk = message(f"security.risk.{finding.risk}", lang)
        lines.append(f"{risk.upper()}: {finding.message}{clause}\n    -> {finding.action}")
    counts = {risk: sum(f.risk == risk for f in findings) for risk in ("high", "medium", "low")}
    lines.append(message("security.audit.summary", lang, count=len(findings), **counts))
    return "\n".join(lines)
