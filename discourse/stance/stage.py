"""The stance stage: model input frames (from thread tables, and from RumourEval / SemEval records for
training and evaluation) and :func:`score_stance`, which fills the ``stance`` table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from discourse.model import AGREEMENT_LABELS, STANCE_LABELS, STANCE_SCHEMA, ThreadTables, conform, reply_depths
from discourse.stance.agreement import AgreementClassifier
from discourse.stance.base import _load_shipped
from discourse.stance.features import SENTIMENT_FEATURES
from discourse.stance.reply import StanceClassifier
from discourse.text import normalize_text

__all__ = ["article_lead", "score_stance", "sdqc_frame", "stance_pairs", "target_frame"]

#: The article target: its first paragraphs until at least this many characters ...
LEAD_MIN_CHARS = 200
#: ... and at most this many (a lead is the claim; the whole article would drown it).
LEAD_MAX_CHARS = 600


def article_lead(paragraphs: Sequence[str]) -> str:
    """The article's lead: its first paragraphs, at least ``LEAD_MIN_CHARS`` characters.

    Why the lead and not the article sentence closest to each comment: the reply-stance
    model learned stance toward a thread's *claim* (a rumour's source post), and a news
    article states its claim in the lead; the closest sentence, by word overlap, is often a
    side remark for short comments, and would give each comment a different target, so the
    article-level stance shares could not be compared across comments.

    >>> article_lead(["Short.", "Second paragraph.", "Third."])
    'Short. Second paragraph. Third.'
    """
    out: list[str] = []
    for p in paragraphs:
        p = normalize_text(p or "")
        if not p:
            continue
        out.append(p)
        if sum(len(x) + 1 for x in out) >= LEAD_MIN_CHARS:
            break
    return " ".join(out)[:LEAD_MAX_CHARS]


# ---------------------------------------------------------------------------------------
# Reply depth as the reply-stance model reads it
# ---------------------------------------------------------------------------------------
#: Added to :func:`~discourse.model.reply_depths` (top level = 0): the model was trained on RumourEval's
#: convention, where a direct reply to the source post has depth 1, and a comment answers the article
#: as a RumourEval reply answers its source post.
STANCE_DEPTH_OFFSET = 1
#: Depth cap on thread tables: the bound of the reply walk this replaced (outputs stay identical;
#: the feature, ``log1p(depth) / 3``, barely moves that deep).
THREAD_DEPTH_CAP = 50
#: Depth cap on the RumourEval training records: the bound of the walk this replaced (no RumourEval
#: reply is that deep, so the model file stays byte-identical).
RECORD_DEPTH_CAP = 100


def _stance_depth(depth: int, cap: int) -> int:
    return min(depth + STANCE_DEPTH_OFFSET, cap)


def _thread_depths(comments: pl.DataFrame) -> dict[tuple[str, str], int]:
    """(thread_id, comment_id) -> reply depth as the model reads it. A link to an id outside the
    thread adds nothing (:func:`~discourse.model.validate_reply_links` drops such links from every
    parsed or imported thread; a thread built by hand may still hold one)."""
    out: dict[tuple[str, str], int] = {}
    for (tid,), grp in comments.group_by("thread_id", maintain_order=True):
        ids = grp["comment_id"].to_list()
        linked = grp.with_columns(pl.when(pl.col("reply_to").is_in(ids)).then(pl.col("reply_to")).alias("reply_to"))
        for cid, d in reply_depths(linked).items():
            out[(tid, cid)] = _stance_depth(d, THREAD_DEPTH_CAP)
    return out


def _record_depths(records: Sequence[dict[str, Any]]) -> list[int]:
    """Reply depth of RumourEval-style records (``id``, ``parent_id``, ``is_source``) as the model reads
    it: the source post plays the article (depth 0, and a link to it ends the chain), so a direct
    reply to it has depth 1; a link to an unknown id adds nothing."""
    ids = {str(r["id"]) for r in records}
    sources = {str(r["id"]) for r in records if r.get("is_source")}
    links = [None if r.get("is_source") or r.get("parent_id") is None else str(r["parent_id"]) for r in records]
    table = pl.DataFrame({"comment_id": [str(r["id"]) for r in records],
                          "reply_to": [p if p in ids and p not in sources else None for p in links]},
                         schema={"comment_id": pl.String, "reply_to": pl.String})
    depths = reply_depths(table)
    return [0 if r.get("is_source") else _stance_depth(depths[str(r["id"])], RECORD_DEPTH_CAP) for r in records]


# ---------------------------------------------------------------------------------------
# Model input frames
# ---------------------------------------------------------------------------------------
def stance_pairs(tables: ThreadTables) -> pl.DataFrame:
    """The (comment, target) pairs :func:`score_stance` classifies, with model input columns."""
    com = tables.comments
    pars = tables.paragraphs.sort(["thread_id", "position"])
    leads: dict[str, tuple[str, str | None]] = {}
    for tid, grp in pars.group_by("thread_id", maintain_order=True):
        leads[tid[0]] = (article_lead(grp["text"].to_list()), grp["paragraph_id"][0] if grp.height else None)
    by_id = {(r["thread_id"], r["comment_id"]): r for r in com.iter_rows(named=True)}
    depths = _thread_depths(com)
    # the sentiment stage's per-comment scores, when it ran: the model reads them instead of rescoring
    has_senti = all(c in com.columns for c in SENTIMENT_FEATURES)
    rows = []
    for r in com.sort(["thread_id", "position"]).iter_rows(named=True):
        if r.get("absent"):
            continue
        tid, cid = r["thread_id"], r["comment_id"]
        lead, lead_id = leads.get(tid, ("", None))
        d = depths[(tid, cid)]
        extra = {c: r[c] for c in SENTIMENT_FEATURES} if has_senti else {}
        rows.append({"thread_id": tid, "comment_id": cid, "target_kind": "article", "target_id": lead_id,
                     "text": r["text"] or "", "target": lead, "source_text": lead,
                     "is_source": False, "is_reply_to_source": r.get("reply_to") is None, "depth": d, **extra})
        parent = by_id.get((tid, r["reply_to"])) if r.get("reply_to") is not None else None
        if parent is not None:
            ptext = parent["text"] or parent.get("quoted_text") or r.get("quoted_text") or ""
            rows.append({"thread_id": tid, "comment_id": cid, "target_kind": "parent",
                         "target_id": parent["comment_id"], "text": r["text"] or "", "target": ptext,
                         "source_text": lead,
                         "is_source": False, "is_reply_to_source": False, "depth": d, **extra})
    schema = {"thread_id": pl.String, "comment_id": pl.String, "target_kind": pl.String, "target_id": pl.String,
              "text": pl.String, "target": pl.String, "source_text": pl.String, "is_source": pl.Boolean,
              "is_reply_to_source": pl.Boolean, "depth": pl.Int64}
    if has_senti:
        schema.update(dict.fromkeys(SENTIMENT_FEATURES, pl.Float64))
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def score_stance(tables: ThreadTables, *, model: StanceClassifier | None = None,
                 agreement: AgreementClassifier | None = None) -> ThreadTables:
    """Fill the ``stance`` table: each present comment toward the article, each reply toward its parent.

    Each row holds the reply stance (``label``, SDQC: ``query`` flags questions) and the agreement
    (``agreement``: agree / disagree / neutral) of the comment toward that target.

    The article target is :func:`article_lead`; the parent target is the parent comment's
    text (for a placeholder of an absent quoted parent, the quoted words). Only the
    comment's own text is classified, never the quote it carries.

    Parameters
    ----------
    tables : ThreadTables
    model : StanceClassifier, optional
        Defaults to :meth:`StanceClassifier.pretrained`.
    agreement : AgreementClassifier, optional
        Defaults to :meth:`AgreementClassifier.pretrained`.

    Returns
    -------
    ThreadTables
        A new container with ``stance`` filled (``STANCE_SCHEMA``).
    """
    pairs = stance_pairs(tables)
    if pairs.height == 0:
        return tables.replace(stance=conform(pl.DataFrame(schema=STANCE_SCHEMA), STANCE_SCHEMA))
    # The shared instance, not pretrained()'s copy: predicting does not change it, and a deep copy of the
    # model per thread cost ~30 ms.
    model = model if model is not None else _load_shipped(StanceClassifier)
    agreement = agreement if agreement is not None else _load_shipped(AgreementClassifier)
    proba = model.predict_proba(pairs)
    classes = model.classes_.tolist()
    cols = {f"p_{c}": proba[:, classes.index(c)] if c in classes else np.zeros(pairs.height) for c in STANCE_LABELS}
    labels = np.asarray(classes, dtype=object)[np.argmax(proba, axis=1)]
    # agreement of the same pairs: the comment toward the article's lead, a reply toward its parent
    a_proba = agreement.predict_proba(pairs)
    a_classes = agreement.classes_.tolist()
    a_cols = {f"p_{c}": a_proba[:, a_classes.index(c)] if c in a_classes else np.zeros(pairs.height)
              for c in AGREEMENT_LABELS}
    a_labels = np.asarray(a_classes, dtype=object)[np.argmax(a_proba, axis=1)]
    out = pairs.select("thread_id", "comment_id", "target_kind", "target_id").with_columns(
        pl.Series("label", labels.tolist(), dtype=pl.String),
        *[pl.Series(k, np.round(v, 4), dtype=pl.Float64) for k, v in cols.items()],
        pl.Series("agreement", a_labels.tolist(), dtype=pl.String),
        *[pl.Series(k, np.round(v, 4), dtype=pl.Float64) for k, v in a_cols.items()],
    )
    return tables.replace(stance=conform(out, STANCE_SCHEMA))


def sdqc_frame(records: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """Model input for :class:`~discourse.stance.StanceClassifier` from RumourEval-style records.

    Adds the structure columns: ``is_source``, ``is_reply_to_source`` (parent is the thread's
    source post) and ``depth`` (1 for a direct reply to the source, following ``parent_id``).
    """
    return pl.DataFrame(
        {
            "id": [str(r["id"]) for r in records],
            "text": [r.get("text") or "" for r in records],
            "target": [r.get("target") or "" for r in records],
            "source_text": [r.get("source_text") or "" for r in records],
            "is_source": [bool(r.get("is_source")) for r in records],
            "is_reply_to_source": [
                (not r.get("is_source")) and r.get("parent_id") is not None
                and str(r.get("parent_id")) == str(r.get("thread_id"))
                for r in records
            ],
            "depth": _record_depths(records),
            "thread_id": [str(r.get("thread_id")) for r in records],
        },
        schema_overrides={"depth": pl.Int64},
    )


def target_frame(records: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """Model input for :class:`~discourse.stance.TargetStanceClassifier`."""
    return pl.DataFrame(
        {
            "id": [str(r["id"]) for r in records],
            "text": [r.get("text") or "" for r in records],
            "target": [r.get("target") or "" for r in records],
        }
    )
