"""Where the web app keeps its files (SQLite database, secret key, outgoing mail) and how the secret key is made.

`SOCIALGUARD_DATA` names the folder (default `./var/` of the current folder). The secret key comes from
`SOCIALGUARD_SECRET_KEY` or is generated once and stored in `<data>/secret_key` (mode 0600). It is never
printed or logged. Commands that only read (`socialguard audit verify`) call `use_existing()` before Django
is set up: the folder and its database must already be there, and nothing is created.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"
DATABASE_FILE = "socialguard.sqlite3"

_create = True  # False after `use_existing()`: this process reads the data folder and creates nothing in it


def configured() -> Path:
    return Path(os.environ.get("SOCIALGUARD_DATA") or "var").resolve()


def data_dir() -> Path:
    """The data folder, created on first use (unless `use_existing()` was called)."""
    path = configured()
    if _create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def creates_files() -> bool:
    return _create


def use_existing() -> str | None:
    """Switch this process to reading the data folder as it is; a one-line problem when it (or its SQLite
    database) is not there, naming where it looked."""
    global _create
    _create = False
    path = configured()
    where = ("SOCIALGUARD_DATA" if os.environ.get("SOCIALGUARD_DATA")
             else "SOCIALGUARD_DATA is not set, so ./var/ of the current folder")
    advice = "run this in the folder `socialguard serve` runs in, or set SOCIALGUARD_DATA to its data folder"
    if not path.is_dir():
        return f"no data folder at {path} ({where}); {advice}"
    if not os.environ.get("DATABASE_URL") and not (path / DATABASE_FILE).is_file():
        return f"no database at {path / DATABASE_FILE} ({where}, and DATABASE_URL is not set); {advice}"
    return None


def secret_key(folder: Path) -> str:
    """The secret key from the environment, else the one stored in `folder` (made on first run). A process
    that creates nothing and finds no key gets one of its own: it signs nothing that outlives it."""
    from_env = os.environ.get("SOCIALGUARD_SECRET_KEY")
    if from_env:
        return from_env
    path = folder / SECRET_KEY_FILE
    if not _create:
        return path.read_text(encoding="ascii").strip() if path.is_file() else secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
