"""``discourse evaluate``: predict with the package's models on gold files, then score.

Each stage has a predictor and an ``evaluate_*`` function here; the metrics themselves are
pure functions in :mod:`discourse.metrics` (the same numbers as the reference scorers in
``../shared/tools``, computed in the package so it runs without them), the gold readers are in
:mod:`discourse._gold`. The metric names stay importable from here.
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from discourse._gold import read_clustering_gold, read_extraction_gold, read_jsonl, read_records_gold
from discourse.cluster import NOISE, ArgumentClusterer
from discourse.errors import DiscourseError, InputError
from discourse.metrics import (
    CLUSTERING_KEYS,
    STANCE_CLASSES,
    clustering_item_scores,
    extraction_scores,
    extraction_tokens,
    page_stem,
    record_scores,
    score_clustering,
    sentiment_metrics,
    stance_metrics,
)
from discourse.parse import page_prediction, parse_page, segment_page
from discourse.parse.formats import decode_bytes, read_bytes
from discourse.parse.train import cross_validate, find_sets, load_pages, page_files
from discourse.sentiment import iter_compounds
from discourse.stance import AgreementClassifier, StanceClassifier, TargetStanceClassifier, sdqc_frame, target_frame

__all__ = [
    "CLUSTERING_KEYS",
    "cluster_by_topic",
    "clustering_item_scores",
    "evaluate_clustering",
    "evaluate_extraction",
    "evaluate_records",
    "evaluate_sentiment",
    "evaluate_stance",
    "extraction_predictions",
    "extraction_scores",
    "extraction_stem",
    "extraction_tokens",
    "kmeans_true_k",
    "predict_sentiment",
    "predict_stance",
    "read_clustering_gold",
    "score_clustering",
    "sentiment_metrics",
    "stance_metrics",
]

logger = logging.getLogger(__name__)

# ======================================================================================
# Sentiment
# ======================================================================================


# ---------------------------------------------------------------------------------------
# Sentiment (issue 5): mirrors ../shared/tools/eval_sentiment.py
# ---------------------------------------------------------------------------------------
def predict_sentiment(records: Sequence[dict[str, Any]], scorer: Any = None) -> dict[str, float]:
    """``{id: compound}`` of :class:`~discourse.sentiment.SentimentScorer` for each record's text."""
    compounds = iter_compounds([r.get("text") or "" for r in records], scorer)
    return dict(zip((str(r["id"]) for r in records), compounds, strict=True))


def evaluate_sentiment(paths: Sequence[str | Path], *, predictions_out: str | Path | None = None,
                       scorer: Any = None) -> dict[str, Any]:
    """Score the gold files with the sentiment scorer; optionally write ``{"id","compound"}`` lines."""
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
def predict_stance(records: Sequence[dict[str, Any]], *, models: dict[str, Any] | None = None) -> dict[str, str]:
    """``{id: label}`` for stance records: ``sdqc`` rows by the reply-stance model, ``target`` rows
    by the target-stance model, ``agreement`` rows by the agreement model (the shipped ones unless ``models``
    gives ``{"sdqc": ..., "target": ..., "agreement": ...}``)."""
    models = dict(models or {})
    preds: dict[str, str] = {}
    sdqc = [r for r in records if r.get("task") == "sdqc"]
    target = [r for r in records if r.get("task") == "target"]
    agreement = [r for r in records if r.get("task") == "agreement"]
    if sdqc:
        model = models.get("sdqc") or StanceClassifier.pretrained()
        preds.update(zip((str(r["id"]) for r in sdqc), model.predict(sdqc_frame(sdqc)).tolist(), strict=False))
    if target:
        model = models.get("target") or TargetStanceClassifier.pretrained()
        preds.update(zip((str(r["id"]) for r in target), model.predict(target_frame(target)).tolist(), strict=False))
    if agreement:
        model = models.get("agreement") or AgreementClassifier.pretrained()
        preds.update(zip((str(r["id"]) for r in agreement), model.predict(target_frame(agreement)).tolist(),
                         strict=False))
    return preds


