"""Shared fixtures: tiny threads and pages built in the test, and where ../shared is."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from discourse.model import (
    CLUSTER_SCHEMA,
    SENTENCE_SCHEMA,
    STANCE_SCHEMA,
    Article,
    Comment,
    Thread,
    ThreadTables,
    conform,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
needs_shared = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not present (only on the developers' machines and CI)"
)

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "</style><script>alert(2)</script>",
    "{{ 7*7 }} {% raw %}",
]


def make_thread(
    *,
    n_comments: int = 4,
    texts: list[str] | None = None,
    authors: list[str | None] | None = None,
    title: str = "Pipelines and prices",
    thread_id: str = "t1",
) -> Thread:
    """A small thread: a three-paragraph article and replies that quote and answer each other."""
    paragraphs = [
        "Russia and China signed a gas pipeline deal this week. The price is still disputed.",
        "Arms sales between the two countries are growing, but Moscow fears for its own security.",
        "Observers say the relationship will remain close at the diplomatic level.",
    ]
    texts = texts or [
        "The gas price will never be agreed, Russia wants European prices.",
        "Nonsense. China will take over as number one within ten years.",
        "Why would Moscow sell its best weapons to Beijing?",
        "I agree with the article, the pipeline deal is a real step forward.",
    ]
    texts = (texts * (n_comments // len(texts) + 1))[:n_comments]
    authors = authors or ["Ann", "Bob", None, "Dee"]
    comments = [
        Comment(
            id=f"c{i + 1}",
            text=text,
            author=authors[i % len(authors)],
            timestamp=f"2013-08-{10 + i % 20:02d}T01:53:00",
            timestamp_precision="minute",
            reply_to=f"c{i}" if i % 2 else None,
            reply_source="quote" if i % 2 else "none",
            reply_confidence=0.9 if i % 2 else 0.0,
            position=i,
        )
        for i, text in enumerate(texts)
    ]
    return Thread(
        thread_id=thread_id,
        source=f"{thread_id}.txt",
        title=title,
        article=Article(text="\n\n".join(paragraphs), paragraphs=paragraphs),
        comments=comments,
    )


@pytest.fixture
def small_thread() -> Thread:
    return make_thread()


def hand_scored(thread) -> ThreadTables:
    """Tables as the scoring and clustering stages leave them, filled by hand."""
    tables = ThreadTables.from_threads([thread])
    n_c, n_p = tables.comments.height, tables.paragraphs.height
    sentiment = {"neg": 0.1, "neu": 0.8, "pos": 0.1}
    comments = tables.comments.with_columns(
        *(pl.lit(v).alias(k) for k, v in sentiment.items()),
        pl.Series("compound", [(-1) ** i * 0.3 for i in range(n_c)]),
    )
    paragraphs = tables.paragraphs.with_columns(
        *(pl.lit(v).alias(k) for k, v in sentiment.items()), pl.Series("compound", [0.2] * n_p)
    )
    rows = [
        {"thread_id": thread.thread_id, "unit_id": f"u{i}", "side": "comment", "comment_id": c.id,
         "author": c.author, "position": i, "text": c.text, "compound": 0.1, "cluster": i % 2}
        for i, c in enumerate(thread.comments)
    ] + [{"thread_id": thread.thread_id, "unit_id": "p0", "side": "editorial", "position": 99,
          "text": thread.article.paragraphs[0], "compound": 0.2, "cluster": 0}]
    sentences = conform(pl.DataFrame(rows), SENTENCE_SCHEMA)
    stance = conform(pl.DataFrame([
        {"thread_id": thread.thread_id, "comment_id": c.id, "target_kind": "article",
         "label": ["support", "deny", "query", "comment"][i % 4]}
        for i, c in enumerate(thread.comments)
    ]), STANCE_SCHEMA)
    clusters = conform(pl.DataFrame([
        {"thread_id": thread.thread_id, "cluster": k, "label": thread.comments[k].text[:40],
         "keywords": [thread.comments[k].text[:10]], "n_units": 2, "n_editorial": 1 - k, "n_comment": 1 + k,
         "editorial_share": 1.0 - k, "comment_share": 0.5, "only_side": "comment" if k else None}
        for k in range(2)
    ]), CLUSTER_SCHEMA)
    return tables.replace(comments=comments, paragraphs=paragraphs, sentences=sentences, stance=stance,
                          clusters=clusters)


def write_run(folder: Path, threads: list[Thread]) -> Path:
    """A run folder as `discourse run` leaves it, from hand-scored tables (no models needed)."""
    from discourse.report import render_index, render_thread

    summaries = []
    for thread in threads:
        summary = render_thread(hand_scored(thread), {"summary": ["s"]}, folder / thread.thread_id, thread=thread)
        summary["folder"] = thread.thread_id
        summaries.append(summary)
    render_index(summaries, [], folder)
    return folder
