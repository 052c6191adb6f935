"""`discourse train ...`: rebuild the shipped models from the training data (../shared/data)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Rebuild the models shipped in the package from training data, deterministically.",
                  no_args_is_help=True)
