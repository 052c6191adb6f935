"""Normalising and tokenising posts: one pass per text, cached (a reply is in two pairs, and the
article's lead is the target of every comment).

Shared by the frozen TF-IDF blocks (:mod:`discourse.stance.tfidf`) and the dense features
(:mod:`discourse.stance.features`).
"""

from __future__ import annotations

import functools
import itertools
import re

from discourse.text import normalize_text

__all__ = ["MENTION_RE", "PREFIX_LEN", "PREFIX_MIN_LEN", "URL_RE", "normalize_post"]

URL_RE = re.compile(r"https?://\S+|www\.\S+")
MENTION_RE = re.compile(r"@\w+")
_REPLY_TOKEN = re.compile(r"(?u)[\w@']+|[?!]")
_TARGET_TOKEN = re.compile(r"(?u)[\w@']+")
_PLACEHOLDERS = frozenset(("@user", "httpurl"))
_PUNCT = frozenset(("?", "!"))

#: Words longer than this also give their first ``PREFIX_LEN`` letters as a feature ("p:deba" for
#: "debunked", "debating"): a cheap stand-in for char n-grams (morphology, typos), which cost more than
#: the rest of the stance stage together (Python n-gram extraction) and scored only 0.003 macro-F1 more.
PREFIX_MIN_LEN = 5
PREFIX_LEN = 4


@functools.lru_cache(maxsize=4096)
def normalize_post(text: str | None) -> str:
    """Cleaned, lower-cased text with URLs and @mentions mapped to placeholders.

    >>> normalize_post("@bob Is this TRUE?? http://t.co/x &amp; more")
    '@user is this true?? httpurl & more'
    """
    t = normalize_text(text or "")
    t = URL_RE.sub(" httpurl ", t)
    t = MENTION_RE.sub(" @user ", t)
    return " ".join(t.lower().split())


@functools.lru_cache(maxsize=4096)
def _reply_tokens(text: str) -> tuple[str, ...]:
    """Word tokens of a normalised reply, ``?`` and ``!`` as tokens (cached: read by two features)."""
    return tuple(_REPLY_TOKEN.findall(text))


@functools.lru_cache(maxsize=4096)
def _reply_terms(text: str) -> tuple[str, ...]:
    """Terms of the ``word_prefix`` block: word 1-2-grams (``?``/``!`` as words) and word prefixes.

    >>> _reply_terms("fake news?")
    ('fake', 'news', '?', 'fake news', 'news ?')
    >>> _reply_terms("debunked")
    ('debunked', 'p:debu')
    """
    toks = _reply_tokens(text)
    out = list(toks)
    out += [f"{a} {b}" for a, b in itertools.pairwise(toks)]
    out += ["p:" + w[:PREFIX_LEN] for w in toks if len(w) > PREFIX_MIN_LEN and w[0].isalpha()]
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _target_tokens(text: str) -> list[str]:
    """Word tokens of a target (the ``target_word`` analyzer); cached: the lead is every comment's target."""
    return _TARGET_TOKEN.findall(text)


@functools.lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    """Word set of a normalised target / source text (the same lead is the target of every comment)."""
    return frozenset(_target_tokens(text)) - _PLACEHOLDERS


def _jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not (a and b):
        return 0.0
    inter = len(a & b)  # |a | b| = |a| + |b| - |a & b|: no union set built
    return inter / (len(a) + len(b) - inter)

