"""`discourse evaluate ...`: score the stages on gold data, with the same numbers as ../shared/tools."""

from __future__ import annotations

import typer

app = typer.Typer(help="Measure a stage on gold data (same metrics as the reference scorers).",
                  no_args_is_help=True)


# ---- sentiment / stance (issue 5) -------------------------------------------------------
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

from discourse.cli._common import reporting_errors  # noqa: E402


def _print_json(result: dict) -> None:
    import json

    typer.echo(json.dumps(result, indent=1))


@app.command("sentiment")
def sentiment_cmd(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Gold JSONL files "
                                                "({id, text, gold, source}), e.g. ../shared/data/sentiment/*.jsonl.")],
    predictions_out: Annotated[Path | None, typer.Option("--predictions-out", dir_okay=False,
                                                         help="Write {id, compound} lines here.")] = None,
) -> None:
    """Pearson r and 3-class F1 (weighted, macro) per source of the sentiment scorer."""
    from discourse.evaluate import evaluate_sentiment

    with reporting_errors():
        _print_json(evaluate_sentiment(files, predictions_out=predictions_out))


@app.command("stance")
def stance_cmd(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Gold stance JSONL files "
                                                "(task sdqc or target), e.g. ../shared/data/stance/*-dev.jsonl.")],
    predictions_out: Annotated[Path | None, typer.Option("--predictions-out", dir_okay=False,
                                                         help="Write {id, label} lines here.")] = None,
) -> None:
    """Macro-F1, accuracy, per-class F1 (and F_avg for target stance) of the shipped stance models."""
    from discourse.evaluate import evaluate_stance

    with reporting_errors():
        _print_json(evaluate_stance(files, predictions_out=predictions_out))
