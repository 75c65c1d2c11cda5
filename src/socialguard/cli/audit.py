"""`socialguard audit verify` and `socialguard audit export`: check the audit log's hash chain, and write
the events of a date range as CSV or JSON. Both set Django up themselves (same settings and database as
`socialguard serve`: `SOCIALGUARD_DATA`, `DATABASE_URL`).

`verify` exits 0 when every chain is intact, 1 when one is not (naming the first bad event), 2 on usage errors.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer

from ._errors import fail

TAMPERED = 1


def register(app: typer.Typer) -> None:
    audit = typer.Typer(help="The audit archive: verify its hash chain, export events.", no_args_is_help=True)

    @audit.command("verify")
    def verify_command(
        org: str = typer.Option(None, "--org", help="Only this organisation (its short name)."),
    ) -> None:
        """Recompute every event's hash and report the first edited or deleted event."""
        orgs = _organisations(org)
        from socialguard.audit.chain import verify

        report = verify(orgs)
        if report.ok:
            typer.echo(f"ok: {report.events} events in {report.organisations} organisation(s), chain intact")
            return
        for problem in report.problems:
            typer.echo(f"TAMPERED: {problem}")
        raise typer.Exit(TAMPERED)

    @audit.command("export")
    def export_command(
        start: str = typer.Option(None, "--from", help="First day, YYYY-MM-DD (inclusive)."),
        end: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (inclusive)."),
        fmt: str = typer.Option("csv", "--format", help="csv or json."),
        org: str = typer.Option(None, "--org", help="Only this organisation (its short name)."),
        output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    ) -> None:
        """Write the audit events of a date range, with their hashes, as CSV or JSON."""
        first, last = _date("--from", start), _date("--to", end)
        if fmt not in ("csv", "json"):
            fail(f"--format: must be csv or json, not {fmt!r}")
        orgs = _organisations(org)
        from socialguard.audit import export

        events = export.events_between(first, last, orgs)
        if output is None:
            count = export.write(events, fmt, sys.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    count = export.write(events, fmt, handle)
            except OSError as exc:
                fail(f"{output}: {exc.strerror}")
        typer.echo(f"exported {count} event(s)", err=True)

    app.add_typer(audit, name="audit")


def _organisations(slug: str | None):
    """Set Django up and return the organisations to work on (None: all)."""
    from django.db import DatabaseError

    from socialguard.web.bootstrap import setup_django

    setup_django()
    from socialguard.orgs.models import Organisation

    try:
        if slug is None:
            return list(Organisation.objects.order_by("slug"))
        found = list(Organisation.objects.filter(slug=slug))
    except DatabaseError as exc:
        fail(f"database: {exc} (run `socialguard serve` once to create it)")
    if not found:
        fail(f"--org: no organisation {slug!r}")
    return found


def _date(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date; write YYYY-MM-DD")
