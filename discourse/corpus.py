"""Corpus level: threads compared by the centroid of their argument units.

A thread without comments (a paywalled page) can be contrasted with the commenters of related
threads (:func:`contrast_with_related`), marked as borrowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from discourse.cluster import argument_units, cluster_tables
from discourse.cluster.vectors import mean_direction, resolve_representation
from discourse.contrast import ThreadContrast, contrast_thread
from discourse.model import SENTENCE_SCHEMA, ThreadTables, conform

__all__ = ["contrast_with_related", "related_from_centroids", "related_threads", "thread_centroid"]


def thread_centroid(tables: ThreadTables, *, representation: str = "auto") -> list[float] | None:
    """The unit-length mean vector of a thread's argument units (both sides), or None without units.

    Small (256 numbers with wordllama) and comparable across threads, so a corpus run can keep
    one per thread and find related threads without holding their texts. After the cluster
    stage the clusterer's own centroid is used (``tables.centroids``: the same vector, the
    units are not embedded again); otherwise the units are embedded here.
    """
    sentences = conform(tables.sentences, SENTENCE_SCHEMA)
    ids = sentences["thread_id"].unique().to_list()
    key = (ids[0], resolve_representation(representation)) if len(ids) == 1 else None
    if key in tables.centroids:
        direction = tables.centroids[key]
    else:
        direction = mean_direction(argument_units(sentences)["text"].to_list(), representation=representation)
    return None if direction is None else [round(float(x), 5) for x in direction]


def related_from_centroids(
    centroids: Mapping[str, Sequence[float]], *, min_similarity: float = 0.5, top: int = 3, block: int = 1024
) -> pl.DataFrame:
    """``thread_id, related_thread_id, similarity`` for pairs of threads whose centroids are close.

    Similarities are computed a block of rows at a time and only each row's ``top`` are kept,
    so memory grows with the number of threads, not its square.
    """
    schema = {"thread_id": pl.String, "related_thread_id": pl.String, "similarity": pl.Float64}
    ids = sorted(centroids)
    if len(ids) < 2:
        return pl.DataFrame(schema=schema)
    cent = np.vstack([np.asarray(centroids[i], dtype=np.float32) for i in ids])
    k = min(top, len(ids) - 1)
    rows = []
    for start in range(0, len(ids), block):
        sim = cent[start : start + block] @ cent.T
        for offset, row in enumerate(sim):
            a = start + offset
            row[a] = -np.inf
            candidates = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
            # Rounded, so that near-equal similarities (float noise across BLAS builds) tie and go by id.
            for b in sorted(candidates, key=lambda b: (-round(float(row[b]), 6), ids[b])):
                if b != a and row[b] >= min_similarity:
                    rows.append({"thread_id": ids[a], "related_thread_id": ids[b],
                                 "similarity": round(float(row[b]), 4)})
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def related_threads(
    tables: ThreadTables, *, min_similarity: float = 0.5, top: int = 3, representation: str = "auto"
) -> pl.DataFrame:
    """Pairs of threads on the same topic, by cosine similarity of their unit centroids.

    Each thread's centroid is the mean of its argument units' vectors (wordllama mean
    embeddings, or hashed TF-IDF without wordllama), both sides together; no per-thread
    centring, since the shared topic is exactly what is compared here.

    Returns
    -------
    polars.DataFrame
        ``thread_id, related_thread_id, similarity`` for every pair at or above
        ``min_similarity``, at most ``top`` per thread, sorted by thread and decreasing similarity.
    """
    centroids = {}
    for thread_id in sorted(set(tables.threads["thread_id"].to_list())):
        centroid = thread_centroid(tables.for_thread(thread_id), representation=representation)
        if centroid is not None:
            centroids[thread_id] = centroid
    return related_from_centroids(centroids, min_similarity=min_similarity, top=top)


def contrast_with_related(
    tables: ThreadTables, thread_id: str, related: list[str], *, clusterer: Any = None
) -> ThreadContrast:
    """Contrast ``thread_id``'s article with the commenters of the ``related`` threads.

    The thread's editorial units and the related threads' comment units are clustered
    together; the result's ``comments_from`` names the threads the comments come from and
    every summary sentence says so. The related comments' stance was toward *their own*
    article, so it is not reported as stance toward this one.
    """
    sent = conform(tables.sentences, SENTENCE_SCHEMA)
    own = sent.filter((pl.col("thread_id") == thread_id) & (pl.col("side") == "editorial")).with_columns(
        pl.lit(None, dtype=pl.String).alias("source_thread_id")
    )
    others = sent.filter(pl.col("thread_id").is_in(related) & (pl.col("side") == "comment")).with_columns(
        pl.col("thread_id").alias("source_thread_id"),
        pl.lit(thread_id).alias("thread_id"),
        # comment ids are unique per thread only: qualify them with their thread
        (pl.col("thread_id") + ":" + pl.col("comment_id")).alias("comment_id"),
    )
    merged = pl.concat([own, others], how="diagonal_relaxed")
    sub = tables.for_thread(thread_id).replace(sentences=merged, stance=tables.stance.clear())
    clustered = cluster_tables(sub, clusterer=clusterer)
    # cluster_tables conforms sentences to the schema; put the provenance column back (row order is kept)
    sentences = clustered.sentences.with_columns(merged["source_thread_id"])
    return contrast_thread(clustered.replace(sentences=sentences), thread_id)
