"""Tests of discourse.contrast: divergence, distinctive words, per-thread contrast."""

from __future__ import annotations

import math

import polars as pl
import pytest

from discourse.cluster import cluster_tables
from discourse.contrast import (
    contrast_thread,
    distinctive_words,
    js_divergence_bits,
)
from discourse.model import (
    CLUSTER_SCHEMA,
    COMMENT_SCHEMA,
    PARAGRAPH_SCHEMA,
    SENTENCE_SCHEMA,
    STANCE_SCHEMA,
    THREAD_SCHEMA,
    ThreadTables,
    conform,
    empty,
)
from tests.cluster import themes
from tests.cluster.themes import needs_wordllama

# The cluster tests' made-up themes, a shorter cut of each (the contrast needs fewer texts).
GAS = themes.GAS[:5]
ARMS = themes.ARMS[:4]
CANADA = themes.CANADA[:5]
SOCCER = [
    "The football club sold its star striker for a record transfer fee.",
    "Fans of the football club protested against the new stadium plans.",
    "The striker scored twice in the cup final on Saturday.",
    "Football supporters demand cheaper tickets for league matches.",
]


def _rows(thread_id: str, side: str, texts: list[str], compound: float, prefix: str) -> list[dict]:
    return [
        {"thread_id": thread_id, "unit_id": f"{prefix}{i}", "side": side,
         "comment_id": None if side == "editorial" else f"{prefix}{i}",
         "author": None if side == "editorial" else f"user{i % 3}", "position": i, "text": t, "compound": compound}
        for i, t in enumerate(texts)
    ]


def make_tables(threads: dict[str, tuple[list[str], list[str]]], stance: list[dict] | None = None) -> ThreadTables:
    rows = []
    for tid, (ed, co) in threads.items():
        rows += _rows(tid, "editorial", ed, 0.2, "e") + _rows(tid, "comment", co, -0.5, "c")
    sentences = conform(pl.DataFrame(rows), SENTENCE_SCHEMA)
    return ThreadTables(
        threads=conform(pl.DataFrame({"thread_id": sorted(threads)}), THREAD_SCHEMA),
        comments=empty(COMMENT_SCHEMA),
        paragraphs=empty(PARAGRAPH_SCHEMA),
        sentences=sentences,
        stance=conform(pl.DataFrame(stance), STANCE_SCHEMA) if stance else empty(STANCE_SCHEMA),
    )


def test_js_divergence_bits() -> None:
    assert js_divergence_bits([1, 0], [0, 1]) == 1.0
    assert js_divergence_bits([3, 3], [1, 1]) == 0.0
    # symmetric, between 0 and 1, and matches the closed form for a simple case
    p, q = [0.5, 0.5], [1.0, 0.0]
    m = [0.75, 0.25]
    expected = 0.5 * sum(a * math.log2(a / b) for a, b in zip(p, m, strict=True)) + 0.5 * math.log2(1 / 0.75)
    assert js_divergence_bits(p, q) == pytest.approx(expected)
    assert js_divergence_bits(q, p) == pytest.approx(expected)
    with pytest.raises(ValueError):
        js_divergence_bits([0, 0], [1, 1])


def test_distinctive_words() -> None:
    a = ["gas price gas price pipeline"] * 5 + ["china russia"]
    b = ["canada canada united states"] * 5 + ["china russia"]
    da, db = distinctive_words(a, b)
    assert da[0][0] in {"gas", "price"}
    assert db[0][0] == "canada"
    assert all(z >= 1.96 for _, z in da + db)
    assert "china" not in {w for w, _ in da + db}  # equally used: not distinctive
    assert distinctive_words(a, []) == ([], [])


@needs_wordllama
def test_contrast_thread_numbers_and_summary() -> None:
    stance = [
        {"thread_id": "t", "comment_id": f"c{i}", "target_kind": "article", "target_id": None,
         "label": "deny" if i < 5 else "support"}
        for i in range(7)
    ]
    comments = [*CANADA, "Gas will stay expensive whatever the pipeline costs.", "Nobody will pay that gas price."]
    tables = make_tables({"t": (GAS + ARMS, comments)}, stance)
    out = cluster_tables(tables)
    res = contrast_thread(out, "t", z_min=1.5)  # 5 mentions of Canada in 7 sentences: z about 1.9
    assert res.n_units_editorial == 9
    assert res.n_units_comment == 7
    assert res.n_commenters == 3
    assert res.divergence_bits is not None and 0.3 < res.divergence_bits <= 1.0
    assert res.editorial_compound == pytest.approx(0.2)
    assert res.comment_compound == pytest.approx(-0.5)
    assert res.stance_overall == {"support": 2, "deny": 5, "query": 0, "comment": 0}
    canada = [c for c in res.clusters if "canada" in c["keywords"]]
    assert len(canada) == 1
    assert canada[0]["cluster"] in res.only_comment
    assert canada[0]["stance"]["deny"] == 5
    assert any(w == "canada" for w, _ in res.distinctive_comment)
    text = " ".join(res.summary)
    assert "argument group the article does not" in text
    assert "canada" in text
    assert "bits" not in text  # plain words (issue 20): the scale is said, not its unit
    assert "on a scale from 0 (same mix) to 1 (nothing in common), from 9 article and 7 comment sentences" in text
    d = res.to_dict()
    assert d["distinctive_comment"][0].keys() == {"word", "z"}


def test_contrast_thread_without_comments() -> None:
    tables = make_tables({"t": (GAS + ARMS, [])})
    out = cluster_tables(tables)
    res = contrast_thread(out)
    assert res.n_units_comment == 0
    assert res.divergence_bits is None
    assert res.only_comment == [] and res.only_editorial == []
    assert res.distinctive_comment == []
    assert res.summary[0].startswith("No comments to contrast")


def test_contrast_thread_empty_tables() -> None:
    tables = make_tables({"t": (["Hi!"], ["lol"])})
    res = contrast_thread(cluster_tables(tables), "t")
    assert res.clusters == []
    assert res.divergence_bits is None
    assert res.to_dict()["thread_id"] == "t"


def test_cluster_schema_of_contrast_input() -> None:
    out = cluster_tables(make_tables({"t": (GAS + ARMS, CANADA)}))
    assert out.clusters.schema == CLUSTER_SCHEMA


def test_moved_names_still_work_with_a_warning() -> None:
    import discourse.contrast as contrast_mod
    from discourse import corpus
    from discourse.report import summary

    for name, home in (("thread_centroid", corpus), ("related_threads", corpus), ("agreement_sentence", summary)):
        with pytest.warns(DeprecationWarning, match=f"use {home.__name__}.{name}"):
            assert getattr(contrast_mod, name) is getattr(home, name)
    with pytest.raises(AttributeError):
        contrast_mod.no_such_name  # noqa: B018
