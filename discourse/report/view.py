"""A thread report's *view*: its numbers gathered once from the tables into plain dicts and lists,
which both templates (Markdown and HTML) render."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import polars as pl

from discourse._version import __version__
from discourse.contrast import SENTIMENT_BOUNDARY, TONES, tone_class, tone_split
from discourse.language import thread_language
from discourse.model import AGREEMENT_LABELS, STANCE_LABELS, ThreadTables, reply_depths
from discourse.report import charts
from discourse.report.figures import AGREEMENT_PLAIN, AGREEMENT_SCORES, MODEL_CARDS, MODEL_FIGURES, PLAIN_FIGURES

#: Comments listed in full in a report; the rest are in data/comments.csv (a report is read, not searched).
MAX_COMMENTS_SHOWN = 300


def _mean(values: list[float]) -> float | None:
    values = [v for v in values if v is not None and not math.isnan(v)]
    return sum(values) / len(values) if values else None


def _col(frame: pl.DataFrame, name: str) -> list:
    return frame[name].to_list() if name in frame.columns else [None] * frame.height


def _tone(value: float | None) -> str:
    return tone_class(value) or "no text"


def count_phrase(n_comments: int, n_commenters: int, n_unnamed: int = 0) -> str:
    """What the counts mean, in one phrase: a page without names has comments but no known commenters.

    >>> count_phrase(22, 0), count_phrase(22, 9)
    ('22 comments (names not shown on the page)', '22 comments from 9 commenters')
    >>> count_phrase(1, 1), count_phrase(0, 0)
    ('1 comment from 1 commenter', 'no comments')
    >>> count_phrase(4, 1, 3)
    '4 comments: 1 from 1 named commenter, 3 without a name'
    """
    if not n_comments:
        return "no comments"
    noun = "comment" if n_comments == 1 else "comments"
    if not n_commenters:
        return f"{n_comments} {noun} (names not shown on the page)"
    people = f"{n_commenters} {'commenter' if n_commenters == 1 else 'commenters'}"
    if n_unnamed:
        return f"{n_comments} {noun}: {n_comments - n_unnamed} from {n_commenters} named " \
               f"{'commenter' if n_commenters == 1 else 'commenters'}, {n_unnamed} without a name"
    return f"{n_comments} {noun} from {people}"


def _split_view(scores: list[float | None]) -> dict[str, Any]:
    """A side's tone split: counts, shares (for the bar) and n."""
    split = tone_split(scores)
    n = sum(split.values())
    return {"counts": split, "n": n,
            "shares": {t: (split[t] / n if n else 0.0) for t in TONES},
            "percent": {t: (round(100 * split[t] / n) if n else 0) for t in TONES}}


