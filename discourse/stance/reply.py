"""Reply stance: :class:`StanceClassifier`, ``support | deny | query | comment`` (RumourEval's SDQC)
of a post toward what it answers."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import polars as pl

from discourse.stance.base import _col, _num, _PairClassifier, _TextTargetClassifier
from discourse.stance.features import _reply_cues, _text_sentiment
from discourse.stance.tokens import _jaccard, _word_set, normalize_post

__all__ = ["StanceClassifier"]

#: The dense features read from the reply and its target / source texts, then the structure and
#: the sentiment of the reply (:attr:`StanceClassifier.DENSE_NAMES` in order).
_TEXT_NAMES = (
    "deny_cues", "query_cues", "support_cues", "negations", "has_question", "n_question",
    "wh_start", "overlap_target", "overlap_source", "has_url", "only_mention_url", "log_len", "empty",
)
_STRUCT_NAMES = ("is_source", "is_reply_to_source", "log_depth")
_SENTIMENT_NAMES = ("vader_neg", "vader_pos", "vader_compound")


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
    _BLOCK_KINDS: ClassVar[dict[str, str]] = {**_PairClassifier._BLOCK_KINDS, "word": "word_prefix"}
    DENSE_NAMES = (*_TEXT_NAMES, *_STRUCT_NAMES, *_SENTIMENT_NAMES)

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
        dense = np.asarray(rows, dtype=float).reshape(len(rows), len(_TEXT_NAMES))
        struct = np.column_stack([
            _num(frame, "is_source"), _num(frame, "is_reply_to_source"),
            np.log1p(np.clip(_num(frame, "depth"), 0, None)) / 3,
        ])
        senti = _text_sentiment(frame, _col(frame, "text"))
        return np.hstack([dense, struct, senti])
