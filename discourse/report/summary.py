"""The plain-English summary sentences of a thread's contrast, built only from its numbers.

:func:`discourse.contrast.contrast_thread` measures; this module says it in words
(:attr:`ThreadContrast.summary <discourse.contrast.ThreadContrast>`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from discourse.metrics import TONES

if TYPE_CHECKING:
    from discourse.contrast import ThreadContrast

__all__ = ["agreement_sentence", "divergence_sentence", "summarise", "tone_sentence"]

#: How many clusters / words the summary sentences name.
SUMMARY_TOP = 2


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


def _mostly(mix: dict[str, int]) -> str | None:
    """How most comments of an agreement mix relate to the article ("mostly agreeing with it")."""
    total = sum(mix.values())
    if not total:
        return None
    lab, n = max(mix.items(), key=lambda kv: (kv[1], kv[0] == "neutral"))
    verb = {"agree": "agreeing with", "disagree": "disagreeing with",
            "neutral": "neither agreeing nor disagreeing with"}[lab]
    return f"mostly {verb} it" if n / total > 0.5 else f"most often {verb} it"


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


def summarise(r: ThreadContrast) -> list[str]:
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