def _extremes(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """The most negative and the most positive of ``rows`` (``compound``, ``position``): an example
    of each side of a split crowd. Only a text past the boundary counts; ties go to the earlier text."""
    scored = [r for r in rows if r.get("compound") is not None and not math.isnan(r["compound"])]
    low = min(scored, key=lambda r: (r["compound"], r["position"]), default=None)
    high = min(scored, key=lambda r: (-r["compound"], r["position"]), default=None)
    return {"negative": low if low is not None and tone_class(low["compound"]) == "negative" else None,
            "positive": high if high is not None and tone_class(high["compound"]) == "positive" else None}


def _tone_block(present: pl.DataFrame, paragraphs: pl.DataFrame) -> dict[str, Any]:
    """The sentiment summary: each side's split and its most negative and most positive text."""
    comment_rows = [{"compound": r.get("compound"), "position": r["position"], "text": r["text"],
                     "author": r.get("author")} for r in present.iter_rows(named=True)] if present.height else []
    paragraph_rows = [{"compound": r.get("compound"), "position": r["position"], "text": r["text"], "author": None}
                      for r in paragraphs.iter_rows(named=True)] if paragraphs.height else []
    return {
        "comments": _split_view([r["compound"] for r in comment_rows]),
        "article": _split_view([r["compound"] for r in paragraph_rows]),
        "comment_examples": _extremes(comment_rows),
        "article_examples": _extremes(paragraph_rows),
    }


def _reply_structure(comments: pl.DataFrame) -> dict[str, Any]:
    present = comments.filter(~pl.col("absent").fill_null(False)) if comments.height else comments
    by_id = {r["comment_id"]: r for r in comments.iter_rows(named=True)}
    depth = reply_depths(comments)

    edges: Counter[tuple[str, str]] = Counter()
    replied: Counter[str] = Counter()
    for row in present.iter_rows(named=True):
        parent = by_id.get(row["reply_to"]) if row["reply_to"] else None
        if parent is not None:
            replied[parent["comment_id"]] += 1
            edges[(row["author"] or "(anonymous)", parent["author"] or "(anonymous)")] += 1
    most_replied = [
        {"comment_id": cid, "author": by_id[cid]["author"], "replies": n, "text": by_id[cid]["text"],
         "absent": bool(by_id[cid]["absent"])}
        for cid, n in sorted(replied.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    ]
    depths = [depth[cid] for cid in present["comment_id"].to_list()] if present.height else []
    sources = Counter(r for r, to in zip(_col(present, "reply_source"), _col(present, "reply_to")) if to)
    return {
        "edges": [{"from": a, "to": b, "n": n} for (a, b), n in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))],
        "max_depth": max(depths, default=0),
        "top_level": sum(1 for d in depths if d == 0),
        "replies": sum(1 for d in depths if d > 0),
        "most_replied": most_replied,
        "link_sources": dict(sorted(sources.items())),
    }


def _stance_counts(stance: pl.DataFrame, kind: str, column: str = "label",
                   labels: tuple[str, ...] = STANCE_LABELS) -> dict[str, int]:
    if not stance.height or column not in stance.columns:
        return {}
    counts = Counter(stance.filter(pl.col("target_kind") == kind)[column].to_list())
    return {label: counts.get(label, 0) for label in labels if counts.get(label)}


def _coverage_sentence(thread_row: dict[str, Any]) -> str:
    n, declared, status = thread_row["n_comments"], thread_row["declared_comments"], thread_row["coverage"]
    if thread_row.get("coverage_note"):
        return thread_row["coverage_note"]
    if declared is not None:
        return f"{n} of {declared} comments on the page were captured ({status})."
    if status == "comments_not_captured":
        return "The page shows a comment section, but no comments were captured."
    if n == 0:
        return "No comments were found on the page."
    return f"{n} comments found; the page does not state how many it has."


def _cluster_examples(sentences: pl.DataFrame, per_side: int = 2) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """The first ``per_side`` sentences of each (cluster, side), in table order: one pass, not a filter per cluster."""
    out: dict[tuple[int, str], list[dict[str, Any]]] = {}
    if not sentences.height or "cluster" not in sentences.columns:
        return out
    for cluster, side, text, author in sentences.select("cluster", "side", "text", "author").iter_rows():
        shown = out.setdefault((cluster, side), [])
        if len(shown) < per_side:
            shown.append({"side": side, "text": text, "author": author})
    return out


