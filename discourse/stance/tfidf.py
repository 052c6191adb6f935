"""A frozen TF-IDF block: the same arithmetic as ``TfidfVectorizer(sublinear_tf=True, norm="l2")``,
from plain data (terms, idf), so a model loaded from JSON scores exactly as the fitted one.

:func:`_fit_block` fits a block's vocabulary with scikit-learn; :func:`_transform_block` scores
texts with pure-Python analyzers that give the same terms (sklearn's vectorizer costs several
times more per short text).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from discourse.stance.tokens import _reply_terms, _target_tokens

_ANALYZERS = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)[\w@']+|[?!]"},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
    "target_word": {"analyzer": "word", "ngram_range": (1, 1), "token_pattern": r"(?u)[\w@']+"},
    "pair_word": {"analyzer": "word", "ngram_range": (1, 1), "token_pattern": r"\S+"},
}


@functools.lru_cache(maxsize=65536)
def _word_char_ngrams(word: str) -> tuple[str, ...]:
    """char_wb 2-5-grams of one word, as sklearn's ``_char_wb_ngrams`` makes them (cached per word:
    words recur across comments far more than texts do, and the n-gram loop was most of the cost)."""
    w = f" {word} "
    out: list[str] = []
    for n in range(2, 6):
        offset = 0
        out.append(w[offset:offset + n])
        while offset + n < len(w):
            offset += 1
            out.append(w[offset:offset + n])
        if offset == 0:  # the word is shorter than n: one n-gram, as sklearn
            break
    return tuple(out)


def _char_terms(text: str) -> list[str]:
    """The ``char`` block's terms (sklearn ``char_wb``, 2-5) of a text."""
    out: list[str] = []
    for word in text.split():
        out.extend(_word_char_ngrams(word))
    return out


#: Pure-Python analyzers of the word blocks: the same terms as the sklearn analyzers in
#: ``_ANALYZERS`` (``re.findall`` of the token pattern, n-grams joined by a space), used to transform,
#: because sklearn's vectorizer costs several times more per short text.
_FAST_ANALYZERS = {
    # the word block's vocabulary never holds a "p:" prefix term (":" is no token character), so the
    # cached terms of the word_prefix block count the same: one tokenisation per reply for both models
    "word": _reply_terms,
    "word_prefix": _reply_terms,
    "target_word": _target_tokens,
    "pair_word": str.split,
    "char": _char_terms,
}


def _fit_block(kind: str, docs: list[str], *, min_df: int, max_features: int) -> dict[str, Any]:
    opts = {"analyzer": _reply_terms} if kind == "word_prefix" else _ANALYZERS[kind]
    vec = TfidfVectorizer(lowercase=False, sublinear_tf=True, min_df=min_df, max_features=max_features,
                          dtype=np.float64, **opts)
    try:
        vec.fit(docs)
    except ValueError:  # empty vocabulary (tiny or empty inputs): an empty block
        return {"kind": kind, "terms": [], "idf": []}
    terms = vec.get_feature_names_out().tolist()
    idf = [float(f"{v:.5g}") for v in vec.idf_]
    return {"kind": kind, "terms": terms, "idf": idf}


@functools.lru_cache(maxsize=64)
def _counter(kind: str, terms: tuple[str, ...]) -> CountVectorizer:
    return CountVectorizer(lowercase=False, vocabulary={t: i for i, t in enumerate(terms)}, dtype=np.float64,
                           **_ANALYZERS[kind])


@functools.lru_cache(maxsize=64)
def _vocab(terms: tuple[str, ...]) -> dict[str, int]:
    return {t: i for i, t in enumerate(terms)}


_WORD_IDS_MAX = 200_000


@functools.lru_cache(maxsize=8)
def _word_ids(terms: tuple[str, ...]) -> dict[str, list[int]]:
    """Word -> the ids of its char n-grams in ``terms`` (filled by :func:`_fast_counts`)."""
    return {}


def _fast_counts(kind: str, terms: tuple[str, ...], docs: list[str]) -> sp.csr_matrix:
    """Term counts of ``docs`` (rows) over ``terms`` with the block's pure-Python analyzer."""
    analyze, vocab = _FAST_ANALYZERS[kind], _vocab(terms)
    indptr, indices = [0], []
    if kind == "char":  # char n-grams are per word: look each word's ids up once per vocabulary
        memo = _word_ids(terms)
        if len(memo) > _WORD_IDS_MAX:  # bound the memory of a long corpus run
            memo.clear()
        for d in docs:
            for w in d.split():
                ids = memo.get(w)
                if ids is None:
                    ids = memo[w] = [i for i in map(vocab.get, _word_char_ngrams(w)) if i is not None]
                indices.extend(ids)
            indptr.append(len(indices))
    else:
        for d in docs:
            indices.extend([i for i in map(vocab.get, analyze(d)) if i is not None])
            indptr.append(len(indices))
    X = sp.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                      shape=(len(docs), len(terms)))
    X.sum_duplicates()  # also sorts the indices, as CountVectorizer does
    return X


def _transform_block(block: dict[str, Any], docs: list[str]) -> sp.csr_matrix:
    terms = tuple(block["terms"])
    if not terms:
        return sp.csr_matrix((len(docs), 0))
    uniq: dict[str, int] = {}
    index = np.asarray([uniq.setdefault(d, len(uniq)) for d in docs], dtype=np.int64)
    kind = block["kind"]
    if kind in _FAST_ANALYZERS:
        X = _fast_counts(kind, terms, list(uniq))
    else:
        X = _counter(kind, terms).transform(list(uniq)).tocsr()
    # sublinear tf, idf and l2 norm on the unique documents (a reply is in two pairs, the lead in many)
    X.data = np.log(X.data) + 1.0
    X = X @ sp.diags(np.asarray(block["idf"], dtype=float))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ X)[index]

