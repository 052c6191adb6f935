"""The metrics of ``discourse evaluate``: the same numbers as the reference scorers in
``../shared/tools`` (``eval_*.py``), computed in the package so it runs without them.

Each stage owns a section here: clustering (eval_clustering.py), sentiment
(eval_sentiment.py), stance (eval_stance.py), extraction (eval_extraction.py).

Extraction (``discourse evaluate extraction``): bag-of-words token P/R/F1 for article and
comments, comments-found rate, false-comment rate and leak rate, computed exactly as
``eval_extraction.py`` does (same tokenizer, per-page rules, averaging and rounding); see
:func:`extraction_scores`.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from discourse.errors import InputError
from discourse.metrics import page_stem

__all__ = [
    "CLUSTERING_KEYS",
    "cluster_by_topic",
    "clustering_item_scores",
    "evaluate_clustering",
    "evaluate_extraction",
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
# Clustering (issue 12): same definitions as ../shared/tools/eval_clustering.py (items).
# ======================================================================================
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
    by the target-stance model, ``agreement`` rows by the agreement model (the shipped ones unless ``models``
    gives ``{"sdqc": ..., "target": ..., "agreement": ...}``)."""
    from discourse.stance import AgreementClassifier, StanceClassifier, TargetStanceClassifier
    from discourse.train import sdqc_frame, target_frame

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


# ======================================================================================
# Extraction (issue 4): same definitions as ../shared/tools/eval_extraction.py.
# ======================================================================================

_TOK = re.compile(r"\w+", re.UNICODE)


def extraction_tokens(text: str | None) -> Counter[str]:
    """Lower-cased ``\\w+`` token multiset (the scorer's tokenizer)."""
    return Counter(_TOK.findall((text or "").lower()))


def _prf(pred: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    np_, ng = sum(pred.values()), sum(gold.values())
    if np_ == 0 and ng == 0:
        return 1.0, 1.0, 1.0
    if np_ == 0 or ng == 0:
        return 0.0, 0.0, 0.0
    ov = sum((pred & gold).values())
    p, r = ov / np_, ov / ng
    f = 0.0 if ov == 0 else 2 * p * r / (p + r)
    return p, r, f


#: The page id of a prediction's ``source`` (one definition for every scorer: metrics.page_stem).
extraction_stem = page_stem


def _text(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    if isinstance(x, dict):
        return x.get("text") or ""
    if isinstance(x, list):
        return "\n".join(_text(i) for i in x)
    return str(x)


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def extraction_scores(
    gold: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score predictions against gold records (``gold.jsonl`` rows).

    Parameters
    ----------
    gold : iterable of dict
        ``{"id", "article", "comments", "has_comments"}`` per page.
    predictions : iterable of dict
        ``{"source", "article": {"text"}, "comments": [{"text"}, ...]}`` per page.

    Returns
    -------
    (summary, per_page)
        The scorer's JSON summary and its per-page rows.
    """
    gold_recs = list(gold)
    pred_recs = list(predictions)
    preds: dict[str, Mapping[str, Any]] = {}
    dup = 0
    for r in pred_recs:
        k = extraction_stem(r.get("source", r.get("id", "")))
        dup += k in preds
        preds[k] = r
    gold_ids: set[str] = set()
    art: list[tuple[float, float, float]] = []
    com: list[tuple[float, float, float]] = []
    found = false_pos = 0
    leak: list[float] = []
    leak_naive: list[float] = []
    n_com = n_nocom = missing = 0
    per_page: list[dict[str, Any]] = []
    for g in gold_recs:
        gid = str(g["id"])
        gold_ids.add(gid)
        p = preds.get(gid)
        if p is None:
            missing += 1
            p = {}
        pa = extraction_tokens(_text(p.get("article")))
        pc = extraction_tokens(_text(p.get("comments")))
        ga, gc = extraction_tokens(g.get("article", "")), extraction_tokens(g.get("comments", ""))
        has_c = bool(g.get("has_comments", sum(gc.values()) > 0)) and sum(gc.values()) > 0
        a = _prf(pa, ga)
        art.append(a)
        rec: dict[str, Any] = {
            "id": gid,
            "has_comments": has_c,
            "article_p": a[0],
            "article_r": a[1],
            "article_f1": a[2],
            "pred_comment_tokens": sum(pc.values()),
        }
        if has_c:
            n_com += 1
            c = _prf(pc, gc)
            com.append(c)
            found += sum(pc.values()) > 0
            ngc = sum(gc.values())
            lk = sum((gc & (pa - ga)).values()) / ngc
            lkn = sum((gc & pa).values()) / ngc
            leak.append(lk)
            leak_naive.append(lkn)
            rec.update(comments_p=c[0], comments_r=c[1], comments_f1=c[2], leak=lk)
        else:
            n_nocom += 1
            false_pos += sum(pc.values()) > 0
        per_page.append(rec)

    def block(rows: list[tuple[float, float, float]]) -> dict[str, float | None]:
        if not rows:
            return {"precision": None, "recall": None, "f1": None}
        return {k: round(_mean([r[i] for r in rows]), 4) for i, k in enumerate(("precision", "recall", "f1"))}

    def rnd(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    summary = {
        "article": block(art),
        "comments": block(com),
        "comments_found_rate": rnd(found / n_com) if n_com else None,
        "false_comment_rate": rnd(false_pos / n_nocom) if n_nocom else None,
        "leak_rate": rnd(_mean(leak)),
        "leak_rate_naive": rnd(_mean(leak_naive)),
        "counts": {
            "gold_pages": len(gold_recs),
            "pages_with_comments": n_com,
            "pages_without_comments": n_nocom,
            "predictions": len(pred_recs),
            "matched": len(gold_recs) - missing,
            "missing_predictions": missing,
            "unmatched_predictions": len(set(preds) - gold_ids),
            "duplicate_predictions": dup,
        },
    }
    return summary, per_page


def extraction_predictions(
    data_dir: str | os.PathLike[str], *, fmt: str, model_path: str | None = None, limit: int | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse every page of a set (``html`` pages or ``txt`` dumps) with the shipped model.

    Returns the gold records and the prediction records (the scorer's PRED.jsonl rows).
    """
    from pathlib import Path

    from discourse.errors import InputError
    from discourse.parse import page_prediction, segment_page
    from discourse.parse.formats import decode_bytes, read_bytes
    from discourse.parse.train import find_sets, page_files, read_gold

    gold_all: list[dict[str, Any]] = []
    preds: list[dict[str, Any]] = []
    for set_dir in find_sets(Path(data_dir)):
        gold = read_gold(set_dir)
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
        from pathlib import Path

        from discourse.parse.train import cross_validate, load_pages

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
    from discourse.errors import DiscourseError, InputError
    from discourse.metrics import record_scores
    from discourse.parse import parse_page

    root = Path(data_dir)
    gold_path = root / "gold.jsonl"
    if not gold_path.is_file():
        raise InputError(root, "no gold.jsonl (expected the ../shared/data/records/dev layout)")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
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
