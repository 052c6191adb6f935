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
* plain-English summary sentences built from those numbers.

Corpus level (:func:`related_threads`, :func:`contrast_with_related`): threads are compared
by the centroid of their argument units, so a thread without comments (a paywalled page)
can be contrasted with the commenters of related threads, marked as borrowed.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from discourse.metrics import SENTIMENT_THRESHOLD, polarity
from discourse.model import AGREEMENT_LABELS, SENTENCE_SCHEMA, STANCE_LABELS, ThreadTables, conform

__all__ = [
    "ThreadContrast",
    "agreement_sentence",
    "contrast_thread",
    "contrast_with_related",
    "distinctive_words",
    "js_divergence_bits",
    "related_from_centroids",
    "related_threads",
    "thread_centroid",
    "tone_class",
    "tone_split",
]

#: The one sentiment boundary of the reports: a compound score at or above +0.05 is positive, at
#: or below -0.05 negative, between them neutral (VADER's authors' convention). It is the scorer's
#: own constant, so a report's shares and the sentiment scores cannot drift apart.
SENTIMENT_BOUNDARY = SENTIMENT_THRESHOLD
TONES = ("negative", "neutral", "positive")
#: Minimum z-score of a distinctive word (two-sided 95 %).
Z_MIN = 1.96
#: How many clusters / words the summary sentences name.
SUMMARY_TOP = 2
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


def tone_sentence(split: Mapping[str, int], unit: str) -> str | None:
    """The split in words: ``"9 of 22 comments negative (41%), 5 neutral (23%), 8 positive (36%)"``.

    >>> tone_sentence({"negative": 1, "neutral": 0, "positive": 3}, "comment")
    '1 of 4 comments negative (25%), 0 neutral (0%), 3 positive (75%)'
    """
    total = sum(split.values())
    if not total:
        return None
    parts = [f"{split.get(t, 0)} {t} ({_pct(split.get(t, 0) / total)})" for t in TONES]
    return f"{split.get('negative', 0)} of {_plural(total, unit)} {parts[0].split(' ', 1)[1]}, " + ", ".join(parts[1:])


def _word_counts(texts: list[str], language: str | None = None) -> Counter:
    from discourse.cluster import LABEL_STOP_WORDS
    from discourse.language import stop_words_for
    from discourse.text import tokenize

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


def _feeling(x: float | None) -> str:
    if x is None:
        return "unknown"
    return TONES[polarity(x) + 1]


def _mostly(mix: dict[str, int]) -> str | None:
    """How most comments of an agreement mix relate to the article ("mostly agreeing with it")."""
    total = sum(mix.values())
    if not total:
        return None
    lab, n = max(mix.items(), key=lambda kv: (kv[1], kv[0] == "neutral"))
    verb = {"agree": "agreeing with", "disagree": "disagreeing with",
            "neutral": "neither agreeing nor disagreeing with"}[lab]
    return f"mostly {verb} it" if n / total > 0.5 else f"most often {verb} it"


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
    from discourse.language import thread_language

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
    result.summary = _summarise(result)
    return result


