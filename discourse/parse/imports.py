"""Deprecated: the import readers live in :mod:`discourse.parse.sources` (one module per format).

This module re-exports the names it used to define for one release, and warns once on import.
``read_import`` here is :func:`discourse.parse.read_import` (the page parser is its default
for WARC files).
"""

from __future__ import annotations

import warnings

from discourse.parse import read_import
from discourse.parse.sources import (
    ARTICLE_COLUMNS,
    IMPORT_FORMATS,
    LIMITS,
    REQUIRED_COLUMNS,
    TABLE_COLUMNS,
    ImportLimits,
    detect_import_format,
    parse_columns,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "IMPORT_FORMATS",
    "LIMITS",
    "REQUIRED_COLUMNS",
    "TABLE_COLUMNS",
    "ImportLimits",
    "detect_import_format",
    "parse_columns",
    "read_import",
]

warnings.warn(
    "discourse.parse.imports is deprecated: use discourse.parse.sources (and discourse.parse.read_import)",
    DeprecationWarning,
    stacklevel=2,
)
