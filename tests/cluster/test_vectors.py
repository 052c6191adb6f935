"""Tests of discourse.cluster.vectors: wordllama's loading and the token counts."""

from __future__ import annotations

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


def test_recent_token_counts_are_reused_and_bounded() -> None:
    if not vectors_mod.wordllama_available():
        pytest.skip("wordllama not installed")
    a, b, c = ["gas prices rise"], ["the bridge is closed", "ferries run"], ["tax cuts"]
    first = vectors_mod._token_counts(a)
    assert (first != vectors_mod._count_tokens(a)).nnz == 0
    vectors_mod._token_counts(b)
    assert vectors_mod._token_counts(a) is first  # kept across one other list of texts
    vectors_mod._token_counts(c)
    vectors_mod._token_counts(b)
    assert vectors_mod._recent_token_counts.cache_info().currsize <= 2
    assert vectors_mod._token_counts(a) is not first
