"""Stage 3: argument units, the :class:`ArgumentClusterer` and readable cluster labels.

The clusterer groups short argumentative sentences by what they argue. Its default
representation, chosen by cross-validation across the ArgKP-2021 training topics
(``bench/tune_cluster.py``; figures in ``discourse/models/argument_clusterer.md``):

1. wordllama static token embeddings (256 dimensions, weights inside the wheel, loaded
   offline once per process), pooled per sentence with SIF weights ``a / (a + p(w))`` where
   ``p(w)`` is the token's frequency in the texts being clustered: a thread's own frequent
   words (its topic, function words) weigh little, rare content words a lot;
2. the mean vector is subtracted (topic removal: every sentence of a thread shares its
   topic, so what separates arguments is the deviation from it), rows re-normalised;
3. concatenated with a TF-IDF + LSA block (same centring), which helps when arguments share
   rare literal words; its weight grows with the number of texts (small threads: embeddings);
4. average-link agglomerative clustering under a cosine-distance threshold: the number of
   clusters follows from the threshold; stragglers (members far from their cluster's
   centroid) and clusters smaller than ``min_cluster_size`` become noise (label ``-1``, the
   "other" group).

Without wordllama (``representation="tfidf"``, or the package missing) the TF-IDF + LSA
block is used alone with its own threshold. For more than ``max_exact`` texts the
hierarchy is built on a deterministic sample and every text is assigned to the nearest
cluster centroid (stragglers then cut as above), so time and memory stay roughly linear in
the number of texts.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import ThreadpoolController

from discourse.errors import SchemaError
from discourse.model import CLUSTER_SCHEMA, SENTENCE_SCHEMA, ThreadTables, conform, empty
from discourse.text import tokenize

__all__ = [
    "CLUSTER_OPTIONS",
    "NOISE",
    "ArgumentClusterer",
    "ClusterOptions",
    "argument_units",
    "cluster_tables",
    "embed_texts",
    "is_argument_unit",
    "wordllama_available",
]

logger = logging.getLogger(__name__)

#: Label of the noise / "other" cluster.
NOISE = -1


class ClusterOptions:
    """Tuned defaults of the clusterer, in one place (tuned on ArgKP-2021 train, see the model card)."""

    __slots__ = (
        "full_weight_texts",
        "lsa_components",
        "max_exact",
        "min_cluster_size",
        "min_similarity",
        "sif_a",
        "small_texts",
        "texts_per_component",
        "tfidf_threshold",
        "tfidf_weight",
        "threshold",
    )

    def __init__(self) -> None:
        self.sif_a = 0.01  # SIF smoothing: weight a / (a + p(w))
        self.tfidf_weight = 0.6  # weight of the LSA block next to the embedding block ...
        self.full_weight_texts = 200  # ... reached at 200 texts, scaled down linearly below (small threads)
        self.threshold = 0.98  # average-link cosine distance threshold, embeddings
        self.tfidf_threshold = 1.0  # the same for the TF-IDF + LSA fallback
        self.lsa_components = 100  # at most this many LSA dimensions ...
        self.texts_per_component = 3  # ... and at most one per 3 texts: small threads need merged word senses
        self.min_cluster_size = 3
        # Below this many texts a pair is a cluster: on ArgKP train topics subsampled to 15/30
        # texts, min size 2 gave ARI 0.253/0.270 against 0.210/0.261 for 3; equal at 60 and 100.
        self.small_texts = 100
        self.min_similarity = 0.1  # a member less similar than this to its cluster's centroid is a straggler (noise)
        self.max_exact = 2000  # above this, sample-then-assign


CLUSTER_OPTIONS = ClusterOptions()

# --------------------------------------------------------------------------------------
# Argument units: which sentences are arguments at all.
# --------------------------------------------------------------------------------------

#: Sentences starting like this and short are greetings / sign-offs / applause, not arguments.
GREETING_PATTERN = re.compile(
    r"^\W*(hi|hello|hey|dear|greetings|thanks|thank you|thx|cheers|regards|best wishes|good (morning|evening|day)"
    r"|great (article|piece|post)|nice (article|piece|post)|well said|agreed|exactly|this|lol|lmao|haha\w*"
    r"|welcome|congratulations|congrats)\b",
    re.IGNORECASE,
)
#: A greeting-like sentence with at most this many tokens is dropped.
GREETING_MAX_TOKENS = 8
# Linear: a bare domain is matched from a token start only, dot-separated segments backtrack one at a time.
URL_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+|(?<!\S)[^\s.]+(?:\.[^\s.]+)*\.(?:com|org|net|gov|edu|co\.uk|pdf|html?)\b\S*",
    re.IGNORECASE,
)
MENTION_PATTERN = re.compile(r"@\w[\w.-]*")
#: Words that carry no argument: interjections, chat filler, bare insults.
FILLER_WORDS = frozenset(
    """lol lmao rofl haha hahaha hehe omg wtf wow yeah yes yep nope ok okay oh ah uh um hmm
    idiot idiots moron morons stupid dumb fool fools quack troll trolls clown clowns loser losers
    pathetic nonsense rubbish garbage crap bs shill shills""".split()
)
#: Words too generic to name a cluster (added to scikit-learn's English stop words for labels).
LABEL_STOP_WORDS = frozenset(
    """did does doing done want wants wanted say says said saying despite like just really actually
    think thinks make makes made going get gets got know way thing things lot also even still yes
    ve ll don didn doesn isn aren wasn won""".split()
)
#: Minimum number of content words (not stop words, not filler) for a sentence to be an argument unit.
MIN_CONTENT_WORDS = 3


def _content_words(text: str) -> list[str]:
    text = MENTION_PATTERN.sub(" ", URL_PATTERN.sub(" ", text))
    return [
        w
        for w in tokenize(text)
        if len(w) > 1 and not w.isdigit() and w not in ENGLISH_STOP_WORDS and w not in FILLER_WORDS
    ]


def is_argument_unit(text: str | None, *, min_content_words: int = MIN_CONTENT_WORDS) -> bool:
    """Whether one sentence is an argument unit.

    Dropped: greetings and sign-offs, bare insults and interjections, links and mentions
    alone, and fragments with fewer than ``min_content_words`` content words.

    >>> is_argument_unit("LOL who is this quack?")
    False
    >>> is_argument_unit("Thanks for the great article, John!")
    False
    >>> is_argument_unit("Russia wants to set gas prices in line with its European deals.")
    True
    """
    if not text:
        return False
    if GREETING_PATTERN.match(text) and len(tokenize(text)) <= GREETING_MAX_TOKENS:
        return False
    return len(_content_words(text)) >= min_content_words


def argument_units(
    sentences: pl.DataFrame, *, min_content_words: int = MIN_CONTENT_WORDS, column: str = "text"
) -> pl.DataFrame:
    """The rows of a sentences table that are argument units (see :func:`is_argument_unit`).

    The sentences table holds each side's own words only (quoted parent text is not in a
    replier's sentences), so nothing here has to strip quotes.

    Parameters
    ----------
    sentences : polars.DataFrame
        A ``SENTENCE_SCHEMA`` table (only ``column`` is required).
    min_content_words : int, default=3
        Minimum number of content words of a unit.
    column : str, default="text"
        The text column.

    Returns
    -------
    polars.DataFrame
        The unit rows, in their input order.
    """
    if column not in sentences.columns:
        raise SchemaError(f"sentences table: missing column {column!r}")
    # a plain loop: map_elements costs more than the test itself on a thread's few hundred sentences
    mask = pl.Series(
        [is_argument_unit(t, min_content_words=min_content_words) for t in sentences[column].to_list()],
        dtype=pl.Boolean,
    )
    return sentences.filter(mask)


# --------------------------------------------------------------------------------------
# Representation.
# --------------------------------------------------------------------------------------

_WORDLLAMA: Any = None


def wordllama_available() -> bool:
    """Whether the ``wordllama`` package (a dependency; the TF-IDF fallback covers its absence) is importable."""
    import importlib.util

    # find_spec, not import: importing wordllama reconfigures the root logger (see _load_wordllama).
    return importlib.util.find_spec("wordllama") is not None


def _load_wordllama() -> Any:
    """The wordllama model, loaded once per process and offline (weights ship in its wheel)."""
    global _WORDLLAMA
    if _WORDLLAMA is None:
        from pathlib import Path

        # wordllama calls logging.basicConfig(level=INFO) on import: keep the caller's root logger as it was
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            import wordllama
            from wordllama import WordLlama
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)

        # cache_dir must point at the package itself: otherwise it tries to download its tokenizer file.
        _WORDLLAMA = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        logger.debug("wordllama loaded")
    return _WORDLLAMA


def _token_counts(texts: list[str]) -> sp.csr_matrix:
    """texts x vocabulary token counts under wordllama's tokenizer (do not modify the result).

    The counts of the last two lists of texts are kept: a corpus run counts a thread's argument
    units for the clusterer and again for the thread's centroid, with the cluster label terms
    counted in between.
    """
    return _recent_token_counts(tuple(texts))


@functools.lru_cache(maxsize=2)
def _recent_token_counts(texts: tuple[str, ...]) -> sp.csr_matrix:
    return _count_tokens(texts)


@functools.lru_cache(maxsize=1)
def _plain_tokenizer() -> Any:
    """wordllama's tokenizer without its padding: the same token ids, one text at a time.

    ``WordLlama.tokenize`` pads every text of a batch to the longest one (one long article
    sentence pads a whole thread) and runs the batch on the tokenizers library's thread pool,
    which on a busy machine (a corpus run's workers fill the cores) cost 2-5x the plain calls.
    """
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(_load_wordllama().tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _count_tokens(texts: Sequence[str]) -> sp.csr_matrix:
    wl = _load_wordllama()
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
    emb = _load_wordllama().embedding[used].astype(np.float64)
    return normalize(np.asarray(weighted[:, used] @ emb))


@functools.lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    # Created once, after this module's imports loaded numpy's and scipy's BLAS: threadpool_limits
    # scans the loaded libraries again on every call (~2 ms, twice per thread of a corpus run).
    return ThreadpoolController()


def one_blas_thread() -> Any:
    """Context manager limiting BLAS to one thread.

    A thread's matrices are small, and threaded OpenBLAS on them is ~70x slower (0.97 s vs
    0.014 s for a 200-sentence thread, measured) when the cores are busy; a corpus run's
    parallelism is across inputs.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


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


