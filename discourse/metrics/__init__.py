"""Pure metric functions (no I/O, no discourse imports): the scorers' definitions, in one leaf package.

Like :mod:`sklearn.metrics`: records and predictions in, numbers out. Each function mirrors a
reference scorer in ``../shared/tools``:

* :func:`sentiment_metrics` -- ``eval_sentiment.py`` (Pearson r, 3-class accuracy and F1);
* :func:`stance_metrics` -- ``eval_stance.py`` (macro-F1, per-class P/R/F1, F_avg);
* :func:`clustering_item_scores`, :func:`score_clustering` -- ``eval_clustering.py``;
* :func:`extraction_scores` -- ``eval_extraction.py`` (bag-of-words P/R/F1, leak rate);
* :func:`record_scores` -- ``eval_records.py``: whether each gold comment came out as one
  record with its own author, date and parent. A test runs the shared scorer on the same
  predictions and checks that every figure is equal.


One module per reference scorer (and :mod:`.common`, what they share); every name is imported
from here (``from discourse.metrics import stance_metrics``). The modules are transcriptions kept
whole so each can be read against its reference file; they import nothing else of discourse.
"""

from discourse.metrics.clustering import CLUSTERING_KEYS, clustering_item_scores, score_clustering
from discourse.metrics.common import page_stem
from discourse.metrics.extraction import extraction_scores, extraction_tokens
from discourse.metrics.records import record_scores
from discourse.metrics.sentiment import SENTIMENT_CLASSES, SENTIMENT_THRESHOLD, TONES, polarity, sentiment_metrics
from discourse.metrics.stance import MISSING, STANCE_CLASSES, stance_metrics

__all__ = [
    "CLUSTERING_KEYS",
    "MISSING",
    "SENTIMENT_CLASSES",
    "SENTIMENT_THRESHOLD",
    "STANCE_CLASSES",
    "TONES",
    "clustering_item_scores",
    "extraction_scores",
    "extraction_tokens",
    "page_stem",
    "polarity",
    "record_scores",
    "score_clustering",
    "sentiment_metrics",
    "stance_metrics",
]
