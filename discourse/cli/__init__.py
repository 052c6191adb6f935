"""The ``discourse`` command line: one module per command, joined here."""

from __future__ import annotations

from typing import Annotated

import typer

from discourse._version import __version__
from discourse.cli import cluster, evaluate, export, parse, report, run, score, train
from discourse.cli._common import configure_logging

__all__ = ["app", "main"]

app = typer.Typer(
    name="discourse",
    help="Analyse comment sections: what commenters say and feel, and how it differs from the article.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"discourse {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr (-vv: debug, tracebacks).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr; no progress bar.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Analyse comment sections: what commenters say and feel, and how it differs from the article."""
    configure_logging(verbose, quiet)


for module in (run, parse, score, cluster, report, export):
    app.registered_commands.extend(module.app.registered_commands)
app.add_typer(train.app, name="train")
app.add_typer(evaluate.app, name="evaluate")


def main() -> None:
    app()