def _names(clusters: list[dict[str, Any]]) -> str:
    names = [f'"{c["label"]}"' for c in clusters[:SUMMARY_TOP]]
    if len(clusters) > SUMMARY_TOP:
        names.append(f"{len(clusters) - SUMMARY_TOP} more")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(n: int, noun: str) -> str:
    """Count and noun, pluralised.

    >>> _plural(1, "comment"), _plural(3, "comment")
    ('1 comment', '3 comments')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _summarise(r: ThreadContrast) -> list[str]:
    """Plain-English sentences built only from the numbers in ``r``."""
    out: list[str] = []
    who = "Commenters"
    if r.comments_from:
        who = f"Commenters of another thread ({', '.join(r.comments_from)})"
    if not r.n_units_comment:
        out.append("No comments to contrast: only the article's arguments were clustered.")
    if not r.n_units_editorial:
        out.append("The article has no argument units (missing or paywalled): only the comments were clustered.")
    by_id = {c["cluster"]: c for c in r.clusters}
    if r.n_units_comment and r.n_units_editorial:
        only_c = sorted((by_id[i] for i in r.only_comment), key=lambda c: (-c["n_comment"], c["cluster"]))
        main_c = sorted((by_id[i] for i in r.mainly_comment), key=lambda c: (-c["n_comment"], c["cluster"]))
        if only_c:
            n = sum(c["n_comment"] for c in only_c)
            out.append(
                f"{who} raise {_plural(len(only_c), 'argument group')} the article does not, chiefly {_names(only_c)} "
                f"({n} of {r.n_units_comment} comment sentences)."
            )
        for c in main_c[:SUMMARY_TOP]:
            out.append(
                f'{who} argue "{c["label"]}" far more than the article: {_pct(c["comment_share"])} of comment '
                f"sentences against {_pct(c['editorial_share'])} of the article's."
            )
        if not only_c and not main_c:
            out.append(f"{who} raise no argument group that the article does not also raise.")
        only_e = sorted((by_id[i] for i in r.only_editorial), key=lambda c: (-c["n_editorial"], c["cluster"]))
        if only_e:
            out.append(f"No comment takes up the article's {_names(only_e)}.")
        main = sorted(
            (c for c in r.clusters if c["cluster"] != -1 and c["n_editorial"]),
            key=lambda c: (-c["n_editorial"], c["cluster"]),
        )
        if main and main[0] not in only_e:  # an argument no comment takes up is said above
            top = main[0]
            sentence = (
                f'The article\'s main argument "{top["label"]}" ({_pct(top["editorial_share"])} of its sentences) '
                f"draws {_plural(top['n_comments'], 'comment')}"
            )
            mostly = _mostly(top.get("agreement") or {}) if top["n_comments"] and not r.comments_from else None
            out.append(sentence + (f", {mostly}." if mostly else "."))
        if r.divergence_bits is not None:
            out.append(divergence_sentence(r.divergence_bits, r.n_units_editorial, r.n_units_comment))
    tone = tone_sentence(r.comment_tone, "comment")
    if tone:  # the split, not the mean: "+0.07" hid a crowd calling the team a dumpster fire
        article = tone_sentence(r.editorial_tone, "paragraph")
        out.append(f"Tone: {tone}" + (f"; the article: {article}." if article else "."))
    if not r.comments_from:  # borrowed comments answered their own article, not this one
        line = agreement_sentence(r.agreement_overall, r.agreement_replies, r.n_questions)
        if line:
            out.append(line)
    if r.distinctive_comment:
        out.append(f"Words distinctive of the comments: {', '.join(w for w, _ in r.distinctive_comment[:5])}.")
    if r.distinctive_editorial:
        out.append(f"Words distinctive of the article: {', '.join(w for w, _ in r.distinctive_editorial[:5])}.")
    return out


def divergence_sentence(bits: float, n_editorial: int, n_comment: int) -> str:
    """How far apart the two sides' argument mixes are, in words, the figure and its n beside.

    >>> print(divergence_sentence(0.54, 20, 35))  # doctest: +NORMALIZE_WHITESPACE
    The two sides partly argue about the same things: their mix of arguments differs by 0.54 on a
    scale from 0 (same mix) to 1 (nothing in common), from 20 article and 35 comment sentences.
    """
    level = ("argue about different things" if bits >= 0.6 else "partly argue about the same things" if bits >= 0.3
             else "argue about much the same things")
    return (f"The two sides {level}: their mix of arguments differs by {bits:.2f} on a scale from 0 (same mix) "
            f"to 1 (nothing in common), from {n_editorial} article and {n_comment} comment sentences.")


def agreement_sentence(overall: Mapping[str, int], replies: Mapping[str, int], n_questions: int = 0) -> str | None:
    """The report's agreement line, from the counts of :class:`ThreadContrast`.

    >>> line = agreement_sentence({"agree": 12, "disagree": 9, "neutral": 13},
    ...                           {"agree": 5, "disagree": 11, "neutral": 4}, 3)
    >>> line.split("; ")[0]
    'Commenters: 12 agree · 9 disagree · 13 neither (of 34 comments)'
    >>> line.split("; ")[1:]
    ['replies: 5 agree · 11 disagree with the comment they answer (of 20)', '3 comments ask a question.']
    """
    total = sum(overall.values())
    if not total:
        return None
    out = (f"Commenters: {overall.get('agree', 0)} agree · {overall.get('disagree', 0)} disagree · "
           f"{overall.get('neutral', 0)} neither (of {_plural(total, 'comment')})")
    n_rep = sum(replies.values())
    if n_rep:
        out += (f"; replies: {replies.get('agree', 0)} agree · {replies.get('disagree', 0)} disagree with the "
                f"comment they answer (of {n_rep})")
    if n_questions:
        out += f"; {_plural(n_questions, 'comment')} {'asks' if n_questions == 1 else 'ask'} a question"
    return out + "."


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.2f}"


# --------------------------------------------------------------------------------------
# Corpus level.
# --------------------------------------------------------------------------------------


def thread_centroid(tables: ThreadTables, *, representation: str = "auto") -> list[float] | None:
    """The unit-length mean vector of a thread's argument units (both sides), or None without units.

    Small (256 numbers with wordllama) and comparable across threads, so a corpus run can keep
    one per thread and find related threads without holding their texts. After the cluster
    stage the clusterer's own centroid is used (``tables.centroids``: the same vector, the
    units are not embedded again); otherwise the units are embedded here.
    """
    from discourse.cluster import argument_units
    from discourse.cluster.vectors import mean_direction, resolve_representation

    sentences = conform(tables.sentences, SENTENCE_SCHEMA)
    ids = sentences["thread_id"].unique().to_list()
    key = (ids[0], resolve_representation(representation)) if len(ids) == 1 else None
    if key in tables.centroids:
        direction = tables.centroids[key]
    else:
        direction = mean_direction(argument_units(sentences)["text"].to_list(), representation=representation)
    return None if direction is None else [round(float(x), 5) for x in direction]


def related_from_centroids(
    centroids: Mapping[str, Sequence[float]], *, min_similarity: float = 0.5, top: int = 3, block: int = 1024
) -> pl.DataFrame:
    """``thread_id, related_thread_id, similarity`` for pairs of threads whose centroids are close.

    Similarities are computed a block of rows at a time and only each row's ``top`` are kept,
    so memory grows with the number of threads, not its square.
    """
    schema = {"thread_id": pl.String, "related_thread_id": pl.String, "similarity": pl.Float64}
    ids = sorted(centroids)
    if len(ids) < 2:
        return pl.DataFrame(schema=schema)
    cent = np.vstack([np.asarray(centroids[i], dtype=np.float32) for i in ids])
    k = min(top, len(ids) - 1)
    rows = []
    for start in range(0, len(ids), block):
        sim = cent[start : start + block] @ cent.T
        for offset, row in enumerate(sim):
            a = start + offset
            row[a] = -np.inf
            candidates = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))
            # Rounded, so that near-equal similarities (float noise across BLAS builds) tie and go by id.
            for b in sorted(candidates, key=lambda b: (-round(float(row[b]), 6), ids[b])):
                if b != a and row[b] >= min_similarity:
                    rows.append({"thread_id": ids[a], "related_thread_id": ids[b],
                                 "similarity": round(float(row[b]), 4)})
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def related_threads(
    tables: ThreadTables, *, min_similarity: float = 0.5, top: int = 3, representation: str = "auto"
) -> pl.DataFrame:
    """Pairs of threads on the same topic, by cosine similarity of their unit centroids.

    Each thread's centroid is the mean of its argument units' vectors (wordllama mean
    embeddings, or hashed TF-IDF without wordllama), both sides together; no per-thread
    centring, since the shared topic is exactly what is compared here.

    Returns
    -------
    polars.DataFrame
        ``thread_id, related_thread_id, similarity`` for every pair at or above
        ``min_similarity``, at most ``top`` per thread, sorted by thread and decreasing similarity.
    """
    centroids = {}
    for thread_id in sorted(set(tables.threads["thread_id"].to_list())):
        centroid = thread_centroid(tables.for_thread(thread_id), representation=representation)
        if centroid is not None:
            centroids[thread_id] = centroid
    return related_from_centroids(centroids, min_similarity=min_similarity, top=top)


def contrast_with_related(
    tables: ThreadTables, thread_id: str, related: list[str], *, clusterer: Any = None
) -> ThreadContrast:
    """Contrast ``thread_id``'s article with the commenters of the ``related`` threads.

    The thread's editorial units and the related threads' comment units are clustered
    together; the result's ``comments_from`` names the threads the comments come from and
    every summary sentence says so. The related comments' stance was toward *their own*
    article, so it is not reported as stance toward this one.
    """
    from discourse.cluster import cluster_tables

    sent = conform(tables.sentences, SENTENCE_SCHEMA)
    own = sent.filter((pl.col("thread_id") == thread_id) & (pl.col("side") == "editorial")).with_columns(
        pl.lit(None, dtype=pl.String).alias("source_thread_id")
    )
    others = sent.filter(pl.col("thread_id").is_in(related) & (pl.col("side") == "comment")).with_columns(
        pl.col("thread_id").alias("source_thread_id"),
        pl.lit(thread_id).alias("thread_id"),
        # comment ids are unique per thread only: qualify them with their thread
        (pl.col("thread_id") + ":" + pl.col("comment_id")).alias("comment_id"),
    )
    merged = pl.concat([own, others], how="diagonal_relaxed")
    sub = tables.for_thread(thread_id).replace(sentences=merged, stance=tables.stance.clear())
    clustered = cluster_tables(sub, clusterer=clusterer)
    # cluster_tables conforms sentences to the schema; put the provenance column back (row order is kept)
    sentences = clustered.sentences.with_columns(merged["source_thread_id"])
    return contrast_thread(clustered.replace(sentences=sentences), thread_id)
