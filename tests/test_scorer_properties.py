"""Property-based tests of the scorers: arbitrary Unicode never crashes them or leaves their ranges."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.sentiment import SentimentScorer
from discourse.stance import StanceClassifier, TargetStanceClassifier

SETTINGS = settings(max_examples=60, deadline=2000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600)
SCORER = SentimentScorer().fit()


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=5))
def test_sentiment_stays_in_range(batch: list[str]) -> None:
    out = SCORER.transform(batch)
    assert out.columns == ["neg", "neu", "pos", "compound"] and out.height == len(batch)
    assert out["compound"].is_between(-1, 1).all()
    for column in ("neg", "neu", "pos"):
        assert out[column].is_between(0, 1).all()
    assert out.equals(SCORER.transform(batch))  # deterministic


REPLY = StanceClassifier.pretrained()
TARGET = TargetStanceClassifier.pretrained()


@SETTINGS
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=4))
def test_stance_probabilities_are_distributions(pairs: list[tuple[str, str]]) -> None:
    frame = pl.DataFrame({"text": [a for a, _ in pairs], "target": [b for _, b in pairs]})
    for model in (REPLY, TARGET):
        proba = model.predict_proba(frame)
        assert proba.shape == (len(pairs), len(model.classes_))
        assert np.all(proba >= 0) and np.allclose(proba.sum(axis=1), 1.0)
        assert set(model.predict(frame)) <= set(model.classes_)
