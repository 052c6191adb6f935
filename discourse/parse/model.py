"""Deprecated: the block classifier is :mod:`discourse.parse.classifier` (``discourse.model`` is the data model).

Re-exports the names for one release and warns once, on first import.
"""

from __future__ import annotations

import warnings

from discourse.parse.classifier import (
    DECODE_OPTIONS,
    MODEL_PATH,
    DecodeOptions,
    TreeModel,
    decode,
    load_model,
    save_models,
    segment_with_model,
)
from discourse.parse.sure_rules import apply_sure_rules

__all__ = [
    "DECODE_OPTIONS",
    "MODEL_PATH",
    "DecodeOptions",
    "TreeModel",
    "apply_sure_rules",
    "decode",
    "load_model",
    "save_models",
    "segment_with_model",
]

warnings.warn(
    "discourse.parse.model is deprecated: use discourse.parse.classifier",
    DeprecationWarning,
    stacklevel=2,
)
