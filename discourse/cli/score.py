"""`discourse score`: sentiment and stance for parsed threads, written as Parquet tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors

app = typer.Typer()


@app.command("score")
def score(
    input_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                               help="JSON Lines written by `discourse parse` (one thread a line).")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", file_okay=False,
                                             help="Folder for the tables (threads.parquet, comments.parquet, ...).")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing table files.")] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Score sentiment (per sentence, comment, paragraph) and stance (toward the article and the parent)."""
    configure_logging(verbose, quiet)
    from discourse.pipeline import score_file

    with reporting_errors():
        written = score_file(input_file, output_dir, overwrite=overwrite)
    typer.echo(f"wrote {len(written)} tables to {output_dir}")