def thread_view(tables: ThreadTables, contrast: Any = None) -> dict[str, Any]:
    """Gather everything a thread report shows into plain Python values."""
    contrast = _contrast_dict(contrast)
    thread = tables.threads.row(0, named=True)
    comments = tables.comments.sort("position") if tables.comments.height else tables.comments
    present = comments.filter(~pl.col("absent").fill_null(False)) if comments.height else comments
    paragraphs = tables.paragraphs
    comment_compound = [v for v in _col(present, "compound") if v is not None]
    paragraph_compound = [v for v in _col(paragraphs, "compound") if v is not None]
    stamps = sorted(t for t in _col(present, "timestamp") if t)
    words = len(thread["article_text"].split()) if thread["article_text"] else 0

    stance_article = _stance_counts(tables.stance, "article")
    stance_parent = _stance_counts(tables.stance, "parent")
    agreement_article = _stance_counts(tables.stance, "article", "agreement", AGREEMENT_LABELS)
    agreement_parent = _stance_counts(tables.stance, "parent", "agreement", AGREEMENT_LABELS)
    stance_by_comment: dict[str, dict[str, str]] = {}
    agreement_by_comment: dict[str, dict[str, str]] = {}
    if tables.stance.height:
        for row in tables.stance.iter_rows(named=True):
            stance_by_comment.setdefault(row["comment_id"], {})[row["target_kind"]] = row["label"]
            if row.get("agreement"):
                agreement_by_comment.setdefault(row["comment_id"], {})[row["target_kind"]] = row["agreement"]

    clusters = []
    stance_of_cluster = {c["cluster"]: c.get("agreement") or {} for c in contrast.get("clusters") or []}
    examples_of = _cluster_examples(tables.sentences)
    for row in tables.clusters.sort(["n_units", "cluster"], descending=[True, False]).iter_rows(named=True):
        examples = [ex for side in ("editorial", "comment") for ex in examples_of.get((row["cluster"], side), [])]
        mix = {k: v for k, v in stance_of_cluster.get(row["cluster"], {}).items() if v}
        clusters.append({**row, "examples": examples, "stance": mix})

    charts_list = []
    charts_list.append(charts.sentiment_chart(paragraph_compound, comment_compound))
    if clusters:
        top = [c for c in clusters if c["cluster"] != -1][:10]
        if top:
            charts_list.append(charts.cluster_share_chart(
                [c["label"] or f"cluster {c['cluster']}" for c in top],
                [c["editorial_share"] or 0.0 for c in top],
                [c["comment_share"] or 0.0 for c in top],
            ))
    if agreement_article:
        charts_list.append(charts.stance_chart(agreement_article, title="Comments' agreement with the article",
                                               labels=AGREEMENT_LABELS, name="agreement"))
    if stance_article:
        charts_list.append(charts.stance_chart(stance_article, title="Comments' stance toward the article"))
    timeline = charts.timeline_chart(stamps)
    if timeline is not None:
        charts_list.append(timeline)

    comment_rows = []
    for row in comments.head(MAX_COMMENTS_SHOWN).iter_rows(named=True):
        comment_rows.append({
            **row,
            "stance_article": stance_by_comment.get(row["comment_id"], {}).get("article"),
            "stance_parent": stance_by_comment.get(row["comment_id"], {}).get("parent"),
            "agreement_article": agreement_by_comment.get(row["comment_id"], {}).get("article"),
            "agreement_parent": agreement_by_comment.get(row["comment_id"], {}).get("parent"),
        })

    caveats = []
    if thread["truncated"]:
        caveats.append(
            "The article is cut off (paywall or truncation): the editorial side rests on its visible part only."
        )
    if thread["n_comments"] == 0:
        caveats.append("No comments were captured, so there is no commenter side to contrast.")
    elif thread["n_comments"] < 10:
        caveats.append(f"Only {thread['n_comments']} comments: shares and averages rest on a very small sample.")
    if thread["coverage"] in ("partial", "comments_not_captured"):
        caveats.append(_coverage_sentence(thread))
    language = thread_language(tables)
    # comments the page shows without a name: "1 commenter" alone would read as one person writing all
    n_unnamed = sum(1 for a in _col(present, "author") if not a) if present.height else 0
    if language["note"]:
        caveats.insert(0, language["note"])
    caveats.append(
        "Tone is scored word by word (VADER): \"LOL who is this quack?\" reads as positive. A text counts as "
        f"negative at a score of -{SENTIMENT_BOUNDARY:.2f} or below, positive at +{SENTIMENT_BOUNDARY:.2f} or above."
    )
    return {
        "version": __version__,
        "thread": thread,
        "coverage_sentence": _coverage_sentence(thread),
        "count_phrase": count_phrase(thread["n_comments"] or 0, thread["n_commenters"] or 0, n_unnamed),
        "n_unnamed": n_unnamed,
        "names_shown": bool(thread["n_commenters"]) or not thread["n_comments"],
        "tone_split": _tone_block(present, paragraphs),
        "language": language,
        "certainty": [{"name": name, "plain": PLAIN_FIGURES[name], "figure": figure, "card": card}
                      for card, name, figure in MODEL_FIGURES],
        "article_words": words,
        "span": {"first": stamps[0], "last": stamps[-1]} if stamps else None,
        "tone": _tone_view(contrast, paragraph_compound, comment_compound),
        "summary": _with_agreement_accuracy(list(contrast.get("summary") or [])),
        "divergence": contrast.get("divergence"),
        "n_units": {"editorial": contrast.get("n_units_editorial") or 0,
                    "comment": contrast.get("n_units_comment") or 0},
        "distinctive": _distinctive(contrast.get("distinctive_words") or {}),
        "clusters": clusters,
        "stance_article": stance_article,
        "stance_parent": stance_parent,
        "agreement_article": agreement_article,
        "agreement_parent": agreement_parent,
        "agreement_accuracy": AGREEMENT_PLAIN.format(**_agreement_scores()) if agreement_article else None,
        "replies": _reply_structure(comments) if comments.height else _reply_structure_empty(),
        "comments": comment_rows,
        "comments_not_shown": max(0, comments.height - MAX_COMMENTS_SHOWN),
        "paragraphs": [
            {"position": r["position"], "text": r["text"], "compound": r.get("compound")}
            for r in paragraphs.iter_rows(named=True)
        ],
        "charts": charts_list,
        "caveats": caveats,
        "model_cards": MODEL_CARDS,
    }


