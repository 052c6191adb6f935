"""`discourse train ...`: rebuild the shipped models from the training data (../shared/data)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from discourse.cli._common import Quiet, Verbose, configure_logging, reporting_errors

app = typer.Typer(help="Rebuild the models shipped in the package from training data, deterministically.",
                  no_args_is_help=True)


# ---- stance (issue 5) -------------------------------------------------------------------

_MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


@app.command("stance")
def stance_cmd(
    data: Annotated[Path, typer.Option("--data", exists=True, file_okay=False,
                                       help="Folder with the stance training files (../shared/data/stance).")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", file_okay=False,
                                             help="Where to write stance.json / target_stance.json.")] = _MODELS_DIR,
    only: Annotated[str | None, typer.Option("--only", help="Train one model: stance or target_stance.")] = None,
    cv: Annotated[bool, typer.Option("--cv", help="Print cross-validated and held-out figures (JSON) "
                                     "instead of writing models.")] = False,
    nested: Annotated[bool, typer.Option("--nested", help="Instead: nested CV (JSON) of the target-stance "
                                         "specialists on SemEval train.")] = False,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", exists=True, dir_okay=False,
        help="With --nested: also score this baseline_stance.py (--model svm --per-target) in the same folds.",
    )] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Rebuild the reply-stance and target-stance models (deterministic: reruns are byte-identical)."""
    configure_logging(verbose, quiet)
    from discourse.train import cv_stance_report, nested_cv_target_specialists, train_stance_models

    if nested:
        import json

        run = _baseline_runner(baseline, model="svm", per_target=True)
        with reporting_errors():
            report = nested_cv_target_specialists(data, baseline=run)
        typer.echo(json.dumps(report, indent=1))
        return

    which = ("stance", "target_stance") if only is None else (only,)
    if not set(which) <= {"stance", "target_stance"}:
        raise typer.BadParameter("--only must be stance or target_stance")
    if cv:
        import json

        with reporting_errors():
            report = cv_stance_report(data, which=which)
        typer.echo(json.dumps(report, indent=1))
        return
    with reporting_errors():
        written = train_stance_models(data, output_dir, which=which)
    for name, path in written.items():
        typer.echo(f"{name}: {path} ({path.stat().st_size} bytes)")



# ---- agreement (issue 22) ---------------------------------------------------------------------

def _baseline_runner(path: Path | None, **options: Any) -> Callable[[list, list], dict] | None:
    """``run(train, test)`` of the shared ``baseline_stance.py`` at ``path`` with ``options``; None without a path."""
    if path is None:
        return None
    mod = _load_baseline(path)

    def run(train: list, test: list) -> dict:
        return mod.run(train, test, **options)

    return run


def _load_baseline(path: Path) -> Any:
    """The shared ``baseline_stance.py`` as a module (it imports its sibling ``eval_stance.py``)."""
    import importlib.util
    import sys

    sys.path.insert(0, str(path.resolve().parent))
    spec = importlib.util.spec_from_file_location("baseline_stance", path)
    if spec is None or spec.loader is None:
        raise typer.BadParameter(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@app.command("agreement")
def agreement_cmd(
    data: Annotated[Path, typer.Option("--data", exists=True, file_okay=False,
                                       help="Folder with subreddit-agreement-mask.jsonl (../shared/data/stance).")],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", file_okay=False,
                                             help="Where to write agreement.json.")] = _MODELS_DIR,
    cv: Annotated[bool, typer.Option("--cv", help="Print nested cross-validated figures (JSON) instead of "
                                     "writing the model.")] = False,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", exists=True, dir_okay=False,
        help="With --cv: also score this baseline_stance.py (--model lr --use-target --balanced) in the same folds.",
    )] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Rebuild the agreement model (deterministic: reruns are byte-identical)."""
    configure_logging(verbose, quiet)
    from discourse.train import cv_agreement_report, train_agreement_model

    if cv:
        import json

        run = _baseline_runner(baseline, model="lr", use_target=True, balanced=True)
        with reporting_errors():
            report = cv_agreement_report(data, baseline=run)
        typer.echo(json.dumps(report, indent=1))
        return
    with reporting_errors():
        path = train_agreement_model(data, output_dir)
    typer.echo(f"agreement: {path} ({path.stat().st_size} bytes)")


@app.command("extraction")
def train_extraction_command(
    data: Annotated[Path, typer.Option("--data", help="Extraction data: a set folder or ../shared/data/extraction.")],
    out: Annotated[Path | None, typer.Option("--out", help="Model file to write (default: the shipped one).")] = None,
    verbose: Verbose = 0,
    quiet: Quiet = False,
) -> None:
    """Rebuild the parser's block classifier (discourse/models/extraction.npz), deterministically."""
    configure_logging(verbose, quiet)
    from discourse.cli._common import reporting_errors
    from discourse.parse.classifier import MODEL_PATH
    from discourse.parse.train import train_extraction

    with reporting_errors():
        info = train_extraction(data, out or MODEL_PATH)
    typer.echo(f"trained on {info['pages']} pages -> {info['path']}")
