"""Benchmark the argument clusterer: seconds and peak memory at 500, 5,000 and 50,000 sentences.

usage: PYTHONPATH=$PWD python bench/bench_cluster.py [--sizes 500 5000 50000] [--repeat 1]

Inputs are generated here (deterministic synthetic argument sentences on 40 themes). Rows:
- candidate: ArgumentClusterer() as shipped (exact average-link up to max_exact=2000 texts,
  sample-then-assign above);
- baseline: the same with max_exact raised above n (the full O(n^2) hierarchy), run only
  while n <= 5,000 (at 50,000 its condensed distance matrix alone would need ~10 GB);
- fallback: representation="tfidf" (no wordllama);
- stage: the whole cluster_tables stage on one thread of n sentences (argument-unit filter,
  clustering, the clusters table), a third of them comments.
Peak memory is tracemalloc's peak of Python + numpy allocations during fit (the wordllama
weights, loaded once per process before timing, are not counted). Prints ratios
baseline / candidate and the growth factor per 10x more sentences (1 = linear, ~1.2 = n log n).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a bare clone too

from discourse.cluster import ArgumentClusterer, wordllama_available
from discourse.embeddings import load_wordllama

THEMES = [
    ("gas", "price", "pipeline", "export", "gazprom", "contract", "energy", "europe"),
    ("arms", "weapons", "jets", "military", "sales", "technology", "copy", "security"),
    ("canada", "border", "ally", "united", "states", "colony", "relationship", "neighbour"),
    ("china", "leadership", "empire", "overtake", "decline", "number", "power", "future"),
    ("tax", "budget", "deficit", "spending", "austerity", "cuts", "debt", "growth"),
    ("school", "uniform", "students", "bullying", "discipline", "cost", "freedom", "dress"),
    ("guns", "rights", "crime", "defense", "control", "violence", "police", "owners"),
    ("climate", "emissions", "carbon", "warming", "coal", "renewable", "policy", "target"),
]
FILLER = "the a it is that this will be not they we because and but so very much more".split()


def make_texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    themes = [tuple(f"{w}{k}" if k else w for w in t) for k in range(5) for t in THEMES]  # 40 themes
    out = []
    for _ in range(n):
        theme = rng.choice(themes)
        words = rng.sample(theme, 4) + rng.sample(FILLER, 5)
        rng.shuffle(words)
        out.append(" ".join(words).capitalize() + ".")
    return out


def measure(est: ArgumentClusterer, texts: list[str]) -> tuple[float, float, int]:
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    est.fit(texts)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, est.n_clusters_


def measure_stage(texts: list[str]) -> tuple[float, float, int]:
    import polars as pl

    from discourse.cluster import cluster_tables
    from discourse.model import COMMENT_SCHEMA, PARAGRAPH_SCHEMA, SENTENCE_SCHEMA, THREAD_SCHEMA, ThreadTables, conform
    from discourse.model import empty as empty_frame

    n = len(texts)
    sentences = conform(pl.DataFrame({
        "thread_id": ["t"] * n, "unit_id": [f"u{i}" for i in range(n)],
        "side": ["comment" if i % 3 == 0 else "editorial" for i in range(n)],
        "comment_id": [f"c{i // 3}" if i % 3 == 0 else None for i in range(n)],
        "author": [f"user{i % 97}" if i % 3 == 0 else None for i in range(n)],
        "position": list(range(n)), "text": texts, "compound": [0.0] * n,
    }), SENTENCE_SCHEMA)
    tables = ThreadTables(threads=conform(pl.DataFrame({"thread_id": ["t"]}), THREAD_SCHEMA),
                          comments=empty_frame(COMMENT_SCHEMA), paragraphs=empty_frame(PARAGRAPH_SCHEMA),
                          sentences=sentences)
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = cluster_tables(tables)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, int((out.clusters["cluster"] >= 0).sum())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 50000])
    a = ap.parse_args()
    if wordllama_available():
        load_wordllama()
    rows: dict[str, dict[int, tuple[float, float, int]]] = {"candidate": {}, "baseline": {}, "fallback": {},
                                                            "stage": {}}
    print(f"{'run':<10} {'n':>7} {'seconds':>9} {'peak MiB':>9} {'clusters':>9}")
    for n in a.sizes:
        texts = make_texts(n)
        runs = {"candidate": ArgumentClusterer(), "fallback": ArgumentClusterer(representation="tfidf")}
        if n <= 5000:
            runs["baseline"] = ArgumentClusterer(max_exact=n + 1)
        for name, est in runs.items():
            rows[name][n] = measure(est, texts)
            s, m, k = rows[name][n]
            print(f"{name:<10} {n:>7} {s:>9.2f} {m:>9.1f} {k:>9d}", flush=True)
        rows["stage"][n] = measure_stage(texts)
        s, m, k = rows["stage"][n]
        print(f"{'stage':<10} {n:>7} {s:>9.2f} {m:>9.1f} {k:>9d}", flush=True)
    print()
    for n in a.sizes:
        if n in rows["baseline"]:
            (bs, bm, _), (cs, cm, _) = rows["baseline"][n], rows["candidate"][n]
            print(f"n={n}: baseline/candidate time {bs / cs:.2f}x, peak memory {bm / cm:.2f}x")
    sizes = sorted(rows["candidate"])
    for lo, hi in itertools.pairwise(sizes):
        for name in ("candidate", "fallback", "stage"):
            (ts, tm, _), (us, um, _) = rows[name][lo], rows[name][hi]
            f = hi / lo
            print(f"{name} {lo}->{hi} ({f:.0f}x n): time x{us / ts:.1f} ({us / ts / f:.2f} per unit of n), "
                  f"memory x{um / tm:.1f} ({um / tm / f:.2f} per unit of n)")


if __name__ == "__main__":
    main()
