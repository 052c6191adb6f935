"""discourse: comment-section discourse analysis.

Split saved news and blog pages into the editorial article and its reader comments, score
sentiment and stance, cluster the arguments of both sides, and report how the commenters
differ from the article.
"""

from __future__ import annotations

from typing import Any

from discourse._version import __version__
from discourse.errors import DiscourseError
from discourse.model import Article, Comment, Thread, ThreadTables

__all__ = [
    "AgreementClassifier",
    "ArgumentClusterer",
    "Article",
    "Comment",
    "DiscourseError",
    "SentimentScorer",
    "StanceClassifier",
    "TargetStanceClassifier",
    "Thread",
    "ThreadTables",
    "__version__",
]

# The estimators load scikit-learn and VADER: imported on first use, not with the package.
_LAZY = {
    "AgreementClassifier": "discourse.stance",
    "ArgumentClusterer": "discourse.cluster",
    "SentimentScorer": "discourse.sentiment",
    "StanceClassifier": "discourse.stance",
    "TargetStanceClassifier": "discourse.stance",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")
