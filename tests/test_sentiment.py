"""Tests of discourse.sentiment: the VADER wrapper, its sklearn contract and the table stage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as ec
from sklearn.utils.estimator_checks import parametrize_with_checks
from typer.testing import CliRunner

from discourse.cli import app
from discourse.model import Article, Comment, Thread, ThreadTables
from discourse.sentiment import SentimentScorer, aggregate_scores, get_analyzer, score_sentiment

API_CHECKS = [ec.check_no_attributes_set_in_init, ec.check_parameters_default_constructible,
              ec.check_get_params_invariance, ec.check_set_params, ec.check_estimator_repr,
              ec.check_estimator_cloneable, ec.check_valid_tag_types, ec.check_mixin_order]
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SENT_DATA = SHARED / "data" / "sentiment"
needs_shared = pytest.mark.skipif(not SENT_DATA.exists(), reason="../shared/data not present")
runner = CliRunner()


@parametrize_with_checks([SentimentScorer()], expected_failed_checks=lambda est: {})
def test_sklearn_checks(estimator, check):
    # string-input transformers (like TfidfVectorizer) are skipped by sklearn's generated checks;
    # the API contract is tested explicitly below
    check(estimator)


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(check):
    # the generated checks feed numeric 2-D arrays; these API checks need no data
    check("SentimentScorer", SentimentScorer())


def test_sklearn_api_contract():
    s = SentimentScorer(blend=0.3)
    assert s.get_params() == {"blend": 0.3, "long_text_chars": 400}
    c = clone(s).set_params(blend=1.0)
    assert c.blend == 1.0 and s.blend == 0.3
    assert s.fit(["x"]) is s
    assert list(s.get_feature_names_out()) == ["neg", "neu", "pos", "compound"]
    with pytest.raises(ValueError):
        SentimentScorer(blend=2.0).fit(["x"])


def test_transform_inputs_and_outputs():
    s = SentimentScorer().fit()
    texts = ["I love this!", "This is terrible.", ""]
    a = s.transform(texts)
    assert isinstance(a, pl.DataFrame) and a.columns == ["neg", "neu", "pos", "compound"]
    assert a["compound"][0] > 0.05 and a["compound"][1] < -0.05 and a["compound"][2] == 0.0
    assert s.transform(pl.Series(texts)).equals(a)
    assert s.transform(pl.DataFrame({"t": texts})).equals(a)
    arr = clone(s).set_output(transform="default").fit().transform(texts)
    assert isinstance(arr, np.ndarray) and arr.shape == (3, 4)
    with pytest.raises(Exception, match="single str"):
        s.transform("one text")


def test_web_fixes_html_entities_and_invisibles():
    s = SentimentScorer().fit()
    plain = s.score_text("Tom & Jerry are great")
    assert s.score_text("Tom &amp; Jerry are great") == plain
    assert s.score_text("Tom & Jerry are gre\u200dat") == plain
    # emoji with a variation selector is found in VADER's emoji lexicon like the bare one
    assert s.score_text("I am \u2764\ufe0f") == s.score_text("I am \u2764")


def test_blend_keeps_vader_class_and_blend_one_is_vader():
    sia = get_analyzer()
    texts = ["good", "not bad at all", "meh", "The worst, most awful thing ever!!!", "ok fine"]
    vader = SentimentScorer(blend=1.0).fit()
    ours = SentimentScorer().fit()
    for t in texts:
        c = sia.polarity_scores(t)["compound"]
        assert vader.score_text(t)[3] == pytest.approx(c, abs=1e-4)
        o = ours.score_text(t)[3]
        assert (o >= 0.05) == (c >= 0.05) and (o <= -0.05) == (c <= -0.05)


def test_long_text_aggregation_does_not_saturate():
    s = SentimentScorer().fit()
    long = " ".join(["The weather was fine today."] * 20 + ["The service was horrible and rude."])
    vader = get_analyzer().polarity_scores(long)["compound"]
    ours = s.score_text(long)[3]
    assert len(long) > s.long_text_chars
    assert abs(ours) < abs(vader) or abs(vader) < 0.5
    assert aggregate_scores([], []) == (0.0, 1.0, 0.0, 0.0)


def test_pipeline_and_cross_val_score():
    texts = ["I love it", "great stuff", "awful, hate it", "terrible idea"] * 5
    y = [1, 1, 0, 0] * 5
    pipe = Pipeline([("sent", SentimentScorer().set_output(transform="default")), ("lr", LogisticRegression())])
    scores = cross_val_score(pipe, np.asarray(texts, dtype=object), y, cv=2)
    assert scores.mean() == 1.0


def _thread() -> Thread:
    return Thread(
        "t1", "test",
        article=Article(text="", paragraphs=["The council approved the plan. It is a good plan.", "Critics object."]),
        comments=[
            Comment("c1", "I hate this plan. Terrible!", author="ann", position=0),
            Comment("c0", "Great news everyone", author="bob", position=1, absent=True),
            Comment("c2", "Fine by me.", author="cy", position=2, reply_to="c0",
                    quoted_author="bob", quoted_text="Great news everyone, wonderful, best ever"),
            Comment("c3", "", author="dan", position=3),
        ],
    )


def test_score_sentiment_tables():
    tables = ThreadTables.from_threads([_thread()])
    out = score_sentiment(tables)
    assert out is not tables and "compound" not in tables.comments.columns
    s = out.sentences
    ed = s.filter(pl.col("side") == "editorial")
    assert ed["unit_id"].to_list() == ["t1:p1:s1", "t1:p1:s2", "t1:p2:s1"]
    assert ed["comment_id"].null_count() == 3
    com = s.filter(pl.col("side") == "comment")
    assert com["unit_id"].to_list() == ["t1:c1:s1", "t1:c1:s2", "t1:c0:s1", "t1:c2:s1"]
    assert com.filter(pl.col("comment_id") == "c0")["author"].to_list() == ["bob"]
    assert s["cluster"].null_count() == s.height
    # the quoted words are not the replier's: c2 is scored on "Fine by me." only
    sc = SentimentScorer().fit()
    c2 = out.comments.filter(pl.col("comment_id") == "c2").row(0, named=True)
    assert c2["compound"] == pytest.approx(sc.score_text("Fine by me.")[3])
    c1 = out.comments.filter(pl.col("comment_id") == "c1").row(0, named=True)
    assert c1["compound"] < -0.05
    assert out.comments.filter(pl.col("comment_id") == "c3")["compound"].to_list() == [None]
    assert out.paragraphs["compound"].null_count() == 0


def test_score_sentiment_empty():
    out = score_sentiment(ThreadTables.from_threads([]))
    assert out.sentences.height == 0 and "compound" in out.comments.columns


@needs_shared
@pytest.mark.shared
def test_evaluate_equals_shared_scorer(tmp_path):
    gold = SENT_DATA / "vader_tweets.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()[:400]
    small = tmp_path / "gold.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    res = runner.invoke(app, ["evaluate", "sentiment", str(small), "--predictions-out", str(pred)])
    assert res.exit_code == 0, res.output
    ours = json.loads(res.output)
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "eval_sentiment.py"), "--gold", str(small),
                          "--pred", str(pred)], capture_output=True, text=True, check=True)
    theirs = json.loads(ref.stdout)
    for key in ("pearson_r", "f1_weighted", "f1_macro", "accuracy", "n_missing"):
        assert ours["tweets"][key] == theirs["tweets"][key]
    assert sum(1 for _ in pred.open()) == 400


@needs_shared
@pytest.mark.shared
def test_sentiment_figures_vs_vader_on_a_sample():
    # a cheap gate on a fixed sample (every 5th sentence): never worse than VADER 3.3.2 by
    # more than 0.005 in r or weighted F1 on any source
    from discourse.evaluate import sentiment_metrics

    sia = get_analyzer()
    recs = []
    for f in sorted(SENT_DATA.glob("vader_*.jsonl")):
        recs += [json.loads(x) for i, x in enumerate(f.read_text(encoding="utf-8").splitlines()) if i % 5 == 0]
    sc = SentimentScorer().fit()
    m_ours = sentiment_metrics(recs, {r["id"]: sc.score_text(r["text"])[3] for r in recs})
    m_vader = sentiment_metrics(recs, {r["id"]: sia.polarity_scores(r["text"])["compound"] for r in recs})
    for src in ("tweets", "movie", "amazon", "nyt"):
        assert m_ours[src]["pearson_r"] >= m_vader[src]["pearson_r"] - 0.005, src
        assert m_ours[src]["f1_weighted"] >= m_vader[src]["f1_weighted"] - 0.005, src
    for src in ("movie", "amazon", "nyt"):
        assert m_ours[src]["pearson_r"] > m_vader[src]["pearson_r"], src
