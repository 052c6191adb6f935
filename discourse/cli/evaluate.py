"""`discourse evaluate ...`: score the stages on gold data, with the same numbers as ../shared/tools."""

from __future__ import annotations

import typer

app = typer.Typer(help="Measure a stage on gold data (same metrics as the reference scorers).",
                  no_args_is_help=True)
