"""The metrics of ``discourse evaluate``: the same numbers as the reference scorers in
``../shared/tools`` (``eval_*.py``), computed in the package so it runs without them.

Each stage owns a section here.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from discourse.errors import InputError

__all__ = [
    "evaluate_sentiment",
    "evaluate_stance",
    "predict_sentiment",
    "predict_stance",
    "sentiment_metrics",
    "stance_metrics",
]

logger = logging.getLogger(__name__)


def _r(x: float) -> float:
    return round(float(x), 4)


# ---------------------------------------------------------------------------------------
# Sentiment (issue 5): mirrors ../shared/tools/eval_sentiment.py
# ---------------------------------------------------------------------------------------
SENTIMENT_THRESHOLD = 0.05
SENTIMENT_CLASSES = ["neg", "neu", "pos"]


def _sent_class(score: float, threshold: float = SENTIMENT_THRESHOLD) -> str:
    return "pos" if score >= threshold else "neg" if score <= -threshold else "neu"


def _sentiment_block(gold: Sequence[float], pred: Sequence[float]) -> dict[str, Any]:
    g = np.asarray(gold, dtype=float)
    p = np.asarray(pred, dtype=float)
    gc = [_sent_class(x / 4.0) for x in g]
    pc = [_sent_class(x) for x in p]
    r = float(np.corrcoef(g, p)[0, 1]) if len(g) > 1 and p.std() > 0 and g.std() > 0 else float("nan")
    per = f1_score(gc, pc, labels=SENTIMENT_CLASSES, average=None, zero_division=0)
    return {
        "n": len(g),
        "pearson_r": _r(r),
        "accuracy": _r(accuracy_score(gc, pc)),
        "f1_weighted": _r(f1_score(gc, pc, labels=SENTIMENT_CLASSES, average="weighted", zero_division=0)),
        "f1_macro": _r(f1_score(gc, pc, labels=SENTIMENT_CLASSES, average="macro", zero_division=0)),
        "per_class_f1": {c: _r(v) for c, v in zip(SENTIMENT_CLASSES, per, strict=False)},
    }


def sentiment_metrics(gold_records: Sequence[dict[str, Any]], preds: dict[str, float]) -> dict[str, Any]:
    """Pearson r and 3-class accuracy / weighted / macro F1 per ``source`` (and ``all``).

    Same conventions as ``eval_sentiment.py``: gold class from ``gold / 4`` and prediction
    class from ``compound`` with thresholds ±0.05 (inclusive); a missing prediction is 0.0.
    """
    by_src: dict[str, list[dict[str, Any]]] = {}
    for rec in gold_records:
        by_src.setdefault(rec.get("source", "all"), []).append(rec)
    groups = dict(sorted(by_src.items()))
    if len(groups) > 1:
        groups["all"] = list(gold_records)
    out: dict[str, Any] = {}
    for name, recs in groups.items():
        res = _sentiment_block([r["gold"] for r in recs], [float(preds.get(r["id"], 0.0)) for r in recs])
        res["n_missing"] = sum(1 for r in recs if r["id"] not in preds)
        out[name] = res
    return out


def predict_sentiment(records: Sequence[dict[str, Any]], scorer: Any = None) -> dict[str, float]:
    """``{id: compound}`` of :class:`~discourse.sentiment.SentimentScorer` for each record's text."""
    from discourse.sentiment import iter_compounds

    compounds = iter_compounds([r.get("text") or "" for r in records], scorer)
    return dict(zip((str(r["id"]) for r in records), compounds, strict=True))


def evaluate_sentiment(paths: Sequence[str | Path], *, predictions_out: str | Path | None = None,
                       scorer: Any = None) -> dict[str, Any]:
    """Score the gold files with the sentiment scorer; optionally write ``{"id","compound"}`` lines."""
    from discourse.train import read_jsonl

    records = [r for p in paths for r in read_jsonl(p)]
    ids = [str(r["id"]) for r in records]
    if len(set(ids)) != len(ids):
        raise InputError(paths[0], "duplicate ids in the gold files")
    preds = predict_sentiment(records, scorer)
    if predictions_out is not None:
        _write_jsonl(predictions_out, ({"id": k, "compound": v} for k, v in preds.items()))
    return sentiment_metrics(records, preds)


def _write_jsonl(path: str | Path, rows: Any) -> None:
    path = Path(path)
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------
# Stance (issue 5): mirrors ../shared/tools/eval_stance.py
# ---------------------------------------------------------------------------------------
STANCE_CLASSES = {"sdqc": ["support", "deny", "query", "comment"], "target": ["favor", "against", "none"],
                  "agreement": ["agree", "disagree", "neutral"]}
