"""The word-embedding model the clusterer and the stance models share: wordllama, loaded once.

:func:`load_wordllama` loads the model once per process, offline (its weights ship in its wheel);
:func:`wordllama_available` says whether the package can be imported, without importing it.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

__all__ = ["load_wordllama", "wordllama_available"]

logger = logging.getLogger(__name__)

_WORDLLAMA: Any = None


def wordllama_available() -> bool:
    """Whether the ``wordllama`` package (a dependency; the TF-IDF fallback covers its absence) is importable."""
    # find_spec, not import: importing wordllama reconfigures the root logger (see load_wordllama).
    return importlib.util.find_spec("wordllama") is not None


def load_wordllama() -> Any:
    """The wordllama model, loaded once per process and offline (weights ship in its wheel)."""
    global _WORDLLAMA
    if _WORDLLAMA is None:
        # wordllama calls logging.basicConfig(level=INFO) on import: keep the caller's root logger as it was
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            import wordllama
            from wordllama import WordLlama
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)

        # cache_dir must point at the package itself: otherwise it tries to download its tokenizer file.
        _WORDLLAMA = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        logger.debug("wordllama loaded")
    return _WORDLLAMA
