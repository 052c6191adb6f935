"""Tests of discourse.cluster.vectors: the token counts and the pooled vectors."""

from __future__ import annotations

import numpy as np
from typer.testing import CliRunner

from discourse.cluster import vectors as vectors_mod

runner = CliRunner()


def test_mean_direction_from_counts_equals_embedding_again() -> None:
    texts = ["gas prices rise again", "the bridge is closed to trucks", "ferries run every hour"]
    again = vectors_mod.mean_direction(texts)
    assert again is not None and np.isclose(np.linalg.norm(again), 1.0)
    if vectors_mod.wordllama_available():
        counted = vectors_mod.mean_direction(texts, counts=vectors_mod._token_counts(texts))
        assert counted.tobytes() == again.tobytes()
    assert vectors_mod.mean_direction([]) is None


def test_the_old_name_of_the_model_loader_keeps_working() -> None:
    from discourse.cluster import _load_wordllama
    from discourse.embeddings import load_wordllama

    assert _load_wordllama is vectors_mod._load_wordllama is load_wordllama
