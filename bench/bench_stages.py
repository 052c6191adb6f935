#!/usr/bin/env python3
"""Where a `discourse run` thread's time goes, against VADER alone on the same comments.

    python bench/bench_stages.py [--threads 100] [--comments 50] [--repeat 2]

Runs ``discourse run --jobs 1`` on a synthetic corpus (bench/make_corpus.py, text dumps) with a
timer around each stage function, and times VADER alone (``polarity_scores`` on every comment
text) in the same run. Prints milliseconds per thread for each stage (the last repetition), the
whole run, VADER alone, and the time budget a thread would have for the run to reach the scale
issue's goal (pipeline at >= 50% of VADER-alone throughput: twice VADER's time).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_corpus import make_thread, write_corpus

# (module, function, label): the runner looks each of these up at call time
STAGES = (
    ("discourse.parse", "parse_file", "parse (page -> Thread)"),
    ("discourse.sentiment", "score_sentiment", "sentiment (every sentence, FastVader)"),
    ("discourse.stance", "score_stance", "stance (reply + toward the article)"),
    ("discourse.cluster", "cluster_tables", "clustering (embeddings, LSA, labels)"),
    ("discourse.contrast", "contrast_thread", "contrast"),
    ("discourse.corpus", "thread_centroid", "thread centroid"),
    ("discourse.report.render", "thread_view", "report: view and SVG charts"),
    ("discourse.report.render", "write_tables", "report: 12 table files"),
    ("discourse.report", "render_thread", "report: all files (both rows above included)"),
)


def _timed(func: Callable, label: str, spent: Counter) -> Callable:
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=100)
    ap.add_argument("--comments", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=2, help="runs; the first warms caches, the last is shown")
    a = ap.parse_args()

    import importlib

    from discourse.runner import RunOptions, run_corpus

    spent: Counter = Counter()
    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        setattr(module, name, _timed(getattr(module, name), label, spent))

    work = Path(tempfile.mkdtemp(prefix="discourse-stages-"))
    try:
        write_corpus(work / "corpus", a.threads, a.comments, form="txt")
        for _ in range(a.repeat):
            spent.clear()
            shutil.rmtree(work / "out", ignore_errors=True)
            start = time.perf_counter()
            summary = run_corpus([str(work / "corpus")], RunOptions(output_dir=str(work / "out"), jobs=1))
            total = time.perf_counter() - start
            if summary.failed:
                raise SystemExit(f"{summary.failed} inputs failed: {summary.errors[:3]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = [c["text"] for i in range(a.threads) for c in make_thread(i, a.comments, 0)["comments"]]
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    vader = time.perf_counter() - start

    per_thread = 1000 / a.threads
    print(f"{a.threads} threads x {a.comments} comments, discourse run --jobs 1, ms per thread:")
    for _, _, label in STAGES:
        print(f"  {label:46s} {spent[label] * per_thread:7.1f}")
    print(f"  {'whole run (index and state files included)':46s} {total * per_thread:7.1f}")
    print(f"VADER alone on the same comments: {vader * per_thread:.1f} ms per thread")
    print(f"budget per thread for pipeline / VADER >= 0.5: {2 * vader * per_thread:.1f} ms; "
          f"measured ratio {vader / total:.3f}")


if __name__ == "__main__":
    main()
