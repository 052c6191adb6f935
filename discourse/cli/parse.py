"""`discourse parse`."""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import ExitCode, Quiet, Verbose, configure_logging, fail, reporting_errors, state

app = typer.Typer()
logger = logging.getLogger("discourse.cli.parse")


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"


@app.command("parse")
def parse_command(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Page files (.txt, .html, .htm, .gz, .jsonl, .json, .csv) or folders.")
    ] = None,
    input_dir: Annotated[
        Path | None, typer.Option("--input-dir", "-i", help="Parse every page file in this folder.")
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="JSON lines file (jsonl), or a folder for parquet/csv tables; '-' = stdout."
        ),
    ] = Path("-"),
    output_format: Annotated[
        OutputFormat, typer.Option("--output-format", help="jsonl: one thread per line; parquet/csv: flattened tables.")
    ] = OutputFormat.jsonl,
    input_format: Annotated[
        str | None, typer.Option("--input-format", help="Force the input format: txt, html, jsonl, json, csv.")
    ] = None,
    captured_at: Annotated[
        str | None, typer.Option("--captured-at", help="ISO 8601 capture time, to resolve relative dates.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing output.")] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Split pages into article and comments; write one JSON object per thread, in input order."""
    configure_logging(verbose, quiet)
    # The library is imported by the command, not by this module: `discourse --help` stays fast.
    from discourse.parse.formats import FORMATS
    from discourse.parse.sources import IMPORT_FORMATS
    from discourse.pipeline import parse_files
    from discourse.runner import iter_inputs

    known = (*FORMATS, *IMPORT_FORMATS)
    if input_format is not None and input_format.lower().lstrip(".") not in (*known, "htm"):
        raise fail(f"--input-format: unknown format {input_format!r} (choose from {', '.join(known)})",
                   ExitCode.USAGE)
    # Never read our own output back (``parse DIR -o DIR/threads.jsonl`` would double it on each rerun).
    own = [] if str(output) == "-" else [output]
    files = list(iter_inputs([*(inputs or []), *([input_dir] if input_dir else [])], exclude=own))
    if not files:
        raise fail("no input pages given", ExitCode.USAGE)
    with reporting_errors():
        summary = parse_files(files, output, output_format=output_format.value, input_format=input_format,
                              captured_at=captured_at, overwrite=overwrite,
                              on_error=lambda exc: typer.echo(f"discourse: error: {exc}", err=True))
    if not state.quiet:
        logger.info("parsed %d thread(s) from %d file(s), %d failed", summary.threads, summary.files, summary.failed)
    if summary.failed:
        raise typer.Exit(int(ExitCode.ALL_FAILED if summary.failed == summary.files else ExitCode.SOME_FAILED))
