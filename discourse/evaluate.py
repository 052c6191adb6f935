"""Metrics of ``discourse evaluate``: the same numbers as the reference scorers in ../shared/tools.

Extraction (``discourse evaluate extraction``)
---------------------------------------------
Bag-of-words token P/R/F1 for article and comments, comments-found rate, false-comment rate and
leak rate, computed exactly as ``../shared/tools/eval_extraction.py`` does (same tokenizer, same
per-page rules, same averaging and rounding); see :func:`extraction_scores`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "evaluate_extraction",
    "extraction_predictions",
    "extraction_scores",
    "extraction_stem",
    "extraction_tokens",
]

_TOK = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = (".html.gz", ".htm.gz", ".txt.gz", ".html", ".htm", ".txt", ".gz")


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


def extraction_stem(source: str) -> str:
    """The page id of a prediction's ``source`` (file name without directory and suffix)."""
    name = os.path.basename(str(source).replace("\\", "/").rstrip("/"))
    for suf in _SUFFIXES:
        if name.lower().endswith(suf):
            return name[: -len(suf)]
    return name


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
