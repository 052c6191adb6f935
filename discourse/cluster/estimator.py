"""The :class:`ArgumentClusterer` (the representation and the algorithm: see :mod:`discourse.cluster`)."""

from __future__ import annotations

from collections import Counter
from numbers import Integral, Real
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.cluster import AgglomerativeClustering
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from discourse.cluster import vectors
from discourse.cluster.labels import (
    NOISE,
    TIE,
    _central_examples,
    _ctfidf_keywords,
    _label_from_keywords,
    _rank_by_meaning,
    central_phrases,
)
from discourse.cluster.vectors import _centre, _lsa, _pool, _token_counts, mean_direction
from discourse.errors import ModelError

__all__ = ["DISTANCE_THRESHOLDS", "ArgumentClusterer"]

# Tuned on ArgKP-2021 train (bench/tune_cluster.py; figures in discourse/models/argument_clusterer.md).
#: Average-link cosine distance threshold per representation (``distance_threshold=None``).
DISTANCE_THRESHOLDS = {"wordllama": 0.98, "tfidf": 1.0}
#: ``min_cluster_size="auto"`` from ``small_texts`` texts on; below, a pair is a cluster.
MIN_CLUSTER_SIZE = 3

# --------------------------------------------------------------------------------------
# The estimator.
# --------------------------------------------------------------------------------------


