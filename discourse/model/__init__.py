"""The core data model every stage shares.

The names follow ConvoKit: a *corpus* holds *threads* (conversations); a thread's root is
the editorial *article*; its *comments* (utterances) have a *speaker* (``author``), a
``timestamp``, ``text`` and ``reply_to`` (the id of the comment it answers, ``None`` for a
reply to the article itself).

Two shapes of the same data:

* :class:`Thread` / :class:`Comment` / :class:`Article`: plain dataclasses, what the parser
  builds and what ``discourse parse`` writes as JSON lines (:meth:`Thread.to_dict`).
* polars tables with fixed schemas (``THREAD_SCHEMA``, ``COMMENT_SCHEMA``, ...): what the
  scoring, clustering and reporting stages exchange. :mod:`.schema` alone owns their column
  names and dtypes; builders cast to them with :func:`conform`.

One module per concept, every name importable from here (``from discourse.model import Thread``):

* :mod:`.thread` -- the dataclasses, :meth:`Thread.check_integrity`, :func:`make_thread_id`;
* :mod:`.replies` -- the reply tree: :func:`validate_reply_links`, :func:`reply_depths`;
* :mod:`.schema` -- the table schemas, their label sets, ``COLUMN_DOCS``, :func:`conform`;
* :mod:`.tables` -- :class:`ThreadTables` and the frames of parsed threads.
"""

from discourse.model.replies import reply_depths, validate_reply_links
from discourse.model.schema import (
    AGREEMENT_LABELS,
    CLUSTER_SCHEMA,
    COLUMN_DOCS,
    COMMENT_SCHEMA,
    PARAGRAPH_SCHEMA,
    SENTENCE_SCHEMA,
    SENTIMENT_COLUMNS,
    SIDES,
    STANCE_LABELS,
    STANCE_SCHEMA,
    TABLE_SCHEMAS,
    THREAD_SCHEMA,
    conform,
    empty,
)
from discourse.model.tables import ThreadTables, comments_frame, paragraphs_frame, thread_frame
from discourse.model.thread import COVERAGE_STATUSES, REPLY_SOURCES, Article, Comment, Thread, make_thread_id

__all__ = [
    "AGREEMENT_LABELS",
    "CLUSTER_SCHEMA",
    "COLUMN_DOCS",
    "COMMENT_SCHEMA",
    "COVERAGE_STATUSES",
    "PARAGRAPH_SCHEMA",
    "REPLY_SOURCES",
    "SENTENCE_SCHEMA",
    "SENTIMENT_COLUMNS",
    "SIDES",
    "STANCE_LABELS",
    "STANCE_SCHEMA",
    "TABLE_SCHEMAS",
    "THREAD_SCHEMA",
    "Article",
    "Comment",
    "Thread",
    "ThreadTables",
    "comments_frame",
    "conform",
    "empty",
    "make_thread_id",
    "paragraphs_frame",
    "reply_depths",
    "thread_frame",
    "validate_reply_links",
]
