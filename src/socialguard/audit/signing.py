"""The Ed25519 key that signs audit checkpoints. It never goes into the database.

The private key comes from `SOCIALGUARD_AUDIT_SIGNING_KEY` (base64 of the 32-byte raw key) or from the key
file (`<data>/audit-signing-key`, the same base64 text, created with mode 0600 by the first checkpoint).
Verifying needs only the public key: `SOCIALGUARD_AUDIT_PUBLIC_KEY` (base64 of the 32-byte raw public key)
lets a machine that must not sign (an auditor's) check checkpoints; otherwise it is derived from the private
key. Only checkpointing creates a key; reading one never does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNING_KEY_VARIABLE = "SOCIALGUARD_AUDIT_SIGNING_KEY"
PUBLIC_KEY_VARIABLE = "SOCIALGUARD_AUDIT_PUBLIC_KEY"


class KeyUnavailable(Exception):
    """No usable key: named where it was looked for, or what is wrong with the one found."""


def signing_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The private key from the environment, else from `path` (made there, 0600, when `create`)."""
    from_env = os.environ.get(SIGNING_KEY_VARIABLE)
    if from_env:
        return Ed25519PrivateKey.from_private_bytes(_raw(from_env, SIGNING_KEY_VARIABLE))
    if create:
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            key = Ed25519PrivateKey.generate()
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(base64.b64encode(key.private_bytes_raw()).decode("ascii") + "\n")
            return key
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyUnavailable(f"no audit signing key: {path} does not exist and {SIGNING_KEY_VARIABLE} is not set")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyUnavailable(f"{path}: cannot read the audit signing key: {exc}")
    return Ed25519PrivateKey.from_private_bytes(_raw(text, str(path)))


def verifying_key(path: Path) -> Ed25519PublicKey:
    """The public key from the environment, else the one of the private key."""
    from_env = os.environ.get(PUBLIC_KEY_VARIABLE)
    if from_env:
        return Ed25519PublicKey.from_public_bytes(_raw(from_env, PUBLIC_KEY_VARIABLE))
    return signing_key(path).public_key()


def public_text(key: Ed25519PublicKey) -> str:
    """The public key as `SOCIALGUARD_AUDIT_PUBLIC_KEY` takes it."""
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def key_id(key: Ed25519PublicKey) -> str:
    """A short name of a public key, written into each checkpoint so a wrong key is told from a forgery."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def _raw(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyUnavailable(f"{where}: not an Ed25519 key (base64 of 32 bytes)")
    return raw