def _agreement_scores() -> dict[str, str]:
    """The agreement model's measured figures for the report's sentences (see AGREEMENT_SCORES)."""
    macro, acc = AGREEMENT_SCORES
    return {"macro_f1": f"{macro:.2f}", "accuracy": f"{acc:.2f}", "percent": f"{100 * acc:.0f}"}


def _with_agreement_accuracy(summary: list[str]) -> list[str]:
    """The summary with the agreement model's measured accuracy, in plain words, after the agreement line."""
    out = []
    for sentence in summary:
        out.append(sentence)
        if sentence.startswith("Commenters: "):  # contrast.agreement_sentence
            out.append(AGREEMENT_PLAIN.format(**_agreement_scores()))
    return out


def _tone_view(contrast: dict[str, Any], paragraphs: list[float], comments: list[float]) -> dict[str, Any]:
    """Each side's mean sentiment: over argument sentences when the contrast has it (so the
    summary and the tone line agree), else over paragraphs and comments."""
    editorial = contrast.get("editorial_compound", _mean(paragraphs))
    comment = contrast.get("comment_compound", _mean(comments))
    return {"editorial": editorial, "comment": comment,
            "editorial_word": _tone(editorial), "comment_word": _tone(comment)}


def _contrast_dict(contrast: Any) -> dict[str, Any]:
    """A :class:`discourse.contrast.ThreadContrast` (or a plain dict) in the keys the view uses."""
    if contrast is None:
        return {}
    if hasattr(contrast, "to_dict"):
        contrast = contrast.to_dict()
    out = dict(contrast)
    if "divergence" not in out and "divergence_bits" in out:
        out["divergence"] = out["divergence_bits"]
    if "distinctive_words" not in out:
        out["distinctive_words"] = {"editorial": out.get("distinctive_editorial") or [],
                                    "comment": out.get("distinctive_comment") or []}
    return out


def _distinctive(words: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Distinctive words per side as ``[{"word", "z"}]``, whatever shape the contrast gave."""
    out: dict[str, list[dict[str, Any]]] = {}
    for side in ("editorial", "comment"):
        items = []
        for item in words.get(side) or []:
            if isinstance(item, dict):
                items.append({"word": item.get("word"), "z": item.get("z")})
            elif isinstance(item, (list, tuple)):
                items.append({"word": item[0], "z": item[1] if len(item) > 1 else None})
            else:
                items.append({"word": str(item), "z": None})
        out[side] = items
    return out


def _reply_structure_empty() -> dict[str, Any]:
    return {"edges": [], "max_depth": 0, "top_level": 0, "replies": 0, "most_replied": [], "link_sources": {}}