def _lsa(texts: list[str], n_components: int, random_state: int, language: str = "en") -> np.ndarray:
    n_components = min(n_components, max(2, len(texts) // CLUSTER_OPTIONS.texts_per_component))
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
    if representation in ("auto", "wordllama") and wordllama_available():
        x = _sif_embeddings(texts, None) if texts else np.zeros((0, 256))
    else:
        from sklearn.feature_extraction.text import HashingVectorizer

        hv = HashingVectorizer(n_features=2**12, stop_words="english", alternate_sign=False, norm="l2")
        x = hv.transform(texts).toarray()
    return _centre(x) if centre and len(texts) else x


# --------------------------------------------------------------------------------------
# The estimator.
# --------------------------------------------------------------------------------------


class ArgumentClusterer(ClusterMixin, BaseEstimator):
    """Cluster short argument texts; the number of clusters is chosen by a distance threshold.

    Parameters
    ----------
    representation : {"auto", "wordllama", "tfidf"}, default="auto"
        ``"wordllama"``: SIF-pooled static embeddings, topic-centred, plus a TF-IDF + LSA
        block weighted by ``tfidf_weight``; ``"tfidf"``: the TF-IDF + LSA block alone (the
        fallback); ``"auto"``: wordllama when installed, else tfidf.
    distance_threshold : float or None, default=None
        Average-link cosine distance above which clusters are not merged. ``None``: the tuned
        value for the representation (``CLUSTER_OPTIONS``).
    sif_a : float, default=0.01
        SIF smoothing of the token weights.
    tfidf_weight : float, default=0.6
        Weight of the LSA block next to the embedding block (0 = embeddings alone), reached at
        200 texts and scaled down linearly for fewer (word overlap says little in small threads).
    min_cluster_size : int or "auto", default="auto"
        Smaller clusters become noise (label -1). ``"auto"``: 2 below 100 texts (a short thread's
        point is often made by just two sentences), 3 from 100 on (tuned on ArgKP train).
    min_similarity : float, default=0.1
        Stragglers: a text whose cosine similarity to its cluster's centroid is below this
        becomes noise (on ArgKP train about 2 % of the texts, ARI/AMI unchanged).
    n_keywords : int, default=8
        Number of c-TF-IDF keywords kept per cluster.
    max_exact : int, default=2000
        Above this many texts, cluster a deterministic sample and assign the rest.
    random_state : int, RandomState instance or None, default=0
        Seeds the LSA and the sample.
    language : str, default="en"
        ISO 639-1 code of the texts: sets the stop words of the TF-IDF block and of the keywords
        (discourse.language.stop_words_for; cluster_tables sets it per thread).

    Attributes
    ----------
    labels_ : ndarray of shape (n_texts,)
        Cluster per text, ``-1`` = noise. Clusters are numbered by decreasing size.
    n_clusters_ : int
        Number of clusters, noise excluded.
    cluster_labels_ : dict[int, str]
        Readable label per cluster: its most central short phrase (:func:`central_phrases`,
        key-point style); ``-1`` maps to ``"other"``.
    keyword_labels_ : dict[int, str]
        The top c-TF-IDF keywords as a label (the label before issue 20; shown beside the phrase).
    keywords_ : dict[int, list[str]]
        The top ``n_keywords`` c-TF-IDF keywords per cluster (BERTopic's class-based TF-IDF),
        with wordllama ordered by similarity to the cluster's mean embedding.
    examples_ : dict[int, int]
        Index of the most central text of each cluster (highest cosine to its centroid).
    sizes_ : dict[int, int]
        Number of texts per cluster (noise included).
    representation_ : str
        The representation used ("wordllama" or "tfidf").
    min_cluster_size_ : int
        The minimum cluster size used.
    vectors_ : ndarray of shape (n_texts, n_dims)
        The unit-length vectors the texts were clustered in.

    See Also
    --------
    cluster_tables : runs this per thread over a sentences table.

    Examples
    --------
    >>> texts = ["gas prices are too high", "gas price talks stalled again",
    ...          "the gas price deal may fail", "arms sales to china grow",
    ...          "russia sells arms and jets to china", "china buys russian arms"]
    >>> est = ArgumentClusterer(representation="tfidf", min_cluster_size=2).fit(texts)
    >>> est.labels_.tolist()
    [0, 0, 0, 1, 1, 1]
    >>> est.cluster_labels_[0], est.cluster_labels_[1]
    ('Gas price talks stalled again', 'Arms sales to china grow')
    >>> est.keyword_labels_[0], est.keyword_labels_[1]
    ('gas price', 'arms, china')
    """

    _parameter_constraints: dict = {  # noqa: RUF012 (sklearn's convention)
        "representation": [StrOptions({"auto", "wordllama", "tfidf"})],
        "distance_threshold": [Interval(Real, 0, 2, closed="both"), None],
        "sif_a": [Interval(Real, 0, None, closed="neither")],
        "tfidf_weight": [Interval(Real, 0, None, closed="left")],
        "min_cluster_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "min_similarity": [Interval(Real, -1, 1, closed="both")],
        "n_keywords": [Interval(Integral, 1, None, closed="left")],
        "max_exact": [Interval(Integral, 10, None, closed="left")],
        "random_state": ["random_state"],
        "language": [str],
    }

    def __init__(
        self,
        *,
        representation: str = "auto",
        distance_threshold: float | None = None,
        sif_a: float = CLUSTER_OPTIONS.sif_a,
        tfidf_weight: float = CLUSTER_OPTIONS.tfidf_weight,
        min_cluster_size: int | str = "auto",
        min_similarity: float = CLUSTER_OPTIONS.min_similarity,
        n_keywords: int = 8,
        max_exact: int = CLUSTER_OPTIONS.max_exact,
        random_state: Any = 0,
        language: str = "en",
    ) -> None:
        self.representation = representation
        self.distance_threshold = distance_threshold
        self.sif_a = sif_a
        self.tfidf_weight = tfidf_weight
        self.min_cluster_size = min_cluster_size
        self.min_similarity = min_similarity
        self.n_keywords = n_keywords
        self.max_exact = max_exact
        self.random_state = random_state
        self.language = language

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # -- representation ---------------------------------------------------------------

    def _vectors(self, texts: list[str], seed: int, counts: sp.csr_matrix | None) -> np.ndarray:
        lsa = _centre(_lsa(texts, CLUSTER_OPTIONS.lsa_components, seed, self.language))
        if counts is None:  # the tfidf representation
            return lsa
        emb = _centre(_pool(counts, self.sif_a))
        # Word overlap is a weak signal in a small thread (measured on train subsamples of 30/60
        # texts: best LSA weight 0 / 0.3, against 0.6 on whole topics), so its weight grows with n.
        weight = self.tfidf_weight * min(1.0, len(texts) / CLUSTER_OPTIONS.full_weight_texts)
        if weight > 0:
            emb = normalize(np.hstack([emb, weight * lsa]))
        return emb

    # -- fitting ----------------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: list[str], y: None = None) -> ArgumentClusterer:
        """Cluster the texts ``X`` (a list of strings).

        Parameters
        ----------
        X : list of str
            The texts.
        y : None
            Ignored.

        Returns
        -------
        self : ArgumentClusterer
        """
        texts = _as_texts(X)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if self.representation == "auto":
            self.representation_ = "wordllama" if wordllama_available() else "tfidf"
        else:
            self.representation_ = self.representation
        if self.representation_ == "wordllama" and not wordllama_available():
            from discourse.errors import ModelError

            raise ModelError(
                "ArgumentClusterer: representation='wordllama' needs the wordllama package (pip install wordllama)"
            )
        threshold = self.distance_threshold
        if threshold is None:
            wordllama = self.representation_ == "wordllama"
            threshold = CLUSTER_OPTIONS.threshold if wordllama else CLUSTER_OPTIONS.tfidf_threshold
        n = len(texts)
        self.min_cluster_size_ = (
            (2 if n < CLUSTER_OPTIONS.small_texts else CLUSTER_OPTIONS.min_cluster_size)
            if self.min_cluster_size == "auto"
            else int(self.min_cluster_size)
        )
        # wordllama token counts once: the vectors and the label ranking both pool them
        counts = _token_counts(texts) if n and self.representation_ == "wordllama" else None
        x = self._vectors(texts, seed, counts) if n else np.zeros((0, 1))
        raw = _drop_stragglers(x, self._cluster(x, threshold, rng), self.min_similarity)
        self.labels_ = _renumber(raw, self.min_cluster_size_)
        self.vectors_ = x
        self.n_clusters_ = int(self.labels_.max() + 1) if n and self.labels_.max() >= 0 else 0
        self.sizes_ = {int(k): int(v) for k, v in sorted(Counter(self.labels_.tolist()).items())}
        self.keywords_ = _ctfidf_keywords(texts, self.labels_, self.n_keywords, self.language)
        if counts is not None and self.keywords_:
            self.keywords_ = _rank_by_meaning(counts, self.labels_, self.keywords_)
        self.keyword_labels_ = {
            c: ("other" if c == NOISE else _label_from_keywords(self.keywords_.get(c, []), c)) for c in self.sizes_
        }
        # Readable labels: a central phrase of each cluster, its keywords kept beside it (keywords_).
        phrases = central_phrases(texts, self.labels_, self.keywords_, representation=self.representation_,
                                  language=self.language)
        self.cluster_labels_ = {c: phrases.get(c, label) for c, label in self.keyword_labels_.items()}
        self.examples_ = _central_examples(x, self.labels_)
        return self

    def _cluster(self, x: np.ndarray, threshold: float, rng: np.random.RandomState) -> np.ndarray:
        n = x.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if n == 1:
            return np.zeros(1, dtype=np.int64)
        if n <= self.max_exact:
            return _agglomerate(x, threshold)
        # Sample-then-assign keeps memory O(n) instead of the O(n^2) of the full hierarchy.
        sample = np.sort(rng.choice(n, size=self.max_exact, replace=False))
        sample_labels = _agglomerate(x[sample], threshold)
        sizes = Counter(sample_labels.tolist())
        keep = sorted(c for c, s in sizes.items() if s >= self.min_cluster_size_)
        labels = np.full(n, NOISE, dtype=np.int64)
        if not keep:
            return labels
        centroids = normalize(np.vstack([x[sample][sample_labels == c].mean(axis=0) for c in keep]))
        # Every text goes to its nearest centroid; stragglers are cut afterwards exactly as in the
        # exact path (a per-cluster "reach" test here left far too much noise: ArgKP train topics
        # sampled at 120 texts gave #pred/#gold 6.65 and ARI 0.219, nearest-centroid 1.11 and 0.275).
        keep_arr = np.asarray(keep, dtype=np.int64)
        for start in range(0, n, 8192):
            sims = x[start : start + 8192] @ centroids.T
            # Nearest centroid; a near-tie goes to the first centroid, not to floating-point noise.
            nearest = (sims >= sims.max(axis=1, keepdims=True) - TIE).argmax(axis=1)
            labels[start : start + 8192] = keep_arr[nearest]
        return labels

    def fit_predict(self, X: list[str], y: None = None, **kwargs: Any) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X).labels_

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "labels_")
        return np.array([f"cluster_{c}" for c in sorted(self.sizes_) if c != NOISE], dtype=object)


