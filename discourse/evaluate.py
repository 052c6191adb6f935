"""Metrics of ``discourse evaluate``: each section matches a reference scorer in ../shared/tools."""

from __future__ import annotations

# ======================================================================================
# Clustering (issue 12): same definitions as ../shared/tools/eval_clustering.py (items).
# ======================================================================================
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from math import comb
from pathlib import Path
from typing import Any

import numpy as np

from discourse.errors import InputError

__all__ = [
    "CLUSTERING_KEYS",
    "cluster_by_topic",
    "clustering_item_scores",
    "evaluate_clustering",
    "kmeans_true_k",
    "read_clustering_gold",
    "score_clustering",
]

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


def read_clustering_gold(path: str | Path) -> list[dict[str, Any]]:
    """Item records ``{"id", "topic", "text", "label", ...}`` of a clustering JSONL file."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    records = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", location=str(n)) from None
        if "a" in rec and "b" in rec:  # pair records are not clustered
            continue
        if not {"id", "topic", "text"} <= rec.keys():
            raise InputError(path, "record without id/topic/text", location=str(n))
        records.append(rec)
    ids = [str(r["id"]) for r in records]
    if len(set(ids)) != len(ids):
        raise InputError(path, "duplicate ids")
    return records


def _r(x: float) -> float:
    return round(float(x), 4)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def clustering_item_scores(gold: list, pred: list) -> dict[str, Any]:
    """ARI, AMI, V-measure, pairwise P/R/F1 and cluster counts, as the shared scorer computes them."""
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, homogeneity_completeness_v_measure

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
        "ari": _r(adjusted_rand_score(g, p)),
        "ami": _r(adjusted_mutual_info_score(g, p)),
        "v_measure": _r(v),
        "homogeneity": _r(h),
        "completeness": _r(c),
        "pair_precision": _r(prec),
        "pair_recall": _r(rec),
        "pair_f1": _r(_div(2 * prec * rec, prec + rec)),
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
        s["coverage"] = _r(cov / len(g))
        topics[t] = s
        covered += cov
        pool_g += [[t, x] for x in g]
        pool_p += [[t, x] for x in p]
    if not topics:
        return {"n_items": n_items, "n_null_label": n_null, "n_scored": 0, "n_topics": 0}
    mean: dict[str, Any] = {k: _r(sum(s[k] for s in topics.values()) / len(topics)) for k in CLUSTERING_KEYS}
    mean["n_gold_clusters"] = sum(s["n_gold_clusters"] for s in topics.values())
    mean["n_pred_clusters"] = sum(s["n_pred_clusters"] for s in topics.values())
    return {
        "n_items": n_items,
        "n_null_label": n_null,
        "n_scored": len(pool_g),
        "n_topics": len(topics),
        "coverage": _r(covered / len(pool_g)),
        "mean_over_topics": mean,
        "pooled": clustering_item_scores(pool_g, pool_p),
        "per_topic": topics,
    }


def _topics(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    by_topic: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records:
        by_topic[r["topic"]].append(r)
    return dict(sorted(by_topic.items()))


def cluster_by_topic(records: Iterable[Mapping[str, Any]], clusterer: Any = None) -> dict[str, int | None]:
    """Cluster each topic's texts (null-label distractors included); noise maps to ``None``."""
    from sklearn.base import clone

    from discourse.cluster import NOISE, ArgumentClusterer

    base = clusterer if clusterer is not None else ArgumentClusterer()
    preds: dict[str, int | None] = {}
    for recs in _topics(records).values():
        labels = clone(base).fit_predict([str(r["text"]) for r in recs])
        for r, lab in zip(recs, labels.tolist(), strict=True):
            preds[str(r["id"])] = None if lab == NOISE else int(lab)
    return preds


def kmeans_true_k(
    records: Iterable[Mapping[str, Any]], *, representation: str = "tfidf", clusterer: Any = None, seed: int = 0
) -> dict[str, int]:
    """Reference row: KMeans per topic given the gold number of clusters of that topic.

    ``representation="tfidf"``: TF-IDF word 1-2 grams, sublinear tf (the README baseline);
    ``"clusterer"``: the vectors ``clusterer`` clusters in (its ``vectors_`` after fitting).
    """
    from sklearn.base import clone
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    from discourse.cluster import ArgumentClusterer

    preds: dict[str, int] = {}
    for recs in _topics(records).values():
        k = len({r["label"] for r in recs if r.get("label") is not None}) or 1
        texts = [str(r["text"]) for r in recs]
        if representation == "tfidf":
            x: Any = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
        else:
            x = clone(clusterer if clusterer is not None else ArgumentClusterer()).fit(texts).vectors_
        k = min(k, len(texts))
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
        preds.update({str(r["id"]): int(lab) for r, lab in zip(recs, np.asarray(labels).tolist(), strict=True)})
    return preds


def evaluate_clustering(
    path: str | Path, *, clusterer: Any = None, noise: str = "exclude", references: bool = True
) -> dict[str, Any]:
    """Cluster every topic of a gold file with ``clusterer`` and score it (plus the reference rows).

    Returns
    -------
    dict
        ``{"file", "system": scores, "references": {name: scores}, "predictions": {id: cluster}}``
        where scores is :func:`score_clustering`'s output.
    """
    from discourse.cluster import ArgumentClusterer

    records = read_clustering_gold(path)
    est = clusterer if clusterer is not None else ArgumentClusterer()
    preds = cluster_by_topic(records, est)
    out: dict[str, Any] = {"file": str(path), "system": score_clustering(records, preds, noise=noise)}
    if references:
        out["references"] = {
            "tfidf_kmeans_true_k": score_clustering(
                records, kmeans_true_k(records, representation="tfidf"), noise=noise
            ),
            "representation_kmeans_true_k": score_clustering(
                records, kmeans_true_k(records, representation="clusterer", clusterer=est), noise=noise
            ),
        }
    out["predictions"] = preds
    return out
