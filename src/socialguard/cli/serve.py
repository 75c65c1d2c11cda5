"""`socialguard serve [--demo] [--host 127.0.0.1] [--port 8000] [--workers 1] [--threads 8]`: migrate the
database, optionally seed the demo organisation, and serve the web app.

One worker (the default) is served by waitress (production-grade, pure Python, threads, any OS). Python runs
one thread at a time per process, so to use several cores `--workers N` (N > 1) serves with gunicorn: a master
process and N worker processes (POSIX only), each with `--threads` threads; about one worker per core suits
the checks, which are CPU work. Background threads of the serving (master) process expire posts not approved
by their scheduled time once a minute and, unless a Celery broker is set (then Celery beat and workers do it),
sign an audit checkpoint every `SOCIALGUARD_AUDIT_CHECKPOINT_MINUTES` when a chain moved, send the outbox's
due posts every `SOCIALGUARD_OUTBOX_TICK_SECONDS` (5) and read recently published posts back every
`SOCIALGUARD_OUTBOX_VERIFY_MINUTES` (15).

Neither server interprets `X-Forwarded-*` headers: both pass them to the app, which honours them only from
`SOCIALGUARD_TRUSTED_PROXIES` (socialguard.web.proxies), so both behave the same behind a proxy. Neither speaks
TLS, so `SOCIALGUARD_HTTPS=1` needs a trusted TLS proxy in front.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time

import typer

from ._errors import fail

EXPIRY_INTERVAL_SECONDS = 60


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        demo: bool = typer.Option(False, "--demo", help="Seed a demo organisation once; print its sign-in details."),
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
        threads: int = typer.Option(8, help="Threads per worker process."),
        workers: int = typer.Option(1, help="Worker processes; more than 1 serves with gunicorn (about one per core)."),
    ) -> None:
        """Run the web app: migrate, optionally seed the demo, then serve."""
        if workers < 1 or threads < 1:
            fail("--workers and --threads must be at least 1")
        _ensure_free(host, port)
        _prepare_environment(host, port)
        from django.core.exceptions import ImproperlyConfigured

        from socialguard.djangosetup import setup_django

        try:
            setup_django()
        except ImproperlyConfigured as exc:
            fail(str(exc))
        _check_https()
        _migrate()
        if demo:
            from django.conf import settings

            from socialguard.web.demo import seed

            seed(settings.DATA_DIR, say=typer.echo)
        from django.db import connections

        from socialguard.web.wsgi import application

        connections.close_all()  # worker processes must not share the connection the migrations used
        _start_background_threads()
        typer.echo(f"socialguard: serving on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)")
        if workers == 1:
            from waitress import serve as waitress_serve

            waitress_serve(application, host=host, port=port, threads=threads, ident="socialguard",
                           clear_untrusted_proxy_headers=False)  # the app decides whom to trust
        else:
            _serve_with_gunicorn(application, f"{_url_host(host)}:{port}", workers, threads)


def _ensure_free(host: str, port: int) -> None:
    """Exit with a usage error unless `host`:`port` can be listened on (bound like the servers bind it)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, OverflowError) as exc:
        fail(f"--host {host} --port {port}: cannot listen there ({exc})")
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(f"port {port} is in use; choose another with --port (`make demo PORT={port + 1}`)")
            fail(f"--host {host} --port {port}: cannot listen there ({exc.strerror})")


def _prepare_environment(host: str, port: int) -> None:
    allowed = os.environ.get("SOCIALGUARD_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host not in ("0.0.0.0", "::") and _url_host(host) not in allowed:
        os.environ["SOCIALGUARD_ALLOWED_HOSTS"] = ",".join([*allowed, _url_host(host)])
    public = "127.0.0.1" if host in ("0.0.0.0", "::") else _url_host(host)
    os.environ.setdefault("SOCIALGUARD_BASE_URL", f"http://{public}:{port}")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _serve_with_gunicorn(application, bind: str, workers: int, threads: int) -> None:
    """Serve `application` with gunicorn's master and `workers` forked worker processes (its embedding API)."""
    from gunicorn.app.base import BaseApplication

    settings = {"bind": bind, "workers": workers, "threads": threads, "worker_class": "gthread",
                "proc_name": "socialguard", "accesslog": None, "errorlog": "-", "loglevel": "warning",
                "control_socket_disable": True,
                "forwarded_allow_ips": "", "secure_scheme_headers": {}}  # the app decides whom to trust

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


def _check_https() -> None:
    from django.conf import settings

    if settings.SOCIALGUARD_HTTPS and not settings.SOCIALGUARD_TRUSTED_PROXIES:
        fail("SOCIALGUARD_HTTPS=1 needs SOCIALGUARD_TRUSTED_PROXIES, the address of the TLS proxy in front "
             "(serve speaks plain HTTP; without it every request would be redirected to HTTPS again)")


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        fail(f"database: {exc}".strip())


def _start_background_threads() -> None:
    from socialguard.tasks import broker_url, checkpoint_minutes, outbox_tick_seconds, outbox_verify_minutes
    from socialguard.workflow.actions import expire_overdue

    _every(EXPIRY_INTERVAL_SECONDS, "expiring overdue posts", expire_overdue)
    if not broker_url():
        from socialguard.audit.tasks import checkpoint
        from socialguard.outbox.checking import verify_recent
        from socialguard.outbox.sending import publish_due

        _every(checkpoint_minutes() * 60, "signing an audit checkpoint", checkpoint)
        _every(outbox_tick_seconds(), "publishing due posts", publish_due)
        _every(outbox_verify_minutes() * 60, "reading published posts back", verify_recent)


def _every(seconds: float, what: str, job) -> None:
    """Run `job` every `seconds` in a daemon thread; a failure is reported and the next round tries again."""
    from django.db import connection

    def loop() -> None:
        while True:
            time.sleep(seconds)
            try:
                job()
            except Exception as exc:  # keep serving; the next round tries again
                typer.echo(f"socialguard: {what} failed: {type(exc).__name__}: {exc}", err=True)
            finally:
                connection.close()  # no connection stays open for gunicorn's forked workers to inherit

    threading.Thread(target=loop, name=f"socialguard: {what}", daemon=True).start()
