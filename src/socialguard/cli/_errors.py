"""How the CLI reports errors: a user's error is one line on stderr naming what and where, exit code 2; an
unexpected error (a bug) is one line naming the crash log that holds its traceback, exit code 3."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

import typer

from ..policy import Policy, PolicyError, load_policy

USAGE_ERROR = 2
INTERNAL_ERROR = 3


def fail(message: str) -> NoReturn:
    print(f"socialguard: error: {message}", file=sys.stderr)
    raise typer.Exit(USAGE_ERROR)


def crash(exc: BaseException) -> NoReturn:
    """Write `exc`'s traceback to a new crash log (readable by its owner only), say where, exit 3."""
    details = "".join(traceback.format_exception(exc))
    try:
        descriptor, name = tempfile.mkstemp(prefix="socialguard-crash-", suffix=".log")
        with open(descriptor, "w", encoding="utf-8") as log:
            log.write(f"socialguard {' '.join(sys.argv[1:2])}\n{details}")
        where = f"details in {name}"
    except OSError as error:  # no writable temporary folder: the details go to stderr instead
        print(details, file=sys.stderr, end="")
        where = f"no crash log could be written ({error.strerror}); details above"
    print(f"socialguard: unexpected error ({type(exc).__name__}), please report it; {where}", file=sys.stderr)
    sys.exit(INTERNAL_ERROR)


def policy_or_fail(path: Path | None) -> Policy:
    """The policy at `path` (built-in default when None), or exit with its one-line error."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        fail(str(exc))
