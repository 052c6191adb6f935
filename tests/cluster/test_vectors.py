"""Tests of discourse.cluster.vectors: wordllama's loading and the token counts."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from discourse.cluster import vectors as vectors_mod

runner = CliRunner()


def test_loading_wordllama_leaves_root_logging_alone() -> None:
    import logging
    import sys

    pytest.importorskip("wordllama")
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    root.handlers[:] = []  # basicConfig only acts on a root logger without handlers (pytest adds some)
    root.setLevel(logging.WARNING)
    try:
        for name in [m for m in sys.modules if m == "wordllama" or m.startswith("wordllama.")]:
            del sys.modules[name]  # force the import (and its basicConfig) to run again
        vectors_mod._WORDLLAMA = None
        vectors_mod._load_wordllama()
        assert root.handlers == []
        assert root.level == logging.WARNING
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_mean_direction_from_counts_equals_embedding_again() -> None:
    texts = ["gas prices rise again", "the bridge is closed to trucks", "ferries run every hour"]
    again = vectors_mod.mean_direction(texts)
    assert again is not None and np.isclose(np.linalg.norm(again), 1.0)
    if vectors_mod.wordllama_available():
        counted = vectors_mod.mean_direction(texts, counts=vectors_mod._token_counts(texts))
        assert counted.tobytes() == again.tobytes()
    assert vectors_mod.mean_direction([]) is None


def test_the_model_loader_stays_where_stance_imports_it() -> None:
    from discourse.cluster import _load_wordllama  # discourse.stance's reply embedding

    assert _load_wordllama is vectors_mod._load_wordllama
