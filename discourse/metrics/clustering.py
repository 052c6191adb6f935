"""Clustering scores: the same definitions as ``../shared/tools/eval_clustering.py`` (items):
ARI, AMI, V-measure and pairwise P/R/F1 per topic, their means and the pooled figures."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from math import comb
from typing import Any

from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, homogeneity_completeness_v_measure

from discourse.metrics.common import round4

__all__ = ["CLUSTERING_KEYS", "clustering_item_scores", "score_clustering"]

#: The per-topic measures averaged over topics (the scorer's ITEM_KEYS).
CLUSTERING_KEYS = (
    "ari",
    "ami",
    "v_measure",
    "homogeneity",
    "completeness",
    "pair_precision",
    "pair_recall",
    "pair_f1",
)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def clustering_item_scores(gold: list, pred: list) -> dict[str, Any]:
    """ARI, AMI, V-measure, pairwise P/R/F1 and cluster counts, as the shared scorer computes them."""
    g = [json.dumps(x) for x in gold]  # labels may be mixed scalars/lists: compare as strings
    p = [json.dumps(x) for x in pred]
    h, c, v = homogeneity_completeness_v_measure(g, p)
    both = Counter(zip(g, p, strict=True))
    tp = sum(comb(n, 2) for n in both.values())
    pp = sum(comb(n, 2) for n in Counter(p).values())
    gp = sum(comb(n, 2) for n in Counter(g).values())
    prec, rec = _div(tp, pp), _div(tp, gp)
    return {
        "n": len(g),
        "ari": round4(adjusted_rand_score(g, p)),
        "ami": round4(adjusted_mutual_info_score(g, p)),
        "v_measure": round4(v),
        "homogeneity": round4(h),
        "completeness": round4(c),
        "pair_precision": round4(prec),
        "pair_recall": round4(rec),
        "pair_f1": round4(_div(2 * prec * rec, prec + rec)),
        "n_gold_clusters": len(set(g)),
        "n_pred_clusters": len(set(p)),
    }


def score_clustering(
    records: Iterable[Mapping[str, Any]], preds: Mapping[str, Any], *, noise: str = "exclude"
) -> dict[str, Any]:
    """Per-topic and mean-over-topics scores of predictions ``{id: cluster | None}``.

    Null-label items are left out with ``noise="exclude"`` and scored as their own gold
    cluster with ``"singleton"``; a missing or null prediction is a singleton.
    """
    by_topic: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    n_items = n_null = 0
    for r in records:
        n_items += 1
        if r.get("label") is None:
            n_null += 1
            if noise == "exclude":
                continue
        by_topic[r["topic"]].append(r)
    topics: dict[str, dict[str, Any]] = {}
    pool_g: list = []
    pool_p: list = []
    covered = 0
    for t in sorted(by_topic):
        g, p, cov = [], [], 0
        for r in by_topic[t]:
            rid = str(r["id"])
            g.append(r["label"] if r.get("label") is not None else ["__gold_noise__", rid])
            c = preds.get(rid)
            if c is None:
                p.append(["__singleton__", rid])
            else:
                p.append(["c", c])
                cov += 1
        s = clustering_item_scores(g, p)
        s["coverage"] = round4(cov / len(g))
        topics[t] = s
        covered += cov
        pool_g += [[t, x] for x in g]
        pool_p += [[t, x] for x in p]
    if not topics:
        return {"n_items": n_items, "n_null_label": n_null, "n_scored": 0, "n_topics": 0}
    mean: dict[str, Any] = {k: round4(sum(s[k] for s in topics.values()) / len(topics)) for k in CLUSTERING_KEYS}
    mean["n_gold_clusters"] = sum(s["n_gold_clusters"] for s in topics.values())
    mean["n_pred_clusters"] = sum(s["n_pred_clusters"] for s in topics.values())
    return {
        "n_items": n_items,
        "n_null_label": n_null,
        "n_scored": len(pool_g),
        "n_topics": len(topics),
        "coverage": round4(covered / len(pool_g)),
        "mean_over_topics": mean,
        "pooled": clustering_item_scores(pool_g, pool_p),
        "per_topic": topics,
    }
