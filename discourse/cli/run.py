"""`discourse run`: the whole pipeline on pages, one report folder per thread plus an index."""

from __future__ import annotations

import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import ExitCode, Quiet, Verbose, configure_logging, fail, reporting_errors, state

app = typer.Typer()


class Backend(str, Enum):
    local = "local"
    dask = "dask"


def _progress_printer(enabled: bool):
    done = {"n": 0, "failed": 0}

    def update(result) -> None:
        done["n"] += 1
        done["failed"] += bool(result.errors)
        if enabled:
            sys.stderr.write(f"\r{done['n']} inputs done, {done['failed']} failed")
            sys.stderr.flush()

    return update


@app.command("run")
def run(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Pages: files, folders (searched recursively), globs, or - to read paths from stdin."),
    ] = None,
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Folder for the reports (created).")] = Path(
        "reports"
    ),
    input_dir: Annotated[
        list[Path] | None,
        typer.Option("--input-dir", "-i", exists=True, file_okay=False, help="A folder of pages (repeatable)."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 = all cores (the default).")
    ] = 0,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            help="Force the input format: txt, html, jsonl, json, csv, or an import format (comments-table, "
            "convokit, disqus, wxr, reddit, warc); default: detect.",
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option("--columns", help="Comments table: map our column to yours, e.g. text=body,reply_to=parent."),
    ] = None,
    articles: Annotated[
        Path | None,
        typer.Option("--articles", exists=True, dir_okay=False, help="Comments table: a separate articles table."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace reports in a non-empty output folder.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip inputs whose reports exist from the same input and version.")
    ] = False,
    captured_at: Annotated[
        str | None,
        typer.Option("--captured-at", help="When the pages were saved (ISO 8601), for relative dates like '2h ago'."),
    ] = None,
    generated_at: Annotated[
        str | None, typer.Option("--generated-at", help="A date to print in the reports (none by default).")
    ] = None,
    pseudonymize: Annotated[
        bool, typer.Option("--pseudonymize", help="Replace commenter names (also inside text) with stable pseudonyms.")
    ] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Remove e-mail addresses, phone numbers and URLs from comment text.")
    ] = False,
    backend: Annotated[
        Backend, typer.Option("--backend", help="Where per-thread work runs: local processes or a Dask cluster.")
    ] = Backend.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", envvar="DISCOURSE_DASK_SCHEDULER",
                     help="Dask scheduler address (tcp://host:8786); default: a local cluster of --jobs workers."),
    ] = None,
    tables: Annotated[
        str,
        typer.Option("--tables", help="Formats of the table files (each thread's data/ and threads.*), "
                     "comma-separated: csv,parquet (the default) or parquet (no CSV: faster); ndjson may be "
                     "added. Parquet is always written: exports and the corpus step read it."),
    ] = "csv,parquet",
    export: Annotated[
        list[str] | None,
        typer.Option("--export", help="Also export the run: convokit, parquet, csv, ndjson, gexf or graphml "
                     "(repeatable; written to OUT/export/)."),
    ] = None,
    contrast_related: Annotated[
        bool,
        typer.Option("--contrast-related", help="Contrast the article of a page without comments with the "
                     "commenters of related threads (off by default: those comments answered another article)."),
    ] = False,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Parse, score, cluster and report every page; write OUT/<thread>/ and OUT/index.{md,html}."""
    configure_logging(verbose, quiet)
    from discourse.errors import DiscourseError
    from discourse.export import EXPORT_FORMATS
    from discourse.parse.formats import FORMATS
    from discourse.parse.sources import IMPORT_FORMATS, parse_columns
    from discourse.runner import RunOptions, parse_table_formats, run_corpus

    sources = list(inputs or []) + [str(d) for d in input_dir or []]
    if not sources:
        raise fail("no inputs given (pass files or folders, or -i DIR)", ExitCode.USAGE)
    try:
        mapping = parse_columns(columns or [])
    except DiscourseError as exc:
        raise fail(str(exc), ExitCode.USAGE) from None
    known = (*FORMATS, *IMPORT_FORMATS)
    if input_format is not None and input_format.lower().lstrip(".") not in (*known, "htm"):
        raise fail(f"--input-format: unknown format {input_format!r} (choose from {', '.join(known)})",
                   ExitCode.USAGE)
    for fmt in export or []:
        if fmt not in EXPORT_FORMATS:  # checked before the run, not after it
            raise fail(f"--export: unknown format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})", ExitCode.USAGE)
    try:
        table_formats = parse_table_formats(tables)
    except ValueError as exc:
        raise fail(f"--tables: {exc}", ExitCode.USAGE) from None
    cores = os.cpu_count() or 1
    if jobs > cores:
        logging.getLogger("discourse").warning("--jobs %d: only %d cores; using %d workers", jobs, cores, cores)
    options = RunOptions(
        output_dir=str(output_dir),
        jobs=min(jobs or cores, cores),  # more workers than cores only costs memory and start-up time
        overwrite=overwrite,
        resume=resume,
        input_format=input_format,
        captured_at=captured_at,
        columns=tuple(sorted(mapping.items())),
        articles=str(articles) if articles else None,
        generated_at=generated_at,
        table_formats=table_formats,
        pseudonymize=pseudonymize,
        redact=redact,
        backend=backend.value,
        scheduler=scheduler,
        contrast_related=contrast_related,
    )
    show = not state.quiet and sys.stderr.isatty()
    with reporting_errors():
        summary = run_corpus(sources, options, progress=_progress_printer(show))
    if show:
        sys.stderr.write("\n")
    for error in summary.errors:
        typer.echo(f"discourse: {error['error']}", err=True)
    if not state.quiet:
        typer.echo(
            f"{summary.threads} threads from {summary.inputs} inputs ({summary.failed} failed, "
            f"{summary.skipped} resumed) in {summary.seconds:.1f}s -> {output_dir}/index.html",
            err=True,
        )
    if export and summary.threads:
        from discourse.export import export_run

        for fmt in export:
            target = output_dir / "export" / (f"replies.{fmt}" if fmt in ("gexf", "graphml") else fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            with reporting_errors():
                export_run(output_dir, fmt, target, overwrite=True, command=["discourse", *sys.argv[1:]])
    if summary.all_failed:
        raise typer.Exit(int(ExitCode.ALL_FAILED))
    if summary.failed:
        raise typer.Exit(int(ExitCode.SOME_FAILED))
