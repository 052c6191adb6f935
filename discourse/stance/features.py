"""The dense features of a (text, target) pair: cue counts, discourse patterns, sentiment and
the reply's embedding. Stateless (nothing is fitted), cached per text where a text recurs.

Reply stance reads :func:`_reply_cues`; agreement reads :func:`agreement_cues`,
:func:`discourse_features` and :func:`_embed`; all three read :func:`_sentiment`.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from discourse.embeddings import load_wordllama as _load_wordllama
from discourse.errors import ModelError
from discourse.model import SENTIMENT_COLUMNS
from discourse.sentiment import sentence_aggregate_scores
from discourse.stance import lexicon
from discourse.stance.tokens import _PLACEHOLDERS, _PUNCT, _REPLY_TOKEN, _reply_terms, _reply_tokens

__all__ = [
    "DISCOURSE_NAMES",
    "EMBEDDING_DIM",
    "SENTIMENT_FEATURES",
    "agreement_cues",
    "discourse_features",
]

#: The sentiment scores the stance models read, of :data:`~discourse.model.SENTIMENT_COLUMNS`
#: (``neu`` left out: VADER's neg, neu and pos sum to 1, so it adds nothing).
SENTIMENT_FEATURES = tuple(c for c in SENTIMENT_COLUMNS if c != "neu")


# ---------------------------------------------------------------------------------------
# Cue tables: each lexicon's phrases, looked up among a text's tokens
# ---------------------------------------------------------------------------------------
def _cue_bits(lexicons: Sequence[Sequence[str]]) -> dict[tuple[str, ...], int]:
    """Cue phrase (its token tuple) -> bit mask of the lexicons that hold it (bit ``1 << i`` for
    ``lexicons[i]``)."""
    table: dict[tuple[str, ...], int] = {}
    for i, cues in enumerate(lexicons):
        for cue in cues:
            toks = tuple(_REPLY_TOKEN.findall(cue))
            table[toks] = table.get(toks, 0) | (1 << i)
    return table


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(c) for c in cues}, key=lambda c: (-len(c), c))
    return re.compile(r"(?<![\w'])(?:" + "|".join(alts) + r")(?![\w'])")


#: Reply-stance cues: a phrase of at most 2 tokens (joined by a space) -> bit mask (1 deny, 2 query,
#: 4 support, 8 negation); the longer phrases (the 3-word query cues "is this true", ...) are matched
#: on the text by a regex.
_REPLY_CUE_BITS = _cue_bits((lexicon.DENY_CUES, lexicon.QUERY_CUES, lexicon.SUPPORT_CUES, lexicon.NEGATION_CUES))
_CUES = {" ".join(k): m for k, m in _REPLY_CUE_BITS.items() if len(k) <= 2}
_LONG_CUE_LIST = tuple(sorted(" ".join(k) for k in _REPLY_CUE_BITS if len(k) > 2))
_LONG_CUES = _cue_pattern(_LONG_CUE_LIST)
#: Agreement cues: phrase (token tuple) -> 1 agree / 2 disagree, and the longest phrase's length.
_AGREEMENT_CUES = _cue_bits((lexicon.AGREE_CUES, lexicon.DISAGREE_CUES))
_AGREEMENT_CUE_MAX = max(len(k) for k in _AGREEMENT_CUES)
_AGREEMENT_FIRST = frozenset(k[0] for k in _AGREEMENT_CUES)


# ---------------------------------------------------------------------------------------
# Reply stance
# ---------------------------------------------------------------------------------------
def _reply_cues(t: str) -> tuple[frozenset[str], tuple[float, ...], tuple[float, ...]]:
    """The dense features of a normalised reply from one pass over its terms: its word set (for
    overlaps), the cue features (deny, query, support, negation counts capped at 3 and scaled; "?"
    presence and count; a question-word start) and the surface features (URL, only mentions/URLs,
    log length, empty).

    Cues are looked up among the reply's 1-2-gram terms (one dictionary lookup per term, shared with
    the TF-IDF block, instead of one regex pass per lexicon, which cost a quarter of the stage); the
    three 3-word query cues ("is this true", ...) by a regex; negations ending in "n't" by a count.

    >>> _reply_cues("is this true? fake")[1][:4]
    (0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.0)
    """
    terms = _reply_terms(t)
    deny = support = 0
    # the regex only where a longer cue occurs as a substring (a C-level test, rarely true)
    query = len(_LONG_CUES.findall(t)) if any(c in t for c in _LONG_CUE_LIST) else 0
    neg = t.count("n't")
    for m in map(_CUES.get, terms):
        if m:
            deny += m & 1
            query += (m >> 1) & 1
            support += (m >> 2) & 1
            neg += (m >> 3) & 1
    n_q = t.count("?")
    toks = t.split()
    words = frozenset(_reply_tokens(t)) - _PLACEHOLDERS - _PUNCT
    head = (min(deny, 3) / 3, min(query, 3) / 3, min(support, 3) / 3, min(neg, 3) / 3,
            float(n_q > 0), min(n_q, 3) / 3, float(bool(terms) and terms[0] in lexicon.WH_START))
    tail = (float("httpurl" in t), float(bool(t) and all(w in _PLACEHOLDERS for w in toks)),
            math.log1p(len(t)) / 6, float(not t))
    return words, head, tail


# ---------------------------------------------------------------------------------------
# Agreement: negation-aware cues, discourse patterns, the reply's embedding
# ---------------------------------------------------------------------------------------
def _agreement_counts(tokens: tuple[str, ...]) -> tuple[int, int]:
    """(agree, disagree) cue counts of a token sequence; a cue with a negation among the
    ``CUE_NEGATION_WINDOW`` tokens before it counts for the other side. One dictionary lookup per
    token and phrase length (not one scan per cue: this runs on every comment and parent)."""
    agree = disagree = 0
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok not in _AGREEMENT_FIRST:  # most tokens start no cue: one set test
            continue
        for k in range(1, min(_AGREEMENT_CUE_MAX, n - i) + 1):
            side = _AGREEMENT_CUES.get(tokens[i:i + k])
            if not side:
                continue
            before = tokens[max(0, i - lexicon.CUE_NEGATION_WINDOW):i]
            negated = any(w in lexicon.NEGATION_WORDS or w.endswith("n't") for w in before)
            # "not true" is a disagree cue that contains its negation: its "true" is no negated agree cue
            if k == 1 and i and tokens[i - 1] == "not" and _AGREEMENT_CUES.get(tokens[i - 1:i + 1]) == 2:
                continue
            if side & 1:
                agree, disagree = (agree, disagree + 1) if negated else (agree + 1, disagree)
            if side & 2:
                agree, disagree = (agree + 1, disagree) if negated else (agree, disagree + 1)
    return agree, disagree


@functools.lru_cache(maxsize=4096)
def agreement_cues(text: str) -> tuple[float, ...]:
    """Negation-aware cue features of a normalised text: agree and disagree cue counts (a negated
    cue counts for the other side; each capped at 3 and scaled to [0, 1]), "?" presence, log length.

    >>> agreement_cues("exactly, well said")[:2]
    (0.6666666666666666, 0.0)
    >>> agreement_cues("that is not true")[:2]
    (0.0, 0.3333333333333333)
    >>> agreement_cues("you're not wrong")[:2]
    (0.3333333333333333, 0.0)
    """
    agree, disagree = _agreement_counts(_reply_tokens(text))
    return (min(agree, 3) / 3, min(disagree, 3) / 3, float("?" in text), math.log1p(len(text)) / 6)


#: The compiled reply openings (:data:`~discourse.stance.lexicon.REPLY_OPENINGS`).
_OPENINGS = tuple(re.compile(p) for p in lexicon.REPLY_OPENINGS.values())
#: The first characters each opening pattern can match: a reply is tried only against the patterns
#: its first character allows (the same flags, fewer regex calls).
_OPENING_FIRST = tuple(frozenset(alt[0] for alt in p.removeprefix("(?:").split(")")[0].split("|"))
                       for p in lexicon.REPLY_OPENINGS.values())
_YOU_WORDS = r"you|your|you're|youre|yourself|u|ur"
#: "you", "I" and "they" words in one pass (the groups tell which; the word sets do not overlap).
_PERSONS = re.compile(rf"\b(?:({_YOU_WORDS})|(i|i'm|im|me|my|i've|i'd)|"
                      r"(we|us|our|they|them|their|these people|those people))\b")
_INSULT = re.compile(r"\b(?:" + "|".join(map(re.escape, lexicon.INSULT_WORDS)) + r"|retard\w*|covidiot\w*)\b")
DISCOURSE_NAMES = (
    *lexicon.REPLY_OPENINGS, "you", "i", "we_they", "insult", "insult_you", "target_you", "target_insult",
    "target_ends_question", "target_question_mark", "ends_question", "has_quote_mark", "starts_quote",
    "exclamation", "laugh", "sarcasm_tag", "shared_bigrams", "quotes_target",
)


def _capped(n: int) -> float:
    return min(n, 3) / 3


@functools.lru_cache(maxsize=4096)
def _text_discourse(t: str) -> tuple[tuple[float, ...], frozenset[tuple[str, str]], tuple[float, ...], int, bool]:
    """What :func:`discourse_features` reads of one normalised text, on either side of a pair (cached:
    a reply is in two pairs and is the target of its own replies; the lead is every comment's target):
    the reply-side head (openings, person and insult cues) and tail (questions, "!", laughter, "/s"),
    the word bigram set, and the "you" count and insult flag the target side needs."""
    insult = bool(_INSULT.search(t))
    you = me = they = 0
    for y, i, th in _PERSONS.findall(t):
        you, me, they = you + bool(y), me + bool(i), they + bool(th)
    first = t[:1]
    head = (*(float(first in chars and bool(p.match(t))) for p, chars in zip(_OPENINGS, _OPENING_FIRST, strict=True)),
            _capped(you), _capped(me), _capped(they), float(insult), float(insult and you > 0))
    tail = (float(t.rstrip().endswith("?")), float("!" in t), float(any(w in t for w in lexicon.LAUGH_WORDS)),
            float("/s" in t))
    return head, frozenset(itertools.pairwise(t.split())), tail, you, insult


def discourse_features(raw_text: str, t: str, g: str) -> tuple[float, ...]:
    """Topic-free discourse features of a reply (raw text and normalised ``t``) toward a normalised
    target ``g``: opening patterns (:data:`~discourse.stance.lexicon.REPLY_OPENINGS`), second/first/third-person and
    insult cues, questions on either side, quote marks, laughter, "/s", and how much of the target the
    reply repeats (shared word bigrams; >= 3 shared bigrams as a flag for quoting). Names:
    :data:`DISCOURSE_NAMES`.

    >>> f = dict(zip(DISCOURSE_NAMES, discourse_features("No, you idiot.", "no, you idiot.", "masks work")))
    >>> f["open_no"], f["insult_you"], f["open_yes"]
    (1.0, 1.0, 0.0)
    """
    head, bigrams, (ends_q, excl, laugh, sarcasm), _, _ = _text_discourse(t)
    _, g_bigrams, (g_endq, *_), g_you, g_insult = _text_discourse(g)
    shared = len(bigrams & g_bigrams)
    quote_mark = '"' in raw_text or "\u201c" in raw_text
    starts_quote = raw_text.strip().startswith(('"', "\u201c"))
    return (*head, _capped(g_you), float(g_insult), g_endq, float("?" in g), ends_q, float(quote_mark),
            float(starts_quote), excl, laugh, sarcasm, shared / max(len(g_bigrams), 1), float(shared >= 3))


#: Width of the reply embedding (wordllama's 256-dimensional static token embeddings, mean-pooled).
EMBEDDING_DIM = 256


_WORD_VECTORS_MAX = 200_000


@functools.lru_cache(maxsize=1)
def _word_vectors() -> dict[str, Any]:
    """Word -> row of the summed wordllama token embeddings of that word (filled by :func:`_embed`)."""
    return {"index": {}, "rows": []}


def _embed(texts: list[str]) -> np.ndarray:
    """Unit-length reply embeddings: the sum of the wordllama token embeddings of the text's
    whitespace-separated words, each word tokenized on its own (so each distinct word is tokenized
    once per process, as the char n-grams are counted per word), normalised to length 1 (a mean
    pooling up to scale). Rounded to 6 decimals, so summation order cannot change a value."""
    memo = _word_vectors()
    if len(memo["index"]) > _WORD_VECTORS_MAX:  # bound the memory of a long corpus run
        memo["index"].clear()
        memo["rows"].clear()
    index: dict[str, int] = memo["index"]
    docs = [t.split() for t in texts]
    new = sorted({w for d in docs for w in d if w not in index})
    if new:
        wl = _load_wordllama()
        if wl.embedding.shape[1] != EMBEDDING_DIM:
            raise ModelError(f"wordllama embeddings have {wl.embedding.shape[1]} dimensions, expected {EMBEDDING_DIM}")
        for enc, w in zip(wl.tokenize(new), new, strict=True):
            ids = [i for i, m in zip(enc.ids, enc.attention_mask, strict=True) if m]
            index[w] = len(memo["rows"])
            memo["rows"].append(wl.embedding[np.clip(ids, 0, wl.embedding.shape[0] - 1)].astype(np.float64).sum(axis=0)
                                if ids else np.zeros(EMBEDDING_DIM))
    indptr, cols = [0], []
    for d in docs:
        cols.extend(index[w] for w in d)
        indptr.append(len(cols))
    counts = sp.csr_matrix((np.ones(len(cols)), np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                           shape=(len(docs), max(len(memo["rows"]), 1)))
    rows = np.vstack(memo["rows"]) if memo["rows"] else np.zeros((1, EMBEDDING_DIM))
    emb = np.asarray(counts @ rows)
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.round(emb / norms, 6)


# ---------------------------------------------------------------------------------------
# Sentiment
# ---------------------------------------------------------------------------------------
def _sentiment(texts: list[str]) -> np.ndarray:
    """neg, pos, compound of each text as the sentiment stage scores a comment (sentence
    aggregate; cached per sentence, so after ``score_sentiment`` this is nearly free)."""
    seen: dict[str, tuple[float, float, float]] = {}  # a reply is in two pairs: score it once
    out = np.zeros((len(texts), 3))
    for i, t in enumerate(texts):
        if t:
            if t not in seen:
                neg, _, pos, comp = sentence_aggregate_scores(t)
                seen[t] = (neg, pos, comp)
            out[i] = seen[t]
    return out


def _text_sentiment(frame: pl.DataFrame, texts: list[str]) -> np.ndarray:
    """:data:`SENTIMENT_FEATURES` of each row's ``texts``: the sentiment stage's columns of ``frame``
    when it ran (a comment is not scored twice), else scored here."""
    if all(c in frame.columns for c in SENTIMENT_FEATURES):
        return frame.select(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in SENTIMENT_FEATURES).to_numpy()
    return _sentiment(texts)
