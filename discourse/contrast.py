"""Commenters versus editorial: what each side argues, how they feel, how far apart they are.

Per thread (:func:`contrast_thread`), from the tables the cluster stage filled:

* **divergence**: the Jensen-Shannon divergence, in bits (log base 2, so 0 = the two sides
  spread their argument units over the clusters identically, 1 = they share no cluster),
  between the editorial and the comment distributions over the thread's clusters. Noise
  units (cluster -1) are left out: "other" is not a topic both sides share.
* clusters raised by one side only; per cluster the stance mix of the comments toward the
  article and each side's mean sentiment;
* **distinctive words** of each side: the log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), the prior being a tenth of the pooled
  counts of both sides; words with z above ``z_min`` are reported;
* plain-English summary sentences built from those numbers (written by
  :mod:`discourse.report.summary`).

Threads compared with each other (related threads, borrowed commenters) are the corpus
module's matter: :mod:`discourse.corpus`.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from discourse._moved import moved_names
from discourse.cluster.labels import LABEL_STOP_WORDS
from discourse.language import stop_words_for, thread_language
from discourse.metrics import SENTIMENT_THRESHOLD, TONES, polarity
from discourse.model import AGREEMENT_LABELS, SENTENCE_SCHEMA, STANCE_LABELS, ThreadTables, conform
from discourse.report.summary import summarise
from discourse.text import tokenize

__all__ = [
    "ThreadContrast",
    "contrast_thread",
    "distinctive_words",
    "js_divergence_bits",
    "tone_class",
    "tone_split",
]

# Moved in issue 23: the old names work one release, with a DeprecationWarning.
__getattr__ = moved_names(
    __name__,
    {name: (home, f"{home}.{name}") for home, names in (
        ("discourse.report.summary", ("agreement_sentence", "divergence_sentence", "tone_sentence")),
        ("discourse.corpus", ("contrast_with_related", "related_from_centroids", "related_threads", "thread_centroid")),
    ) for name in names},
)

#: The one sentiment boundary of the reports: a compound score at or above +0.05 is positive, at
#: or below -0.05 negative, between them neutral (VADER's authors' convention). It is the scorer's
#: own constant, so a report's shares and the sentiment scores cannot drift apart.
SENTIMENT_BOUNDARY = SENTIMENT_THRESHOLD
#: Minimum z-score of a distinctive word (two-sided 95 %).
Z_MIN = 1.96
#: A cluster is "mainly" one side's when that side's share of its units is at least this many
#: times the other side's share (and it holds at least MAIN_MIN_UNITS of that side's units).
MAIN_RATIO = 3.0
MAIN_MIN_UNITS = 2


def js_divergence_bits(p: Any, q: Any) -> float:
    """Jensen-Shannon divergence of two count or probability vectors, in bits (0..1).

    >>> js_divergence_bits([1, 0], [0, 1])
    1.0
    >>> js_divergence_bits([2, 2], [1, 1])
    0.0
    """
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    if p.sum() <= 0 or q.sum() <= 0:
        raise ValueError("js_divergence_bits: empty distribution")
    p, q = p / p.sum(), q / q.sum()
    m = (p + q) / 2

    def kl(a: np.ndarray, b: np.ndarray) -> float:
        nz = a > 0
        return float(np.sum(a[nz] * np.log2(a[nz] / b[nz])))

    return round(max(0.0, min(1.0, (kl(p, m) + kl(q, m)) / 2)), 12)


def tone_class(x: float | None) -> str | None:
    """``negative`` / ``neutral`` / ``positive`` by :data:`SENTIMENT_BOUNDARY`; None without a score.

    >>> tone_class(0.05), tone_class(0.049), tone_class(-0.05), tone_class(None)
    ('positive', 'neutral', 'negative', None)
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return TONES[polarity(x, SENTIMENT_BOUNDARY) + 1]


def tone_split(scores: Sequence[float | None]) -> dict[str, int]:
    """How many scores fall on each side of the sentiment boundary (texts without a score left out).

    >>> tone_split([-0.6, -0.2, 0.0, 0.3, None])
    {'negative': 2, 'neutral': 1, 'positive': 1}
    """
    counts = Counter(tone_class(x) for x in scores)
    return {t: counts.get(t, 0) for t in TONES}


def _word_counts(texts: list[str], language: str | None = None) -> Counter:
    stop = stop_words_for(language) | LABEL_STOP_WORDS
    counts: Counter = Counter()
    for t in texts:
        counts.update(w for w in tokenize(t or "") if len(w) > 2 and w.isalpha() and w not in stop)
    return counts


