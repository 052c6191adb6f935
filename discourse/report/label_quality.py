"""How readable are the cluster labels? Each predicted cluster's label against an expert key point.

For every predicted cluster (noise left out) of a topic in an ArgKP-format file
(``{"id", "topic", "text", "label", "label_text"}``), the gold key point is the one most of the
cluster's labelled members belong to (ties: the smaller gold id); the cluster's label is
compared with that key point's text by ROUGE-1 F (unigram overlap, lower-cased alphanumeric
tokens, no stemming) and by the cosine of their wordllama mean vectors. Three labelling
methods are scored on the same clusters:

* ``keywords``: the c-TF-IDF keyword label ("uniforms, bullying, money"), today's until issue 20;
* ``central_sentence``: the cluster's most central member sentence, whole;
* ``central_phrase``: the shipped label (:func:`discourse.cluster.central_phrases`).

``bench/bench_labels.py`` runs it from the command line; the figures are in
``discourse/models/argument_clusterer.md``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["METHODS", "cluster_label_scores", "label_method_labels", "rouge1_f"]

METHODS = ("keywords", "central_sentence", "central_phrase")
_TOKEN = re.compile(r"[a-z0-9]+")


def rouge1_f(candidate: str, reference: str) -> float:
    """ROUGE-1 F1 of two texts (clipped unigram overlap; the ``rouge_score`` tokenisation, no stemming).

    >>> rouge1_f("School uniforms reduce bullying", "uniforms reduce bullying")
    0.8571428571428571
    >>> rouge1_f("", "anything")
    0.0
    """
    a, b = Counter(_TOKEN.findall(candidate.lower())), Counter(_TOKEN.findall(reference.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def _cosines(pairs: Sequence[tuple[str, str]], representation: str) -> list[float]:
    from discourse.cluster import embed_texts

    if not pairs:
        return []
    x = embed_texts([a for a, _ in pairs] + [b for _, b in pairs], representation=representation)
    n = len(pairs)
    return [round(float(x[i] @ x[n + i]), 6) for i in range(n)]


def label_method_labels(est: Any, texts: Sequence[str], **phrase_options: Any) -> dict[str, dict[int, str]]:
    """The three methods' labels of a fitted :class:`~discourse.cluster.ArgumentClusterer`.

    ``phrase_options`` go to :func:`discourse.cluster.central_phrases` (the tuning grid of the bench);
    without them the shipped labels (``est.cluster_labels_``) are used.
    """
    from discourse.cluster import NOISE, central_phrases

    clusters = [c for c in est.sizes_ if c != NOISE]
    phrase = (central_phrases(texts, est.labels_, est.keywords_, representation=est.representation_,
                              **phrase_options) if phrase_options else est.cluster_labels_)
    return {
        "keywords": {c: est.keyword_labels_[c] for c in clusters},
        "central_sentence": {c: str(texts[est.examples_[c]]) for c in clusters},
        "central_phrase": {c: phrase[c] for c in clusters if c in phrase},
    }


def cluster_label_scores(
    records: Iterable[Mapping[str, Any]],
    *,
    clusterer: Any = None,
    representation: str = "auto",
    phrase_options: Mapping[str, Any] | None = None,
    fitted: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Score the three labelling methods on ArgKP-format records, topic by topic.

    Returns ``{"n_clusters", "methods": {method: {"rouge1_f", "cosine"}}, "topics": {...},
    "examples": [...]}``: means over all predicted clusters that have a labelled member (every
    cluster weighs the same), per topic too, and each cluster's labels beside its key point.
    """
    from sklearn.base import clone

    from discourse.cluster import ArgumentClusterer

    base = clusterer if clusterer is not None else ArgumentClusterer()
    by_topic: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records:
        by_topic[str(r["topic"])].append(r)
    rows: list[dict[str, Any]] = []
    for topic in sorted(by_topic):
        recs = by_topic[topic]
        texts = [str(r["text"]) for r in recs]
        # ``fitted`` keeps each topic's estimator between calls (a tuning grid changes only the labels)
        est = fitted.get(topic) if fitted is not None else None
        if est is None:
            est = clone(base).fit(texts)
            if fitted is not None:
                fitted[topic] = est
        labels = label_method_labels(est, texts, **(phrase_options or {}))
        for c in sorted(labels["keywords"]):
            gold = Counter(str(recs[i]["label"]) for i in np.flatnonzero(est.labels_ == c) if recs[i].get("label"))
            if not gold:
                continue  # only unmatched arguments: no key point to compare with
            majority = min(gold, key=lambda g: (-gold[g], g))
            key_point = next(str(r["label_text"]) for r in recs if r.get("label") == majority)
            rows.append({"topic": topic, "cluster": int(c), "key_point": key_point,
                         **{m: labels[m].get(c, "") for m in METHODS}})
    pairs = [(row[m], row["key_point"]) for row in rows for m in METHODS]
    cos = iter(_cosines(pairs, representation))
    for row in rows:
        for m in METHODS:
            row[f"{m}_rouge1_f"] = round(rouge1_f(row[m], row["key_point"]), 6)
            row[f"{m}_cosine"] = next(cos)

    def means(subset: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
        return {m: {k: (round(float(np.mean([r[f"{m}_{k}"] for r in subset])), 4) if subset else None)
                    for k in ("rouge1_f", "cosine")} for m in METHODS}

    return {
        "n_clusters": len(rows),
        "methods": means(rows),
        "topics": {t: {"n_clusters": sum(r["topic"] == t for r in rows), **means([r for r in rows if r["topic"] == t])}
                   for t in sorted(by_topic)},
        "examples": rows,
    }
