#!/usr/bin/env python3
"""Peak memory of `discourse run` as the corpus grows: 1,000 vs 10,000 threads, in one run.

    python bench/bench_memory.py [--sizes 1000 10000] [--comments 10] [--jobs 2]

For each size a synthetic corpus (bench/make_corpus.py) is written and ``discourse run`` is
started in a fresh process; its peak resident set size (and that of the largest worker, when
``--jobs`` > 1) is read from ``getrusage``. Prints the peaks and the growth from the smallest to
the largest size (goal: < 20 % growth and < 1 GiB).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.make_corpus import write_corpus  # noqa: E402

# Runs discourse in a child and reports the largest peak RSS among its descendants (KiB on Linux).
PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(corpus: Path, out: Path, jobs: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", PROBE, sys.executable, "-m", "discourse", "run", str(corpus), "-o", str(out),
               "-j", str(jobs), "-q"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--comments", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="discourse-mem-"))
    peaks = []
    try:
        for size in a.sizes:
            corpus = work / f"corpus{size}"
            write_corpus(corpus, size, a.comments, form="txt")
            started = time.perf_counter()
            result = measure(corpus, work / f"out{size}", a.jobs)
            if result["code"] not in (0,):
                raise SystemExit(f"discourse run exited {result['code']} at {size} threads")
            mib = result["peak_kib"] / 1024
            peaks.append(mib)
            print(f"{size:>7} threads x {a.comments} comments, --jobs {a.jobs}: peak RSS {mib:7.1f} MiB "
                  f"(largest process), {result['seconds']:.0f} s run, {time.perf_counter() - started:.0f} s total",
                  flush=True)
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(work / f"out{size}", ignore_errors=True)
        growth = peaks[-1] / peaks[0] - 1
        print(f"growth {a.sizes[0]} -> {a.sizes[-1]} threads: {growth:+.1%} (goal < +20%), "
              f"largest peak {max(peaks):.0f} MiB (goal < 1024 MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