def distinctive_words(
    texts_a: list[str], texts_b: list[str], *, prior_scale: float = 0.1, z_min: float = Z_MIN, top: int = 10,
    language: str | None = None,
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Words distinctive of side a and of side b: Fightin' Words z-scores.

    For word w with counts y_a, y_b (totals n_a, n_b) and prior alpha_w = prior_scale * the
    pooled count of w (alpha_0 their sum; 0.1: the prior weighs a tenth of the thread, enough to
    shrink words seen once or twice without hiding a thread's real differences):
    delta = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
    - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w)),
    var = 1/(y_a + alpha_w) + 1/(y_b + alpha_w), z = delta / sqrt(var).
    Stop words (of ``language``, default English: discourse.language.stop_words_for) and tokens
    of 1-2 letters are left out.

    Returns
    -------
    (list, list)
        ``[(word, z), ...]`` with z >= z_min for side a, and with -z >= z_min for side b
        (z reported positive), each sorted by decreasing z then word.
    """
    ca, cb = _word_counts(texts_a, language), _word_counts(texts_b, language)
    na, nb = sum(ca.values()), sum(cb.values())
    if not na or not nb:
        return [], []
    pooled = ca + cb
    a0 = prior_scale * sum(pooled.values())
    za: list[tuple[str, float]] = []
    zb: list[tuple[str, float]] = []
    for w in sorted(pooled):
        alpha = prior_scale * pooled[w]
        ya, yb = ca.get(w, 0), cb.get(w, 0)
        delta = math.log((ya + alpha) / (na + a0 - ya - alpha)) - math.log((yb + alpha) / (nb + a0 - yb - alpha))
        z = delta / math.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
        if z >= z_min:
            za.append((w, round(z, 3)))
        elif -z >= z_min:
            zb.append((w, round(-z, 3)))
    za.sort(key=lambda x: (-x[1], x[0]))
    zb.sort(key=lambda x: (-x[1], x[0]))
    return za[:top], zb[:top]


@dataclass
class ThreadContrast:
    """The contrast of one thread's commenters with its article (see :func:`contrast_thread`)."""

    thread_id: str
    n_units_editorial: int
    n_units_comment: int
    n_commenters: int
    divergence_bits: float | None
    editorial_compound: float | None
    comment_compound: float | None
    stance_overall: dict[str, int]
    clusters: list[dict[str, Any]]
    only_comment: list[int]
    only_editorial: list[int]
    mainly_comment: list[int]
    mainly_editorial: list[int]
    distinctive_editorial: list[tuple[str, float]]
    distinctive_comment: list[tuple[str, float]]
    summary: list[str]
    comments_from: list[str] = field(default_factory=list)
    #: Agreement of the comments toward the article, and of the replies toward the comment they answer.
    agreement_overall: dict[str, int] = field(default_factory=dict)
    agreement_replies: dict[str, int] = field(default_factory=dict)
    #: Comments the reply-stance model flags as questions (SDQC ``query``) toward the article.
    n_questions: int = 0
    #: Comments and article paragraphs on each side of the sentiment boundary (:func:`tone_split`):
    #: what the summary says instead of a mean, which hides a split crowd.
    comment_tone: dict[str, int] = field(default_factory=dict)
    editorial_tone: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["distinctive_editorial"] = [{"word": w, "z": z} for w, z in self.distinctive_editorial]
        d["distinctive_comment"] = [{"word": w, "z": z} for w, z in self.distinctive_comment]
        return d


def _mean(values: pl.Series) -> float | None:
    values = values.drop_nulls()
    return round(float(values.mean()), 4) if values.len() else None  # type: ignore[arg-type]


def _stance_mix(labels: list[str]) -> dict[str, int]:
    c = Counter(labels)
    return {lab: int(c.get(lab, 0)) for lab in STANCE_LABELS}


def _agreement_mix(labels: list[str]) -> dict[str, int]:
    c = Counter(labels)
    return {lab: int(c.get(lab, 0)) for lab in AGREEMENT_LABELS}


