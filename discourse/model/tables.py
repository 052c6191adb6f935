"""The tables of threads as they move through the stages: :class:`ThreadTables`, and the frames
of the parsed threads (:func:`thread_frame`, :func:`comments_frame`, :func:`paragraphs_frame`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from discourse.model.schema import (
    CLUSTER_SCHEMA,
    COMMENT_SCHEMA,
    PARAGRAPH_SCHEMA,
    SENTENCE_SCHEMA,
    STANCE_SCHEMA,
    THREAD_SCHEMA,
    empty,
)
from discourse.model.thread import Thread

__all__ = ["ThreadTables", "comments_frame", "paragraphs_frame", "thread_frame"]


def _rows_frame(rows: list[dict[str, Any]], schema: pl.Schema) -> pl.DataFrame:
    if not rows:
        return empty(schema)
    return pl.DataFrame(rows, schema=schema, strict=False)


def thread_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per thread (``THREAD_SCHEMA``)."""
    rows = []
    for t in threads:
        present = t.present_comments
        rows.append(
            {
                "thread_id": t.thread_id,
                "source": t.source,
                "title": t.title,
                "input_format": t.input_format,
                "article_text": t.article.text,
                "truncated": t.article.truncated,
                "n_paragraphs": len(t.article.paragraphs),
                "n_comments": len(present),
                "n_commenters": len({c.author for c in present if c.author}),
                "n_replies": sum(1 for c in present if c.reply_to is not None),
                "declared_comments": t.declared_comments,
                "coverage": t.coverage,
                "coverage_note": t.coverage_note,
                "captured_at": t.captured_at,
                "content_hash": t.content_hash,
                "dropped_links": t.dropped_links,
            }
        )
    return _rows_frame(rows, THREAD_SCHEMA)


def comments_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per comment, placeholders for absent quoted parents included (``COMMENT_SCHEMA``)."""
    rows = []
    for t in threads:
        for c in t.comments:
            row = c.to_dict()
            row["comment_id"] = row.pop("id")
            row["thread_id"] = t.thread_id
            rows.append(row)
    return _rows_frame(rows, COMMENT_SCHEMA)


def paragraphs_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per article paragraph (``PARAGRAPH_SCHEMA``)."""
    rows = [
        {"thread_id": t.thread_id, "paragraph_id": f"p{i + 1}", "position": i, "text": p}
        for t in threads
        for i, p in enumerate(t.article.paragraphs)
    ]
    return _rows_frame(rows, PARAGRAPH_SCHEMA)


@dataclass
class ThreadTables:
    """The tables of one thread (or of many) as they move through the stages.

    ``parse`` fills ``threads``, ``comments`` and ``paragraphs``; ``score`` adds sentiment
    columns to comments and paragraphs and fills ``sentences`` and ``stance``; ``cluster``
    sets ``sentences["cluster"]`` and fills ``clusters``.
    """

    threads: pl.DataFrame
    comments: pl.DataFrame
    paragraphs: pl.DataFrame
    sentences: pl.DataFrame = field(default_factory=lambda: empty(SENTENCE_SCHEMA))
    stance: pl.DataFrame = field(default_factory=lambda: empty(STANCE_SCHEMA))
    clusters: pl.DataFrame = field(default_factory=lambda: empty(CLUSTER_SCHEMA))
    #: Not a table (never written): the unit-length centroid of each clustered thread's argument
    #: units, keyed by (thread id, representation), as the cluster stage's estimator left it.
    centroids: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    TABLES = ("threads", "comments", "paragraphs", "sentences", "stance", "clusters")

    @classmethod
    def from_threads(cls, threads: Iterable[Thread]) -> ThreadTables:
        threads = list(threads)
        return cls(
            threads=thread_frame(threads),
            comments=comments_frame(threads),
            paragraphs=paragraphs_frame(threads),
        )

    def replace(self, **tables: pl.DataFrame) -> ThreadTables:
        return dataclasses.replace(self, **tables)

    def items(self) -> list[tuple[str, pl.DataFrame]]:
        return [(name, getattr(self, name)) for name in self.TABLES]

    def thread_ids(self) -> list[str]:
        return self.threads["thread_id"].to_list()

    def for_thread(self, thread_id: str) -> ThreadTables:
        """The tables restricted to one thread."""
        return ThreadTables(
            **{name: frame.filter(pl.col("thread_id") == thread_id) for name, frame in self.items()},
            centroids={key: c for key, c in self.centroids.items() if key[0] == thread_id},
        )

    @classmethod
    def concat(cls, parts: Iterable[ThreadTables]) -> ThreadTables:
        parts = list(parts)
        if not parts:
            return cls.from_threads([])
        return cls(
            **{
                name: pl.concat([getattr(p, name) for p in parts], how="diagonal_relaxed")
                for name in cls.TABLES
            },
            centroids={key: c for p in parts for key, c in p.centroids.items()},
        )
