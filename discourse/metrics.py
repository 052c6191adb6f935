"""Pure metric functions (no I/O, no discourse imports): the scorers' definitions, in one leaf module.

Like :mod:`sklearn.metrics`: records and predictions in, numbers out. Each function mirrors a
reference scorer in ``../shared/tools``:

* :func:`sentiment_metrics` -- ``eval_sentiment.py`` (Pearson r, 3-class accuracy and F1);
* :func:`stance_metrics` -- ``eval_stance.py`` (macro-F1, per-class P/R/F1, F_avg);
* :func:`clustering_item_scores`, :func:`score_clustering` -- ``eval_clustering.py``;
* :func:`extraction_scores` -- ``eval_extraction.py`` (bag-of-words P/R/F1, leak rate);
* :func:`record_scores` -- ``eval_records.py``: whether each gold comment came out as one
  record with its own author, date and parent. A test runs the shared scorer on the same
  predictions and checks that every figure is equal.

Over 500 lines on purpose: five scorers, each a transcription kept whole so it can be read
against its reference file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from math import comb
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    adjusted_mutual_info_score,
    adjusted_rand_score,
    f1_score,
    homogeneity_completeness_v_measure,
    precision_recall_fscore_support,
)

__all__ = [
    "CLUSTERING_KEYS",
    "MISSING",
    "SENTIMENT_CLASSES",
    "SENTIMENT_THRESHOLD",
    "STANCE_CLASSES",
    "clustering_item_scores",
    "extraction_scores",
    "extraction_tokens",
    "page_stem",
    "polarity",
    "record_scores",
    "score_clustering",
    "sentiment_metrics",
    "stance_metrics",
]

_TOK = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = (".html.gz", ".htm.gz", ".txt.gz", ".html", ".htm", ".txt", ".gz")


def _words(text: str | None) -> list[str]:
    return _TOK.findall((text or "").lower())


def page_stem(source: str) -> str:
    """The page id a prediction is matched to gold by: its file name without folder and suffix
    (``dir/page.html.gz`` -> ``page``), as every shared scorer does."""
    name = os.path.basename(str(source).replace("\\", "/").rstrip("/"))
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


class _Hashed:
    """A word run given by the SHA-1 of its words joined by spaces (gold that carries no page text)."""

    def __init__(self, sha1: str, n: int) -> None:
        self.sha1, self.n = sha1, int(n)

    def __len__(self) -> int:
        return self.n

    def __bool__(self) -> bool:
        return self.n > 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Hashed) and (self.sha1, self.n) == (other.sha1, other.n)

    def __hash__(self) -> int:
        return hash((self.sha1, self.n))


def _sha1_words(ws: Sequence[str]) -> str:
    return hashlib.sha1(" ".join(ws).encode("utf-8")).hexdigest()


def _find(seq: list[str], sub: list[str], start: int = 0) -> int:
    if not sub:
        return start if start <= len(seq) else -1
    first, n = sub[0], len(sub)
    for i in range(start, len(seq) - n + 1):
        if seq[i] == first and seq[i : i + n] == sub:
            return i
    return -1


def _locate(seq: list[str], spec: Any, start: int = 0) -> int:
    if not isinstance(spec, _Hashed):
        return _find(seq, spec, start)
    for i in range(max(start, 0), len(seq) - spec.n + 1):
        if _sha1_words(seq[i : i + spec.n]) == spec.sha1:
            return i
    return -1


def _holds(pred_words: list[str], g: Mapping[str, Any]) -> bool:
    i = _locate(pred_words, g["_start"])
    if i < 0:
        return False
    return _locate(pred_words, g["_end"], max(i, i + len(g["_start"]) - len(g["_end"]))) >= 0


def _distinctive(c: Mapping[str, Any]) -> bool:
    return len(c["_start"]) >= 4


def _spec(c: Mapping[str, Any], key: str) -> Any:
    if c.get(key + "_sha1"):
        return _Hashed(c[key + "_sha1"], c[key + "_words"])
    return _words(c.get(key))


def _same_author(gold: Mapping[str, Any], pred_author: str | None) -> bool:
    got = " ".join(_words(pred_author)) if pred_author else ""
    if "author_sha1" in gold:
        want = gold.get("author_sha1")
        return (want is None and not got) or (want is not None and _sha1_words(got.split()) == want)
    author = gold.get("author")
    return (" ".join(_words(author)) if author else "") == got


def _key(x: Any) -> Any:
    return x if isinstance(x, _Hashed) else tuple(x)


def _score_page(g: Mapping[str, Any], p: Mapping[str, Any] | None) -> dict[str, Any]:
    gold = [dict(c) for c in g.get("comments") or []]
    for c in gold:
        c["_start"], c["_end"] = _spec(c, "start"), _spec(c, "end")
    pred = [c for c in (p or {}).get("comments") or [] if not c.get("absent")]
    pw = [_words(c.get("text")) for c in pred]
    starts_in = [[j for j, c in enumerate(gold) if _locate(w, c["_start"]) >= 0] for w in pw]
    match_g: dict[int, int] = {}
    match_p: dict[int, int] = {}
    gi = 0
    for pi, w in enumerate(pw):
        for j in range(gi, len(gold)):
            c = gold[j]
            if j in match_g:
                continue
            extra = len(w) - int(c.get("words") or len(c["_start"]))
            others = [k for k in starts_in[pi] if k != j and _distinctive(gold[k]) and _holds(w, gold[k])
                      and gold[k]["_start"] != c["_start"]]
            if _holds(w, c) and not others and extra <= max(15, 0.5 * int(c.get("words") or 0)):
                match_g[j], match_p[pi] = pi, j
                gi = j + 1
                break
    n_pred = len(pred)
    if g.get("truncated_gold") and match_p:
        n_pred = max(match_p) + 1
    split = 0
    for j, c in enumerate(gold):
        if j in match_g:
            continue
        s = [i for i, w in enumerate(pw) if _locate(w, c["_start"]) >= 0]
        e = [i for i, w in enumerate(pw) if _locate(w, c["_end"]) >= 0]
        if s and e and not set(s) & set(e):
            split += 1
    fused = sum(
        1
        for pi in range(n_pred)
        if len({_key(gold[k]["_start"]) for k in starts_in[pi] if _distinctive(gold[k]) and _holds(pw[pi], gold[k])})
        >= 2
    )
    article = (p or {}).get("article")
    art = _words(article.get("text") if isinstance(article, dict) else article)
    leak = sum(1 for c in gold if _distinctive(c) and _locate(art, c["_start"]) >= 0)
    a0, a1 = _spec(g, "article_first"), _spec(g, "article_last")
    i0 = _locate(art, a0) if a0 else -1
    article_ok = None if not a0 else (i0 >= 0 and _locate(art, a1, i0) >= 0)
    authors = dates = ndates = replies = nreplies = 0
    threaded = any(c.get("reply_to") is not None for c in gold)
    pid_to_gold = {str(pred[pi].get("id")): j for pi, j in match_p.items()}
    n_by_j = {j: c.get("n", j + 1) for j, c in enumerate(gold)}
    for j, pi in match_g.items():
        c, q = gold[j], pred[pi]
        if _same_author(c, q.get("author")):
            authors += 1
        if c.get("date"):
            ndates += 1
            if str(q.get("timestamp") or "").startswith(c["date"]):
                dates += 1
        if threaded:
            nreplies += 1
            want = c.get("reply_to")
            got = q.get("reply_to")
            got_n = n_by_j.get(pid_to_gold.get(str(got))) if got is not None else None
            if (want is None and got is None) or (want is not None and got_n == want):
                replies += 1
    return {
        "id": g["id"], "gold": len(gold), "pred": n_pred, "matched": len(match_g), "authors": authors,
        "dates": dates, "n_dates": ndates, "replies": replies, "n_replies": nreplies, "split": split,
        "fused": fused, "leak": leak, "article_ok": article_ok, "missing": p is None,
    }


def record_scores(
    gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Record-level scores of ``predictions`` (``discourse parse`` records) against record gold.

    Returns the scorer's summary (record P/R/F1, author/date/reply accuracy, split, fused and leak
    rates, article_ok, false-comment and missed pages, count error) and one row per gold page.
    """
    preds = {page_stem(r.get("source", r.get("id", ""))): r for r in predictions}
    rows = [_score_page(g, preds.get(page_stem(g.get("file") or g["id"]))) for g in gold]

    def total(k: str) -> int:
        return sum(r[k] for r in rows)

    def div(x: float, y: float) -> float | None:
        return round(x / y, 4) if y else None

    gc, pc, m = total("gold"), total("pred"), total("matched")
    prec, rec = div(m, pc), div(m, gc)
    with_c = [r for r in rows if r["gold"]]
    without = [r for r in rows if not r["gold"]]
    summary = {
        "record_precision": prec, "record_recall": rec,
        "record_f1": round(2 * prec * rec / (prec + rec), 4) if prec and rec else 0.0,
        "author_acc": div(total("authors"), m), "date_acc": div(total("dates"), total("n_dates")),
        "reply_acc": div(total("replies"), total("n_replies")),
        "split_rate": div(total("split"), gc), "fused_rate": div(total("fused"), pc),
        "leak_rate": div(total("leak"), gc),
        "article_ok": div(sum(1 for r in rows if r["article_ok"]), sum(1 for r in rows if r["article_ok"] is not None)),
        "false_comment_pages": div(sum(1 for r in without if r["pred"]), len(without)),
        "missed_pages": div(sum(1 for r in with_c if not r["pred"]), len(with_c)),
        "count_error": div(sum(abs(r["pred"] - r["gold"]) / r["gold"] for r in with_c), len(with_c)),
        "pages": len(rows), "gold_comments": gc, "pred_comments": pc,
        "missing_predictions": sum(r["missing"] for r in rows),
    }
    return summary, rows


def _r(x: float) -> float:
    return round(float(x), 4)


# --------------------------------------------------------------------------------------
# Sentiment: mirrors ../shared/tools/eval_sentiment.py
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# Stance: mirrors ../shared/tools/eval_stance.py
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# Clustering: same definitions as ../shared/tools/eval_clustering.py (items)
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Extraction: same definitions as ../shared/tools/eval_extraction.py
# --------------------------------------------------------------------------------------


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
        k = page_stem(r.get("source", r.get("id", "")))
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
