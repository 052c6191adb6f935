"""`discourse report`: render reports from a folder of clustered tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors, state

app = typer.Typer()


@app.command("report")
def report(
    tables_dir: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Folder of tables written by `discourse cluster -o`.")
    ],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Folder for the reports (created).")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace reports in a non-empty folder.")] = False,
    generated_at: Annotated[
        str | None, typer.Option("--generated-at", help="A date to print in the reports (none by default).")
    ] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Write OUT/<thread>/report.{md,html} and OUT/index.{md,html} from stage tables."""
    configure_logging(verbose, quiet)
    from discourse.report import render_tables

    with reporting_errors():
        n = render_tables(tables_dir, output_dir, overwrite=overwrite, generated_at=generated_at)
    if not state.quiet:
        typer.echo(f"{n} thread reports -> {output_dir}/index.html", err=True)
