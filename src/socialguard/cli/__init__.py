"""The `socialguard` command. Each module in this package adds its commands with `register(app)`.

Exit codes everywhere: 0 success (every post ok or ok with warnings), 1 some post needs approval or is
blocked, 2 usage or input errors (with one clear message, never a traceback), 3 an unexpected error (one
line naming the crash log that holds the traceback).
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

import typer

from ._errors import crash

app = typer.Typer(
    name="socialguard",
    help="Your social media policy as a file: the document people sign, and the checks that enforce it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _info in iter_modules(__path__):
    if not _info.name.startswith("_"):
        import_module(f"{__name__}.{_info.name}").register(app)


def main() -> None:
    try:
        app()
    except Exception as exc:  # a bug: one line and a crash log, and an exit code no verdict uses
        crash(exc)
