"""`discourse parse`."""

from __future__ import annotations

import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import ExitCode, fail, reporting_errors, state
from discourse.errors import DiscourseError, OutputError

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
) -> None:
    """Split pages into article and comments; write one JSON object per thread, in input order."""
    from discourse.model import ThreadTables
    from discourse.outputs import atomic_write_text, write_tables
    from discourse.parse import parse_file
    from discourse.parse.formats import FORMATS
    from discourse.parse.sources import IMPORT_FORMATS
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
    threads = []
    failed = 0
    for f in files:
        try:
            threads.extend(parse_file(f, input_format=input_format, captured_at=captured_at))
        except DiscourseError as exc:
            failed += 1
            typer.echo(f"discourse: error: {exc}", err=True)
    with reporting_errors():
        if output_format is OutputFormat.jsonl:
            lines = "".join(t.to_json() + "\n" for t in threads)
            if str(output) == "-":
                sys.stdout.write(lines)
            else:
                if output.exists() and not overwrite:
                    raise OutputError(f"{output}: exists (use --overwrite)")
                atomic_write_text(output, lines)
        else:
            if str(output) == "-":
                raise OutputError("--output-format parquet/csv needs -o FOLDER")
            tables = ThreadTables.from_threads(threads)
            names = ("threads", "comments", "paragraphs")
            existing = [output / f"{n}.{output_format.value}" for n in names
                        if (output / f"{n}.{output_format.value}").exists()]
            if existing and not overwrite:
                raise OutputError(f"{existing[0]}: exists (use --overwrite)")
            write_tables(output, {n: getattr(tables, n) for n in names}, formats=(output_format.value,))
    if not state.quiet:
        logger.info("parsed %d thread(s) from %d file(s), %d failed", len(threads), len(files), failed)
    if failed:
        raise typer.Exit(int(ExitCode.ALL_FAILED if failed == len(files) else ExitCode.SOME_FAILED))
