"""The core data model every stage shares.

The names follow ConvoKit: a *corpus* holds *threads* (conversations); a thread's root is
the editorial *article*; its *comments* (utterances) have a *speaker* (``author``), a
``timestamp``, ``text`` and ``reply_to`` (the id of the comment it answers, ``None`` for a
reply to the article itself).

Two shapes of the same data:

* :class:`Thread` / :class:`Comment` / :class:`Article`: plain dataclasses, what the parser
  builds and what ``discourse parse`` writes as JSON lines (:meth:`Thread.to_dict`).
* polars tables with the fixed schemas below (``THREAD_SCHEMA``, ``COMMENT_SCHEMA``, ...):
  what the scoring, clustering and reporting stages exchange. This module alone owns their
  column names and dtypes; builders cast to them with :func:`conform`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import polars as pl

from discourse.errors import SchemaError

log = logging.getLogger(__name__)

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

#: How a comment's ``reply_to`` was found (issue: reply-link provenance).
REPLY_SOURCES = ("markup", "quote", "mention", "order", "none")
#: Completeness of the captured comment section.
COVERAGE_STATUSES = ("complete", "partial", "unknown", "comments_not_captured")
#: Reply stance labels (RumourEval SDQC).
STANCE_LABELS = ("support", "deny", "query", "comment")
#: Agreement labels (discourse.stance.AgreementClassifier): of a comment toward the article or its parent.
AGREEMENT_LABELS = ("agree", "disagree", "neutral")
#: Which side of the discussion an argument unit comes from.
SIDES = ("editorial", "comment")


@dataclass
class Comment:
    """One reader comment (a ConvoKit utterance).

    ``quoted_author``/``quoted_text`` hold a parent comment the commenter quoted; they are
    the parent's words, not the replier's, and never part of ``text``. When the quoted
    parent is itself on the page, ``reply_to`` points at it; when it is not, the parser adds
    a placeholder comment with ``absent=True`` carrying the quoted words, and ``reply_to``
    points at that placeholder.
    """

    id: str
    text: str
    author: str | None = None
    timestamp: str | None = None
    timestamp_raw: str | None = None
    timestamp_precision: str | None = None
    reply_to: str | None = None
    reply_source: str = "none"
    reply_confidence: float = 0.0
    quoted_author: str | None = None
    quoted_text: str | None = None
    absent: bool = False
    position: int = 0
    timestamp_flag: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Every field is a scalar, so a flat copy equals dataclasses.asdict, which deep-copies
        # field by field and took ~10 ms of a 50-comment thread's run.
        return {name: getattr(self, name) for name in _COMMENT_FIELDS}


_COMMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Comment))


@dataclass
class Article:
    """The editorial root of a thread."""

    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    truncated: bool = False
    author: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Thread:
    """A page: its article and its comment thread (a ConvoKit conversation)."""

    thread_id: str
    source: str
    title: str | None = None
    article: Article = field(default_factory=Article)
    comments: list[Comment] = field(default_factory=list)
    input_format: str | None = None
    captured_at: str | None = None
    declared_comments: int | None = None
    coverage: str = "unknown"
    coverage_note: str | None = None
    content_hash: str | None = None
    dropped_links: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape ``discourse parse`` writes (stable output contract)."""
        return {
            "thread_id": self.thread_id,
            "source": self.source,
            "title": self.title,
            "input_format": self.input_format,
            "captured_at": self.captured_at,
            "declared_comments": self.declared_comments,
            "coverage": self.coverage,
            "coverage_note": self.coverage_note,
            "content_hash": self.content_hash,
            "dropped_links": self.dropped_links,
            "article": self.article.to_dict(),
            "comments": [c.to_dict() for c in self.comments],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thread:
        """Inverse of :meth:`to_dict`; unknown keys are ignored, missing ones defaulted."""
        art = data.get("article") or {}
        if isinstance(art, str):
            art = {"text": art}
        article_fields = {f.name for f in dataclasses.fields(Article)}
        comment_fields = {f.name for f in dataclasses.fields(Comment)}
        article = Article(**{k: v for k, v in art.items() if k in article_fields})
        if not article.paragraphs and article.text:
            article.paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        comments = []
        for i, c in enumerate(data.get("comments") or []):
            kw = {k: v for k, v in c.items() if k in comment_fields}
            kw.setdefault("id", str(c.get("comment_id", f"c{i + 1}")))
            kw.setdefault("text", "")
            kw.setdefault("position", i)
            comments.append(Comment(**kw))
        thread_fields = {f.name for f in dataclasses.fields(cls)} - {"article", "comments"}
        kw = {k: v for k, v in data.items() if k in thread_fields}
        return cls(article=article, comments=comments, **kw)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    def check_integrity(self, *, prune: bool = True) -> Thread:
        """Make the thread whole, in place, and return it (ConvoKit's name; here it mends).

        Comment ids made unique (a repeat is renamed ``id~2``, with a warning), placeholders for
        absent parents kept only where a reply needs them (``prune``; chains included), positions
        in data order, and reply links checked by :func:`validate_reply_links`. Every import
        reader runs it on each thread it builds.

        >>> t = Thread("t", "s", comments=[Comment("a", "x"), Comment("a", "y", reply_to="a"),
        ...                                Comment("q", "", absent=True)])
        >>> [(c.id, c.reply_to, c.position) for c in t.check_integrity().comments]
        [('a', None, 0), ('a~2', 'a', 1)]
        """
        seen: dict[str, int] = {}
        taken = {c.id for c in self.comments}  # a new name must not be another comment's id either
        for c in self.comments:
            if c.id in seen:
                n = seen[c.id]
                while True:
                    n += 1
                    new = f"{c.id}~{n}"
                    if new not in taken:
                        break
                seen[c.id] = n
                taken.add(new)
                log.warning("%s: duplicate comment id %r renamed %r", self.source, c.id, new)
                c.id = new
            else:
                seen[c.id] = 1
        if prune:  # a removed comment stays only as the parent of a kept reply (linear, chains included)
            by_id = {c.id: c for c in self.comments}
            replies = Counter(c.reply_to for c in self.comments if c.reply_to not in (None, c.id))
            removed: set[str] = set()
            stack = [c for c in self.comments if c.absent and not replies[c.id]]
            while stack:
                c = stack.pop()
                removed.add(c.id)
                parent = by_id.get(c.reply_to) if c.reply_to is not None else None
                if parent is not None and parent.absent and parent.id not in removed:
                    replies[parent.id] -= 1
                    if not replies[parent.id]:
                        stack.append(parent)
            self.comments = [c for c in self.comments if c.id not in removed]
        for i, c in enumerate(self.comments):
            c.position = i
        validate_reply_links(self)
        return self



    @property
    def present_comments(self) -> list[Comment]:
        """Comments found on the page (placeholders for absent quoted parents left out)."""
        return [c for c in self.comments if not c.absent]


_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def make_thread_id(source: str, content: bytes | str, *, sha1_hex: str | None = None) -> str:
    """A stable, filesystem-safe thread id: the source's stem plus a short content hash.

    ``sha1_hex``, the content's SHA-1 when the caller already has it (the page parser keeps it as
    the thread's ``content_hash``), saves hashing the same bytes twice.

    >>> make_thread_id("seeds/004_7fdc06c34d09003f.txt", b"abc")
    '004_7fdc06c34d09003f-a9993e36'
    """
    if sha1_hex is None:
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        sha1_hex = hashlib.sha1(content).hexdigest()
    name = PurePath(str(source).replace("\\", "/")).name
    for suffix in (".gz", ".html", ".htm", ".txt", ".jsonl", ".json", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = _UNSAFE_ID_CHARS.sub("-", name).strip(".-")[:60] or "page"
    return f"{stem}-{sha1_hex[:8]}"


# --------------------------------------------------------------------------------------
# Table schemas. One place defines every column the stages exchange.
# --------------------------------------------------------------------------------------

THREAD_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "source": pl.String,
        "title": pl.String,
        "input_format": pl.String,
        "article_text": pl.String,
        "truncated": pl.Boolean,
        "n_paragraphs": pl.Int64,
        "n_comments": pl.Int64,
        "n_commenters": pl.Int64,
        "n_replies": pl.Int64,
        "declared_comments": pl.Int64,
        "coverage": pl.String,
        "coverage_note": pl.String,
        "captured_at": pl.String,
        "content_hash": pl.String,
        "dropped_links": pl.Int64,
    }
)

