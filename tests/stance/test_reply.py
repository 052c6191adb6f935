"""Tests of discourse.stance.reply and .base: StanceClassifier, the sklearn contract, export, training, evaluation."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from discourse.cli import app
from discourse.errors import ModelError, SchemaError
from discourse.evaluate import evaluate_stance
from discourse.stance import (
    StanceClassifier,
    TargetStanceClassifier,
)
from discourse.train import train_stance_models
from tests.stance.fixtures import (
    API_CHECKS,
    ROOT,
    SHARED,
    STANCE_DATA,
    _write_tiny_training,
    needs_shared,
    runner,
    tiny_sdqc,
    tiny_target,
)


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


def test_training_is_byte_identical(tmp_path):
    _write_tiny_training(tmp_path)
    files = {"sdqc": ["sdqc.jsonl"], "target": ["target.jsonl"]}
    a = train_stance_models(tmp_path, tmp_path / "a", files=files)
    b = train_stance_models(tmp_path, tmp_path / "b", files=files)
    for name in ("stance", "target_stance"):
        assert a[name].read_bytes() == b[name].read_bytes()
        assert a[name].stat().st_size > 100


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
