"""The keys that encrypt brand-account credentials at rest. They never go into the database.

The keys come from `SOCIALGUARD_CREDENTIAL_KEYS` (Fernet keys separated by commas, newest first) or from the
key file (`<data>/credential-keys`, one Fernet key a line, newest first, created with mode 0600 holding one
new key the first time a credential is stored). Encrypting uses the newest key; decrypting tries each
(`MultiFernet`). The file is read on every use, so a running server sees a rotation without a restart.

Rotating without downtime (`socialguard connections rotate-key`): a new key is put first in the file (from
then on every process encrypts with it and still reads the old), every stored credential is re-encrypted
with it, then the old keys leave the file. With keys in the environment the operator puts the new key first,
runs the command, then removes the old keys from the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEYS_VARIABLE = "SOCIALGUARD_CREDENTIAL_KEYS"


class VaultError(Exception):
    """No usable key, or a credential none of the keys opens; one line naming where the keys were looked for."""


def keys(path: Path, *, create: bool = False) -> list[Fernet]:
    """The keys, newest first: from the environment, else from `path` (made there, 0600, when `create`)."""
    from_env = os.environ.get(KEYS_VARIABLE, "").strip()
    if from_env:
        return _parse(from_env.split(","), KEYS_VARIABLE)
    if create and not path.exists():
        _write(path, [Fernet.generate_key().decode("ascii")], exclusive=True)
    try:
        lines = path.read_text(encoding="ascii").split()
    except FileNotFoundError:
        raise VaultError(f"no credential key: {path} does not exist and {KEYS_VARIABLE} is not set") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VaultError(f"{path}: cannot read the credential keys: {exc}") from None
    return _parse(lines, str(path))


def encrypt(secret: str, path: Path) -> str:
    return MultiFernet(keys(path, create=True)).encrypt(secret.encode()).decode("ascii")


def decrypt(token: str, path: Path) -> str:
    try:
        return MultiFernet(keys(path)).decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise VaultError(f"a stored credential cannot be opened with the keys in {_where(path)} "
                         "(a key was removed before `rotate-key` re-encrypted it)") from None


def reencrypt(token: str, path: Path) -> str:
    """`token` encrypted again with the newest key."""
    try:
        return MultiFernet(keys(path)).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise VaultError(f"a stored credential cannot be opened with the keys in {_where(path)}") from None


def add_key(path: Path) -> None:
    """Put a new key first in the key file, keeping the others."""
    old = path.read_text(encoding="ascii").split() if path.exists() else []
    _write(path, [Fernet.generate_key().decode("ascii"), *old])


def drop_old_keys(path: Path) -> int:
    """Keep only the newest key in the file; how many were dropped."""
    lines = path.read_text(encoding="ascii").split()
    _write(path, lines[:1])
    return len(lines) - 1


def from_environment() -> bool:
    return bool(os.environ.get(KEYS_VARIABLE, "").strip())


def _where(path: Path) -> str:
    return KEYS_VARIABLE if from_environment() else str(path)


def _parse(lines: list[str], where: str) -> list[Fernet]:
    try:
        found = [Fernet(line.strip()) for line in lines if line.strip()]
    except (ValueError, TypeError):
        raise VaultError(f"{where}: not a Fernet key (url-safe base64 of 32 bytes)") from None
    if not found:
        raise VaultError(f"{where}: no key in it")
    return found


def _write(path: Path, lines: list[str], *, exclusive: bool = False) -> None:
    """Write the key file with mode 0600 (replacing it atomically unless `exclusive`)."""
    target = path if exclusive else path.with_name(path.name + ".new")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    try:
        descriptor = os.open(target, flags, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(lines) + "\n")
    if not exclusive:
        os.replace(target, path)
