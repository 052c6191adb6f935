"""Tests of discourse.embeddings: loading wordllama once, offline, leaving logging alone."""

from __future__ import annotations

import pytest

from discourse import embeddings


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
        embeddings._WORDLLAMA = None
        embeddings.load_wordllama()
        assert root.handlers == []
        assert root.level == logging.WARNING
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_the_model_is_loaded_once_per_process() -> None:
    pytest.importorskip("wordllama")
    assert embeddings.wordllama_available()
    assert embeddings.load_wordllama() is embeddings.load_wordllama()
