"""`socialguard train`: rebuild the shipped classifiers and their model cards from the shared training data.

The same as the `socialguard-train` script (see `socialguard.classifiers.training`); it needs scikit-learn
and the data folder, never the network. Exit code 2 when the data folder or one of its files is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._errors import USAGE_ERROR


def register(app: typer.Typer) -> None:
    app.command()(train)


def train(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The shared training data folder."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where model files and cards go (default: the package)."),
    only: Optional[list[str]] = typer.Option(None, "--only", help="Rebuild only this model (repeatable)."),
) -> None:
    """Rebuild the language, offensive-language and sentiment models, deterministically, with model cards."""
    from ..classifiers.training import main

    argv = ["--data", str(data)] + (["--out", str(out)] if out else []) + (["--only", *only] if only else [])
    code = main(argv)
    if code:
        raise typer.Exit(USAGE_ERROR)
