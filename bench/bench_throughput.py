#!/usr/bin/env python3
"""Corpus throughput: `discourse run` with --jobs 1 and --jobs 2 against VADER alone, in one run.

    python bench/bench_throughput.py [--threads 2000] [--comments 50] [--dask]

Writes a synthetic corpus (bench/make_corpus.py, text dumps) to a temporary folder, then times

* VADER alone: ``SentimentIntensityAnalyzer.polarity_scores`` on every comment text of the
  corpus (the same texts the pipeline scores), one process;
* ``discourse run`` (parse, sentiment, stance, clustering, reports, index) with ``--jobs 1``
  and ``--jobs 2``;
* with ``--dask``: the same run through a dask.distributed LocalCluster with 2 workers.

and prints comments per second and the ratios the scale issue sets goals for
(pipeline / VADER >= 0.5 with one job; jobs 2 / jobs 1 >= 1.7; dask / jobs 2 wall time <= 1.3).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_corpus import make_thread, write_corpus


def vader_alone(texts: list[str]) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return time.perf_counter() - start


def pipeline(corpus: Path, out: Path, jobs: int, backend: str = "local") -> tuple[float, int]:
    from discourse.runner import RunOptions, run_corpus

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    summary = run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=jobs, backend=backend))
    elapsed = time.perf_counter() - start
    if summary.failed:
        raise SystemExit(f"{summary.failed} inputs failed: {summary.errors[:3]}")
    return elapsed, summary.threads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2000)
    ap.add_argument("--comments", type=int, default=50)
    ap.add_argument("--dask", action="store_true", help="also time a dask LocalCluster with 2 workers")
    ap.add_argument("--keep", type=Path, help="write the corpus and outputs here instead of a temp folder")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="discourse-bench-"))
    corpus = work / "corpus"
    if not corpus.exists():
        write_corpus(corpus, a.threads, a.comments, form="txt")
    texts = [c["text"] for i in range(a.threads) for c in make_thread(i, a.comments, 0)["comments"]]
    n = len(texts)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {a.threads} threads x {a.comments} comments = {n} comments")

    t_vader = vader_alone(texts)
    print(f"VADER alone          {t_vader:8.1f} s  {n / t_vader:9.0f} comments/s")
    t1, threads = pipeline(corpus, work / "out1", 1)
    assert threads == a.threads, threads
    print(f"discourse run -j 1   {t1:8.1f} s  {n / t1:9.0f} comments/s")
    t2, _ = pipeline(corpus, work / "out2", 2)
    print(f"discourse run -j 2   {t2:8.1f} s  {n / t2:9.0f} comments/s")
    print(f"ratio pipeline(-j 1) / VADER alone: {t_vader / t1:.3f}  (goal >= 0.5)")
    print(f"ratio -j 2 / -j 1 throughput:       {t1 / t2:.2f}   (goal >= 1.7)")
    if a.dask:
        td, _ = pipeline(corpus, work / "outd", 2, backend="dask")
        print(f"discourse run dask   {td:8.1f} s  {n / td:9.0f} comments/s")
        print(f"ratio dask(2 workers) / -j 2 wall:  {td / t2:.2f}   (goal <= 1.3)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
