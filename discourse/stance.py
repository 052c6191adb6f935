"""Stage 2b: stance, as scikit-learn classifiers over (text, target) pairs.

* :class:`StanceClassifier`: reply stance toward what a post answers, RumourEval's
  ``support | deny | query | comment`` (SDQC).
* :class:`TargetStanceClassifier`: stance toward a free-text target, ``favor | against | none``
  (SemEval-2016 Task 6 / VAST).
* :class:`AgreementClassifier`: agreement of a text toward a target text, ``agree | disagree |
  neutral`` (Reddit reply/quote pairs, issue 22).

Both are linear models (multinomial logistic regression, balanced class weights so the rare
``deny`` is not drowned by ``comment``) over sparse TF-IDF blocks and a few dense cue features
(:data:`DENY_CUES`, :data:`QUERY_CUES`, ...). Their learned state is plain data (vocabularies,
idf, coefficients), so the shipped models are JSON files in ``discourse/models`` that
:meth:`StanceClassifier.pretrained` rebuilds without pickles; :func:`train_stance_models`
(``discourse train stance``) writes them deterministically. Model cards:
``discourse/models/stance.md`` and ``target_stance.md``.

:func:`score_stance` applies the reply-stance and agreement models to thread tables: every present
comment toward the article (its *lead*, see :func:`article_lead`) and every reply toward its parent.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import math
import re
from collections.abc import Sequence
from importlib import resources
from numbers import Integral, Real
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from discourse.errors import InputError, ModelError, SchemaError
from discourse.model import AGREEMENT_LABELS, STANCE_SCHEMA, ThreadTables, conform
from discourse.text import normalize_text, tokenize

__all__ = [
    "AGREEMENT_LABELS",
    "AGREE_CUES",
    "DENY_CUES",
    "DISAGREE_CUES",
    "QUERY_CUES",
    "SUPPORT_CUES",
    "AgreementClassifier",
    "StanceClassifier",
    "TargetStanceClassifier",
    "article_lead",
    "score_stance",
]

logger = logging.getLogger(__name__)

MODEL_FORMAT = 2  # 2: stance without char n-grams, word prefixes, n_replies; target stance specialist
SDQC_LABELS = ("support", "deny", "query", "comment")
TARGET_LABELS = ("favor", "against", "none")

# ---------------------------------------------------------------------------------------
# Rules as data: normalisation patterns and cue lexicons (lower-case; phrases match on
# word boundaries of the normalised text).
# ---------------------------------------------------------------------------------------
URL_RE = re.compile(r"https?://\S+|www\.\S+")
MENTION_RE = re.compile(r"@\w+")
DENY_CUES = (
    "fake", "hoax", "not true", "false", "untrue", "lie", "lies", "lying", "liar", "debunked", "rumor",
    "rumour", "no evidence", "nonsense", "bullshit", "bs", "wrong", "misleading", "photoshopped",
    "satire", "stop spreading", "don't believe", "not real", "isn't true", "made up", "propaganda",
    "conspiracy", "doubt", "unconfirmed", "not confirmed", "denied", "denies", "deny", "fabricated",
    "nope", "no way", "ridiculous", "stupid", "idiot", "quack",
)
QUERY_CUES = (
    "is this true", "is it true", "really", "source", "proof", "evidence", "confirm", "confirmed?",
    "any news", "what", "why", "how", "who", "where", "when", "which", "is that", "are you sure",
    "link", "citation", "wait what", "any update",
)
SUPPORT_CUES = (
    "confirmed", "official", "breaking", "reports", "reported", "according to", "yes", "true",
    "indeed", "agree", "exactly", "correct", "right", "well said", "absolutely", "police say",
    "statement", "sources say", "so true",
)
NEGATION_CUES = ("not", "no", "never", "n't", "nothing", "nobody", "none", "neither", "nor", "cannot")
WH_START = ("what", "why", "how", "who", "where", "when", "which", "is", "are", "does", "do", "did", "can", "could")


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(c) for c in cues}, key=lambda c: (-len(c), c))
    return re.compile(r"(?<![\w'])(?:" + "|".join(alts) + r")(?![\w'])")


_REPLY_TOKEN = re.compile(r"(?u)[\w@']+|[?!]")
_TARGET_TOKEN = re.compile(r"(?u)[\w@']+")
_NEGATION = re.compile(r"(?<![\w'])(?:not|no|never|nothing|nobody|none|neither|nor|cannot)(?![\w'])|n't\b")


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


def _cue_table() -> tuple[dict[str, int], tuple[str, ...]]:
    """Cue phrase of at most 2 tokens (joined by a space) -> bit mask of its lexicons (1 deny, 2 query,
    4 support, 8 negation); and the longer cue phrases (a handful of queries, matched on the text)."""
    table: dict[str, int] = {}
    longer: list[str] = []
    for bit, cues in ((1, DENY_CUES), (2, QUERY_CUES), (4, SUPPORT_CUES), (8, NEGATION_CUES)):
        for cue in cues:
            toks = _REPLY_TOKEN.findall(cue)
            if len(toks) > 2:
                longer.append(cue)
            else:
                table[" ".join(toks)] = table.get(" ".join(toks), 0) | bit
    return table, tuple(sorted(longer))


_CUES, _LONG_CUE_LIST = _cue_table()
_LONG_CUES = _cue_pattern(_LONG_CUE_LIST)
_PLACEHOLDERS = frozenset(("@user", "httpurl"))
_PUNCT = frozenset(("?", "!"))
_SENTIMENT_COLUMNS = ("neg", "pos", "compound")


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
            float(n_q > 0), min(n_q, 3) / 3, float(bool(terms) and terms[0] in WH_START))
    tail = (float("httpurl" in t), float(bool(t) and all(w in _PLACEHOLDERS for w in toks)),
            math.log1p(len(t)) / 6, float(not t))
    return words, head, tail


@functools.lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    """Word set of a normalised target / source text (the same lead is the target of every comment)."""
    return frozenset(_target_tokens(text)) - _PLACEHOLDERS


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------
_STRUCT_COLUMNS = ("is_source", "is_reply_to_source", "depth")


def _as_frame(X: Any, *, need_target: bool) -> pl.DataFrame:
    """A polars frame with at least ``text`` (and ``target``) from a polars/pandas frame or dict."""
    if isinstance(X, pl.DataFrame):
        frame = X
    elif hasattr(X, "columns") and hasattr(X, "iloc"):
        frame = pl.from_pandas(X)
    elif isinstance(X, dict):
        frame = pl.DataFrame(X)
    else:
        raise InputError("<input>", f"expected a DataFrame with columns text, target; got {type(X).__name__}")
    needed = ["text", "target"] if need_target else ["text"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise SchemaError(f"stance input lacks columns {', '.join(missing)}")
    return frame


def _col(frame: pl.DataFrame, name: str) -> list[str]:
    if name not in frame.columns:
        return [""] * frame.height
    return ["" if v is None else str(v) for v in frame[name].to_list()]


def _num(frame: pl.DataFrame, name: str, default: float = 0.0) -> np.ndarray:
    if name not in frame.columns:
        return np.full(frame.height, default)
    return np.asarray([default if v is None else float(v) for v in frame[name].to_list()], dtype=float)


def _labels(y: Any) -> np.ndarray:
    """Class labels as an object array of str (from a list, array or polars Series)."""
    return np.asarray([str(v) for v in (y.to_list() if isinstance(y, pl.Series) else list(y))], dtype=object)


def _jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not (a and b):
        return 0.0
    inter = len(a & b)  # |a | b| = |a| + |b| - |a & b|: no union set built
    return inter / (len(a) + len(b) - inter)


def _sentiment(texts: list[str]) -> np.ndarray:
    """neg, pos, compound of each text as the sentiment stage scores a comment (sentence
    aggregate; cached per sentence, so after ``score_sentiment`` this is nearly free)."""
    from discourse.sentiment import sentence_aggregate_scores

    seen: dict[str, tuple[float, float, float]] = {}  # a reply is in two pairs: score it once
    out = np.zeros((len(texts), 3))
    for i, t in enumerate(texts):
        if t:
            if t not in seen:
                neg, _, pos, comp = sentence_aggregate_scores(t)
                seen[t] = (neg, pos, comp)
            out[i] = seen[t]
    return out


# ---------------------------------------------------------------------------------------
# A frozen TF-IDF block: the same arithmetic as TfidfVectorizer(sublinear_tf=True, norm="l2"),
# from plain data (terms, idf), so a model loaded from JSON scores exactly as the fitted one.
# ---------------------------------------------------------------------------------------
_ANALYZERS = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)[\w@']+|[?!]"},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
    "target_word": {"analyzer": "word", "ngram_range": (1, 1), "token_pattern": r"(?u)[\w@']+"},
    "pair_word": {"analyzer": "word", "ngram_range": (1, 1), "token_pattern": r"\S+"},
}

#: Words longer than this also give their first ``PREFIX_LEN`` letters as a feature ("p:deba" for
#: "debunked", "debating"): a cheap stand-in for char n-grams (morphology, typos), which cost more than
#: the rest of the stance stage together (Python n-gram extraction) and scored only 0.003 macro-F1 more.
PREFIX_MIN_LEN = 5
PREFIX_LEN = 4


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


def _per_class(lr: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and intercepts of a fitted LR with one row per class (a binary LR is expanded,
    for a uniform softmax)."""
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
    return coef, intercept


