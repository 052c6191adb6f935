"""Tests of discourse.stance.stage: model input frames and score_stance on thread tables."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from discourse.cli import app
from discourse.model import STANCE_LABELS, Article, Comment, Thread, ThreadTables, reply_depths
from discourse.stance import (
    StanceClassifier,
    article_lead,
    normalize_post,
    score_stance,
    stance_pairs,
)
from discourse.stance.stage import STANCE_DEPTH_OFFSET, THREAD_DEPTH_CAP, sdqc_frame
from tests.stance.fixtures import (
    ROOT,
    _thread,
    runner,
    tiny_sdqc,
)


def test_sdqc_frame_structure():
    recs = [{"id": "s", "thread_id": "s", "parent_id": None, "is_source": True, "text": "claim", "target": "claim"},
            {"id": "a", "thread_id": "s", "parent_id": "s", "text": "yes", "target": "claim"},
            {"id": "b", "thread_id": "s", "parent_id": "a", "text": "no", "target": "yes"}]
    f = sdqc_frame(recs)
    assert f["depth"].to_list() == [0, 1, 2]
    assert f["is_reply_to_source"].to_list() == [False, True, False]
    assert f["is_source"].to_list() == [True, False, False]


def test_normalize_post_and_lead():
    assert normalize_post("@Al see https://x.y/z") == "@user see httpurl"
    long = ["A" * 150, "B" * 100, "C" * 50]
    assert article_lead(long) == "A" * 150 + " " + "B" * 100
    assert article_lead([]) == ""


def test_score_stance_rows():
    X, y = tiny_sdqc()
    model = StanceClassifier(min_df=1, max_char_features=500).fit(X, y)
    tables = ThreadTables.from_threads([_thread()])
    pairs = stance_pairs(tables)
    assert pairs.filter(pl.col("comment_id") == "c3", pl.col("target_kind") == "parent")["target"].to_list() == [
        "The bridge is safe"]
    out = score_stance(tables, model=model).stance
    got = [(r["comment_id"], r["target_kind"], r["target_id"]) for r in out.iter_rows(named=True)]
    assert got == [("c1", "article", "p1"), ("c2", "article", "p1"), ("c2", "parent", "c1"),
                   ("c3", "article", "p1"), ("c3", "parent", "c0")]
    assert out.columns[:9] == ["thread_id", "comment_id", "target_kind", "target_id", "label",
                               "p_support", "p_deny", "p_query", "p_comment"]
    probs = out.select("p_support", "p_deny", "p_query", "p_comment").to_numpy().sum(axis=1)
    assert np.allclose(probs, 1.0, atol=1e-3)
    assert out.filter(pl.col("comment_id") == "c2")["label"].to_list()[0] == "query"
    assert score_stance(ThreadTables.from_threads([]), model=model).stance.height == 0


def test_score_command_writes_parquet(tmp_path):
    parsed = tmp_path / "threads.jsonl"
    parsed.write_text(_thread().to_json() + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["score", str(parsed), "-o", str(out)])
    if not (ROOT / "discourse" / "models" / "stance.json").exists():
        assert res.exit_code != 0
        pytest.skip("shipped stance model not built")
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.glob("*.parquet"))
    assert names == sorted(f"{n}.parquet" for n in ThreadTables.TABLES)
    stance = pl.read_parquet(out / "stance.parquet")
    assert stance.height == 5
    comments = pl.read_parquet(out / "comments.parquet")
    assert "compound" in comments.columns
    res = runner.invoke(app, ["score", str(parsed), "-o", str(out)])
    assert res.exit_code == 3 and "--overwrite" in res.output


def test_score_stance_reads_the_sentiment_stage_scores():
    from discourse.sentiment import score_sentiment

    X, y = tiny_sdqc()
    model = StanceClassifier(min_df=1).fit(X, y)
    tables = ThreadTables.from_threads([_thread()])
    scored = score_sentiment(tables)
    pairs = stance_pairs(scored)
    assert {"neg", "pos", "compound"} <= set(pairs.columns)
    assert "neg" not in stance_pairs(tables).columns
    # the same probabilities whether the model reads the stage's scores or computes them
    a = score_stance(scored, model=model).stance
    b = score_stance(tables, model=model).stance
    assert a.equals(b)
    # and they are used: other sentiment gives other probabilities
    fake = scored.replace(comments=scored.comments.with_columns(pl.lit(-0.9).alias("compound")))
    assert not score_stance(fake, model=model).stance.equals(a)


def test_reply_depth_is_the_thread_fact_plus_one_capped():
    chain = [Comment("c0", "first")] + [Comment(f"c{i}", f"reply {i}", reply_to=f"c{i - 1}") for i in range(1, 60)]
    tables = ThreadTables.from_threads([Thread("t", "s", article=Article(paragraphs=["Lead."]), comments=chain)])
    depths = reply_depths(tables.comments)
    pairs = stance_pairs(tables).filter(pl.col("target_kind") == "article")
    expected = [min(depths[c] + STANCE_DEPTH_OFFSET, THREAD_DEPTH_CAP) for c in pairs["comment_id"]]
    assert pairs["depth"].to_list() == expected
    assert expected[:3] == [1, 2, 3] and max(expected) == THREAD_DEPTH_CAP


def test_a_link_outside_the_thread_adds_no_depth():
    # a thread built by hand, not checked: the link to an unknown id counts as none
    th = Thread("t", "s", article=Article(paragraphs=["Lead."]),
                comments=[Comment("a", "x", reply_to="gone"), Comment("b", "y", reply_to="a")])
    pairs = stance_pairs(ThreadTables.from_threads([th])).filter(pl.col("target_kind") == "article")
    assert pairs["depth"].to_list() == [1, 2]


def test_sdqc_labels_is_a_deprecated_alias():
    import discourse.stance

    with pytest.warns(DeprecationWarning, match="STANCE_LABELS"):
        assert discourse.stance.SDQC_LABELS == STANCE_LABELS
