"""Where the web app keeps its files (SQLite database, secret key, outgoing mail) and how the secret key is made.

`SOCIALGUARD_DATA` names the folder (default `./var/`). The secret key comes from `SOCIALGUARD_SECRET_KEY`
or is generated once and stored in `<data>/secret_key` (mode 0600). It is never printed or logged.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def data_dir() -> Path:
    """The data folder, created on first use."""
    path = Path(os.environ.get("SOCIALGUARD_DATA") or "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """The secret key from the environment, else the one stored in `folder` (made on first run)."""
    from_env = os.environ.get("SOCIALGUARD_SECRET_KEY")
    if from_env:
        return from_env
    path = folder / SECRET_KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
