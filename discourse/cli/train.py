"""`discourse train ...`: rebuild the shipped models from the training data (../shared/data)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Rebuild the models shipped in the package from training data, deterministically.",
                  no_args_is_help=True)


@app.command("extraction")
def train_extraction_command(
    data: Annotated[Path, typer.Option("--data", help="Extraction data: a set folder or ../shared/data/extraction.")],
    out: Annotated[Path | None, typer.Option("--out", help="Model file to write (default: the shipped one).")] = None,
) -> None:
    """Rebuild the parser's block classifier (discourse/models/extraction.npz), deterministically."""
    from discourse.cli._common import reporting_errors
    from discourse.parse.model import MODEL_PATH
    from discourse.parse.train import train_extraction

    with reporting_errors():
        info = train_extraction(data, out or MODEL_PATH)
    typer.echo(f"trained on {info['pages']} pages -> {info['path']}")
