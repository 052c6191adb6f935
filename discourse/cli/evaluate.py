"""`discourse evaluate ...`: score the stages on gold data, with the same numbers as ../shared/tools."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors
from discourse.cli.cluster import Representation

app = typer.Typer(help="Measure a stage on gold data (same metrics as the reference scorers).",
                  no_args_is_help=True)


# ---- sentiment / stance (issue 5) -------------------------------------------------------


def _print_json(result: dict) -> None:
    import json

    typer.echo(json.dumps(result, indent=1))


@app.command("sentiment")
def sentiment_cmd(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Gold JSONL files "
                                                "({id, text, gold, source}), e.g. ../shared/data/sentiment/*.jsonl.")],
    predictions_out: Annotated[Path | None, typer.Option("--predictions-out", dir_okay=False,
                                                         help="Write {id, compound} lines here.")] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Pearson r and 3-class F1 (weighted, macro) per source of the sentiment scorer."""
    configure_logging(verbose, quiet)
    from discourse.evaluate import evaluate_sentiment

    with reporting_errors():
        _print_json(evaluate_sentiment(files, predictions_out=predictions_out))


@app.command("stance")
def stance_cmd(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Gold stance JSONL files "
                                                "(task sdqc or target), e.g. ../shared/data/stance/*-dev.jsonl.")],
    predictions_out: Annotated[Path | None, typer.Option("--predictions-out", dir_okay=False,
                                                         help="Write {id, label} lines here.")] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Macro-F1, accuracy, per-class F1 (and F_avg for target stance) of the shipped stance models."""
    configure_logging(verbose, quiet)
    from discourse.evaluate import evaluate_stance

    with reporting_errors():
        _print_json(evaluate_stance(files, predictions_out=predictions_out))

# -- clustering (issue 12) -------------------------------------------------------------


class ClusterNoise(str, Enum):
    exclude = "exclude"
    singleton = "singleton"


def _clustering_row(name: str, scores: dict) -> str:
    m = scores["mean_over_topics"]
    return (f"{name:<34} {m['ari']:>6.3f} {m['ami']:>6.3f} {m['v_measure']:>6.3f} {m['pair_f1']:>6.3f} "
            f"{m['n_pred_clusters']:>5d}/{m['n_gold_clusters']:<5d}")


@app.command("clustering")
def clustering(
    files: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="Gold JSONL file(s), e.g. argkp2021-dev.jsonl.")
    ],
    predictions_out: Annotated[
        Path | None, typer.Option("--predictions-out", help='Write {"id", "cluster"} lines (null = noise).')
    ] = None,
    representation: Annotated[
        Representation, typer.Option(help="Sentence vectors: wordllama (+TF-IDF), TF-IDF+LSA, or auto.")
    ] = Representation.auto,
    distance_threshold: Annotated[float | None, typer.Option(help="Override the tuned threshold.")] = None,
    noise: Annotated[
        ClusterNoise, typer.Option(help="How null gold labels are scored (as the shared scorer's --noise).")
    ] = ClusterNoise.exclude,
    references: Annotated[bool, typer.Option(help="Also print the KMeans true-k reference rows.")] = True,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write all scores as JSON here.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Cluster each topic of FILE(s) and print ARI, AMI, V-measure, pair F1, #pred/#gold clusters (per topic, mean)."""
    configure_logging(verbose, quiet)
    import json

    from discourse.cluster import ArgumentClusterer
    from discourse.evaluate import evaluate_clustering

    with reporting_errors():
        est = ArgumentClusterer(representation=representation.value, distance_threshold=distance_threshold,
                                random_state=seed)
        all_preds: dict = {}
        report: dict = {}
        for path in files:
            res = evaluate_clustering(path, clusterer=est, noise=noise.value, references=references)
            all_preds.update(res.pop("predictions"))
            report[str(path)] = res
            typer.echo(f"{path.name}: {res['system']['n_topics']} topics, {res['system']['n_scored']} items scored "
                       f"(noise={noise.value})")
            if not res["system"]["n_topics"]:
                typer.echo("  no labelled items to score")
                continue
            typer.echo(f"{'':<34} {'ARI':>6} {'AMI':>6} {'V':>6} {'pairF1':>6} {'#pred/#gold':>11}")
            for topic, s in res["system"]["per_topic"].items():
                typer.echo(_clustering_row("  " + topic[:32], {"mean_over_topics": s}))
            typer.echo(_clustering_row("mean over topics", res["system"]))
            for name, scores in res.get("references", {}).items():
                typer.echo(_clustering_row(f"ref: {name}", scores))
        if predictions_out is not None:
            with predictions_out.open("w", encoding="utf-8") as f:
                for rid in sorted(all_preds):
                    f.write(json.dumps({"id": rid, "cluster": all_preds[rid]}) + "\n")
        if json_out is not None:
            json_out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")

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
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Token P/R/F1 of article and comments, comments found/false/leak rates; HTML and text dumps separately."""
    configure_logging(verbose, quiet)
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


@app.command("records")
def evaluate_records_command(
    data_dir: Annotated[Path, typer.Argument(help="A record-gold folder: gold.jsonl and pages/, e.g. "
                                             "../shared/data/records/dev.")],
    predictions_out: Annotated[Path | None, typer.Option("--predictions-out", dir_okay=False,
                                                         help="Write the parsed threads (JSON lines) here.")] = None,
    per_page: Annotated[Path | None, typer.Option("--per-page", dir_okay=False,
                                                  help="Write one line of counts per gold page here.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N pages.")] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Every comment one record? Record P/R/F1, author/date/reply accuracy, split/fused/leak rates (eval_records.py)."""
    configure_logging(verbose, quiet)
    import json

    from discourse.evaluate import evaluate_records

    with reporting_errors():
        summary, rows, preds = evaluate_records(data_dir, limit=limit)
        for path, items in ((predictions_out, preds), (per_page, rows)):
            if path is not None:
                with path.open("w", encoding="utf-8") as fh:
                    for item in items:
                        fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    _print_json(summary)
