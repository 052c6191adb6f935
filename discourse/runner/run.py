"""run_corpus: lock the output folder, run every input, drop collisions and stale folders, write the index."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from discourse.errors import InputError, OutputError
from discourse.outputs import (
    atomic_write_text,
    prepare_output_dir,
    remove_temporaries,
)
from discourse.runner.backends import _results
from discourse.runner.inputs import iter_inputs
from discourse.runner.options import InputResult, RunOptions, RunSummary
from discourse.runner.related import link_related_threads
from discourse.runner.state import STATE_DIR, _fingerprint

#: The package's one logger name (log lines read "discourse.runner: ..." as before the split).
log = logging.getLogger("discourse.runner")


def _drop_colliding(records: list[dict]) -> None:
    """A thread whose folder an earlier input's thread already has (ignoring case) is an error.

    :func:`thread_folder` keeps distinct ids and sources apart; what is left is the same page
    twice (same name and bytes in two places). The first input keeps the folder, in input order.
    """
    owners: dict[str, str] = {}
    for record in records:
        kept = []
        for thread in record["threads"]:
            key = thread["folder"].lower()
            if key in owners:  # also two threads of one input (none expected, but never overwritten silently)
                record["errors"].append({
                    "source": record["source"], "stage": "report",
                    "error": f"{record['source']}: thread {thread['thread_id']} is already reported from "
                             f"{owners[key]} (folder {thread['folder']}); the same page twice?",
                })
                continue
            owners[key] = record["source"]
            kept.append(thread)
        record["threads"] = kept


#: What marks a folder as a thread folder written by a run (see discourse.report.render_thread).
_THREAD_MARKERS = ("thread.json", "summary.json", "data")


def _remove_stale_folders(out: Path, current: set[str]) -> None:
    """Delete thread folders of earlier runs that this run did not write (``--overwrite``, ``--resume``).

    Otherwise they stay next to the new ones and ``discourse export`` exports them although the
    index no longer lists them. Only folders that look like a run's thread folders are removed.
    """
    for child in out.iterdir():
        if child.name.startswith(".") or child.name in current or child.name == "export" or not child.is_dir():
            continue
        if all((child / marker).exists() for marker in _THREAD_MARKERS):
            log.info("%s: removing the thread folder of an earlier run", child)
            shutil.rmtree(child, ignore_errors=True)


def run_corpus(
    inputs: Iterable[str | os.PathLike[str]],
    options: RunOptions,
    *,
    progress: Callable[[InputResult], None] | None = None,
) -> RunSummary:
    """Run the whole pipeline on every input and write the corpus index.

    Per-input results are appended to ``.state/results.jsonl`` as they arrive (not kept in
    memory); the index is built from that file at the end, in input order.
    """
    started = time.perf_counter()
    inputs = [str(p) for p in inputs]
    out = prepare_output_dir(options.output_dir, overwrite=options.overwrite, resume=options.resume, clean=False)
    with _run_lock(out), _sigterm_interrupts():
        remove_temporaries(out)  # only now: before the lock they may be another run's work
        return _run_locked(inputs, out, options, started, progress)


@contextlib.contextmanager
def _run_lock(out: Path) -> Iterator[None]:
    """Hold ``.state/lock`` for the run: a second run into the same folder fails at once.

    Two runs replacing the same thread folders and index would delete each other's files.
    """
    try:
        (out / STATE_DIR).mkdir(exist_ok=True)
        handle = open(out / STATE_DIR / "lock", "a+b")  # noqa: SIM115 -- closed below
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from None
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows: no advisory lock
            pass
        except OSError:
            raise OutputError(f"{out}: another discourse run is writing to this folder") from None
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while a run is going, so its workers are stopped (see _results)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_locked(
    inputs: list[str],
    out: Path,
    options: RunOptions,
    started: float,
    progress: Callable[[InputResult], None] | None,
) -> RunSummary:
    from discourse.report import render_index

    if options.pseudonymize and not options.pseudonym_salt:
        from discourse.privacy import load_salt

        options = dataclasses.replace(options, pseudonym_salt=load_salt(out).hex())
    summary = RunSummary()
    results_path = out / STATE_DIR / "results.jsonl"
    with open(results_path, "w", encoding="utf-8") as log_file:
        for index, result in _results(iter_inputs(inputs, exclude=[out]), options):
            summary.inputs += 1
            summary.threads += len(result.threads)
            summary.skipped += result.skipped
            if result.errors:
                summary.failed += 1
            record = {"index": index, **dataclasses.asdict(result)}
            log_file.write(json.dumps(record, ensure_ascii=False) + "\n")
            if progress is not None:
                progress(result)
    records, centroids = [], {}
    with open(results_path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for thread in record["threads"]:  # 256 floats each: kept compact, apart from the summaries
                centroid = thread.pop("centroid", None)
                if centroid:
                    centroids[thread["thread_id"]] = np.asarray(centroid, dtype=np.float32)
            records.append(record)
    records.sort(key=lambda r: r["index"])
    _drop_colliding(records)
    threads = [t for r in records for t in r["threads"]]
    summary.threads, summary.failed = len(threads), sum(bool(r["errors"]) for r in records)
    _remove_stale_folders(out, {t["folder"] for t in threads})
    errors = [e for r in records for e in r["errors"]]
    sources = {t["folder"]: r["source"] for r in records for t in r["threads"]}
    related = link_related_threads(out, threads, centroids, options, sources)
    summary.errors = errors
    atomic_write_text(
        out / "errors.jsonl", "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in errors)
    )
    render_index(threads, errors, out, generated_at=options.generated_at, table_formats=options.table_formats,
                 related=related, pseudonymized=_fingerprint(options))
    if summary.inputs == 0:
        raise InputError(", ".join(inputs) or "(no inputs)", "no input files found")
    summary.seconds = time.perf_counter() - started
    return summary
