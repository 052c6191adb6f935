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

from discourse._moved import moved_names
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
from discourse.cluster.vectors import _load_wordllama as _load_wordllama  # old name of embeddings.load_wordllama
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


__getattr__ = moved_names(
    __name__,
    {
        "CLUSTER_OPTIONS": ("discourse.cluster._options", "ArgumentClusterer's parameters (get_params())"),
        "ClusterOptions": ("discourse.cluster._options", "ArgumentClusterer's parameters"),
        "one_blas_thread": ("discourse._threads", "discourse._threads.one_blas_thread"),
    },
)
