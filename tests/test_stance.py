"""Tests of discourse.stance: the pair classifiers, their sklearn contract, export, the stage, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as ec
from sklearn.utils.estimator_checks import parametrize_with_checks
from typer.testing import CliRunner

from discourse.cli import app
from discourse.errors import ModelError, SchemaError
from discourse.evaluate import evaluate_stance
from discourse.model import Article, Comment, Thread, ThreadTables
from discourse.stance import (
    StanceClassifier,
    TargetStanceClassifier,
    _PairClassifier,
    article_lead,
    normalize_post,
    score_stance,
    stance_pairs,
)
from discourse.train import sdqc_frame, train_stance_models

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
STANCE_DATA = SHARED / "data" / "stance"
needs_shared = pytest.mark.skipif(not STANCE_DATA.exists(), reason="../shared/data not present")
runner = CliRunner()

API_CHECKS = [ec.check_no_attributes_set_in_init, ec.check_parameters_default_constructible,
              ec.check_get_params_invariance, ec.check_set_params, ec.check_estimator_repr,
              ec.check_estimator_cloneable, ec.check_valid_tag_types, ec.check_mixin_order]

SDQC_TEXTS = {
    "support": ["Confirmed by police, this is true", "Yes, officials confirmed it", "BREAKING: reports say it happened",
                "According to the BBC it is correct"],
    "deny": ["This is fake, a hoax", "Not true, stop spreading lies", "False. Debunked already",
             "Total nonsense, fake"],
    "query": ["Is this true?", "Any source for that?", "Really? Who said so?", "Wait what? Is it confirmed?"],
    "comment": ["My thoughts are with the families", "lol ok", "So sad to hear", "Stay safe everyone"],
}


def tiny_sdqc(repeat: int = 3) -> tuple[pl.DataFrame, list[str]]:
    texts, labels = [], []
    for _ in range(repeat):
        for lab, ts in SDQC_TEXTS.items():
            texts += ts
            labels += [lab] * len(ts)
    X = pl.DataFrame({"text": texts, "target": ["The bridge collapsed this morning"] * len(texts),
                      "source_text": ["The bridge collapsed this morning"] * len(texts),
                      "is_reply_to_source": [True] * len(texts), "depth": [1] * len(texts)})
    return X, labels


def tiny_target(repeat: int = 3) -> tuple[pl.DataFrame, list[str]]:
    base = [("I love cats, best pets", "cats", "favor"), ("cats are awful and mean", "cats", "against"),
            ("the sky is blue today", "cats", "none"), ("taxes fund good schools", "higher taxes", "favor"),
            ("taxes are theft", "higher taxes", "against"), ("I ate lunch", "higher taxes", "none")]
    rows = base * repeat
    return pl.DataFrame({"text": [r[0] for r in rows], "target": [r[1] for r in rows]}), [r[2] for r in rows]


@parametrize_with_checks([StanceClassifier(), TargetStanceClassifier()], expected_failed_checks=lambda est: {})
def test_sklearn_checks(estimator, check):
    # string-pair input: sklearn's generated checks (numeric 2-D arrays) are skipped, as for
    # TfidfVectorizer; the API checks that need no data run below
    check(estimator)


@pytest.mark.parametrize("cls", [StanceClassifier, TargetStanceClassifier])
@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(cls, check):
    check(cls.__name__, cls())


def test_fit_predict_proba_and_params():
    X, y = tiny_sdqc()
    est = StanceClassifier(min_df=1, max_char_features=500)
    assert est.fit(X, y) is est
    assert est.classes_.tolist() == sorted(set(y))
    proba = est.predict_proba(X)
    assert proba.shape == (len(y), 4) and np.allclose(proba.sum(axis=1), 1.0)
    assert (est.predict(X) == np.asarray(y)).mean() == 1.0
    c = clone(est).set_params(C=2.0)
    assert c.C == 2.0 and est.C == 0.25 and not hasattr(c, "coef_")
    with pytest.raises(SchemaError):
        est.predict(pl.DataFrame({"target": ["x"]}))
    with pytest.raises(ValueError):
        StanceClassifier(C=-1.0).fit(X, y)


def test_pipeline_and_cross_val_score():
    X, y = tiny_sdqc(repeat=4)
    pipe = Pipeline([("stance", StanceClassifier(min_df=1, max_char_features=300))])
    scores = cross_val_score(pipe, X, y, cv=2, scoring="f1_macro")
    assert scores.shape == (2,) and scores.min() > 0.5
    Xt, yt = tiny_target(repeat=4)
    scores = cross_val_score(TargetStanceClassifier(min_df=1, max_char_features=300), Xt, yt, cv=2)
    assert scores.mean() > 0.5


def test_target_stance_fit_and_unseen_target():
    X, y = tiny_target()
    est = TargetStanceClassifier(min_df=1).fit(X, y)
    assert est.predict(X).tolist() == y
    out = est.predict(pl.DataFrame({"text": ["I love dogs"], "target": ["dogs"]}))
    assert out[0] in {"favor", "against", "none"}


def test_target_stance_roundtrip_with_pair_features(tmp_path):
    X, y = tiny_target()
    est = TargetStanceClassifier(min_df=1, min_target_examples=2, specialist=False).fit(X, y)
    assert est.pair_targets_ == ["cats", "higher_taxes"]
    assert est.specialist_ is None and est.specialist_targets_ == []
    assert any(b["name"] == "pair" and b["terms"] for b in est.blocks_)
    again = TargetStanceClassifier.load(est.save(tmp_path / "t.json"))
    np.testing.assert_array_equal(again.predict_proba(X), est.predict_proba(X))
    refit = clone(est).set_params(min_target_examples=100).fit(X, y)
    assert refit.pair_targets_ == []


def test_target_stance_specialist_routing(tmp_path):
    X, y = tiny_target()
    other = pl.DataFrame({"text": ["dogs are great", "dogs bite", "it rained"] * 2, "target": ["dogs"] * 6})
    Xall = pl.concat([X, other])
    yall = [*y, *["favor", "against", "none"] * 2]
    # "cats" has 9 rows of weight 1, "higher taxes" 9 rows of weight 0.1, "dogs" 6 rows of weight 1
    w = [0.1 if g == "higher taxes" else 1.0 for g in Xall["target"].to_list()]
    est = TargetStanceClassifier(min_df=1, min_target_examples=5, specialist_C=2.0).fit(Xall, yall, sample_weight=w)
    assert est.specialist_targets_ == ["cats", "dogs"]
    # one specialist per target, fitted on that target's rows only
    assert sorted(est.specialist_) == ["cats", "dogs"]
    for spec in est.specialist_.values():
        assert spec.get_params()["C"] == 2.0 and spec.specialist is False and spec.specialist_ is None
    assert est.specialist_["dogs"].blocks_ != est.specialist_["cats"].blocks_
    assert "cats" not in est.pair_targets_  # the general model never scores the specialists' targets
    seen, unseen = Xall.filter(pl.col("target") == "cats"), Xall.filter(pl.col("target") == "higher taxes")
    np.testing.assert_allclose(est.decision_function(seen), est.specialist_["cats"].decision_function(seen))
    mixed = pl.concat([seen[:2], Xall.filter(pl.col("target") == "dogs")[:2]])
    np.testing.assert_allclose(est.decision_function(mixed)[2:], est.specialist_["dogs"].decision_function(mixed[2:]))
    general = _PairClassifier.decision_function(est, unseen)
    np.testing.assert_allclose(est.decision_function(unseen), general)
    again = TargetStanceClassifier.load(est.save(tmp_path / "t.json"))
    np.testing.assert_array_equal(again.predict_proba(Xall), est.predict_proba(Xall))


def test_save_load_roundtrip(tmp_path):
    X, y = tiny_sdqc()
    est = StanceClassifier(min_df=1, max_char_features=400).fit(X, y)
    path = est.save(tmp_path / "stance.json")
    again = StanceClassifier.load(path)
    assert again.get_params() == est.get_params()
    np.testing.assert_array_equal(again.predict_proba(X), est.predict_proba(X))
    (tmp_path / "bad.json").write_text('{"model": "stance", "format": 1}', encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad\.json"):
        StanceClassifier.load(tmp_path / "bad.json")
    with pytest.raises(ModelError):
        TargetStanceClassifier.load(path)


def _write_tiny_training(folder: Path) -> None:
    X, y = tiny_sdqc(repeat=2)
    recs = [{"id": f"r{i}", "task": "sdqc", "text": t, "target": "The bridge collapsed", "source_text": "The bridge",
             "thread_id": f"th{i % 3}", "parent_id": f"th{i % 3}", "label": lab, "dataset": "rumoureval2019"}
            for i, (t, lab) in enumerate(zip(X["text"].to_list(), y, strict=True))]
    (folder / "sdqc.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    Xt, yt = tiny_target(repeat=2)
    trecs = [{"id": f"t{i}", "task": "target", "text": t, "target": g, "label": lab, "dataset": "toy"}
             for i, (t, g, lab) in enumerate(zip(Xt["text"].to_list(), Xt["target"].to_list(), yt, strict=True))]
    (folder / "target.jsonl").write_text("".join(json.dumps(r) + "\n" for r in trecs), encoding="utf-8")


def test_training_is_byte_identical(tmp_path):
    _write_tiny_training(tmp_path)
    files = {"sdqc": ["sdqc.jsonl"], "target": ["target.jsonl"]}
    a = train_stance_models(tmp_path, tmp_path / "a", files=files)
    b = train_stance_models(tmp_path, tmp_path / "b", files=files)
    for name in ("stance", "target_stance"):
        assert a[name].read_bytes() == b[name].read_bytes()
        assert a[name].stat().st_size > 100


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


def _thread() -> Thread:
    return Thread(
        "t1", "test",
        article=Article(paragraphs=["The council approved the new bridge.", "It opens in May."]),
        comments=[
            Comment("c1", "This is fake news.", author="ann", position=0),
            Comment("c0", "", author="bob", position=1, absent=True, quoted_text="The bridge is safe"),
            Comment("c2", "Is that true?", author="cy", position=2, reply_to="c1"),
            Comment("c3", "Agreed", author="dan", position=3, reply_to="c0", quoted_author="bob",
                    quoted_text="The bridge is safe"),
        ],
    )


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


def test_pretrained_loads():
    path = ROOT / "discourse" / "models" / "stance.json"
    if not path.exists():
        pytest.skip("shipped stance model not built")
    assert path.stat().st_size < 2 * 1024 * 1024
    m = StanceClassifier.pretrained()
    assert m.predict(pl.DataFrame({"text": ["Is this true??"], "target": ["Explosion at the station"]}))[0] == "query"
    t = TargetStanceClassifier.pretrained()
    assert (ROOT / "discourse" / "models" / "target_stance.json").stat().st_size < 2 * 1024 * 1024
    assert t.predict(pl.DataFrame({"text": ["x"], "target": ["y"]}))[0] in {"favor", "against", "none"}


@needs_shared
@pytest.mark.shared
def test_evaluate_equals_shared_scorer(tmp_path):
    X, y = tiny_sdqc()
    models = {"sdqc": StanceClassifier(min_df=1, max_char_features=500).fit(X, y)}
    Xt, yt = tiny_target()
    models["target"] = TargetStanceClassifier(min_df=1).fit(Xt, yt)
    gold = tmp_path / "gold.jsonl"
    lines = []
    for name in ("rumoureval2019-dev.jsonl", "semeval2016-train.jsonl"):
        lines += (STANCE_DATA / name).read_text(encoding="utf-8").splitlines()[:150]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    ours = evaluate_stance([gold], predictions_out=pred, models=models)
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "eval_stance.py"), "--gold", str(gold),
                          "--pred", str(pred)], capture_output=True, text=True, check=True)
    assert ours == json.loads(ref.stdout)


@needs_shared
@pytest.mark.shared
def test_evaluate_stance_cli_with_shipped_model(tmp_path):
    if not (ROOT / "discourse" / "models" / "stance.json").exists():
        pytest.skip("shipped stance model not built")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join((STANCE_DATA / "rumoureval2019-dev.jsonl").read_text(encoding="utf-8")
                              .splitlines()[:300]) + "\n", encoding="utf-8")
    pred = tmp_path / "p.jsonl"
    res = runner.invoke(app, ["evaluate", "stance", str(gold), "--predictions-out", str(pred)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)["rumoureval2019"]
    assert out["n"] == 300 and out["n_missing"] == 0
    assert out["macro_f1"] > 0.3  # majority class scores about 0.22
    assert sum(1 for _ in pred.open()) == 300


def test_fast_analyzers_match_sklearn():
    from sklearn.feature_extraction.text import CountVectorizer

    from discourse.stance import _ANALYZERS, _fast_counts

    docs = [normalize_post(t) for ts in SDQC_TEXTS.values() for t in ts] + ["", "?? !", "don't x_y @user"]
    for kind in ("word", "target_word", "pair_word", "char"):
        vec = CountVectorizer(lowercase=False, **_ANALYZERS[kind]).fit(docs)
        terms = tuple(vec.get_feature_names_out().tolist())
        expected = CountVectorizer(lowercase=False, vocabulary=list(terms), **_ANALYZERS[kind]).transform(docs)
        assert (_fast_counts(kind, terms, docs) != expected).nnz == 0, kind


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


def test_target_stance_loads_a_pooled_specialist_file():
    # files written before the per-target specialists hold one pooled specialist for all its targets
    X, y = tiny_target()
    est = TargetStanceClassifier(min_df=1, min_target_examples=5).fit(X, y)
    data = est.to_dict()
    data["specialist"] = est.specialist_["cats"].to_dict()
    old = TargetStanceClassifier.from_dict(data)
    assert sorted(old.specialist_) == est.specialist_targets_
    assert old.specialist_["cats"] is old.specialist_["higher_taxes"]
    rows = X.filter(pl.col("target") == "higher taxes")
    np.testing.assert_allclose(old.decision_function(rows), est.specialist_["cats"].decision_function(rows))