MISSING = "__missing__"


def _stance_block(gold: list[str], pred: list[str], classes: list[str], task: str) -> dict[str, Any]:
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=classes, zero_division=0)
    res: dict[str, Any] = {
        "n": len(gold),
        "accuracy": _r(accuracy_score(gold, pred)),
        "macro_f1": _r(f1_score(gold, pred, labels=classes, average="macro", zero_division=0)),
        "per_class_f1": {c: _r(v) for c, v in zip(classes, f, strict=False)},
        "per_class_precision": {c: _r(v) for c, v in zip(classes, p, strict=False)},
        "per_class_recall": {c: _r(v) for c, v in zip(classes, r, strict=False)},
        "gold_counts": {c: int(v) for c, v in zip(classes, s, strict=False)},
        "pred_counts": dict(sorted(Counter(pred).items())),
    }
    if task == "target":
        res["f_avg"] = _r((res["per_class_f1"]["favor"] + res["per_class_f1"]["against"]) / 2)
    return res


def stance_metrics(gold_records: Sequence[dict[str, Any]], preds: dict[str, str]) -> dict[str, Any]:
    """Per dataset: macro-F1, accuracy, per-class P/R/F1, and F_avg (pooled and per target) for
    target stance, as ``eval_stance.py`` computes them; a missing prediction counts as wrong."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rec in gold_records:
        groups.setdefault((rec.get("dataset", "?"), rec["task"]), []).append(rec)
    out: dict[str, Any] = {}
    for (ds, task), recs in sorted(groups.items()):
        classes = STANCE_CLASSES[task]
        g = [r["label"].lower() for r in recs]
        p = [preds.get(str(r["id"]), MISSING) for r in recs]
        res = _stance_block(g, p, classes, task)
        res["task"] = task
        res["n_missing"] = sum(1 for x in p if x == MISSING)
        if task == "target":
            targets = sorted({r["target"] for r in recs})
            if len(targets) <= 20:
                per = {}
                for t in targets:
                    idx = [i for i, r in enumerate(recs) if r["target"] == t]
                    st = _stance_block([g[i] for i in idx], [p[i] for i in idx], classes, task)
                    per[t] = {k: st[k] for k in ("n", "f_avg", "macro_f1", "accuracy")}
                res["per_target"] = per
                res["f_avg_mean_over_targets"] = _r(sum(v["f_avg"] for v in per.values()) / len(per))
        out[ds] = res
    return out


def predict_stance(records: Sequence[dict[str, Any]], *, models: dict[str, Any] | None = None) -> dict[str, str]:
    """``{id: label}`` for stance records: ``sdqc`` rows by the reply-stance model, ``target`` rows
    by the target-stance model (the shipped ones unless ``models`` gives ``{"sdqc": ..., "target": ...}``)."""
    from discourse.stance import StanceClassifier, TargetStanceClassifier
    from discourse.train import sdqc_frame, target_frame

    models = dict(models or {})
    preds: dict[str, str] = {}
    sdqc = [r for r in records if r.get("task") == "sdqc"]
    target = [r for r in records if r.get("task") == "target"]
    if sdqc:
        model = models.get("sdqc") or StanceClassifier.pretrained()
        preds.update(zip((str(r["id"]) for r in sdqc), model.predict(sdqc_frame(sdqc)).tolist(), strict=False))
    if target:
        model = models.get("target") or TargetStanceClassifier.pretrained()
        preds.update(zip((str(r["id"]) for r in target), model.predict(target_frame(target)).tolist(), strict=False))
    return preds


def evaluate_stance(paths: Sequence[str | Path], *, predictions_out: str | Path | None = None,
                    models: dict[str, Any] | None = None) -> dict[str, Any]:
    """Score gold stance files with the shipped models; optionally write ``{"id","label"}`` lines."""
    from discourse.train import read_jsonl

    records = [r for p in paths for r in read_jsonl(p)]
    ids = [str(r["id"]) for r in records]
    if len(set(ids)) != len(ids):
        raise InputError(paths[0], "duplicate ids in the gold files")
    unknown = sorted({str(r.get("task")) for r in records} - set(STANCE_CLASSES))
    if unknown:
        raise InputError(paths[0], f"unknown stance task(s) {unknown}")
    preds = predict_stance(records, models=models)
    if predictions_out is not None:
        _write_jsonl(predictions_out, ({"id": k, "label": preds[k]} for k in sorted(preds)))
    return stance_metrics(records, preds)
