#!/usr/bin/env python3
"""A full `discourse run` against the stack a user would assemble instead, on the same HTML pages.

    python bench/bench_peer.py [--pages N] [--rounds 2] [--jobs 1] [--data DIR]

The peer stack: trafilatura (``extract(..., include_comments=True)``, article and comments as
plain text), its text split into sentences at ``. ! ?`` and line breaks, and vaderSentiment's
``polarity_scores`` on every sentence; one JSON line per page (text and scores) is written to a
file, as a user's script would keep its results. discourse: ``python -m discourse run FOLDER -o
OUT --jobs 1 -q`` (parse, sentiment, stance, clustering, contrast, reports, tables, index).

Each side runs in a process of its own (a subprocess: imports, model loading and output writing
are part of its time, as they are for a user), over the same folder of pages. The two take turns,
``--rounds`` times each (peer, discourse, peer, discourse, ...), so both see the same machine
load; the figures are the sums over the rounds. Prints pages per second of each side, the ratio
(discourse pages/s / peer pages/s: >= 1.0 means discourse is at least as fast), and each side's
CPU time (user + system of the child), which other tenants of the machine disturb less than wall time.

``--baseline DIR`` adds a third side, ``discourse run`` from another checkout (for example
``git archive 7c32f8a | tar -x -C /tmp/base``), in the same turns: before/after figures from one run.
``--data`` defaults to ../shared/data/extraction/dragnet-train/pages. ``--pages N`` uses the
first N pages (by name) through a temporary folder of symbolic links.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT / ".." / "shared" / "data" / "extraction" / "dragnet-train" / "pages"
SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

# The peer, as a user would write it: read each saved page, extract article + comments as text,
# score every sentence with VADER, keep the results as JSON lines.
PEER = r"""
import gzip, json, os, re, sys
import trafilatura
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

folder, out = sys.argv[1], sys.argv[2]
analyzer = SentimentIntensityAnalyzer()
split = re.compile(r"(?<=[.!?])\s+|\n+")
with open(out, "w", encoding="utf-8") as sink:
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            data = handle.read()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        text = trafilatura.extract(data, include_comments=True, output_format="txt", with_metadata=False) or ""
        sentences = [s for s in split.split(text) if s.strip()]
        scores = [analyzer.polarity_scores(s) for s in sentences]
        sink.write(json.dumps({"page": name, "text": text, "sentences": sentences, "scores": scores}) + "\n")
"""


def _page_folder(pages: Path, limit: int | None, work: Path) -> tuple[Path, int]:
    names = sorted(p.name for p in pages.iterdir() if p.name.lower().endswith(SUFFIXES))
    if limit is None or limit >= len(names):
        return pages, len(names)
    folder = work / "pages"
    folder.mkdir()
    for name in names[:limit]:
        os.symlink((pages / name).resolve(), folder / name)
    return folder, limit


def _timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # exit code 1: a corpus run that finished with some inputs failed (dragnet-train has 3 pages
    # without a body; trafilatura returns nothing for them)
    code = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])}...: exit code {code}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_PAGES, help="a folder of HTML pages (.html, .html.gz)")
    ap.add_argument("--pages", type=int, help="use only the first N pages (by file name)")
    ap.add_argument("--rounds", type=int, default=2, help="turns each side takes (alternating)")
    ap.add_argument("--jobs", type=int, default=1, help="discourse run --jobs")
    ap.add_argument("--discourse-args", default="",
                    help="extra arguments for discourse run (e.g. '--tables parquet')")
    ap.add_argument("--baseline", type=Path,
                    help="also run `discourse run` from this checkout (e.g. `git archive COMMIT | tar -x -C DIR`), "
                         "in the same turns: before/after figures from one run")
    a = ap.parse_args()
    if not a.data.is_dir():
        sys.exit(f"{a.data}: no such folder of pages")
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:
        sys.exit(f"trafilatura not importable ({exc}); pip install -e '.[bench]'")

    work = Path(tempfile.mkdtemp(prefix="discourse-peer-"))
    try:
        folder, n = _page_folder(a.data, a.pages, work)
        peer_cmd = [sys.executable, "-c", PEER, str(folder), str(work / "peer.jsonl")]
        ours_cmd = [sys.executable, "-m", "discourse", "run", str(folder), "-o", str(work / "out"), "--overwrite",
                    "-j", str(a.jobs), "-q", *a.discourse_args.split()]
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"pages: {n} from {a.data}; {a.rounds} rounds, alternating; discourse run --jobs {a.jobs}")
        sides = [("peer", peer_cmd, ROOT), ("discourse", ours_cmd, ROOT)]
        if a.baseline:
            # the baseline's own default options (it may not know --tables)
            sides.append(("baseline", ours_cmd[: ours_cmd.index("-q") + 1], a.baseline.resolve()))
        totals = {side: [0.0, 0.0] for side, _, _ in sides}
        for k in range(a.rounds):
            for side, command, cwd in sides:
                shutil.rmtree(work / "out", ignore_errors=True)
                wall, cpu = _timed(command, cwd)
                totals[side][0] += wall
                totals[side][1] += cpu
                print(f"  round {k + 1} {side:9s} {wall:7.1f} s wall {cpu:7.1f} s CPU  {n / wall:6.1f} pages/s",
                      flush=True)
        (pw, pc), (dw, dc) = totals["peer"], totals["discourse"]
        rounds = a.rounds
        print(f"peer stack (trafilatura + VADER)  {pw / rounds:7.1f} s  {n * rounds / pw:6.1f} pages/s  "
              f"CPU {pc / rounds:.1f} s")
        print(f"discourse run --jobs {a.jobs}           {dw / rounds:7.1f} s  {n * rounds / dw:6.1f} pages/s  "
              f"CPU {dc / rounds:.1f} s")
        print(f"ratio discourse / peer pages/s: {pw / dw:.2f} wall, {pc / dc:.2f} CPU  (goal >= 1.0)")
        if a.baseline:
            bw, bc = totals["baseline"]
            print(f"baseline discourse ({a.baseline})  {bw / rounds:7.1f} s  CPU {bc / rounds:.1f} s; "
                  f"ratio baseline / peer {pw / bw:.2f} wall, {pc / bc:.2f} CPU; "
                  f"speed-up over the baseline {bw / dw:.2f}x wall, {bc / dc:.2f}x CPU")
        print(json.dumps({"pages": n, "rounds": rounds, "jobs": a.jobs, "peer_s": round(pw / rounds, 2),
                          "discourse_s": round(dw / rounds, 2), "ratio_wall": round(pw / dw, 3),
                          "ratio_cpu": round(pc / dc, 3)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
