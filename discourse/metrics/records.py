"""Record-level extraction scores: mirrors ``../shared/tools/eval_records.py``.

:func:`record_scores`: whether each gold comment came out as one record with its own author,
date and parent. A test runs the shared scorer on the same predictions and checks that every
figure is equal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from discourse.metrics.common import page_stem, words

__all__ = ["record_scores"]


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
    return words(c.get(key))


def _same_author(gold: Mapping[str, Any], pred_author: str | None) -> bool:
    got = " ".join(words(pred_author)) if pred_author else ""
    if "author_sha1" in gold:
        want = gold.get("author_sha1")
        return (want is None and not got) or (want is not None and _sha1_words(got.split()) == want)
    author = gold.get("author")
    return (" ".join(words(author)) if author else "") == got


def _key(x: Any) -> Any:
    return x if isinstance(x, _Hashed) else tuple(x)


def _score_page(g: Mapping[str, Any], p: Mapping[str, Any] | None) -> dict[str, Any]:
    gold = [dict(c) for c in g.get("comments") or []]
    for c in gold:
        c["_start"], c["_end"] = _spec(c, "start"), _spec(c, "end")
    pred = [c for c in (p or {}).get("comments") or [] if not c.get("absent")]
    pw = [words(c.get("text")) for c in pred]
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
    art = words(article.get("text") if isinstance(article, dict) else article)
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
