"""`socialguard manage ARGS...`: Django's management commands with socialguard's settings
(e.g. `socialguard manage createsuperuser`, `socialguard manage socialguard_expire`)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def manage(ctx: typer.Context) -> None:
        """Run a Django management command for the web app."""
        from django.core.management import execute_from_command_line

        from socialguard.djangosetup import setup_django

        setup_django()
        execute_from_command_line(["socialguard manage", *ctx.args])
