"""`discourse export`: a run's results as ConvoKit, tidy tables or a reply network."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors, state

app = typer.Typer()


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    ndjson = "ndjson"
    convokit = "convokit"
    gexf = "gexf"
    graphml = "graphml"


@app.command("export")
def export(
    run_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Output folder of `discourse run`.")],
    to: Annotated[ExportFormat, typer.Option("--to", "-t", help="Export format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder (tables, convokit) or file (gexf, graphml).")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing export.")] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Export tidy tables (+ CODEBOOK.md), a ConvoKit corpus, or the signed reply network."""
    configure_logging(verbose, quiet)
    from discourse.export import export_run

    with reporting_errors():
        path = export_run(run_dir, to.value, output, overwrite=overwrite, command=["discourse", *sys.argv[1:]])
    if not state.quiet:
        typer.echo(f"{to.value} export -> {path}", err=True)
