"""Stage 4: reports. See :mod:`discourse.report.render` (pages), :mod:`discourse.report.view` and
:mod:`discourse.report.index` (what the thread and index pages show), :mod:`discourse.report.figures`
(the models' measured accuracy), :mod:`discourse.report.charts` and :mod:`discourse.report.summary`
(the contrast's plain-English sentences).

The page renderer is imported on first use, not with the package: :mod:`discourse.contrast`
uses :mod:`discourse.report.summary`, and the renderer uses :mod:`discourse.contrast`.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["index_view", "render_index", "render_tables", "render_thread", "thread_view"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("discourse.report.render"), name)
    raise AttributeError(f"module 'discourse.report' has no attribute {name!r}")