def _as_texts(x: Any) -> list[str]:
    if isinstance(x, str):
        raise ValueError("ArgumentClusterer expects a list of strings, got a single string")
    if isinstance(x, pl.Series):
        x = x.to_list()
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"ArgumentClusterer expects a 1-d list of strings, got an array of shape {x.shape}")
        x = x.tolist()
    texts = list(x)
    if not all(isinstance(t, str) for t in texts):
        raise ValueError("ArgumentClusterer expects a list of strings")
    return texts


def _agglomerate(x: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters under ``threshold``; all-zero rows (texts equal to the mean, e.g.
    duplicates of every other text) have no direction and form one group of their own."""
    zero = np.linalg.norm(x, axis=1) < 1e-9
    labels = np.zeros(x.shape[0], dtype=np.int64)
    rest = np.flatnonzero(~zero)
    if rest.size >= 2:
        model = AgglomerativeClustering(
            n_clusters=None, distance_threshold=threshold, linkage="average", metric="cosine"
        )
        labels[rest] = model.fit_predict(x[rest])
    labels[zero] = labels.max() + 1 if rest.size else 0
    return labels


def _drop_stragglers(x: np.ndarray, labels: np.ndarray, min_similarity: float) -> np.ndarray:
    """Members less similar than ``min_similarity`` to their cluster's centroid become noise."""
    labels = labels.copy()
    for c in np.unique(labels):
        if c == NOISE:
            continue
        idx = np.flatnonzero(labels == c)
        if idx.size < 2:
            continue
        centroid = x[idx].mean(axis=0)
        norm = np.linalg.norm(centroid)
        if norm < 1e-9:  # a group of direction-less (all-zero) rows: identical texts, keep them together
            continue
        labels[idx[x[idx] @ (centroid / norm) < min_similarity]] = NOISE
    return labels


def _renumber(raw: np.ndarray, min_size: int) -> np.ndarray:
    """Small clusters to noise; the rest numbered 0.. by decreasing size, ties by first index."""
    counts = Counter(int(v) for v in raw.tolist() if v != NOISE)
    first: dict[int, int] = {}
    for i, v in enumerate(raw.tolist()):
        first.setdefault(int(v), i)
    kept = sorted((c for c, s in counts.items() if s >= min_size), key=lambda c: (-counts[c], first[c]))
    mapping = {c: i for i, c in enumerate(kept)}
    return np.array([mapping.get(int(v), NOISE) for v in raw.tolist()], dtype=np.int64)


def _ctfidf_keywords(
    texts: list[str], labels: np.ndarray, n_keywords: int, language: str = "en"
) -> dict[int, list[str]]:
    """Class-based TF-IDF (BERTopic): tf of the term in the cluster's joined text, times
    log(1 + mean words per cluster / the term's frequency over all clusters).

    Terms are words and two-word phrases of adjacent words (a phrase never spans a stop word:
    "offended when someone attacks" gives no "offended attacks"). A keyword must occur in at
    least two of the cluster's texts (when it has two), so a label names what the cluster
    shares rather than one sentence's phrase; a cluster whose texts share no term at all
    (two sentences making one point in other words) is named by its best terms regardless.
    """
    clusters = sorted(c for c in set(labels.tolist()) if c != NOISE)
    if not clusters:
        return {}
    member = np.flatnonzero(labels != NOISE)
    cv = CountVectorizer(analyzer=functools.partial(_label_terms, language=language), lowercase=False)
    try:
        per_text = cv.fit_transform([texts[i] for i in member]).astype(np.float64)
    except ValueError:  # nothing but stop words
        return {c: [] for c in clusters}
    index = {c: i for i, c in enumerate(clusters)}
    onehot = sp.csr_matrix(
        (np.ones(member.size), ([index[int(labels[i])] for i in member], np.arange(member.size))),
        shape=(len(clusters), member.size),
    )
    counts = (onehot @ per_text).tocsr()
    doc_freq = (onehot @ (per_text > 0).astype(np.float64)).toarray()
    sizes = np.asarray(onehot.sum(axis=1)).ravel()
    vocab = cv.get_feature_names_out()
    tf = normalize(counts, norm="l1", axis=1)
    total = np.asarray(counts.sum(axis=0)).ravel()
    mean_words = counts.sum() / len(clusters)
    idf = np.log1p(mean_words / np.maximum(total, 1.0))
    all_scores = tf.multiply(idf[None, :]).toarray()
    scores = np.where(doc_freq < np.minimum(2, sizes)[:, None], 0.0, all_scores)
    unshared = ~(scores > 0).any(axis=1)
    scores[unshared] = all_scores[unshared]
    out: dict[int, list[str]] = {}
    is_phrase = np.char.count(vocab.astype(str), " ") > 0
    for row, c in enumerate(clusters):
        # by score; ties: phrases first (they say more than their words), then alphabetical
        order = np.lexsort((vocab, ~is_phrase, -np.round(scores[row], 12)))
        out[c] = [str(vocab[j]) for j in order[:n_keywords] if scores[row, j] > 0]
    return out


_LABEL_TOKEN = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b")
_LABEL_STOP = frozenset(ENGLISH_STOP_WORDS | LABEL_STOP_WORDS)
#: Words of any alphabet ("für", "Ökonomie"), for threads not in English (English keeps the ASCII pattern).
_LABEL_TOKEN_ANY = re.compile(r"(?u)\b[^\W\d_](?:[^\W\d_]|['-])+\b")


def _stop_words(language: str) -> frozenset[str]:
    """Stop words of the thread's language (discourse.language); English: scikit-learn's list."""
    from discourse.language import stop_words_for

    return stop_words_for(language)


@functools.lru_cache(maxsize=8)
def _label_stop(language: str) -> frozenset[str]:
    return _LABEL_STOP if language == "en" else frozenset(_stop_words(language) | LABEL_STOP_WORDS)


def _label_terms(text: str, language: str = "en") -> list[str]:
    """Label candidates of one text: content words and phrases of two adjacent content words.

    >>> _label_terms("China will take over world leadership from the US")
    ['china', 'world', 'leadership', 'US', 'world leadership']
    """
    # "US" (the country, in capitals) is not the stop word "us"
    pattern = _LABEL_TOKEN if language == "en" else _LABEL_TOKEN_ANY
    tokens = [t if t == "US" and language == "en" else t.lower() for t in pattern.findall(text)]
    stop = _label_stop(language)
    content = [t not in stop for t in tokens]
    words = [t for t, c in zip(tokens, content, strict=True) if c]
    pairs = [f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if content[i] and content[i + 1]]
    return words + pairs


def _rank_by_meaning(counts: sp.csr_matrix, labels: np.ndarray, keywords: dict[int, list[str]]) -> dict[int, list[str]]:
    """Reorder each cluster's c-TF-IDF keywords by cosine similarity to the cluster's mean
    embedding (BERTopic's "KeyBERTInspired" step): among terms the cluster uses distinctively,
    the ones closest to what it says come first ("world leadership" before "se change")."""
    terms = sorted({w for ws in keywords.values() for w in ws})
    if not terms:
        return keywords
    index = {w: i for i, w in enumerate(terms)}
    term_vectors = embed_texts(terms, representation="wordllama")
    clusters = sorted(keywords)
    row_of = {c: i for i, c in enumerate(clusters)}
    sums = np.zeros((len(clusters), term_vectors.shape[1]))
    member = np.flatnonzero(np.isin(labels, clusters))
    for start in range(0, member.size, 4096):  # a block at a time: no n x 256 matrix for big threads
        block = member[start : start + 4096]
        vectors = _pool(counts[block], None)  # the texts' plain mean vectors, as embed_texts gives
        np.add.at(sums, [row_of[int(c)] for c in labels[block]], vectors)
    out: dict[int, list[str]] = {}
    for c, words in keywords.items():
        centroid = sums[row_of[c]]
        sims = term_vectors[[index[w] for w in words]] @ centroid
        out[c] = [words[j] for j in np.lexsort((np.arange(len(words)), -np.round(sims, 9)))]
    return out


def _label_from_keywords(keywords: list[str], cluster: int, n: int = 3) -> str:
    """A short label: the top keywords; a phrase takes the place of its own words ("gas", "price"
    then "gas price" gives "gas price"), and a keyword adding no new word is skipped.

    >>> _label_from_keywords(["russia", "china", "china russia", "progress", "russia china", "states"], 0)
    'china russia, progress, states'
    """
    chosen: list[str] = []
    for w in keywords:
        parts = set(w.split())
        if any(parts <= set(c.split()) for c in chosen):
            continue
        inside = [i for i, c in enumerate(chosen) if set(c.split()) < parts]
        if inside:
            chosen[inside[0]] = w
            chosen = [c for i, c in enumerate(chosen) if i not in inside[1:]]
        else:
            chosen.append(w)
        if len(chosen) == n:
            break
    return ", ".join(chosen) if chosen else f"cluster {cluster}"


#: A cluster label is a phrase of the cluster (key-point style: ArgKP's expert key points have 6
#: words on average); longer candidates lose :data:`LABEL_LENGTH_PENALTY` per word over this.
#: Chosen on ArgKP train (bench/bench_labels.py --grid; the card has the grid's spread).
LABEL_MAX_WORDS = 8
#: Fewest words of a candidate phrase (shorter clauses are fragments: "as well", "in fact").
LABEL_MIN_WORDS = 3
LABEL_LENGTH_PENALTY = 0.02
#: A label that is still longer (a long sentence without clauses) is cut here, with an ellipsis.
LABEL_CUT_WORDS = 12
#: Weight of the share of the cluster's first three keywords a candidate contains: a label should
#: name what the members share, not what one member adds (0.3 beat 0 and 0.1 on ArgKP train).
LABEL_KEYWORD_WEIGHT = 0.3
#: Clause boundaries inside a sentence: punctuation and the conjunctions that start a reason or
#: a contrast ("uniforms save money because ..." gives "uniforms save money").
# Linear: a space run is entered only at its start (the lookbehinds), never at each of its spaces.
_CLAUSE_SPLIT = re.compile(
    r"[,;:()\u2013\u2014]\s*|(?<=[.!?])\s+|(?<!\s)\s+-\s+"
    r"|(?<!\s)\s+(?=(?:because|but|although|though|while|since|so that|whereas|which)\b)",
    re.IGNORECASE,
)


def _clean_phrase(text: str) -> str:
    """A phrase as a label: no stray quotes or trailing punctuation, first letter upper case.

    >>> _clean_phrase("`it is a good way to instill discipline.")
    'It is a good way to instill discipline'
    """
    text = " ".join(text.split()).strip(" `'\"“”‘’.,;:!?-–—")
    return text[:1].upper() + text[1:]


def _cut_words(text: str, n: int) -> str:
    """At most ``n`` words; a cut is marked with an ellipsis.

    >>> _cut_words("one two three four", 3), _cut_words("one two", 3)
    ('one two three …', 'one two')
    """
    words = text.split()
    return text if len(words) <= n else " ".join(words[:n]).rstrip(",;:") + " …"


def _label_candidates(text: str) -> list[str]:
    """The phrases of one text a label can be: the text and each clause of it, cleaned.

    >>> for phrase in _label_candidates("Uniforms save money, because parents buy fewer clothes."):
    ...     print(phrase)
    Uniforms save money, because parents buy fewer clothes
    Uniforms save money
    Because parents buy fewer clothes
    """
    out = [_clean_phrase(text)]
    out.extend(_clean_phrase(part) for part in _CLAUSE_SPLIT.split(text) if part)
    seen: set[str] = set()
    return [c for c in out if len(c.split()) >= LABEL_MIN_WORDS and not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


def central_phrases(
    texts: Sequence[str],
    labels: np.ndarray,
    keywords: dict[int, list[str]] | None = None,
    *,
    max_words: int = LABEL_MAX_WORDS,
    length_penalty: float = LABEL_LENGTH_PENALTY,
    keyword_weight: float = LABEL_KEYWORD_WEIGHT,
    representation: str = "auto",
    language: str = "en",
) -> dict[int, str]:
    """A key-point-style label per cluster: the member phrase closest in meaning to the cluster.

    Candidates are each member text and its clauses (:func:`_label_candidates`). A candidate
    scores its cosine to the mean vector of the cluster's members (plain wordllama means, or
    hashed TF-IDF without wordllama), minus ``length_penalty`` per word over ``max_words``,
    plus ``keyword_weight`` times the share of the cluster's first three keywords it contains.
    Ties go to the earlier candidate. Measured against ArgKP's expert key points in
    ``discourse/models/argument_clusterer.md`` (``bench/bench_labels.py``).
    """
    out: dict[int, str] = {}
    clusters = sorted(c for c in set(np.asarray(labels).tolist()) if c != NOISE)
    if not clusters:
        return out
    members = {c: np.flatnonzero(labels == c) for c in clusters}
    candidates = {c: [p for i in members[c] for p in _label_candidates(str(texts[i]))] for c in clusters}
    flat = sorted({p for ps in candidates.values() for p in ps})
    if not flat:
        return out
    member_index = sorted({int(i) for idx in members.values() for i in idx})
    vectors = embed_texts([str(texts[i]) for i in member_index] + flat, representation=representation)
    row = {i: k for k, i in enumerate(member_index)}
    phrase_row = {p: len(member_index) + k for k, p in enumerate(flat)}
    for c in clusters:
        if not candidates[c]:
            continue
        centroid = vectors[[row[int(i)] for i in members[c]]].mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        top = [w for w in (keywords or {}).get(c, [])[:3]]
        # A phrase that fits is preferred to cutting a longer one ("…" reads badly, and it is what
        # ArgKP dev punished most: a third of the cut labels had cosine < 0.2 to their key point).
        fitting = [p for p in candidates[c] if len(p.split()) <= LABEL_CUT_WORDS] or candidates[c]
        scores = []
        for p in fitting:
            score = float(vectors[phrase_row[p]] @ centroid)
            score -= length_penalty * max(0, len(p.split()) - max_words)
            if top:
                terms = set(_label_terms(p, language)) | {t.lower() for t in _label_terms(p, language)}
                score += keyword_weight * sum(1 for w in top if w in terms) / len(top)
            scores.append(score)
        out[c] = _cut_words(fitting[_first_best(np.round(np.asarray(scores), 9))], LABEL_CUT_WORDS)
    return out


#: Scores closer than this are a tie, broken by position. Float32 dot products differ in the
#: last bits between BLAS builds: a 2-member cluster (both members equally central) got a
#: different example on another machine.
TIE = 1e-6


def _first_best(scores: np.ndarray) -> int:
    """Index of the highest score; among scores within :data:`TIE` of it, the first.

    >>> _first_best(np.array([0.5, 0.7 + 1e-9, 0.7]))
    1
    >>> _first_best(np.array([0.7, 0.7 + 1e-9]))
    0
    """
    return int(np.flatnonzero(scores >= scores.max() - TIE)[0])


def _central_examples(x: np.ndarray, labels: np.ndarray) -> dict[int, int]:
    out: dict[int, int] = {}
    for c in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == c)
        if c == NOISE or idx.size == 0:
            continue
        centroid = x[idx].mean(axis=0)
        out[int(c)] = int(idx[_first_best(x[idx] @ centroid)])
    return out


# --------------------------------------------------------------------------------------
# The stage over ThreadTables.
# --------------------------------------------------------------------------------------


def _cluster_rows(thread_id: str, units: pl.DataFrame, est: ArgumentClusterer) -> list[dict[str, Any]]:
    editorial, comment = pl.col("side") == "editorial", pl.col("side") == "comment"
    side_counts = units.select(editorial.sum().alias("e"), comment.sum().alias("c")).row(0)
    n_side = dict(zip(("editorial", "comment"), side_counts, strict=True))
    # one pass over the units for all clusters (a filter per cluster and statistic cost more than the clustering)
    stats = {
        r["cluster"]: r
        for r in units.group_by("cluster").agg(
            pl.len().alias("n_units"),
            editorial.sum().alias("n_editorial"),
            comment.sum().alias("n_comment"),
            pl.col("compound").filter(editorial).drop_nulls().mean().alias("editorial_compound"),
            pl.col("compound").filter(comment).drop_nulls().mean().alias("comment_compound"),
            pl.coalesce("author", "comment_id").filter(comment).drop_nulls().n_unique().alias("n_commenters"),
        ).iter_rows(named=True)
    }
    rows = []
    texts = units["text"].to_list()
    authors = units["author"].to_list()
    for c in sorted(est.sizes_, key=lambda c: (c == NOISE, c)):  # noise row last
        st = stats[c]
        n_ed, n_co = int(st["n_editorial"]), int(st["n_comment"])
        only = None
        if c != NOISE and n_side["editorial"] and n_side["comment"]:
            only = "editorial" if n_co == 0 else "comment" if n_ed == 0 else None
        ex = est.examples_.get(c)
        rows.append(
            {
                "thread_id": thread_id,
                "cluster": c,
                "label": est.cluster_labels_[c],
                "keywords": est.keywords_.get(c, []),
                "example": texts[ex] if ex is not None else None,
                "example_author": authors[ex] if ex is not None else None,
                "n_units": int(st["n_units"]),
                "n_editorial": n_ed,
                "n_comment": n_co,
                "editorial_share": n_ed / n_side["editorial"] if n_side["editorial"] else None,
                "comment_share": n_co / n_side["comment"] if n_side["comment"] else None,
                "editorial_compound": st["editorial_compound"],
                "comment_compound": st["comment_compound"],
                "n_commenters": int(st["n_commenters"]) if n_co else 0,
                "only_side": only,
            }
        )
    return rows


def cluster_tables(
    tables: ThreadTables,
    *,
    clusterer: ArgumentClusterer | None = None,
    min_content_words: int = MIN_CONTENT_WORDS,
    languages: Mapping[str, str | None] | None = None,
) -> ThreadTables:
    """Cluster each thread's argument units (both sides together) and fill the ``clusters`` table.

    Parameters
    ----------
    tables : ThreadTables
        With a ``sentences`` table (``SENTENCE_SCHEMA``, sentiment filled).
    clusterer : ArgumentClusterer, optional
        A configured (unfitted) estimator; it is cloned per thread. Default: the tuned one.
    min_content_words : int, default=3
        See :func:`argument_units`.
    languages : mapping of thread id to language code, optional
        A thread's language sets the clusterer's stop words (``language``); None or missing:
        the clusterer's own setting (English by default).

    Returns
    -------
    ThreadTables
        ``sentences["cluster"]`` set (null for sentences that are not argument units, -1 for
        noise) and ``clusters`` filled (``CLUSTER_SCHEMA``, one row per cluster and a last
        row ``-1`` "other" when there is noise). ``editorial_share``/``comment_share`` are
        the cluster's share of that side's units (null when the side has none); ``only_side``
        is set only when both sides have units.
    """
    from sklearn.base import clone

    base = clusterer if clusterer is not None else ArgumentClusterer()
    sentences = conform(tables.sentences, SENTENCE_SCHEMA)
    thread_ids = sorted(set(tables.thread_ids()) | set(sentences["thread_id"].drop_nulls().to_list()))
    out_sentences: list[pl.DataFrame] = []
    rows: list[dict[str, Any]] = []
    sentences = sentences.with_row_index("_row")
    by_thread = {
        key[0]: frame for key, frame in sentences.partition_by("thread_id", as_dict=True, maintain_order=True).items()
    }
    for tid in thread_ids:
        sent = by_thread.get(tid)
        if sent is None:  # a thread without sentences: no units, no clusters
            continue
        units = argument_units(sent, min_content_words=min_content_words)
        if units.height == 0:
            out_sentences.append(sent.with_columns(pl.lit(None, dtype=pl.Int64).alias("cluster")))
            continue
        est = clone(base)
        if languages and languages.get(tid):
            est.set_params(language=languages[tid])
        est = est.fit(units["text"].to_list())
        units = units.with_columns(pl.Series("cluster", est.labels_, dtype=pl.Int64))
        rows.extend(_cluster_rows(tid, units, est))
        labelled = sent.drop("cluster").join(units.select("_row", "cluster"), on="_row", how="left")
        out_sentences.append(labelled)
        logger.info("thread %s: %d units, %d clusters", tid, units.height, est.n_clusters_)
    orphans = sentences.filter(pl.col("thread_id").is_null())  # no thread: kept, never clustered
    if orphans.height:
        out_sentences.append(orphans.with_columns(pl.lit(None, dtype=pl.Int64).alias("cluster")))
    new_sentences = (
        pl.concat(out_sentences, how="diagonal_relaxed").sort("_row").drop("_row")
        if out_sentences
        else empty(SENTENCE_SCHEMA)
    )
    clusters = pl.DataFrame(rows, schema=CLUSTER_SCHEMA, strict=False) if rows else empty(CLUSTER_SCHEMA)
    return tables.replace(sentences=conform(new_sentences, SENTENCE_SCHEMA), clusters=clusters)
