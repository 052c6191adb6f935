"""Stance scores: mirrors ``../shared/tools/eval_stance.py`` (macro-F1, per-class P/R/F1, F_avg)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from discourse.metrics.common import round4

__all__ = ["MISSING", "STANCE_CLASSES", "stance_metrics"]

STANCE_CLASSES = {"sdqc": ["support", "deny", "query", "comment"], "target": ["favor", "against", "none"],
                  "agreement": ["agree", "disagree", "neutral"]}
MISSING = "__missing__"


def _stance_block(gold: list[str], pred: list[str], classes: list[str], task: str) -> dict[str, Any]:
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=classes, zero_division=0)
    res: dict[str, Any] = {
        "n": len(gold),
        "accuracy": round4(accuracy_score(gold, pred)),
        "macro_f1": round4(f1_score(gold, pred, labels=classes, average="macro", zero_division=0)),
        "per_class_f1": {c: round4(v) for c, v in zip(classes, f, strict=False)},
        "per_class_precision": {c: round4(v) for c, v in zip(classes, p, strict=False)},
        "per_class_recall": {c: round4(v) for c, v in zip(classes, r, strict=False)},
        "gold_counts": {c: int(v) for c, v in zip(classes, s, strict=False)},
        "pred_counts": dict(sorted(Counter(pred).items())),
    }
    if task == "target":
        res["f_avg"] = round4((res["per_class_f1"]["favor"] + res["per_class_f1"]["against"]) / 2)
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
                res["f_avg_mean_over_targets"] = round4(sum(v["f_avg"] for v in per.values()) / len(per))
        out[ds] = res
    return out