COMMENT_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "comment_id": pl.String,
        "position": pl.Int64,
        "author": pl.String,
        "timestamp": pl.String,
        "timestamp_raw": pl.String,
        "timestamp_precision": pl.String,
        "text": pl.String,
        "reply_to": pl.String,
        "reply_source": pl.String,
        "reply_confidence": pl.Float64,
        "quoted_author": pl.String,
        "quoted_text": pl.String,
        "absent": pl.Boolean,
        "timestamp_flag": pl.String,
    }
)

PARAGRAPH_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "paragraph_id": pl.String,
        "position": pl.Int64,
        "text": pl.String,
    }
)

#: Argument units (sentences) of both sides, with their sentiment and cluster.
SENTENCE_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "unit_id": pl.String,
        "side": pl.String,
        "comment_id": pl.String,
        "author": pl.String,
        "position": pl.Int64,
        "text": pl.String,
        "neg": pl.Float64,
        "neu": pl.Float64,
        "pos": pl.Float64,
        "compound": pl.Float64,
        "cluster": pl.Int64,
    }
)

STANCE_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "comment_id": pl.String,
        "target_kind": pl.String,
        "target_id": pl.String,
        "label": pl.String,
        "p_support": pl.Float64,
        "p_deny": pl.Float64,
        "p_query": pl.Float64,
        "p_comment": pl.Float64,
        "agreement": pl.String,
        "p_agree": pl.Float64,
        "p_disagree": pl.Float64,
        "p_neutral": pl.Float64,
    }
)

