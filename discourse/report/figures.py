"""The models' measured accuracy as the reports state it, each figure copied from its model card."""

from __future__ import annotations

MODEL_CARDS = "discourse/models/"  # shipped in the package, one card per model
#: The agreement model's measured macro-F1 and accuracy on unseen pairs (nested 5-fold cross-validation on
#: subreddit-agreement-mask.jsonl; copied from discourse/models/agreement.md, which the render tests check).
AGREEMENT_SCORES = (0.5657, 0.5841)
AGREEMENT_FIGURE = (f"macro-F1 {AGREEMENT_SCORES[0]:.4f}, accuracy {AGREEMENT_SCORES[1]:.4f} on unseen Reddit "
                    "replies (nested 5-fold cross-validation)")
#: The same, in plain words, beside the report's agreement line (the exact figure is in the details block).
AGREEMENT_PLAIN = ("How sure: the agreement labels matched human labels {percent}% of the time on replies the "
                   "model had not seen; read single labels as a hint and the counts as rough estimates.")
#: The models' measured accuracy, as the reports state it. Each figure is copied from its model card
#: (discourse/models/<card>); tests/report/test_render.py fails when a card no longer states it.
MODEL_FIGURES = (
    ("extraction.md", "Comment extraction", "comment-token F1 0.926 on HTML pages and 0.802 on text dumps "
     "(5-fold cross-validation, 950 news and blog pages)"),
    ("sentiment.md", "Sentiment", "VADER with web clean-up: Pearson r 0.8770 on tweets, 0.5127 on NYT editorial "
     "sentences"),
    ("agreement.md", "Agreement", AGREEMENT_FIGURE),
    ("stance.md", "Reply stance", "macro-F1 0.4994 (5-fold cross-validation grouped by thread; deny F1 0.2349): "
     "read single labels with care"),
    ("argument_clusterer.md", "Argument clusters", "ARI 0.353 / AMI 0.393 against expert key points on unseen "
     "debate topics"),
)

#: Each model's figures in plain words, for readers who do not know macro-F1 or ARI (issue 20); the exact
#: figures (MODEL_FIGURES) sit in a details block under them and in the model cards.
PLAIN_FIGURES = {
    "Comment extraction": "Which text is a comment is usually right: about 9 in 10 words of comments are found on "
                          "web pages, 8 in 10 on text copied out of a browser.",
    "Sentiment": "The tone scores follow human ratings closely on short social-media posts and only loosely on "
                 "news-style sentences; irony, sarcasm and politely phrased insults are missed.",
    "Agreement": "The agreement labels match human labels a little more than half the time on unseen replies; "
                 "read them as a hint.",
    "Reply stance": "The stance labels match human labels about half the time on unseen threads (denials and "
                    "questions less often); read them as a hint.",
    "Argument clusters": "The argument groups resemble experts' groupings only in part; treat them as a first "
                         "sort of what is said, not a verdict.",
}
