"""`socialguard outbox run [--once]` and `socialguard outbox verify`: the outbox's scheduler and its read-back,
outside `socialguard serve` (which runs both in threads when no Celery broker is set). Both set Django up
themselves (same settings and database as `socialguard serve`).

`run` sends every due post, then looks again every `--every` seconds until stopped (Ctrl+C); `--once` does
one round and exits. `verify` reads the posts sent in the last week back from the networks and reports how
many match the approved text; a post edited outside socialguard is recorded as a finding. Exit 0 when done
(for `verify`: nothing edited), 1 when `verify` found an edited post, 2 when the database cannot be used.
"""

from __future__ import annotations

import time

import typer

from ._errors import fail


def _setup() -> None:
    from django.conf import settings

    from socialguard.djangosetup import setup_django
    from socialguard.web import datadir

    if not settings.configured:
        missing = datadir.use_existing()
        if missing:
            fail(missing)
    setup_django()


def register(app: typer.Typer) -> None:
    outbox = typer.Typer(help="Sending approved posts to the networks.", no_args_is_help=True)

    @outbox.command("run")
    def run_command(
        once: bool = typer.Option(False, "--once", help="Send what is due now, then exit."),
        every: float = typer.Option(5.0, "--every", min=0.5, help="Seconds between rounds."),
    ) -> None:
        """Send due posts: one round with --once, else every few seconds until stopped."""
        _setup()
        from django.db import DatabaseError, connection

        from socialguard.outbox.sending import PUBLISHERS, publish_due

        try:
            while True:
                try:
                    sent = publish_due()
                except DatabaseError as exc:
                    fail(f"database: {exc}".strip())
                finally:
                    connection.close()
                if once:
                    typer.echo(f"sent {sent} post(s)")
                    return
                if sent:
                    typer.echo(f"socialguard outbox: sent {sent} post(s)")
                time.sleep(every)
        except KeyboardInterrupt:
            pass
        finally:
            PUBLISHERS.close()

    @outbox.command("verify")
    def verify_command() -> None:
        """Read recently published posts back and report any edited outside socialguard."""
        _setup()
        from django.db import DatabaseError

        from socialguard.outbox.checking import verify_recent
        from socialguard.outbox.sending import PUBLISHERS

        try:
            counts = verify_recent()
        except DatabaseError as exc:
            fail(f"database: {exc}".strip())
        finally:
            PUBLISHERS.close()
        typer.echo(", ".join(f"{n} {result}" for result, n in sorted(counts.items())) or "no posts sent lately")
        if counts.get("edited"):
            raise typer.Exit(1)

    app.add_typer(outbox, name="outbox")
