"""Tests of discourse.cluster.estimator: the ArgumentClusterer."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from typer.testing import CliRunner

from discourse.cluster import ArgumentClusterer
from discourse.cluster import estimator as estimator_mod
from discourse.cluster import vectors as vectors_mod
from tests.cluster.themes import (
    STRAGGLERS,
    THEMES,
    gold,
    needs_wordllama,
)

runner = CliRunner()


# -- the estimator -------------------------------------------------------------------------


@pytest.mark.parametrize(("representation", "min_ari"), [("wordllama", 0.9), ("tfidf", 0.25)])
def test_clusterer_separates_themes(representation: str, min_ari: float) -> None:
    if representation == "wordllama":
        pytest.importorskip("wordllama")
    est = ArgumentClusterer(representation=representation, min_cluster_size=2)
    labels = est.fit_predict(THEMES + STRAGGLERS)
    assert est.representation_ == representation
    assert labels.shape == (len(THEMES) + 2,)
    assert adjusted_rand_score(gold(), labels[: len(THEMES)]) >= min_ari
    assert 2 <= est.n_clusters_ <= 6
    # readable labels: each theme's cluster is named by its own words
    joined = {c: " ".join(est.keywords_[c]) for c in range(est.n_clusters_)}
    for word in ("gas", "arms|weapons", "canada"):
        assert any(re.search(word, k) for k in joined.values()), (word, joined)
    assert est.cluster_labels_.get(-1, "other") == "other"
    for c, idx in est.examples_.items():
        assert est.labels_[idx] == c


def test_clusterer_is_deterministic_and_numbers_by_size() -> None:
    texts = THEMES + STRAGGLERS
    a = ArgumentClusterer(random_state=3).fit(texts)
    b = ArgumentClusterer(random_state=3).fit(list(texts))
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert a.cluster_labels_ == b.cluster_labels_
    sizes = [a.sizes_[c] for c in range(a.n_clusters_)]
    assert sizes == sorted(sizes, reverse=True)
    assert a.min_cluster_size_ == 2  # 'auto' on a handful of texts
    assert all(s >= a.min_cluster_size_ for s in sizes)


@needs_wordllama
def test_clusterer_noise_for_stragglers() -> None:
    est = ArgumentClusterer(min_cluster_size=3).fit(THEMES + STRAGGLERS)
    assert (est.labels_[len(THEMES):] == -1).all()
    assert est.cluster_labels_[-1] == "other"


def test_fallback_when_wordllama_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_mod, "wordllama_available", lambda: False)
    est = ArgumentClusterer().fit(THEMES)
    assert est.representation_ == "tfidf"
    assert adjusted_rand_score(gold(), est.labels_) > 0.5
    from discourse.errors import ModelError

    with pytest.raises(ModelError, match="wordllama package"):
        ArgumentClusterer(representation="wordllama").fit(THEMES)


@needs_wordllama
def test_sample_then_assign_for_large_inputs() -> None:
    texts = [f"{t} ({i})" for i in range(6) for t in THEMES]  # 108 texts, exact limit 40
    est = ArgumentClusterer(max_exact=40).fit(texts)
    assert est.labels_.shape == (len(texts),)
    expected = gold() * 6
    assert adjusted_rand_score(expected, est.labels_) > 0.5


@pytest.mark.parametrize("texts", [[], ["one single argument about gas prices"], ["gas price", "gas prices"]])
def test_clusterer_tiny_inputs(texts: list[str]) -> None:
    est = ArgumentClusterer(min_cluster_size=1).fit(texts)
    assert est.labels_.shape == (len(texts),)


@pytest.mark.parametrize("representation", ["tfidf", "auto"])
def test_clusterer_degenerate_inputs(representation: str) -> None:
    same = ArgumentClusterer(representation=representation).fit(["the same claim about gas prices"] * 5)
    assert same.labels_.tolist() == [0] * 5  # identical texts: one group, not an error
    stop = ArgumentClusterer(representation=representation).fit(["the and of", "a the", "of of", ""])
    assert stop.labels_.shape == (4,)
    dup = ArgumentClusterer(representation=representation).fit(["gas prices are high"] * 3 + ["arms sales grow"] * 3)
    assert adjusted_rand_score([0, 0, 0, 1, 1, 1], dup.labels_) == 1.0


def test_clusterer_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        ArgumentClusterer().fit("not a list")
    with pytest.raises(ValueError):
        ArgumentClusterer(min_cluster_size=0).fit(THEMES)
    with pytest.raises(ValueError):
        ArgumentClusterer(representation="bert").fit(THEMES)


def test_sklearn_api() -> None:
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    est = ArgumentClusterer(distance_threshold=0.9, n_keywords=4)
    assert clone(est).get_params() == est.get_params()
    with pytest.raises(NotFittedError):
        est.get_feature_names_out()
    est.fit(THEMES)
    assert len(est.get_feature_names_out()) == est.n_clusters_
    assert est.__sklearn_tags__().input_tags.string


def test_tuned_options_are_parameters() -> None:
    from sklearn.base import clone

    est = ArgumentClusterer(lsa_components=50, texts_per_component=2, full_weight_texts=100, small_texts=10)
    params = clone(est).get_params()
    assert (params["lsa_components"], params["texts_per_component"]) == (50, 2)
    assert (params["full_weight_texts"], params["small_texts"]) == (100, 10)
    assert ArgumentClusterer(small_texts=5).fit(THEMES).min_cluster_size_ == 3  # 18 texts >= small_texts


def test_deprecated_names_warn_and_are_read_only() -> None:
    import discourse.cluster as cluster_pkg
    from discourse._threads import one_blas_thread

    with pytest.warns(DeprecationWarning, match="CLUSTER_OPTIONS"):
        options = cluster_pkg.CLUSTER_OPTIONS
    defaults = ArgumentClusterer().get_params()
    for name in ("sif_a", "tfidf_weight", "min_similarity", "max_exact", "lsa_components", "texts_per_component",
                 "full_weight_texts", "small_texts"):
        assert getattr(options, name) == defaults[name]
    assert options.threshold == estimator_mod.DISTANCE_THRESHOLDS["wordllama"]
    with pytest.raises(AttributeError, match="read-only"):
        options.threshold = 0.5
    with pytest.warns(DeprecationWarning, match="one_blas_thread"):
        assert cluster_pkg.one_blas_thread is one_blas_thread
    with pytest.raises(AttributeError):
        cluster_pkg.no_such_name  # noqa: B018
