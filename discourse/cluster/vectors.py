"""The clusterer's vectors: wordllama token counts pooled with SIF weights, the TF-IDF + LSA block,
and :func:`embed_texts` (plain mean vectors comparable across threads)."""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from discourse._threads import one_blas_thread
from discourse.embeddings import load_wordllama, wordllama_available
from discourse.language import stop_words_for

__all__ = ["embed_texts", "mean_direction", "resolve_representation", "wordllama_available"]

logger = logging.getLogger("discourse.cluster")

#: The old, private name of :func:`discourse.embeddings.load_wordllama` (kept as an alias).
_load_wordllama = load_wordllama


def _token_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """texts x vocabulary token counts under wordllama's tokenizer.

    Counted once per fit: the clusterer pools them for its vectors, its keyword ranking and
    the thread's centroid (:func:`mean_direction`), so nothing has to count the texts again.
    """
    return _count_tokens(texts)


@functools.lru_cache(maxsize=1)
def _plain_tokenizer() -> Any:
    """wordllama's tokenizer without its padding: the same token ids, one text at a time.

    ``WordLlama.tokenize`` pads every text of a batch to the longest one (one long article
    sentence pads a whole thread) and runs the batch on the tokenizers library's thread pool,
    which on a busy machine (a corpus run's workers fill the cores) cost 2-5x the plain calls.
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(load_wordllama().tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _count_tokens(texts: Sequence[str]) -> sp.csr_matrix:
    wl = load_wordllama()
    vocab = wl.embedding.shape[0]
    encode = _plain_tokenizer().encode
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        ids = encode(text, add_special_tokens=False).ids
        rows.extend([i] * len(ids))
        cols.extend(ids)
    cols_arr = np.clip(np.asarray(cols, dtype=np.int64), 0, vocab - 1)
    m = sp.csr_matrix((np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), cols_arr)), shape=(len(texts), vocab))
    m.sum_duplicates()
    return m


def _sif_embeddings(texts: list[str], sif_a: float | None) -> np.ndarray:
    """SIF-weighted mean of wordllama token vectors (``sif_a=None``: plain mean), unit rows."""
    return _pool(_token_counts(texts), sif_a)


def _pool(counts: sp.csr_matrix, sif_a: float | None) -> np.ndarray:
    """:func:`_sif_embeddings` of texts already counted by :func:`_token_counts`."""
    if sif_a is None:
        weights = np.ones(counts.shape[1])
    else:
        freq = np.asarray(counts.sum(axis=0)).ravel()
        weights = sif_a / (sif_a + freq / max(freq.sum(), 1.0))
    weighted = counts.multiply(weights[None, :]).tocsr()
    row_sum = np.asarray(weighted.sum(axis=1)).ravel()
    weighted = sp.diags(1.0 / np.maximum(row_sum, 1e-12)) @ weighted
    # only the vocabulary rows in use: multiplying by the whole 32000 x 256 table would copy it as float64
    used = np.unique(weighted.indices)
    emb = load_wordllama().embedding[used].astype(np.float64)
    return normalize(np.asarray(weighted[:, used] @ emb))


def _centre(x: np.ndarray) -> np.ndarray:
    return normalize(x - x.mean(axis=0, keepdims=True))


@functools.lru_cache(maxsize=8)
def _lsa_analyzer(language: str = "en") -> Any:
    """The word and two-word-phrase analyzer of the LSA block's TF-IDF (the language's stop words out).

    Built once per language: a vectorizer given ``stop_words`` checks the stop list against its own
    tokenizer on every fit (about 1.5 ms a thread); a vectorizer given this analyzer skips that
    and finds the same terms.
    """
    stop: Any = "english" if language == "en" else sorted(_stop_words(language))
    return TfidfVectorizer(ngram_range=(1, 2), stop_words=stop).build_analyzer()


def _lsa(
    texts: list[str], n_components: int, random_state: int, language: str = "en", *, texts_per_component: int = 3
) -> np.ndarray:
    """The TF-IDF + LSA block: at most ``n_components`` dimensions and at most one per
    ``texts_per_component`` texts (small threads need merged word senses)."""
    n_components = min(n_components, max(2, len(texts) // texts_per_component))
    tfidf = TfidfVectorizer(analyzer=_lsa_analyzer(language), sublinear_tf=True, min_df=1)
    try:
        m = tfidf.fit_transform(texts)
    except ValueError:  # only stop words / empty vocabulary
        return np.zeros((len(texts), 1))
    k = min(n_components, m.shape[1] - 1, m.shape[0] - 1)
    if k < 2:
        return normalize(m.toarray())
    with warnings.catch_warnings(), one_blas_thread():
        warnings.simplefilter("ignore", RuntimeWarning)  # explained-variance ratio of constant input: unused
        return normalize(TruncatedSVD(k, random_state=random_state).fit_transform(m))


def embed_texts(texts: list[str], *, representation: str = "auto", centre: bool = False) -> np.ndarray:
    """Unit-length sentence vectors for corpus-level comparisons (no thread-specific weighting).

    ``representation="wordllama"`` (or ``"auto"`` when installed): mean of wordllama token
    vectors; otherwise a hashed TF-IDF vector (fixed dimension, so vectors of different
    threads are comparable without fitting a vocabulary).
    """
    texts = [t or "" for t in texts]
    if resolve_representation(representation) == "wordllama":
        x = _sif_embeddings(texts, None) if texts else np.zeros((0, 256))
    else:
        hv = HashingVectorizer(n_features=2**12, stop_words="english", alternate_sign=False, norm="l2")
        x = hv.transform(texts).toarray()
    return _centre(x) if centre and len(texts) else x


def resolve_representation(representation: str) -> str:
    """The representation :func:`embed_texts` uses for ``representation``: "wordllama" or "tfidf".

    >>> resolve_representation("tfidf")
    'tfidf'
    """
    return "wordllama" if representation in ("auto", "wordllama") and wordllama_available() else "tfidf"


def mean_direction(
    texts: list[str], *, representation: str = "auto", counts: sp.csr_matrix | None = None
) -> np.ndarray | None:
    """The unit-length mean of the texts' :func:`embed_texts` vectors (None without texts).

    ``counts``: the texts' wordllama token counts (:func:`_token_counts`) when they are already
    known, so the texts are not counted again (the same vectors either way).
    """
    if not texts:
        return None
    if counts is not None and resolve_representation(representation) == "wordllama":
        x = _pool(counts, None)
    else:
        x = embed_texts(texts, representation=representation)
    return normalize(np.asarray(x).mean(axis=0).reshape(1, -1))[0]


def _stop_words(language: str) -> frozenset[str]:
    """Stop words of the thread's language (discourse.language); English: scikit-learn's list."""
    return stop_words_for(language)

