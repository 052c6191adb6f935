"""The cluster stage over :class:`~discourse.model.ThreadTables`: :func:`cluster_tables`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import polars as pl
from sklearn.base import clone

from discourse.cluster.estimator import ArgumentClusterer
from discourse.cluster.labels import NOISE
from discourse.cluster.units import MIN_CONTENT_WORDS, argument_units
from discourse.model import CLUSTER_SCHEMA, SENTENCE_SCHEMA, ThreadTables, conform, empty

__all__ = ["cluster_tables"]

logger = logging.getLogger("discourse.cluster")



def _cluster_rows(thread_id: str, units: pl.DataFrame, est: ArgumentClusterer) -> list[dict[str, Any]]:
    editorial, comment = pl.col("side") == "editorial", pl.col("side") == "comment"
    side_counts = units.select(editorial.sum().alias("e"), comment.sum().alias("c")).row(0)
    n_side = dict(zip(("editorial", "comment"), side_counts, strict=True))
    # one pass over the units for all clusters (a filter per cluster and statistic cost more than the clustering)
    stats = {
        r["cluster"]: r
        for r in units.group_by("cluster").agg(
            pl.len().alias("n_units"),
            editorial.sum().alias("n_editorial"),
            comment.sum().alias("n_comment"),
            pl.col("compound").filter(editorial).drop_nulls().mean().alias("editorial_compound"),
            pl.col("compound").filter(comment).drop_nulls().mean().alias("comment_compound"),
            pl.coalesce("author", "comment_id").filter(comment).drop_nulls().n_unique().alias("n_commenters"),
        ).iter_rows(named=True)
    }
    rows = []
    texts = units["text"].to_list()
    authors = units["author"].to_list()
    for c in sorted(est.sizes_, key=lambda c: (c == NOISE, c)):  # noise row last
        st = stats[c]
        n_ed, n_co = int(st["n_editorial"]), int(st["n_comment"])
        only = None
        if c != NOISE and n_side["editorial"] and n_side["comment"]:
            only = "editorial" if n_co == 0 else "comment" if n_ed == 0 else None
        ex = est.examples_.get(c)
        rows.append(
            {
                "thread_id": thread_id,
                "cluster": c,
                "label": est.cluster_labels_[c],
                "keywords": est.keywords_.get(c, []),
                "example": texts[ex] if ex is not None else None,
                "example_author": authors[ex] if ex is not None else None,
                "n_units": int(st["n_units"]),
                "n_editorial": n_ed,
                "n_comment": n_co,
                "editorial_share": n_ed / n_side["editorial"] if n_side["editorial"] else None,
                "comment_share": n_co / n_side["comment"] if n_side["comment"] else None,
                "editorial_compound": st["editorial_compound"],
                "comment_compound": st["comment_compound"],
                "n_commenters": int(st["n_commenters"]) if n_co else 0,
                "only_side": only,
            }
        )
    return rows


def cluster_tables(
    tables: ThreadTables,
    *,
    clusterer: ArgumentClusterer | None = None,
    min_content_words: int = MIN_CONTENT_WORDS,
    languages: Mapping[str, str | None] | None = None,
) -> ThreadTables:
    """Cluster each thread's argument units (both sides together) and fill the ``clusters`` table.

    Parameters
    ----------
    tables : ThreadTables
        With a ``sentences`` table (``SENTENCE_SCHEMA``, sentiment filled).
    clusterer : ArgumentClusterer, optional
        A configured (unfitted) estimator; it is cloned per thread. Default: the tuned one.
    min_content_words : int, default=3
        See :func:`argument_units`.
    languages : mapping of thread id to language code, optional
        A thread's language sets the clusterer's stop words (``language``); None or missing:
        the clusterer's own setting (English by default).

    Returns
    -------
    ThreadTables
        ``sentences["cluster"]`` set (null for sentences that are not argument units, -1 for
        noise) and ``clusters`` filled (``CLUSTER_SCHEMA``, one row per cluster and a last
        row ``-1`` "other" when there is noise). ``editorial_share``/``comment_share`` are
        the cluster's share of that side's units (null when the side has none); ``only_side``
        is set only when both sides have units. ``centroids`` holds each clustered thread's
        ``centroid_`` under ``(thread_id, representation_)``.
    """
    base = clusterer if clusterer is not None else ArgumentClusterer()
    sentences = conform(tables.sentences, SENTENCE_SCHEMA)
    thread_ids = sorted(set(tables.thread_ids()) | set(sentences["thread_id"].drop_nulls().to_list()))
    out_sentences: list[pl.DataFrame] = []
    rows: list[dict[str, Any]] = []
    # the estimator's centroid of each thread's units, handed on to contrast (related threads)
    centroids = {key: c for key, c in tables.centroids.items() if key[0] not in thread_ids}
    sentences = sentences.with_row_index("_row")
    by_thread = {
        key[0]: frame for key, frame in sentences.partition_by("thread_id", as_dict=True, maintain_order=True).items()
    }
    for tid in thread_ids:
        sent = by_thread.get(tid)
        if sent is None:  # a thread without sentences: no units, no clusters
            continue
        units = argument_units(sent, min_content_words=min_content_words)
        if units.height == 0:
            out_sentences.append(sent.with_columns(pl.lit(None, dtype=pl.Int64).alias("cluster")))
            continue
        est = clone(base)
        if languages and languages.get(tid):
            est.set_params(language=languages[tid])
        est = est.fit(units["text"].to_list())
        units = units.with_columns(pl.Series("cluster", est.labels_, dtype=pl.Int64))
        rows.extend(_cluster_rows(tid, units, est))
        centroids[(tid, est.representation_)] = est.centroid_
        labelled = sent.drop("cluster").join(units.select("_row", "cluster"), on="_row", how="left")
        out_sentences.append(labelled)
        logger.info("thread %s: %d units, %d clusters", tid, units.height, est.n_clusters_)
    orphans = sentences.filter(pl.col("thread_id").is_null())  # no thread: kept, never clustered
    if orphans.height:
        out_sentences.append(orphans.with_columns(pl.lit(None, dtype=pl.Int64).alias("cluster")))
    new_sentences = (
        pl.concat(out_sentences, how="diagonal_relaxed").sort("_row").drop("_row")
        if out_sentences
        else empty(SENTENCE_SCHEMA)
    )
    clusters = pl.DataFrame(rows, schema=CLUSTER_SCHEMA, strict=False) if rows else empty(CLUSTER_SCHEMA)
    return tables.replace(sentences=conform(new_sentences, SENTENCE_SCHEMA), clusters=clusters, centroids=centroids)