class ArgumentClusterer(ClusterMixin, BaseEstimator):
    """Cluster short argument texts; the number of clusters is chosen by a distance threshold.

    Parameters
    ----------
    representation : {"auto", "wordllama", "tfidf"}, default="auto"
        ``"wordllama"``: SIF-pooled static embeddings, topic-centred, plus a TF-IDF + LSA
        block weighted by ``tfidf_weight``; ``"tfidf"``: the TF-IDF + LSA block alone (the
        fallback); ``"auto"``: wordllama when installed, else tfidf.
    distance_threshold : float or None, default=None
        Average-link cosine distance above which clusters are not merged. ``None``: the tuned
        value for the representation (:data:`DISTANCE_THRESHOLDS`).
    sif_a : float, default=0.01
        SIF smoothing of the token weights.
    tfidf_weight : float, default=0.6
        Weight of the LSA block next to the embedding block (0 = embeddings alone), reached at
        200 texts and scaled down linearly for fewer (word overlap says little in small threads).
    min_cluster_size : int or "auto", default="auto"
        Smaller clusters become noise (label -1). ``"auto"``: 2 below 100 texts (a short thread's
        point is often made by just two sentences), 3 from 100 on (tuned on ArgKP train).
    min_similarity : float, default=0.1
        Stragglers: a text whose cosine similarity to its cluster's centroid is below this
        becomes noise (on ArgKP train about 2 % of the texts, ARI/AMI unchanged).
    n_keywords : int, default=8
        Number of c-TF-IDF keywords kept per cluster.
    max_exact : int, default=2000
        Above this many texts, cluster a deterministic sample and assign the rest.
    lsa_components : int, default=100
        At most this many LSA dimensions ...
    texts_per_component : int, default=3
        ... and at most one per this many texts (small threads need merged word senses).
    full_weight_texts : int, default=200
        Number of texts at which the LSA block reaches its full ``tfidf_weight``.
    small_texts : int, default=100
        ``min_cluster_size="auto"``: below this many texts a pair is a cluster (on ArgKP train
        topics subsampled to 15/30 texts, min size 2 gave ARI 0.253/0.270 against 0.210/0.261
        for 3; equal at 60 and 100), from it on :data:`MIN_CLUSTER_SIZE`.
    random_state : int, RandomState instance or None, default=0
        Seeds the LSA and the sample.
    language : str, default="en"
        ISO 639-1 code of the texts: sets the stop words of the TF-IDF block and of the keywords
        (discourse.language.stop_words_for; cluster_tables sets it per thread).

    Attributes
    ----------
    labels_ : ndarray of shape (n_texts,)
        Cluster per text, ``-1`` = noise. Clusters are numbered by decreasing size.
    n_clusters_ : int
        Number of clusters, noise excluded.
    cluster_labels_ : dict[int, str]
        Readable label per cluster: its most central short phrase (:func:`central_phrases`,
        key-point style); ``-1`` maps to ``"other"``.
    keyword_labels_ : dict[int, str]
        The top c-TF-IDF keywords as a label (the label before issue 20; shown beside the phrase).
    keywords_ : dict[int, list[str]]
        The top ``n_keywords`` c-TF-IDF keywords per cluster (BERTopic's class-based TF-IDF),
        with wordllama ordered by similarity to the cluster's mean embedding.
    examples_ : dict[int, int]
        Index of the most central text of each cluster (highest cosine to its centroid).
    sizes_ : dict[int, int]
        Number of texts per cluster (noise included).
    representation_ : str
        The representation used ("wordllama" or "tfidf").
    min_cluster_size_ : int
        The minimum cluster size used.
    vectors_ : ndarray of shape (n_texts, n_dims)
        The unit-length vectors the texts were clustered in.
    centroid_ : ndarray of shape (n_dims,) or None
        The unit-length mean of the texts' corpus-comparable vectors (:func:`embed_texts` in
        ``representation_``, no thread-specific weighting), from the token counts the fit
        already made; None without texts. Threads are compared by it (related threads).

    See Also
    --------
    cluster_tables : runs this per thread over a sentences table.

    Examples
    --------
    >>> texts = ["gas prices are too high", "gas price talks stalled again",
    ...          "the gas price deal may fail", "arms sales to china grow",
    ...          "russia sells arms and jets to china", "china buys russian arms"]
    >>> est = ArgumentClusterer(representation="tfidf", min_cluster_size=2).fit(texts)
    >>> est.labels_.tolist()
    [0, 0, 0, 1, 1, 1]
    >>> est.cluster_labels_[0], est.cluster_labels_[1]
    ('Gas price talks stalled again', 'Arms sales to china grow')
    >>> est.keyword_labels_[0], est.keyword_labels_[1]
    ('gas price', 'arms, china')
    """

    _parameter_constraints: dict = {  # noqa: RUF012 (sklearn's convention)
        "representation": [StrOptions({"auto", "wordllama", "tfidf"})],
        "distance_threshold": [Interval(Real, 0, 2, closed="both"), None],
        "sif_a": [Interval(Real, 0, None, closed="neither")],
        "tfidf_weight": [Interval(Real, 0, None, closed="left")],
        "min_cluster_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "min_similarity": [Interval(Real, -1, 1, closed="both")],
        "n_keywords": [Interval(Integral, 1, None, closed="left")],
        "max_exact": [Interval(Integral, 10, None, closed="left")],
        "lsa_components": [Interval(Integral, 1, None, closed="left")],
        "texts_per_component": [Interval(Integral, 1, None, closed="left")],
        "full_weight_texts": [Interval(Integral, 1, None, closed="left")],
        "small_texts": [Interval(Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
        "language": [str],
    }

    def __init__(
        self,
        *,
        representation: str = "auto",
        distance_threshold: float | None = None,
        sif_a: float = 0.01,
        tfidf_weight: float = 0.6,
        min_cluster_size: int | str = "auto",
        min_similarity: float = 0.1,
        n_keywords: int = 8,
        max_exact: int = 2000,
        random_state: Any = 0,
        language: str = "en",
        lsa_components: int = 100,
        texts_per_component: int = 3,
        full_weight_texts: int = 200,
        small_texts: int = 100,
    ) -> None:
        self.representation = representation
        self.distance_threshold = distance_threshold
        self.sif_a = sif_a
        self.tfidf_weight = tfidf_weight
        self.min_cluster_size = min_cluster_size
        self.min_similarity = min_similarity
        self.n_keywords = n_keywords
        self.max_exact = max_exact
        self.random_state = random_state
        self.language = language
        self.lsa_components = lsa_components
        self.texts_per_component = texts_per_component
        self.full_weight_texts = full_weight_texts
        self.small_texts = small_texts

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # -- representation ---------------------------------------------------------------

    def _vectors(self, texts: list[str], seed: int, counts: sp.csr_matrix | None) -> np.ndarray:
        lsa = _centre(
            _lsa(texts, self.lsa_components, seed, self.language, texts_per_component=self.texts_per_component)
        )
        if counts is None:  # the tfidf representation
            return lsa
        emb = _centre(_pool(counts, self.sif_a))
        # Word overlap is a weak signal in a small thread (measured on train subsamples of 30/60
        # texts: best LSA weight 0 / 0.3, against 0.6 on whole topics), so its weight grows with n.
        weight = self.tfidf_weight * min(1.0, len(texts) / self.full_weight_texts)
        if weight > 0:
            emb = normalize(np.hstack([emb, weight * lsa]))
        return emb

    # -- fitting ----------------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: list[str], y: None = None) -> ArgumentClusterer:
        """Cluster the texts ``X`` (a list of strings).

        Parameters
        ----------
        X : list of str
            The texts.
        y : None
            Ignored.

        Returns
        -------
        self : ArgumentClusterer
        """
        texts = _as_texts(X)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if self.representation == "auto":
            self.representation_ = "wordllama" if vectors.wordllama_available() else "tfidf"
        else:
            self.representation_ = self.representation
        if self.representation_ == "wordllama" and not vectors.wordllama_available():
            raise ModelError(
                "ArgumentClusterer: representation='wordllama' needs the wordllama package (pip install wordllama)"
            )
        threshold = self.distance_threshold
        if threshold is None:
            threshold = DISTANCE_THRESHOLDS[self.representation_]
        n = len(texts)
        self.min_cluster_size_ = (
            (2 if n < self.small_texts else MIN_CLUSTER_SIZE)
            if self.min_cluster_size == "auto"
            else int(self.min_cluster_size)
        )
        # wordllama token counts once: the vectors and the label ranking both pool them
        counts = _token_counts(texts) if n and self.representation_ == "wordllama" else None
        x = self._vectors(texts, seed, counts) if n else np.zeros((0, 1))
        raw = _drop_stragglers(x, self._cluster(x, threshold, rng), self.min_similarity)
        self.labels_ = _renumber(raw, self.min_cluster_size_)
        self.vectors_ = x
        self.centroid_ = mean_direction(texts, representation=self.representation_, counts=counts)
        self.n_clusters_ = int(self.labels_.max() + 1) if n and self.labels_.max() >= 0 else 0
        self.sizes_ = {int(k): int(v) for k, v in sorted(Counter(self.labels_.tolist()).items())}
        self.keywords_ = _ctfidf_keywords(texts, self.labels_, self.n_keywords, self.language)
        if counts is not None and self.keywords_:
            self.keywords_ = _rank_by_meaning(counts, self.labels_, self.keywords_)
        self.keyword_labels_ = {
            c: ("other" if c == NOISE else _label_from_keywords(self.keywords_.get(c, []), c)) for c in self.sizes_
        }
        # Readable labels: a central phrase of each cluster, its keywords kept beside it (keywords_).
        phrases = central_phrases(texts, self.labels_, self.keywords_, representation=self.representation_,
                                  language=self.language)
        self.cluster_labels_ = {c: phrases.get(c, label) for c, label in self.keyword_labels_.items()}
        self.examples_ = _central_examples(x, self.labels_)
        return self

    def _cluster(self, x: np.ndarray, threshold: float, rng: np.random.RandomState) -> np.ndarray:
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if n == 1:
            return np.zeros(1, dtype=np.int64)
        if n <= self.max_exact:
            return _agglomerate(x, threshold)
        # Sample-then-assign keeps memory O(n) instead of the O(n^2) of the full hierarchy.
        sample = np.sort(rng.choice(n, size=self.max_exact, replace=False))
        sample_labels = _agglomerate(x[sample], threshold)
        sizes = Counter(sample_labels.tolist())
        keep = sorted(c for c, s in sizes.items() if s >= self.min_cluster_size_)
        labels = np.full(n, NOISE, dtype=np.int64)
        if not keep:
            return labels
        centroids = normalize(np.vstack([x[sample][sample_labels == c].mean(axis=0) for c in keep]))
        # Every text goes to its nearest centroid; stragglers are cut afterwards exactly as in the
        # exact path (a per-cluster "reach" test here left far too much noise: ArgKP train topics
        # sampled at 120 texts gave #pred/#gold 6.65 and ARI 0.219, nearest-centroid 1.11 and 0.275).
        keep_arr = np.asarray(keep, dtype=np.int64)
        for start in range(0, n, 8192):
            sims = x[start : start + 8192] @ centroids.T
            # Nearest centroid; a near-tie goes to the first centroid, not to floating-point noise.
            nearest = (sims >= sims.max(axis=1, keepdims=True) - TIE).argmax(axis=1)
            labels[start : start + 8192] = keep_arr[nearest]
        return labels

    def fit_predict(self, X: list[str], y: None = None, **kwargs: Any) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X).labels_

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "labels_")
        return np.array([f"cluster_{c}" for c in sorted(self.sizes_) if c != NOISE], dtype=object)


