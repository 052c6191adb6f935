"""Made-up argument texts of three themes (gas prices, arms sales, Canada) for the cluster tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from discourse.model import SENTENCE_SCHEMA, ThreadTables, conform, empty

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")
needs_wordllama = pytest.mark.skipif(
    importlib.util.find_spec("wordllama") is None, reason="wordllama (extra discourse[embeddings]) not installed"
)

GAS = [
    "Russia wants to set gas prices in line with its lucrative European deals.",
    "China believes the price of Russian gas should be set much lower.",
    "Disagreements about the gas price have tripped up negotiations before.",
    "The pipeline deal depends on agreeing a gas price both sides accept.",
    "Gazprom wants a higher price for natural gas exports to China.",
    "Natural gas pricing remains the main obstacle to a supply contract.",
]
ARMS = [
    "Russia wants to increase its arms sales to China.",
    "Beijing wants to pay as little as possible for advanced Russian weapons.",
    "Moscow fears China will copy the fighter jets and weapons it buys.",
    "Arms sales between Russia and China have grown this decade.",
    "China buys Russian military hardware such as jets and submarines.",
    "Russia avoids weapons deals that could compromise its own security.",
]
CANADA = [
    "Canada has a stable relationship with the United States.",
    "The border between the US and Canada is undefended.",
    "Canadians think very little of the US and its materialism.",
    "Canada is an economic colony of the United States.",
    "The US and Canada have been allies for a very long time.",
    "When was Canada last attacked by another country?",
]
STRAGGLERS = ["My cat sleeps on the warm laptop every afternoon.", "Bananas ripen faster in a paper bag."]
THEMES = GAS + ARMS + CANADA


def gold() -> list[int]:
    return [0] * len(GAS) + [1] * len(ARMS) + [2] * len(CANADA)


def thread_sentences(thread_id: str, editorial: list[str], comments: list[tuple[str, str, str]]) -> pl.DataFrame:
    rows = [
        {"thread_id": thread_id, "unit_id": f"e{i}", "side": "editorial", "comment_id": None, "author": None,
         "position": i, "text": t, "compound": 0.1}
        for i, t in enumerate(editorial)
    ]
    rows += [
        {"thread_id": thread_id, "unit_id": f"c{i}", "side": "comment", "comment_id": cid, "author": author,
         "position": i, "text": t, "compound": -0.4}
        for i, (cid, author, t) in enumerate(comments)
    ]
    return conform(pl.DataFrame(rows), SENTENCE_SCHEMA)


def thread_tables(sentences: pl.DataFrame) -> ThreadTables:
    ids = sorted(set(sentences["thread_id"].to_list()))
    from discourse.model import COMMENT_SCHEMA, PARAGRAPH_SCHEMA, THREAD_SCHEMA

    threads = conform(pl.DataFrame({"thread_id": ids}), THREAD_SCHEMA)
    return ThreadTables(threads=threads, comments=empty(COMMENT_SCHEMA), paragraphs=empty(PARAGRAPH_SCHEMA),
                        sentences=sentences)


def make_thread_tables() -> ThreadTables:
    comments = [(f"k{i}", f"user{i % 4}", t) for i, t in enumerate(CANADA + GAS[:3])]
    comments.append(("k99", "troll", "LOL who is this quack?"))
    s1 = thread_sentences("t1", GAS[3:] + ARMS, comments)
    s2 = thread_sentences("t2", GAS + ARMS[:3], [])  # a thread without comments
    return thread_tables(pl.concat([s1, s2]))
