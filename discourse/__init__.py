"""discourse: comment-section discourse analysis.

Split saved news and blog pages into the editorial article and its reader comments, score
sentiment and stance, cluster the arguments of both sides, and report how the commenters
differ from the article.
"""

from discourse._version import __version__
from discourse.errors import DiscourseError
from discourse.model import Article, Comment, Thread, ThreadTables

__all__ = ["Article", "Comment", "DiscourseError", "Thread", "ThreadTables", "__version__"]


def __getattr__(name: str):  # lazy: importing discourse stays cheap (no scikit-learn until needed)
    if name == "ArgumentClusterer":
        from discourse.cluster import ArgumentClusterer

        return ArgumentClusterer
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")
