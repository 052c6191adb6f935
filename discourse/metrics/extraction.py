"""Extraction scores: the same definitions as ``../shared/tools/eval_extraction.py``
(bag-of-words P/R/F1 of article and comments, comment leak rate)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from discourse.metrics.common import WORD, page_stem

__all__ = ["extraction_scores", "extraction_tokens"]

def extraction_tokens(text: str | None) -> Counter[str]:
    """Lower-cased ``\\w+`` token multiset (the scorer's tokenizer)."""
    return Counter(WORD.findall((text or "").lower()))


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
