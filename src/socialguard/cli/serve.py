"""`socialguard serve [--demo] [--host 127.0.0.1] [--port 8000]`: migrate the database, optionally seed the
demo organisation, and serve the web app with waitress (a production-grade pure-Python WSGI server).

Posts not approved by their scheduled time are expired by a background thread once a minute.
"""

from __future__ import annotations

import os
import threading

import typer

from ._errors import fail

EXPIRY_INTERVAL_SECONDS = 60


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        demo: bool = typer.Option(False, "--demo", help="Seed a demo organisation once; print its sign-in details."),
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
        threads: int = typer.Option(8, help="Worker threads."),
    ) -> None:
        """Run the web app: migrate, optionally seed the demo, then serve."""
        _prepare_environment(host, port)
        from socialguard.web.bootstrap import setup_django

        setup_django()
        _migrate()
        if demo:
            from django.conf import settings

            from socialguard.web.demo import seed

            seed(settings.DATA_DIR, say=typer.echo)
        _start_expiry_thread()
        from waitress import serve as waitress_serve

        from socialguard.web.wsgi import application

        typer.echo(f"socialguard: serving on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)")
        waitress_serve(application, host=host, port=port, threads=threads, ident="socialguard")


def _prepare_environment(host: str, port: int) -> None:
    allowed = os.environ.get("SOCIALGUARD_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host not in ("0.0.0.0", "::") and _url_host(host) not in allowed:
        os.environ["SOCIALGUARD_ALLOWED_HOSTS"] = ",".join([*allowed, _url_host(host)])
    public = "127.0.0.1" if host in ("0.0.0.0", "::") else _url_host(host)
    os.environ.setdefault("SOCIALGUARD_BASE_URL", f"http://{public}:{port}")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        fail(f"database: {exc}".strip())


def _start_expiry_thread() -> None:
    from socialguard.workflow.actions import expire_overdue

    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(EXPIRY_INTERVAL_SECONDS):
            try:
                expire_overdue()
            except Exception as exc:  # keep serving; the next round tries again
                typer.echo(f"socialguard: expiring overdue posts failed: {type(exc).__name__}: {exc}", err=True)

    threading.Thread(target=loop, name="socialguard-expiry", daemon=True).start()
