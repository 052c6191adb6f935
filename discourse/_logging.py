"""Where the package's log records go: one stderr handler on the ``discourse`` logger."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(levelname)s %(name)s: %(message)s"


def route_to_stderr(level: int) -> None:
    """Send ``discourse.*`` records at ``level`` and above to stderr, apart from the root logger
    (which dependencies such as wordllama reconfigure on import)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    package = logging.getLogger("discourse")
    package.handlers[:] = [handler]
    package.setLevel(level)
    package.propagate = False