def _as_texts(x: Any) -> list[str]:
    if isinstance(x, str):
        raise ValueError("ArgumentClusterer expects a list of strings, got a single string")
    if isinstance(x, pl.Series):
        x = x.to_list()
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"ArgumentClusterer expects a 1-d list of strings, got an array of shape {x.shape}")
        x = x.tolist()
    texts = list(x)
    if not all(isinstance(t, str) for t in texts):
        raise ValueError("ArgumentClusterer expects a list of strings")
    return texts


def _agglomerate(x: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters under ``threshold``; all-zero rows (texts equal to the mean, e.g.
    duplicates of every other text) have no direction and form one group of their own."""
    zero = np.linalg.norm(x, axis=1) < 1e-9
    labels = np.zeros(x.shape[0], dtype=np.int64)
    rest = np.flatnonzero(~zero)
    if rest.size >= 2:
        model = AgglomerativeClustering(
            n_clusters=None, distance_threshold=threshold, linkage="average", metric="cosine"
        )
        labels[rest] = model.fit_predict(x[rest])
    labels[zero] = labels.max() + 1 if rest.size else 0
    return labels


def _drop_stragglers(x: np.ndarray, labels: np.ndarray, min_similarity: float) -> np.ndarray:
    """Members less similar than ``min_similarity`` to their cluster's centroid become noise."""
    labels = labels.copy()
    for c in np.unique(labels):
        if c == NOISE:
            continue
        idx = np.flatnonzero(labels == c)
        if idx.size < 2:
            continue
        centroid = x[idx].mean(axis=0)
        norm = np.linalg.norm(centroid)
        if norm < 1e-9:  # a group of direction-less (all-zero) rows: identical texts, keep them together
            continue
        labels[idx[x[idx] @ (centroid / norm) < min_similarity]] = NOISE
    return labels


def _renumber(raw: np.ndarray, min_size: int) -> np.ndarray:
    """Small clusters to noise; the rest numbered 0.. by decreasing size, ties by first index."""
    counts = Counter(int(v) for v in raw.tolist() if v != NOISE)
    first: dict[int, int] = {}
    for i, v in enumerate(raw.tolist()):
        first.setdefault(int(v), i)
    kept = sorted((c for c, s in counts.items() if s >= min_size), key=lambda c: (-counts[c], first[c]))
    mapping = {c: i for i, c in enumerate(kept)}
    return np.array([mapping.get(int(v), NOISE) for v in raw.tolist()], dtype=np.int64)