CLUSTER_SCHEMA = pl.Schema(
    {
        "thread_id": pl.String,
        "cluster": pl.Int64,
        "label": pl.String,
        "keywords": pl.List(pl.String),
        "example": pl.String,
        "example_author": pl.String,
        "n_units": pl.Int64,
        "n_editorial": pl.Int64,
        "n_comment": pl.Int64,
        "editorial_share": pl.Float64,
        "comment_share": pl.Float64,
        "editorial_compound": pl.Float64,
        "comment_compound": pl.Float64,
        "n_commenters": pl.Int64,
        "only_side": pl.String,
    }
)

#: The sentiment scores of a text, in order: the output columns of
#: :class:`~discourse.sentiment.SentimentScorer` and the score columns of every table.
SENTIMENT_COLUMNS = ("neg", "neu", "pos", "compound")

#: The schema of each ThreadTables table, by table name.
TABLE_SCHEMAS: dict[str, pl.Schema] = {
    "threads": THREAD_SCHEMA,
    "comments": COMMENT_SCHEMA,
    "paragraphs": PARAGRAPH_SCHEMA,
    "sentences": SENTENCE_SCHEMA,
    "stance": STANCE_SCHEMA,
    "clusters": CLUSTER_SCHEMA,
}

#: What each column means, for the export codebook. "*" holds columns shared by tables.
COLUMN_DOCS: dict[str, dict[str, str]] = {
    "*": {
        "thread_id": "Thread (page) id: the source file's stem plus 8 hex digits of its content hash.",
        "position": "Order within the thread or article, from 0.",
        "text": "The text itself (a comment's own words only: quoted parent text is in quoted_text).",
        "neg": "VADER negative proportion (discourse.sentiment.SentimentScorer).",
        "neu": "VADER neutral proportion.",
        "pos": "VADER positive proportion.",
        "compound": "VADER compound score in [-1, 1]; long texts are scored per sentence and aggregated "
        "(see the sentiment model card).",
        "author": "Commenter name as shown on the page (pseudonymised with --pseudonymize); null if none.",
        "comment_id": "Comment id within the thread (c1, c2, ... in page order).",
        "cluster": "Argument cluster id within the thread; -1 = unclustered (noise); null = not an argument unit.",
    },
    "threads": {
        "source": "The input path as given.",
        "title": "Page title.",
        "input_format": "Detected (or forced) input format.",
        "article_text": "The editorial article's text (boilerplate removed).",
        "truncated": "True when the article is cut off (paywall or 'continue reading').",
        "n_paragraphs": "Number of article paragraphs.",
        "n_comments": "Comments found on the page (placeholders for absent quoted parents excluded).",
        "n_commenters": "Distinct named commenters.",
        "n_replies": "Comments with a reply_to link.",
        "declared_comments": "Comment count the page itself states (e.g. '47 Comments'); null if none.",
        "coverage": "complete | partial | unknown | comments_not_captured.",
        "coverage_note": "Plain-words explanation of the coverage status.",
        "captured_at": "When the page was saved (from the page or --captured-at); anchors relative dates.",
        "content_hash": "SHA-256 of the input bytes.",
        "dropped_links": "Reply links dropped by validation (self-replies, cycles, ids outside the thread).",
    },
    "comments": {
        "timestamp": "ISO 8601 timestamp, to the precision in timestamp_precision; null if unknown.",
        "timestamp_raw": "The date text as written on the page.",
        "timestamp_precision": "minute | hour | day | month | year.",
        "reply_to": "comment_id this comment replies to; null = replies to the article.",
        "reply_source": "How reply_to was found: markup | quote | mention | order | none.",
        "reply_confidence": "Confidence in reply_to, in [0, 1].",
        "quoted_author": "Author of a parent comment quoted in this one.",
        "quoted_text": "The quoted parent's words (never scored as this comment's words).",
        "absent": "True for a placeholder: a quoted parent that is not itself on the page.",
        "timestamp_flag": "after_capture (dated after the page was saved) or before_article (over a day before the "
        "article's date); null when plausible or unknown.",
    },
    "paragraphs": {"paragraph_id": "Paragraph id within the article (p1, p2, ...)."},
    "sentences": {
        "unit_id": "Sentence id: thread, paragraph or comment, sentence number.",
        "side": "editorial (article) or comment.",
    },
    "stance": {
        "target_kind": "article (the comment's stance toward the article) or parent (a reply toward its parent).",
        "target_id": "Id of the target: the article paragraph/sentence or the parent comment.",
        "label": "support | deny | query | comment (discourse.stance.StanceClassifier).",
        "p_support": "Predicted probability of support.",
        "p_deny": "Predicted probability of deny.",
        "p_query": "Predicted probability of query.",
        "p_comment": "Predicted probability of comment.",
        "agreement": "agree | disagree | neutral toward the target (discourse.stance.AgreementClassifier).",
        "p_agree": "Predicted probability of agree.",
        "p_disagree": "Predicted probability of disagree.",
        "p_neutral": "Predicted probability of neutral.",
    },
    "clusters": {
        "label": "Readable cluster label (class-based TF-IDF keywords).",
        "keywords": "Top keywords of the cluster.",
        "example": "The most central sentence of the cluster.",
        "example_author": "Author of the example (null for the article).",
        "n_units": "Argument units in the cluster.",
        "n_editorial": "Units from the article.",
        "n_comment": "Units from comments.",
        "editorial_share": "Share of the article's units in this cluster.",
        "comment_share": "Share of the comments' units in this cluster.",
        "editorial_compound": "Mean sentiment of the article's units in the cluster.",
        "comment_compound": "Mean sentiment of the comments' units in the cluster.",
        "n_commenters": "Distinct commenters with units in the cluster.",
        "only_side": "editorial or comment when only one side raises the cluster; null for both.",
    },
}