def _round_sig(a: np.ndarray, digits: int = 4) -> np.ndarray:
    return np.asarray([float(f"{v:.{digits}g}") for v in np.ravel(a)], dtype=float).reshape(np.shape(a))


class _PairClassifier(ClassifierMixin, BaseEstimator):
    """Shared machinery: feature blocks, a multinomial LR, export/import as plain data."""

    _model_name: ClassVar[str] = ""
    _labels: ClassVar[tuple[str, ...]] = ()

    _parameter_constraints: ClassVar[dict] = {
        "C": [Interval(Real, 0.0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "min_df": [Interval(Integral, 1, None, closed="left")],
        "max_word_features": [Interval(Integral, 1, None, closed="left")],
        "max_char_features": [Interval(Integral, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # subclasses: _docs(frame) -> {block name: docs}, _dense(frame) -> (n, k) array, DENSE_NAMES
    DENSE_NAMES: ClassVar[tuple[str, ...]] = ()
    #: The analyzer kind (key of ``_ANALYZERS`` / ``_FAST_ANALYZERS``) of each block name.
    _BLOCK_KINDS: ClassVar[dict[str, str]] = {"word": "word", "char": "char", "target": "target_word",
                                               "pair": "pair_word"}

    def _block_specs(self) -> list[tuple[str, int]]:
        return [("word", self.max_word_features), ("char", self.max_char_features)]

    def _sparse_features(self, frame: pl.DataFrame) -> sp.csr_matrix:
        """The TF-IDF blocks of ``frame`` (fitted ``blocks_``), side by side."""
        docs = self._docs(frame)
        mats = [_transform_block(b, docs[b["name"]]) for b in self.blocks_]
        return sp.hstack(mats, format="csr") if mats else sp.csr_matrix((frame.height, 0))

    def _features(self, frame: pl.DataFrame) -> sp.csr_matrix:
        return sp.hstack([self._sparse_features(frame), sp.csr_matrix(self._dense(frame))], format="csr")

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> _PairClassifier:
        """Fit the vocabularies and the linear model.

        Parameters
        ----------
        X : polars.DataFrame
            Columns ``text`` and ``target`` (plus the optional columns the subclass documents).
        y : sequence of str
            Labels.
        sample_weight : array-like of shape (n_samples,), optional
            Per-example weights (used to balance training corpora of different sizes).

        Returns
        -------
        self
        """
        self._validate_params()
        frame = _as_frame(X, need_target=True)
        y = _labels(y)
        if len(y) != frame.height:
            raise ValueError(f"X has {frame.height} rows but y has {len(y)} labels")
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(f"need at least 2 classes to fit, got {classes.tolist()}")
        self._reset_fit_state()
        self._fit_blocks(frame)
        Xm = self._features(frame)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.classes_, coef, intercept = self._fit_linear(Xm, y, sw)
        # rounded as they are stored, so a fitted and a reloaded model predict identically
        self.coef_ = _round_sig(coef)
        self.intercept_ = _round_sig(intercept)
        self.n_features_in_ = frame.width
        return self

    def _fit_blocks(self, frame: pl.DataFrame) -> None:
        """Fit the TF-IDF vocabularies (``blocks_``) on ``frame``."""
        docs = self._docs(frame)
        self.blocks_ = []
        for name, cap in self._block_specs():
            if cap <= 0:
                continue
            block = _fit_block(self._BLOCK_KINDS[name], docs[name], min_df=self.min_df, max_features=cap)
            block["name"] = name
            self.blocks_.append(block)

    def _logistic(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, class_weight=self.class_weight, max_iter=self.max_iter,
                                  random_state=self.random_state, solver="lbfgs")

    def _fit_linear(self, Xm: sp.csr_matrix, y: np.ndarray,
                    sample_weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Classes, coefficients (one row per class) and intercepts of the linear model on ``Xm``."""
        lr = self._logistic(self.C).fit(Xm, y, sample_weight=sample_weight)
        return (lr.classes_, *_per_class(lr))

    def _reset_fit_state(self) -> None:
        """Drop state a previous fit left that ``_docs`` reads (refit must start clean)."""

    def _extra_state(self) -> dict[str, Any]:
        return {}

    def _set_extra_state(self, data: dict[str, Any]) -> None:
        """Restore what :meth:`_extra_state` exported."""

    def decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "coef_")
        frame = _as_frame(X, need_target=True)
        return np.asarray(self._features(frame) @ self.coef_.T) + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities (softmax of the linear scores), columns in ``classes_`` order."""
        z = self.decision_function(X)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label per row."""
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    # ---- plain-data export -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The learned state and parameters as JSON-ready data (no pickles)."""
        check_is_fitted(self, "coef_")
        return {
            "model": self._model_name,
            "format": MODEL_FORMAT,
            "params": self.get_params(),
            "classes": self.classes_.tolist(),
            "dense_features": list(self.DENSE_NAMES),
            "blocks": [{"name": b["name"], "kind": b["kind"], "terms": b["terms"], "idf": b["idf"]}
                       for b in self.blocks_],
            "intercept": self.intercept_.tolist(),
            "coef": self.coef_.tolist(),
            "n_features_in": int(self.n_features_in_),
            **self._extra_state(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "<dict>") -> Any:
        """Rebuild a fitted estimator from :meth:`to_dict` data."""
        try:
            if data.get("model") != cls._model_name or data.get("format") != MODEL_FORMAT:
                raise ModelError(f"{source}: not a {cls._model_name} model of format {MODEL_FORMAT}")
            if list(data["dense_features"]) != list(cls.DENSE_NAMES):
                raise ModelError(f"{source}: dense features {data['dense_features']} are not this version's "
                                 f"{list(cls.DENSE_NAMES)}; rebuild it with `discourse train stance`")
            est = cls(**data["params"])
            est.blocks_ = [dict(b) for b in data["blocks"]]
            est.classes_ = np.asarray(data["classes"], dtype=object)
            est.coef_ = np.asarray(data["coef"], dtype=float)
            est.intercept_ = np.asarray(data["intercept"], dtype=float)
            est.n_features_in_ = int(data["n_features_in"])
            est._set_extra_state(data)
            width = sum(len(b["terms"]) for b in est.blocks_) + len(cls.DENSE_NAMES)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{source}: corrupt model file ({exc})") from None
        if est.coef_.shape != (len(est.classes_), width):
            raise ModelError(f"{source}: coefficient shape {est.coef_.shape} does not match {width} features")
        return est

    def save(self, path: str | Path) -> Path:
        """Write the model as compact, deterministic JSON (sorted keys, fixed float format)."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                        + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> Any:
        """Load a model written by :meth:`save`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read model ({exc})") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def pretrained(cls) -> Any:
        """The model shipped in ``discourse/models`` (loaded once per process, then copied)."""
        import copy

        return copy.deepcopy(_load_shipped(cls))


@functools.lru_cache(maxsize=4)
def _load_shipped(cls: type) -> Any:
    ref = resources.files("discourse") / "models" / f"{cls._model_name}.json"
    try:
        text = ref.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"discourse/models/{cls._model_name}.json: shipped model missing ({exc}); "
                         "rebuild it with `discourse train stance`") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ModelError(f"discourse/models/{cls._model_name}.json: corrupt model file ({exc})") from None
    return cls.from_dict(data, source=f"discourse/models/{cls._model_name}.json")


# ---------------------------------------------------------------------------------------
# Reply stance (SDQC)
# ---------------------------------------------------------------------------------------
class _TextTargetClassifier(_PairClassifier):
    """A pair classifier over a text and its target text (a parent comment, the article's lead):
    word and character blocks of the text plus a word block of the target."""

    def _block_specs(self) -> list[tuple[str, int]]:
        return [*super()._block_specs(), ("target", self.max_target_features)]

    def _docs(self, frame: pl.DataFrame) -> dict[str, list[str]]:
        texts = [normalize_post(t) for t in _col(frame, "text")]
        return {"word": texts, "char": texts, "target": [normalize_post(t) for t in _col(frame, "target")]}


class StanceClassifier(_TextTargetClassifier):
    """Reply stance ``support | deny | query | comment`` toward what a post answers.

    Input is a polars DataFrame with columns ``text`` (the reply) and ``target`` (what it
    answers: the parent post, or the article/claim) and, optionally, ``source_text`` (the
    thread's root claim), ``is_source`` (bool: the row is the root post itself),
    ``is_reply_to_source`` (bool: a direct reply to the root), ``depth`` (int, replies to
    the root have depth 1) and the reply's sentiment ``neg``, ``pos``, ``compound`` as
    :func:`discourse.sentiment.score_sentiment` computes it (when absent it is computed here).
    Missing optional columns count as empty / false / 0.

    Features: TF-IDF word 1-2-grams and word prefixes of the normalised reply (URLs and
    @mentions mapped to placeholders; optionally char 2-5-grams, off by default), word unigrams
    of the target in their own space, dense cue features (deny/query/support/negation cue
    counts, "?" presence and a question-word start, reply-target and reply-source word overlap,
    URL presence, length, the structure columns, VADER neg/pos/compound of the reply).

    Parameters
    ----------
    C : float, default=0.25
        Inverse regularisation strength of the logistic regression.
    class_weight : "balanced", dict or None, default="balanced"
        Class weights; balanced gives the rare ``deny``/``query`` weight.
    min_df : int, default=2
        Minimum document frequency of an n-gram.
    max_word_features : int, default=8000
        Vocabulary cap of the reply's word 1-2-grams and prefixes (bounds the model's size).
    max_char_features : int, default=0
        Vocabulary cap of the reply's char_wb 2-5-grams; 0 (the default) leaves them out: they
        cost more time than all other features together for 0.003 macro-F1 (see the model card).
    max_target_features : int, default=2000
        Vocabulary cap of the target's (parent post's) word unigrams, a separate feature space.
    max_iter : int, default=2000
        Iterations of the lbfgs solver.
    random_state : int, default=0
        Seed (lbfgs is deterministic; kept for the sklearn contract).

    Attributes
    ----------
    classes_ : ndarray of str
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
    blocks_ : list of dict
        The TF-IDF vocabularies and idf weights.

    See Also
    --------
    TargetStanceClassifier : stance toward a free-text target.
    score_stance : the stage applied to thread tables.

    Examples
    --------
    >>> import polars as pl
    >>> X = pl.DataFrame({"text": ["Is this true?", "This is fake", "Confirmed by police", "lol ok"] * 3,
    ...                   "target": ["Bridge closed"] * 12})
    >>> y = ["query", "deny", "support", "comment"] * 3
    >>> StanceClassifier(min_df=1).fit(X, y).predict(X[:4]).tolist()
    ['query', 'deny', 'support', 'comment']
    """

    _model_name = "stance"
    _labels = SDQC_LABELS
    _BLOCK_KINDS: ClassVar[dict[str, str]] = {**_PairClassifier._BLOCK_KINDS, "word": "word_prefix"}
    DENSE_NAMES = (
        "deny_cues", "query_cues", "support_cues", "negations", "has_question", "n_question",
        "wh_start", "overlap_target", "overlap_source", "has_url", "only_mention_url", "log_len",
        "empty", "is_source", "is_reply_to_source", "log_depth",
        "vader_neg", "vader_pos", "vader_compound",
    )

    def __init__(self, *, C: float = 0.25, class_weight: Any = "balanced", min_df: int = 2,
                 max_word_features: int = 8000, max_char_features: int = 0, max_target_features: int = 2000,
                 max_iter: int = 2000, random_state: Any = 0) -> None:
        self.max_target_features = max_target_features
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.max_iter = max_iter
        self.random_state = random_state

    def _dense(self, frame: pl.DataFrame) -> np.ndarray:
        texts = [normalize_post(t) for t in _col(frame, "text")]
        targets = [normalize_post(t) for t in _col(frame, "target")]
        sources = [normalize_post(t) for t in _col(frame, "source_text")]
        rows = []
        per_text: dict[str, tuple[frozenset[str], tuple[float, ...], tuple[float, ...]]] = {}  # replies: 2 pairs
        for t, g, s in zip(texts, targets, sources, strict=True):
            info = per_text.get(t)
            if info is None:
                info = per_text[t] = _reply_cues(t)
            toks, head, tail = info
            rows.append((*head, _jaccard(toks, _word_set(g)), _jaccard(toks, _word_set(s)), *tail))
        dense = np.asarray(rows, dtype=float).reshape(len(rows), 13)
        struct = np.column_stack([
            _num(frame, "is_source"), _num(frame, "is_reply_to_source"),
            np.log1p(np.clip(_num(frame, "depth"), 0, None)) / 3,
        ])
        if all(c in frame.columns for c in _SENTIMENT_COLUMNS):  # the sentiment stage's scores: not twice
            senti = frame.select(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in _SENTIMENT_COLUMNS).to_numpy()
        else:
            senti = _sentiment(_col(frame, "text"))
        return np.hstack([dense, struct, senti])


# ---------------------------------------------------------------------------------------
# Agreement (agree / disagree / neutral) of a text toward a target text
# ---------------------------------------------------------------------------------------
#: Explicit agreement / disagreement cues (issue 22). A cue preceded by a negation within
#: ``_CUE_NEGATION_WINDOW`` tokens counts for the other side ("not true" is itself a disagree cue,
#: "you're not wrong" agrees, "I don't agree" disagrees).
AGREE_CUES = (
    "agree", "agreed", "exactly", "well said", "you're right", "youre right", "you are right", "so true",
    "true", "yes", "yep", "yeah", "absolutely", "correct", "indeed", "totally", "same", "this is it",
    "good point", "100%", "spot on", "thank you", "thanks", "precisely", "definitely",
)
DISAGREE_CUES = (
    "disagree", "nonsense", "wrong", "not true", "untrue", "false", "nope", "bullshit", "bs", "lie", "lies",
    "lying", "ridiculous", "no", "not really", "actually", "you're wrong", "that's not", "idiot", "stupid",
    "moron", "dumb", "how about", "except", "but",
)
_CUE_NEGATION_WINDOW = 3
_NEG_WORDS = frozenset(("not", "no", "never", "nothing", "nobody", "neither", "nor", "cannot", "hardly"))


def _cue_table_agreement() -> tuple[dict[tuple[str, ...], int], int]:
    """Cue phrase (token tuple) -> 1 agree / 2 disagree, and the longest phrase's length."""
    table: dict[tuple[str, ...], int] = {}
    for bit, cues in ((1, AGREE_CUES), (2, DISAGREE_CUES)):
        for cue in cues:
            toks = tuple(_REPLY_TOKEN.findall(cue))
            table[toks] = table.get(toks, 0) | bit
    return table, max(len(k) for k in table)


_AGREEMENT_CUES, _AGREEMENT_CUE_MAX = _cue_table_agreement()
_AGREEMENT_FIRST = frozenset(k[0] for k in _AGREEMENT_CUES)


def _agreement_counts(tokens: tuple[str, ...]) -> tuple[int, int]:
    """(agree, disagree) cue counts of a token sequence; a cue with a negation among the
    ``_CUE_NEGATION_WINDOW`` tokens before it counts for the other side. One dictionary lookup per
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
            before = tokens[max(0, i - _CUE_NEGATION_WINDOW):i]
            negated = any(w in _NEG_WORDS or w.endswith("n't") for w in before)
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


#: Discourse patterns of a reply's opening (matched at the start of the normalised text): how a reply
#: begins says more about agreement than its topic words, and transfers across subreddits.
REPLY_OPENINGS = {
    "open_yes": r"(?:yes|yep|yeah|yup|ya|yea|true|right|correct|exactly|absolutely|definitely|agreed?|indeed|this|"
                r"same|so true|100%|precisely|facts)\b",
    "open_no": r"(?:no|nope|nah|not|wrong|false|bullshit|bs|um|uh|hmm|except|actually)\b",
    "open_but": r"(?:but|however|well|yet|although|though)\b",
    "open_so": r"(?:so you'?re saying|so you think|so what|so)\b",
    "open_source": r"(?:source|citation|proof|evidence)\b",
    # Whole words only: a bare "ha" prefix also fired on "have" and "hard".
    "open_laugh": r"(?:lol|lmao|haha\w*|ha|rofl)\b",
    "open_imean": r"(?:i mean|imagine|i think|i feel|honestly)\b",
    "open_question": r"(?:what|why|how|who|where|when|which|is|are|does|do|did|can|could|would|wouldn't|isn't)\b",
    "open_thanks": r"(?:thanks|thank you|ty)\b",
}
_OPENINGS = tuple(re.compile(p) for p in REPLY_OPENINGS.values())
#: The first characters each opening pattern can match: a reply is tried only against the patterns
#: its first character allows (the same flags, fewer regex calls).
_OPENING_FIRST = tuple(frozenset(alt[0] for alt in p.removeprefix("(?:").split(")")[0].split("|"))
                       for p in REPLY_OPENINGS.values())
_YOU_WORDS = r"you|your|you're|youre|yourself|u|ur"
_YOU = re.compile(rf"\b(?:{_YOU_WORDS})\b")
#: "you", "I" and "they" words in one pass (the groups tell which; the word sets do not overlap).
_PERSONS = re.compile(rf"\b(?:({_YOU_WORDS})|(i|i'm|im|me|my|i've|i'd)|"
                      r"(we|us|our|they|them|their|these people|those people))\b")
#: Insults: aimed at "you" they mark disagreement with the target's author; at "them", agreement.
INSULT_WORDS = (
    "idiot", "idiots", "stupid", "moron", "morons", "dumb", "dumbass", "fool", "clown", "troll", "sheep",
    "brainwashed", "ignorant", "pathetic", "loser", "karen", "snowflake",
)
_INSULT = re.compile(r"\b(?:" + "|".join(map(re.escape, INSULT_WORDS)) + r"|retard\w*|covidiot\w*)\b")
_LAUGH = ("lol", "lmao", "haha")
DISCOURSE_NAMES = (
    *REPLY_OPENINGS, "you", "i", "we_they", "insult", "insult_you", "target_you", "target_insult",
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
    tail = (float(t.rstrip().endswith("?")), float("!" in t), float(any(w in t for w in _LAUGH)), float("/s" in t))
    return head, frozenset(itertools.pairwise(t.split())), tail, you, insult


def discourse_features(raw_text: str, t: str, g: str) -> tuple[float, ...]:
    """Topic-free discourse features of a reply (raw text and normalised ``t``) toward a normalised
    target ``g``: opening patterns (:data:`REPLY_OPENINGS`), second/first/third-person and insult
    cues, questions on either side, quote marks, laughter, "/s", and how much of the target the
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
    from discourse.cluster import _load_wordllama

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


class AgreementClassifier(_TextTargetClassifier):
    """Agreement ``agree | disagree | neutral`` of a text toward a target text.

    The question a thread report asks of every reply toward the comment it answers, and of
    every comment toward the article (see :func:`score_stance`). Input is a polars DataFrame
    with columns ``text`` (the reply) and ``target`` (what it answers).

    Two linear parts, fitted separately and averaged (their logits; stored as one linear model):

    * a **sparse** part: TF-IDF word 1-2-grams of the normalised text (and char_wb 2-5-grams when
      ``max_char_features > 0``; off by default) and word unigrams of the target in their own space
      (what is being answered shapes the answer: some parent comments draw disagreement),
      regularised by ``C``;
    * a **dense** part, regularised by ``dense_C`` (more strongly: its features are few and
      general, so they must not be drowned or overfitted): negation-aware agreement / disagreement
      cue counts of both sides (:data:`AGREE_CUES`, :data:`DISAGREE_CUES`), "?", length, word
      overlap, VADER neg/pos/compound of text and target and their products (two angry comments
      on the same side agree; a cheerful reply to an angry one often does not), topic-free
      discourse features (:func:`discourse_features`: how the reply opens, "you" and insults,
      questions, quoting the target) and the reply's embedding (256 dimensions: the sum of the
      wordllama static token embeddings of its words, unit length; weights inside the ``wordllama``
      package, see :func:`_embed`).

    Each part is a multinomial logistic regression with balanced class weights (``neutral`` is the
    rarest).

    Parameters
    ----------
    C : float, default=0.5
        Inverse regularisation strength of the sparse part (chosen by nested cross-validation, see
        the model card).
    dense_C : float, default=0.3
        Inverse regularisation strength of the dense part (chosen with ``C``).
    class_weight : "balanced", dict or None, default="balanced"
    min_df : int, default=2
    max_word_features : int, default=8000
    max_char_features : int, default=0
    max_target_features : int, default=4000
    max_iter : int, default=2000
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
    coef_ : ndarray of shape (n_classes, n_features)
        Sparse-block coefficients, then the dense ones (:attr:`DENSE_NAMES`).
    intercept_ : ndarray of shape (n_classes,)
    blocks_ : list of dict

    Examples
    --------
    >>> import polars as pl
    >>> X = pl.DataFrame({"text": ["Exactly, well said", "That is not true", "What time is it?"] * 4,
    ...                   "target": ["Masks work"] * 12})
    >>> AgreementClassifier(min_df=1, dense_C=1.0).fit(X, ["agree", "disagree", "neutral"] * 4).predict(X[:3]).tolist()
    ['agree', 'disagree', 'neutral']
    """

    _model_name = "agreement"
    _labels = AGREEMENT_LABELS
    _parameter_constraints: ClassVar[dict] = {
        **_PairClassifier._parameter_constraints,
        "dense_C": [Interval(Real, 0.0, None, closed="neither")],
        "max_target_features": [Interval(Integral, 0, None, closed="left")],
    }
    DENSE_NAMES = (
        "agree_cues", "disagree_cues", "has_question", "log_len",
        "target_agree_cues", "target_disagree_cues", "target_has_question", "target_log_len",
        "overlap", "vader_neg", "vader_pos", "vader_compound", "target_neg", "target_pos", "target_compound",
        "neg_x_neg", "pos_x_pos", "compound_x_compound",
        *DISCOURSE_NAMES,
        *(f"embedding_{i}" for i in range(EMBEDDING_DIM)),
    )

    def __init__(self, *, C: float = 0.5, dense_C: float = 0.3, class_weight: Any = "balanced", min_df: int = 2,
                 max_word_features: int = 8000, max_char_features: int = 0, max_target_features: int = 4000,
                 max_iter: int = 2000, random_state: Any = 0) -> None:
        self.max_target_features = max_target_features
        self.C = C
        self.dense_C = dense_C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.max_iter = max_iter
        self.random_state = random_state

    def _fit_linear(self, Xm: sp.csr_matrix, y: np.ndarray,
                    sample_weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The sparse and the dense part fitted separately (``C`` and ``dense_C``); their logits averaged."""
        n_dense = len(self.DENSE_NAMES)
        Xm = sp.csr_matrix(Xm)
        parts = [(Xm[:, : Xm.shape[1] - n_dense], self.C), (Xm[:, Xm.shape[1] - n_dense:], self.dense_C)]
        coefs, intercepts, classes = [], [], None
        for X, c in parts:
            if X.shape[1] == 0:  # no vocabulary (tiny inputs): the dense part alone
                continue
            lr = self._logistic(c).fit(X, y, sample_weight=sample_weight)
            coef, intercept = _per_class(lr)
            coefs.append(coef)
            intercepts.append(intercept)
            classes = lr.classes_
        k = len(coefs)
        coef = np.hstack(coefs) / k if k == 2 else np.hstack([np.zeros((len(classes), Xm.shape[1] - n_dense)),
                                                              coefs[0]])
        return classes, coef, np.sum(intercepts, axis=0) / k

    def _dense(self, frame: pl.DataFrame) -> np.ndarray:
        raw_t, raw_g = _col(frame, "text"), _col(frame, "target")
        rows = []
        for rt, rg in zip(raw_t, raw_g, strict=True):
            t, g = normalize_post(rt), normalize_post(rg)
            rows.append((*agreement_cues(t), *agreement_cues(g), _jaccard(_word_set(t), _word_set(g)),
                         *discourse_features(rt, t, g)))
        dense = np.asarray(rows, dtype=float).reshape(len(rows), 9 + len(DISCOURSE_NAMES))
        if all(c in frame.columns for c in _SENTIMENT_COLUMNS):  # the sentiment stage's scores: not twice
            st = frame.select(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in _SENTIMENT_COLUMNS).to_numpy()
        else:
            st = _sentiment(raw_t)
        sg = _sentiment(raw_g)
        return np.hstack([dense[:, :9], st, sg, st * sg, dense[:, 9:], _embed(raw_t).reshape(len(rows), EMBEDDING_DIM)])


# ---------------------------------------------------------------------------------------
# Target stance (favor / against / none)
# ---------------------------------------------------------------------------------------
#: ``min_target_examples`` of a per-target specialist: no target-conjoined features.
_NO_PAIR_FEATURES = 10**9


def _target_key(target: str) -> str:
    return "_".join(tokenize(target))[:60]


class TargetStanceClassifier(_PairClassifier):
    """Stance ``favor | against | none`` of a text toward a free-text target.

    Input is a polars DataFrame with columns ``text`` and ``target`` (a phrase such as
    "Legalization of Abortion"). Features: TF-IDF word 1-2-grams and char 2-5-grams of the
    text (target-independent cues), word unigrams of the target, *target-conjoined* text words
    (each text word paired with the target's key, so one linear model holds a per-target model
    for targets seen in training; unseen targets fall back to the shared features), and dense
    features: text-target word overlap, whether the target's words occur in the text, negation
    and "?" cues, VADER neg/pos/compound of the text and of its sentences that mention the target.

    Parameters
    ----------
    C : float, default=1.0
    class_weight : "balanced", dict or None, default="balanced"
    min_df : int, default=2
    max_word_features, max_char_features : int, default=8000, 6000
    max_pair_features : int, default=4000
        Cap of the target-conjoined vocabulary. (The caps bound the model file: the general model and
        the specialist together stay under 2 MiB.)
    min_target_examples : int, default=50
        Targets with at least this many training examples get target-conjoined features (the
        SemEval targets do; most VAST topics, seen a few times each, would only crowd them out).
    specialist : bool, default=True
        Also fit *specialists*: one model per target whose summed sample weight is at least
        ``min_target_examples`` (with VAST at weight 0.05 these are the 5 SemEval targets), each the
        same model (``specialist=False``, ``C=specialist_C``, no target-conjoined features) fitted on
        that target's rows only; rows of those targets are scored by their specialist, all other
        rows by the general model. Why: the general model's shared features are pulled toward the
        larger corpus (SemEval CV F_avg 0.640 with VAST in training, 0.66 without), only the general
        model knows unseen targets, and in nested 5-fold CV on SemEval one model per target (F_avg
        0.6745) beat one pooled SemEval specialist (0.6612) and the shared per-target SVM baseline
        (0.6705) in the same folds (see target_stance.md). The general model gets no
        target-conjoined features for the specialists' targets (it never scores them).
    specialist_C : float, default=4.0
        Inverse regularisation strength of each specialist (the nested CV's inner folds chose 4.0 in
        3 of 5 outer folds from 0.5, 1, 2, 4).
    specialist_max_char_features : int, default=3000
        Char n-gram cap of each specialist (its word vocabulary, 1,100-2,100 terms on SemEval, stays
        under ``max_word_features``): five specialists at the general cap of 6,000 made the file
        2.35 MB, over the 2 MiB budget.
    max_iter : int, default=2000
    random_state : int, default=0

    Examples
    --------
    >>> import polars as pl
    >>> X = pl.DataFrame({"text": ["I love cats", "cats are awful", "the sky is blue"] * 4,
    ...                   "target": ["cats"] * 12})
    >>> TargetStanceClassifier(min_df=1).fit(X, ["favor", "against", "none"] * 4).predict(X[:3]).tolist()
    ['favor', 'against', 'none']
    """

    _model_name = "target_stance"
    _labels = TARGET_LABELS
    _parameter_constraints: ClassVar[dict] = {
        **_PairClassifier._parameter_constraints,
        "max_pair_features": [Interval(Integral, 0, None, closed="left")],
        "min_target_examples": [Interval(Integral, 1, None, closed="left")],
        "specialist": ["boolean"],
        "specialist_C": [Interval(Real, 0.0, None, closed="neither")],
        "specialist_max_char_features": [Interval(Integral, 0, None, closed="left")],
    }
    DENSE_NAMES = (
        "overlap", "target_in_text", "negations", "has_question", "vader_neg", "vader_pos", "vader_compound",
        "mention_neg", "mention_pos", "mention_compound",
    )

    def __init__(self, *, C: float = 1.0, class_weight: Any = "balanced", min_df: int = 2,
                 max_word_features: int = 8000, max_char_features: int = 6000, max_pair_features: int = 4000,
                 min_target_examples: int = 50, specialist: bool = True, specialist_C: float = 4.0,
                 specialist_max_char_features: int = 3000,
                 max_iter: int = 2000, random_state: Any = 0) -> None:
        self.min_target_examples = min_target_examples
        self.specialist = specialist
        self.specialist_C = specialist_C
        self.specialist_max_char_features = specialist_max_char_features
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.max_pair_features = max_pair_features
        self.max_iter = max_iter
        self.random_state = random_state

    def _block_specs(self) -> list[tuple[str, int]]:
        return [*super()._block_specs(), ("target", self.max_word_features // 4), ("pair", self.max_pair_features)]

    def _reset_fit_state(self) -> None:
        if hasattr(self, "pair_targets_"):
            del self.pair_targets_

    def _extra_state(self) -> dict[str, Any]:
        spec = getattr(self, "specialist_", None)
        return {"pair_targets": list(self.pair_targets_), "specialist_targets": list(self.specialist_targets_),
                "specialist": None if spec is None else {k: m.to_dict() for k, m in sorted(spec.items())}}

    def _set_extra_state(self, data: dict[str, Any]) -> None:
        self.pair_targets_ = list(data["pair_targets"])
        self.specialist_targets_ = list(data["specialist_targets"])
        spec = data["specialist"]
        if spec is None:
            self.specialist_ = None
        elif "model" in spec:  # a file of the pooled-specialist version: one model for all its targets
            pooled = type(self).from_dict(spec, source="<specialist>")
            self.specialist_ = dict.fromkeys(self.specialist_targets_, pooled)
        else:
            self.specialist_ = {k: type(self).from_dict(v, source=f"<specialist {k}>") for k, v in spec.items()}

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> TargetStanceClassifier:
        """Fit the general model and, with ``specialist=True``, the specialist (see the parameters).

        Parameters
        ----------
        X : polars.DataFrame
            Columns ``text`` and ``target``.
        y : sequence of str
            Labels.
        sample_weight : array-like of shape (n_samples,), optional
            Per-example weights (used to balance training corpora of different sizes).

        Returns
        -------
        self
        """
        self._validate_params()
        frame = _as_frame(X, need_target=True)
        keys = [_target_key(normalize_post(g)) for g in _col(frame, "target")]
        w = np.ones(frame.height) if sample_weight is None else np.asarray(sample_weight, dtype=float).ravel()
        totals: dict[str, float] = {}
        if self.specialist and len(w) == frame.height:
            for k, wi in zip(keys, w, strict=True):
                totals[k] = totals.get(k, 0.0) + float(wi)
        self.specialist_targets_ = sorted(k for k, v in totals.items() if k and v >= self.min_target_examples)
        self.specialist_ = None
        super().fit(frame, y, sample_weight=sample_weight)
        if self.specialist_targets_:
            labels = _labels(y)
            params = self.specialist_params()
            specs: dict[str, TargetStanceClassifier] = {}
            for key in self.specialist_targets_:
                rows = [i for i, k in enumerate(keys) if k == key]
                if len(np.unique(labels[rows])) >= 2:  # a one-label target is left to the general model
                    specs[key] = type(self)(**params).fit(
                        frame[rows], labels[rows], sample_weight=None if sample_weight is None else w[rows])
            self.specialist_targets_ = sorted(specs)
            self.specialist_ = specs or None
        return self

    def specialist_params(self, C: float | None = None) -> dict[str, Any]:
        """Parameters of a per-target specialist (``C`` default ``specialist_C``)."""
        # one target per model: target-conjoined features would only copy the text's words
        return {**self.get_params(), "specialist": False, "C": self.specialist_C if C is None else C,
                "min_target_examples": _NO_PAIR_FEATURES, "max_char_features": self.specialist_max_char_features}

    def decision_function(self, X: Any) -> np.ndarray:
        """Linear class scores: a target's specialist's for its rows, the general model's otherwise."""
        z = super().decision_function(X)
        specs = getattr(self, "specialist_", None)
        if not specs:
            return z
        frame = _as_frame(X, need_target=True)
        rows_of: dict[str, list[int]] = {}
        for i, g in enumerate(_col(frame, "target")):
            key = _target_key(normalize_post(g))
            if key in specs:
                rows_of.setdefault(key, []).append(i)
        classes = self.classes_.tolist()
        for key, rows in rows_of.items():
            spec = specs[key]
            zs = spec.decision_function(frame[rows])
            sub = np.full((len(rows), len(classes)), -1e9)  # a class the specialist never saw: p = 0
            for j, c in enumerate(spec.classes_.tolist()):
                sub[:, classes.index(c)] = zs[:, j]
            z[rows] = sub
        return z

    def _docs(self, frame: pl.DataFrame) -> dict[str, list[str]]:
        texts = [normalize_post(t) for t in _col(frame, "text")]
        targets = [normalize_post(t) for t in _col(frame, "target")]
        if not hasattr(self, "pair_targets_"):  # fit: the targets seen often enough
            counts: dict[str, int] = {}
            for g in targets:
                counts[_target_key(g)] = counts.get(_target_key(g), 0) + 1
            special = set(getattr(self, "specialist_targets_", ()))
            self.pair_targets_ = sorted(k for k, n in counts.items()
                                        if k and n >= self.min_target_examples and k not in special)
        known = set(self.pair_targets_)
        pairs = []
        for t, g in zip(texts, targets, strict=True):
            key = _target_key(g)
            pairs.append(" ".join(f"{key}|{w}" for w in sorted(set(tokenize(t)))) if key in known else "")
        return {"word": texts, "char": texts, "target": targets, "pair": pairs}

    def _dense(self, frame: pl.DataFrame) -> np.ndarray:
        from discourse.text import split_sentences

        raw = _col(frame, "text")
        texts = [normalize_post(t) for t in raw]
        targets = [normalize_post(t) for t in _col(frame, "target")]
        rows, mention_texts = [], []
        for r, t, g in zip(raw, texts, targets, strict=True):
            tt, gt = set(tokenize(t)), {w for w in tokenize(g) if len(w) > 2}
            hit = bool(gt & tt)
            rows.append([_jaccard(tt, gt), float(hit), min(len(_NEGATION.findall(t)), 3) / 3, float("?" in t)])
            sents = [s for s in split_sentences(normalize_text(r)) if gt & set(tokenize(s))]
            mention_texts.append(" ".join(sents))
        dense = np.asarray(rows, dtype=float).reshape(len(rows), 4)
        return np.hstack([dense, _sentiment(raw), _sentiment(mention_texts)])


# ---------------------------------------------------------------------------------------
# The stage on thread tables
# ---------------------------------------------------------------------------------------
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


def stance_pairs(tables: ThreadTables) -> pl.DataFrame:
    """The (comment, target) pairs :func:`score_stance` classifies, with model input columns."""
    com = tables.comments
    pars = tables.paragraphs.sort(["thread_id", "position"])
    leads: dict[str, tuple[str, str | None]] = {}
    for tid, grp in pars.group_by("thread_id", maintain_order=True):
        leads[tid[0]] = (article_lead(grp["text"].to_list()), grp["paragraph_id"][0] if grp.height else None)
    by_id = {(r["thread_id"], r["comment_id"]): r for r in com.iter_rows(named=True)}

    def depth(r: dict[str, Any]) -> int:
        d, seen = 1, set()
        while r.get("reply_to") is not None and (r["thread_id"], r["reply_to"]) in by_id and d < 50:
            if r["reply_to"] in seen:
                break
            seen.add(r["reply_to"])
            r = by_id[(r["thread_id"], r["reply_to"])]
            d += 1
        return d

    # the sentiment stage's per-comment scores, when it ran: the model reads them instead of rescoring
    has_senti = all(c in com.columns for c in _SENTIMENT_COLUMNS)
    rows = []
    for r in com.sort(["thread_id", "position"]).iter_rows(named=True):
        if r.get("absent"):
            continue
        tid, cid = r["thread_id"], r["comment_id"]
        lead, lead_id = leads.get(tid, ("", None))
        d = depth(r)
        extra = {c: r[c] for c in _SENTIMENT_COLUMNS} if has_senti else {}
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
        schema.update(dict.fromkeys(_SENTIMENT_COLUMNS, pl.Float64))
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
    cols = {f"p_{c}": proba[:, classes.index(c)] if c in classes else np.zeros(pairs.height) for c in SDQC_LABELS}
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
