"""Tests of discourse.stance.target: TargetStanceClassifier and its per-target specialists."""

from __future__ import annotations

import numpy as np
import polars as pl
from sklearn.base import clone

from discourse.stance import (
    TargetStanceClassifier,
    _PairClassifier,
)
from tests.stance.fixtures import (
    tiny_target,
)


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
