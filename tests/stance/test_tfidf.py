"""Tests of discourse.stance.tfidf: the frozen TF-IDF blocks count as scikit-learn does."""

from __future__ import annotations

from sklearn.feature_extraction.text import CountVectorizer

from discourse.stance.tfidf import _ANALYZERS, _fast_counts
from discourse.stance.tokens import normalize_post
from tests.stance.fixtures import SDQC_TEXTS


def test_fast_analyzers_match_sklearn():
    docs = [normalize_post(t) for ts in SDQC_TEXTS.values() for t in ts] + ["", "?? !", "don't x_y @user"]
    for kind in ("word", "target_word", "pair_word", "char"):
        vec = CountVectorizer(lowercase=False, **_ANALYZERS[kind]).fit(docs)
        terms = tuple(vec.get_feature_names_out().tolist())
        expected = CountVectorizer(lowercase=False, vocabulary=list(terms), **_ANALYZERS[kind]).transform(docs)
        assert (_fast_counts(kind, terms, docs) != expected).nnz == 0, kind
