"""`socialguard connections rotate-key`: encrypt every stored brand-account credential with a new key, without
downtime. It sets Django up itself (same settings and database as `socialguard serve`).

With the key file (`<data>/credential-keys`): a new key is put first (running servers read the file on every
use, so they encrypt with it and still read the old), every credential is re-encrypted with it, then the old
keys leave the file. With `SOCIALGUARD_CREDENTIAL_KEYS`: put the new key first in it yourself, run this, then
remove the old keys from the environment. Exit 0 when done, 2 when a key is missing or does not open a
credential (nothing is dropped then).
"""

from __future__ import annotations

import typer

from ._errors import fail


def register(app: typer.Typer) -> None:
    connections = typer.Typer(help="Brand accounts connected for publishing.", no_args_is_help=True)

    @connections.command("rotate-key")
    def rotate_key_command() -> None:
        """Re-encrypt every stored credential with a new key and retire the old keys."""
        from django.conf import settings
        from django.db import DatabaseError

        from socialguard.web import datadir
        from socialguard.djangosetup import setup_django

        if not settings.configured:
            missing = datadir.use_existing()
            if missing:
                fail(missing)
        setup_django()
        from socialguard.connections import vault
        from socialguard.connections.services import reencrypt_all

        path = settings.CREDENTIAL_KEYS_FILE
        try:
            if not vault.from_environment():
                vault.add_key(path)
            count = reencrypt_all()
            dropped = 0 if vault.from_environment() else vault.drop_old_keys(path)
        except vault.VaultError as exc:
            fail(str(exc))
        except (OSError, DatabaseError) as exc:
            fail(f"cannot rotate the credential key: {exc}")
        where = vault.KEYS_VARIABLE if vault.from_environment() else str(path)
        typer.echo(f"re-encrypted {count} credential(s) with the newest key in {where}; "
                   f"{dropped} old key(s) removed" + (" (remove the old keys from the environment now)"
                                                       if vault.from_environment() else ""))

    app.add_typer(connections, name="connections")