def evaluate_stance(paths: Sequence[str | Path], *, predictions_out: str | Path | None = None,
                    models: dict[str, Any] | None = None) -> dict[str, Any]:
    """Score gold stance files with the shipped models; optionally write ``{"id","label"}`` lines."""
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

def _topics(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    by_topic: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records:
        by_topic[r["topic"]].append(r)
    return dict(sorted(by_topic.items()))


def cluster_by_topic(records: Iterable[Mapping[str, Any]], clusterer: Any = None) -> dict[str, int | None]:
    """Cluster each topic's texts (null-label distractors included); noise maps to ``None``."""
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


# ======================================================================================
# Extraction
# ======================================================================================

#: The page id of a prediction's ``source`` (one definition for every scorer: metrics.page_stem).
extraction_stem = page_stem


def extraction_predictions(
    data_dir: str | os.PathLike[str], *, fmt: str, model_path: str | None = None, limit: int | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse every page of a set (``html`` pages or ``txt`` dumps) with the shipped model.

    Returns the gold records and the prediction records (the scorer's PRED.jsonl rows).
    """
    gold_all: list[dict[str, Any]] = []
    preds: list[dict[str, Any]] = []
    for set_dir in find_sets(Path(data_dir)):
        gold = read_extraction_gold(set_dir)
        gold = gold[:limit] if limit else gold
        gold_all.extend(gold)
        for g in gold:
            path = page_files(set_dir, str(g["id"])).get(fmt)
            if path is None:
                continue
            try:
                text = decode_bytes(read_bytes(path), path, fmt=fmt)
            except InputError:
                preds.append({"source": path.name, "article": {"text": ""}, "comments": []})
                continue
            page = segment_page(text, fmt, model_path=model_path)
            preds.append({"source": path.name, **page_prediction(page)})
    return gold_all, preds


def evaluate_extraction(
    data_dir: str | os.PathLike[str],
    *,
    formats: tuple[str, ...] = ("html", "txt"),
    model_path: str | None = None,
    cv: int | None = None,
    limit: int | None = None,
    exclude_flagged: bool = False,
) -> dict[str, dict[str, Any]]:
    """Extraction metrics per input type: with the shipped model, or ``cv``-fold grouped CV.

    Returns ``{fmt: {"summary": ..., "predictions": [...]}}``; ``summary`` has the shared
    scorer's keys and values.
    """
    out: dict[str, dict[str, Any]] = {}
    if cv:
        pages = load_pages(Path(data_dir), limit=limit, formats=formats)
        res = cross_validate(pages, k=cv, formats=formats)
        for fmt in formats:
            gold = [p.gold for p in pages if not (exclude_flagged and p.gold.get("html_defect"))]
            summary, _ = extraction_scores(gold, res[fmt][2])
            out[fmt] = {"summary": summary, "predictions": res[fmt][2]}
        return out
    for fmt in formats:
        gold, preds = extraction_predictions(data_dir, fmt=fmt, model_path=model_path, limit=limit)
        if exclude_flagged:
            gold = [g for g in gold if not g.get("html_defect")]
        summary, _ = extraction_scores(gold, preds)
        out[fmt] = {"summary": summary, "predictions": preds}
    return out


# -- comment records (issue 24) --------------------------------------------------------------


def evaluate_records(
    data_dir: str | os.PathLike[str], *, limit: int | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse every page of a record-gold folder (``gold.jsonl`` + ``pages/``) and score the records.

    Returns ``(summary, per_page, predictions)``; the figures are those of the shared
    ``eval_records.py`` on the same predictions (the ``discourse parse`` JSON records).
    """
    root = Path(data_dir)
    gold = read_records_gold(root)
    gold = gold[:limit] if limit else gold
    preds = []
    for g in gold:
        page = root / "pages" / str(g.get("file") or g["id"])
        try:
            thread = parse_page(page)
        except DiscourseError:
            continue  # a page that fails to parse is a missing prediction, as for the scorer
        preds.append(thread.to_dict())
    summary, rows = record_scores(gold, preds)
    return summary, rows, preds
