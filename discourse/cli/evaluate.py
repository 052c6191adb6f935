"""`discourse evaluate ...`: score the stages on gold data, with the same numbers as ../shared/tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Measure a stage on gold data (same metrics as the reference scorers).",
                  no_args_is_help=True)


@app.command("extraction")
def evaluate_extraction_command(
    data_dir: Annotated[Path, typer.Argument(help="A folder in the ../shared/data/extraction layout (or one set).")],
    cv: Annotated[int | None, typer.Option("--cv", help="Grouped K-fold cross-validation (retrains per fold).")] = None,
    input_type: Annotated[str, typer.Option("--input-type", help="html, txt or both.")] = "both",
    predictions_out: Annotated[
        Path | None, typer.Option("--predictions-out", help="Folder for the PRED.jsonl files (html.jsonl, txt.jsonl).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N pages of each set.")] = None,
    exclude_flagged: Annotated[bool, typer.Option("--exclude-flagged", help="Skip pages marked html_defect.")] = False,
) -> None:
    """Token P/R/F1 of article and comments, comments found/false/leak rates; HTML and text dumps separately."""
    import json

    from discourse.cli._common import reporting_errors
    from discourse.evaluate import evaluate_extraction

    formats = ("html", "txt") if input_type == "both" else (input_type,)
    with reporting_errors():
        res = evaluate_extraction(data_dir, formats=formats, cv=cv, limit=limit, exclude_flagged=exclude_flagged)
    for fmt, r in res.items():
        s = r["summary"]
        name = "html" if fmt == "html" else "textdump"
        typer.echo(
            f"{name:9s} article P {s['article']['precision']:.4f} R {s['article']['recall']:.4f} "
            f"F1 {s['article']['f1']:.4f} | comments P {s['comments']['precision']:.4f} "
            f"R {s['comments']['recall']:.4f} F1 {s['comments']['f1']:.4f} | found {s['comments_found_rate']:.4f} "
            f"false {s['false_comment_rate']:.4f} leak {s['leak_rate']:.4f} (pages {s['counts']['gold_pages']})"
        )
        typer.echo(json.dumps({"input": name, **s}))
        if predictions_out:
            predictions_out.mkdir(parents=True, exist_ok=True)
            with (predictions_out / f"{fmt}.jsonl").open("w", encoding="utf-8") as fh:
                for rec in r["predictions"]:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
