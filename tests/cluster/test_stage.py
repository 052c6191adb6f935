"""Tests of discourse.cluster.stage: cluster_tables over thread tables, on made-up and seed threads."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from discourse.cluster import cluster_tables
from discourse.model import CLUSTER_SCHEMA, SENTENCE_SCHEMA, ThreadTables
from tests.cluster.themes import (
    SHARED,
    make_thread_tables,
    needs_shared,
    needs_wordllama,
    thread_sentences,
    thread_tables,
)

runner = CliRunner()


# -- the stage over tables -----------------------------------------------------------------


@needs_wordllama
def test_cluster_tables_fills_clusters_and_sentences() -> None:
    tables = make_thread_tables()
    out = cluster_tables(tables)
    assert out.sentences.schema == SENTENCE_SCHEMA
    assert out.clusters.schema == CLUSTER_SCHEMA
    assert out.sentences.height == tables.sentences.height
    assert out.sentences["unit_id"].to_list() == tables.sentences["unit_id"].to_list()
    quack = out.sentences.filter(pl.col("text").str.contains("quack"))
    assert quack["cluster"].to_list() == [None]
    t1 = out.clusters.filter(pl.col("thread_id") == "t1")
    # shares of each side sum to 1 over the clusters (noise row included)
    assert t1["editorial_share"].sum() == pytest.approx(1.0)
    assert t1["comment_share"].sum() == pytest.approx(1.0)
    # the Canada arguments are raised only by commenters
    canada = t1.filter(pl.col("keywords").list.contains("canada"))
    assert canada.height == 1
    assert canada["only_side"].item() == "comment"
    assert canada["n_commenters"].item() == 4
    assert canada["comment_compound"].item() == pytest.approx(-0.4)
    assert canada["editorial_compound"].item() is None
    # the thread with no comments still gets its article clustered, with no one-side flags
    t2 = out.clusters.filter(pl.col("thread_id") == "t2")
    assert t2.height >= 1
    assert t2["only_side"].null_count() == t2.height
    assert t2["comment_share"].null_count() == t2.height


def test_cluster_tables_without_units() -> None:
    tables = thread_tables(thread_sentences("t", ["Hello!"], [("k1", "a", "lol")]))
    out = cluster_tables(tables)
    assert out.clusters.height == 0
    assert out.sentences["cluster"].null_count() == 2


# -- the Diplomat seed, sentences built by hand --------------------------------------------

SEED = SHARED / "seeds" / "004_7fdc06c34d09003f.txt"


def diplomat_sentences() -> pl.DataFrame:
    """Article paragraphs and the comments of the Diplomat seed, split by hand (no parser)."""
    from discourse.text import split_sentences

    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("On March 22nd"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("November 25, 2013"))
    article = [ln for ln in lines[start:end] if len(ln) > 80]
    comments = [
        ("c1", "anon1", "LOL who is this quack?"),
        ("c2", "anon2", " ".join(ln for ln in lines if ln.startswith(("Canadians get", "Canada actually")))),
        ("c3", "anon3", next(ln for ln in lines if ln.startswith("did you even read"))),
        ("c4", "China have all the money",
         " ".join(ln for ln in lines if ln.startswith(("US are facing", "We will se a change")))),
    ]
    ed = [s for p in article for s in split_sentences(p)]
    co = [(cid, a, s) for cid, a, t in comments for s in split_sentences(t)]
    return thread_sentences("diplomat", ed, co)


@needs_shared
@needs_wordllama
def test_diplomat_seed_clusters_are_recognisable() -> None:
    from discourse.contrast import contrast_thread

    out = cluster_tables(thread_tables(diplomat_sentences()))
    labels = " | ".join(" ".join(k) for k in out.clusters["keywords"].to_list())
    for theme in ("gas", "canada", "arms", "china"):
        assert re.search(theme, labels), (theme, labels)
    # the US-Canada argument is the commenters' (the article barely touches it) and the summary says so
    canada = out.clusters.filter(pl.col("keywords").list.contains("canada"))
    assert canada.height == 1
    assert canada["comment_share"].item() >= 3 * canada["editorial_share"].item()
    summary = " ".join(contrast_thread(out).summary)
    assert re.search(r'Commenters (argue|raise) .*canada', summary), summary


@needs_wordllama
def test_diplomat_seed_through_the_pipeline_names_its_four_themes() -> None:
    """The repo's seed, parsed and scored as `discourse run` does: energy/gas, arms, US-Canada
    (commenters only) and "China overtaking the US" (two sentences of one commenter, commenters only)."""
    from discourse.parse import parse_file
    from discourse.pipeline import score

    seed = Path(__file__).resolve().parents[2] / "seeds" / "004_7fdc06c34d09003f.txt"
    out = cluster_tables(score(ThreadTables.from_threads(parse_file(seed))))
    # a cluster is named by its central phrase with its keywords beside it (issue 20): match either
    rows = {f'{r["label"]} [{", ".join(r["keywords"])}]': r
            for r in out.clusters.filter(pl.col("cluster") >= 0).iter_rows(named=True)}
    labels = " | ".join(rows)

    def one(pattern: str) -> dict:
        found = [r for label, r in rows.items() if re.search(pattern, label, re.IGNORECASE)]
        assert len(found) == 1, (pattern, labels)
        return found[0]

    assert one(r"natural gas|\bgas\b")["n_editorial"] > 0
    assert one(r"\barms\b")["n_editorial"] > 0
    assert one(r"canada")["only_side"] == "comment"
    overtaking = one(r"world leadership|empire|number one")
    assert overtaking["only_side"] == "comment"
    assert overtaking["n_comment"] >= 2


@pytest.mark.parametrize("representation", ["auto", "tfidf"])
def test_the_stage_hands_its_centroids_to_contrast(representation: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from discourse.cluster import ArgumentClusterer
    from discourse.cluster import vectors as vectors_mod
    from discourse.corpus import thread_centroid

    out = cluster_tables(make_thread_tables(), clusterer=ArgumentClusterer(representation=representation))
    resolved = vectors_mod.resolve_representation(representation)
    assert sorted(out.centroids) == [("t1", resolved), ("t2", resolved)]
    one = out.for_thread("t1")
    # embedded again from the texts (no centroids) and handed on by the clusterer: the same numbers
    expected = thread_centroid(one.replace(centroids={}), representation=representation)
    monkeypatch.setattr(vectors_mod, "embed_texts", lambda *a, **k: pytest.fail("embedded again"))
    assert thread_centroid(one, representation=representation) == expected
