"""Stage 2b: stance, as scikit-learn classifiers over (text, target) pairs.

* :class:`StanceClassifier`: reply stance toward what a post answers, RumourEval's
  ``support | deny | query | comment`` (SDQC).
* :class:`TargetStanceClassifier`: stance toward a free-text target, ``favor | against | none``
  (SemEval-2016 Task 6 / VAST).
* :class:`AgreementClassifier`: agreement of a text toward a target text, ``agree | disagree |
  neutral`` (Reddit reply/quote pairs, issue 22).

All are linear models (multinomial logistic regression, balanced class weights so the rare
``deny`` is not drowned by ``comment``) over sparse TF-IDF blocks and dense cue features
(:data:`DENY_CUES`, :data:`QUERY_CUES`, ...). Their learned state is plain data (vocabularies,
idf, coefficients), so the shipped models are JSON files in ``discourse/models`` that
:meth:`StanceClassifier.pretrained` rebuilds without pickles; :func:`discourse.train.train_stance_models`
(``discourse train stance``) writes them deterministically. Model cards:
``discourse/models/stance.md``, ``target_stance.md`` and ``agreement.md``.

:func:`score_stance` applies the reply-stance and agreement models to thread tables: every present
comment toward the article (its *lead*, see :func:`article_lead`) and every reply toward its parent.

Modules, in data-flow order: :mod:`~discourse.stance.lexicon` (cue words, openings, insults),
:mod:`~discourse.stance.tokens` (normalising, tokenising), :mod:`~discourse.stance.tfidf` (the frozen
TF-IDF blocks), :mod:`~discourse.stance.features` (dense features), :mod:`~discourse.stance.base`
(the estimator base, JSON persistence), :mod:`~discourse.stance.reply`,
:mod:`~discourse.stance.agreement`, :mod:`~discourse.stance.target` (the estimators) and
:mod:`~discourse.stance.stage` (model input frames, :func:`score_stance`).
"""

from __future__ import annotations

import warnings
from typing import Any

from discourse.model import AGREEMENT_LABELS, STANCE_LABELS
from discourse.stance.agreement import AgreementClassifier
from discourse.stance.base import MODEL_FORMAT, _load_shipped, _PairClassifier, _TextTargetClassifier
from discourse.stance.features import (
    DISCOURSE_NAMES,
    EMBEDDING_DIM,
    SENTIMENT_FEATURES,
    _embed,
    _sentiment,
    _text_discourse,
    _word_vectors,
    agreement_cues,
    discourse_features,
)
from discourse.stance.lexicon import (
    AGREE_CUES,
    CUE_NEGATION_WINDOW,
    DENY_CUES,
    DISAGREE_CUES,
    INSULT_WORDS,
    LAUGH_WORDS,
    NEGATION_CUES,
    NEGATION_WORDS,
    QUERY_CUES,
    REPLY_OPENINGS,
    SUPPORT_CUES,
    WH_START,
)
from discourse.stance.reply import StanceClassifier
from discourse.stance.stage import (
    LEAD_MAX_CHARS,
    LEAD_MIN_CHARS,
    article_lead,
    score_stance,
    sdqc_frame,
    stance_pairs,
    target_frame,
)
from discourse.stance.target import TARGET_LABELS, TargetStanceClassifier
from discourse.stance.tfidf import _ANALYZERS, _fast_counts, _transform_block, _word_char_ngrams, _word_ids
from discourse.stance.tokens import (
    MENTION_RE,
    PREFIX_LEN,
    PREFIX_MIN_LEN,
    URL_RE,
    _reply_terms,
    _reply_tokens,
    _target_tokens,
    _word_set,
    normalize_post,
)

__all__ = [
    "AGREEMENT_LABELS",
    "AGREE_CUES",
    "CUE_NEGATION_WINDOW",
    "DENY_CUES",
    "DISAGREE_CUES",
    "DISCOURSE_NAMES",
    "EMBEDDING_DIM",
    "INSULT_WORDS",
    "LAUGH_WORDS",
    "LEAD_MAX_CHARS",
    "LEAD_MIN_CHARS",
    "MENTION_RE",
    "MODEL_FORMAT",
    "NEGATION_CUES",
    "NEGATION_WORDS",
    "PREFIX_LEN",
    "PREFIX_MIN_LEN",
    "QUERY_CUES",
    "REPLY_OPENINGS",
    "SENTIMENT_FEATURES",
    "STANCE_LABELS",
    "SUPPORT_CUES",
    "TARGET_LABELS",
    "URL_RE",
    "WH_START",
    "AgreementClassifier",
    "StanceClassifier",
    "TargetStanceClassifier",
    "agreement_cues",
    "article_lead",
    "discourse_features",
    "normalize_post",
    "score_stance",
    "sdqc_frame",
    "stance_pairs",
    "target_frame",
]

# Internal names the old single module had, kept importable from here (tests, bench/bench_scoring.py
# clears the caches): not public API.
_INTERNAL = (_ANALYZERS, _PairClassifier, _TextTargetClassifier, _embed, _fast_counts, _load_shipped, _reply_terms,
             _reply_tokens, _sentiment, _target_tokens, _text_discourse, _transform_block, _word_char_ngrams,
             _word_ids, _word_set, _word_vectors)

# Deprecated names, kept one release (with a DeprecationWarning): their new homes.
_DEPRECATED = {
    "SDQC_LABELS": (STANCE_LABELS, "discourse.model.STANCE_LABELS"),
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        value, instead = _DEPRECATED[name]
        warnings.warn(f"discourse.stance.{name} is deprecated and will be removed in the next release; use {instead}",
                      DeprecationWarning, stacklevel=2)
        return value
    raise AttributeError(f"module 'discourse.stance' has no attribute {name!r}")
