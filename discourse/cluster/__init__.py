"""Stage 3: argument units, the :class:`ArgumentClusterer` and readable cluster labels.

Modules, in data-flow order: :mod:`~discourse.cluster.units` (which sentences are arguments),
:mod:`~discourse.cluster.vectors` (wordllama and TF-IDF + LSA vectors),
:mod:`~discourse.cluster.labels` (keywords, central phrases, examples),
:mod:`~discourse.cluster.estimator` (:class:`ArgumentClusterer`) and
:mod:`~discourse.cluster.stage` (:func:`cluster_tables` over thread tables).

The clusterer groups short argumentative sentences by what they argue. Its default
representation, chosen by cross-validation across the ArgKP-2021 training topics
(``bench/tune_cluster.py``; figures in ``discourse/models/argument_clusterer.md``):

1. wordllama static token embeddings (256 dimensions, weights inside the wheel, loaded
   offline once per process), pooled per sentence with SIF weights ``a / (a + p(w))`` where
   ``p(w)`` is the token's frequency in the texts being clustered: a thread's own frequent
   words (its topic, function words) weigh little, rare content words a lot;
2. the mean vector is subtracted (topic removal: every sentence of a thread shares its
   topic, so what separates arguments is the deviation from it), rows re-normalised;
3. concatenated with a TF-IDF + LSA block (same centring), which helps when arguments share
   rare literal words; its weight grows with the number of texts (small threads: embeddings);
4. average-link agglomerative clustering under a cosine-distance threshold: the number of
   clusters follows from the threshold; stragglers (members far from their cluster's
   centroid) and clusters smaller than ``min_cluster_size`` become noise (label ``-1``, the
   "other" group).

Without wordllama (``representation="tfidf"``, or the package missing) the TF-IDF + LSA
block is used alone with its own threshold. For more than ``max_exact`` texts the
hierarchy is built on a deterministic sample and every text is assigned to the nearest
cluster centroid (stragglers then cut as above), so time and memory stay roughly linear in
the number of texts.
"""

from __future__ import annotations

import warnings
from typing import Any

from discourse._threads import one_blas_thread as _one_blas_thread
from discourse.cluster.estimator import DISTANCE_THRESHOLDS, MIN_CLUSTER_SIZE, ArgumentClusterer
from discourse.cluster.labels import (
    LABEL_CUT_WORDS,
    LABEL_KEYWORD_WEIGHT,
    LABEL_LENGTH_PENALTY,
    LABEL_MAX_WORDS,
    LABEL_MIN_WORDS,
    LABEL_STOP_WORDS,
    NOISE,
    TIE,
    central_phrases,
)
from discourse.cluster.stage import cluster_tables
from discourse.cluster.units import (
    FILLER_WORDS,
    GREETING_MAX_TOKENS,
    GREETING_PATTERN,
    MENTION_PATTERN,
    MIN_CONTENT_WORDS,
    URL_PATTERN,
    argument_units,
    is_argument_unit,
)
from discourse.cluster.vectors import embed_texts, wordllama_available

__all__ = [
    "DISTANCE_THRESHOLDS",
    "FILLER_WORDS",
    "GREETING_MAX_TOKENS",
    "GREETING_PATTERN",
    "LABEL_CUT_WORDS",
    "LABEL_KEYWORD_WEIGHT",
    "LABEL_LENGTH_PENALTY",
    "LABEL_MAX_WORDS",
    "LABEL_MIN_WORDS",
    "LABEL_STOP_WORDS",
    "MENTION_PATTERN",
    "MIN_CLUSTER_SIZE",
    "MIN_CONTENT_WORDS",
    "NOISE",
    "TIE",
    "URL_PATTERN",
    "ArgumentClusterer",
    "argument_units",
    "central_phrases",
    "cluster_tables",
    "embed_texts",
    "is_argument_unit",
    "wordllama_available",
]


class ClusterOptions:
    """Deprecated: the clusterer's tuned defaults, read-only (they are :class:`ArgumentClusterer`
    parameters now; setting one here never changed a fit made through ``clone``/``get_params``)."""

    __slots__ = ()
    sif_a = 0.01
    tfidf_weight = 0.6
    full_weight_texts = 200
    threshold = DISTANCE_THRESHOLDS["wordllama"]
    tfidf_threshold = DISTANCE_THRESHOLDS["tfidf"]
    lsa_components = 100
    texts_per_component = 3
    min_cluster_size = MIN_CLUSTER_SIZE
    small_texts = 100
    min_similarity = 0.1
    max_exact = 2000

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"CLUSTER_OPTIONS is read-only: pass {name}= to ArgumentClusterer (or set_params) instead"
        )


# Deprecated names, kept one release (with a DeprecationWarning): their new homes.
_DEPRECATED = {
    "CLUSTER_OPTIONS": (ClusterOptions, "ArgumentClusterer's parameters (get_params())"),
    "ClusterOptions": (lambda: ClusterOptions, "ArgumentClusterer's parameters"),
    "one_blas_thread": (lambda: _one_blas_thread, "discourse._threads.one_blas_thread"),
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        make, instead = _DEPRECATED[name]
        warnings.warn(
            f"discourse.cluster.{name} is deprecated and will be removed in the next release; use {instead}",
            DeprecationWarning,
            stacklevel=2,
        )
        return make()
    raise AttributeError(f"module 'discourse.cluster' has no attribute {name!r}")
