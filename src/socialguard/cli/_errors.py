"""How the CLI reports a user's error: one line on stderr naming what and where, exit code 2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer

from ..policy import Policy, PolicyError, load_policy

USAGE_ERROR = 2


def fail(message: str) -> NoReturn:
    print(f"socialguard: error: {message}", file=sys.stderr)
    raise typer.Exit(USAGE_ERROR)


def policy_or_fail(path: Path | None) -> Policy:
    """The policy at `path` (built-in default when None), or exit with its one-line error."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        fail(str(exc))
