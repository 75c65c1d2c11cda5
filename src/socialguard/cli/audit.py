"""`socialguard audit verify`, `audit checkpoint` and `audit export`: check the audit archive (every hash
chain against the signed checkpoints outside the database), sign a checkpoint now, and write the events of a
date range as CSV or JSON. They set Django up themselves (same settings and database as `socialguard serve`:
`SOCIALGUARD_DATA`, `DATABASE_URL`); `verify` finds the data folder as it is and creates nothing in it.

`verify` exits 0 when the archive is intact, 1 when it is not (one line per finding), 2 on usage errors and
when the checkpoints cannot be checked (no key, unreadable file).
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
        """Recompute every chain, compare it with the signed checkpoints, and report each sign of tampering."""
        orgs = _organisations(org, existing_data=True)
        from socialguard.audit.verification import verify_archive

        report = verify_archive(None if org is None else orgs)
        for problem in report.problems:
            if problem != report.ledger.error:
                typer.echo(f"TAMPERED: {problem}")
        if report.ledger.error:
            fail(report.ledger.error)
        if not report.ok:
            raise typer.Exit(TAMPERED)
        latest = report.ledger.latest
        against = (f"matches checkpoint {latest.number} of {latest.at[:19].replace('T', ' ')} UTC" if latest
                   else "no checkpoint yet, so events deleted from the end cannot be told "
                        "(run `socialguard audit checkpoint`)")
        typer.echo(f"ok: {report.events} events in {report.organisations} organisation(s), chain intact; {against}")

    @audit.command("checkpoint")
    def checkpoint_command() -> None:
        """Sign every organisation's chain head now and append it to the checkpoint file (and webhook)."""
        _organisations(None, existing_data=True)
        from django.conf import settings

        from socialguard.audit import checkpoints
        from socialguard.audit.signing import KeyUnavailable

        try:
            taken = checkpoints.take()
        except (checkpoints.FileBehind, KeyUnavailable, OSError) as exc:
            fail(str(exc))
        typer.echo(f"checkpoint {taken.number}: {len(taken.heads)} organisation(s) signed into "
                   f"{settings.AUDIT_CHECKPOINT_FILE}")

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
        orgs = _organisations(org, existing_data=True)
        from socialguard.audit import export

        events = export.events_between(first, last, orgs)
        if output is None:
            count = export.write(events, fmt, sys.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    count = export.write(events, fmt, handle)
            except OSError as exc:
                fail(f"{output}: cannot write ({exc.strerror or exc})")
        typer.echo(f"exported {count} event(s)", err=True)

    app.add_typer(audit, name="audit")


def _organisations(slug: str | None, *, existing_data: bool = False):
    """Set Django up and return the organisations to work on (all when `slug` is None). `existing_data`: use
    the data folder as it is, creating nothing there; fail naming where it looked when it is not there."""
    from django.conf import settings
    from django.db import DatabaseError

    from socialguard.web import datadir
    from socialguard.djangosetup import setup_django

    if existing_data and not settings.configured:
        missing = datadir.use_existing()
        if missing:
            fail(missing)
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
