"""Agreement: :class:`AgreementClassifier`, ``agree | disagree | neutral`` of a text toward a target
text (Reddit reply/quote pairs, issue 22)."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
import polars as pl
import scipy.sparse as sp
from sklearn.utils._param_validation import Interval

from discourse.stance.base import _col, _PairClassifier, _per_class, _TextTargetClassifier
from discourse.stance.features import (
    DISCOURSE_NAMES,
    EMBEDDING_DIM,
    _embed,
    _sentiment,
    _text_sentiment,
    agreement_cues,
    discourse_features,
)
from discourse.stance.tokens import _jaccard, _word_set, normalize_post

__all__ = ["AgreementClassifier"]


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
        st = _text_sentiment(frame, raw_t)
        sg = _sentiment(raw_g)
        return np.hstack([dense[:, :9], st, sg, st * sg, dense[:, 9:], _embed(raw_t).reshape(len(rows), EMBEDDING_DIM)])
