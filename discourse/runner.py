"""Corpus runs: find the inputs, run every page through the pipeline, write reports and index.

One bad page never sinks a run: each input is processed on its own (in a worker process
when ``jobs > 1``); its error is recorded in ``errors.jsonl`` and the index, and the run goes
on. Each thread's folder is built under a temporary name and renamed into place when
complete, so a killed run leaves complete thread folders or none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from discourse._files import digest_file
from discourse._logging import route_to_stderr
from discourse._version import __version__
from discourse.errors import DiscourseError, InputError, OutputError
from discourse.model import Thread, ThreadTables
from discourse.outputs import (
    MAX_NAME,
    atomic_directory,
    atomic_write_text,
    prepare_output_dir,
    remove_temporaries,
    safe_name,
)

__all__ = [
    "INPUT_SUFFIXES",
    "RunOptions",
    "RunSummary",
    "iter_inputs",
    "parse_table_formats",
    "process_input",
    "run_corpus",
    "thread_folder",
]

log = logging.getLogger(__name__)

#: File endings a directory walk picks up (explicitly named files are always tried).
INPUT_SUFFIXES = (
    ".txt", ".html", ".htm", ".html.gz", ".htm.gz", ".txt.gz", ".jsonl", ".json", ".csv",
    # comment-data exports (discourse.parse.sources): a folder of them must not be skipped silently
    ".xml", ".xml.gz", ".tsv", ".parquet", ".ndjson", ".ndjson.gz", ".jsonl.gz", ".warc", ".warc.gz",
)
#: The page parser's formats: their thread ids carry the page's content hash (make_thread_id).
PAGE_FORMATS = frozenset({"txt", "html", "jsonl", "json", "csv"})
STATE_DIR = ".state"
#: Pairs of related threads the corpus index lists (the most similar first).
INDEX_RELATED = 50


@dataclass(frozen=True)
class RunOptions:
    """Settings of one corpus run, passed to every worker."""

    output_dir: str
    jobs: int = 1
    overwrite: bool = False
    resume: bool = False
    input_format: str | None = None
    captured_at: str | None = None
    columns: tuple[tuple[str, str], ...] = ()  # comments-table column mapping (ours, theirs)
    articles: str | None = None  # a separate articles table for a comments table
    generated_at: str | None = None
    table_formats: tuple[str, ...] = ("csv", "parquet")
    pseudonymize: bool = False
    redact: bool = False
    pseudonym_salt: str | None = None  # hex; set by run_corpus from the output folder's salt
    backend: str = "local"  # "local" (process pool) or "dask"
    scheduler: str | None = None  # dask scheduler address; None = a LocalCluster with `jobs` workers
    # A page without comments is contrasted with related threads' commenters only when asked (issue 20:
    # another page's comments answered another article).
    contrast_related: bool = False


@dataclass
class InputResult:
    """What processing one input file gave: summaries of its threads, or its errors."""

    source: str
    threads: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: bool = False


@dataclass
class RunSummary:
    """Totals of a run, for the exit code and the final message."""

    inputs: int = 0
    threads: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        return self.inputs > 0 and self.failed >= max(1, 0.99 * self.inputs) and self.threads == 0


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    stdin=None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[str]:
    """Expand files, folders (recursively, sorted), globs and ``-`` (paths on stdin), lazily.

    A path that matches nothing is yielded as is, so the run reports it as an error rather
    than dropping it silently. Folders and globs never yield anything under ``exclude`` (the
    command's own output: ``cd pages && discourse run .`` must not read ``./reports``), nor
    files that are not regular files (a FIFO would block the run forever; warned and skipped).
    """
    excluded = {os.path.realpath(p) for p in exclude}

    def skip(candidate: str) -> bool:  # the output itself or anything inside it
        if not excluded:
            return False
        real = os.path.realpath(candidate)
        return any(real == ex or real.startswith(ex.rstrip(os.sep) + os.sep) for ex in excluded)

    for raw in paths:
        raw = str(raw)
        if raw == "-":
            for line in stdin or sys.stdin:
                line = line.strip()
                if line:
                    yield from iter_inputs([line], exclude=excluded)
            continue
        path = Path(raw)
        if path.is_dir() and skip(raw):
            log.warning("%s: is the output folder; not read as input", raw)
            continue
        if path.is_dir() and _is_corpus_folder(path):
            yield raw  # a ConvoKit corpus or a folder of Reddit dumps is one input
        elif path.is_dir():
            def unreadable(exc: OSError) -> None:
                log.warning("%s: cannot read folder (%s); skipped", exc.filename, exc.strerror or exc)

            for root, dirs, files in os.walk(path, onerror=unreadable):
                kept = []
                for d in sorted(d for d in dirs if not d.startswith(".")):
                    full = os.path.join(root, d)
                    if skip(full):
                        continue
                    if _is_corpus_folder(Path(full)):
                        yield full
                    else:
                        kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith(".") or not name.lower().endswith(INPUT_SUFFIXES):
                        continue
                    full = os.path.join(root, name)
                    if skip(full):
                        continue
                    if not _regular(full):
                        log.warning("%s: not a regular file (a pipe or device?); skipped", full)
                        continue
                    yield full
        elif not path.exists() and glob.has_magic(raw):
            matches = [m for m in sorted(glob.glob(raw, recursive=True)) if not skip(m)]
            # A glob that matches nothing is yielded as is: the run reports it instead of dropping it.
            yield from matches or [raw]
        else:
            yield raw


def _regular(path: str) -> bool:
    """A regular file (following symlinks); False for FIFOs, sockets, devices, broken links."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the reader report the problem in its own words


def _is_corpus_folder(path: Path) -> bool:
    """A folder that is one input: a ConvoKit corpus (utterances.jsonl) or Reddit dumps."""
    from discourse.parse.sources import detect_import_format

    try:
        if (path / "utterances.jsonl").is_file():
            return True
        return detect_import_format(path, b"") is not None
    except OSError:  # an unreadable folder: os.walk reports it and goes on
        return False


def _input_hash(source: str, data: bytes | None = None) -> str | None:
    """SHA-256 of a file's bytes, or of a folder's file names and bytes (sorted)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    path = Path(source)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    try:
        for file in files:
            if path.is_dir():
                digest.update(str(file.relative_to(path)).encode("utf-8", "surrogatepass") + b"\0")
            digest_file(file, digest)
        return digest.hexdigest()
    except OSError:
        return None


def _read_stream(source: str) -> bytes | None:
    """The bytes of a pipe or device named on the command line (``<(cat page.txt)``), read once.

    Hashing such an input for ``--resume`` and then parsing it would read it twice, and the
    second read finds it empty. None for regular files and folders (read as usual).
    """
    from discourse.parse.formats import MAX_INPUT_BYTES

    try:
        mode = os.stat(source).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    try:
        with open(source, "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)  # bounded: a pipe has no size to check first
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(source, f"more than {MAX_INPUT_BYTES} bytes: over the input limit")
    return data


#: Table formats ``--tables`` accepts, in the order they are written.
TABLE_FORMATS = ("csv", "parquet", "ndjson")


def parse_table_formats(text: str) -> tuple[str, ...]:
    """``--tables``: comma-separated formats, in the canonical order; Parquet must be one of them.

    >>> parse_table_formats("parquet, csv")
    ('csv', 'parquet')
    >>> parse_table_formats("parquet")
    ('parquet',)
    """
    asked = {part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()}
    unknown = sorted(asked - set(TABLE_FORMATS))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise ValueError(f"unknown table format {names} (choose from {', '.join(TABLE_FORMATS)})")
    if "parquet" not in asked:
        raise ValueError("parquet must be one of the formats (exports and the corpus step read it); "
                         "e.g. --tables csv,parquet")
    return tuple(f for f in TABLE_FORMATS if f in asked)


def options_key(options: RunOptions) -> dict:
    """Every option that changes a thread's outputs: ``--resume`` reuses a result only when equal.

    The pseudonym salt is keyed by its fingerprint (the salt itself stays in the output folder).
    """
    return {
        "input_format": options.input_format,
        "captured_at": options.captured_at,
        "columns": [list(pair) for pair in options.columns],
        "articles": options.articles,
        "generated_at": options.generated_at,
        "table_formats": list(options.table_formats),
        "pseudonymized": _fingerprint(options),
        "redact": options.redact,
        "contrast_related": options.contrast_related,
    }


def _state_path(out: Path, source: str) -> Path:
    return out / STATE_DIR / (hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest() + ".json")


def _resumable(out: Path, source: str, input_hash: str | None, options: RunOptions) -> dict | None:
    """The recorded result of ``source`` if it is complete and from the same input, version and options."""
    try:
        state = json.loads(_state_path(out, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("input_hash") != input_hash or state.get("version") != __version__:
        return None
    if state.get("options") != options_key(options):
        return None
    digests = state.get("digests") or {}
    for thread in state.get("threads", []):
        folder = out / thread["folder"]
        # A folder counts as finished only with the very files recorded when it was finished: its
        # files get no fsync of their own (one per folder, see atomic_directory), so after a power
        # cut a folder can exist with files that never reached the disk; it is then redone.
        if not folder.is_dir() or digests.get(thread["folder"]) != folder_digest(folder):
            return None
    return state


def folder_digest(folder: Path) -> str | None:
    """SHA-256 over a finished thread folder's files: relative names, sizes and bytes (sorted).

    None when the folder cannot be read. ``--resume`` reuses a folder only when this matches
    the digest recorded in the input's state when the folder was finished.
    """
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            name = path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass")
            digest.update(name + b"\0" + str(path.stat().st_size).encode() + b"\0")
            digest_file(path, digest)
    except OSError:
        return None
    return digest.hexdigest()


def _record_digest(out: Path, source: str, folder: str) -> None:
    """After the corpus step rewrote ``folder``, record its new digest in ``source``'s state."""
    path = _state_path(out, source)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no state: the input is redone on --resume anyway
    state.setdefault("digests", {})[folder] = folder_digest(out / folder)
    atomic_write_text(path, json.dumps(state, ensure_ascii=False, sort_keys=True), sync=False)


def thread_folder(thread_id: str, source: str, input_format: str | None = None) -> str:
    """The folder name of a thread: unique, and unique ignoring case, for distinct ids or sources.

    A page's thread id (lower case, already a safe name) is used as it is: it carries the
    page's content hash. Any other id gets a hash of its source and id appended after ``--``,
    which :func:`~discourse.outputs.safe_name` never produces, so the two kinds cannot meet:
    ids that slug alike (``a``, ``a-``, ``a_``), ids differing only in case (one folder on
    macOS and Windows), and the same id in two exports (16 files named ``export.xml``) each
    get a folder of their own, the same one on every run.

    >>> thread_folder("000_a7b276a8953e2a0d-0c4df779", "seeds/000_a7b276a8953e2a0d.txt", "txt")
    '000_a7b276a8953e2a0d-0c4df779'
    >>> thread_folder("a_", "comments.csv", "comments-table")
    'a--62d4992142'
    """
    base = safe_name(thread_id)
    if input_format in PAGE_FORMATS and base == thread_id and base == base.lower():
        return base
    key = hashlib.sha1(f"{source}\0{thread_id}".encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base[:MAX_NAME - 12].rstrip('.-_') or 'thread'}--{key}"


def process_input(source: str, options: RunOptions) -> InputResult:
    """Parse one input file and write the outputs of each of its threads. Never raises."""
    from discourse._threads import one_blas_thread

    with one_blas_thread():  # parallelism is across inputs, not inside one
        return _process_input(source, options)


def _process_input(source: str, options: RunOptions) -> InputResult:
    from discourse.contrast import contrast_thread
    from discourse.corpus import thread_centroid
    from discourse.parse import parse_file
    from discourse.pipeline import analyze
    from discourse.privacy import pseudonymize, redact
    from discourse.report import render_thread

    out = Path(options.output_dir)
    result = InputResult(source=source)
    stage = "read"
    if glob.has_magic(source) and not os.path.lexists(source):  # iter_inputs passes an empty glob on
        result.errors.append({"source": source, "stage": stage, "error": f"{source}: no file matches this pattern"})
        return result
    try:
        data = _read_stream(source)
    except DiscourseError as exc:
        result.errors.append({"source": source, "stage": stage, "error": str(exc)})
        return result
    input_hash = _input_hash(source, data)
    if options.resume:
        state = _resumable(out, source, input_hash, options)
        if state is not None:
            result.threads = state["threads"]
            result.skipped = True
            return result
    stage = "parse"
    digests: dict[str, str | None] = {}
    try:
        threads = parse_file(source, data=data, input_format=options.input_format, captured_at=options.captured_at,
                             columns=dict(options.columns) or None, articles=options.articles)
        for thread in threads:
            stage = "privacy"
            if options.redact:
                thread = redact(thread)
            if options.pseudonym_salt:
                thread = pseudonymize(thread, bytes.fromhex(options.pseudonym_salt))
            stage = "analyze"
            tables = analyze(thread)
            stage = "contrast"
            contrast = contrast_thread(tables)
            centroid = thread_centroid(tables)
            stage = "report"
            folder = thread_folder(thread.thread_id, source, thread.input_format)
            with atomic_directory(out / folder, overwrite=True) as tmp:
                summary = render_thread(
                    tables, contrast, tmp, thread=thread, generated_at=options.generated_at,
                    table_formats=options.table_formats, pseudonymized=_fingerprint(options),
                )
            summary["folder"] = folder
            summary["centroid"] = centroid  # for finding related threads at the corpus level
            result.threads.append(summary)
            digests[folder] = folder_digest(out / folder)
        stage = "state"
        state = {"source": source, "input_hash": input_hash, "version": __version__, "options": options_key(options),
                 "threads": result.threads, "digests": digests}
        # No fsync: a state file lost in a power cut only makes --resume redo the input, and one
        # that survives is trusted only for folders whose files match its digests.
        atomic_write_text(_state_path(out, source), json.dumps(state, ensure_ascii=False, sort_keys=True),
                          sync=False)
    except DiscourseError as exc:
        result.errors.append({"source": source, "stage": stage, "error": str(exc)})
    except MemoryError:
        result.errors.append({"source": source, "stage": stage, "error": f"{source}: out of memory"})
    except Exception as exc:  # one page must never sink the run; keep the bug visible in the log
        log.debug("unexpected error on %s", source, exc_info=True)
        result.errors.append(
            {"source": source, "stage": stage, "error": f"{source}: internal error ({type(exc).__name__}: {exc})"}
        )
    return result


#: Inputs per Dask task. The scheduler and client spend CPU on every task in the calling process,
#: which on a small machine is taken from the workers: on 200 inputs and 2 cores the calling
#: process used 2.2 s of CPU with one input per task, 1.3-1.5 s with four.
DASK_BATCH = 4


def process_batch(indexed_sources: list[tuple[int, str]], options: RunOptions) -> list[tuple[int, InputResult]]:
    """:func:`process_input` over a few inputs (one Dask task); each is still written when done."""
    return [(i, process_input(source, options)) for i, source in indexed_sources]


def _batches(sources: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for i, source in enumerate(sources):
        batch.append((i, source))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dask_results(sources: Iterable[str], options: RunOptions) -> Iterator[tuple[int, InputResult]]:
    """The same per-input work on a Dask cluster (dask.distributed), with a bounded window."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # optional dependency
        raise DiscourseError("the dask backend needs dask.distributed: pip install 'discourse[dask]'") from exc
    address = options.scheduler or os.environ.get("DISCOURSE_DASK_SCHEDULER")
    cluster = None
    if address:
        # Fail fast, in one line: the default waits 30 s and then raises an 80-line traceback.
        timeout = float(os.environ.get("DISCOURSE_DASK_TIMEOUT", "10"))
        try:
            client = Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise DiscourseError(
                f"--scheduler {address}: cannot connect to the Dask scheduler within {timeout:g} s "
                f"({type(exc).__name__}: {_first_line(exc)})"
            ) from None
    else:
        import dask

        config = {
            # No dashboard, so no use for the workers' statistical profiler, which samples every
            # task's stack every 10 ms while holding the GIL.
            "distributed.worker.profile.enabled": False,
            # The nanny's default (65536) makes glibc hand freed heap back to the OS at once; the
            # pipeline frees and reallocates arrays all the time: workers used ~7% more CPU with it.
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        }
        with dask.config.set(config):
            cluster = LocalCluster(n_workers=max(1, options.jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or options.jobs)
        window = workers * 2  # tasks in flight (each DASK_BATCH inputs)
        running = as_completed()
        in_flight = 0
        for k, batch in enumerate(_batches(sources, DASK_BATCH)):
            running.add(client.submit(process_batch, batch, options, key=f"discourse-{k}", pure=False))
            in_flight += 1
            if in_flight >= window:
                yield from next(running).result()
                in_flight -= 1
        for future in running:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _init_worker(level: int) -> None:
    """A spawned worker logs like its parent."""
    route_to_stderr(level)


def _results(sources: Iterable[str], options: RunOptions) -> Iterator[tuple[int, InputResult]]:
    """Yield (input index, result) as inputs finish; a bounded window keeps memory flat."""
    if options.backend == "dask":
        yield from _dask_results(sources, options)
        return
    if options.jobs <= 1:
        for i, source in enumerate(sources):
            yield i, process_input(source, options)
        return
    window = options.jobs * 4
    # "spawn", not fork: polars, BLAS and OpenMP keep thread pools whose locks a forked child
    # can inherit held, which deadlocks the worker.
    context = multiprocessing.get_context("spawn")
    level = logging.getLogger("discourse").getEffectiveLevel()
    pool = ProcessPoolExecutor(max_workers=options.jobs, mp_context=context, initializer=_init_worker,
                               initargs=(level,))
    try:
        pending: dict[Future, int] = {}
        for i, source in enumerate(sources):
            pending[pool.submit(process_input, source, options)] = i
            if len(pending) >= window:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=pending.__getitem__):
                    yield pending.pop(fut), fut.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=pending.__getitem__):
                yield pending.pop(fut), fut.result()
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) or failed: the executor's own shutdown would wait for
        # every queued input, and a SIGTERM reaches only this process, so the workers would go
        # on writing thread folders as orphans. Stop them now.
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _fingerprint(options: RunOptions) -> str | None:
    from discourse.privacy import salt_fingerprint

    return salt_fingerprint(bytes.fromhex(options.pseudonym_salt)) if options.pseudonym_salt else None


def _thread_tables(folder: Path) -> ThreadTables:
    return ThreadTables(**{
        name: pl.read_parquet(folder / "data" / f"{name}.parquet")
        for name in ThreadTables.TABLES if (folder / "data" / f"{name}.parquet").is_file()
    })


def link_related_threads(out: Path, threads: list[dict], centroids: dict, options: RunOptions,
                         sources: dict[str, str] | None = None) -> list[dict]:
    """Corpus step: find threads on the same topic; contrast comment-less articles with them.

    Threads are related when their argument centroids (kept in each thread's summary) are
    close. A thread without comments whose related threads have some gets its report rebuilt
    with a section contrasting its article with *those* commenters, marked as another thread's.
    Returns what the index lists: the most similar pairs (at most ``INDEX_RELATED``) and the
    borrowed contrasts. ``sources`` (folder -> input) names the input whose state records a
    rewritten folder's digest, for ``--resume``.
    """
    from discourse.contrast import contrast_thread
    from discourse.corpus import contrast_with_related, related_from_centroids
    from discourse.report import render_thread

    by_id = {t["thread_id"]: t for t in threads}
    pairs = related_from_centroids(centroids)
    listed = []
    for row in pairs.iter_rows(named=True):
        a, b = by_id[row["thread_id"]], by_id[row["related_thread_id"]]
        if a["thread_id"] < b["thread_id"]:
            listed.append({"a": a["folder"], "b": b["folder"], "similarity": row["similarity"],
                           "text": f"{a['title'] or a['source']} and {b['title'] or b['source']} are on a related "
                                   f"topic (similarity {row['similarity']:.2f})."})
    listed = sorted(listed, key=lambda r: (-r["similarity"], r["a"], r["b"]))[:INDEX_RELATED]
    for thread in threads:
        if thread["n_comments"] or not options.contrast_related:
            continue
        others = [r for r in pairs.filter(pl.col("thread_id") == thread["thread_id"])["related_thread_id"].to_list()
                  if by_id[r]["n_comments"]]
        if not others:
            continue
        try:
            folder = out / thread["folder"]
            own = _thread_tables(folder)
            both = ThreadTables.concat([own, *(_thread_tables(out / by_id[r]["folder"]) for r in others)])
            borrowed = contrast_with_related(both, thread["thread_id"], others)
            parsed = Thread.from_dict(json.loads((folder / "thread.json").read_text(encoding="utf-8")))
            related = {
                "threads": [{"title": by_id[r]["title"] or by_id[r]["source"], "folder": by_id[r]["folder"],
                             "n_comments": by_id[r]["n_comments"]} for r in others],
                "summary": borrowed.summary,
            }
            with atomic_directory(folder, overwrite=True) as tmp:
                render_thread(own, contrast_thread(own), tmp, thread=parsed, generated_at=options.generated_at,
                              table_formats=options.table_formats, related=related,
                              pseudonymized=_fingerprint(options))
            if sources and thread["folder"] in sources:
                _record_digest(out, sources[thread["folder"]], thread["folder"])
            thread["related_commenters"] = [r["title"] for r in related["threads"]]
            listed.append({"text": f"{thread['title'] or thread['source']} has no comments of its own; its report "
                                   f"contrasts the article with the commenters of "
                                   f"{', '.join(r['title'] for r in related['threads'])}."})
        except (DiscourseError, OSError, ValueError) as exc:  # the thread's own report stays as it was
            log.warning("%s: related-thread contrast failed: %s", thread["source"], exc)
    return listed


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
