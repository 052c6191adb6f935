"""Sentiment scores: mirrors ``../shared/tools/eval_sentiment.py`` (Pearson r, 3-class accuracy and F1),
and :func:`polarity`, the one home of the ±0.05 sentiment boundary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from discourse.metrics.common import round4

__all__ = ["SENTIMENT_CLASSES", "SENTIMENT_THRESHOLD", "TONES", "polarity", "sentiment_metrics"]

SENTIMENT_THRESHOLD = 0.05
SENTIMENT_CLASSES = ["neg", "neu", "pos"]


#: The names of the three sides of the sentiment boundary, in :func:`polarity` order (-1, 0, 1).
TONES = ("negative", "neutral", "positive")


def polarity(score: float, threshold: float = SENTIMENT_THRESHOLD) -> int:
    """The side of the sentiment boundary a compound score falls on: 1, 0 or -1.

    The one home of the ±0.05 rule (VADER paper, sec. 4; inclusive): the scorer's classes, the
    evaluation and the reports all draw the line here. NaN falls between the bounds (0).

    >>> [polarity(x) for x in (-0.05, -0.0499, 0.0, 0.0499, 0.05)]
    [-1, 0, 0, 0, 1]
    """
    return 1 if score >= threshold else -1 if score <= -threshold else 0


def _sent_class(score: float, threshold: float = SENTIMENT_THRESHOLD) -> str:
    return ("neg", "neu", "pos")[polarity(score, threshold) + 1]


def _sentiment_block(gold: Sequence[float], pred: Sequence[float]) -> dict[str, Any]:
    g = np.asarray(gold, dtype=float)
    p = np.asarray(pred, dtype=float)
    gc = [_sent_class(x / 4.0) for x in g]
    pc = [_sent_class(x) for x in p]
    r = float(np.corrcoef(g, p)[0, 1]) if len(g) > 1 and p.std() > 0 and g.std() > 0 else float("nan")
    per = f1_score(gc, pc, labels=SENTIMENT_CLASSES, average=None, zero_division=0)
    return {
        "n": len(g),
        "pearson_r": round4(r),
        "accuracy": round4(accuracy_score(gc, pc)),
        "f1_weighted": round4(f1_score(gc, pc, labels=SENTIMENT_CLASSES, average="weighted", zero_division=0)),
        "f1_macro": round4(f1_score(gc, pc, labels=SENTIMENT_CLASSES, average="macro", zero_division=0)),
        "per_class_f1": {c: round4(v) for c, v in zip(SENTIMENT_CLASSES, per, strict=False)},
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