def contrast_thread(tables: ThreadTables, thread_id: str | None = None, *, z_min: float = Z_MIN) -> ThreadContrast:
    """Contrast the commenters of one thread with its article.

    Parameters
    ----------
    tables : ThreadTables
        After :func:`discourse.cluster.cluster_tables` (sentences with ``cluster``, the
        ``clusters`` table) and the stance stage (``stance`` table; may be empty).
    thread_id : str, optional
        Which thread; default the only (or first) thread of ``tables``.
    z_min : float, default=1.96
        Threshold of the distinctive-word z-scores.

    Returns
    -------
    ThreadContrast
        ``to_dict()`` gives a JSON-ready dict. Measures that need both sides (divergence,
        distinctive words) are None / empty when a side has no units.
    """
    if thread_id is None:
        ids = tables.thread_ids() or sorted(set(tables.sentences["thread_id"].drop_nulls().to_list()))
        thread_id = ids[0] if ids else ""
    t = tables.for_thread(thread_id)
    sent = conform(t.sentences, SENTENCE_SCHEMA)
    units = sent.filter(pl.col("cluster").is_not_null())
    ed = units.filter(pl.col("side") == "editorial")
    co = units.filter(pl.col("side") == "comment")
    stance = t.stance.filter(pl.col("target_kind") == "article") if t.stance.height else t.stance
    stance_by_comment = (
        dict(zip(stance["comment_id"].to_list(), stance["label"].to_list(), strict=True)) if stance.height else {}
    )
    has_agreement = stance.height > 0 and "agreement" in stance.columns
    agreement_by_comment = (
        {k: v for k, v in zip(stance["comment_id"].to_list(), stance["agreement"].to_list(), strict=True) if v}
        if has_agreement else {}
    )
    replies = t.stance.filter(pl.col("target_kind") == "parent") if has_agreement else t.stance.clear()
    reply_agreement = [v for v in replies["agreement"].to_list() if v] if replies.height else []
    commenters = co.select(pl.coalesce(pl.col("author"), pl.col("comment_id"))).to_series().drop_nulls().n_unique()
    borrowed = "source_thread_id" in sent.columns

    comment_ids_of: dict[int, set[str]] = {}
    for c, comment_id in co.select("cluster", "comment_id").iter_rows():
        if comment_id is not None:
            comment_ids_of.setdefault(c, set()).add(comment_id)
    clusters: list[dict[str, Any]] = []
    for row in t.clusters.sort("cluster").iter_rows(named=True):
        comment_ids = sorted(comment_ids_of.get(row["cluster"], ()))
        mix = _stance_mix([stance_by_comment[i] for i in comment_ids if i in stance_by_comment])
        d = dict(row)
        d["n_comments"] = len(comment_ids)
        d["stance"] = mix
        d["agreement"] = _agreement_mix([agreement_by_comment[i] for i in comment_ids if i in agreement_by_comment])
        clusters.append(d)

    clustered = [c for c in clusters if c["cluster"] != -1]
    divergence = None
    if ed.height and co.height and clustered:
        p = [c["n_editorial"] for c in clustered]
        q = [c["n_comment"] for c in clustered]
        if sum(p) and sum(q):
            divergence = round(js_divergence_bits(p, q), 4)
    language = thread_language(t)["code"]
    d_ed, d_co = distinctive_words(ed["text"].to_list(), co["text"].to_list(), z_min=z_min, language=language)
    only_comment = [c["cluster"] for c in clustered if c["only_side"] == "comment"]
    only_editorial = [c["cluster"] for c in clustered if c["only_side"] == "editorial"]
    mainly_comment, mainly_editorial = [], []
    if ed.height and co.height:
        for c in clustered:
            es, cs = c["editorial_share"] or 0.0, c["comment_share"] or 0.0
            if c["only_side"] is None and c["n_comment"] >= MAIN_MIN_UNITS and cs >= MAIN_RATIO * es:
                mainly_comment.append(c["cluster"])
            if c["only_side"] is None and c["n_editorial"] >= MAIN_MIN_UNITS and es >= MAIN_RATIO * cs:
                mainly_editorial.append(c["cluster"])
    own_comments = t.comments
    if own_comments.height and "absent" in own_comments.columns:  # quoted-only comments are not on the page
        own_comments = own_comments.filter(~pl.col("absent").fill_null(False))
    comment_scores = own_comments["compound"].to_list() if "compound" in own_comments.columns else []
    paragraph_scores = t.paragraphs["compound"].to_list() if "compound" in t.paragraphs.columns else []
    result = ThreadContrast(
        thread_id=thread_id,
        n_units_editorial=ed.height,
        n_units_comment=co.height,
        n_commenters=commenters,
        divergence_bits=divergence,
        editorial_compound=_mean(sent.filter(pl.col("side") == "editorial")["compound"]),
        comment_compound=_mean(sent.filter(pl.col("side") == "comment")["compound"]),
        stance_overall=_stance_mix(list(stance_by_comment.values())),
        clusters=clusters,
        only_comment=only_comment,
        only_editorial=only_editorial,
        mainly_comment=mainly_comment,
        mainly_editorial=mainly_editorial,
        distinctive_editorial=d_ed,
        distinctive_comment=d_co,
        summary=[],
        comments_from=sorted(set(sent["source_thread_id"].drop_nulls().to_list())) if borrowed else [],
        agreement_overall=_agreement_mix(list(agreement_by_comment.values())),
        agreement_replies=_agreement_mix(reply_agreement),
        n_questions=sum(1 for v in stance_by_comment.values() if v == "query"),
        # borrowed comments: their tone is another article's matter, so no split is claimed here
        comment_tone=tone_split(comment_scores) if not borrowed else {},
        editorial_tone=tone_split(paragraph_scores),
    )
    result.summary = summarise(result)
    return result
