"""The corpus index's view: totals, the threads table's columns, and which threads are ranked by divergence."""

from __future__ import annotations

from typing import Any

import polars as pl

from discourse._version import __version__
from discourse.report.view import count_phrase

#: The corpus table (threads.csv): one row per thread, from the thread summaries.
INDEX_COLUMNS = {
    "thread_id": pl.String,
    "folder": pl.String,
    "source": pl.String,
    "title": pl.String,
    "truncated": pl.Boolean,
    "n_comments": pl.Int64,
    "n_commenters": pl.Int64,
    "n_replies": pl.Int64,
    "coverage": pl.String,
    "coverage_sentence": pl.String,
    "article_words": pl.Int64,
    "editorial_compound": pl.Float64,
    "comment_compound": pl.Float64,
    "divergence": pl.Float64,
    "n_units_editorial": pl.Int64,
    "n_units_comment": pl.Int64,
    "comments_negative": pl.Int64,
    "comments_neutral": pl.Int64,
    "comments_positive": pl.Int64,
    "language": pl.String,
    "ranked": pl.Boolean,
    "n_clusters": pl.Int64,
    "headline": pl.String,
}


#: A thread is ranked among "where commenters and articles differ most" only with this much evidence:
#: a page whose one "comment" is the site's comment rules has divergence 1.00 and must not come first.
MIN_RANK_COMMENTS = 10
MIN_RANK_COMMENTERS = 5
#: How the index marks a thread whose comment section may not be whole.
COVERAGE_MARKS = {
    "partial": "partial: fewer comments than the page has",
    "comments_not_captured": "comments not captured",
    "unknown": "completeness not checked: the page gives no comment count",
}


def _rank_problem(t: dict[str, Any]) -> str | None:
    """Why a thread is not ranked by divergence (None: it is).

    >>> _rank_problem({"divergence": 0.4, "n_comments": 30, "n_commenters": 12})
    >>> _rank_problem({"divergence": 1.0, "n_comments": 1, "n_commenters": 0})
    'only 1 comment (10 needed)'
    """
    if t.get("divergence") is None:
        return "no argument groups on both sides"
    n, k = t.get("n_comments") or 0, t.get("n_commenters") or 0
    if n < MIN_RANK_COMMENTS:
        return f"only {n} comment{'' if n == 1 else 's'} ({MIN_RANK_COMMENTS} needed)"
    if not k:
        return "names not shown on the page: how many people wrote is unknown"
    if k < MIN_RANK_COMMENTERS:
        return f"only {k} commenter{'' if k == 1 else 's'} ({MIN_RANK_COMMENTERS} needed)"
    return None


def _index_row(t: dict[str, Any]) -> dict[str, Any]:
    """A thread's index row: its summary plus what the index shows beside each figure."""
    row = dict(t)
    tone = t.get("comment_tone") or {}
    art = t.get("editorial_tone") or {}
    n_tone, n_art = sum(tone.values()), sum(art.values())
    row["comment_tone_n"], row["editorial_tone_n"] = n_tone, n_art
    row["comment_tone_pct"] = {k: round(100 * v / n_tone) for k, v in tone.items()} if n_tone else None
    row["editorial_tone_pct"] = {k: round(100 * v / n_art) for k, v in art.items()} if n_art else None
    row["comments_negative"] = tone.get("negative")
    row["comments_neutral"] = tone.get("neutral")
    row["comments_positive"] = tone.get("positive")
    row["count_phrase"] = count_phrase(t.get("n_comments") or 0, t.get("n_commenters") or 0, t.get("n_unnamed") or 0)
    row["rank_problem"] = _rank_problem(t)
    row["ranked"] = row["rank_problem"] is None
    row["coverage_mark"] = COVERAGE_MARKS.get(t.get("coverage") or "") if t.get("n_comments") or \
        t.get("coverage") == "comments_not_captured" else None
    return row


def index_view(threads: list[dict[str, Any]], errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Corpus totals, the thread table, the most divergent threads and the errors.

    Only threads with enough evidence are ranked (:data:`MIN_RANK_COMMENTS`,
    :data:`MIN_RANK_COMMENTERS`); the others with a divergence are listed apart, with the reason.
    """
    threads = [_index_row(t) for t in threads]
    ranked = [t for t in threads if t["ranked"]]
    return {
        "version": __version__,
        "threads": threads,
        "errors": errors,
        "totals": {
            "threads": len(threads),
            "comments": sum(t["n_comments"] or 0 for t in threads),
            "commenters": sum(t["n_commenters"] or 0 for t in threads),
            "truncated": sum(1 for t in threads if t["truncated"]),
            "without_comments": sum(1 for t in threads if not t["n_comments"]),
            "failed_inputs": len({e["source"] for e in errors}),
        },
        "most_divergent": sorted(ranked, key=lambda t: (-t["divergence"], t["thread_id"]))[:10],
        "not_ranked": [t for t in threads if not t["ranked"] and t.get("divergence") is not None],
        "rank_rule": {"comments": MIN_RANK_COMMENTS, "commenters": MIN_RANK_COMMENTERS},
    }
