"""`socialguard listen`: poll the sources in the policy's `listening.sources` (RSS/Atom, Mastodon, Bluesky,
export files) and store new mentions, understood and routed, in a folder (`--store DIR`) or the web app's
database (`--db --org SLUG`, with the organisation's current policy unless `--policy` is given).

Runs until interrupted, one round every `listening.sources.interval_minutes` (or `--interval`); `--once`
runs one round. A bad item (`file:line: what`) is reported, kept as a rejected item (`rejected.jsonl` in
the folder, `/inbox/rejected/` with `--db`) and passed: the next round starts after it. Exit codes: 0
every source answered, 1 some source reported errors (the good mentions are stored), 2 usage or policy
errors (one line on stderr).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from ._errors import fail, policy_or_fail

SOURCE_ERRORS = 1


def register(app: typer.Typer) -> None:
    app.command()(listen)


def listen(
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy file (default: built-in)."),
    once: bool = typer.Option(False, "--once", help="Poll every source once, then exit."),
    store: Optional[Path] = typer.Option(None, "--store", help="Folder for mentions.jsonl and cursors.json."),
    db: bool = typer.Option(False, "--db", help="Store into the web app's database (DATABASE_URL)."),
    org: Optional[str] = typer.Option(None, "--org", help="With --db: the organisation (slug) the mentions belong to."),
    interval: Optional[float] = typer.Option(None, min=0.1, help="Minutes between rounds (default: the policy's)."),
) -> None:
    """Listen for mentions: poll the policy's sources and store what is new, routed to the right team."""
    if (store is None) == (not db):
        fail("give exactly one of --store DIR or --db")
    target = _database_store(org) if db else None
    loaded = target.policy if target is not None and policy is None else policy_or_fail(policy)
    from ..inbox.pipeline import Triage
    from ..inbox.poller import FolderStore, Poller
    from ..inbox.sources import connectors_for

    connectors = connectors_for(loaded)
    if not connectors:
        fail(f"{loaded.source}: listening.sources: no sources configured (rss, mastodon, bluesky or files)")
    if target is None:
        try:
            target = FolderStore(store)
        except (OSError, ValueError) as exc:
            fail(f"{store}: cannot use as a store ({exc})")
    poller = Poller(connectors, target, Triage(loaded))
    minutes = interval or loaded.listening.sources.interval_minutes
    try:
        while True:
            had_errors = _round(poller)
            if once:
                raise typer.Exit(SOURCE_ERRORS if had_errors else 0)
            time.sleep(minutes * 60)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


def _round(poller) -> bool:
    had_errors = False
    for report in poller.poll_once():
        rejected = f", {report.rejected} rejected" if report.rejected else ""
        typer.echo(_plain(f"{report.name}: {report.fetched} fetched, {report.new} new{rejected}"))
        for warning in report.warnings:
            typer.echo(_plain(f"  warning: {warning}"), err=True)
        for error in report.errors:
            typer.echo(_plain(f"  error: {error}"), err=True)
        had_errors = had_errors or bool(report.errors)
    return had_errors


def _plain(line: str) -> str:
    """`line` with control characters and lone surrogates escaped: remote text cannot drive the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in line)


def _database_store(org: str | None):
    """The database store of organisation `org` (its current policy triages when no --policy is given)."""
    if not org:
        fail("--db needs --org SLUG: mentions belong to one organisation")
    try:
        from ..djangosetup import setup_django

        setup_django()
        from django.db import DatabaseError

        from ..inbox.django_store import store_for_org
        from ..orgs.policies import PolicyUnavailable
    except Exception as exc:  # a missing dependency or broken settings: one line, not a traceback
        fail(f"--db: the web app cannot start ({type(exc).__name__}: {exc})")
    try:
        return store_for_org(org)
    except LookupError as exc:
        fail(str(exc))
    except PolicyUnavailable as exc:
        fail(f"--org {org}: {exc}")
    except DatabaseError as exc:
        fail(f"--db: database not ready ({str(exc).strip()}); run `socialguard manage migrate` first")
