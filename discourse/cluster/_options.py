"""Deprecated: the clusterer's tuned defaults as a read-only object (``discourse.cluster.CLUSTER_OPTIONS``)."""

from __future__ import annotations

from typing import Any

from discourse.cluster.estimator import DISTANCE_THRESHOLDS, MIN_CLUSTER_SIZE, ArgumentClusterer

__all__ = ["CLUSTER_OPTIONS", "ClusterOptions"]


_DEFAULTS = ArgumentClusterer().get_params()


class ClusterOptions:
    """Deprecated: the clusterer's tuned defaults, read-only. They are :class:`ArgumentClusterer`
    parameters now (which ``get_params`` and ``clone`` see); set them there."""

    __slots__ = ()
    sif_a = _DEFAULTS["sif_a"]
    tfidf_weight = _DEFAULTS["tfidf_weight"]
    full_weight_texts = _DEFAULTS["full_weight_texts"]
    threshold = DISTANCE_THRESHOLDS["wordllama"]
    tfidf_threshold = DISTANCE_THRESHOLDS["tfidf"]
    lsa_components = _DEFAULTS["lsa_components"]
    texts_per_component = _DEFAULTS["texts_per_component"]
    min_cluster_size = MIN_CLUSTER_SIZE
    small_texts = _DEFAULTS["small_texts"]
    min_similarity = _DEFAULTS["min_similarity"]
    max_exact = _DEFAULTS["max_exact"]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"CLUSTER_OPTIONS is read-only: pass {name}= to ArgumentClusterer (or set_params) instead"
        )


CLUSTER_OPTIONS = ClusterOptions()