def empty(schema: pl.Schema) -> pl.DataFrame:
    """An empty frame with ``schema``."""
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: pl.Schema, *, strict: bool = False) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns, in order, cast to its dtypes.

    Missing columns are added as nulls unless ``strict``; extra columns are kept after the
    schema's ones, so a stage may carry its own additions.
    """
    missing = [name for name in schema if name not in frame.columns]
    if missing and strict:
        raise SchemaError(f"missing columns: {', '.join(missing)}")
    frame = frame.with_columns(pl.lit(None, dtype=schema[name]).alias(name) for name in missing)
    extra = [c for c in frame.columns if c not in schema]
    return frame.select(
        [pl.col(name).cast(dtype, strict=False) for name, dtype in schema.items()] + extra
    )


def _rows_frame(rows: list[dict[str, Any]], schema: pl.Schema) -> pl.DataFrame:
    if not rows:
        return empty(schema)
    return pl.DataFrame(rows, schema=schema, strict=False)


def thread_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per thread (``THREAD_SCHEMA``)."""
    rows = []
    for t in threads:
        present = t.present_comments
        rows.append(
            {
                "thread_id": t.thread_id,
                "source": t.source,
                "title": t.title,
                "input_format": t.input_format,
                "article_text": t.article.text,
                "truncated": t.article.truncated,
                "n_paragraphs": len(t.article.paragraphs),
                "n_comments": len(present),
                "n_commenters": len({c.author for c in present if c.author}),
                "n_replies": sum(1 for c in present if c.reply_to is not None),
                "declared_comments": t.declared_comments,
                "coverage": t.coverage,
                "coverage_note": t.coverage_note,
                "captured_at": t.captured_at,
                "content_hash": t.content_hash,
                "dropped_links": t.dropped_links,
            }
        )
    return _rows_frame(rows, THREAD_SCHEMA)


