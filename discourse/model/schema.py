"""The polars schema of every table the stages exchange, and what each column means.

This module alone owns the tables' column names and dtypes (``THREAD_SCHEMA``, ``COMMENT_SCHEMA``,
...; :data:`TABLE_SCHEMAS` by table name, :data:`COLUMN_DOCS` for the export codebook), the
label sets their columns hold, and :func:`conform`, which builders cast their frames with.
"""

from __future__ import annotations

import polars as pl

from discourse.errors import SchemaError

__all__ = [
    "AGREEMENT_LABELS", "CLUSTER_SCHEMA", "COLUMN_DOCS", "COMMENT_SCHEMA", "PARAGRAPH_SCHEMA",
    "SENTENCE_SCHEMA", "SENTIMENT_COLUMNS", "SIDES", "STANCE_LABELS", "STANCE_SCHEMA", "TABLE_SCHEMAS",
    "THREAD_SCHEMA", "conform", "empty",
]

#: Reply stance labels (RumourEval SDQC).
STANCE_LABELS = ("support", "deny", "query", "comment")
#: Agreement labels (discourse.stance.AgreementClassifier): of a comment toward the article or its parent.
AGREEMENT_LABELS = ("agree", "disagree", "neutral")
#: Which side of the discussion an argument unit comes from.
SIDES = ("editorial", "comment")


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
