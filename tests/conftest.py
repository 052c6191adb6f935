"""Shared fixtures: tiny threads and pages built in the test, and where ../shared is."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.model import Article, Comment, Thread

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