def comments_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per comment, placeholders for absent quoted parents included (``COMMENT_SCHEMA``)."""
    rows = []
    for t in threads:
        for c in t.comments:
            row = c.to_dict()
            row["comment_id"] = row.pop("id")
            row["thread_id"] = t.thread_id
            rows.append(row)
    return _rows_frame(rows, COMMENT_SCHEMA)


def reply_depths(comments: pl.DataFrame) -> dict[str, int]:
    """Each comment's reply depth in one thread's comments table, by ``comment_id``.

    The one convention: a comment that answers the article (``reply_to`` null) has depth 0, a
    reply to it depth 1, and so on; absent placeholders count as steps of the chain, and a link
    to an id not in the table counts as one step and ends the chain. No cap: :func:`validate_reply_links` has
    dropped any cycle before a table is built (a cycle met anyway ends the walk).

    >>> t = pl.DataFrame({"comment_id": ["a", "b", "c"], "reply_to": [None, "a", "b"]})
    >>> reply_depths(t)
    {'a': 0, 'b': 1, 'c': 2}
    """
    if not comments.height:
        return {}
    parent = dict(zip(comments["comment_id"].to_list(), comments["reply_to"].to_list(), strict=True))
    depth: dict[str, int] = {}
    for cid in parent:
        chain, node, d = set(), cid, 0
        while node in parent and parent[node] is not None and node not in chain:
            chain.add(node)
            d += 1
            node = parent[node]
        depth[cid] = d
    return depth


def paragraphs_frame(threads: Iterable[Thread]) -> pl.DataFrame:
    """One row per article paragraph (``PARAGRAPH_SCHEMA``)."""
    rows = [
        {"thread_id": t.thread_id, "paragraph_id": f"p{i + 1}", "position": i, "text": p}
        for t in threads
        for i, p in enumerate(t.article.paragraphs)
    ]
    return _rows_frame(rows, PARAGRAPH_SCHEMA)


@dataclass
class ThreadTables:
    """The tables of one thread (or of many) as they move through the stages.

    ``parse`` fills ``threads``, ``comments`` and ``paragraphs``; ``score`` adds sentiment
    columns to comments and paragraphs and fills ``sentences`` and ``stance``; ``cluster``
    sets ``sentences["cluster"]`` and fills ``clusters``.
    """

    threads: pl.DataFrame
    comments: pl.DataFrame
    paragraphs: pl.DataFrame
    sentences: pl.DataFrame = field(default_factory=lambda: empty(SENTENCE_SCHEMA))
    stance: pl.DataFrame = field(default_factory=lambda: empty(STANCE_SCHEMA))
    clusters: pl.DataFrame = field(default_factory=lambda: empty(CLUSTER_SCHEMA))
    #: Not a table (never written): the unit-length centroid of each clustered thread's argument
    #: units, keyed by (thread id, representation), as the cluster stage's estimator left it.
    centroids: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    TABLES = ("threads", "comments", "paragraphs", "sentences", "stance", "clusters")

    @classmethod
    def from_threads(cls, threads: Iterable[Thread]) -> ThreadTables:
        threads = list(threads)
        return cls(
            threads=thread_frame(threads),
            comments=comments_frame(threads),
            paragraphs=paragraphs_frame(threads),
        )

    def replace(self, **tables: pl.DataFrame) -> ThreadTables:
        return dataclasses.replace(self, **tables)

    def items(self) -> list[tuple[str, pl.DataFrame]]:
        return [(name, getattr(self, name)) for name in self.TABLES]

    def thread_ids(self) -> list[str]:
        return self.threads["thread_id"].to_list()

    def for_thread(self, thread_id: str) -> ThreadTables:
        """The tables restricted to one thread."""
        return ThreadTables(
            **{name: frame.filter(pl.col("thread_id") == thread_id) for name, frame in self.items()},
            centroids={key: c for key, c in self.centroids.items() if key[0] == thread_id},
        )

    @classmethod
    def concat(cls, parts: Iterable[ThreadTables]) -> ThreadTables:
        parts = list(parts)
        if not parts:
            return cls.from_threads([])
        return cls(
            **{
                name: pl.concat([getattr(p, name) for p in parts], how="diagonal_relaxed")
                for name in cls.TABLES
            },
            centroids={key: c for p in parts for key, c in p.centroids.items()},
        )


def validate_reply_links(thread: Thread) -> int:
    """Drop reply links that cannot be right; return how many were dropped.

    A link is dropped (set to ``None`` with provenance ``none``) when it points at the
    comment itself, at an id outside the thread, or closes a cycle. This runs before any
    output is written, so no file ever holds such a link.

    >>> t = Thread("t", "s", comments=[Comment("a", "x", reply_to="a"), Comment("b", "y", reply_to="zz")])
    >>> validate_reply_links(t), [c.reply_to for c in t.comments]
    (2, [None, None])
    """
    ids = {c.id for c in thread.comments}
    by_id = {c.id: c for c in thread.comments}
    dropped = 0

    def drop(c: Comment) -> None:
        nonlocal dropped
        c.reply_to, c.reply_source, c.reply_confidence = None, "none", 0.0
        dropped += 1

    for c in thread.comments:
        if c.reply_to is not None and (c.reply_to == c.id or c.reply_to not in ids):
            drop(c)
    # Cycles: walk up each chain and drop the link that closes one. A walk stops at a comment
    # an earlier walk went through (its chain is known to end at a root), so every comment is
    # walked once: a 20,000-deep chain took 18 s when each walk went up to the root.
    done: set[int] = set()
    for c in thread.comments:
        if id(c) in done:
            continue
        seen = {c.id}
        path = [c]
        node = c
        while node.reply_to is not None:
            if node.reply_to in seen:
                drop(node)
                break
            parent = by_id[node.reply_to]
            if id(parent) in done:
                break
            seen.add(node.reply_to)
            path.append(parent)
            node = parent
        done.update(map(id, path))
    thread.dropped_links += dropped
    return dropped
